//! `attache show`: one event, partner, period, area or source in full, with the passages of
//! the sources it cites.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::{Result, bail};
use attache_core::{
    Area, Citation, Dataset, Diagnostic, Event, EventStatus, Partner, PartnerMatch, Period, Source,
    suggest,
};
use serde_json::{Value, json};

use crate::args::{Global, RecordKind, ShowArgs, ShowFormat};
use crate::{data, export, output, ui};

/// One record found by id.
enum Found<'a> {
    Event(&'a Event),
    Partner(&'a Partner),
    Period(&'a Period),
    Area(&'a Area),
    Source(&'a Source),
}

impl Found<'_> {
    fn kind(&self) -> &'static str {
        match self {
            Found::Event(_) => "event",
            Found::Partner(_) => "partner",
            Found::Period(_) => "period",
            Found::Area(_) => "area",
            Found::Source(_) => "source",
        }
    }
}

/// Prints the record the id names.
pub(crate) fn show(global: &Global, args: &ShowArgs) -> Result<ExitCode> {
    let dataset = data::load_valid(global)?;
    let found = find(&dataset, &args.id, args.kind)?;
    if let [first, others @ ..] = found.as_slice() {
        for other in others {
            ui::info(format!(
                "note: `{}` also names a {k}; add `--kind {k}` to show it",
                args.id,
                k = other.kind()
            ));
        }
        match args.format {
            ShowFormat::Text => output::stdout(&text(&dataset, first))?,
            ShowFormat::Json => {
                output::stdout(&(serde_json::to_string_pretty(&json(&dataset, first)?)? + "\n"))?
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn find<'a>(dataset: &'a Dataset, id: &str, kind: Option<RecordKind>) -> Result<Vec<Found<'a>>> {
    let wants = |k: RecordKind| kind.is_none_or(|w| w == k);
    let mut found = Vec::new();
    if wants(RecordKind::Event) {
        found.extend(dataset.event(id).map(Found::Event));
    }
    if wants(RecordKind::Partner) {
        found.extend(dataset.partner(id).map(Found::Partner));
    }
    if wants(RecordKind::Period) {
        found.extend(dataset.period(id).map(Found::Period));
    }
    if wants(RecordKind::Area) {
        found.extend(dataset.area(id).map(Found::Area));
    }
    if wants(RecordKind::Source) {
        found.extend(dataset.source(id).map(Found::Source));
    }
    let mut close: Vec<String> = Vec::new();
    if found.is_empty() && wants(RecordKind::Partner) {
        match dataset.find_partner(id) {
            PartnerMatch::Found(p) => found.push(Found::Partner(p)),
            PartnerMatch::NotFound(partners) => {
                close.extend(partners.iter().map(|p| p.id.clone()));
            }
        }
    }
    if !found.is_empty() {
        return Ok(found);
    }
    let mut ids: Vec<&str> = Vec::new();
    if wants(RecordKind::Event) {
        ids.extend(dataset.events().iter().map(|e| e.id.as_str()));
    }
    if wants(RecordKind::Period) {
        ids.extend(dataset.periods().iter().map(|p| p.id.as_str()));
    }
    if wants(RecordKind::Area) {
        ids.extend(dataset.areas().iter().map(|a| a.id.as_str()));
    }
    if wants(RecordKind::Source) {
        ids.extend(dataset.sources().iter().map(|s| s.id.as_str()));
    }
    while close.len() < 3 {
        let Some(best) = suggest(id, ids.iter().copied()) else {
            break;
        };
        if !close.iter().any(|c| c == best) {
            close.push(best.to_owned());
        }
        ids.retain(|i| *i != best);
    }
    let what = match kind {
        None => "no event, partner, period, area or source",
        Some(RecordKind::Event) => "no event",
        Some(RecordKind::Partner) => "no partner",
        Some(RecordKind::Period) => "no period",
        Some(RecordKind::Area) => "no area",
        Some(RecordKind::Source) => "no source",
    };
    let hint = if close.is_empty() {
        "`attache list events` (or partners, periods, types) shows every id".to_owned()
    } else {
        format!("did you mean `{}`?", close.join("`, `"))
    };
    bail!(Diagnostic::error(format!("{what} has the id `{id}`")).with_hint(hint))
}

/// Wraps text to 88 columns, each line indented.
fn wrap(text: &str, indent: &str) -> String {
    let mut out = String::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty()
                && indent.len() + line.chars().count() + 1 + word.chars().count() > 88
            {
                let _ = writeln!(out, "{indent}{line}");
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        let _ = writeln!(out, "{indent}{line}");
    }
    out
}

fn field(out: &mut String, label: &str, value: impl AsRef<str>) {
    if !value.as_ref().is_empty() {
        let _ = writeln!(out, "{:<14}{}", format!("{label}:"), value.as_ref());
    }
}

fn source_line(source: &Source) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !source.author.is_empty() {
        parts.push(source.author.clone());
    }
    parts.push(format!("\"{}\"", source.title));
    if !source.publisher.is_empty() {
        parts.push(source.publisher.clone());
    }
    if let Some(date) = &source.date {
        parts.push(date.to_string());
    }
    parts.join(", ")
}

fn citations(out: &mut String, dataset: &Dataset, sources: &[Citation]) {
    if sources.is_empty() {
        return;
    }
    out.push_str("\nSources:\n");
    for (i, c) in sources.iter().enumerate() {
        let _ = writeln!(out, "  [{}] {}: {}", i + 1, c.id, c.locator);
        if let Some(source) = dataset.source(&c.id) {
            out.push_str(&wrap(&source_line(source), "      "));
        }
    }
}

fn names(ids: &[String], name: impl Fn(&str) -> Option<String>) -> String {
    ids.iter()
        .map(|id| match name(id) {
            Some(n) if n != *id => format!("{n} ({id})"),
            _ => id.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn event_lines(out: &mut String, events: &[&Event]) {
    if events.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nEvents ({}):", events.len());
    for e in events {
        let _ = writeln!(out, "  {:<22} {}  ({})", e.date_label(), e.title, e.id);
    }
}

fn text(dataset: &Dataset, found: &Found<'_>) -> String {
    let mut out = String::new();
    match found {
        Found::Event(e) => {
            let _ = writeln!(out, "Event {}\n", e.id);
            field(&mut out, "Title", &e.title);
            field(&mut out, "Date", e.date_label());
            field(&mut out, "Kind", e.kind.name());
            if e.status != EventStatus::Occurred {
                field(&mut out, "Status", e.status.name());
            }
            let partner = |id: &str| dataset.partner(id).map(|p| p.name.clone());
            field(&mut out, "Partners", names(&e.partners, partner));
            let area = |id: &str| dataset.area(id).map(|a| a.name.clone());
            field(&mut out, "Areas", names(&e.areas, area));
            field(&mut out, "Location", e.location.clone().unwrap_or_default());
            if let Some(p) = dataset.period_of(e) {
                field(&mut out, "Period", format!("{} ({})", p.name, p.id));
            }
            let other = |id: &str| dataset.event(id).map(|o| o.title.clone());
            field(&mut out, "Conflicts with", names(&e.conflicts_with, other));
            out.push('\n');
            out.push_str(&wrap(&e.summary, ""));
            citations(&mut out, dataset, &e.sources);
        }
        Found::Partner(p) => {
            let _ = writeln!(out, "Partner {} ({})\n", p.name, p.id);
            field(&mut out, "Kind", p.kind.name());
            field(&mut out, "ISO code", p.iso3.clone().unwrap_or_default());
            field(
                &mut out,
                "Native name",
                p.native_name.clone().unwrap_or_default(),
            );
            field(&mut out, "Aliases", p.aliases.join(", "));
            field(&mut out, "Relationship", &p.relationship);
            out.push('\n');
            out.push_str(&wrap(&p.summary, ""));
            let figures: Vec<_> = dataset.figures_for(&p.id).collect();
            if !figures.is_empty() {
                out.push_str("\nFigures:\n");
                for f in figures {
                    out.push_str(&wrap(
                        &format!(
                            "{}: {} (as of {}; {})",
                            f.value,
                            f.what,
                            f.as_of.human(),
                            export::cited(&f.sources)
                        ),
                        "  ",
                    ));
                }
            }
            event_lines(&mut out, &dataset.events_with(&p.id).collect::<Vec<_>>());
            citations(&mut out, dataset, &p.sources);
        }
        Found::Period(p) => {
            let _ = writeln!(out, "Period {} ({})\n", p.name, p.id);
            field(&mut out, "Span", p.span_label());
            out.push('\n');
            out.push_str(&wrap(&p.summary, ""));
            let events: Vec<&Event> = dataset
                .events()
                .iter()
                .filter(|e| dataset.period_of(e).is_some_and(|q| q.id == p.id))
                .collect();
            let _ = writeln!(
                out,
                "\nEvents: {} (see `attache report period {}`)",
                events.len(),
                p.id
            );
            citations(&mut out, dataset, &p.sources);
        }
        Found::Area(a) => {
            let _ = writeln!(out, "Area {} ({})\n", a.name, a.id);
            out.push_str(&wrap(&a.summary, ""));
            let count = dataset
                .events()
                .iter()
                .filter(|e| e.areas.contains(&a.id))
                .count();
            let _ = writeln!(
                out,
                "\nEvents: {count} (see `attache report type {}`)",
                a.id
            );
        }
        Found::Source(s) => {
            let _ = writeln!(out, "Source {}\n", s.id);
            field(&mut out, "Title", &s.title);
            field(&mut out, "Author", &s.author);
            field(&mut out, "Publisher", &s.publisher);
            field(
                &mut out,
                "Date",
                s.date.map(|d| d.human()).unwrap_or_default(),
            );
            field(&mut out, "Kind", &s.kind);
            field(&mut out, "URL", s.url.clone().unwrap_or_default());
            let cited = cited_by(dataset, &s.id);
            let _ = writeln!(out, "\nCited by {} records.", cited.len());
        }
    }
    out
}

/// Every record citing a source, as `(kind, id)`.
fn cited_by(dataset: &Dataset, source: &str) -> Vec<(&'static str, String)> {
    let cites = |sources: &[Citation]| sources.iter().any(|c| c.id == source);
    let mut out = Vec::new();
    out.extend(
        dataset
            .events()
            .iter()
            .filter(|e| cites(&e.sources))
            .map(|e| ("event", e.id.clone())),
    );
    out.extend(
        dataset
            .partners()
            .iter()
            .filter(|p| cites(&p.sources))
            .map(|p| ("partner", p.id.clone())),
    );
    out.extend(
        dataset
            .periods()
            .iter()
            .filter(|p| cites(&p.sources))
            .map(|p| ("period", p.id.clone())),
    );
    out.extend(
        dataset
            .figures()
            .filter(|f| cites(&f.sources))
            .map(|f| ("figure", f.what.clone())),
    );
    out
}

fn cited_sources(dataset: &Dataset, sources: &[Citation]) -> Value {
    sources
        .iter()
        .map(|c| json!({ "id": c.id, "locator": c.locator, "source": dataset.source(&c.id) }))
        .collect()
}

fn json(dataset: &Dataset, found: &Found<'_>) -> Result<Value> {
    let kind = found.kind();
    Ok(match found {
        Found::Event(e) => json!({
            "kind": kind,
            "record": e,
            "period": dataset.period_of(e).map(|p| &p.id),
            "sources": cited_sources(dataset, &e.sources),
        }),
        Found::Partner(p) => json!({
            "kind": kind,
            "record": p,
            "figures": dataset.figures_for(&p.id).collect::<Vec<_>>(),
            "events": dataset.events_with(&p.id).map(|e| &e.id).collect::<Vec<_>>(),
            "sources": cited_sources(dataset, &p.sources),
        }),
        Found::Period(p) => json!({
            "kind": kind,
            "record": p,
            "events": dataset.events().iter().filter(|e| dataset.period_of(e).is_some_and(|q| q.id == p.id)).map(|e| &e.id).collect::<Vec<_>>(),
            "sources": cited_sources(dataset, &p.sources),
        }),
        Found::Area(a) => json!({
            "kind": kind,
            "record": a,
            "events": dataset.events().iter().filter(|e| e.areas.contains(&a.id)).map(|e| &e.id).collect::<Vec<_>>(),
        }),
        Found::Source(s) => json!({
            "kind": kind,
            "record": s,
            "cited_by": cited_by(dataset, &s.id).into_iter().map(|(k, id)| json!({ "kind": k, "id": id })).collect::<Vec<_>>(),
        }),
    })
}
