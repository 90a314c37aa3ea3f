//! The reports attache renders and the context each template receives.

use attache_core::{Area, Dataset, Event, EventFilter, EventKind, Partner, Period};
use chrono::Datelike;
use serde::Serialize;

use crate::briefing::Briefing;
use crate::collection::Collection;
use crate::context::{self, EventView, FigureView, NoteView, Notes};
use crate::escape;
use crate::labels::Labels;

/// A report to render.
#[derive(Debug, Clone)]
pub enum Report<'a> {
    /// A brief on one partner.
    Partner(&'a Partner),
    /// Everything in one period: a named one, or a span of years.
    Period(Period),
    /// Everything in one cooperation area.
    Type(&'a Area),
    /// Every event a filter keeps, grouped by period and year.
    Chronology(Chronology),
}

/// A chronology's selection and how to describe it.
#[derive(Debug, Clone, Default)]
pub struct Chronology {
    /// Which events to include.
    pub filter: EventFilter,
    /// The selection in words ("Türkiye, from 2010"); empty for the full chronology.
    pub description: String,
}

impl Report<'_> {
    /// The template that renders this report.
    pub fn template(&self) -> &'static str {
        match self {
            Report::Partner(_) => "partner.typ.j2",
            Report::Period(_) => "period.typ.j2",
            Report::Type(_) => "type.typ.j2",
            Report::Chronology(_) => "chronology.typ.j2",
        }
    }

    /// The default output file name, without extension: `partner-turkey`.
    pub fn file_stem(&self) -> String {
        match self {
            Report::Partner(p) => format!("partner-{}", p.id),
            Report::Period(p) => format!("period-{}", p.id),
            Report::Type(a) => format!("type-{}", a.id),
            Report::Chronology(_) => "chronology".to_owned(),
        }
    }

    /// Builds the template context.
    pub(crate) fn context(
        &self,
        dataset: &Dataset,
        briefing: &Briefing,
        labels: &Labels,
    ) -> minijinja::Value {
        fn value<T: Serialize>(context: T) -> minijinja::Value {
            minijinja::Value::from(minijinja::value::Serde(context))
        }
        match self {
            Report::Partner(p) => value(partner(dataset, p, briefing, labels)),
            Report::Period(p) => value(period(dataset, p, briefing, labels)),
            Report::Type(a) => value(area(dataset, a, briefing, labels)),
            Report::Chronology(c) => value(chronology(dataset, c, briefing, labels)),
        }
    }
}

/// What every report's template receives about the document itself.
#[derive(Debug, Serialize)]
pub(crate) struct Meta {
    title: String,
    subtitle: String,
    kind: &'static str,
    keywords: Vec<String>,
    generated: String,
    date: DateParts,
    dataset_version: String,
    pub(crate) briefing: Briefing,
}

#[derive(Debug, Serialize)]
struct DateParts {
    year: i32,
    month: u32,
    day: u32,
}

fn meta(
    dataset: &Dataset,
    briefing: &Briefing,
    kind: &'static str,
    title: String,
    subtitle: String,
    subject: &str,
) -> Meta {
    Meta {
        title,
        subtitle,
        kind,
        keywords: vec![
            subject.to_owned(),
            "military cooperation".into(),
            "Azerbaijan".into(),
        ],
        generated: briefing.date_label(),
        date: DateParts {
            year: briefing.date.year(),
            month: briefing.date.month(),
            day: briefing.date.day(),
        },
        dataset_version: dataset.fingerprint(),
        briefing: briefing.clone(),
    }
}

#[derive(Debug, Serialize)]
struct Fact {
    label: String,
    value: String,
}

