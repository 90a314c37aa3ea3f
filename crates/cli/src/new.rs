//! `attache new event` and `attache new partner`: a well-formed record appended to the right
//! file, checked by loading the dataset with it before anything is written.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use attache_core::{
    DataFile, Dataset, Diagnostic, EventKind, LoadError, PartialDate, PartnerKind, fold,
};

use crate::args::{CitationArgs, Global, NewEventArgs, NewPartnerArgs};
use crate::{output, ui};

/// Appends an event to its events file.
pub(crate) fn event(global: &Global, mut args: NewEventArgs) -> Result<ExitCode> {
    let (dir, files, dataset) = open(global)?;
    let missing = |a: &NewEventArgs| {
        let mut m = Vec::new();
        if a.date.is_none() {
            m.push("--date");
        }
        if a.title.is_none() {
            m.push("--title");
        }
        if a.summary.is_none() {
            m.push("--summary");
        }
        if a.kind.is_none() {
            m.push("--kind");
        }
        if a.areas.is_empty() {
            m.push("--area");
        }
        if a.citations.sources.is_empty() {
            m.push("--source and --locator");
        }
        m
    };
    if !missing(&args).is_empty() {
        ask_or_fail(&missing(&args))?;
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
        ask_citations(&mut args.citations, &dataset)?;
    }
    let date = args.date.clone().unwrap_or_default();
    let title = args.title.clone().unwrap_or_default();
    let year = date.get(..4).unwrap_or("0000");
    let id = args.id.clone().unwrap_or_else(|| {
        let words: Vec<String> = slug(&title).split('-').take(8).map(str::to_owned).collect();
        format!("{year}-{}", words.join("-"))
    });
    let mut record = String::from("[[event]]\n");
    line(&mut record, "id", &id);
    line(&mut record, "date", &date);
    optional(&mut record, "end", args.end.as_deref());
    optional(&mut record, "date_qualifier", args.qualifier.as_deref());
    line(&mut record, "title", &title);
    line(
        &mut record,
        "summary",
        args.summary.as_deref().unwrap_or_default(),
    );
    line(
        &mut record,
        "kind",
        args.kind.as_deref().unwrap_or_default(),
    );
    array(&mut record, "areas", &args.areas);
    array(&mut record, "partners", &args.partners);
    optional(&mut record, "location", args.location.as_deref());
    optional(&mut record, "status", args.status.as_deref());
    record.push_str(&sources(&args.citations)?);
    let path = match &args.file {
        Some(file) => events_path(&dir, file)?,
        None => events_file_for(&files, &date),
    };
    let mut changed = files.clone();
    match changed.iter_mut().find(|f| f.path == path) {
        Some(file) => {
            if !file.text.is_empty() && !file.text.ends_with('\n') {
                file.text.push('\n');
            }
            file.text.push('\n');
            file.text.push_str(&record);
        }
        None => changed.push(DataFile {
            path: path.clone(),
            text: header(&files, "events/") + &record,
        }),
    }
    check(&changed, "event")?;
    let text = changed
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.text.clone())
        .unwrap_or_default();
    output::write_atomic(&dir.join(&path), text.as_bytes())?;
    ui::info(format!("added event `{id}` to {path}"));
    Ok(ExitCode::SUCCESS)
}

/// Writes a new partner file.
pub(crate) fn partner(global: &Global, mut args: NewPartnerArgs) -> Result<ExitCode> {
    let (dir, files, dataset) = open(global)?;
    let missing = |a: &NewPartnerArgs| {
        let mut m = Vec::new();
        if a.name.is_none() {
            m.push("--name");
        }
        if a.kind.is_none() {
            m.push("--kind");
        }
        if a.relationship.is_none() {
            m.push("--relationship");
        }
        if a.summary.is_none() {
            m.push("--summary");
        }
        if a.citations.sources.is_empty() {
            m.push("--source and --locator");
        }
        m
    };
    if !missing(&args).is_empty() {
        ask_or_fail(&missing(&args))?;
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
        ask_citations(&mut args.citations, &dataset)?;
    }
    let name = args.name.clone().unwrap_or_default();
    let id = args.id.clone().unwrap_or_else(|| slug(&name));
    let path = format!("partners/{id}.toml");
    if dir.join(&path).exists() || files.iter().any(|f| f.path == path) {
        bail!(
            Diagnostic::error(format!(
                "{} already exists; nothing was written",
                dir.join(&path).display()
            ))
            .with_hint("choose another --id, or edit that file")
        );
    }
    let mut text = header(&files, "partners/");
    line(&mut text, "id", &id);
    line(&mut text, "name", &name);
    line(&mut text, "kind", args.kind.as_deref().unwrap_or_default());
    optional(&mut text, "iso3", args.iso3.as_deref());
    optional(&mut text, "native_name", args.native_name.as_deref());
    if !args.aliases.is_empty() {
        array(&mut text, "aliases", &args.aliases);
    }
    line(
        &mut text,
        "relationship",
        args.relationship.as_deref().unwrap_or_default(),
    );
    line(
        &mut text,
        "summary",
        args.summary.as_deref().unwrap_or_default(),
    );
    text.push_str(&sources(&args.citations)?);
    let mut changed = files.clone();
    changed.push(DataFile {
        path: path.clone(),
        text: text.clone(),
    });
    check(&changed, "partner")?;
    let target = dir.join(&path);
    // create_new: never replace a file that appeared meanwhile.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .with_context(|| format!("cannot create {}", target.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", target.display()))?;
    ui::info(format!("added partner `{id}` as {path}"));
    Ok(ExitCode::SUCCESS)
}

