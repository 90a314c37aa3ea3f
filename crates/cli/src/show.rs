//! `attache show`: one event, partner, period, area, source or figure in full, with the
//! passages of the sources it cites.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Result;
use attache_core::{
    Citation, Dataset, Event, EventStatus, Figure, Partner, RecordKind, RecordRef, Source,
};
use serde_json::{Value, json};

use crate::args::{self, Global, ShowArgs, ShowFormat};
use crate::{data, export, output, ui};

/// Prints the record the id names.
pub(crate) fn show(global: &Global, args: &ShowArgs) -> Result<ExitCode> {
    let dataset = data::released(global, &args.release)?;
    let found = dataset.find_records(&args.id, args.kind.map(record_kind))?;
    if let [first, others @ ..] = found.as_slice() {
        for other in others {
            ui::info(format!(
                "note: `{}` also names a {k}; add `--kind {k}` to show it",
                args.id,
                k = other.kind()
            ));
        }
        match args.format {
            ShowFormat::Text => output::stdout(&output::printable(&text(&dataset, first)))?,
            ShowFormat::Json => {
                output::stdout(&(serde_json::to_string_pretty(&json(&dataset, first)?)? + "\n"))?
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn record_kind(kind: args::RecordKind) -> RecordKind {
    match kind {
        args::RecordKind::Event => RecordKind::Event,
        args::RecordKind::Partner => RecordKind::Partner,
        args::RecordKind::Period => RecordKind::Period,
        args::RecordKind::Area => RecordKind::Area,
        args::RecordKind::Source => RecordKind::Source,
        args::RecordKind::Figure => RecordKind::Figure,
    }
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

/// The events under a heading; `note` is added to the count: "Events (3; note):".
fn event_lines(out: &mut String, heading: &str, note: &str, events: &[&Event]) {
    if events.is_empty() {
        return;
    }
    let note = if note.is_empty() {
        String::new()
    } else {
        format!("; {note}")
    };
    let _ = writeln!(out, "\n{heading} ({}{note}):", events.len());
    for e in events {
        let _ = writeln!(
            out,
            "  {:<22} {}  ({})",
            export::date_text(e),
            e.title,
            e.id
        );
    }
}

fn text(dataset: &Dataset, found: &RecordRef<'_>) -> String {
    let mut out = String::new();
    match found {
        RecordRef::Event(e) => event_text(&mut out, dataset, e),
        RecordRef::Partner(p) => partner_text(&mut out, dataset, p),
        RecordRef::Period(p) => {
            let _ = writeln!(out, "Period {} ({})\n", p.name, p.id);
            field(
                &mut out,
                "Span",
                attache_generator::Words::english().span(p),
            );
            out.push('\n');
            out.push_str(&wrap(&p.summary, ""));
            let _ = writeln!(
                out,
                "\nEvents: {} (see `attache report period {}`)",
                dataset.events_in_period(p).count(),
                p.id
            );
            citations(&mut out, dataset, &p.sources);
        }
        RecordRef::Area(a) => {
            let _ = writeln!(out, "Area {} ({})\n", a.name, a.id);
            out.push_str(&wrap(&a.summary, ""));
            let count = dataset.events_in_area(&a.id).count();
            let _ = writeln!(
                out,
                "\nEvents: {count} (see `attache report type {}`)",
                a.id
            );
        }
        RecordRef::Source(s) => source_text(&mut out, dataset, s),
        RecordRef::Figure(f) => figure_text(&mut out, dataset, f),
    }
    out
}

fn event_text(out: &mut String, dataset: &Dataset, e: &Event) {
    let _ = writeln!(out, "Event {}\n", e.id);
    field(out, "Title", &e.title);
    field(out, "Date", export::date_text(e));
    field(out, "Kind", e.kind.name());
    if e.status != EventStatus::Occurred {
        field(out, "Status", e.status.name());
    }
    let partner = |id: &str| dataset.partner(id).map(|p| p.name.clone());
    field(out, "Partners", names(&e.partners, partner));
    let area = |id: &str| dataset.area(id).map(|a| a.name.clone());
    field(out, "Areas", names(&e.areas, area));
    field(out, "Location", e.location.clone().unwrap_or_default());
    if let Some(p) = dataset.period_of(e) {
        field(out, "Period", format!("{} ({})", p.name, p.id));
    }
    let other = |id: &str| dataset.event(id).map(|o| o.title.clone());
    field(out, "Conflicts with", names(&e.conflicts_with, other));
    out.push('\n');
    out.push_str(&wrap(&e.summary, ""));
    citations(out, dataset, &e.sources);
}

fn partner_text(out: &mut String, dataset: &Dataset, p: &Partner) {
    let _ = writeln!(out, "Partner {} ({})\n", p.name, p.id);
    field(out, "Kind", p.kind.name());
    field(out, "ISO code", p.iso3.clone().unwrap_or_default());
    field(
        out,
        "Native name",
        p.native_name.clone().unwrap_or_default(),
    );
    field(out, "Aliases", p.aliases.join(", "));
    let partner = |id: &str| dataset.partner(id).map(|p| p.name.clone());
    let successor = p.predecessor_of.iter().cloned().collect::<Vec<_>>();
    field(out, "Continued by", names(&successor, partner));
    let predecessors: Vec<String> = (dataset.predecessors(&p.id).iter())
        .map(|q| q.id.clone())
        .collect();
    field(out, "Predecessors", names(&predecessors, partner));
    field(out, "Relationship", &p.relationship);
    out.push('\n');
    out.push_str(&wrap(&p.summary, ""));
    let figures: Vec<_> = dataset.figures_of_partner(&p.id).collect();
    if !figures.is_empty() {
        out.push_str("\nFigures:\n");
        for f in figures {
            out.push_str(&wrap(
                &format!(
                    "{}: {} (as of {}; {}) [{}]",
                    f.value,
                    f.what,
                    attache_generator::Words::english().date(&f.as_of),
                    export::cited(&f.sources),
                    f.id
                ),
                "  ",
            ));
        }
    }
    let own: Vec<&Event> = dataset.events_with_partner(&p.id).collect();
    event_lines(out, "Events", "", &own);
    let inherited = dataset.events_of_predecessors(&p.id);
    let names = predecessors_named(&inherited).join(", ");
    let events: Vec<&Event> = inherited.iter().map(|(e, _)| *e).collect();
    event_lines(out, "Events of predecessor states", &names, &events);
    citations(out, dataset, &p.sources);
}

/// The names of the predecessors some events are recorded under, each once, in order.
fn predecessors_named<'a>(inherited: &[(&Event, &'a Partner)]) -> Vec<&'a str> {
    let mut names: Vec<&str> = Vec::new();
    for (_, p) in inherited {
        if !names.contains(&p.name.as_str()) {
            names.push(&p.name);
        }
    }
    names
}

fn figure_text(out: &mut String, dataset: &Dataset, f: &Figure) {
    let _ = writeln!(out, "Figure {}\n", f.id);
    field(out, "Value", &f.value);
    field(out, "What", &f.what);
    field(
        out,
        "As of",
        attache_generator::Words::english().date(&f.as_of),
    );
    let partner = |id: &str| dataset.partner(id).map(|p| p.name.clone());
    field(out, "Partners", names(&f.partners, partner));
    citations(out, dataset, &f.sources);
    let others: Vec<&Figure> = f
        .conflicts_with
        .iter()
        .filter_map(|id| dataset.figure(id))
        .collect();
    if !others.is_empty() {
        out.push_str("\nSources differ: the same quantity is also given as\n");
        for o in others {
            let line = format!(
                "{} ({}): {} (as of {}; {})",
                o.value,
                o.id,
                o.what,
                attache_generator::Words::english().date(&o.as_of),
                export::cited(&o.sources)
            );
            out.push_str(&wrap(&line, "  "));
        }
    }
}

fn source_text(out: &mut String, dataset: &Dataset, s: &Source) {
    let _ = writeln!(out, "Source {}\n", s.id);
    field(out, "Title", &s.title);
    field(out, "Author", &s.author);
    field(out, "Publisher", &s.publisher);
    field(
        out,
        "Date",
        s.date
            .map(|d| attache_generator::Words::english().date(&d))
            .unwrap_or_default(),
    );
    field(out, "Kind", &s.kind);
    field(out, "URL", s.url.clone().unwrap_or_default());
    let _ = writeln!(out, "\nCited by {} records.", dataset.cited_by(&s.id).len());
}

fn cited_sources(dataset: &Dataset, sources: &[Citation]) -> Value {
    sources
        .iter()
        .map(|c| json!({ "id": c.id, "locator": c.locator, "source": dataset.source(&c.id) }))
        .collect()
}

fn json(dataset: &Dataset, found: &RecordRef<'_>) -> Result<Value> {
    let kind = found.kind();
    Ok(match found {
        RecordRef::Event(e) => json!({
            "kind": kind,
            "record": e,
            "period": dataset.period_of(e).map(|p| &p.id),
            "sources": cited_sources(dataset, &e.sources),
        }),
        RecordRef::Partner(p) => json!({
            "kind": kind,
            "record": p,
            "figures": dataset.figures_of_partner(&p.id).collect::<Vec<_>>(),
            "events": dataset.events_with_partner(&p.id).map(|e| &e.id).collect::<Vec<_>>(),
            "predecessors": dataset.predecessors(&p.id).iter().map(|q| &q.id).collect::<Vec<_>>(),
            "predecessor_events": dataset.events_of_predecessors(&p.id).iter()
                .map(|(e, q)| json!({ "id": e.id, "predecessor": q.id }))
                .collect::<Vec<_>>(),
            "sources": cited_sources(dataset, &p.sources),
        }),
        RecordRef::Period(p) => json!({
            "kind": kind,
            "record": p,
            "events": dataset.events_in_period(p).map(|e| &e.id).collect::<Vec<_>>(),
            "sources": cited_sources(dataset, &p.sources),
        }),
        RecordRef::Area(a) => json!({
            "kind": kind,
            "record": a,
            "events": dataset.events_in_area(&a.id).map(|e| &e.id).collect::<Vec<_>>(),
        }),
        RecordRef::Source(s) => json!({
            "kind": kind,
            "record": s,
            "cited_by": dataset.cited_by(&s.id).iter().map(|r| json!({ "kind": r.kind(), "id": r.id() })).collect::<Vec<_>>(),
        }),
        RecordRef::Figure(f) => json!({
            "kind": kind,
            "record": f,
            "conflicts": f.conflicts_with.iter().filter_map(|id| dataset.figure(id)).collect::<Vec<_>>(),
            "sources": cited_sources(dataset, &f.sources),
        }),
    })
}
