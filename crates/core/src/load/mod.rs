//! Loading a dataset: parse every file ([`parse`]), check that ids are unique and names lead
//! to one partner ([`ids`]), check every record and resolve every reference ([`check`]), and
//! collect every problem in one pass instead of stopping at the first.

mod check;
mod ids;
mod parse;

use std::ops::Range;

use crate::dataset::Dataset;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::files::{DataFile, DataFileKind};

use parse::RawDataset;

/// Parses and validates a whole dataset.
pub(crate) fn load(files: &[DataFile]) -> Result<Dataset, Diagnostics> {
    let mut loader = Loader::default();
    let mut raw = RawDataset::default();
    for file in files {
        loader.parse_file(file, &mut raw);
    }
    for required in DataFileKind::REQUIRED {
        if !files.iter().any(|f| f.kind().as_ref() == Some(&required)) {
            let path = required.path().unwrap_or_default();
            loader.diags.push(
                Diagnostic::file(&path, "required file is missing")
                    .with_hint("see docs/data-format.md for its format"),
            );
        }
    }
    let mut dataset = loader.build(&raw);
    dataset.fingerprint = fingerprint(files);
    if loader.diags.is_empty() {
        Ok(dataset)
    } else {
        let mut diags = Diagnostics(loader.diags);
        diags.sort();
        Err(diags)
    }
}

/// The problems found so far.
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

    /// Checks every parsed record against the dataset's ids and turns it into the model.
    fn build(&mut self, raw: &RawDataset<'_>) -> Dataset {
        let ids = self.ids(raw);
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
