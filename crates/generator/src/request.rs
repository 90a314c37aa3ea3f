//! What a caller asks the generator for, and what it gets back: one typed request in, files
//! out. The command line builds a [`Request`] from its arguments and prints the [`Generated`].

use std::path::{Path, PathBuf};
use std::time::Duration;

use attache_core::{Dataset, DateSpan, Diagnostic, EventFilter};

/// One report, in one format, written to one place.
#[derive(Debug, Clone)]
pub struct Request {
    /// Which report.
    pub report: Report,
    /// In which format.
    pub format: Format,
    /// Where to write it.
    pub output: Output,
}

/// Which report, by the ids of the records it is about.
#[derive(Debug, Clone)]
pub enum Report {
    /// A brief on one partner, by id.
    Partner(String),
    /// Everything in one named period, by id.
    Period(String),
    /// Everything in a span of dates (`2003..2013`, `2016..`).
    Span(DateSpan),
    /// Everything in one cooperation area (type), by id.
    Area(String),
    /// Every event a filter keeps, grouped by period and year, with an index.
    Chronology(EventFilter),
}

/// An output format and its options.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Format {
    /// PDF, conforming to the standards of a set (none by default).
    Pdf(PdfStandards),
    /// The generated Typst source.
    Typst,
    /// One PNG image per page, at this many pixels per inch.
    Png {
        /// Resolution, from 9 to 1200 pixels per inch.
        ppi: f32,
    },
    /// One SVG image per page.
    Svg,
    /// One self-contained, accessible HTML page (`report all`: a small site with an index).
    Html,
    /// A Word document, styled by the templates folder's `reference.docx`.
    Docx,
}

/// A PDF standard a document can be made to conform to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PdfStandard {
    /// PDF/A-2b, for long-term archiving.
    A2b,
    /// PDF/A-3b.
    A3b,
    /// PDF 1.7.
    V17,
    /// PDF/UA-1, for readers with assistive technology: tagged, titled, with alt text.
    Ua1,
}

/// The PDF standards a document is made to conform to: at most one PDF/A part, a version and
/// PDF/UA-1, as Typst allows them together (it checks the combination at export).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PdfStandards(u8);

impl PdfStandards {
    /// No standard: a plain (tagged) PDF.
    pub const NONE: PdfStandards = PdfStandards(0);

    /// Every standard a set can hold, in the order they are listed.
    const ALL: [PdfStandard; 4] = [
        PdfStandard::A2b,
        PdfStandard::A3b,
        PdfStandard::V17,
        PdfStandard::Ua1,
    ];

    /// The set with `standard` added.
    #[must_use]
    pub fn with(self, standard: PdfStandard) -> PdfStandards {
        PdfStandards(self.0 | Self::bit(standard))
    }

    /// Whether the set holds `standard`.
    pub fn contains(self, standard: PdfStandard) -> bool {
        self.0 & Self::bit(standard) != 0
    }

    /// Whether no standard was asked for.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The standards of the set.
    pub fn iter(self) -> impl Iterator<Item = PdfStandard> {
        Self::ALL.into_iter().filter(move |s| self.contains(*s))
    }

    fn bit(standard: PdfStandard) -> u8 {
        1 << Self::ALL.iter().position(|s| *s == standard).unwrap_or(0)
    }
}

impl FromIterator<PdfStandard> for PdfStandards {
    fn from_iter<I: IntoIterator<Item = PdfStandard>>(standards: I) -> Self {
        standards
            .into_iter()
            .fold(PdfStandards::NONE, PdfStandards::with)
    }
}

/// Where a report goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// This file (PNG and SVG add `-<page>` before the extension, one file per page).
    File(PathBuf),
    /// This folder, under the report's own name (`partner-turkey.pdf`).
    Folder(PathBuf),
    /// Standard output (`-o -`, as typst and pandoc take it): one file's bytes, so a PNG or
    /// SVG report must have one page.
    Stdout,
}

/// What a request produced.
#[derive(Debug, Default)]
pub struct Generated {
    /// The files written, in page order.
    pub files: Vec<PathBuf>,
    /// How many pages the report has (0 for Typst source).
    pub pages: usize,
    /// How many bytes were written in all.
    pub bytes: usize,
    /// Problems that did not stop it: Typst's warnings, characters no font could draw.
    pub warnings: Vec<Diagnostic>,
    /// How long each stage took, in order.
    pub timings: Vec<(&'static str, Duration)>,
}

impl Report {
    /// Every report of a dataset: the full chronology, then each period, area and partner.
    pub fn every(dataset: &Dataset) -> Vec<Report> {
        let mut reports = vec![Report::Chronology(EventFilter::default())];
        reports.extend(
            dataset
                .periods()
                .iter()
                .map(|p| Report::Period(p.id.clone())),
        );
        reports.extend(dataset.areas().iter().map(|a| Report::Area(a.id.clone())));
        reports.extend(
            dataset
                .partners()
                .iter()
                .map(|p| Report::Partner(p.id.clone())),
        );
        reports
    }

    /// The report's own file name, without extension: `partner-turkey`, `period-2003-2013`.
    pub fn file_stem(&self) -> String {
        match self {
            Report::Partner(id) => format!("partner-{id}"),
            Report::Period(id) => format!("period-{id}"),
            Report::Span(span) => format!("period-{}", span.slug()),
            Report::Area(id) => format!("type-{id}"),
            Report::Chronology(_) => "chronology".to_owned(),
        }
    }
}

impl Format {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf(_) => "pdf",
            Format::Typst => "typ",
            Format::Png { .. } => "png",
            Format::Svg => "svg",
            Format::Html => "html",
            Format::Docx => "docx",
        }
    }
}

impl Output {
    /// The path of a report's file (for one-page-per-file formats, the name pages derive from).
    pub(crate) fn path(&self, report: &Report, format: Format) -> PathBuf {
        match self {
            Output::File(path) => path.clone(),
            Output::Stdout => PathBuf::from("-"),
            Output::Folder(dir) => {
                dir.join(format!("{}.{}", report.file_stem(), format.extension()))
            }
        }
    }
}

/// `brief.png` becomes `brief-1.png`, `brief-2.png`, ...
pub(crate) fn page_path(path: &Path, page: usize) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let extension = path
        .extension()
        .map(|s| format!(".{}", s.to_string_lossy()))
        .unwrap_or_default();
    path.with_file_name(format!("{stem}-{page}{extension}"))
}
