//! The road from a request to its files: resolve the report's subject, render its template to
//! Typst, lay it out, export it in the format asked for, and write it.

use std::path::{Path, PathBuf};
use std::time::Instant;

use attache_core::{Dataset, Diagnostic, Diagnostics};
use rayon::prelude::*;
use typst_layout::PagedDocument;

use crate::Generator;
use crate::context::Subject;
use crate::folder::TemplatesFolder;
use crate::labels::Labels;
use crate::linemap::Rendered;
use crate::long;
use crate::request::{Format, Generated, Output, PdfStandards, Report, Request, page_path};
use crate::snapshot;
use crate::typeset::{self, export};

/// The stack each thread that lays documents out gets: Typst's layout recurses deeply.
pub(crate) const LAYOUT_STACK: usize = 8 << 20;

/// A laid-out document, ready to export.
pub struct Typeset {
    document: PagedDocument,
    warnings: Vec<Diagnostic>,
    date: chrono::NaiveDate,
}

impl Typeset {
    /// How many pages it has.
    pub fn page_count(&self) -> usize {
        self.document.pages().len()
    }

    /// The pages as Typst laid them out, for tests that check where text landed.
    pub fn document(&self) -> &PagedDocument {
        &self.document
    }

    /// Problems that did not stop layout: Typst's warnings, characters no font could draw.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The document as PDF, optionally to a standard; `ident` names it stably (its file stem).
    pub fn pdf(&self, ident: &str, standard: PdfStandards) -> Result<Vec<u8>, Diagnostics> {
        let standards = export::standards(standard)?;
        export::pdf(&self.document, self.date, ident, standards, true)
    }
}

impl Generator {
    /// Makes the report a request names and writes it where the request says.
    pub fn generate(&self, dataset: &Dataset, request: &Request) -> Result<Generated, Diagnostics> {
        self.generate_page(dataset, request, false)
    }

    /// [`Generator::generate`]; `site` says an HTML page is one of a site that `report all`
    /// writes, and may link to the index and the other reports.
    fn generate_page(
        &self,
        dataset: &Dataset,
        request: &Request,
        site: bool,
    ) -> Result<Generated, Diagnostics> {
        let mut generated = Generated::default();
        let labels = self.labels(dataset)?;
        let subject = Subject::resolve(dataset, &request.report, &labels)?;
        let path = request.output.path(&request.report, request.format);
        let stem = request.report.file_stem();
        let (snapshot, no_snapshot) = match request.format {
            Format::Pdf(standard) if self.snapshot => {
                snapshot::json(dataset, &request.report, self.settings.date, standard)
            }
            _ => (None, None),
        };
        if let Subject::Chronology(filter) = &subject
            && let Some(output) = long_output(request.format)
            && dataset.events_matching(filter).count() > self.parts_above
        {
            let subject = long::Subject {
                dataset,
                filter,
                labels: &labels,
                ident: &stem,
                changes: self.changes(dataset, &request.report, &labels),
            };
            return self.generate_long(subject, request, output, snapshot.as_deref());
        }
        if request.format == Format::Html {
            let page = timed(&mut generated, "templates to HTML", || {
                let changes = self.changes(dataset, &request.report, &labels);
                self.html(dataset, &subject, &labels, changes, site)
            })?;
            return self.write_files(generated, &request.output, vec![(path, page)], Vec::new());
        }
        if request.format == Format::Docx {
            let bytes = timed(&mut generated, "context to DOCX", || {
                let changes = self.changes(dataset, &request.report, &labels);
                self.docx(dataset, &subject, &labels, changes)
            })?;
            return self.write_files(generated, &request.output, vec![(path, bytes)], Vec::new());
        }
        let source = timed(&mut generated, "templates to Typst", || {
            self.render(dataset, &request.report, &subject, &labels)
        })?;
        if request.format == Format::Typst {
            let text = source.into_text().into_bytes();
            return self.write_files(generated, &request.output, vec![(path, text)], Vec::new());
        }
        let typeset = timed(&mut generated, "Typst layout", || {
            self.typeset_with(&source, snapshot.as_deref())
        })?;
        let files = timed(&mut generated, "export", || {
            exported(&typeset, request.format, &path, &stem)
        })?;
        generated.pages = typeset.page_count();
        generated.warnings = typeset.warnings;
        generated.warnings.extend(no_snapshot);
        let stale = match request.format {
            Format::Png { .. } | Format::Svg => stale_pages(&request.output, &path, files.len()),
            Format::Pdf(_) | Format::Typst | Format::Html | Format::Docx => Vec::new(),
        };
        self.write_files(generated, &request.output, files, stale)
    }

