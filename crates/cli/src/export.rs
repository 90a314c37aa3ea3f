//! `attache export`: the whole dataset as JSON, the events as CSV for spreadsheets and pandas,
//! or as an iCalendar file (RFC 5545) for calendar programs.

use std::process::ExitCode;

use anyhow::{Context, Result};
use attache_core::{Citation, Dataset, DateQualifier, Diagnostic, Event, EventStatus, Precision};
use chrono::{DateTime, Days, Utc};

use crate::args::{ExportArgs, ExportFormat, Global};
use crate::{data, diagnostics, list, output, ui};

/// The byte order mark that tells Excel a CSV file is UTF-8 (`--bom`).
const BOM: &str = "\u{FEFF}";

/// Writes the export of the events the filters keep (and every other record) to the file
/// asked for, or to standard output (no `-o`, or `-o -`).
pub(crate) fn export(global: &Global, args: &ExportArgs) -> Result<ExitCode> {
    let dataset = data::released(global, &args.release)?;
    let filter = list::event_filter(&dataset, &args.filter)?;
    let events: Vec<&Event> = dataset.events_matching(&filter).collect();
    if events.is_empty() {
        diagnostics::emit(&[Diagnostic::error(
            "no event matches these filters; the export holds none",
        )
        .as_warning()
        .with_hint(
            "widen the dates or drop a filter; `attache list events` accepts the same filters",
        )]);
    }
    let mut text = match args.format {
        ExportFormat::Json => json(&dataset, &events)?,
        ExportFormat::Csv => events_csv(&events)?,
        // DTSTAMP: SOURCE_DATE_EPOCH when set, so the same data gives the same file; else now.
        ExportFormat::Ics => ics(&dataset, &events, attache_core::document_time()?),
    };
    if args.bom {
        if args.format != ExportFormat::Csv {
            anyhow::bail!(
                Diagnostic::error("--bom is for CSV only")
                    .with_hint("drop --bom, or add --format csv")
            );
        }
        text.insert_str(0, BOM);
    }
    match &args.output {
        Some(path) if !output::is_stdout(path) => {
            data::inputs(global).check(path)?;
            output::write_atomic(path, text.as_bytes())?;
            ui::info(format!("wrote {}", path.display()));
        }
        _ => output::stdout(&text)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The export as a snapshot of the whole dataset: the shape every PDF attaches, so either can
/// be compared with `attache diff`.
fn json(dataset: &Dataset, events: &[&Event]) -> Result<String> {
    let date = attache_core::document_date()?;
    Ok(attache_core::Snapshot::whole(dataset, events, date).to_json())
}

/// Citations as `id: locator; id: locator`.
pub(crate) fn cited(sources: &[Citation]) -> String {
    sources
        .iter()
        .map(|c| format!("{}: {}", c.id, c.locator))
        .collect::<Vec<_>>()
        .join("; ")
}

/// An event's date in words, marked when no cited passage states it: "by 2002 (inferred)".
pub(crate) fn date_text(event: &Event) -> String {
    attache_generator::Words::english().event_date_marked(event)
}

/// The columns of every events CSV (`export --format csv`, `list events --format csv`): the
/// one definition of their names. `date`, `date_end` and `date_qualifier` are the date as
/// the source gives it (the data file's `date`, `end` and `date_qualifier`); `start` and `end`
/// are the first and last day it may cover, as YYYY-MM-DD, so the file sorts by date;
/// `date_inferred` says no cited passage states the date. New columns go at the end.
pub(crate) const EVENT_COLUMNS: [&str; 15] = [
    "id",
    "date",
    "date_qualifier",
    "date_end",
    "start",
    "end",
    "kind",
    "partners",
    "areas",
    "title",
    "summary",
    "sources",
    "location",
    "status",
    "date_inferred",
];

/// One row of [`EVENT_COLUMNS`] for an event.
fn event_row(e: &Event) -> [String; 15] {
    [
        e.id.clone(),
        e.date.to_string(),
        e.date_qualifier.map(qualifier_name).unwrap_or_default(),
        e.end.map(|d| d.to_string()).unwrap_or_default(),
        e.first_day().format("%Y-%m-%d").to_string(),
        e.last_day().format("%Y-%m-%d").to_string(),
        e.kind.name().to_owned(),
        e.partners.join("; "),
        e.areas.join("; "),
        e.title.clone(),
        e.summary.clone(),
        cited(&e.sources),
        e.location.clone().unwrap_or_default(),
        e.status.name().to_owned(),
        e.date_inferred.to_string(),
    ]
}

/// The events as CSV with a header row of [`EVENT_COLUMNS`] (UTF-8, no byte order mark).
pub(crate) fn events_csv(events: &[&Event]) -> Result<String> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(EVENT_COLUMNS)?;
    for e in events {
        out.write_record(event_row(e))?;
    }
    let bytes = out.into_inner().context("cannot write the CSV")?;
    String::from_utf8(bytes).context("the CSV is not UTF-8")
}

/// The qualifier as written in data files ("first-half").
pub(crate) fn qualifier_name(qualifier: DateQualifier) -> String {
    match serde_json::to_value(qualifier) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

fn ics(dataset: &Dataset, events: &[&Event], stamp: DateTime<Utc>) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        format!(
            "PRODID:-//attache//attache {}//EN",
            env!("CARGO_PKG_VERSION")
        ),
        "CALSCALE:GREGORIAN".to_owned(),
        "X-WR-CALNAME:attache events".to_owned(),
    ];
    let stamp = stamp.format("%Y%m%dT%H%M%SZ").to_string();
    for e in events {
        lines.extend(vevent(dataset, e, &stamp));
    }
    lines.push("END:VCALENDAR".to_owned());
    lines.iter().map(|l| fold(l) + "\r\n").collect()
}

