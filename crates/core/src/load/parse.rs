//! From TOML text to raw records: syntax errors, unexpected keys and fields, and misplaced
//! files are reported here; each record is deserialised on its own so that one bad record
//! does not hide the problems of the next.

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue};

use super::loader::Loader;
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
}

impl Loader {
    /// Parses one file into `raw`, by its kind.
    pub(super) fn parse_file<'f>(&mut self, file: &'f DataFile, raw: &mut RawDataset<'f>) {
        let kind = file.kind();
        let (table, errors) = DeTable::parse_recoverable(&file.text);
        if !errors.is_empty() {
            if let Some(DataFileKind::Partner { id }) = &kind {
                raw.broken_partners.push(id.clone());
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
            return;
        }
        let Some(kind) = kind else {
            self.diags.push(
                Diagnostic::file(&file.path, "unexpected data file")
                    .with_hint(DataFileKind::LAYOUT),
            );
            return;
        };
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
