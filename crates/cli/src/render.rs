//! Choosing a report from what the user typed, rendering it, and writing it in the format
//! asked for; `report all` renders every report in parallel.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use attache_core::{Dataset, Diagnostic};
use attache_generator::{Briefing, Chronology, Generator, Report};
use chrono::{Datelike, NaiveDate};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use typst_pdf::{PdfStandard, PdfStandards};

use crate::args::{FilterArgs, Format, Global, OutputArgs, PdfStandardArg, RenderArgs};
use crate::list::event_filter;
use crate::output;

/// The partner brief for what the user typed.
pub(crate) fn partner<'a>(dataset: &'a Dataset, name: &str) -> Result<Report<'a>> {
    Ok(Report::Partner(dataset.resolve_partner(name)?))
}

/// A named period, or a span of years written `FROM..TO` (either end open).
pub(crate) fn period<'a>(dataset: &'a Dataset, text: &str) -> Result<Report<'a>> {
    Ok(Report::Period(
        dataset.resolve_period(text)?.into_period(dataset),
    ))
}

/// The report on one cooperation type.
pub(crate) fn area<'a>(dataset: &'a Dataset, id: &str) -> Result<Report<'a>> {
    Ok(Report::Type(dataset.resolve_area(id)?))
}

/// The chronology of the events the filters keep.
pub(crate) fn chronology<'a>(dataset: &'a Dataset, args: &FilterArgs) -> Result<Report<'a>> {
    let filter = event_filter(dataset, args)?;
    let mut parts = Vec::new();
    let names: Vec<String> = filter
        .partners
        .iter()
        .filter_map(|id| dataset.partner(id))
        .map(|p| p.name.clone())
        .collect();
    if !names.is_empty() {
        parts.push(names.join(", "));
    }
    let areas: Vec<String> = filter
        .areas
        .iter()
        .filter_map(|id| dataset.area(id))
        .map(|a| a.name.clone())
        .collect();
    if !areas.is_empty() {
        parts.push(areas.join(", "));
    }
    if !filter.kinds.is_empty() {
        parts.push(
            filter
                .kinds
                .iter()
                .map(|k| k.label().to_lowercase())
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    match (&filter.from, &filter.to) {
        (Some(f), Some(t)) => parts.push(format!("{} to {}", f.human(), t.human())),
        (Some(f), None) => parts.push(format!("from {}", f.human())),
        (None, Some(t)) => parts.push(format!("to {}", t.human())),
        (None, None) => {}
    }
    if dataset.filter(&filter).next().is_none() {
        bail!(
            Diagnostic::error("no event matches these filters").with_hint(
                "widen the dates or drop a filter; `attache list events` accepts the same filters"
            )
        );
    }
    Ok(Report::Chronology(Chronology {
        filter,
        description: parts.join("; "),
    }))
}

/// Renders one report and writes it where asked.
pub(crate) fn one(
    global: &Global,
    dataset: &Dataset,
    report: &Report<'_>,
    out: &OutputArgs,
) -> Result<ExitCode> {
    let started = Instant::now();
    let generator = Generator::new(global.templates.as_deref())?;
    let briefing = briefing(global)?;
    let path = out.output.clone().unwrap_or_else(|| {
        Path::new("reports").join(format!(
            "{}.{}",
            report.file_stem(),
            out.render.format.extension()
        ))
    });
    let written = render_to(&generator, dataset, report, &briefing, &path, out.render)?;
    crate::ui::info(format!(
        "wrote {} in {} ms",
        written.describe(),
        started.elapsed().as_millis()
    ));
    Ok(ExitCode::SUCCESS)
}

/// What one render wrote.
struct Written {
    files: Vec<PathBuf>,
    pages: usize,
    bytes: usize,
}

impl Written {
    fn describe(&self) -> String {
        let first = self
            .files
            .first()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let what = if self.files.len() > 1 {
            format!("{first} and {} more files", self.files.len() - 1)
        } else {
            first
        };
        let pages = if self.pages > 0 {
            format!("{} pages, ", self.pages)
        } else {
            String::new()
        };
        format!("{what} ({pages}{} KB)", self.bytes.div_ceil(1024))
    }
}

fn render_to(
    generator: &Generator,
    dataset: &Dataset,
    report: &Report<'_>,
    briefing: &Briefing,
    path: &Path,
    how: RenderArgs,
) -> Result<Written> {
    if how.format == Format::Pdf
        && let Report::Chronology(selection) = report
        && Generator::in_parts(dataset.filter(&selection.filter).count())
    {
        return long_chronology(generator, dataset, selection, briefing, path, how);
    }
    let source = crate::ui::timed("templates to Typst", || {
        generator.render(dataset, report, briefing)
    })?;
    if how.format == Format::Typ {
        output::write_atomic(path, source.text().as_bytes())?;
        return Ok(Written {
            files: vec![path.to_path_buf()],
            pages: 0,
            bytes: source.text().len(),
        });
    }
    let document = crate::ui::timed("Typst compilation", || generator.compile(&source, briefing))
        .with_context(|| format!("cannot render {}", report.file_stem()))?;
    crate::diagnostics::emit(document.warnings());
    let exported = crate::ui::timed("export", || -> Result<Vec<(PathBuf, Vec<u8>)>> {
        Ok(match how.format {
            Format::Pdf => {
                let bytes = document.pdf(&report.file_stem(), standards(how.pdf_standard)?)?;
                vec![(path.to_path_buf(), bytes)]
            }
            Format::Png => {
                if !(how.ppi.is_finite() && (9.0..=1200.0).contains(&how.ppi)) {
                    bail!(
                        "--ppi {} is out of range: use a resolution from 9 to 1200 pixels per inch",
                        how.ppi
                    );
                }
                per_page(path, document.png(how.ppi)?)
            }
            Format::Svg => per_page(path, document.svg()),
            Format::Typ => unreachable!("handled above"),
        })
    });
    let outputs = exported?;
    let bytes = outputs.iter().map(|(_, b)| b.len()).sum();
    for (file, data) in &outputs {
        output::write_atomic(file, data)?;
    }
    Ok(Written {
        files: outputs.into_iter().map(|(p, _)| p).collect(),
        pages: document.page_count(),
        bytes,
    })
}

/// A chronology long enough to be laid out in parts, so that memory stays bounded.
fn long_chronology(
    generator: &Generator,
    dataset: &Dataset,
    selection: &Chronology,
    briefing: &Briefing,
    path: &Path,
    how: RenderArgs,
) -> Result<Written> {
    if how.pdf_standard.is_some() {
        bail!(
            "--pdf-standard is not available for chronologies of over {} events, which are laid \
             out in parts and joined; narrow the selection (--partner, --type, --from, --to)",
            attache_generator::LONG_CHRONOLOGY
        );
    }
    let stem = Report::Chronology(selection.clone()).file_stem();
    let (pdf, pages) = crate::ui::timed("layout and export in parts", || {
        generator.chronology_pdf_in_parts(dataset, selection, briefing, &stem)
    })
    .with_context(|| format!("cannot render {stem}"))?;
    crate::diagnostics::emit(&pdf.warnings);
    output::write_atomic(path, &pdf.bytes)?;
    Ok(Written {
        files: vec![path.to_path_buf()],
        pages,
        bytes: pdf.bytes.len(),
    })
}

/// `brief.png` becomes `brief-1.png`, `brief-2.png`, ...
fn per_page(path: &Path, pages: Vec<Vec<u8>>) -> Vec<(PathBuf, Vec<u8>)> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let extension = path
        .extension()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    pages
        .into_iter()
        .enumerate()
        .map(|(i, bytes)| {
            (
                path.with_file_name(format!("{stem}-{}.{extension}", i + 1)),
                bytes,
            )
        })
        .collect()
}