/// The data folder, its files, and the dataset they make, which must be valid to begin with.
fn open(global: &Global) -> Result<(std::path::PathBuf, Vec<DataFile>, Dataset)> {
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
    let files = match DataFile::read_dir(&dir) {
        Ok(files) => files,
        Err(LoadError::Io { path, source }) => {
            return Err(source).with_context(|| format!("cannot read the dataset at {path}"));
        }
        Err(LoadError::Invalid(d)) => return Err(d.into()),
    };
    let dataset = Dataset::from_files(&files).map_err(|diags| {
        let mut diags = crate::data::with_summary(diags, global);
        if let Some(summary) = diags.0.last_mut() {
            summary.message.push_str("; nothing was written");
        }
        anyhow::Error::from(diags)
    })?;
    Ok((dir, files, dataset))
}

/// Loads the dataset with the new record; refuses, printing why, if it would not load.
fn check(files: &[DataFile], what: &str) -> Result<()> {
    match Dataset::from_files(files) {
        Ok(_) => Ok(()),
        Err(mut diags) => {
            diags.0.push(
                Diagnostic::error(format!(
                    "the new {what} would break the dataset; nothing was written"
                ))
                .with_hint("correct the options above and run the command again"),
            );
            Err(diags.into())
        }
    }
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

/// A TOML string, quoted and escaped.
fn quote(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

fn line(out: &mut String, key: &str, value: &str) {
    out.push_str(&format!("{key} = {}\n", quote(value)));
}

fn optional(out: &mut String, key: &str, value: Option<&str>) {
    if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
        line(out, key, value);
    }
}

fn array(out: &mut String, key: &str, values: &[String]) {
    let items: Vec<String> = values.iter().map(|v| quote(v)).collect();
    out.push_str(&format!("{key} = [{}]\n", items.join(", ")));
}

fn sources(citations: &CitationArgs) -> Result<String> {
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
    let items: Vec<String> = citations
        .sources
        .iter()
        .zip(&citations.locators)
        .map(|(id, locator)| format!("{{ id = {}, locator = {} }}", quote(id), quote(locator)))
        .collect();
    Ok(format!("sources = [{}]\n", items.join(", ")))
}

/// The `#:schema` line the folder's other files of this kind start with, if any.
fn header(files: &[DataFile], folder: &str) -> String {
    files
        .iter()
        .filter(|f| f.path.starts_with(folder))
        .filter_map(|f| f.text.lines().next())
        .find(|l| l.starts_with("#:schema "))
        .map(|l| format!("{l}\n"))
        .unwrap_or_default()
}

/// The events file whose name's years hold the date (`events/2004-2012.toml`), else
/// `events/<year>.toml`.
fn events_file_for(files: &[DataFile], date: &str) -> String {
    let year: Option<i32> = date.parse::<PartialDate>().ok().map(|d| d.year_number());
    let holds = |path: &str| -> bool {
        let Some(stem) = path
            .strip_prefix("events/")
            .and_then(|p| p.strip_suffix(".toml"))
        else {
            return false;
        };
        let (from, to) = stem.split_once('-').unwrap_or((stem, stem));
        match (from.parse::<i32>(), to.parse::<i32>(), year) {
            (Ok(from), Ok(to), Some(year)) => (from..=to).contains(&year),
            _ => false,
        }
    };
    files
        .iter()
        .map(|f| f.path.as_str())
        .find(|p| holds(p))
        .map_or_else(
            || format!("events/{}.toml", date.get(..4).unwrap_or("undated")),
            str::to_owned,
        )
}

/// `--file`, as a path relative to the data folder inside `events/`.
fn events_path(dir: &Path, file: &Path) -> Result<String> {
    let relative = file.strip_prefix(dir).unwrap_or(file);
    let path = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    if !path.starts_with("events/") || !path.ends_with(".toml") || path.contains("..") {
        bail!(
            Diagnostic::error(format!("--file {} is not an events file", file.display()))
                .with_hint("name a file inside the data folder's events/ folder, e.g. events/2004-2012.toml")
        );
    }
    Ok(path)
}

/// An id made from a name: folded to ASCII, words joined by hyphens.
fn slug(text: &str) -> String {
    let folded = fold(text);
    folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}
