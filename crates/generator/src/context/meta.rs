//! What every report's template receives about the document itself, and the key facts box.

use attache_core::{Dataset, Event, EventKind};
use chrono::Datelike;
use serde::Serialize;

use super::collection::Collection;
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

/// The document's metadata. The briefing settings are given as the report uses them: in the
/// language of `labels`, with the language's default marking when the settings choose none.
pub(super) fn meta(
    dataset: &Dataset,
    briefing: &Briefing,
    labels: &Labels,
    kind: &'static str,
    title: String,
    subtitle: String,
    subject: &str,
) -> Meta {
    let mut briefing = briefing.clone();
    briefing.language = labels.language().to_owned();
    if briefing.classification.is_empty() {
        briefing.classification = labels.get("default_marking").to_owned();
    }
    let mut keywords = vec![subject.to_owned(), labels.fill("keyword_cooperation", &[])];
    if dataset.info().subject.is_some() {
        keywords.push(labels.subject_name().to_owned());
    }
    Meta {
        title,
        subtitle,
        kind,
        keywords,
        generated: labels.day(briefing.date),
        date: DateParts {
            year: briefing.date.year(),
            month: briefing.date.month(),
            day: briefing.date.day(),
        },
        dataset_version: dataset.fingerprint(),
        briefing,
    }
}

/// What a template needs to say that some of a report's text is not translated.
#[derive(Debug, Serialize)]
pub(crate) struct TranslationView {
    /// The marker on untranslated entries: the dataset language's code in capitals ("EN").
    marker: String,
    /// Whether entries are marked one by one: the report holds translated text and text that
    /// is not, so a reader needs to know which is which.
    mark_each: bool,
    /// The sentence that explains the markers, or says that nothing is translated; empty when
    /// every text the report prints is in its language.
    note: String,
}

/// How much of what `labels` picked so far was translated, as the template shows it.
pub(crate) fn translation(labels: &Labels) -> TranslationView {
    let (translated, fallbacks) = labels.tally();
    let marker = labels.upper(labels.data_language());
    let language = labels.fill(&format!("in_language_{}", labels.data_language()), &[]);
    let note = match (translated, fallbacks) {
        (_, 0) => String::new(),
        (0, _) => labels.fill("untranslated_all", &[("language", &language)]),
        _ => labels.fill(
            "untranslated_note",
            &[("language", &language), ("marker", &marker)],
        ),
    };
    TranslationView {
        mark_each: translated > 0 && fallbacks > 0,
        marker,
        note,
    }
}

#[derive(Debug, Serialize)]
pub(super) struct Fact {
    label: String,
    value: String,
}

pub(super) fn facts(
    events: &[&Event],
    collection: &Collection,
    figures: usize,
    labels: &Labels,
) -> Vec<Fact> {
    let first = events
        .iter()
        .min_by(|a, b| attache_core::chronological(a, b));
    vec![
        Fact {
            label: labels.get("first_recorded_event").to_owned(),
            value: first.map_or_else(|| "—".into(), |e| labels.event_start(e)),
        },
        Fact {
            label: labels.get("recorded_events").to_owned(),
            value: labels.number(events.len()),
        },
        Fact {
            label: labels.get("agreements_declarations").to_owned(),
            value: labels.number(collection.count(&[
                EventKind::Agreement,
                EventKind::Declaration,
                EventKind::Accession,
            ])),
        },
        Fact {
            label: labels.get("exercises_training").to_owned(),
            value: labels.number(collection.count(&[EventKind::Exercise, EventKind::Training])),
        },
        Fact {
            label: labels.get("visits_meetings").to_owned(),
            value: labels.number(collection.count(&[EventKind::Visit, EventKind::Meeting])),
        },
        Fact {
            label: labels.get("quantified_facts").to_owned(),
            value: labels.number(figures),
        },
    ]
}
