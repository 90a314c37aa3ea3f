//! Loading a dataset: parse every file ([`parse`], setting a record's bad fields aside with
//! [`repair`]), check that ids are unique and names lead to one partner ([`ids`]), check every
//! record and resolve every reference ([`check`]), and collect every problem in one pass
//! instead of stopping at the first ([`loader`]).

mod check;
mod ids;
mod loader;
mod parse;
mod repair;

use std::path::Path;

use crate::dataset::Dataset;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::files::{DataFile, DataFileKind, DataSource, LoadError, ReadFiles};

use loader::Loader;
use parse::RawDataset;

impl Dataset {
    /// Parses and validates a set of files, reporting every problem found.
    pub fn from_files(files: &[DataFile]) -> Result<Self, Diagnostics> {
        load(files, &[])
    }

    /// Parses and validates the files of a data folder as read, with the problems of the
    /// entries that could not be read: every problem is reported at once.
    pub fn from_read(read: &ReadFiles) -> Result<Self, Diagnostics> {
        load(&read.files, &read.problems)
    }

    /// Reads and validates a dataset folder.
    pub fn load_dir(dir: &Path) -> Result<Self, LoadError> {
        Self::load(&DataSource::Folder(dir.to_path_buf()))
    }

    /// Reads and validates a dataset from a folder or the built-in one.
    pub fn load(source: &DataSource) -> Result<Self, LoadError> {
        Self::from_read(&source.read()?).map_err(LoadError::Invalid)
    }
}

/// Parses and validates a whole dataset; `unread` are the problems of entries that could not
/// be read as files, whose records are then missing.
fn load(files: &[DataFile], unread: &[Diagnostic]) -> Result<Dataset, Diagnostics> {
    let mut loader = Loader::default();
    let mut raw = RawDataset::default();
    for problem in unread {
        loader.diags.push(problem.clone());
        let missing = problem
            .file
            .as_deref()
            .filter(|path| !files.iter().any(|f| f.path == *path));
        if let Some(kind) = missing.and_then(DataFileKind::of) {
            raw.not_read(kind);
        }
    }
    for file in files {
        loader.parse_file(file, &mut raw);
    }
    for required in DataFileKind::REQUIRED {
        if !files.iter().any(|f| f.kind().as_ref() == Some(&required)) {
            let path = required.path().unwrap_or_default();
            loader.diags.push(
                Diagnostic::file(&path, "required file is missing").with_hint(format!(
                    "`attache schema` writes {}, which lists every field it takes",
                    required.schema_name()
                )),
            );
        }
    }
    let mut dataset = build(&mut loader, &raw);
    dataset.fingerprint = fingerprint(files);
    if loader.diags.is_empty() {
        Ok(dataset)
    } else {
        let mut diags = Diagnostics(loader.diags);
        diags.sort();
        Err(diags)
    }
}

/// Checks every parsed record against the dataset's ids and turns it into the model.
fn build(loader: &mut Loader, raw: &RawDataset<'_>) -> Dataset {
    let ids = loader.ids(raw);
    let info = raw
        .dataset
        .as_ref()
        .map(|l| loader.check(l.file, &ids).dataset(&l.record))
        .unwrap_or_default();
    let sources = raw
        .sources
        .iter()
        .map(|l| loader.check(l.file, &ids).source(&l.record))
        .collect();
    let areas = raw
        .areas
        .iter()
        .map(|l| loader.check(l.file, &ids).area(&l.record))
        .collect();
    let periods = raw
        .periods
        .iter()
        .filter_map(|l| loader.check(l.file, &ids).period(&l.record))
        .collect();
    let figures = raw
        .figures
        .iter()
        .filter_map(|l| loader.check(l.file, &ids).figure(&l.record))
        .collect();
    let partners = raw
        .partners
        .iter()
        .filter_map(|l| loader.check(l.file, &ids).partner(&l.record))
        .collect();
    let events = raw
        .events
        .iter()
        .filter_map(|l| loader.check(l.file, &ids).event(&l.record))
        .collect();
    let mut dataset = Dataset::new(sources, periods, areas, figures, partners, events);
    dataset.info = info;
    dataset
}

/// The version of the files read: a hash of every file's path and text.
fn fingerprint(files: &[DataFile]) -> String {
    crate::dataset::fingerprint_of(files.iter().flat_map(|file| {
        (file.path.bytes().chain([0]))
            .chain(file.text.bytes())
            .chain([0])
    }))
}
