//! Planning a long chronology's parts: everything that decides what each part holds and what
//! its template sees, with no Typst and no I/O, so that all of it can be tested on its own.
//!
//! Planning cuts the body's events, the index and the sources into parts; tells a template
//! which part it renders ([`Part`], the `part` variable); knows which headings earlier parts
//! printed ([`Printed`]); and, once labels have landed ([`Target`]), fills in the contents
//! and the index's page numbers. Where labels land is the only thing it learns from layout:
//! the parts themselves are decided before any layout, so that they can be laid out at once.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::anchors;
use crate::briefing::Section;
use crate::context::{
    ChronologyContext, EventView, IndexEntry, NoteView, PageRef, PeriodGroup, YearGroup,
};
use crate::labels::Labels;

/// How many events one part holds: small enough that a part's layout stays well under
/// 200 MB, large enough that the fixed cost of each compile is noise.
pub(super) const EVENTS_PER_PART: usize = 400;

/// How many numbered sources one back part holds, for the same reasons.
pub(super) const NOTES_PER_PART: usize = 1_000;

/// How many page numbers (or runs of pages) of the index one back part holds.
pub(super) const INDEX_PAGES_PER_PART: usize = 4_000;

/// The section of the settings that prints a chronology's index of partners.
const INDEX_SECTION: Section = Section::Partners;

/// The section of the settings that prints a chronology's sources.
const SOURCES_SECTION: Section = Section::Sources;

/// Where a label landed in the joined document.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) struct Target {
    /// The page, counted from 0.
    pub(crate) page: usize,
    /// The height on the page in points, from the bottom edge as PDF measures it.
    pub(crate) y: f64,
}

/// Which part of a long chronology a template is rendering, as templates see it (`part`).
/// The field names are the template contract documented in `docs/templates.md`.
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

impl Part {
    /// The front part: title and `contents`, on page 1.
    pub(super) fn front(contents: Vec<ContentsEntry>, group_count: usize) -> Self {
        Part {
            front: true,
            contents,
            ..Part::body(1, 0, group_count)
        }
    }

    /// A part of the body, starting on page `first_page` after `headings_before` numbered
    /// headings.
    pub(super) fn body(first_page: usize, headings_before: usize, group_count: usize) -> Self {
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

/// One line of the contents of a long chronology.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ContentsEntry {
    number: usize,
    title: String,
    anchor: String,
    page: usize,
}

/// Whether the briefing's sections include `section`.
fn prints(chronology: &ChronologyContext, section: Section) -> bool {
    chronology.meta.briefing.sections.contains(&section)
}

/// The contents: each group, then the index and the sources. `placeholder` gives every
/// entry page 0, for the first layout, which only counts the front's pages; it lists the
/// back headings the built-in template prints, and the final contents those that landed.
pub(super) fn contents(
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
            !chronology.index.is_empty() && prints(chronology, INDEX_SECTION),
        ),
        (
            anchors::SOURCES,
            "sources",
            !chronology.notes.is_empty() && prints(chronology, SOURCES_SECTION),
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

/// Gives each index entry the pages its events landed on, runs of consecutive pages as one
/// range ("12–15"), each linked to the first of its events.
pub(super) fn fill_index_pages(index: &mut [IndexEntry], targets: &HashMap<String, Target>) {
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
                id: entry.id.clone(),
                anchors: Vec::new(),
                years: Vec::new(),
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

/// The back of a chronology, cut into parts: the runs of the index (if the briefing prints
/// it), then the runs of the sources (likewise).
pub(super) struct Back<'a> {
    index: Vec<Vec<IndexEntry>>,
    notes: &'a [NoteView],
    group_count: usize,
}

impl<'a> Back<'a> {
    /// Cuts the back of `chronology`, whose index already has its page numbers.
    pub(super) fn cut(chronology: &'a ChronologyContext) -> Self {
        Self::new(
            prints(chronology, INDEX_SECTION).then_some(chronology.index.as_slice()),
            prints(chronology, SOURCES_SECTION).then_some(chronology.notes.as_slice()),
            chronology.groups.len(),
            INDEX_PAGES_PER_PART,
        )
    }

    fn new(
        index: Option<&[IndexEntry]>,
        notes: Option<&'a [NoteView]>,
        group_count: usize,
        index_pages_per_part: usize,
    ) -> Self {
        Self {
            index: index.map_or_else(Vec::new, |i| split_index(i, index_pages_per_part)),
            notes: notes.unwrap_or_default(),
            group_count,
        }
    }

    /// Each back part in order: what the template is told about it, given the page it starts
    /// on, and its run of the index or of the sources.
    pub(super) fn parts(&self, notes_per_part: usize) -> impl Iterator<Item = BackPart<'_>> {
        let groups = self.group_count;
        // The sources' heading comes after the index's, when there is one.
        let sources_before = groups + usize::from(!self.index.is_empty());
        let index = self.index.iter().enumerate().map(move |(i, run)| BackPart {
            part: Part {
                back: true,
                continued: i > 0,
                ..Part::body(0, groups, groups)
            },
            index: run,
            notes: &[],
        });
        let notes = self
            .notes
            .chunks(notes_per_part)
            .enumerate()
            .map(move |(i, run)| BackPart {
                part: Part {
                    back: true,
                    continued: i > 0,
                    ..Part::body(0, sources_before, groups)
                },
                index: &[],
                notes: run,
            });
        index.chain(notes)
    }
}

/// One back part: a run of the index or of the sources.
pub(super) struct BackPart<'a> {
    part: Part,
    /// Its run of the index, if any.
    pub(super) index: &'a [IndexEntry],
    /// Its run of the sources, if any.
    pub(super) notes: &'a [NoteView],
}

