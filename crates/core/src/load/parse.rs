//! From TOML text to raw records: syntax errors, unexpected keys and fields, pathological text
//! and misplaced files are reported here. Each record is deserialised on its own so that one
//! bad record does not hide the problems of the next, and a record's bad fields are each
//! reported and set aside so that one bad field does not hide the next, nor the references
//! the record makes.

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue};
use unicode_segmentation::UnicodeSegmentation;

use super::loader::Loader;
use super::repair::{MAX_REPAIRS, Repair};
use crate::diagnostic::Diagnostic;
use crate::files::{DataFile, DataFileKind};
use crate::names::suggest;
use crate::raw::{RawArea, RawDatasetFile, RawEvent, RawFigure, RawPartner, RawPeriod, RawSource};

/// A raw record with the file it came from.
pub(super) struct Located<'f, T> {
    pub(super) file: &'f DataFile,
    pub(super) record: T,
}

/// Every record parsed, not yet checked.
#[derive(Default)]
pub(super) struct RawDataset<'f> {
    /// `dataset.toml`, when the folder has one.
    pub(super) dataset: Option<Located<'f, RawDatasetFile>>,
    pub(super) sources: Vec<Located<'f, RawSource>>,
    pub(super) periods: Vec<Located<'f, RawPeriod>>,
    pub(super) areas: Vec<Located<'f, RawArea>>,
    pub(super) figures: Vec<Located<'f, RawFigure>>,
    pub(super) partners: Vec<Located<'f, RawPartner>>,
    pub(super) events: Vec<Located<'f, RawEvent>>,
    /// Ids of partner files that failed to parse: references to them are not reported again.
    pub(super) broken_partners: Vec<String>,
    /// The record keys (`source`, `event`, ...) of files that could not be read or parsed:
    /// whether a reference to such a record exists cannot be told, so it is not reported.
    pub(super) incomplete: Vec<&'static str>,
}

impl RawDataset<'_> {
    /// Notes that a file of this kind could not be read or parsed, so that references to
    /// its records are not reported as unknown.
    pub(super) fn not_read(&mut self, kind: DataFileKind) {
        match kind {
            DataFileKind::Partner { id } => {
                self.broken_partners.push(id);
                // A partner file may hold figures, so figure ids cannot be told either.
                self.incomplete.push("figure");
            }
            other => self.incomplete.extend(other.record_key()),
        }
    }
}

/// The most code points one character (grapheme cluster) may be built from. Real text needs
/// a handful (a letter and its accents; the longest emoji sequences take ten); thousands of
/// stacked combining marks make laying the text out take time and memory that grow with the
/// square of their number.
pub(super) const MAX_CHARACTER_CODE_POINTS: usize = 16;

/// The longest text one value may hold, in characters: some twenty times a long summary. It
/// bounds what one record costs to lay out, whatever the data.
pub(super) const MAX_TEXT_CHARACTERS: usize = 20_000;

