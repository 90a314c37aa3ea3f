//! `attache search WORDS`: the records core's search finds, best first, with the matching
//! words highlighted when standard output is a terminal, or as JSON.

use std::fmt::Write as _;
use std::ops::Range;
use std::process::ExitCode;

use anstyle::{AnsiColor, Style};
use anyhow::Result;
use attache_core::{Diagnostic, FieldMatch, RecordRef, SearchHit};
use attache_generator::Words;
use serde_json::json;

use crate::args::{Global, SearchArgs, ShowFormat};
use crate::{data, output};

/// How a matching word is shown on a terminal.
const MARK: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)));
/// How many characters of a long field are shown around its first match.
const SNIPPET: usize = 110;

/// Prints the hits for the words asked for.
pub(crate) fn search(global: &Global, args: &SearchArgs) -> Result<ExitCode> {
    let dataset = data::load_valid(global)?;
    let query = args.words.join(" ");
    let hits = dataset.search(&query);
    let shown = &hits[..hits.len().min(args.limit)];
    match args.format {
        ShowFormat::Json => {
            let records: Vec<_> = shown.iter().map(to_json).collect();
            output::stdout(&(serde_json::to_string_pretty(&records)? + "\n"))?;
        }
        ShowFormat::Text if hits.is_empty() => {
            anyhow::bail!(
                Diagnostic::error(format!("nothing matches \"{query}\"")).with_hint(
                    "a record must hold every word: try fewer words, or another spelling"
                )
            );
        }
        ShowFormat::Text => {
            let mut text = String::new();
            for (rank, hit) in shown.iter().enumerate() {
                write_hit(&mut text, rank + 1, hit);
            }
            if hits.len() > shown.len() {
                let _ = writeln!(
                    text,
                    "({} more; --limit N shows more)",
                    hits.len() - shown.len()
                );
            }
            output::styled_stdout(&text)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A hit's heading: its title or name, and its date when it has one.
fn heading<'a>(record: &RecordRef<'a>) -> (&'static str, &'a str, Option<String>) {
    let words = Words::english();
    match record {
        RecordRef::Event(e) => ("title", &e.title, Some(words.event_date(e))),
        RecordRef::Partner(p) => ("name", &p.name, None),
        RecordRef::Figure(f) => ("what", &f.what, Some(words.date(&f.as_of))),
        RecordRef::Source(s) => ("title", &s.title, s.date.as_ref().map(|d| words.date(d))),
        RecordRef::Period(p) => ("name", &p.name, None),
        RecordRef::Area(a) => ("name", &a.name, None),
    }
}

/// One hit for people: rank, kind, id and date; the heading; a snippet of the first other
/// field that matched. Matching words are wrapped in styles; `styled_stdout` drops them off a
/// terminal.
fn write_hit(out: &mut String, rank: usize, hit: &SearchHit<'_>) {
    let (heading_field, title, date) = heading(&hit.record);
    let id = match hit.record {
        RecordRef::Figure(f) => f.partners.join(", "),
        record => record.id().to_owned(),
    };
    let date = date.map(|d| format!("  {d}")).unwrap_or_default();
    let _ = writeln!(
        out,
        "{rank:>3}. {:<8}{}{}",
        hit.record.kind(),
        output::printable(&id),
        output::printable(&date)
    );
    let in_heading = hit.fields.iter().find(|f| f.field == heading_field);
    let title = match in_heading {
        Some(found) => marked(found.text, &found.ranges),
        None => output::printable(title).into_owned(),
    };
    let _ = writeln!(out, "     {title}");
    let other = hit
        .fields
        .iter()
        .find(|f| f.field != heading_field && f.field != "id");
    if let Some(found) = other {
        let _ = writeln!(out, "     {}: {}", found.field, snippet(found));
    }
}

/// The part of a field around its first match, marked, with "…" where it was cut.
fn snippet(found: &FieldMatch<'_>) -> String {
    let text = found.text;
    let first = found.ranges.first().map_or(0, |r| r.start);
    let start = boundary(text, first.saturating_sub(SNIPPET / 3));
    let end = boundary(text, (start + SNIPPET).min(text.len()));
    let ranges: Vec<Range<usize>> = found
        .ranges
        .iter()
        .filter(|r| r.start >= start && r.end <= end)
        .map(|r| r.start - start..r.end - start)
        .collect();
    let mut shown = marked(&text[start..end], &ranges).replace('\n', " ");
    if start > 0 {
        shown.insert(0, '…');
    }
    if end < text.len() {
        shown.push('…');
    }
    shown
}

/// The nearest character boundary at or before `at`.
fn boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `text` made printable, with each range wrapped in the [`MARK`] style.
fn marked(text: &str, ranges: &[Range<usize>]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for range in ranges {
        if range.start < at {
            continue;
        }
        out.push_str(&output::printable(&text[at..range.start]));
        let _ = write!(
            out,
            "{MARK}{}{MARK:#}",
            output::printable(&text[range.clone()])
        );
        at = range.end;
    }
    out.push_str(&output::printable(&text[at..]));
    out
}

/// A hit as JSON: kind, id, title, date, score and the matching words of each field.
fn to_json(hit: &SearchHit<'_>) -> serde_json::Value {
    let (_, title, date) = heading(&hit.record);
    let (id, partners) = match hit.record {
        RecordRef::Figure(f) => (None, Some(&f.partners)),
        record => (Some(record.id()), None),
    };
    let matches: serde_json::Map<String, serde_json::Value> = hit
        .fields
        .iter()
        .map(|f| (f.field.to_owned(), json!(f.words())))
        .collect();
    json!({
        "kind": hit.record.kind(),
        "id": id,
        "partners": partners,
        "title": title,
        "date": date,
        "score": (hit.score * 1000.0).round() / 1000.0,
        "matches": matches,
    })
}
