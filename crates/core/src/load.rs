//! Loading a dataset folder: parse every file, check every record, resolve every reference,
//! and collect every problem in one pass instead of stopping at the first.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::ops::Range;
use std::path::Path;

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue};

use crate::dataset::Dataset;
use crate::date::{DateQualifier, PartialDate};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{
    Area, Citation, Event, EventKind, EventStatus, Figure, Partner, PartnerKind, Period, Source,
};
use crate::names::{fold, is_slug, suggest};
use crate::raw::{
    RawArea, RawCitation, RawEvent, RawFigure, RawPartner, RawPeriod, RawSource, Text,
};

/// One data file: its path relative to the data folder (with `/`), and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataFile {
    /// Relative path, such as `events/1994-2003.toml`.
    pub path: String,
    /// Contents.
    pub text: String,
}

/// Why a dataset could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The folder or one of its files could not be read.
    #[error("cannot read the data folder {path}: {source}")]
    Io {
        /// What could not be read.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The files were read but hold problems.
    #[error("{0}")]
    Invalid(Diagnostics),
}

impl DataFile {
    /// Reads every `.toml` file below `dir`, in a stable order.
    pub fn read_dir(dir: &Path) -> Result<Vec<DataFile>, LoadError> {
        let mut files = Vec::new();
        collect_toml(dir, dir, &mut files)?;
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }
}

fn collect_toml(root: &Path, dir: &Path, files: &mut Vec<DataFile>) -> Result<(), LoadError> {
    let io = |source| LoadError::Io {
        path: dir.display().to_string(),
        source,
    };
    for entry in fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.is_dir() {
            collect_toml(root, &path, files)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            let text = fs::read_to_string(&path).map_err(|source| LoadError::Io {
                path: path.display().to_string(),
                source,
            })?;
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let path = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            files.push(DataFile { path, text });
        }
    }
    Ok(())
}

/// Parses and validates a whole dataset.
pub(crate) fn load(files: &[DataFile]) -> Result<Dataset, Diagnostics> {
    let mut loader = Loader::default();
    let mut raw = RawDataset::default();
    for file in files {
        loader.parse_file(file, &mut raw);
    }
    for required in ["sources.toml", "areas.toml", "periods.toml"] {
        if !files.iter().any(|f| f.path == required) {
            loader.diags.push(
                Diagnostic::file(required, "required file is missing")
                    .with_hint("see docs/data-format.md for its format"),
            );
        }
    }
    let mut dataset = loader.build(raw);
    dataset.fingerprint = fingerprint(files);
    if loader.diags.is_empty() {
        Ok(dataset)
    } else {
        let mut diags = Diagnostics(loader.diags);
        diags.sort();
        Err(diags)
    }
}

/// A raw record with the file it came from.
struct Located<'f, T> {
    file: &'f DataFile,
    record: T,
}

#[derive(Default)]
struct RawDataset<'f> {
    sources: Vec<Located<'f, RawSource>>,
    periods: Vec<Located<'f, RawPeriod>>,
    areas: Vec<Located<'f, RawArea>>,
    figures: Vec<Located<'f, RawFigure>>,
    partners: Vec<Located<'f, RawPartner>>,
    events: Vec<Located<'f, RawEvent>>,
    /// Ids of partner files that failed to parse: references to them are not reported again.
    broken_partners: Vec<String>,
}

#[derive(Default)]
struct Loader {
    diags: Vec<Diagnostic>,
}

impl Loader {
    fn error(
        &mut self,
        file: &DataFile,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.diags
            .push(Diagnostic::at(&file.path, &file.text, span, message));
        self.diags.last_mut().expect("just pushed")
    }

    fn hint(
        &mut self,
        file: &DataFile,
        span: Range<usize>,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        self.error(file, span, message).hints.extend(hint);
    }