fn vevent(dataset: &Dataset, e: &Event, stamp: &str) -> Vec<String> {
    // A date known to the month or year is shown on its first day, and says so below.
    let start = e.first_day();
    // DTEND of an all-day entry is the day after the last one.
    let last = e.end.map_or(start, |end| end.last_day());
    let end = last.checked_add_days(Days::new(1)).unwrap_or(last);
    let mut description = e.summary.clone();
    description.push_str(&format!("\n\nDate: {}", date_text(e)));
    match e.date.precision() {
        Precision::Day => {}
        Precision::Month => {
            description.push_str(" (the source gives only the month; shown on its first day)")
        }
        Precision::Year => {
            description.push_str(" (the source gives only the year; shown on its first day)")
        }
    }
    if !e.partners.is_empty() {
        let names: Vec<&str> = e
            .partners
            .iter()
            .map(|id| dataset.partner(id).map_or(id.as_str(), |p| p.name.as_str()))
            .collect();
        description.push_str(&format!("\nPartners: {}", names.join(", ")));
    }
    description.push_str(&format!("\nSources: {}", cited(&e.sources)));
    let mut lines = vec![
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}@attache", e.id),
        format!("DTSTAMP:{stamp}"),
        format!("DTSTART;VALUE=DATE:{}", start.format("%Y%m%d")),
        format!("DTEND;VALUE=DATE:{}", end.format("%Y%m%d")),
        format!("SUMMARY:{}", escape(&e.title)),
        format!("DESCRIPTION:{}", escape(&description)),
    ];
    if let Some(location) = &e.location {
        lines.push(format!("LOCATION:{}", escape(location)));
    }
    let categories: Vec<String> = std::iter::once(e.kind.name())
        .chain(e.areas.iter().map(String::as_str))
        .map(escape)
        .collect();
    lines.push(format!("CATEGORIES:{}", categories.join(",")));
    lines.push(
        match e.status {
            EventStatus::Occurred => "STATUS:CONFIRMED",
            EventStatus::Planned | EventStatus::UnderDiscussion => "STATUS:TENTATIVE",
        }
        .to_owned(),
    );
    lines.push("TRANSP:TRANSPARENT".to_owned());
    lines.push("END:VEVENT".to_owned());
    lines
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

/// Folds a content line into lines of at most 75 octets, never splitting a character
/// (RFC 5545 §3.1); continuation lines start with a space.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_on_character_boundaries() {
        let line = format!("DESCRIPTION:{}", "ə".repeat(100));
        let folded = fold(&line);
        for part in folded.split("\r\n") {
            assert!(part.len() <= 75, "{} octets: {part}", part.len());
        }
        assert_eq!(folded.replace("\r\n ", ""), line);
    }

    #[test]
    fn escapes_text_values() {
        assert_eq!(escape("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
    }
}