    /// A chronology of more than `parts_above` events, laid out in parts ([`long`]) and
    /// written as one PDF or as one image per page.
    fn generate_long(
        &self,
        subject: long::Subject<'_>,
        request: &Request,
        output: long::Output,
        snapshot: Option<&str>,
    ) -> Result<Generated, Diagnostics> {
        if let Format::Pdf(standard) = request.format
            && !standard.is_empty()
        {
            return Err(long::no_standard(self.parts_above));
        }
        let mut generated = Generated::default();
        let path = request.output.path(&request.report, request.format);
        let laid = timed(&mut generated, "layout and export in parts", || {
            long::generate(self, subject, output, snapshot)
        })?;
        generated.pages = laid.pages;
        generated.warnings = laid.warnings;
        let (files, stale) = match output {
            // One joined PDF, moved rather than copied: it may run to hundreds of MB.
            long::Output::Pdf => {
                let pdf = laid.files.into_iter().map(|bytes| (path.clone(), bytes));
                (pdf.collect(), Vec::new())
            }
            long::Output::Png { .. } | long::Output::Svg => {
                let files = numbered(&path, laid.files);
                let stale = stale_pages(&request.output, &path, files.len());
                (files, stale)
            }
        };
        self.write_files(generated, &request.output, files, stale)
    }

    /// Makes every report of the dataset into `folder`, on all cores, calling `done` as each
    /// one finishes. Gives each report's outcome, in the order of [`Report::every`].
    pub fn generate_all(
        &self,
        dataset: &Dataset,
        format: Format,
        folder: PathBuf,
        done: &(dyn Fn(&Report) + Sync),
    ) -> Vec<(Report, Result<Generated, Diagnostics>)> {
        let all = || {
            Report::every(dataset)
                .into_par_iter()
                .map(|report| {
                    let request = Request {
                        report,
                        format,
                        output: Output::Folder(folder.clone()),
                    };
                    let outcome = self.generate_page(dataset, &request, format == Format::Html);
                    done(&request.report);
                    (request.report, outcome)
                })
                .collect()
        };
        // Typst's layout recurses deeply: give each worker the stack a main thread has, not
        // the 2 MiB of a spawned thread.
        match rayon::ThreadPoolBuilder::new()
            .num_threads(self.jobs)
            .stack_size(LAYOUT_STACK)
            .build()
        {
            Ok(pool) => pool.install(all),
            Err(_) => all(),
        }
    }

    /// The Typst source of a report: the first stage of [`Generator::generate`], and what
    /// `--format typ` writes.
    pub fn source(&self, dataset: &Dataset, report: &Report) -> Result<Rendered, Diagnostics> {
        let labels = self.labels(dataset)?;
        let subject = Subject::resolve(dataset, report, &labels)?;
        self.render(dataset, report, &subject, &labels)
    }

    /// Lays a Typst source out into pages: the second stage of [`Generator::generate`].
    pub fn typeset(&self, source: &Rendered) -> Result<Typeset, Diagnostics> {
        self.typeset_with(source, None)
    }

    /// Lays a Typst source out, attaching a dataset snapshot (JSON) to its PDF.
    fn typeset_with(
        &self,
        source: &Rendered,
        snapshot: Option<&str>,
    ) -> Result<Typeset, Diagnostics> {
        let laid = typeset::layout(source, &self.files, self.settings.date, snapshot)?;
        Ok(Typeset {
            document: laid.document,
            warnings: laid.warnings,
            date: self.settings.date,
        })
    }

    /// Renders a subject's template with its context.
    fn render(
        &self,
        dataset: &Dataset,
        report: &Report,
        subject: &Subject<'_>,
        labels: &Labels,
    ) -> Result<Rendered, Diagnostics> {
        let changes = self.changes(dataset, report, labels);
        let context = subject.context(dataset, &self.settings, labels, changes);
        self.render_template(
            subject.template(),
            labels,
            minijinja::Value::from(()),
            context,
        )
    }

    /// What changed in a report's records since the baseline (`--since`), if there is one.
    fn changes(
        &self,
        dataset: &Dataset,
        report: &Report,
        labels: &Labels,
    ) -> Option<crate::context::ChangesView> {
        (self.since.as_deref())
            .map(|baseline| crate::context::changes(baseline, dataset, report, labels))
    }

