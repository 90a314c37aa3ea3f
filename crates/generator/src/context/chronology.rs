//! The chronology's context: events grouped by period and year, the index of partners, and
//! the selection in words.

use attache_core::{Dataset, Event, EventFilter};
use serde::Serialize;

use super::meta::{Meta, TranslationView, meta, translation};
use super::views::{self, EventView, NoteView, Notes};
use crate::anchors;
use crate::briefing::Briefing;
use crate::labels::Labels;
use crate::words;

#[derive(Debug, Serialize)]
pub(crate) struct ChronologyContext {
    pub(crate) meta: Meta,
    pub(crate) description: String,
    pub(crate) count: usize,
    pub(crate) groups: Vec<PeriodGroup>,
    pub(crate) index: Vec<IndexEntry>,
    pub(crate) notes: Vec<NoteView>,
    /// Whether and how the chronology says that some of its text is not translated.
    pub(crate) translation: TranslationView,
}

/// A run of events in one period (or between periods), by year.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PeriodGroup {
    /// Its place among the chronology's groups, from 1: its heading's number.
    pub(crate) number: usize,
    /// The label on its heading.
    pub(crate) anchor: String,
    pub(crate) title: String,
    pub(crate) span: String,
    pub(crate) summary: String,
    /// Whether an earlier part of a long chronology already printed its heading.
    pub(crate) continued: bool,
    pub(crate) years: Vec<YearGroup>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct YearGroup {
    pub(crate) year: i32,
    /// Whether an earlier part of a long chronology already printed this year's heading.
    pub(crate) continued: bool,
    pub(crate) events: Vec<EventView>,
}

/// A partner and the chronology entries that name it, for the index.
#[derive(Debug, Serialize)]
pub(crate) struct IndexEntry {
    pub(crate) name: String,
    pub(crate) anchors: Vec<String>,
    /// The pages that name the partner, once known: filled in for long chronologies, which are
    /// laid out in parts; empty otherwise, where Typst finds the pages itself.
    pub(crate) pages: Vec<PageRef>,
    /// Whether an earlier part of a long chronology printed the start of this entry.
    pub(crate) continued: bool,
}

/// A page, or a run of pages, and the label to link it to.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageRef {
    pub(crate) page: usize,
    /// The last page of a run of consecutive pages.
    pub(crate) last: Option<usize>,
    pub(crate) anchor: String,
}

pub(crate) fn chronology(
    dataset: &Dataset,
    filter: &EventFilter,
    briefing: &Briefing,
    labels: &Labels,
) -> ChronologyContext {
    let mut notes = Notes::default();
    let events: Vec<&Event> = dataset.events_matching(filter).collect();
    let description = describe(dataset, filter, labels);
    let groups = group_by_period(dataset, &events, &mut notes, labels);
    let index = partner_index(dataset, &events, labels);
    let title = if description.is_empty() {
        labels.get("chronology_title").to_owned()
    } else {
        format!("{}: {}", labels.get("chronology_title"), description)
    };
    ChronologyContext {
        meta: meta(
            dataset,
            briefing,
            labels,
            "chronology",
            title,
            labels.fill("chronology_subtitle", &[]),
            labels.get("chronology"),
        ),
        description,
        count: events.len(),
        groups,
        index,
        notes: notes.into_list(),
        translation: translation(labels),
    }
}

/// The events in runs by period (or between periods) and year, in date order.
fn group_by_period(
    dataset: &Dataset,
    events: &[&Event],
    notes: &mut Notes,
    labels: &Labels,
) -> Vec<PeriodGroup> {
    let present: std::collections::HashSet<&str> = events.iter().map(|e| e.id.as_str()).collect();
    let mut groups: Vec<PeriodGroup> = Vec::new();
    let mut current: Option<Option<&str>> = None;
    for event in events {
        let period = dataset.period_of(event);
        let view = views::event_view(dataset, labels, notes, event, &|id| present.contains(id));
        if current != Some(period.map(|p| p.id.as_str())) {
            current = Some(period.map(|p| p.id.as_str()));
            let number = groups.len() + 1;
            let (title, span, summary) = match period {
                Some(p) => (
                    labels.pick(&p.translations, "name", &p.name).text,
                    labels.span(&p.start, p.end.as_ref()),
                    labels.pick(&p.translations, "summary", &p.summary).text,
                ),
                None => (
                    labels.get("between_periods").to_owned(),
                    String::new(),
                    String::new(),
                ),
            };
            groups.push(PeriodGroup {
                number,
                anchor: anchors::group(number),
                title,
                span,
                summary,
                continued: false,
                years: Vec::new(),
            });
        }
        let group = groups.last_mut().expect("a group was just pushed");
        match group.years.last_mut() {
            Some(y) if y.year == view.year() => y.events.push(view),
            _ => group.years.push(YearGroup {
                year: view.year(),
                continued: false,
                events: vec![view],
            }),
        }
    }
    // A run between periods is named by the years it spans.
    for group in groups.iter_mut().filter(|g| g.span.is_empty()) {
        let first = group.years.first().map_or(0, |y| y.year);
        let last = group.years.last().map_or(0, |y| y.year);
        group.span = if first == last {
            first.to_string()
        } else {
            format!("{first} – {last}")
        };
    }
    groups
}

/// Each partner the events name, with the labels of its entries, in name order.
fn partner_index(dataset: &Dataset, events: &[&Event], labels: &Labels) -> Vec<IndexEntry> {
    let mut index: Vec<IndexEntry> = dataset
        .partners()
        .iter()
        .map(|p| IndexEntry {
            name: views::partner_name(labels, p),
            anchors: events
                .iter()
                .filter(|e| e.partners.contains(&p.id))
                .map(|e| anchors::event(&e.id))
                .collect(),
            pages: Vec::new(),
            continued: false,
        })
        .filter(|entry| !entry.anchors.is_empty())
        .collect();
    index.sort_by_key(|entry| attache_core::fold(&entry.name));
    index
}

/// A chronology's selection in words ("Türkiye; agreement; from 2010"); empty for the full
/// chronology.
fn describe(dataset: &Dataset, filter: &EventFilter, labels: &Labels) -> String {
    let mut parts = Vec::new();
    let partners: Vec<String> = filter
        .partners
        .iter()
        .filter_map(|id| dataset.partner(id))
        .map(|p| views::partner_name(labels, p))
        .collect();
    let areas: Vec<String> = filter
        .areas
        .iter()
        .filter_map(|id| dataset.area(id))
        .map(|a| views::area_name(labels, a))
        .collect();
    let kinds: Vec<String> = filter
        .kinds
        .iter()
        .map(|k| words::lower(labels.language(), &labels.kind(*k)))
        .collect();
    for names in [partners.join(", "), areas.join(", "), kinds.join(", ")] {
        if !names.is_empty() {
            parts.push(names);
        }
    }
    match (&filter.from, &filter.to) {
        (Some(from), Some(to)) => {
            parts.push(labels.fill_dates("span_between", &[("start", from), ("end", to)]))
        }
        (Some(from), None) => parts.push(labels.fill_dates("filter_from", &[("date", from)])),
        (None, Some(to)) => parts.push(labels.fill_dates("filter_to", &[("date", to)])),
        (None, None) => {}
    }
    parts.join("; ")
}