impl Loader {
    /// Parses one file into `raw`, by its kind. A file with no place in a dataset is reported
    /// without being parsed, so nothing of its contents is shown. A duplicate key is reported
    /// and the file checked on; other syntax errors leave nothing reliable to check.
    pub(super) fn parse_file<'f>(&mut self, file: &'f DataFile, raw: &mut RawDataset<'f>) {
        let Some(kind) = file.kind() else {
            self.diags.push(
                Diagnostic::file(&file.path, "unexpected data file")
                    .with_hint(DataFileKind::LAYOUT),
            );
            return;
        };
        let (table, errors) = DeTable::parse_recoverable(&file.text);
        let mut broken = false;
        for e in errors {
            let span = e.span().unwrap_or(0..0);
            let (message, hint) = match e.message().trim() {
                "duplicate key" => {
                    let key = file.text.get(span.clone()).unwrap_or_default().trim();
                    let hint = format!(
                        "each field is written once: keep one `{key}` and delete the other"
                    );
                    (format!("duplicate key `{key}`"), hint)
                }
                other => {
                    broken = true;
                    let hint = "`attache schema` writes the JSON Schema of each data file, which lists every field it takes".to_owned();
                    (format!("TOML syntax: {other}"), hint)
                }
            };
            self.hint(file, span, message, Some(hint));
        }
        if broken {
            raw.not_read(kind);
            return;
        }
        for (_, value) in table.get_ref() {
            self.check_characters(file, value);
        }
        let key = kind.record_key().unwrap_or_default();
        match kind {
            DataFileKind::Dataset => {
                let span = table.span();
                let value = DeValue::Table(table.into_inner());
                if let Some(record) = self.deserialize::<RawDatasetFile>(file, span, value) {
                    raw.dataset = Some(Located { file, record });
                }
            }
            DataFileKind::Sources => raw.sources.extend(self.records(file, table, key)),
            DataFileKind::Periods => raw.periods.extend(self.records(file, table, key)),
            DataFileKind::Areas => raw.areas.extend(self.records(file, table, key)),
            DataFileKind::Figures => raw.figures.extend(self.records(file, table, key)),
            DataFileKind::Events => raw.events.extend(self.records(file, table, key)),
            DataFileKind::Partner { .. } => {
                let span = table.span();
                let value = DeValue::Table(table.into_inner());
                if let Some(record) = self.deserialize::<RawPartner>(file, span, value) {
                    raw.partners.push(Located { file, record });
                }
            }
        }
    }

    /// Reports every string holding a character built from more than
    /// [`MAX_CHARACTER_CODE_POINTS`] code points, or more than [`MAX_TEXT_CHARACTERS`]
    /// characters in all.
    fn check_characters(&mut self, file: &DataFile, value: &Spanned<DeValue<'_>>) {
        match value.get_ref() {
            DeValue::String(text) => {
                let (message, hint) = if text.chars().count() > MAX_TEXT_CHARACTERS {
                    (
                        format!("this text is longer than {MAX_TEXT_CHARACTERS} characters"),
                        "a record's text is a title or a few sentences: shorten it, or split the record",
                    )
                } else {
                    // ASCII needs no segmenting: its longest character is `\r\n`.
                    let longest = (!text.is_ascii())
                        .then(|| text.graphemes(true).map(|g| g.chars().count()).max())
                        .flatten();
                    match longest.filter(|n| *n > MAX_CHARACTER_CODE_POINTS) {
                        Some(n) => (
                            format!(
                                "a character here is built from {n} code points; at most {MAX_CHARACTER_CODE_POINTS} are allowed"
                            ),
                            "remove the stacked combining marks: no script needs more than a few on one letter",
                        ),
                        None => return,
                    }
                };
                self.hint(file, value.span(), message, Some(hint.to_owned()));
            }
            DeValue::Array(items) => items.iter().for_each(|v| self.check_characters(file, v)),
            DeValue::Table(table) => table.values().for_each(|v| self.check_characters(file, v)),
            _ => {}
        }
    }

    /// The `[[key]]` records of a file.
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

    /// Deserialises one record, reporting every field that does not fit rather than the
    /// first only. Each bad field is reported, then set aside (an unknown field removed, a
    /// value of the wrong type or a missing field replaced by a stand-in) and the record tried
    /// again. The record that finally deserialises is still checked, so its references are;
    /// problems found later at a stand-in are not reported, the field's own error says it all.
    fn deserialize<T: DeserializeOwned>(
        &mut self,
        file: &DataFile,
        span: Range<usize>,
        value: DeValue<'_>,
    ) -> Option<T> {
        let mut value = Spanned::new(span.clone(), value);
        let mut repair = Repair::new(file.text.len() + 1);
        for _ in 0..MAX_REPAIRS {
            let de = toml::de::ValueDeserializer::from(value.clone());
            let e = match T::deserialize(de) {
                Ok(record) => {
                    for stand_in in repair.into_stand_ins() {
                        self.silence(file, stand_in);
                    }
                    return Some(record);
                }
                Err(e) => e,
            };
            let at = e.span().unwrap_or(span.clone());
            let message = e.message().trim().to_owned();
            if repair.reports(&at, &message) {
                let hint = field_hint(&message);
                repair.offered(hint.as_deref());
                self.hint(file, at.clone(), message.clone(), hint);
            }
            // A record that is not a table at all has no fields to set aside.
            let whole = at == span && !message.starts_with("missing field");
            if whole || !repair.apply(&mut value, &at, &message) {
                return None;
            }
        }
        None
    }
}

/// What to do about a field that does not deserialise: a suggestion for serde's "unknown
/// field `x`, expected one of ...", the shape expected for "invalid type".
fn field_hint(message: &str) -> Option<String> {
    if message.starts_with("invalid type") {
        return if message.ends_with("expected a sequence") {
            Some("write a list in brackets, e.g. `[\"...\"]`".into())
        } else if message.ends_with("expected a string") {
            Some("write it as text, in double quotes".into())
        } else {
            None
        };
    }
    let rest = message.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    Some(match suggest(field, expected.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("known fields: {}", expected.join(", ")),
    })
}
