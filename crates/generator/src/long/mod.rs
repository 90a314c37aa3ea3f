//! Long chronologies, laid out in parts so that memory stays bounded.
//!
//! One Typst compile keeps every page and every memoised step in memory until it ends, so its
//! peak grows with the document. A long chronology is therefore cut into parts of a few
//! hundred events. Each part is laid out and exported to PDF on its own, then Typst's caches
//! are evicted before the next. Page and heading numbers carry across parts. The contents, the
//! index and links between parts are filled in from where each label landed, and the PDFs of
//! the parts are joined at the end (see `merge`).

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;
use typst::foundations::Label;
use typst::introspection::{Introspector, Location};
use typst::layout::{Frame, FrameItem};
use typst::model::{Destination, Document, Url};
use typst_layout::{Page, PagedDocument};

mod join;

use attache_core::{Dataset, Diagnostic, Diagnostics, EventFilter};

use crate::context::{
    self, ChronologyContext, EventView, IndexEntry, Meta, NoteView, PageRef, PeriodGroup,
    TranslationView,
};
use crate::labels::Labels;
use crate::typeset::{self, export};
use crate::{Generator, anchors};
use join::Target;

/// Chronologies with more events than this are laid out in parts, unless the generator is
/// told otherwise.
pub const LONG_CHRONOLOGY: usize = 1_500;

/// How many events one part holds: small enough that a part's layout stays well under
/// 200 MB, large enough that the fixed cost of each compile is noise.
const EVENTS_PER_PART: usize = 400;

/// How many numbered sources one back part holds, for the same reasons.
const NOTES_PER_PART: usize = 1_000;

/// How many page numbers (or runs of pages) of the index one back part holds.
const INDEX_PAGES_PER_PART: usize = 4_000;

/// Which part of a long chronology a template is rendering, as templates see it (`part`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Part {
    /// The title, the summary strip and the contents.
    front: bool,
    /// A run of the index of partners, or of the sources.
    back: bool,
    /// Whether this back part carries on an index or sources list an earlier part began.
    continued: bool,
    /// The number of this part's first page.
    first_page: usize,
    /// How many numbered headings earlier parts printed.
    headings_before: usize,
    /// How many groups (periods) the whole chronology has.
    group_count: usize,
    /// The contents, once the pages are known (the front part only).
    contents: Vec<ContentsEntry>,
}

/// One line of the contents of a long chronology.
#[derive(Debug, Clone, Serialize)]
struct ContentsEntry {
    number: usize,
    title: String,
    anchor: String,
    page: usize,
}

/// The context of one part: the whole chronology's, with only this part's groups.
#[derive(Serialize)]
struct PartContext<'a> {
    meta: &'a Meta,
    description: &'a str,
    count: usize,
    groups: &'a [PeriodGroup],
    index: &'a [IndexEntry],
    notes: &'a [NoteView],
    translation: &'a TranslationView,
}

impl Part {
    fn body(first_page: usize, headings_before: usize, group_count: usize) -> Self {
        Part {
            front: false,
            back: false,
            continued: false,
            first_page,
            headings_before,
            group_count,
            contents: Vec::new(),
        }
    }
}

/// Why a PDF standard is refused for a chronology of more than `limit` events.
pub(crate) fn no_standard(limit: usize) -> Diagnostics {
    Diagnostic::error(format!(
        "--pdf-standard is not available for chronologies of over {limit} events, which are \
         laid out in parts and joined"
    ))
    .with_hint("narrow the selection (--partner, --type, --from, --to)")
    .into()
}

/// A long chronology as one PDF.
pub(crate) struct LongPdf {
    pub(crate) bytes: Vec<u8>,
    pub(crate) pages: usize,
    pub(crate) warnings: Vec<Diagnostic>,
}