    /// Writes a report's files as a whole (a PDF, or every page of a PNG or SVG set), removes
    /// the `stale` pages an earlier, longer render left, and notes what was written. Nothing
    /// is written into an input of the run. To standard output goes the one file's bytes.
    pub(crate) fn write_files(
        &self,
        mut generated: Generated,
        output: &Output,
        files: Vec<(PathBuf, Vec<u8>)>,
        stale: Vec<PathBuf>,
    ) -> Result<Generated, Diagnostics> {
        let started = Instant::now();
        if *output == Output::Stdout {
            let [(_, bytes)] = files.as_slice() else {
                return Err(Diagnostic::error(format!(
                    "{} images cannot go to standard output, which takes one file",
                    files.len()
                ))
                .with_hint(
                    "write them to files with -o NAME.png (one per page), or ask for --format pdf",
                )
                .into());
            };
            to_stdout(bytes)?;
            generated.bytes += bytes.len();
            generated.timings.push(("write", started.elapsed()));
            return Ok(generated);
        }
        let mut inputs = self.inputs.clone();
        for read in self.folder.iter().flat_map(TemplatesFolder::resolved) {
            inputs.file(&read, "a file the templates read");
        }
        for path in files.iter().map(|(path, _)| path).chain(&stale) {
            inputs.check(path).map_err(write_error)?;
        }
        let set: Vec<(&Path, &[u8])> = files
            .iter()
            .map(|(path, bytes)| (path.as_path(), bytes.as_slice()))
            .collect();
        attache_core::write_set(&set, &stale).map_err(write_error)?;
        for (path, bytes) in files {
            generated.bytes += bytes.len();
            generated.files.push(path);
        }
        generated.timings.push(("write", started.elapsed()));
        Ok(generated)
    }
}

/// Writes a report's bytes to standard output; a reader that stops early (`| head`) is not an
/// error.
fn to_stdout(bytes: &[u8]) -> Result<(), Diagnostics> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Diagnostic::error(format!("cannot write to standard output: {e}")).into())
        }
        _ => Ok(()),
    }
}

/// Runs one stage of the road, noting how long it took.
fn timed<T>(generated: &mut Generated, stage: &'static str, run: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let value = run();
    generated.timings.push((stage, started.elapsed()));
    value
}

/// The files a typeset report exports to: one PDF, or one image per page.
fn exported(
    typeset: &Typeset,
    format: Format,
    path: &Path,
    stem: &str,
) -> Result<Vec<(PathBuf, Vec<u8>)>, Diagnostics> {
    let pages = match format {
        Format::Pdf(standard) => return Ok(vec![(path.to_owned(), typeset.pdf(stem, standard)?)]),
        Format::Png { ppi } => export::png(&typeset.document, ppi)?,
        Format::Svg => export::svg(&typeset.document),
        Format::Typst | Format::Html | Format::Docx => {
            unreachable!("Typst source, HTML and DOCX are written before layout")
        }
    };
    Ok(numbered(path, pages))
}

/// Page images as files named after `path`, one per page: `brief-1.png`, `brief-2.png`, ...
fn numbered(path: &Path, pages: Vec<Vec<u8>>) -> Vec<(PathBuf, Vec<u8>)> {
    pages
        .into_iter()
        .enumerate()
        .map(|(i, bytes)| (page_path(path, i + 1), bytes))
        .collect()
}

/// The page images after the last of a new set of `pages` that an earlier render left
/// (`brief-4.png` onwards while they exist); none when writing to standard output.
fn stale_pages(output: &Output, path: &Path, pages: usize) -> Vec<PathBuf> {
    if *output == Output::Stdout {
        return Vec::new();
    }
    (pages + 1..)
        .map(|n| page_path(path, n))
        .take_while(|page| page.symlink_metadata().is_ok())
        .collect()
}

/// What a long chronology in this format is made into, if it is laid out in parts.
fn long_output(format: Format) -> Option<long::Output> {
    match format {
        Format::Pdf(_) => Some(long::Output::Pdf),
        Format::Png { ppi } => Some(long::Output::Png { ppi }),
        Format::Svg => Some(long::Output::Svg),
        Format::Typst | Format::Html | Format::Docx => None,
    }
}

/// A write's error with the system's reason, as a diagnostic.
fn write_error(e: attache_core::WriteError) -> Diagnostics {
    let reason = std::error::Error::source(&e).map(|s| format!(": {s}"));
    Diagnostic::error(format!("{e}{}", reason.unwrap_or_default())).into()
}
