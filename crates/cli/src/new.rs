//! `attache new event`, `attache new partner` and `attache new source`: asks for what is
//! missing, checking each answer as it is typed (a date that is none, an unknown kind, area,
//! partner or source is said at once, with a hint, and asked again), then hands the record to
//! core, which appends it to the right file (keeping the file's comments and formatting) after
//! checking that the dataset loads with it. When the record is refused after all, the answers
//! are printed as the command that gives them, so nothing typed is lost.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use attache_core::{
    Dataset, Diagnostic, Diagnostics, EditError, EventKind, NewCitation, NewEvent, NewPartner,
    NewSource, PartialDate, PartnerKind,
};

use crate::args::{CitationArgs, Global, NewEventArgs, NewPartnerArgs, NewSourceArgs};
use crate::{diagnostics, ui};

/// Appends an event to its events file.
pub(crate) fn event(global: &Global, mut args: NewEventArgs) -> Result<ExitCode> {
    let (dir, dataset) = open(global)?;
    let mut answers = Answers::new(&dir, "event");
    ask_event(&mut args, &dataset, &mut answers)?;
    let date = args.date.clone().unwrap_or_default();
    let title = args.title.clone().unwrap_or_default();
    let record = NewEvent {
        id: (args.id.clone()).unwrap_or_else(|| NewEvent::id_for(&date, &title)),
        date,
        end: given(args.end.clone()),
        date_qualifier: given(args.qualifier.clone()),
        title,
        summary: args.summary.clone().unwrap_or_default(),
        kind: args.kind.clone().unwrap_or_default(),
        areas: args.areas.clone(),
        partners: args.partners.clone(),
        location: given(args.location.clone()),
        status: given(args.status.clone()),
        sources: citations(&args.citations)?,
    };
    let path = attache_core::add_event(&dir, &record, args.file.as_deref())
        .map_err(|e| not_written(e, "event", &answers))?;
    ui::info(format!("added event `{}` to {path}", record.id));
    Ok(ExitCode::SUCCESS)
}

/// Asks for what the command line left out, when there is a terminal to ask on, checking
/// each answer against the dataset.
fn ask_event(args: &mut NewEventArgs, dataset: &Dataset, answers: &mut Answers) -> Result<()> {
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
    ask_or_fail(&missing, args.ask.ask)?;
    let areas: Vec<&str> = dataset.areas().iter().map(|a| a.id.as_str()).collect();
    if args.date.is_none() {
        let date = answers.checked("--date", "Date (YYYY, YYYY-MM or YYYY-MM-DD)", check_date)?;
        args.date = Some(date);
    }
    fill(
        answers,
        &mut args.title,
        "--title",
        "Title (short, in your own words)",
    )?;
    fill(
        answers,
        &mut args.summary,
        "--summary",
        "Summary (one to three sentences)",
    )?;
    if args.kind.is_none() {
        let label = format!("Kind ({})", EventKind::NAMES.join(", "));
        let kind = answers.checked("--kind", &label, |k| {
            attache_core::resolve_kind(k).map(|k| k.name().to_owned())
        })?;
        args.kind = Some(kind);
    }
    if args.areas.is_empty() {
        let label = format!("Areas, comma-separated ({})", areas.join(", "));
        args.areas = answers.checked_list("--area", &label, true, |id| {
            dataset.resolve_area(id).map(|a| a.id.clone())
        })?;
    }
    if args.partners.is_empty() {
        let label = "Partners, comma-separated: ids or names (empty for a domestic milestone)";
        args.partners = answers.checked_list("--partner", label, false, |name| {
            dataset.resolve_partner(name).map(|p| p.id.clone())
        })?;
    }
    ask_citations(&mut args.citations, dataset, answers)
}

/// Writes a new partner file.
pub(crate) fn partner(global: &Global, mut args: NewPartnerArgs) -> Result<ExitCode> {
    let (dir, dataset) = open(global)?;
    let mut answers = Answers::new(&dir, "partner");
    ask_partner(&mut args, &dataset, &mut answers)?;
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
    let path = attache_core::add_partner(&dir, &record)
        .map_err(|e| not_written(e, "partner", &answers))?;
    ui::info(format!("added partner `{}` as {path}", record.id));
    Ok(ExitCode::SUCCESS)
}

