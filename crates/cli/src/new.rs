//! `attache new event` and `attache new partner`: asks for what is missing, then hands the
//! record to core, which appends it to the right file (keeping the file's comments and
//! formatting) after checking that the dataset loads with it.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use attache_core::{
    Dataset, Diagnostic, EditError, EventKind, NewCitation, NewEvent, NewPartner, PartnerKind,
};

use crate::args::{CitationArgs, Global, NewEventArgs, NewPartnerArgs};
use crate::ui;

/// Appends an event to its events file.
pub(crate) fn event(global: &Global, mut args: NewEventArgs) -> Result<ExitCode> {
    let (dir, dataset) = open(global)?;
    ask_event(&mut args, &dataset)?;
    let date = args.date.unwrap_or_default();
    let title = args.title.unwrap_or_default();
    let record = NewEvent {
        id: args.id.unwrap_or_else(|| NewEvent::id_for(&date, &title)),
        date,
        end: given(args.end),
        date_qualifier: given(args.qualifier),
        title,
        summary: args.summary.unwrap_or_default(),
        kind: args.kind.unwrap_or_default(),
        areas: args.areas,
        partners: args.partners,
        location: given(args.location),
        status: given(args.status),
        sources: citations(&args.citations)?,
    };
    let path = attache_core::add_event(&dir, &record, args.file.as_deref())
        .map_err(|e| not_written(e, "event"))?;
    ui::info(format!("added event `{}` to {path}", record.id));
    Ok(ExitCode::SUCCESS)
}

