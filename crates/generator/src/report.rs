//! The reports attache renders and the context each template receives.

use attache_core::{Dataset, EventKind, Partner};
use serde::Serialize;

use crate::briefing::Briefing;
use crate::context::{self, AreaGroup, Chart, EventView, FigureView, NoteView, Notes};

/// A report to render.
#[derive(Debug, Clone, Copy)]
pub enum Report<'a> {
    /// A brief on one partner.
    Partner(&'a Partner),
}

impl Report<'_> {
    /// The template that renders this report.
    pub fn template(&self) -> &'static str {
        match self {
            Report::Partner(_) => "partner.typ.j2",
        }
    }

    /// The default output file name, without extension: `partner-turkey`.
    pub fn file_stem(&self) -> String {
        match self {
            Report::Partner(p) => format!("partner-{}", p.id),
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
    dataset_version: String,
    briefing: Briefing,
}

/// The partner brief's context.
#[derive(Debug, Serialize)]
pub(crate) struct PartnerContext {
    meta: Meta,
    partner: PartnerView,
    facts: Vec<Fact>,
    figures: Vec<FigureView>,
    instruments: Vec<EventView>,
    exercises: Vec<EventView>,
    areas: Vec<AreaGroup>,
    chart: Option<Chart>,
    chronology: Vec<EventView>,
    conflicts: Vec<EventView>,
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

#[derive(Debug, Serialize)]
struct Fact {
    label: &'static str,
    value: String,
}

pub(crate) fn partner_context(
    dataset: &Dataset,
    partner: &Partner,
    briefing: &Briefing,
) -> PartnerContext {
    let mut notes = Notes::default();
    let profile_notes = notes.cite(dataset, &partner.sources);
    let figures: Vec<FigureView> = dataset
        .figures_for(&partner.id)
        .map(|f| context::figure_view(dataset, &mut notes, f))
        .collect();
    let events: Vec<_> = dataset.events_with(&partner.id).collect();
    let in_report = |id: &str| events.iter().any(|e| e.id == id);
    let chronology: Vec<EventView> = events
        .iter()
        .map(|e| context::event_view(dataset, &mut notes, e, &in_report))
        .collect();
    let pick = |keep: &dyn Fn(EventKind) -> bool| -> Vec<EventView> {
        events
            .iter()
            .zip(&chronology)
            .filter(|(e, _)| keep(e.kind))
            .map(|(_, v)| v.clone())
            .collect()
    };
    let instruments = pick(&EventKind::is_instrument);
    let exercises = pick(&context::is_exercise_or_training);
    let count = |kinds: &[EventKind]| events.iter().filter(|e| kinds.contains(&e.kind)).count();
    let facts = vec![
        Fact {
            label: "First recorded contact",
            value: events
                .first()
                .map(|e| e.date_label())
                .unwrap_or_else(|| "—".into()),
        },
        Fact {
            label: "Recorded events",
            value: events.len().to_string(),
        },
        Fact {
            label: "Agreements and declarations",
            value: count(&[
                EventKind::Agreement,
                EventKind::Declaration,
                EventKind::Accession,
            ])
            .to_string(),
        },
        Fact {
            label: "Exercises and training",
            value: count(&[EventKind::Exercise, EventKind::Training]).to_string(),
        },
        Fact {
            label: "Visits and meetings",
            value: count(&[EventKind::Visit, EventKind::Meeting]).to_string(),
        },
        Fact {
            label: "Quantified facts",
            value: figures.len().to_string(),
        },
    ];
    let conflicts = events
        .iter()
        .zip(&chronology)
        .filter(|(e, _)| !e.conflicts_with.is_empty())
        .map(|(_, v)| v.clone())
        .collect();
    PartnerContext {
        meta: meta(
            dataset,
            briefing,
            format!("{}: partner brief", partner.name),
            format!(
                "Military cooperation between Azerbaijan and {}",
                partner.name
            ),
            "partner",
            vec![
                partner.name.clone(),
                "military cooperation".into(),
                "Azerbaijan".into(),
            ],
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
        facts,
        figures,
        instruments,
        exercises,
        areas: context::by_area(dataset, &chronology, &events),
        chart: context::chart(events.iter().copied()),
        chronology,
        conflicts,
        notes: notes.into_list(),
    }
}

fn meta(
    dataset: &Dataset,
    briefing: &Briefing,
    title: String,
    subtitle: String,
    kind: &'static str,
    keywords: Vec<String>,
) -> Meta {
    Meta {
        title,
        subtitle,
        kind,
        keywords,
        generated: briefing.date_label(),
        dataset_version: dataset.fingerprint(),
        briefing: briefing.clone(),
    }
}