/// Lays out a long chronology part by part and joins the parts into one PDF.
///
/// PDF/A is not offered here: joining parts does not keep the guarantees a standard makes.
pub(crate) fn pdf(
    generator: &Generator,
    dataset: &Dataset,
    filter: &EventFilter,
    labels: &Labels,
    ident: &str,
) -> Result<LongPdf, Diagnostics> {
    {
        let mut chronology = context::chronology(dataset, filter, generator.settings(), labels);
        let body = flatten(&mut chronology.groups);
        let mut run = Run {
            generator,
            labels,
            ident,
            warnings: Vec::new(),
        };

        // The contents' length does not depend on its page numbers, so a first layout of the
        // front with placeholder numbers tells how many pages come before the body.
        let guess = contents(&chronology, labels, &HashMap::new(), true);
        let mut front_pages = run.front(&chronology, guess)?.0.page_count;
        let mut relayouts = 0;
        loop {
            let mut targets = HashMap::new();
            let mut pdfs = Vec::new();
            let mut next_page = front_pages + 1;
            let mut printed = Printed::default();
            let mut start = 0;
            while start < body.len() {
                let end = (start + EVENTS_PER_PART).min(body.len());
                let groups = regroup(&chronology.groups, &body[start..end], &printed);
                let part = Part::body(next_page, printed.groups.len(), chronology.groups.len());
                let document = run.lay_out(&chronology, &part, &groups, &[], &[])?;
                let landed: HashMap<String, Target> =
                    labelled(&document, next_page - 1).into_iter().collect();
                // The last page of a part is often nearly empty: unless this is the last part,
                // its events are dropped and laid out again at the start of the next part.
                let pages = document.pages().len();
                let last_page = next_page - 1 + pages - 1;
                let carried = (end < body.len() && pages > 1)
                    .then(|| {
                        (start..end).find(|&i| {
                            landed
                                .get(body[i].event.anchor())
                                .is_some_and(|t| t.page >= last_page)
                        })
                    })
                    .flatten()
                    .filter(|&i| i > start);
                let kept_pages = if carried.is_some() { pages - 1 } else { pages };
                let kept_until = carried.unwrap_or(end);
                targets.extend(
                    landed
                        .into_iter()
                        .filter(|(_, t)| t.page < next_page - 1 + kept_pages),
                );
                printed.record(
                    &chronology.groups,
                    &body[start..end],
                    &body[start..kept_until],
                    &targets,
                );
                let document = if kept_pages < pages {
                    trim(&document, kept_pages)
                } else {
                    document
                };
                pdfs.push(run.export(document)?);
                next_page += kept_pages;
                start = kept_until;
            }
            fill_index_pages(&mut chronology.index, &targets);
            let index_parts = if prints(&chronology, "partners") {
                split_index(&chronology.index, INDEX_PAGES_PER_PART)
            } else {
                Vec::new()
            };
            let note_parts: Vec<&[NoteView]> = if prints(&chronology, "sources") {
                chronology.notes.chunks(NOTES_PER_PART).collect()
            } else {
                Vec::new()
            };
            let back_parts = (index_parts
                .iter()
                .map(|i| (i.as_slice(), &[][..]))
                .enumerate())
            .chain(note_parts.into_iter().map(|n| (&[][..], n)).enumerate());
            let groups = chronology.groups.len();
            let index_heading = usize::from(!index_parts.is_empty());
            for (i, (index, notes)) in back_parts {
                // The sources' heading comes after the index's, when there is one.
                let headings_before = groups + if index.is_empty() { index_heading } else { 0 };
                let back = Part {
                    back: true,
                    continued: i > 0,
                    ..Part::body(next_page, headings_before, groups)
                };
                let laid = run.part(&chronology, &back, &[], index, notes, &mut targets)?;
                next_page += laid.page_count;
                pdfs.push(laid.pdf);
            }
            let total = next_page - 1;

            let (front, front_targets) =
                run.front(&chronology, contents(&chronology, labels, &targets, false))?;
            if front.page_count != front_pages && relayouts < 2 {
                // A custom contents changed length once the numbers were in: lay out again.
                relayouts += 1;
                front_pages = front.page_count;
                continue;
            }
            targets.extend(front_targets);
            pdfs.insert(0, front.pdf);
            let bytes = join::join(pdfs, &targets)?;
            return Ok(LongPdf {
                bytes,
                pages: total,
                warnings: run.warnings,
            });
        }
    }
}

/// The state shared by the layouts of one long chronology.
struct Run<'a> {
    generator: &'a Generator,
    labels: &'a Labels,
    ident: &'a str,
    warnings: Vec<Diagnostic>,
}

/// One part, laid out and exported.
struct LaidOut {
    pdf: Vec<u8>,
    page_count: usize,
}