fn standards(standard: Option<PdfStandardArg>) -> Result<PdfStandards> {
    let list: &[PdfStandard] = match standard {
        None => &[],
        Some(PdfStandardArg::A2b) => &[PdfStandard::A_2b],
        Some(PdfStandardArg::A3b) => &[PdfStandard::A_3b],
        Some(PdfStandardArg::Pdf17) => &[PdfStandard::V_1_7],
    };
    PdfStandards::new(list).map_err(|e| anyhow::anyhow!("{}", e.message()))
}

/// Every report: each partner, period and type, and the full chronology, on all cores.
pub(crate) fn all(
    global: &Global,
    dataset: &Dataset,
    out_dir: &Path,
    how: RenderArgs,
) -> Result<ExitCode> {
    let started = Instant::now();
    let generator = Generator::new(global.templates.as_deref())?;
    let briefing = briefing(global)?;
    let mut reports: Vec<Report<'_>> = Vec::new();
    reports.push(Report::Chronology(Chronology::default()));
    reports.extend(dataset.periods().iter().cloned().map(Report::Period));
    reports.extend(dataset.areas().iter().map(Report::Type));
    reports.extend(dataset.partners().iter().map(Report::Partner));
    let progress = if std::io::stderr().is_terminal() && !crate::ui::quiet() {
        ProgressBar::new(reports.len() as u64)
    } else {
        ProgressBar::hidden()
    };
    progress.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let pages = AtomicUsize::new(0);
    let failures: Vec<(String, anyhow::Error)> = reports
        .par_iter()
        .filter_map(|report| {
            let path = out_dir.join(format!("{}.{}", report.file_stem(), how.format.extension()));
            let result = render_to(&generator, dataset, report, &briefing, &path, how);
            progress.inc(1);
            progress.set_message(report.file_stem());
            match result {
                Ok(written) => {
                    pages.fetch_add(written.pages, Ordering::Relaxed);
                    None
                }
                Err(e) => Some((report.file_stem(), e)),
            }
        })
        .collect();
    progress.finish_and_clear();
    let done = reports.len() - failures.len();
    crate::ui::info(format!(
        "wrote {done} reports ({} pages) to {} in {:.1} s",
        pages.load(Ordering::Relaxed),
        out_dir.display(),
        started.elapsed().as_secs_f64()
    ));
    if failures.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    for (stem, error) in &failures {
        crate::ui::info(format!("{stem} failed:"));
        crate::diagnostics::emit_error(error);
    }
    bail!("{} of {} reports failed", failures.len(), reports.len())
}

