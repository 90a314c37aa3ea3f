//! The values templates see: the dataset's records turned into ready-to-print views, with
//! dates in words, ids resolved to names and citations numbered as endnotes.

use std::collections::{BTreeMap, HashMap};

use attache_core::{Citation, Dataset, Event, Figure};
use serde::Serialize;

use crate::anchors;
use crate::labels::Labels;

/// The endnotes of one report: each distinct (source, locator) pair gets a number.
#[derive(Debug, Default)]
pub(crate) struct Notes {
    list: Vec<NoteView>,
    index: HashMap<(String, String), usize>,
}

/// One numbered endnote.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct NoteView {
    n: usize,
    anchor: String,
    source: String,
    title: String,
    /// The title in the report's language, when the dataset translates it; printed after the
    /// original, which is how the document is found.
    title_translated: String,
    author: String,
    publisher: String,
    date: String,
    kind: String,
    locator: String,
    /// The passage's grade: source reliability and information credibility ("B2").
    grade: String,
    /// Whether this is the source's first note (printed in full; later ones are short).
    first: bool,
    /// Author and year, or the title, for later notes of the same source.
    short: String,
}

impl EventView {
    /// The view with only the disputing records `ids` among its conflicts: an entry of
    /// "Where sources differ" names the counts not printed in an earlier entry.
    pub(crate) fn naming_only(mut self, ids: &[String]) -> Self {
        self.conflicts.retain(|c| ids.contains(&c.id));
        self
    }

    /// Marks the event as one of a predecessor state's, with the label the report prints.
    pub(crate) fn recorded_under(&mut self, label: &PredecessorLabel) {
        self.predecessor = Some(label.text.clone());
        self.predecessor_tag = Some(label.capitals.clone());
    }

    /// The period heading the event falls under in a chronology.
    pub(crate) fn year(&self) -> i32 {
        self.year
    }
}

impl Notes {
    /// Numbers a record's citations, reusing the number of a passage cited before.
    pub(crate) fn cite(
        &mut self,
        dataset: &Dataset,
        labels: &Labels,
        citations: &[Citation],
    ) -> Vec<usize> {
        citations
            .iter()
            .map(|c| {
                let key = (c.id.clone(), c.locator.clone());
                if let Some(&n) = self.index.get(&key) {
                    return n;
                }
                let n = self.list.len() + 1;
                let source = dataset.source(&c.id);
                let first = !self.list.iter().any(|note| note.source == c.id);
                self.list.push(NoteView {
                    n,
                    anchor: anchors::note(n),
                    source: c.id.clone(),
                    title: source.map(|s| s.title.clone()).unwrap_or_default(),
                    title_translated: source
                        .and_then(|s| s.translations.get(labels.language(), "title"))
                        .unwrap_or_default()
                        .to_owned(),
                    author: source.map(|s| s.author.clone()).unwrap_or_default(),
                    publisher: source.map(|s| s.publisher.clone()).unwrap_or_default(),
                    date: source
                        .and_then(|s| s.date)
                        .map(|d| labels.date(&d))
                        .unwrap_or_default(),
                    kind: source
                        .map(|s| labels.vocabulary("source_kind", &s.kind))
                        .unwrap_or_default(),
                    locator: c.locator.clone(),
                    grade: dataset.grade(c).to_string(),
                    first,
                    short: source.map(short_reference).unwrap_or_else(|| c.id.clone()),
                });
                self.index.insert(key, n);
                n
            })
            .collect()
    }

    pub(crate) fn into_list(self) -> Vec<NoteView> {
        self.list
    }
}

/// "Bagirova 2025", or the title where the source names no author.
fn short_reference(source: &attache_core::Source) -> String {
    let who = match source.author.rsplit(' ').next() {
        Some(surname) if !surname.is_empty() => surname.to_owned(),
        _ => source.title.clone(),
    };
    match source.date {
        Some(date) => format!("{who}, {}", date.year_number()),
        None => who,
    }
}