/// Asks for what the command line left out, when there is a terminal to ask on.
fn ask_partner(args: &mut NewPartnerArgs, dataset: &Dataset, answers: &mut Answers) -> Result<()> {
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
    ask_or_fail(&missing, args.ask.ask)?;
    fill(answers, &mut args.name, "--name", "Name")?;
    if args.kind.is_none() {
        let label = format!("Kind ({})", PartnerKind::NAMES.join(", "));
        let kind = answers.checked("--kind", &label, |k| {
            PartnerKind::from_name(k)
                .map(|_| k.to_owned())
                .ok_or_else(|| {
                    Diagnostic::error(format!("no partner kind `{k}`"))
                        .with_hint(format!("use one of: {}", PartnerKind::NAMES.join(", ")))
                        .into()
                })
        })?;
        args.kind = Some(kind);
    }
    if args.iso3.is_none() && args.kind.as_deref() == Some("state") {
        fill(
            answers,
            &mut args.iso3,
            "--iso3",
            "ISO 3166-1 alpha-3 code (e.g. TUR)",
        )?;
    }
    if args.aliases.is_empty() {
        let label = "Aliases, comma-separated (other spellings; may be empty)";
        args.aliases = answers.checked_list("--alias", label, false, |a| Ok(a.to_owned()))?;
    }
    fill(
        answers,
        &mut args.relationship,
        "--relationship",
        "Relationship (ally, strategic-partner, partner, ...)",
    )?;
    fill(
        answers,
        &mut args.summary,
        "--summary",
        "Summary (profile, in your own words)",
    )?;
    ask_citations(&mut args.citations, dataset, answers)
}

