//! The chronology's context: events grouped by period and year, the index of partners, and
//! the selection in words.

use attache_core::{Dataset, Event, EventFilter};
use serde::Serialize;

use super::meta::{Meta, TranslationView, event_markings, meta, top_level, translation};
use super::pictures::{self, Lanes, Network, Timeline};
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
    /// How many named periods the chronology's events fall in; a run of events outside every
    /// period is a group but not a period.
    pub(crate) period_count: usize,
    pub(crate) groups: Vec<PeriodGroup>,
    pub(crate) index: Vec<IndexEntry>,
    /// The subject state and its partners, at the front.
    pub(crate) network: Option<Network>,
    /// The most engaged partners as lanes across the years, at the front.
    pub(crate) timeline: Option<Timeline>,
    pub(crate) notes: Vec<NoteView>,
    /// How many facts rest on which grades, in words.
    pub(crate) sourcing: String,
    /// Whether and how the chronology says that some of its text is not translated.
    pub(crate) translation: TranslationView,
    /// What changed since an older version (`--since`); `None` without one.
    pub(crate) changes: Option<super::ChangesView>,
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
    /// The summary's portion mark, or "".
    pub(crate) mark: String,
    /// Whether the group is a named period, rather than a run of events outside every period.
    pub(crate) is_period: bool,
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
    /// The partner's id, for a link to its brief.
    pub(crate) id: String,
    pub(crate) anchors: Vec<String>,
    /// The year of each entry, in the order of `anchors` (HTML prints these, not pages).
    pub(crate) years: Vec<i32>,
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

/// Lanes in a chronology's timeline by partner: the busiest partners, the rest counted.
const CHRONOLOGY_LANES: usize = 10;

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
        labels.fill(
            "chronology_filtered_title",
            &[("description", &description)],
        )
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
            top_level(
                &briefing.marking.scale,
                event_markings(dataset, &events).chain(
                    events
                        .iter()
                        .map(|e| dataset.period_of(e).and_then(|p| p.marking.as_ref())),
                ),
            ),
        ),
        description,
        count: events.len(),
        period_count: groups.iter().filter(|g| g.is_period).count(),
        groups,
        index,
        network: pictures::network(dataset, &events, labels),
        timeline: pictures::timeline(dataset, &events, Lanes::Busiest(CHRONOLOGY_LANES), labels),
        notes: notes.into_list(),
        sourcing: views::sourcing(dataset, labels, events.iter().map(|e| e.sources.as_slice())),
        translation: translation(labels),
        changes: None,
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
            let mark = labels.portion_mark(period.and_then(|p| p.marking.as_ref()));
            let (title, span, summary) = match period {
                Some(p) => (
                    labels.pick(&p.translations, "name", &p.name).text,
                    labels.span(&p.start, p.end.as_ref()),
                    labels.pick(&p.translations, "summary", &p.summary).text,
                ),
                None => (
                    labels.get("other_years").to_owned(),
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
                mark,
                is_period: period.is_some(),
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
            id: p.id.clone(),
            anchors: events
                .iter()
                .filter(|e| e.partners.contains(&p.id))
                .map(|e| anchors::event(&e.id))
                .collect(),
            years: events
                .iter()
                .filter(|e| e.partners.contains(&p.id))
                .map(|e| e.date.year_number())
                .collect(),
            pages: Vec::new(),
            continued: false,
        })
        .filter(|entry| !entry.anchors.is_empty())
        .collect();
    index.sort_by_key(|entry| attache_core::fold(&entry.name));
    index
}

/// A chronology's selection as a person would title it: "Georgia, 2016–2020", "Türkiye:
/// agreements since 2010", "Exercises"; empty for the full chronology. Who (partners and
/// areas), what (kinds, in the plural) and when (the `--from`/`--to` span) are put together by
/// the label set, since languages order them differently.
fn describe(dataset: &Dataset, filter: &EventFilter, labels: &Labels) -> String {
    let language = labels.language();
    let partners = filter
        .partners
        .iter()
        .filter_map(|id| dataset.partner(id))
        .map(|p| views::partner_name(labels, p));
    let areas = filter
        .areas
        .iter()
        .filter_map(|id| dataset.area(id))
        .map(|a| views::area_name(labels, a));
    let who = partners.chain(areas).collect::<Vec<_>>().join(", ");
    let what = filter
        .kinds
        .iter()
        .map(|k| words::lower(language, &labels.kinds(*k)))
        .collect::<Vec<_>>()
        .join(", ");
    let when = describe_span(filter, labels);
    let key = match (who.is_empty(), what.is_empty(), when.is_empty()) {
        (false, false, false) => "filter_title_who_what_when",
        (false, true, false) => "filter_title_who_when",
        (false, false, true) => "filter_title_who_what",
        (true, false, false) => "filter_title_what_when",
        _ => "filter_title_one",
    };
    let title = labels.fill(key, &[("who", &who), ("what", &what), ("when", &when)]);
    words::upper_first(language, title.trim())
}

/// The `--from`/`--to` span of a chronology's title: "2016–2020", "since 2010", "up to 2003".
fn describe_span(filter: &EventFilter, labels: &Labels) -> String {
    let years = |d: &attache_core::PartialDate| d.precision() == attache_core::Precision::Year;
    match (&filter.from, &filter.to) {
        (Some(from), Some(to)) if from == to => labels.date(from),
        (Some(from), Some(to)) if years(from) && years(to) => labels.fill(
            "filter_years",
            &[
                ("start", &from.year_number().to_string()),
                ("end", &to.year_number().to_string()),
            ],
        ),
        (Some(from), Some(to)) => labels.fill(
            "date_range",
            &[("start", &labels.date(from)), ("end", &labels.date(to))],
        ),
        (Some(from), None) => labels.fill_dates("filter_from", &[("date", from)]),
        (None, Some(to)) => labels.fill_dates("filter_to", &[("date", to)]),
        (None, None) => String::new(),
    }
}