impl Run<'_> {
    fn front(
        &mut self,
        chronology: &ChronologyContext,
        contents: Vec<ContentsEntry>,
    ) -> Result<(LaidOut, HashMap<String, Target>), Diagnostics> {
        let part = Part {
            front: true,
            contents,
            ..Part::body(1, 0, chronology.groups.len())
        };
        let mut targets = HashMap::new();
        let laid = self.part(chronology, &part, &[], &[], &[], &mut targets)?;
        Ok((laid, targets))
    }

    /// Lays out one part and exports all of it, recording where its labels landed.
    fn part(
        &mut self,
        chronology: &ChronologyContext,
        part: &Part,
        groups: &[PeriodGroup],
        index: &[IndexEntry],
        notes: &[NoteView],
        targets: &mut HashMap<String, Target>,
    ) -> Result<LaidOut, Diagnostics> {
        let document = self.lay_out(chronology, part, groups, index, notes)?;
        targets.extend(labelled(&document, part.first_page - 1));
        let page_count = document.pages().len();
        let pdf = self.export(document)?;
        Ok(LaidOut { pdf, page_count })
    }

    /// Renders and lays out one part.
    fn lay_out(
        &mut self,
        chronology: &ChronologyContext,
        part: &Part,
        groups: &[PeriodGroup],
        index: &[IndexEntry],
        notes: &[NoteView],
    ) -> Result<PagedDocument, Diagnostics> {
        let context = PartContext {
            meta: &chronology.meta,
            description: &chronology.description,
            count: chronology.count,
            groups,
            index,
            notes,
            translation: &chronology.translation,
        };
        let source = self.generator.render_template(
            "chronology.typ.j2",
            self.labels,
            Some(part),
            minijinja::Value::from(minijinja::value::Serde(&context)),
        )?;
        let date = self.generator.settings().date;
        let laid = typeset::layout(&source, &self.generator.files, date)?;
        for warning in laid.warnings {
            if !self.warnings.iter().any(|w| w.message == warning.message) {
                self.warnings.push(warning);
            }
        }
        Ok(laid.document)
    }

    /// Exports a laid-out part, then evicts Typst's caches so that the next part starts from
    /// an empty memory.
    fn export(&mut self, document: PagedDocument) -> Result<Vec<u8>, Diagnostics> {
        let pdf = export::pdf(
            &document,
            self.generator.settings().date,
            self.ident,
            Default::default(),
            false,
        )?;
        drop(document);
        typst::comemo::evict(0);
        Ok(pdf)
    }
}

