//! The "Changes since" section (`--since`): what was added, corrected and withdrawn among the
//! records a report shows, compared with an older version of the dataset (a previous brief's
//! snapshot, an export or a folder). Core finds the changes; this puts them in words.

use attache_core::{Changed, Changes, Dataset, DiffKind, DiffRecord, FieldHow, PartialDate};
use serde::Serialize;

use crate::anchors;
use crate::labels::Labels;
use crate::request::Report;
use crate::snapshot::{Baseline, shown};

/// The section as its template draws it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChangesView {
    /// "Changes since 1 March 2026".
    pub(crate) heading: String,
    /// "Added: 3 · Corrected: 2 · Withdrawn: 1", or that nothing changed.
    summary: String,
    /// The three lists, each with its heading; empty lists are left out.
    groups: Vec<ChangeGroup>,
    /// The labels of the entries added since, which the chronology marks with a margin bar.
    pub(crate) added_anchors: Vec<String>,
    /// The sentence that explains the margin bar; "" when no entry carries one.
    legend: String,
}

#[derive(Debug, Clone, Serialize)]
struct ChangeGroup {
    heading: String,
    entries: Vec<ChangeEntry>,
}

/// One change: the record's date and title, where it is printed, and what changed.
#[derive(Debug, Clone, Serialize)]
struct ChangeEntry {
    date: String,
    title: String,
    /// The label of its entry in this report; "" for a withdrawn record, printed no more.
    anchor: String,
    /// What changed, in words ("date made more precise (2005 → March 2005); sources added").
    detail: String,
}

/// What changed in the records `report` shows since `baseline`.
pub(crate) fn changes(
    baseline: &Baseline,
    dataset: &Dataset,
    report: &Report,
    labels: &Labels,
) -> ChangesView {
    let found = attache_core::diff(
        &shown(&baseline.dataset, report),
        &shown(dataset, report),
        &baseline.withheld,
    );
    let since = match baseline.date {
        Some(date) => labels.fill("changes_since", &[("date", &labels.date(&date))]),
        None => labels.fill(
            "changes_since_version",
            &[("version", &baseline.dataset.fingerprint())],
        ),
    };
    let entry = |source: &Dataset, record: &DiffRecord, linked: bool, detail: String| {
        let (date, title) = described(source, record, labels);
        ChangeEntry {
            date,
            title,
            anchor: if linked {
                anchor(record)
            } else {
                String::new()
            },
            detail,
        }
    };
    let groups = [
        (
            "changes_added",
            found
                .added
                .iter()
                .map(|r| entry(dataset, r, true, String::new()))
                .collect(),
        ),
        (
            "changes_corrected",
            (found.changed.iter())
                .map(|c| entry(dataset, &c.record, true, detail(c, labels)))
                .collect(),
        ),
        (
            "changes_withdrawn",
            (found.removed.iter())
                .map(|r| entry(&baseline.dataset, r, false, String::new()))
                .collect(),
        ),
    ];
    let added_anchors: Vec<String> = (found.added.iter())
        .filter(|r| r.kind == DiffKind::Event)
        .map(anchor)
        .collect();
    ChangesView {
        summary: summary(&found, labels),
        legend: if added_anchors.is_empty() {
            String::new()
        } else {
            labels.get("changes_bar_legend").to_owned()
        },
        heading: since,
        groups: (groups.into_iter())
            .filter(|(_, entries): &(_, Vec<ChangeEntry>)| !entries.is_empty())
            .map(|(key, entries)| ChangeGroup {
                heading: labels.get(key).to_owned(),
                entries,
            })
            .collect(),
        added_anchors,
    }
}

/// "Added: 3 · Corrected: 2 · Withdrawn: 1", or "No record … changed".
fn summary(found: &Changes, labels: &Labels) -> String {
    if found.is_empty() {
        return labels.get("changes_none").to_owned();
    }
    [
        ("changes_added", found.added.len()),
        ("changes_corrected", found.changed.len()),
        ("changes_withdrawn", found.removed.len()),
    ]
    .iter()
    .map(|(key, n)| format!("{}: {}", labels.get(key), labels.number(*n)))
    .collect::<Vec<_>>()
    .join(" · ")
}

/// The label a record's entry carries in a report.
fn anchor(record: &DiffRecord) -> String {
    match record.kind {
        DiffKind::Event => anchors::event(&record.id),
        DiffKind::Figure => anchors::figure(&record.id),
    }
}

/// The record's date as the report prints it (an event's with its qualifier), and its title
/// (an event's) or its value and what it counts (a figure's), in the report's language.
fn described(dataset: &Dataset, record: &DiffRecord, labels: &Labels) -> (String, String) {
    let found = match record.kind {
        DiffKind::Event => dataset.event(&record.id).map(|e| {
            let title = labels.pick(&e.translations, "title", &e.title).text;
            (labels.event_date(e), title)
        }),
        DiffKind::Figure => dataset.figure(&record.id).map(|f| {
            let value = labels.pick(&f.translations, "value", &f.value).text;
            let what = labels.pick(&f.translations, "what", &f.what).text;
            (labels.date(&f.as_of), format!("{value} {what}"))
        }),
    };
    found.unwrap_or_else(|| (labels.date(&record.date), record.title.clone()))
}

/// What changed in a record, in words, each field once.
fn detail(changed: &Changed, labels: &Labels) -> String {
    let date_of = |value: &serde_json::Value| {
        (value.as_str())
            .and_then(|text| text.parse::<PartialDate>().ok())
            .map(|date| labels.date(&date))
            .unwrap_or_default()
    };
    let mut parts: Vec<String> = Vec::new();
    for field in &changed.fields {
        let key = match (field.field.as_str(), field.how) {
            ("date" | "end" | "as_of", FieldHow::Refined) => "change_date_refined",
            ("date" | "end" | "as_of", _) => "change_date",
            ("title" | "what", _) => "change_title",
            ("summary", _) => "change_summary",
            ("value", _) => "change_value",
            ("partners", _) => "change_partners",
            ("sources", _) => "change_sources",
            _ => "change_other",
        };
        let text = labels.fill(
            key,
            &[("old", &date_of(&field.old)), ("new", &date_of(&field.new))],
        );
        if !parts.contains(&text) {
            parts.push(text);
        }
    }
    parts.join("; ")
}