/// Appends a source to sources.toml.
pub(crate) fn source(global: &Global, mut args: NewSourceArgs) -> Result<ExitCode> {
    let (dir, _) = open(global)?;
    let mut answers = Answers::new(&dir, "source");
    let missing: Vec<&str> = [
        (args.title.is_none(), "--title"),
        (args.kind.is_none(), "--kind"),
    ]
    .into_iter()
    .filter_map(|(absent, option)| absent.then_some(option))
    .collect();
    if !missing.is_empty() {
        ask_or_fail(&missing, args.ask.ask)?;
        fill(
            &mut answers,
            &mut args.title,
            "--title",
            "Title, as the document gives it",
        )?;
        for (field, option, label) in [
            (
                &mut args.author,
                "--author",
                "Author (empty when the document names none)",
            ),
            (
                &mut args.publisher,
                "--publisher",
                "Publisher (may be empty)",
            ),
            (
                &mut args.url,
                "--url",
                "Where it can be found (URL; may be empty)",
            ),
        ] {
            if field.is_none() {
                *field = Some(answers.checked(option, label, |v| Ok(v.to_owned()))?);
            }
        }
        if args.date.is_none() {
            let label = "Publication date (YYYY, YYYY-MM or YYYY-MM-DD; empty when not stated)";
            let date = answers.checked("--date", label, |d| match d {
                "" => Ok(String::new()),
                d => check_date(d),
            })?;
            args.date = Some(date);
        }
        fill(
            &mut answers,
            &mut args.kind,
            "--kind",
            "Kind (article, web-page, dissertation, book, report, ...)",
        )?;
    }
    let title = args.title.unwrap_or_default();
    let author = args.author.unwrap_or_default();
    let date = args.date.unwrap_or_default();
    let record = NewSource {
        id: args
            .id
            .unwrap_or_else(|| NewSource::id_for(&author, &title, &date)),
        title,
        author,
        publisher: args.publisher.unwrap_or_default(),
        date,
        url: given(args.url),
        kind: args.kind.unwrap_or_default(),
    };
    let path =
        attache_core::add_source(&dir, &record).map_err(|e| not_written(e, "source", &answers))?;
    ui::info(format!(
        "added source `{}` to {path}; cite it with --source {} --locator \"...\"",
        record.id, record.id
    ));
    Ok(ExitCode::SUCCESS)
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

/// Why the record was not added, said as the command line says it, with the answers typed
/// so far as a command to run again.
fn not_written(error: EditError, what: &str, answers: &Answers) -> anyhow::Error {
    let mut diags = match error {
        EditError::Invalid(mut diags) => {
            diags.0.push(
                Diagnostic::error(format!(
                    "the new {what} would break the dataset; nothing was written"
                ))
                .with_hint("correct the options above and run the command again"),
            );
            diags
        }
        EditError::Refused(diags) => diags,
        other => {
            return anyhow::Error::from(other).context(format!("the {what} was not added"));
        }
    };
    if let (Some(last), Some(again)) = (diags.0.last_mut(), answers.as_command()) {
        last.notes
            .push(format!("your answers, to run again: {again}"));
    }
    diags.into()
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

/// With a terminal (or `--ask`), goes on to ask; without, names the missing options.
fn ask_or_fail(missing: &[&str], ask: bool) -> Result<()> {
    if ask || std::io::stdin().is_terminal() {
        eprintln!(
            "Missing {}: please answer (Ctrl-C to stop).",
            missing.join(", ")
        );
        Ok(())
    } else {
        bail!(
            Diagnostic::error(format!("missing required options: {}", missing.join(", ")))
                .with_hint("pass them, or run on a terminal (or with --ask) to be asked for each")
        )
    }
}

/// A date as typed, if it is one.
fn check_date(text: &str) -> Result<String, Diagnostics> {
    text.parse::<PartialDate>()
        .map(|_| text.to_owned())
        .map_err(|e| {
            Diagnostic::error(e.to_string())
                .with_hint("write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2025-12-31")
                .into()
        })
}

/// The answers given at the prompts, kept as the options that would give them, so that a
/// record refused at the end (or an answer cut short) loses nothing typed.
struct Answers {
    /// `attache new <what> --data DIR`.
    command: String,
    /// Each answer as `--option value`.
    given: Vec<(&'static str, String)>,
}

impl Answers {
    fn new(dir: &std::path::Path, what: &str) -> Self {
        Self {
            command: format!(
                "attache new {what} --data {}",
                quoted(&dir.display().to_string())
            ),
            given: Vec::new(),
        }
    }

    /// The command with every answer so far, if any was given at a prompt.
    fn as_command(&self) -> Option<String> {
        if self.given.is_empty() {
            return None;
        }
        let options = self
            .given
            .iter()
            .map(|(option, value)| format!("{option} {}", quoted(value)));
        Some(
            std::iter::once(self.command.clone())
                .chain(options)
                .collect::<Vec<_>>()
                .join(" "),
        )
    }

    /// Asks until the answer passes `check` (a required one is not empty), saying why each
    /// one that does not fails.
    fn checked<T>(
        &mut self,
        option: &'static str,
        label: &str,
        check: impl Fn(&str) -> Result<T, Diagnostics>,
    ) -> Result<T> {
        loop {
            let answer = self.read(label)?;
            match check(&answer) {
                Ok(value) => {
                    if !answer.is_empty() {
                        self.given.push((option, answer));
                    }
                    return Ok(value);
                }
                Err(problems) => diagnostics::emit(&problems.0),
            }
        }
    }

    /// A comma-separated list, every item checked; asked again, whole, while any fails.
    fn checked_list<T>(
        &mut self,
        option: &'static str,
        label: &str,
        required: bool,
        check: impl Fn(&str) -> Result<T, Diagnostics>,
    ) -> Result<Vec<T>> {
        loop {
            let answer = self.read(label)?;
            let items: Vec<&str> = answer
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            if items.is_empty() && required {
                continue;
            }
            let mut problems = Vec::new();
            let mut values = Vec::new();
            for item in &items {
                match check(item) {
                    Ok(value) => values.push(value),
                    Err(more) => problems.extend(more.0),
                }
            }
            if problems.is_empty() {
                self.given
                    .extend(items.iter().map(|i| (option, (*i).to_owned())));
                return Ok(values);
            }
            diagnostics::emit(&problems);
        }
    }

    /// One line from standard input, trimmed; at its end, the answers so far are printed.
    fn read(&self, label: &str) -> Result<String> {
        eprint!("{label}: ");
        std::io::stderr().flush().ok();
        let mut answer = String::new();
        if std::io::stdin().lock().read_line(&mut answer)? == 0 {
            let mut problem =
                Diagnostic::error(format!("no answer for {label}; nothing was written"));
            if let Some(again) = self.as_command() {
                problem = problem.with_note(format!("your answers, to go on from: {again}"));
            }
            bail!(problem);
        }
        Ok(answer.trim().to_owned())
    }
}

/// A value as a POSIX shell reads it back: in single quotes unless it is plain.
fn quoted(value: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./:,@%+=".contains(c);
    if !value.is_empty() && value.chars().all(plain) {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\'', "'\\''"))
    }
}

/// Asks for a required text the command line left out.
fn fill(
    answers: &mut Answers,
    field: &mut Option<String>,
    option: &'static str,
    label: &str,
) -> Result<()> {
    if field.is_none() {
        let text = answers.checked(option, label, |t| {
            if t.is_empty() {
                Err(Diagnostic::error("an answer is needed here").into())
            } else {
                Ok(t.to_owned())
            }
        })?;
        *field = Some(text);
    }
    Ok(())
}

fn ask_citations(
    citations: &mut CitationArgs,
    dataset: &Dataset,
    answers: &mut Answers,
) -> Result<()> {
    if citations.sources.is_empty() {
        let ids: Vec<&str> = dataset.sources().iter().map(|s| s.id.as_str()).collect();
        let label = format!("Source ({})", ids.join(", "));
        let source = answers.checked("--source", &label, |id| {
            dataset.resolve_source(id).map(|s| s.id.clone())
        })?;
        citations.sources.push(source);
        citations.locators.clear();
    }
    while citations.locators.len() < citations.sources.len() {
        let source = citations.sources[citations.locators.len()].clone();
        let label = format!("Locator in {source} (chapter, section, paragraph)");
        let mut locator = None;
        fill(answers, &mut locator, "--locator", &label)?;
        citations.locators.extend(locator);
    }
    Ok(())
}
