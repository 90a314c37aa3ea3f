//! Laying out and exporting one part of a long chronology with Typst.
//!
//! A part is the chronology template rendered with `part` set and with only the part's own
//! run of groups, index or sources. It is laid out in a compile of its own, exported to PDF
//! or to images, and where its labels landed is read back ([`labelled`]). Its layout is then
//! dropped and Typst's caches evicted ([`super::parallel`]): that is what bounds the peak of
//! a long chronology.

use serde::Serialize;
use typst::introspection::Introspector;
use typst_layout::PagedDocument;

use attache_core::Diagnostics;

use super::plan::{Part, Target};
use super::spool::{Spool, Spooled};
use crate::Generator;
use crate::context::{
    ChangesView, ChronologyContext, IndexEntry, Meta, Network, NoteView, PeriodGroup, Timeline,
    TranslationView,
};
use crate::labels::Labels;
use crate::typeset::{self, LaidOut, export};

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

/// What a long chronology is made into.
#[derive(Clone, Copy)]
pub(crate) enum Output {
    /// One PDF, joined from the parts' PDFs.
    Pdf,
    /// One PNG image per page, at this many pixels per inch.
    Png { ppi: f32 },
    /// One SVG image per page.
    Svg,
}

/// One part, exported: its PDF or its pages as images, and where its labels landed.
pub(super) struct Exported {
    pub(super) pages: Pages,
    pub(super) targets: Vec<(String, Target)>,
}

/// A part's pages as exported.
pub(super) enum Pages {
    /// Its PDF, in the spool until the parts are joined.
    Pdf(Spooled),
    /// One image per page.
    Images(Vec<Vec<u8>>),
}

/// The state shared by the layouts of one long chronology.
pub(super) struct Run<'a> {
    generator: &'a Generator,
    labels: &'a Labels,
    ident: &'a str,
    output: Output,
    jobs: usize,
    /// Where exported PDFs wait to be joined.
    pub(super) spool: Spool,
}

impl<'a> Run<'a> {
    /// Starts a run; `ident` names the PDFs it exports, as for a whole document. Fails only
    /// when no temporary file can be made to hold the parts' PDFs.
    pub(super) fn new(
        generator: &'a Generator,
        labels: &'a Labels,
        ident: &'a str,
        output: Output,
    ) -> Result<Self, Diagnostics> {
        Ok(Self {
            generator,
            labels,
            ident,
            output,
            jobs: generator.jobs,
            spool: Spool::new()?,
        })
    }

    /// How many parts may be laid out at once.
    pub(super) fn jobs(&self) -> usize {
        self.jobs
    }

    /// Renders and lays out one part.
    pub(super) fn lay_out(
        &self,
        chronology: &ChronologyContext,
        part: &Part,
        runs: Runs<'_>,
    ) -> Result<LaidOut, Diagnostics> {
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
        typeset::layout(&source, &self.generator.files, date, None)
    }

    /// Exports a laid-out part whose pages are numbered from `first_page`, and tells where
    /// its labels landed. PDFs are tagged: the joiner merges the parts' structure trees.
    pub(super) fn export(
        &self,
        document: &PagedDocument,
        first_page: usize,
    ) -> Result<Exported, Diagnostics> {
        let pages = match self.output {
            Output::Pdf => {
                let date = self.generator.settings().date;
                let pdf = export::pdf(document, date, self.ident, Default::default(), true)?;
                Pages::Pdf(self.spool.put(&pdf)?)
            }
            Output::Png { ppi } => Pages::Images(export::png(document, ppi)?),
            Output::Svg => Pages::Images(export::svg(document)),
        };
        Ok(Exported {
            pages,
            targets: labelled(document, first_page - 1),
        })
    }
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
    use std::collections::HashMap;

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

    #[test]
    fn labels_land_on_pages_counted_from_the_parts_first() {
        let document = laid_out();
        assert_eq!(document.pages().len(), 3);
        let landed: HashMap<String, Target> = labelled(&document, 10).into_iter().collect();
        let there = landed.get("there").expect("the label landed");
        assert_eq!(there.page, 12);
        assert!(there.y > 0.0 && there.y < 120.0, "{there:?}");
    }
}
