//! What every report's template receives about the document itself, and the key facts box.

use attache_core::{Dataset, Event, EventKind, Marking, MarkingScale};
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
    /// The newest source's date in words: how recent the data is. Empty when no source is
    /// dated.
    data_as_of: String,
    /// The line that says what data the report was made from: the dataset's title, its
    /// version (a fingerprint of its files), the newest source and the day it was generated.
    imprint: String,
    /// The logo in words, for readers who cannot see it: "Logo of <organisation>".
    logo_alt: String,
    pub(crate) briefing: Briefing,
}

#[derive(Debug, Serialize)]
struct DateParts {
    year: i32,
    month: u32,
    day: u32,
}

/// The highest level on `scale` among the markings of the records a document prints; 0
/// when it prints none (or only records of the lowest level).
pub(super) fn top_level<'m>(
    scale: &MarkingScale,
    markings: impl IntoIterator<Item = Option<&'m Marking>>,
) -> usize {
    markings
        .into_iter()
        .flatten()
        .filter_map(|m| scale.rank(&m.level))
        .max()
        .unwrap_or(0)
}

/// The markings of events and of the events they conflict with, which conflict lines print.
pub(super) fn event_markings<'a>(
    dataset: &'a Dataset,
    events: &'a [&'a Event],
) -> impl Iterator<Item = Option<&'a Marking>> + 'a {
    events.iter().flat_map(move |e| {
        let others = e.conflicts_with.iter().filter_map(|id| dataset.event(id));
        std::iter::once(e.marking.as_ref()).chain(others.map(|o| o.marking.as_ref()))
    })
}

/// The document's metadata. The briefing settings are given as the report uses them: in the
/// language of `labels`, with the banner the settings fix, else the highest level `top` the
/// document prints (the language's open-source wording when nothing is above the lowest level
/// and the settings choose no scale).
#[allow(clippy::too_many_arguments)]
pub(super) fn meta(
    dataset: &Dataset,
    briefing: &Briefing,
    labels: &Labels,
    kind: &'static str,
    title: String,
    subtitle: String,
    subject: &str,
    top: usize,
) -> Meta {
    let mut briefing = briefing.clone();
    briefing.language = labels.language().to_owned();
    if briefing.classification.is_empty() {
        if briefing.marking.configured || top > 0 {
            let level = briefing.marking.scale.level(top).clone();
            briefing.set_level(&level);
        } else {
            briefing.set_marking(labels.get("default_marking").to_owned());
        }
    }
    let mut keywords = vec![subject.to_owned(), labels.fill("keyword_cooperation", &[])];
    if dataset.info().subject.is_some() {
        keywords.push(labels.subject_name().to_owned());
    }
    let generated = labels.day(briefing.date);
    let data_as_of = dataset
        .data_as_of()
        .map(|d| labels.date(&d))
        .unwrap_or_default();
    let imprint = imprint(dataset, labels, &data_as_of, &generated);
    let owner = match briefing.organization.as_str() {
        "" => "attache",
        organization => organization,
    };
    let logo_alt = labels.fill("logo_alt", &[("organization", owner)]);
    Meta {
        title,
        subtitle,
        kind,
        keywords,
        generated,
        date: DateParts {
            year: briefing.date.year(),
            month: briefing.date.month(),
            day: briefing.date.day(),
        },
        dataset_version: dataset.fingerprint(),
        data_as_of,
        imprint,
        logo_alt,
        briefing,
    }
}

/// The imprint line: "International military cooperation of ... Data version 299e7555, a
/// fingerprint of the data files that changes whenever they do. Newest source: 2025.
/// Generated on 1 January 2026." Each part that the dataset lacks is left out.
fn imprint(dataset: &Dataset, labels: &Labels, as_of: &str, generated: &str) -> String {
    let info = dataset.info();
    let title = info
        .translations
        .get(labels.language(), "title")
        .unwrap_or(&info.title);
    let version = dataset.fingerprint();
    let mut parts = Vec::new();
    if !title.is_empty() {
        parts.push(labels.fill("imprint_dataset", &[("title", title)]));
    }
    parts.push(labels.fill("imprint_version", &[("version", &version)]));
    if !as_of.is_empty() {
        parts.push(labels.fill("imprint_sources", &[("date", as_of)]));
    }
    parts.push(labels.fill("imprint_generated", &[("date", generated)]));
    parts.join(" ")
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
/// the subject's own) and the number of its figures: the first recorded event and the counts,
/// leaving out every count that is zero. Empty for a report with no event and no figure.
pub(super) fn facts(events: &[&Event], figures: usize, labels: &Labels) -> Vec<Fact> {
    let count = |kinds: &[EventKind]| events.iter().filter(|e| kinds.contains(&e.kind)).count();
    let counts = [
        ("recorded_events", events.len()),
        (
            "agreements_declarations",
            count(&[
                EventKind::Agreement,
                EventKind::Declaration,
                EventKind::Accession,
            ]),
        ),
        (
            "exercises_training",
            count(&[EventKind::Exercise, EventKind::Training]),
        ),
        (
            "visits_meetings",
            count(&[EventKind::Visit, EventKind::Meeting]),
        ),
        ("quantified_facts", figures),
    ];
    let first = events
        .iter()
        .min_by(|a, b| attache_core::chronological(a, b))
        .map(|e| {
            Fact::new(
                labels.get("first_recorded_event").to_owned(),
                labels.event_start(e),
            )
        });
    first
        .into_iter()
        .chain(
            counts
                .into_iter()
                .filter(|(_, n)| *n > 0)
                .map(|(key, n)| Fact::new(labels.get(key).to_owned(), labels.number(n))),
        )
        .collect()
}
