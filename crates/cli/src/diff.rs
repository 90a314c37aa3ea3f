//! `attache diff OLD NEW`: what changed between two versions of a dataset, as text (coloured
//! on a terminal), JSON or Markdown. Core finds the changes; this prints them.

use std::fmt::Write as _;
use std::process::ExitCode;

use anstyle::{AnsiColor, Style};
use anyhow::Result;
use attache_core::{Changed, Changes, DiffRecord, FieldChange, FieldHow, Slice};
use serde_json::{Value, json};

use crate::args::{DiffArgs, DiffFormat, Global};
use crate::baseline::{self, Version};
use crate::{list, output};

const ADDED: Style = AnsiColor::Green.on_default();
const REMOVED: Style = AnsiColor::Red.on_default();
const CHANGED: Style = AnsiColor::Yellow.on_default();
const HEADING: Style = Style::new().bold();

/// Compares the two versions the user named and prints the changes among the records the
/// filters keep.
pub(crate) fn diff(global: &Global, args: &DiffArgs) -> Result<ExitCode> {
    let old = baseline::read(global, &args.old, Some(&args.new), &args.release)?;
    let new = baseline::read(global, &args.new, Some(&args.old), &args.release)?;
    let filter = list::event_filter(&new.dataset, &args.filter)?;
    let withheld = old.withheld.union(&new.withheld).cloned().collect();
    let changes = attache_core::diff(
        &Slice::matching(&old.dataset, &filter),
        &Slice::matching(&new.dataset, &filter),
        &withheld,
    );
    let sides = [(&args.old, &old), (&args.new, &new)];
    match args.format {
        DiffFormat::Text => output::styled_stdout(&text(&changes, sides))?,
        DiffFormat::Json => {
            output::stdout(&(serde_json::to_string_pretty(&as_json(&changes, sides))? + "\n"))?
        }
        DiffFormat::Markdown => output::stdout(&markdown(&changes, sides))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// "data (fingerprint 1a2b3c4d)" or "brief.pdf (made 2026-05-01, fingerprint ...)".
fn describe(spec: &str, version: &Version) -> String {
    let made = version
        .date
        .map(|d| format!("made {d}, "))
        .unwrap_or_default();
    format!(
        "{spec} ({made}fingerprint {})",
        version.dataset.fingerprint()
    )
}

fn text(changes: &Changes, sides: [(&String, &Version); 2]) -> String {
    let mut out = format!(
        "{HEADING}Changes from {} to {}{HEADING:#}\n",
        output::printable(&describe(sides[0].0, sides[0].1)),
        output::printable(&describe(sides[1].0, sides[1].1)),
    );
    let _ = writeln!(out, "{}\n", summary(changes));
    let lists: [(&str, char, Style, &[DiffRecord]); 2] = [
        ("Added", '+', ADDED, &changes.added),
        ("Removed", '-', REMOVED, &changes.removed),
    ];
    for (title, mark, style, records) in lists {
        if !records.is_empty() {
            let _ = writeln!(out, "{HEADING}{title}{HEADING:#}");
            for record in records {
                let _ = writeln!(out, "  {style}{mark} {}{style:#}", line(record));
            }
            out.push('\n');
        }
    }
    if !changes.changed.is_empty() {
        let _ = writeln!(out, "{HEADING}Changed{HEADING:#}");
        for changed in &changes.changed {
            let _ = writeln!(out, "  {CHANGED}~ {}{CHANGED:#}", line(&changed.record));
            for field in field_lines(changed) {
                let _ = writeln!(out, "      {field}");
            }
        }
    }
    out
}

/// "3 added, 1 removed, 2 changed", or that nothing changed.
fn summary(changes: &Changes) -> String {
    if changes.is_empty() {
        return "No record was added, removed or changed.".to_owned();
    }
    format!(
        "{} added, {} removed, {} changed.",
        changes.added.len(),
        changes.removed.len(),
        changes.changed.len()
    )
}

/// "2005-03  event  2005-03-zenda-visit  Visit to Zenda".
fn line(record: &DiffRecord) -> String {
    let kind = match record.kind {
        attache_core::DiffKind::Event => "event",
        attache_core::DiffKind::Figure => "figure",
    };
    output::printable(&format!(
        "{:<10}  {kind:<6}  {}  {}",
        record.date.to_string(),
        record.id,
        record.title
    ))
    .into_owned()
}

/// One line per changed field, in words: "date: 2005 → 2005-03 (made more precise)".
fn field_lines(changed: &Changed) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(former) = &changed.former_id {
        lines.push(format!("id: renamed from {former}"));
    }
    lines.extend(
        changed
            .fields
            .iter()
            .map(|f| output::printable(&field_words(f)).into_owned()),
    );
    lines
}

fn field_words(change: &FieldChange) -> String {
    let name = &change.field;
    let (old, new) = (item(&change.old), item(&change.new));
    match change.how {
        FieldHow::Refined => format!("{name}: {old} → {new} (made more precise)"),
        FieldHow::Reworded => format!("{name}: reworded\n        was: {old}\n        now: {new}"),
        FieldHow::Set => format!("{name}: now {new}"),
        FieldHow::Cleared => format!("{name}: {old} removed"),
        FieldHow::Changed => format!("{name}: {old} → {new}"),
        FieldHow::List => {
            let mut parts = Vec::new();
            if !change.added.is_empty() {
                parts.push(format!("added {}", items(&change.added)));
            }
            if !change.removed.is_empty() {
                parts.push(format!("removed {}", items(&change.removed)));
            }
            if parts.is_empty() {
                parts.push("reordered".to_owned());
            }
            format!("{name}: {}", parts.join("; "))
        }
    }
}

/// A value in words: text as it is, a citation as "source (locator)", anything else as JSON.
fn item(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Object(map) => match (map.get("id"), map.get("locator")) {
            (Some(Value::String(id)), Some(Value::String(locator))) => format!("{id} ({locator})"),
            _ => value.to_string(),
        },
        Value::Array(values) => items(values),
        other => other.to_string(),
    }
}