/// The first `keep` pages of a laid-out part, as a document of their own. A link from them to
/// an element on a dropped page becomes an `attache:` link to the element's label, which the
/// joiner points at that label where the next part lays it out again.
fn trim(document: &PagedDocument, keep: usize) -> PagedDocument {
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
fn labelled(document: &PagedDocument, first_page: usize) -> Vec<(String, Target)> {
    let introspector = document.introspector();
    introspector
        .query_labelled()
        .iter()
        .filter_map(|element| {
            let label: Label = element.label()?;
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

/// The contents: each group, then the index and the sources. `placeholder` gives every
/// entry page 0, for the first layout, which only counts the front's pages; it lists the
/// back headings the built-in template prints, and the final contents those that landed.
fn contents(
    chronology: &ChronologyContext,
    labels: &Labels,
    targets: &HashMap<String, Target>,
    placeholder: bool,
) -> Vec<ContentsEntry> {
    let groups = chronology
        .groups
        .iter()
        .map(|g| (g.anchor.clone(), format!("{} ({})", g.title, g.span)));
    // The back headings, by their labels: the ones the built-in template prints for the
    // first layout, then the ones that landed.
    let back = [
        (
            anchors::INDEX,
            "index_of_partners",
            !chronology.index.is_empty() && prints(chronology, "partners"),
        ),
        (
            anchors::SOURCES,
            "sources",
            !chronology.notes.is_empty() && prints(chronology, "sources"),
        ),
    ]
    .into_iter()
    .filter(|(anchor, _, printed)| {
        if placeholder {
            *printed
        } else {
            targets.contains_key(*anchor)
        }
    })
    .map(|(anchor, title, _)| (anchor.to_owned(), labels.get(title).to_owned()));
    groups
        .chain(back)
        .enumerate()
        .filter_map(|(i, (anchor, title))| {
            let page = if placeholder {
                0
            } else {
                targets.get(&anchor)?.page + 1
            };
            Some(ContentsEntry {
                number: i + 1,
                title,
                anchor,
                page,
            })
        })
        .collect()
}

/// Whether the briefing's sections include `section`.
fn prints(chronology: &ChronologyContext, section: &str) -> bool {
    chronology
        .meta
        .briefing
        .sections
        .iter()
        .any(|s| s.name() == section)
}

/// Gives each index entry the pages its events landed on, runs of consecutive pages as one
/// range ("12–15"), each linked to the first of its events.
fn fill_index_pages(index: &mut [IndexEntry], targets: &HashMap<String, Target>) {
    for entry in index {
        entry.pages.clear();
        for anchor in &entry.anchors {
            let Some(target) = targets.get(anchor) else {
                continue;
            };
            let page = target.page + 1;
            match entry.pages.last_mut() {
                Some(run) if run.last.unwrap_or(run.page) == page => {}
                Some(run) if run.last.unwrap_or(run.page) + 1 == page => run.last = Some(page),
                _ => entry.pages.push(PageRef {
                    page,
                    last: None,
                    anchor: anchor.clone(),
                }),
            }
        }
    }
}

/// Fills parts of a fixed capacity in order: `room` is what the current part can still take,
/// and a part is closed once what was added to it fills it.
struct Cutter<T> {
    parts: Vec<Vec<T>>,
    part: Vec<T>,
    filled: usize,
    capacity: usize,
}

impl<T> Cutter<T> {
    fn new(capacity: usize) -> Self {
        Self {
            parts: Vec::new(),
            part: Vec::new(),
            filled: 0,
            capacity,
        }
    }

    fn room(&self) -> usize {
        self.capacity - self.filled
    }

    /// Counts `amount` more into the current part, closing it when full.
    fn add(&mut self, amount: usize) {
        self.filled += amount;
        if self.filled >= self.capacity {
            self.parts.push(std::mem::take(&mut self.part));
            self.filled = 0;
        }
    }

    fn finish(mut self) -> Vec<Vec<T>> {
        if !self.part.is_empty() {
            self.parts.push(self.part);
        }
        self.parts
    }
}

/// Cuts the index into parts of at most `per_part` page numbers. An entry cut in two is
/// marked as continued in the later part.
fn split_index(index: &[IndexEntry], per_part: usize) -> Vec<Vec<IndexEntry>> {
    let mut cutter = Cutter::new(per_part);
    for entry in index {
        let mut pages = entry.pages.as_slice();
        let mut continued = false;
        while !pages.is_empty() {
            let take = cutter.room().min(pages.len());
            cutter.part.push(IndexEntry {
                name: entry.name.clone(),
                anchors: Vec::new(),
                pages: pages[..take].to_vec(),
                continued,
            });
            continued = true;
            pages = &pages[take..];
            cutter.add(take);
        }
    }
    cutter.finish()
}

/// One event of the chronology's body and the group (period) it falls in.
struct BodyEvent {
    group: usize,
    event: EventView,
}

/// The body's events in order, moved out of `groups`, which keep their headings.
fn flatten(groups: &mut [PeriodGroup]) -> Vec<BodyEvent> {
    let mut body = Vec::new();
    for (group, period) in groups.iter_mut().enumerate() {
        for year in std::mem::take(&mut period.years) {
            body.extend(
                year.events
                    .into_iter()
                    .map(|event| BodyEvent { group, event }),
            );
        }
    }
    body
}

/// The headings that earlier parts printed.
#[derive(Default)]
struct Printed {
    groups: std::collections::HashSet<usize>,
    years: std::collections::HashSet<(usize, i32)>,
}

impl Printed {
    /// Notes the headings a part printed on the pages it kept: `laid` is what it laid out,
    /// `kept` the events on kept pages, `targets` every label on kept pages so far. A year's
    /// heading sticks to its first event, so it was kept if any of its events was; a group's
    /// heading is followed by its summary, so where its label landed tells.
    fn record(
        &mut self,
        groups: &[PeriodGroup],
        laid: &[BodyEvent],
        kept: &[BodyEvent],
        targets: &HashMap<String, Target>,
    ) {
        for item in kept {
            self.years.insert((item.group, item.event.year()));
        }
        let touched: BTreeSet<usize> = laid.iter().map(|item| item.group).collect();
        for group in touched {
            if targets.contains_key(&groups[group].anchor) {
                self.groups.insert(group);
            }
        }
    }
}

/// `events` regrouped by period and year for a part, each heading an earlier part printed
/// marked as continued so that the part does not print it again.
fn regroup(groups: &[PeriodGroup], events: &[BodyEvent], printed: &Printed) -> Vec<PeriodGroup> {
    let mut part: Vec<PeriodGroup> = Vec::new();
    for item in events {
        let group = &groups[item.group];
        if part.last().is_none_or(|g| g.number != group.number) {
            part.push(PeriodGroup {
                number: group.number,
                anchor: group.anchor.clone(),
                title: group.title.clone(),
                span: group.span.clone(),
                summary: group.summary.clone(),
                continued: printed.groups.contains(&item.group),
                years: Vec::new(),
            });
        }
        let target = part.last_mut().expect("a group was just ensured");
        let year = item.event.year();
        if target.years.last().is_none_or(|y| y.year != year) {
            target.years.push(context::YearGroup {
                year,
                continued: printed.years.contains(&(item.group, year)),
                events: Vec::new(),
            });
        }
        let events = &mut target
            .years
            .last_mut()
            .expect("a year was just ensured")
            .events;
        events.push(item.event.clone());
    }
    part
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chronology() -> ChronologyContext {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        let dataset = attache_core::Dataset::load_dir(&data).expect("the built-in dataset loads");
        let briefing = crate::Briefing::new(chrono::NaiveDate::MIN);
        let source = crate::templates::TemplateSource::new(None);
        let labels = Labels::load(&source, "en").expect("labels");
        context::chronology(&dataset, &EventFilter::default(), &briefing, &labels)
    }

    fn ids(groups: &[PeriodGroup]) -> Vec<String> {
        groups
            .iter()
            .flat_map(|g| &g.years)
            .flat_map(|y| &y.events)
            .map(|e| format!("{e:?}"))
            .collect()
    }

    #[test]
    fn the_body_is_flattened_in_order_and_regrouped_with_what_continues() {
        let mut chronology = chronology();
        let all = ids(&chronology.groups);
        let body = flatten(&mut chronology.groups);
        let flat: Vec<String> = body.iter().map(|b| format!("{:?}", b.event)).collect();
        assert_eq!(flat, all);
        assert!(
            chronology.groups.iter().all(|g| g.years.is_empty()),
            "events moved out"
        );

        // A part starting mid-year after an earlier part printed the year and its period.
        let first = &body[0];
        let same_year = body
            .iter()
            .take_while(|b| b.group == first.group && b.event.year() == first.event.year())
            .count();
        assert!(same_year > 1, "the first year has several events");
        let mut printed = Printed::default();
        let fresh = regroup(&chronology.groups, &body[1..same_year + 1], &printed);
        assert!(!fresh[0].continued && !fresh[0].years[0].continued);
        printed.groups.insert(first.group);
        printed.years.insert((first.group, first.event.year()));
        let later = regroup(&chronology.groups, &body[1..same_year + 1], &printed);
        assert!(later[0].continued && later[0].years[0].continued);
        let regrouped: Vec<String> = ids(&later);
        assert_eq!(regrouped, all[1..same_year + 1]);
    }

    #[test]
    fn index_pages_collapse_into_runs() {
        let at = |page| Target { page, y: 0.0 };
        let targets: HashMap<String, Target> = [
            ("a", at(4)),
            ("b", at(4)),
            ("c", at(5)),
            ("d", at(6)),
            ("e", at(9)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let mut index = [IndexEntry {
            name: "Partner".into(),
            anchors: ["a", "b", "c", "d", "e", "absent"]
                .map(String::from)
                .to_vec(),
            pages: Vec::new(),
            continued: false,
        }];
        fill_index_pages(&mut index, &targets);
        let runs: Vec<_> = index[0]
            .pages
            .iter()
            .map(|p| (p.page, p.last, p.anchor.as_str()))
            .collect();
        assert_eq!(runs, [(5, Some(7), "a"), (10, None, "e")]);

        let parts = split_index(&index, 1);
        let cut: Vec<_> = parts
            .iter()
            .map(|p| (p.len(), p[0].continued, p[0].pages[0].page))
            .collect();
        assert_eq!(cut, [(1, false, 5), (1, true, 10)]);
    }
}