/// Asks for what the command line left out, when there is a terminal to ask on.
fn ask_event(args: &mut NewEventArgs, dataset: &Dataset) -> Result<()> {
    let mut missing = Vec::new();
    for (absent, option) in [
        (args.date.is_none(), "--date"),
        (args.title.is_none(), "--title"),
        (args.summary.is_none(), "--summary"),
        (args.kind.is_none(), "--kind"),
        (args.areas.is_empty(), "--area"),
        (args.citations.sources.is_empty(), "--source and --locator"),
    ] {
        if absent {
            missing.push(option);
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    ask_or_fail(&missing)?;
    let areas: Vec<&str> = dataset.areas().iter().map(|a| a.id.as_str()).collect();
    fill(&mut args.date, "Date (YYYY, YYYY-MM or YYYY-MM-DD)")?;
    fill(&mut args.title, "Title (short, in your own words)")?;
    fill(&mut args.summary, "Summary (one to three sentences)")?;
    fill(
        &mut args.kind,
        &format!("Kind ({})", EventKind::NAMES.join(", ")),
    )?;
    if args.areas.is_empty() {
        args.areas = list(
            &format!("Areas, comma-separated ({})", areas.join(", ")),
            true,
        )?;
    }
    if args.partners.is_empty() {
        args.partners = list(
            "Partner ids, comma-separated (empty for a domestic milestone)",
            false,
        )?;
    }
    ask_citations(&mut args.citations, dataset)
}

/// Writes a new partner file.
pub(crate) fn partner(global: &Global, mut args: NewPartnerArgs) -> Result<ExitCode> {
    let (dir, dataset) = open(global)?;
    ask_partner(&mut args, &dataset)?;
    let name = args.name.unwrap_or_default();
    let record = NewPartner {
        id: args.id.unwrap_or_else(|| NewPartner::id_for(&name)),
        name,
        kind: args.kind.unwrap_or_default(),
        iso3: given(args.iso3),
        native_name: given(args.native_name),
        aliases: args.aliases,
        relationship: args.relationship.unwrap_or_default(),
        summary: args.summary.unwrap_or_default(),
        sources: citations(&args.citations)?,
    };
    let path = attache_core::add_partner(&dir, &record).map_err(|e| not_written(e, "partner"))?;
    ui::info(format!("added partner `{}` as {path}", record.id));
    Ok(ExitCode::SUCCESS)
}

/// Asks for what the command line left out, when there is a terminal to ask on.
fn ask_partner(args: &mut NewPartnerArgs, dataset: &Dataset) -> Result<()> {
    let mut missing = Vec::new();
    for (absent, option) in [
        (args.name.is_none(), "--name"),
        (args.kind.is_none(), "--kind"),
        (args.relationship.is_none(), "--relationship"),
        (args.summary.is_none(), "--summary"),
        (args.citations.sources.is_empty(), "--source and --locator"),
    ] {
        if absent {
            missing.push(option);
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    ask_or_fail(&missing)?;
    fill(&mut args.name, "Name")?;
    fill(
        &mut args.kind,
        &format!("Kind ({})", PartnerKind::NAMES.join(", ")),
    )?;
    if args.iso3.is_none() && args.kind.as_deref() == Some("state") {
        args.iso3 = Some(ask("ISO 3166-1 alpha-3 code (e.g. TUR)", true)?);
    }
    if args.aliases.is_empty() {
        args.aliases = list(
            "Aliases, comma-separated (other spellings; may be empty)",
            false,
        )?;
    }
    fill(
        &mut args.relationship,
        "Relationship (ally, strategic-partner, partner, ...)",
    )?;
    fill(&mut args.summary, "Summary (profile, in your own words)")?;
    ask_citations(&mut args.citations, dataset)
}

/// The data folder and the dataset it holds, which must be valid to begin with.
fn open(global: &Global) -> Result<(PathBuf, Dataset)> {
    let Some(dir) = global.data.clone() else {
        bail!(
            Diagnostic::error(
                "`attache new` edits a dataset folder, and the built-in dataset cannot be edited"
            )
            .with_hint(
                "pass --data DIR (or set ATTACHE_DATA), e.g. `attache new event --data data`"
            )
        );
    };
    let dataset = crate::data::load(Some(&dir))?.map_err(|diags| {
        let mut diags = crate::data::with_summary(diags, global);
        if let Some(summary) = diags.0.last_mut() {
            summary.message.push_str("; nothing was written");
        }
        anyhow::Error::from(diags)
    })?;
    Ok((dir, dataset))
}

/// Why the record was not added, said as the command line says it.
fn not_written(error: EditError, what: &str) -> anyhow::Error {
    match error {
        EditError::Invalid(mut diags) => {
            diags.0.push(
                Diagnostic::error(format!(
                    "the new {what} would break the dataset; nothing was written"
                ))
                .with_hint("correct the options above and run the command again"),
            );
            diags.into()
        }
        EditError::Refused(diagnostic) => diagnostic.into(),
        other => anyhow::Error::from(other).context(format!("the {what} was not added")),
    }
}

/// An optional value, left out when blank.
fn given(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}

/// `--source` and `--locator`, paired in order.
fn citations(citations: &CitationArgs) -> Result<Vec<NewCitation>> {
    if citations.sources.len() != citations.locators.len() {
        bail!(
            Diagnostic::error(format!(
                "{} --source but {} --locator",
                citations.sources.len(),
                citations.locators.len()
            ))
            .with_hint("give each --source its --locator, in the same order")
        );
    }
    Ok(citations
        .sources
        .iter()
        .zip(&citations.locators)
        .map(|(id, locator)| NewCitation {
            id: id.clone(),
            locator: locator.clone(),
        })
        .collect())
}

/// With a terminal, goes on to ask; without, names the missing options.
fn ask_or_fail(missing: &[&str]) -> Result<()> {
    if std::io::stdin().is_terminal() {
        eprintln!(
            "Missing {}: please answer (Ctrl-C to stop).",
            missing.join(", ")
        );
        Ok(())
    } else {
        bail!(
            Diagnostic::error(format!("missing required options: {}", missing.join(", ")))
                .with_hint("pass them, or run on a terminal to be asked for each")
        )
    }
}

fn ask(label: &str, required: bool) -> Result<String> {
    let stdin = std::io::stdin();
    loop {
        eprint!("{label}: ");
        std::io::stderr().flush().ok();
        let mut answer = String::new();
        if stdin.lock().read_line(&mut answer)? == 0 {
            bail!("no answer for {label}; nothing was written");
        }
        let answer = answer.trim().to_owned();
        if !answer.is_empty() || !required {
            return Ok(answer);
        }
    }
}

fn fill(field: &mut Option<String>, label: &str) -> Result<()> {
    if field.is_none() {
        *field = Some(ask(label, true)?);
    }
    Ok(())
}

fn list(label: &str, required: bool) -> Result<Vec<String>> {
    Ok(ask(label, required)?
        .split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect())
}

fn ask_citations(citations: &mut CitationArgs, dataset: &Dataset) -> Result<()> {
    if citations.sources.is_empty() {
        let ids: Vec<&str> = dataset.sources().iter().map(|s| s.id.as_str()).collect();
        citations
            .sources
            .push(ask(&format!("Source ({})", ids.join(", ")), true)?);
        citations.locators.clear();
    }
    while citations.locators.len() < citations.sources.len() {
        let source = &citations.sources[citations.locators.len()];
        let locator = ask(
            &format!("Locator in {source} (chapter, section, paragraph)"),
            true,
        )?;
        citations.locators.push(locator);
    }
    Ok(())
}
