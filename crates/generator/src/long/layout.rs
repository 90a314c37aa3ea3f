//! Laying out and exporting one part of a long chronology with Typst.
//!
//! A part is the chronology template rendered with `part` set and with only the part's own
//! run of groups, index or sources; it is laid out in a compile of its own, where its labels
//! landed is read back ([`labelled`]), pages the plan drops are cut off ([`trim`]), and it is
//! exported to PDF. Typst's caches are then evicted, so the next part starts from an empty
//! memory: that is what bounds the peak of a long chronology.

use std::collections::HashMap;

use serde::Serialize;
use typst::introspection::{Introspector, Location};
use typst::layout::{Frame, FrameItem};
use typst::model::{Destination, Document, Url};
use typst_layout::{Page, PagedDocument};

use attache_core::{Diagnostic, Diagnostics};

use super::plan::{Part, Target};
use crate::context::{
    ChangesView, ChronologyContext, IndexEntry, Meta, Network, NoteView, PeriodGroup, Timeline,
    TranslationView,
};
use crate::labels::Labels;
use crate::typeset::{self, export};
use crate::{Generator, anchors};

/// The template every part is rendered from.
const TEMPLATE: &str = "chronology.typ.j2";

/// The context of one part: the whole chronology's, with only this part's groups, index and
/// sources.
#[derive(Serialize)]
struct PartContext<'a> {
    meta: &'a Meta,
    description: &'a str,
    count: usize,
    period_count: usize,
    groups: &'a [PeriodGroup],
    index: &'a [IndexEntry],
    /// The pictures at the front, which only the front part prints.
    network: Option<&'a Network>,
    timeline: Option<&'a Timeline>,
    notes: &'a [NoteView],
    /// The sourcing summary, printed above the first run of sources only.
    sourcing: &'a str,
    translation: &'a TranslationView,
    /// What changed since an older version (`--since`), printed in the front part.
    changes: &'a Option<ChangesView>,
}

/// What one part prints besides its heading and page numbers: a run of the body's groups,
/// of the index, or of the sources (or none of them, for the front).
#[derive(Clone, Copy, Default)]
pub(super) struct Runs<'a> {
    pub(super) groups: &'a [PeriodGroup],
    pub(super) index: &'a [IndexEntry],
    pub(super) notes: &'a [NoteView],
}

/// The state shared by the layouts of one long chronology.
pub(super) struct Run<'a> {
    generator: &'a Generator,
    labels: &'a Labels,
    ident: &'a str,
    /// Typst's warnings, each once however many parts raised it.
    pub(super) warnings: Vec<Diagnostic>,
}

/// One part, laid out and exported.
pub(super) struct LaidOut {
    pub(super) pdf: Vec<u8>,
    pub(super) page_count: usize,
}

impl<'a> Run<'a> {
    /// Starts a run; `ident` names the PDFs it exports, as for a whole document.
    pub(super) fn new(generator: &'a Generator, labels: &'a Labels, ident: &'a str) -> Self {
        Self {
            generator,
            labels,
            ident,
            warnings: Vec::new(),
        }
    }

    /// Lays out one part and exports all of it, recording where its labels landed.
    pub(super) fn part(
        &mut self,
        chronology: &ChronologyContext,
        part: &Part,
        runs: Runs<'_>,
        targets: &mut HashMap<String, Target>,
    ) -> Result<LaidOut, Diagnostics> {
        let document = self.lay_out(chronology, part, runs)?;
        targets.extend(labelled(&document, part.first_page() - 1));
        let page_count = document.pages().len();
        let pdf = self.export(document)?;
        Ok(LaidOut { pdf, page_count })
    }

    /// Renders and lays out one part.
    pub(super) fn lay_out(
        &mut self,
        chronology: &ChronologyContext,
        part: &Part,
        runs: Runs<'_>,
    ) -> Result<PagedDocument, Diagnostics> {
        let context = PartContext {
            meta: &chronology.meta,
            description: &chronology.description,
            count: chronology.count,
            period_count: chronology.period_count,
            groups: runs.groups,
            index: runs.index,
            network: chronology.network.as_ref(),
            timeline: chronology.timeline.as_ref(),
            notes: runs.notes,
            sourcing: match runs.notes.first() {
                Some(first) if std::ptr::eq(first, chronology.notes.as_ptr()) => {
                    &chronology.sourcing
                }
                _ => "",
            },
            translation: &chronology.translation,
            changes: &chronology.changes,
        };
        let source = self.generator.render_template(
            TEMPLATE,
            self.labels,
            minijinja::Value::from(minijinja::value::Serde(part)),
            minijinja::Value::from(minijinja::value::Serde(&context)),
        )?;
        let date = self.generator.settings().date;
        let laid = typeset::layout(&source, &self.generator.files, date, None)?;
        for warning in laid.warnings {
            if !self.warnings.iter().any(|w| w.message == warning.message) {
                self.warnings.push(warning);
            }
        }
        Ok(laid.document)
    }

