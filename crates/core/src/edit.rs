//! Adding records to a data folder: `attache new event`, `attache new partner` and
//! `attache new source`.
//!
//! A record is a serde struct, written with a format-preserving TOML editor, so the comments,
//! order and formatting of the file it joins are kept byte for byte. The data folder is locked
//! while its files are read again, the record added, the dataset checked with it, and the file
//! written: concurrent runs wait for each other, so none loses another's record, and nothing is
//! written when the record would break the dataset.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use serde::Serialize;
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

use crate::dataset::Dataset;
use crate::date::PartialDate;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::files::{DataFile, DataFileKind, DataSource, LoadError, events_file_for};
use crate::names::slugify;
use crate::write::{WriteError, write_atomic};

/// A citation of a new record, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewCitation {
    /// The source's id.
    pub id: String,
    /// Where in the source.
    pub locator: String,
}

/// A new event, as typed; the dataset checks it when it is added. Fields are written in this
/// order, optional ones only when given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NewEvent {
    /// Slug, unique across the dataset (see [`NewEvent::id_for`]).
    pub id: String,
    /// YYYY, YYYY-MM or YYYY-MM-DD.
    pub date: String,
    /// When it ended, for spans.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// "early", "mid", "first-half", ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_qualifier: Option<String>,
    /// Short title.
    pub title: String,
    /// One to three sentences.
    pub summary: String,
    /// Event kind name.
    pub kind: String,
    /// Area ids.
    pub areas: Vec<String>,
    /// Partner ids; empty for a domestic milestone.
    pub partners: Vec<String>,
    /// Where it took place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// "planned" or "under-discussion"; left out when it happened.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Supporting passages.
    pub sources: Vec<NewCitation>,
}

impl NewEvent {
    /// The id an event gets when none is given: its year and the first eight words of its
    /// title (`2024-joint-drill`).
    pub fn id_for(date: &str, title: &str) -> String {
        let year = date.get(..4).unwrap_or("0000");
        let slug = slugify(title);
        let words: Vec<&str> = slug.split('-').take(8).collect();
        format!("{year}-{}", words.join("-"))
    }
}

/// A new partner, as typed; the dataset checks it when it is added.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NewPartner {
    /// Slug, also the file name (see [`NewPartner::id_for`]).
    pub id: String,
    /// Display name.
    pub name: String,
    /// "state", "organization" or "company".
    pub kind: String,
    /// ISO 3166-1 alpha-3, for states.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iso3: Option<String>,
    /// The name in the partner's own language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub native_name: Option<String>,
    /// Other spellings.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Relationship level.
    pub relationship: String,
    /// Profile.
    pub summary: String,
    /// Where the profile comes from.
    pub sources: Vec<NewCitation>,
}

impl NewPartner {
    /// The id a partner gets when none is given: its name as a slug.
    pub fn id_for(name: &str) -> String {
        slugify(name)
    }
}

/// A new source document, as typed; the dataset checks it when it is added.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NewSource {
    /// Slug, unique among sources (see [`NewSource::id_for`]).
    pub id: String,
    /// Title.
    pub title: String,
    /// Author; empty when the document names none.
    pub author: String,
    /// Publisher; empty when the document names none.
    pub publisher: String,
    /// Publication date (YYYY, YYYY-MM or YYYY-MM-DD); empty when not stated.
    pub date: String,
    /// Where it can be found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// article, web-page, dissertation, ...
    pub kind: String,
}

impl NewSource {
    /// The id a source gets when none is given: the author's last word, the first words of
    /// the title and the year (`bagirova-international-cooperation-2025`).
    pub fn id_for(author: &str, title: &str, date: &str) -> String {
        let author = slugify(author);
        let title = slugify(title);
        let parts = [
            author.rsplit('-').next().unwrap_or_default().to_owned(),
            title.split('-').take(4).collect::<Vec<_>>().join("-"),
            date.get(..4).unwrap_or_default().to_owned(),
        ];
        let parts: Vec<&str> = parts
            .iter()
            .map(String::as_str)
            .filter(|p| !p.is_empty())
            .collect();
        parts.join("-")
    }
}