/// The briefing settings: `--config`, else `briefing.toml` in the templates folder, else defaults.
pub(crate) fn briefing(global: &Global) -> Result<Briefing> {
    let date = document_date()?;
    let file = global.config.clone().or_else(|| {
        let candidate = global.templates.as_ref()?.join("briefing.toml");
        candidate.is_file().then_some(candidate)
    });
    match file {
        Some(file) => {
            Briefing::load(&file, global.templates.as_deref(), date).map_err(|mut problems| {
                problems.0.push(
                    Diagnostic::error("the briefing settings have problems; nothing was written")
                        .with_hint("`attache templates init DIR` writes a commented briefing.toml"),
                );
                problems.into()
            })
        }
        None => Ok(Briefing::new(date)),
    }
}

/// The date printed on reports: SOURCE_DATE_EPOCH when set (reproducible builds), else today.
fn document_date() -> Result<NaiveDate> {
    let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") else {
        return Ok(chrono::Local::now().date_naive());
    };
    let seconds: i64 = epoch
        .trim()
        .parse()
        .context("SOURCE_DATE_EPOCH must be a number of seconds")?;
    chrono::DateTime::from_timestamp(seconds, 0)
        .map(|t| t.date_naive())
        .filter(|d| (1..=9999).contains(&d.year()))
        .context("SOURCE_DATE_EPOCH is out of range: it must give a date in the years 1 to 9999")
}