fn facts(events: &[&Event], collection: &Collection, figures: usize, labels: &Labels) -> Vec<Fact> {
    let first = events.iter().min_by_key(|e| e.date.first_possible());
    vec![
        Fact {
            label: labels.get("first_recorded_event").to_owned(),
            value: first.map_or_else(|| "—".into(), |e| e.start_label()),
        },
        Fact {
            label: labels.get("recorded_events").to_owned(),
            value: events.len().to_string(),
        },
        Fact {
            label: labels.get("agreements_declarations").to_owned(),
            value: collection
                .count(&[
                    EventKind::Agreement,
                    EventKind::Declaration,
                    EventKind::Accession,
                ])
                .to_string(),
        },
        Fact {
            label: labels.get("exercises_training").to_owned(),
            value: collection
                .count(&[EventKind::Exercise, EventKind::Training])
                .to_string(),
        },
        Fact {
            label: labels.get("visits_meetings").to_owned(),
            value: collection
                .count(&[EventKind::Visit, EventKind::Meeting])
                .to_string(),
        },
        Fact {
            label: labels.get("quantified_facts").to_owned(),
            value: figures.to_string(),
        },
    ]
}

#[derive(Debug, Serialize)]
struct PartnerContext {
    meta: Meta,
    partner: PartnerView,
    facts: Vec<Fact>,
    figures: Vec<FigureView>,
    #[serde(flatten)]
    events: Collection,
    notes: Vec<NoteView>,
}

#[derive(Debug, Serialize)]
struct PartnerView {
    id: String,
    name: String,
    native_name: Option<String>,
    kind: &'static str,
    iso3: Option<String>,
    relationship: String,
    summary: String,
    aliases: Vec<String>,
    notes: Vec<usize>,
}

fn partner(
    dataset: &Dataset,
    partner: &Partner,
    briefing: &Briefing,
    labels: &Labels,
) -> PartnerContext {
    let mut notes = Notes::default();
    let profile_notes = notes.cite(dataset, &partner.sources);
    let figures: Vec<FigureView> = dataset
        .figures_for(&partner.id)
        .map(|f| context::figure_view(dataset, &mut notes, f))
        .collect();
    let events: Vec<&Event> = dataset.events_with(&partner.id).collect();
    let collection = Collection::new(dataset, &events, &mut notes);
    PartnerContext {
        meta: meta(
            dataset,
            briefing,
            "partner",
            labels.fill("partner_title", &[("name", &partner.name)]),
            labels.fill("partner_subtitle", &[("name", &partner.name)]),
            &partner.name,
        ),
        partner: PartnerView {
            id: partner.id.clone(),
            name: partner.name.clone(),
            native_name: partner.native_name.clone().filter(|n| *n != partner.name),
            kind: partner.kind.name(),
            iso3: partner.iso3.clone(),
            relationship: partner.relationship.replace('-', " "),
            summary: partner.summary.clone(),
            aliases: partner.aliases.clone(),
            notes: profile_notes,
        },
        facts: facts(&events, &collection, figures.len(), labels),
        figures,
        events: collection,
        notes: notes.into_list(),
    }
}

#[derive(Debug, Serialize)]
struct PeriodContext {
    meta: Meta,
    period: PeriodView,
    facts: Vec<Fact>,
    figures: Vec<FigureView>,
    #[serde(flatten)]
    events: Collection,
    notes: Vec<NoteView>,
}

#[derive(Debug, Serialize)]
struct PeriodView {
    id: String,
    name: String,
    span: String,
    summary: String,
    notes: Vec<usize>,
}

fn period(
    dataset: &Dataset,
    period: &Period,
    briefing: &Briefing,
    labels: &Labels,
) -> PeriodContext {
    let mut notes = Notes::default();
    let period_notes = notes.cite(dataset, &period.sources);
    let events: Vec<&Event> = dataset.events_in_period(period).collect();
    let figures: Vec<FigureView> = dataset
        .figures_in_span(&period.span())
        .map(|f| context::figure_view(dataset, &mut notes, f))
        .collect();
    let collection = Collection::new(dataset, &events, &mut notes);
    PeriodContext {
        meta: meta(
            dataset,
            briefing,
            "period",
            labels.fill("period_title", &[("name", &period.name)]),
            labels.fill("period_subtitle", &[("span", &period.span_label())]),
            &period.name,
        ),
        period: PeriodView {
            id: period.id.clone(),
            name: period.name.clone(),
            span: period.span_label(),
            summary: period.summary.clone(),
            notes: period_notes,
        },
        facts: facts(&events, &collection, figures.len(), labels),
        figures,
        events: collection,
        notes: notes.into_list(),
    }
}