impl BackPart<'_> {
    /// What the template is told about this part, starting on page `first_page`.
    pub(super) fn part(&self, first_page: usize) -> Part {
        Part {
            first_page,
            ..self.part.clone()
        }
    }
}

/// One event of the chronology's body and the group (period) it falls in.
pub(super) struct BodyEvent {
    group: usize,
    event: EventView,
}

/// The body's events in order, moved out of `groups`, which keep their headings.
pub(super) fn flatten(groups: &mut [PeriodGroup]) -> Vec<BodyEvent> {
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

/// Cuts the body into parts of about `per_part` events, each laid out on pages of its own.
///
/// A part begins on a new page, so the page before it may end part-empty. To make that look
/// like a deliberate break, a part ends where a new year begins, at the year boundary nearest
/// `per_part` events within half a part either way; only a year longer than that is cut
/// inside. Parts are decided here, before any layout, so that they can be laid out at once.
pub(super) fn cut_body(body: &[BodyEvent], per_part: usize) -> Vec<Range<usize>> {
    let slack = per_part / 2;
    let mut parts = Vec::new();
    let mut start = 0;
    while start < body.len() {
        let end = if body.len() - start <= per_part + slack {
            body.len()
        } else {
            let target = start + per_part;
            (target - slack..=target + slack)
                .filter(|&i| begins_year(body, i))
                .min_by_key(|&i| i.abs_diff(target))
                .unwrap_or(target)
        };
        parts.push(start..end);
        start = end;
    }
    parts
}

/// Whether the event at `i` is the first of its year (or of its group).
fn begins_year(body: &[BodyEvent], i: usize) -> bool {
    let (before, this) = (&body[i - 1], &body[i]);
    before.group != this.group || before.event.year() != this.event.year()
}

/// The headings that earlier parts printed.
#[derive(Default, Clone)]
pub(super) struct Printed {
    groups: HashSet<usize>,
    years: HashSet<(usize, i32)>,
}

impl Printed {
    /// Notes the headings printed by a part that laid out `laid`: each heading is printed
    /// with the first event under it.
    pub(super) fn record(&mut self, laid: &[BodyEvent]) {
        for item in laid {
            self.groups.insert(item.group);
            self.years.insert((item.group, item.event.year()));
        }
    }

    /// How many group headings (the numbered ones) earlier parts printed.
    pub(super) fn headings(&self) -> usize {
        self.groups.len()
    }
}

/// `events` regrouped by period and year for a part, each heading an earlier part printed
/// marked as continued so that the part does not print it again.
pub(super) fn regroup(
    groups: &[PeriodGroup],
    events: &[BodyEvent],
    printed: &Printed,
) -> Vec<PeriodGroup> {
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
                mark: group.mark.clone(),
                is_period: group.is_period,
                continued: printed.groups.contains(&item.group),
                years: Vec::new(),
            });
        }
        let target = part.last_mut().expect("a group was just ensured");
        let year = item.event.year();
        if target.years.last().is_none_or(|y| y.year != year) {
            target.years.push(YearGroup {
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
    use attache_core::EventFilter;

    use super::*;
    use crate::context;

    fn labels() -> Labels {
        let source = crate::template_files::TemplateSource::new(None);
        Labels::load(&source, "en").expect("labels")
    }

    fn chronology() -> ChronologyContext {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        let dataset = attache_core::Dataset::load_dir(&data).expect("the built-in dataset loads");
        let briefing = crate::Briefing::new(chrono::NaiveDate::MIN);
        context::chronology(&dataset, &EventFilter::default(), &briefing, &labels())
    }

    fn ids(groups: &[PeriodGroup]) -> Vec<String> {
        groups
            .iter()
            .flat_map(|g| &g.years)
            .flat_map(|y| &y.events)
            .map(|e| format!("{e:?}"))
            .collect()
    }

    fn at(page: usize) -> Target {
        Target { page, y: 0.0 }
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
            id: "partner".into(),
            anchors: ["a", "b", "c", "d", "e", "absent"]
                .map(String::from)
                .to_vec(),
            years: Vec::new(),
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

    #[test]
    fn the_body_is_cut_where_a_year_begins_near_each_part_s_size() {
        let mut chronology = chronology();
        let body = flatten(&mut chronology.groups);
        let parts = cut_body(&body, 20);
        assert_eq!(parts.first().map(|p| p.start), Some(0));
        assert_eq!(parts.last().map(|p| p.end), Some(body.len()));
        for pair in parts.windows(2) {
            assert_eq!(pair[0].end, pair[1].start, "parts follow on");
            assert!((10..=30).contains(&pair[0].len()), "{parts:?}");
            assert!(begins_year(&body, pair[1].start), "{parts:?}");
        }
        // With no year boundary near, a year is cut inside.
        let year_of_first = body
            .iter()
            .take_while(|b| b.group == body[0].group && b.event.year() == body[0].event.year())
            .count();
        assert!(year_of_first >= 2, "the first year has two events");
        assert_eq!(cut_body(&body[..year_of_first], 1)[0], 0..1);
        assert!(cut_body(&[], 20).is_empty());
    }

    #[test]
    fn headings_of_earlier_parts_count_as_printed() {
        let mut chronology = chronology();
        let body = flatten(&mut chronology.groups);
        let second = body
            .iter()
            .position(|b| b.group != body[0].group)
            .expect("events in two groups");
        let mut printed = Printed::default();
        printed.record(&body[..second]);
        assert_eq!(printed.headings(), 1);
        assert!(
            printed
                .years
                .contains(&(body[0].group, body[0].event.year()))
        );
        let year = (body[second].group, body[second].event.year());
        assert!(!printed.years.contains(&year));
        printed.record(&body[second..second + 1]);
        assert_eq!(printed.headings(), 2);
    }

    #[test]
    fn back_parts_run_the_index_then_the_sources_numbered_after_the_groups() {
        let chronology = chronology();
        let notes = &chronology.notes[..5];
        let index = [IndexEntry {
            name: "Partner".into(),
            id: "partner".into(),
            anchors: Vec::new(),
            years: Vec::new(),
            pages: (1..=3)
                .map(|page| PageRef {
                    page,
                    last: None,
                    anchor: format!("a{page}"),
                })
                .collect(),
            continued: false,
        }];
        let summary = |back: &Back<'_>| -> Vec<_> {
            back.parts(2)
                .map(|b| {
                    let part = b.part(9);
                    let kind = if b.index.is_empty() { "notes" } else { "index" };
                    (kind, part.continued, part.headings_before, part.back)
                })
                .collect()
        };
        let both = Back::new(Some(&index), Some(notes), 4, 2);
        assert_eq!(
            summary(&both),
            [
                ("index", false, 4, true),
                ("index", true, 4, true),
                ("notes", false, 5, true),
                ("notes", true, 5, true),
                ("notes", true, 5, true),
            ]
        );
        assert!(both.parts(2).all(|b| b.part(9).first_page == 9));
        let sources_only = Back::new(None, Some(notes), 4, 2);
        assert_eq!(summary(&sources_only)[0], ("notes", false, 4, true));
        assert_eq!(Back::new(None, None, 4, 2).parts(2).count(), 0);
    }

    #[test]
    fn the_contents_lists_each_group_then_the_back_headings_that_landed() {
        let chronology = chronology();
        let labels = labels();
        let guess = contents(&chronology, &labels, &HashMap::new(), true);
        let groups = chronology.groups.len();
        assert_eq!(guess.len(), groups + 2, "the index and the sources");
        assert!(guess.iter().all(|entry| entry.page == 0));
        assert_eq!(guess[groups].anchor, anchors::INDEX);

        // Only what landed is listed, with its page counted from 1.
        let mut targets: HashMap<String, Target> = chronology
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g.anchor.clone(), at(i + 2)))
            .collect();
        targets.insert(anchors::SOURCES.to_owned(), at(40));
        let landed = contents(&chronology, &labels, &targets, false);
        let lines: Vec<_> = landed.iter().map(|e| (e.number, e.page)).collect();
        let mut expected: Vec<_> = (0..groups).map(|i| (i + 1, i + 3)).collect();
        expected.push((groups + 1, 41));
        assert_eq!(lines, expected);
        assert_eq!(landed[groups].anchor, anchors::SOURCES);
    }
}