/// How an event of a predecessor state is labelled: "Ottoman Empire (predecessor)".
#[derive(Debug, Clone)]
pub(crate) struct PredecessorLabel {
    /// The label as written.
    pub(crate) text: String,
    /// The label in capitals, the name by the rules of the language it is written in.
    pub(crate) capitals: String,
}

/// An event ready to print.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct EventView {
    id: String,
    anchor: String,
    date: String,
    /// Whether no cited passage states the date (it is worked out; the summary says how).
    date_inferred: bool,
    date_iso: String,
    year: i32,
    title: String,
    summary: String,
    kind: &'static str,
    kind_label: String,
    areas: Vec<String>,
    partners: Vec<String>,
    location: Option<String>,
    status: Option<String>,
    /// In a brief on a state, an event of one of its predecessors: "Ottoman Empire
    /// (predecessor)"; none otherwise.
    predecessor: Option<String>,
    /// The same in capitals, for a tag: the name by the capitals of its own language, so an
    /// untranslated name keeps its letters ("OTTOMAN EMPIRE (SƏLƏF DÖVLƏT)", not "EMPİRE").
    predecessor_tag: Option<String>,
    notes: Vec<usize>,
    conflicts: Vec<ConflictView>,
    /// Its portion mark ("AMBER"), or "" when portion marking is off.
    mark: String,
    /// Whether its title or summary is in the dataset's language for want of a translation.
    untranslated: bool,
}

/// Another record of the same fact that a source states differently.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ConflictView {
    id: String,
    anchor: String,
    linked: bool,
    date: String,
    date_inferred: bool,
    title: String,
    sources: Vec<String>,
    /// Its portion mark, or "".
    mark: String,
    /// The other record's source notes, numbered in this report.
    notes: Vec<usize>,
}

/// A quantified fact ready to print.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FigureView {
    id: String,
    anchor: String,
    value: String,
    what: String,
    as_of: String,
    notes: Vec<usize>,
    /// Its portion mark, or "".
    mark: String,
    /// Other figures giving the same quantity differently.
    conflicts: Vec<FigureConflictView>,
    /// Whether its text is in the dataset's language for want of a translation.
    untranslated: bool,
}

impl FigureView {
    /// The view with only the disputing figures `ids` among its conflicts (see
    /// [`EventView::naming_only`]).
    pub(crate) fn naming_only(mut self, ids: &[String]) -> Self {
        self.conflicts.retain(|c| ids.contains(&c.id));
        self
    }
}

/// Another figure giving the same quantity differently, with its own citation.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FigureConflictView {
    id: String,
    anchor: String,
    /// Whether the figure is printed in this report's figures, so the value can link to it.
    linked: bool,
    value: String,
    what: String,
    as_of: String,
    notes: Vec<usize>,
}

/// Builds an event's view; `in_report` tells whether another event is printed in the same
/// report, so a conflict links to it only when the link has a target.
pub(crate) fn event_view(
    dataset: &Dataset,
    labels: &Labels,
    notes: &mut Notes,
    event: &Event,
    in_report: &dyn Fn(&str) -> bool,
) -> EventView {
    let conflicts = event
        .conflicts_with
        .iter()
        .filter_map(|id| dataset.event(id))
        .collect::<Vec<_>>();
    // The event's own notes first, then those of the records disputing it.
    let own_notes = notes.cite(dataset, labels, &event.sources);
    let conflicts = conflicts
        .into_iter()
        .map(|other| ConflictView {
            id: other.id.clone(),
            anchor: anchors::event(&other.id),
            linked: in_report(&other.id),
            mark: labels.portion_mark(other.marking.as_ref()),
            date: labels.event_date(other),
            date_inferred: other.date_inferred,
            title: labels.pick(&other.translations, "title", &other.title).text,
            sources: other
                .sources
                .iter()
                .map(|c| {
                    dataset
                        .source(&c.id)
                        .map_or_else(|| c.id.clone(), short_reference)
                })
                .collect(),
            notes: notes.cite(dataset, labels, &other.sources),
        })
        .collect();
    let title = labels.pick(&event.translations, "title", &event.title);
    let summary = labels.pick(&event.translations, "summary", &event.summary);
    let location = event
        .location
        .as_ref()
        .map(|l| labels.pick(&event.translations, "location", l).text);
    EventView {
        id: event.id.clone(),
        anchor: anchors::event(&event.id),
        date: labels.event_date(event),
        date_inferred: event.date_inferred,
        date_iso: event.date.to_string(),
        year: event.date.year_number(),
        untranslated: title.fallback || summary.fallback,
        title: title.text,
        summary: summary.text,
        kind: event.kind.name(),
        kind_label: labels.kind(event.kind),
        areas: event
            .areas
            .iter()
            .map(|a| dataset.area(a).map_or(a.clone(), |a| area_name(labels, a)))
            .collect(),
        partners: event
            .partners
            .iter()
            .map(|p| {
                dataset
                    .partner(p)
                    .map_or(p.clone(), |p| partner_name(labels, p))
            })
            .collect(),
        location,
        status: labels.status(event.status),
        predecessor: None,
        predecessor_tag: None,
        notes: own_notes,
        conflicts,
        mark: labels.portion_mark(event.marking.as_ref()),
    }
}