    /// Exports a laid-out part, tagged (the joiner merges the parts' structure trees), then
    /// evicts Typst's caches so that the next part starts from an empty memory.
    pub(super) fn export(&mut self, document: PagedDocument) -> Result<Vec<u8>, Diagnostics> {
        let pdf = export::pdf(
            &document,
            self.generator.settings().date,
            self.ident,
            Default::default(),
            true,
        )?;
        drop(document);
        typst::comemo::evict(0);
        Ok(pdf)
    }
}

/// The first `keep` pages of a laid-out part, as a document of their own (the document
/// itself when it has no more). A link from them to an element on a dropped page becomes a
/// link in the cross-part scheme ([`anchors::PART_SCHEME`]) to the element's label, which
/// the joiner points at that label where the next part lays it out again.
pub(super) fn trim(document: PagedDocument, keep: usize) -> PagedDocument {
    if keep >= document.pages().len() {
        return document;
    }
    let introspector = document.introspector();
    let dropped: HashMap<Location, String> = introspector
        .query_labelled()
        .iter()
        .filter_map(|element| {
            let location = element.location()?;
            let page = introspector.page(location)?;
            let label = element.label()?.resolve().to_string();
            (page.get() > keep).then_some((location, label))
        })
        .collect();
    let mut pages: Vec<Page> = document.pages()[..keep].to_vec();
    for page in &mut pages {
        relink(&mut page.frame, &dropped);
    }
    PagedDocument::new(pages.into(), document.info().clone())
}

/// Rewrites, in a frame and the frames it holds, each link to a location in `dropped` into a
/// cross-part link to that location's label.
fn relink(frame: &mut Frame, dropped: &HashMap<Location, String>) {
    frame.retain(|item| {
        match item {
            FrameItem::Group(group) => relink(&mut group.frame, dropped),
            FrameItem::Link(destination, _) => {
                if let Destination::Location(location) = destination
                    && let Some(label) = dropped.get(location)
                    && let Ok(url) = Url::new(format!("{}{label}", anchors::PART_SCHEME))
                {
                    *destination = Destination::Url(url);
                }
            }
            _ => {}
        }
        true
    });
}

/// Where each label of a laid-out part landed, counting pages from `first_page` (from 0).
pub(super) fn labelled(document: &PagedDocument, first_page: usize) -> Vec<(String, Target)> {
    let introspector = document.introspector();
    introspector
        .query_labelled()
        .iter()
        .filter_map(|element| {
            let label = element.label()?;
            let position = introspector.position(element.location()?)?;
            let page = document.pages().get(position.page.get() - 1)?;
            Some((
                label.resolve().to_string(),
                Target {
                    page: first_page + position.page.get() - 1,
                    y: (page.frame.height() - position.point.y).to_pt(),
                },
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linemap::Rendered;

    /// Three small pages: a link on the first to a heading on the third.
    fn laid_out() -> PagedDocument {
        let source = "#set page(width: 120pt, height: 120pt)\n\
                      #link(<there>)[Onward]\n#pagebreak()\nBetween\n#pagebreak()\n\
                      = Arrival <there>\n";
        let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date");
        let generator = Generator::new(None, crate::Briefing::new(date)).expect("templates");
        let rendered = Rendered::plain(source.to_owned());
        typeset::layout(&rendered, &generator.files, date, None)
            .expect("lays out")
            .document
    }

    /// Every link's destination in a frame and the frames it holds.
    fn links(frame: &Frame, found: &mut Vec<Destination>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(group) => links(&group.frame, found),
                FrameItem::Link(destination, _) => found.push(destination.clone()),
                _ => {}
            }
        }
    }

    #[test]
    fn labels_land_on_pages_counted_from_the_parts_first() {
        let document = laid_out();
        assert_eq!(document.pages().len(), 3);
        let landed: HashMap<String, Target> = labelled(&document, 10).into_iter().collect();
        let there = landed.get("there").expect("the label landed");
        assert_eq!(there.page, 12);
        assert!(there.y > 0.0 && there.y < 120.0, "{there:?}");
    }

    #[test]
    fn a_link_to_a_dropped_page_becomes_a_cross_part_link() {
        let whole = trim(laid_out(), 3);
        let mut found = Vec::new();
        links(&whole.pages()[0].frame, &mut found);
        assert!(matches!(found[..], [Destination::Location(_)]), "{found:?}");

        let trimmed = trim(laid_out(), 2);
        assert_eq!(trimmed.pages().len(), 2);
        let mut found = Vec::new();
        links(&trimmed.pages()[0].frame, &mut found);
        let expected = format!("{}there", anchors::PART_SCHEME);
        assert!(
            matches!(&found[..], [Destination::Url(url)] if url.as_str() == expected),
            "{found:?}"
        );
    }
}