fn items(values: &[Value]) -> String {
    values.iter().map(item).collect::<Vec<_>>().join(", ")
}

fn as_json(changes: &Changes, sides: [(&String, &Version); 2]) -> Value {
    let side = |(spec, version): (&String, &Version)| {
        json!({
            "spec": spec,
            "fingerprint": version.dataset.fingerprint(),
            "generated": version.date,
        })
    };
    json!({
        "old": side(sides[0]),
        "new": side(sides[1]),
        "added": changes.added,
        "removed": changes.removed,
        "changed": changes.changed,
    })
}

fn markdown(changes: &Changes, sides: [(&String, &Version); 2]) -> String {
    let mut out = format!(
        "# Changes from {} to {}\n\n{}\n",
        escape(&describe(sides[0].0, sides[0].1)),
        escape(&describe(sides[1].0, sides[1].1)),
        summary(changes)
    );
    let entry = |r: &DiffRecord| format!("- {} `{}` {}\n", r.date, r.id, escape(&r.title));
    for (title, records) in [("Added", &changes.added), ("Removed", &changes.removed)] {
        if !records.is_empty() {
            let _ = write!(out, "\n## {title}\n\n");
            out.extend(records.iter().map(entry));
        }
    }
    if !changes.changed.is_empty() {
        out.push_str("\n## Changed\n\n");
        for changed in &changes.changed {
            out.push_str(&entry(&changed.record));
            for field in field_lines(changed) {
                let field = field.replace("\n        ", "; ");
                let _ = writeln!(out, "  - {}", escape(&field));
            }
        }
    }
    out
}

/// Data as Markdown text: every character Markdown gives a meaning is escaped, so a title
/// cannot become a link, a heading or emphasis.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in output::printable(text).chars() {
        if "\\`*_{}[]()<>#+-.!|~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