/// A partner's name in the report's language.
pub(crate) fn partner_name(labels: &Labels, partner: &attache_core::Partner) -> String {
    labels
        .pick(&partner.translations, "name", &partner.name)
        .text
}

/// An area's name in the report's language.
pub(crate) fn area_name(labels: &Labels, area: &attache_core::Area) -> String {
    labels.pick(&area.translations, "name", &area.name).text
}

/// Builds a figure's view; `in_report` tells whether another figure is printed in the same
/// report, so that a disputing value links to it only when the link has a target.
pub(crate) fn figure_view(
    dataset: &Dataset,
    labels: &Labels,
    notes: &mut Notes,
    figure: &Figure,
    in_report: &dyn Fn(&str) -> bool,
) -> FigureView {
    let value = labels.pick(&figure.translations, "value", &figure.value);
    let what = labels.pick(&figure.translations, "what", &figure.what);
    let own_notes = notes.cite(dataset, labels, &figure.sources);
    let conflicts = figure
        .conflicts_with
        .iter()
        .filter_map(|id| dataset.figure(id))
        .map(|other| FigureConflictView {
            id: other.id.clone(),
            anchor: anchors::figure(&other.id),
            linked: in_report(&other.id),
            value: labels.pick(&other.translations, "value", &other.value).text,
            what: labels.pick(&other.translations, "what", &other.what).text,
            as_of: labels.date(&other.as_of),
            notes: notes.cite(dataset, labels, &other.sources),
        })
        .collect();
    FigureView {
        id: figure.id.clone(),
        anchor: anchors::figure(&figure.id),
        untranslated: value.fallback || what.fallback,
        value: value.text,
        what: what.text,
        as_of: labels.date(&figure.as_of),
        notes: own_notes,
        conflicts,
        mark: labels.portion_mark(figure.marking.as_ref()),
    }
}

/// The sourcing summary: how many of the facts a report prints rest on which best grade, and
/// how many rest only on weak grades (E-F or 5-6).
pub(crate) fn sourcing<'a>(
    dataset: &Dataset,
    labels: &Labels,
    facts: impl IntoIterator<Item = &'a [Citation]>,
) -> String {
    let mut by_grade: BTreeMap<(attache_core::Reliability, u8), usize> = BTreeMap::new();
    let (mut total, mut weak) = (0, 0);
    for citations in facts {
        total += 1;
        weak += usize::from(dataset.rests_only_on_weak(citations));
        *by_grade
            .entry(dataset.best_grade(citations).rank())
            .or_default() += 1;
    }
    if total == 0 {
        return String::new();
    }
    let grades: Vec<String> = by_grade
        .iter()
        .map(|((reliability, credibility), n)| {
            format!(
                "{}{credibility} × {}",
                reliability.name(),
                labels.number(*n)
            )
        })
        .collect();
    labels.fill(
        "sourcing",
        &[
            ("grades", &grades.join(", ")),
            ("weak", &labels.number(weak)),
            ("total", &labels.number(total)),
        ],
    )
}