/// Why a record was not added. Nothing was written in any case.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// The data folder could not be read.
    #[error(transparent)]
    Read(#[from] LoadError),
    /// The data folder could not be locked.
    #[error("cannot lock the data folder {}", .0.display())]
    Lock(PathBuf, #[source] io::Error),
    /// The file could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// The record cannot go where it was asked to (a partner file that exists, a `--file`
    /// outside `events/`).
    #[error("{0}")]
    Refused(Diagnostics),
    /// The dataset with the record has these problems.
    #[error("{0}")]
    Invalid(Diagnostics),
}

/// Appends an event to its events file: `file` (relative to the data folder, or a path below
/// it) when given, else the one whose name's years hold its date. Returns the file's path
/// relative to the data folder.
pub fn add_event(dir: &Path, event: &NewEvent, file: Option<&Path>) -> Result<String, EditError> {
    let requested = file.map(|f| events_file_named(dir, f)).transpose()?;
    let _lock = lock(dir)?;
    let files = DataSource::Folder(dir.to_path_buf()).files()?;
    let path = requested.unwrap_or_else(|| events_file_for_text(&files, &event.date));
    append_and_check(dir, files, &path, &DataFileKind::Events, "event", event)?;
    Ok(path)
}

/// Appends a source to `sources.toml`. Returns the file's path relative to the data folder.
pub fn add_source(dir: &Path, source: &NewSource) -> Result<String, EditError> {
    let kind = DataFileKind::Sources;
    let path = kind.path().unwrap_or_default();
    let _lock = lock(dir)?;
    let files = DataSource::Folder(dir.to_path_buf()).files()?;
    append_and_check(dir, files, &path, &kind, "source", source)?;
    Ok(path)
}

/// Appends a record to the file at `path` (started, with the `#:schema` line of its kind,
/// when there is none yet), checks the dataset with it, and writes the file. Problems in a
/// file that does not exist yet say so, so no message seems to name a missing file.
fn append_and_check<T: Serialize>(
    dir: &Path,
    mut files: Vec<DataFile>,
    path: &str,
    kind: &DataFileKind,
    key: &str,
    record: &T,
) -> Result<(), EditError> {
    let existing = files.iter().find(|f| f.path == path).cloned();
    let is_new = existing.is_none();
    let file = existing.unwrap_or_else(|| DataFile {
        path: path.to_owned(),
        text: header(&files, kind),
    });
    let text = append_record(dir, &file, key, record)?;
    replace(&mut files, path, &text);
    Dataset::from_files(&files).map_err(|mut diags| {
        if is_new {
            for d in diags
                .0
                .iter_mut()
                .filter(|d| d.file.as_deref() == Some(path))
            {
                d.notes.push(format!(
                    "{path} does not exist yet: it would be created in {} for this {key}",
                    dir.display()
                ));
            }
        }
        EditError::Invalid(diags)
    })?;
    write_atomic(&dir.join(path), text.as_bytes())?;
    Ok(())
}

/// Writes a new partner file, `partners/<id>.toml`; never replaces one. Returns its path
/// relative to the data folder.
pub fn add_partner(dir: &Path, partner: &NewPartner) -> Result<String, EditError> {
    let kind = DataFileKind::partner(&partner.id);
    let path = kind.path().unwrap_or_default();
    let _lock = lock(dir)?;
    let mut files = DataSource::Folder(dir.to_path_buf()).files()?;
    let target = dir.join(&path);
    if target.exists() || files.iter().any(|f| f.path == path) {
        return Err(EditError::Refused(
            Diagnostic::error(format!(
                "{} already exists; nothing was written",
                target.display()
            ))
            .with_hint("choose another --id, or edit that file")
            .into(),
        ));
    }
    let text = header(&files, &kind) + &serialize(partner)?.to_string();
    replace(&mut files, &path, &text);
    Dataset::from_files(&files).map_err(EditError::Invalid)?;
    write_atomic(&target, text.as_bytes())?;
    Ok(path)
}

/// Locks the data folder until the returned handle is dropped. The folder, not the file, is
/// locked: the file is replaced by a rename, which a lock on it would not survive, a new event
/// may start a new file, and ids must be unique across all files.
fn lock(dir: &Path) -> Result<File, EditError> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        // FILE_FLAG_BACKUP_SEMANTICS: without it Windows opens no folder.
        options.custom_flags(0x0200_0000);
    }
    let folder = options
        .open(dir)
        .map_err(|e| EditError::Lock(dir.to_path_buf(), e))?;
    folder
        .lock()
        .map_err(|e| EditError::Lock(dir.to_path_buf(), e))?;
    Ok(folder)
}

/// `--file`, as a path relative to the data folder, which must be an events file.
fn events_file_named(dir: &Path, file: &Path) -> Result<String, EditError> {
    let relative = file.strip_prefix(dir).unwrap_or(file);
    let path = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    if path.contains("..") || DataFileKind::of(&path) != Some(DataFileKind::Events) {
        return Err(EditError::Refused(
            Diagnostic::error(format!("--file {} is not an events file", file.display()))
                .with_hint("name a file inside the data folder's events/ folder, e.g. events/2004-2012.toml")
                .into(),
        ));
    }
    Ok(path)
}

/// The events file for a date as typed. A date that is not one still gets a file, so that
/// the check reports it along with every other problem of the record.
fn events_file_for_text(files: &[DataFile], date: &str) -> String {
    match date.parse::<PartialDate>() {
        Ok(date) => events_file_for(files.iter().map(|f| f.path.as_str()), &date),
        Err(_) => {
            let year = date
                .get(..4)
                .filter(|y| y.bytes().all(|b| b.is_ascii_digit()));
            format!("events/{}.toml", year.unwrap_or("undated"))
        }
    }
}

/// The `#:schema` line the other files of this kind start with, if any.
fn header(files: &[DataFile], kind: &DataFileKind) -> String {
    let Some(folder) = kind.folder() else {
        return String::new();
    };
    files
        .iter()
        .filter(|f| f.path.starts_with(folder))
        .filter_map(|f| f.text.lines().next())
        .find(|l| l.starts_with("#:schema "))
        .map(|l| format!("{l}\n"))
        .unwrap_or_default()
}