#[derive(Debug, Serialize)]
struct AreaContext {
    meta: Meta,
    area: AreaView,
    facts: Vec<Fact>,
    #[serde(flatten)]
    events: Collection,
    notes: Vec<NoteView>,
}

#[derive(Debug, Serialize)]
struct AreaView {
    id: String,
    name: String,
    summary: String,
}

fn area(dataset: &Dataset, area: &Area, briefing: &Briefing, labels: &Labels) -> AreaContext {
    let mut notes = Notes::default();
    let events: Vec<&Event> = dataset.events_in_area(&area.id).collect();
    let collection = Collection::new(dataset, &events, &mut notes);
    AreaContext {
        meta: meta(
            dataset,
            briefing,
            "type",
            labels.fill("type_title", &[("name", &area.name)]),
            labels.fill("type_subtitle", &[("name", &area.name)]),
            &area.name,
        ),
        area: AreaView {
            id: area.id.clone(),
            name: area.name.clone(),
            summary: area.summary.clone(),
        },
        facts: facts(&events, &collection, 0, labels),
        events: collection,
        notes: notes.into_list(),
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct ChronologyContext {
    pub(crate) meta: Meta,
    pub(crate) description: String,
    pub(crate) count: usize,
    pub(crate) groups: Vec<PeriodGroup>,
    pub(crate) index: Vec<IndexEntry>,
    pub(crate) notes: Vec<NoteView>,
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
    selection: &Chronology,
    briefing: &Briefing,
    labels: &Labels,
) -> ChronologyContext {
    let mut notes = Notes::default();
    let events: Vec<&Event> = dataset.filter(&selection.filter).collect();
    let present: std::collections::HashSet<&str> = events.iter().map(|e| e.id.as_str()).collect();
    let mut groups: Vec<PeriodGroup> = Vec::new();
    let mut current: Option<Option<&str>> = None;
    for event in &events {
        let period = dataset.period_of(event);
        let view = context::event_view(dataset, &mut notes, event, &|id| present.contains(id));
        if current != Some(period.map(|p| p.id.as_str())) {
            current = Some(period.map(|p| p.id.as_str()));
            let number = groups.len() + 1;
            let (title, span, summary) = match period {
                Some(p) => (p.name.clone(), p.span_label(), p.summary.clone()),
                None => (
                    labels.get("between_periods").to_owned(),
                    String::new(),
                    String::new(),
                ),
            };
            groups.push(PeriodGroup {
                number,
                anchor: format!("group-{number}"),
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
    for group in groups.iter_mut().filter(|g| g.span.is_empty()) {
        let first = group.years.first().map_or(0, |y| y.year);
        let last = group.years.last().map_or(0, |y| y.year);
        group.span = if first == last {
            first.to_string()
        } else {
            format!("{first} – {last}")
        };
    }
    let mut index: Vec<IndexEntry> = dataset
        .partners()
        .iter()
        .map(|p| IndexEntry {
            name: p.name.clone(),
            anchors: events
                .iter()
                .filter(|e| e.partners.contains(&p.id))
                .map(|e| escape::label(&e.id))
                .collect(),
            pages: Vec::new(),
            continued: false,
        })
        .filter(|entry| !entry.anchors.is_empty())
        .collect();
    index.sort_by_key(|entry| attache_core::fold(&entry.name));
    let title = if selection.description.is_empty() {
        labels.get("chronology_title").to_owned()
    } else {
        format!(
            "{}: {}",
            labels.get("chronology_title"),
            selection.description
        )
    };
    ChronologyContext {
        meta: meta(
            dataset,
            briefing,
            "chronology",
            title,
            labels.get("chronology_subtitle").to_owned(),
            "chronology",
        ),
        description: selection.description.clone(),
        count: events.len(),
        groups,
        index,
        notes: notes.into_list(),
    }
}
