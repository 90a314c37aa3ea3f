//! What every report's template receives about the document itself, and the key facts box.

use attache_core::{Dataset, Event, EventKind};
use chrono::Datelike;
use serde::Serialize;

use crate::briefing::Briefing;
use crate::labels::Labels;

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

pub(super) fn meta(
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

/// One figure of the key-facts box.
#[derive(Debug, Serialize)]
pub(super) struct Fact {
    label: String,
    value: String,
}

impl Fact {
    pub(super) fn new(label: String, value: String) -> Self {
        Self { label, value }
    }
}

/// The key facts of a report's own events (a brief's predecessor events are not counted as
/// the subject's own) and the number of its figures.
pub(super) fn facts(events: &[&Event], figures: usize, labels: &Labels) -> Vec<Fact> {
    let count = |kinds: &[EventKind]| {
        let n = events.iter().filter(|e| kinds.contains(&e.kind)).count();
        n.to_string()
    };
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
            value: count(&[
                EventKind::Agreement,
                EventKind::Declaration,
                EventKind::Accession,
            ]),
        },
        Fact {
            label: labels.get("exercises_training").to_owned(),
            value: count(&[EventKind::Exercise, EventKind::Training]),
        },
        Fact {
            label: labels.get("visits_meetings").to_owned(),
            value: count(&[EventKind::Visit, EventKind::Meeting]),
        },
        Fact {
            label: labels.get("quantified_facts").to_owned(),
            value: figures.to_string(),
        },
    ]
}