/// A record as a TOML table, lists and citations inline as people write them.
fn serialize<T: Serialize>(record: &T) -> Result<DocumentMut, EditError> {
    toml_edit::ser::to_document(record).map_err(|e| {
        EditError::Refused(
            Diagnostic::error(format!("the record cannot be written as TOML: {e}")).into(),
        )
    })
}

/// The file's text with the record appended as a `[[key]]` table. Everything already in the
/// file (comments, blank lines, order, quoting) is kept as it was.
fn append_record<T: Serialize>(
    dir: &Path,
    file: &DataFile,
    key: &str,
    record: &T,
) -> Result<String, EditError> {
    let refuse = |message: String| {
        let hint = format!(
            "fix the file (`attache check --data {}`) or write the record by hand under `[[{key}]]`",
            dir.display()
        );
        EditError::Refused(Diagnostic::file(&file.path, message).with_hint(hint).into())
    };
    let mut document: DocumentMut = file.text.parse().map_err(|e: toml_edit::TomlError| {
        refuse(format!("cannot be read as TOML: {}", e.message()))
    })?;
    let mut table: Table = serialize(record)?.as_table().clone();
    // The record goes after everything, comments at the end of the file included, with one
    // blank line before it as in the files people write.
    let mut prefix = document.trailing().as_str().unwrap_or_default().to_owned();
    if !prefix.is_empty() && !prefix.ends_with('\n') {
        prefix.push('\n');
    }
    if !file.text.trim().is_empty() {
        prefix.push('\n');
    }
    document.set_trailing("");
    table.decor_mut().set_prefix(prefix);
    let records = document
        .entry(key)
        .or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()));
    let Some(records) = records.as_array_of_tables_mut() else {
        return Err(refuse(format!(
            "`{key}` is not written as `[[{key}]]` tables"
        )));
    };
    records.push(table);
    Ok(document.to_string())
}

/// Puts `text` in the file at `path`, adding the file if it is new.
fn replace(files: &mut Vec<DataFile>, path: &str, text: &str) {
    match files.iter_mut().find(|f| f.path == path) {
        Some(file) => file.text = text.to_owned(),
        None => files.push(DataFile {
            path: path.to_owned(),
            text: text.to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: &str) -> NewEvent {
        NewEvent {
            id: id.to_owned(),
            date: "1995-03".to_owned(),
            title: "A \"quoted\" visit, to Ankara".to_owned(),
            summary: "Officers visited.".to_owned(),
            kind: "visit".to_owned(),
            areas: vec!["military".to_owned()],
            partners: vec!["turkey".to_owned()],
            location: Some("Ankara".to_owned()),
            sources: vec![NewCitation {
                id: "doc".to_owned(),
                locator: "p. 9".to_owned(),
            }],
            ..NewEvent::default()
        }
    }

    const WRITTEN: &str = "#:schema ../../schema/events.schema.json\n# Events of the 1990s.\n\n# ----- first\n[[event]]\nid   =  'first'   # aligned by hand\ndate = \"1994\"\nareas = [ \"military\",\n  \"peacekeeping\" ]\n\n# trailing comment\n";

    #[test]
    fn appending_keeps_the_file_byte_for_byte() {
        let file = DataFile {
            path: "events/1991-1999.toml".to_owned(),
            text: WRITTEN.to_owned(),
        };
        let text =
            append_record(Path::new("data"), &file, "event", &event("second")).expect("appended");
        assert!(text.starts_with(WRITTEN), "{text}");
        let added = &text[WRITTEN.len()..];
        assert!(
            added.starts_with("\n[[event]]\nid = \"second\"\n"),
            "{added}"
        );
        assert!(added.contains("partners = [\"turkey\"]\n"), "{added}");
        assert!(
            added.contains("sources = [{ id = \"doc\", locator = \"p. 9\" }]\n"),
            "{added}"
        );
        assert!(
            !added.contains("status"),
            "unset fields are left out: {added}"
        );
        let again = DataFile { text, ..file };
        let third =
            append_record(Path::new("data"), &again, "event", &event("third")).expect("appended");
        assert!(third.starts_with(&again.text));
    }

    #[test]
    fn a_file_without_a_final_newline_still_gets_one_blank_line_before_the_record() {
        let file = DataFile {
            path: "events/x.toml".to_owned(),
            text: "[[event]]\nid = \"first\"".to_owned(),
        };
        let text =
            append_record(Path::new("data"), &file, "event", &event("second")).expect("appended");
        assert!(
            text.starts_with("[[event]]\nid = \"first\"\n\n[[event]]\nid = \"second\"\n"),
            "{text}"
        );
    }

    #[test]
    fn a_new_file_starts_with_the_record() {
        let file = DataFile {
            path: "events/2024.toml".to_owned(),
            text: String::new(),
        };
        let text =
            append_record(Path::new("data"), &file, "event", &event("new")).expect("appended");
        assert!(text.starts_with("[[event]]\nid = \"new\"\n"), "{text}");
    }
}