    fn parse_file<'f>(&mut self, file: &'f DataFile, raw: &mut RawDataset<'f>) {
        let (table, errors) = DeTable::parse_recoverable(&file.text);
        let syntax_failed = !errors.is_empty();
        if syntax_failed
            && let Some(stem) = file
                .path
                .strip_prefix("partners/")
                .and_then(|p| p.strip_suffix(".toml"))
        {
            raw.broken_partners.push(stem.to_owned());
        }
        for e in errors {
            let span = e.span().unwrap_or(0..0);
            self.hint(
                file,
                span,
                format!("TOML syntax: {}", e.message().trim()),
                Some("see docs/data-format.md for the file's format".into()),
            );
        }
        if syntax_failed {
            return;
        }
        let path = file.path.as_str();
        match path {
            "sources.toml" => raw.sources.extend(self.records(file, table, "source")),
            "periods.toml" => raw.periods.extend(self.records(file, table, "period")),
            "areas.toml" => raw.areas.extend(self.records(file, table, "area")),
            "figures.toml" => raw.figures.extend(self.records(file, table, "figure")),
            _ if path.starts_with("partners/") => {
                let span = table.span();
                if let Some(record) =
                    self.deserialize::<RawPartner>(file, span, DeValue::Table(table.into_inner()))
                {
                    raw.partners.push(Located { file, record });
                }
            }
            _ if path.starts_with("events/") => {
                raw.events.extend(self.records(file, table, "event"))
            }
            _ => {
                self.diags.push(Diagnostic::file(path, "unexpected data file").with_hint(
                    "data files are sources.toml, periods.toml, areas.toml, figures.toml, partners/<id>.toml and events/*.toml",
                ));
            }
        }
    }

    /// The `[[key]]` records of a file, each deserialised on its own so one bad record does not
    /// hide the problems of the next.
    fn records<'f, T: DeserializeOwned>(
        &mut self,
        file: &'f DataFile,
        table: toml::Spanned<DeTable<'_>>,
        key: &str,
    ) -> Vec<Located<'f, T>> {
        let mut out = Vec::new();
        for (name, value) in table.into_inner() {
            if name.get_ref() != key {
                let hint = format!("this file holds only `[[{key}]]` tables");
                self.hint(
                    file,
                    name.span(),
                    format!("unexpected key `{}`", name.get_ref()),
                    Some(hint),
                );
                continue;
            }
            let span = value.span();
            let DeValue::Array(items) = value.into_inner() else {
                self.hint(
                    file,
                    span,
                    format!("`{key}` must be an array of tables"),
                    Some(format!("write each record under `[[{key}]]`")),
                );
                continue;
            };
            for item in items {
                let span = item.span();
                if let Some(record) = self.deserialize::<T>(file, span, item.into_inner()) {
                    out.push(Located { file, record });
                }
            }
        }
        out
    }

    fn deserialize<T: DeserializeOwned>(
        &mut self,
        file: &DataFile,
        span: Range<usize>,
        value: DeValue<'_>,
    ) -> Option<T> {
        let de = toml::de::ValueDeserializer::from(toml::Spanned::new(span.clone(), value));
        match T::deserialize(de) {
            Ok(record) => Some(record),
            Err(e) => {
                let at = e.span().unwrap_or(span.start..span.start);
                let message = e.message().trim().to_owned();
                let hint = field_hint(&message);
                self.hint(file, at, message, hint);
                None
            }
        }
    }

    fn build(&mut self, raw: RawDataset<'_>) -> Dataset {
        let mut ids = Ids {
            sources: self.unique_ids("source", raw.sources.iter().map(|l| (l.file, &l.record.id))),
            areas: self.unique_ids("area", raw.areas.iter().map(|l| (l.file, &l.record.id))),
            partners: self.unique_ids(
                "partner",
                raw.partners.iter().map(|l| (l.file, &l.record.id)),
            ),
            events: self.unique_ids("event", raw.events.iter().map(|l| (l.file, &l.record.id))),
            conflicts: HashMap::new(),
        };
        // A partner whose file is broken is reported there, not at every event naming it.
        ids.partners.extend(raw.broken_partners.iter().cloned());
        for l in &raw.events {
            let names = l.record.conflicts_with.iter().map(|c| c.get_ref().clone());
            ids.conflicts
                .entry(l.record.id.get_ref().clone())
                .or_insert_with(|| names.collect());
        }
        self.unique_ids("period", raw.periods.iter().map(|l| (l.file, &l.record.id)));
        self.check_aliases(&raw.partners);

        let sources = raw
            .sources
            .iter()
            .map(|l| self.check(l.file, &ids).source(&l.record))
            .collect();
        let areas = raw
            .areas
            .iter()
            .map(|l| self.check(l.file, &ids).area(&l.record))
            .collect();
        let periods = raw
            .periods
            .iter()
            .filter_map(|l| self.check(l.file, &ids).period(&l.record))
            .collect();
        let figures = raw
            .figures
            .iter()
            .filter_map(|l| self.check(l.file, &ids).figure(&l.record))
            .collect();
        let partners = raw
            .partners
            .iter()
            .filter_map(|l| self.check(l.file, &ids).partner(&l.record))
            .collect();
        let events = raw
            .events
            .iter()
            .filter_map(|l| self.check(l.file, &ids).event(&l.record))
            .collect();
        Dataset::new(sources, periods, areas, figures, partners, events)
    }

    fn check<'l, 'f>(&'l mut self, file: &'f DataFile, ids: &'l Ids) -> Check<'l, 'f> {
        Check {
            loader: self,
            file,
            ids,
        }
    }

    /// Collects the ids of one kind, reporting malformed and duplicate ones.
    fn unique_ids<'a>(
        &mut self,
        what: &str,
        ids: impl Iterator<Item = (&'a DataFile, &'a Text)>,
    ) -> Vec<String> {
        // Where each id was first seen; located only when a duplicate needs it, since locating
        // scans the file and doing it for every id would be quadratic in the file's length.
        let mut seen: HashMap<&str, (&DataFile, std::ops::Range<usize>)> = HashMap::new();
        let mut out = Vec::new();
        for (file, id) in ids {
            if !is_slug(id.get_ref()) {
                let hint = Some(format!(
                    "use lowercase letters, digits and single hyphens, e.g. `{}`",
                    slugify(id.get_ref())
                ));
                self.hint(
                    file,
                    id.span(),
                    format!("`{}` is not a valid {what} id", id.get_ref()),
                    hint,
                );
            }
            match seen.get(id.get_ref().as_str()) {
                Some((first_file, first_span)) => {
                    let first =
                        Diagnostic::at(&first_file.path, &first_file.text, first_span.clone(), "")
                            .location();
                    let hint = Some(format!("the first is at {first}; give this one another id"));
                    self.hint(
                        file,
                        id.span(),
                        format!("duplicate {what} id `{}`", id.get_ref()),
                        hint,
                    );
                }
                None => {
                    seen.insert(id.get_ref(), (file, id.span()));
                    out.push(id.get_ref().clone());
                }
            }
        }
        out
    }

    /// Every name, id, ISO code and alias must lead to one partner only. Ids are claimed first,
    /// then names and ISO codes, then aliases, so a clash is reported at the weaker claim (an
    /// alias repeating another partner's name is the alias's fault, whichever file comes first).
    fn check_aliases(&mut self, partners: &[Located<'_, RawPartner>]) {
        let mut claims: Vec<(u8, usize, &'static str, &Text)> = Vec::new();
        for (i, l) in partners.iter().enumerate() {
            let p = &l.record;
            claims.push((0, i, "id", &p.id));
            claims.push((1, i, "name", &p.name));
            claims.extend(p.iso3.iter().map(|code| (1, i, "ISO code", code)));
            claims.extend(p.aliases.iter().map(|alias| (2, i, "alias", alias)));
        }
        claims.sort_by_key(|&(rank, i, _, _)| (rank, i));
        let mut owner: HashMap<String, &str> = HashMap::new();
        let mut own: HashSet<(usize, String)> = HashSet::new();
        for (_, i, what, name) in claims {
            let l = &partners[i];
            let key = fold(name.get_ref());
            if !own.insert((i, key.clone())) {
                continue;
            }
            match owner.get(&key) {
                Some(other) if *other != l.record.id.get_ref() => {
                    let hint = Some(format!(
                        "`{}` already names partner `{other}`; every id, name, ISO code and alias must lead to one partner",
                        name.get_ref()
                    ));
                    self.hint(
                        l.file,
                        name.span(),
                        format!("{what} `{}` is used by two partners", name.get_ref()),
                        hint,
                    );
                }
                _ => {
                    owner.insert(key, l.record.id.get_ref());
                }
            }
        }
    }
}

/// The ids every reference is checked against.
struct Ids {
    sources: Vec<String>,
    areas: Vec<String>,
    partners: Vec<String>,
    events: Vec<String>,
    /// Each event's `conflicts_with`, to check that disputed records name each other.
    conflicts: HashMap<String, Vec<String>>,
}

/// Validation of the records of one file.
struct Check<'l, 'f> {
    loader: &'l mut Loader,
    file: &'f DataFile,
    ids: &'l Ids,
}

impl Check<'_, '_> {
    fn report(&mut self, at: &Text, message: String, hint: Option<String>) {
        self.loader.hint(self.file, at.span(), message, hint);
    }

    fn required(&mut self, text: &Text, field: &str) -> String {
        let value = text.get_ref().trim();
        if value.is_empty() {
            self.report(text, format!("`{field}` must not be empty"), None);
        }
        value.to_owned()
    }

    fn date(&mut self, text: &Text) -> Option<PartialDate> {
        match text.get_ref().parse() {
            Ok(date) => Some(date),
            Err(e) => {
                self.report(text, e.to_string(), None);
                None
            }
        }
    }

    fn range(
        &mut self,
        start: &Text,
        end: Option<&Text>,
    ) -> Option<(PartialDate, Option<PartialDate>)> {
        let first = self.date(start);
        let last = end.map(|e| (e, self.date(e)));
        let (first, last) = match (first, last) {
            (Some(first), None) => return Some((first, None)),
            (Some(first), Some((at, Some(last)))) => (first, (at, last)),
            _ => return None,
        };
        if last.1.last_possible() < first.first_possible() {
            let hint = Some(format!(
                "`end` must not be before `{first}`; swap them or fix the typo"
            ));
            self.report(
                last.0,
                format!("`end` {} is before the start {first}", last.1),
                hint,
            );
            return None;
        }
        Some((first, Some(last.1)))
    }

    fn reference(&mut self, text: &Text, what: &str, known: fn(&Ids) -> &[String]) -> String {
        let known = known(self.ids);
        let value = text.get_ref();
        if !known.iter().any(|k| k == value) {
            let hint = suggest(value, known.iter().map(String::as_str))
                .map(|s| format!("did you mean `{s}`?"));
            let hint = hint.or_else(|| {
                Some(format!(
                    "add it to the dataset or use one of the known {what} ids"
                ))
            });
            self.report(text, format!("unknown {what} `{value}`"), hint);
        }
        value.clone()
    }

    fn vocabulary<T>(
        &mut self,
        text: &Text,
        what: &str,
        names: &[&str],
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let parsed = parse(text.get_ref());
        if parsed.is_none() {
            let hint = match suggest(text.get_ref(), names.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("use one of: {}", names.join(", ")),
            };
            self.report(
                text,
                format!("unknown {what} `{}`", text.get_ref()),
                Some(hint),
            );
        }
        parsed
    }

    fn citations(&mut self, raw: &[RawCitation], owner: &Text) -> Vec<Citation> {
        if raw.is_empty() {
            let hint = Some("add `sources = [{ id = \"...\", locator = \"...\" }]`: every fact cites its source".into());
            self.report(
                owner,
                format!("`{}` cites no source", owner.get_ref()),
                hint,
            );
        }
        raw.iter()
            .map(|c| {
                let id = self.reference(&c.id, "source", |ids| &ids.sources);
                let locator = match &c.locator {
                    Some(l) => self.required(l, "locator"),
                    None => {
                        let hint = Some("add `locator = \"...\"` (chapter, section or paragraph) so a reader can find the passage".into());
                        self.report(&c.id, format!("citation of `{id}` has no locator"), hint);
                        String::new()
                    }
                };
                Citation { id, locator }
            })
            .collect()
    }

    fn source(&mut self, raw: &RawSource) -> Source {
        Source {
            id: raw.id.get_ref().clone(),
            title: self.required(&raw.title, "title"),
            author: raw.author.trim().to_owned(),
            publisher: raw.publisher.trim().to_owned(),
            date: raw
                .date
                .as_ref()
                .filter(|d| !d.get_ref().is_empty())
                .and_then(|d| self.date(d)),
            url: raw.url.clone(),
            kind: self.required(&raw.kind, "kind"),
        }
    }

    fn area(&mut self, raw: &RawArea) -> Area {
        Area {
            id: raw.id.get_ref().clone(),
            name: self.required(&raw.name, "name"),
            summary: self.required(&raw.summary, "summary"),
        }
    }

    fn period(&mut self, raw: &RawPeriod) -> Option<Period> {
        let name = self.required(&raw.name, "name");
        let summary = self.required(&raw.summary, "summary");
        let sources = self.citations(&raw.sources, &raw.id);
        let (start, end) = self.range(&raw.start, raw.end.as_ref())?;
        Some(Period {
            id: raw.id.get_ref().clone(),
            name,
            start,
            end,
            summary,
            sources,
        })
    }

    fn figure(&mut self, raw: &RawFigure) -> Option<Figure> {
        let value = self.required(&raw.value, "value");
        let what = self.required(&raw.what, "what");
        let partners = raw
            .partners
            .iter()
            .map(|p| self.reference(p, "partner", |ids| &ids.partners))
            .collect();
        let sources = self.citations(&raw.sources, &raw.what);
        let as_of = self.date(&raw.as_of)?;
        Some(Figure {
            value,
            what,
            as_of,
            partners,
            sources,
        })
    }

    fn partner(&mut self, raw: &RawPartner) -> Option<Partner> {
        let id = raw.id.get_ref().clone();
        let expected = format!("partners/{id}.toml");
        if self.file.path != expected {
            let hint = Some(format!("rename the file to {expected}, or change the id"));
            self.report(
                &raw.id,
                format!("partner `{id}` is defined in {}", self.file.path),
                hint,
            );
        }
        let kind = self.vocabulary(
            &raw.kind,
            "partner kind",
            PartnerKind::NAMES,
            PartnerKind::from_name,
        );
        let iso3 = raw.iso3.as_ref().map(|code| {
            let valid =
                code.get_ref().len() == 3 && code.get_ref().bytes().all(|b| b.is_ascii_uppercase());
            if !valid {
                self.report(
                    code,
                    format!("`{}` is not an ISO 3166-1 alpha-3 code", code.get_ref()),
                    Some("use three capital letters, e.g. `TUR`".into()),
                );
            }
            code.get_ref().clone()
        });
        let name = self.required(&raw.name, "name");
        let relationship = self.required(&raw.relationship, "relationship");
        let summary = self.required(&raw.summary, "summary");
        let aliases = raw
            .aliases
            .iter()
            .map(|a| self.required(a, "aliases"))
            .collect();
        let sources = self.citations(&raw.sources, &raw.id);
        let mut figures: Vec<Figure> = raw.figures.iter().filter_map(|f| self.figure(f)).collect();
        for f in &mut figures {
            if !f.partners.contains(&id) {
                f.partners.insert(0, id.clone());
            }
        }
        Some(Partner {
            id,
            name,
            kind: kind?,
            iso3,
            native_name: raw.native_name.clone().filter(|n| !n.trim().is_empty()),
            aliases,
            relationship,
            summary,
            sources,
            figures,
        })
    }

    /// An event's `conflicts_with` must not name itself, and the events it names must name it
    /// back: each record of a disputed fact points at the other.
    fn mutual_conflicts(&mut self, raw: &RawEvent) {
        let id = raw.id.get_ref();
        for other in &raw.conflicts_with {
            let name = other.get_ref();
            if name == id {
                let hint = Some("name the event that records the same fact differently".into());
                self.report(other, format!("event `{id}` conflicts with itself"), hint);
                continue;
            }
            let Some(back) = self.ids.conflicts.get(name) else {
                continue; // unknown: already reported
            };
            // A typo in the other event's list is reported there; do not report it twice.
            let back_resolves = back.iter().all(|b| self.ids.events.contains(b));
            if back_resolves && !back.contains(id) {
                let hint = Some(format!(
                    "add `{id}` to the `conflicts_with` of `{name}`: each record of a disputed fact names the other"
                ));
                self.report(
                    other,
                    format!("event `{id}` names `{name}` in `conflicts_with`, but `{name}` does not name `{id}`"),
                    hint,
                );
            }
        }
    }

    fn event(&mut self, raw: &RawEvent) -> Option<Event> {
        let title = self.required(&raw.title, "title");
        let summary = self.required(&raw.summary, "summary");
        let kind = self.vocabulary(
            &raw.kind,
            "event kind",
            EventKind::NAMES,
            EventKind::from_name,
        );
        // Parsed now, applied last: a bad qualifier must not hide the record's other problems.
        let qualifier = match &raw.date_qualifier {
            Some(q) => self
                .vocabulary(
                    q,
                    "date qualifier",
                    &DateQualifier::NAMES,
                    qualifier_from_name,
                )
                .map(Some),
            None => Some(None),
        };
        let status = match &raw.status {
            Some(s) => self.vocabulary(s, "status", EventStatus::NAMES, EventStatus::from_name),
            None => Some(EventStatus::Occurred),
        };
        let areas = raw
            .areas
            .iter()
            .map(|a| self.reference(a, "area", |ids| &ids.areas))
            .collect();
        let partners = raw
            .partners
            .iter()
            .map(|p| self.reference(p, "partner", |ids| &ids.partners))
            .collect();
        let conflicts_with = raw
            .conflicts_with
            .iter()
            .map(|e| self.reference(e, "event", |ids| &ids.events))
            .collect();
        self.mutual_conflicts(raw);
        let sources = self.citations(&raw.sources, &raw.id);
        if raw.areas.is_empty() {
            self.report(
                &raw.id,
                format!("event `{}` names no area", raw.id.get_ref()),
                Some("add `areas = [\"military\"]` or another area id".into()),
            );
        }
        let (date, end) = self.range(&raw.date, raw.end.as_ref())?;
        Some(Event {
            id: raw.id.get_ref().clone(),
            date,
            end,
            date_qualifier: qualifier?,
            title,
            summary,
            kind: kind?,
            areas,
            partners,
            location: raw.location.clone().filter(|l| !l.trim().is_empty()),
            status: status?,
            conflicts_with,
            sources,
        })
    }
}

fn qualifier_from_name(name: &str) -> Option<DateQualifier> {
    serde::Deserialize::deserialize(
        serde::de::value::StrDeserializer::<serde::de::value::Error>::new(name),
    )
    .ok()
}

/// Turns serde's "unknown field `x`, expected one of ..." into a suggestion.
fn field_hint(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    Some(match suggest(field, expected.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("known fields: {}", expected.join(", ")),
    })
}

fn slugify(text: &str) -> String {
    let folded = fold(text);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.join("-")
}

/// FNV-1a over every file's path and text: stable across runs and platforms.
fn fingerprint(files: &[DataFile]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in files {
        for byte in file
            .path
            .bytes()
            .chain([0])
            .chain(file.text.bytes())
            .chain([0])
        {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{:08x}", hash >> 32)
}
