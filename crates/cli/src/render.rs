//! Choosing a report from what the user typed, rendering it, and writing it in the format
//! asked for; `report all` renders every report in parallel.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Result, bail};
use attache_core::{Dataset, Diagnostic, PeriodChoice};
use attache_generator::{
    Briefing, Format, Generated, Generator, Output, PdfStandard, Report, Request,
};
use indicatif::{ProgressBar, ProgressStyle};

use crate::args::{FilterArgs, FormatArg, Global, OutputArgs, PdfStandardArg, RenderArgs};
use crate::list::event_filter;
use crate::{data, diagnostics, output, ui};

/// The partner brief for what the user typed.
pub(crate) fn partner(dataset: &Dataset, name: &str) -> Result<Report> {
    Ok(Report::Partner(dataset.resolve_partner(name)?.id.clone()))
}

/// A named period, or a span of years written `FROM..TO` (either end open).
pub(crate) fn period(dataset: &Dataset, text: &str) -> Result<Report> {
    Ok(match dataset.resolve_period(text)? {
        PeriodChoice::Named(period) => Report::Period(period.id.clone()),
        PeriodChoice::Span(span) => Report::Span(span),
    })
}

/// The report on one cooperation type.
pub(crate) fn area(dataset: &Dataset, id: &str) -> Result<Report> {
    Ok(Report::Area(dataset.resolve_area(id)?.id.clone()))
}

/// The chronology of the events the filters keep.
pub(crate) fn chronology(dataset: &Dataset, args: &FilterArgs) -> Result<Report> {
    let filter = event_filter(dataset, args)?;
    if dataset.events_matching(&filter).next().is_none() {
        bail!(
            Diagnostic::error("no event matches these filters").with_hint(
                "widen the dates or drop a filter; `attache list events` accepts the same filters"
            )
        );
    }
    Ok(Report::Chronology(filter))
}

/// Makes one report and writes it where asked.
pub(crate) fn one(
    global: &Global,
    dataset: &Dataset,
    report: Report,
    out: &OutputArgs,
) -> Result<ExitCode> {
    let started = Instant::now();
    let since = match &out.since {
        Some(spec) => Some(crate::baseline::since(global, spec, &out.release)?),
        None => None,
    };
    let generator = generator(global, &out.render)?.since(since);
    let request = Request {
        report,
        format: format(&out.render),
        output: match &out.output {
            Some(path) if output::is_stdout(path) => Output::Stdout,
            Some(path) => Output::File(path.clone()),
            None => Output::Folder(PathBuf::from("reports")),
        },
    };
    let generated = generator.generate(dataset, &request)?;
    diagnostics::emit(&generated.warnings);
    for (stage, took) in &generated.timings {
        ui::detail(format!("{stage}: {:.1} ms", took.as_secs_f64() * 1000.0));
    }
    ui::info(format!(
        "wrote {} in {} ms",
        describe(&generated),
        started.elapsed().as_millis()
    ));
    Ok(ExitCode::SUCCESS)
}

/// "reports/partner-turkey.pdf (7 pages, 180 KB)", or "standard output (...)" for `-o -`.
fn describe(generated: &Generated) -> String {
    let first = generated
        .files
        .first()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let what = match generated.files.len() {
        0 => "standard output".to_owned(),
        1 => first,
        n => format!("{first} and {} more files", n - 1),
    };
    let pages = if generated.pages > 0 {
        format!("{}, ", ui::count(generated.pages, "page", "pages"))
    } else {
        String::new()
    };
    format!("{what} ({pages}{} KB)", generated.bytes.div_ceil(1024))
}

/// The format and its options, as the generator takes them.
fn format(how: &RenderArgs) -> Format {
    match how.format {
        FormatArg::Pdf => Format::Pdf(
            how.pdf_standard
                .iter()
                .map(|s| match s {
                    PdfStandardArg::A2b => PdfStandard::A2b,
                    PdfStandardArg::A3b => PdfStandard::A3b,
                    PdfStandardArg::Pdf17 => PdfStandard::V17,
                    PdfStandardArg::Ua1 => PdfStandard::Ua1,
                })
                .collect(),
        ),
        FormatArg::Typ => Format::Typst,
        FormatArg::Png => Format::Png { ppi: how.ppi },
        FormatArg::Svg => Format::Svg,
        FormatArg::Html => Format::Html,
        FormatArg::Docx => Format::Docx,
    }
}

/// Every report: each partner, period and type, and the full chronology, on all cores.
pub(crate) fn all(
    global: &Global,
    dataset: &Dataset,
    out_dir: &Path,
    how: &RenderArgs,
) -> Result<ExitCode> {
    let started = Instant::now();
    let generator = generator(global, how)?;
    let total = Report::every(dataset).len();
    let progress = if std::io::stderr().is_terminal() && !ui::quiet() {
        ProgressBar::new(total as u64)
    } else {
        ProgressBar::hidden()
    };
    progress.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let outcomes = generator.generate_all(dataset, format(how), out_dir.to_path_buf(), &|report| {
        progress.inc(1);
        progress.set_message(report.file_stem());
    });
    progress.finish_and_clear();
    let mut pages = 0;
    let mut failures = 0;
    let mut written = Vec::new();
    for (report, outcome) in outcomes {
        match outcome {
            Ok(generated) => {
                pages += generated.pages;
                written.push(report.clone());
                diagnostics::emit(&in_report(&report, generated.warnings));
            }
            Err(problems) => {
                failures += 1;
                diagnostics::emit(&in_report(&report, problems.0));
            }
        }
    }
    if format(how) == Format::Html {
        generator.site_index(dataset, out_dir, &written)?;
    }
    // HTML pages are not paged: no page count.
    let pages = if pages > 0 {
        format!(" ({})", ui::count(pages, "page", "pages"))
    } else {
        String::new()
    };
    ui::info(format!(
        "wrote {}{pages} to {} in {:.1} s",
        ui::count(total - failures, "report", "reports"),
        out_dir.display(),
        started.elapsed().as_secs_f64()
    ));
    if failures == 0 {
        return Ok(ExitCode::SUCCESS);
    }
    bail!("{failures} of {total} reports failed")
}

/// Diagnostics of one report of many, each noting which report it concerns.
fn in_report(report: &Report, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .map(|d| d.with_note(format!("while making {}", report.file_stem())))
        .collect()
}

/// The generator for the templates folder, briefing settings and rendering options the user
/// chose, refusing to write a report over a file the run reads.
fn generator(global: &Global, how: &RenderArgs) -> Result<Generator> {
    let mut generator = Generator::new(global.templates.as_deref(), briefing(global)?)?
        .inputs(data::inputs(global))
        .snapshot(!how.no_snapshot);
    if let Some(jobs) = how.jobs {
        // Typst lays out, exports and draws on rayon's global pool as well: sizing it bounds
        // every core the run keeps busy. Only the first sizing counts (watch mode asks again,
        // with the same number).
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.get())
            .build_global();
        generator = generator.jobs(jobs);
    }
    // Parts of a long chronology laid out at once go to copies of this program, which then
    // do not share Typst's caches.
    if let Ok(program) = std::env::current_exe() {
        generator = generator.layout_workers(program);
    }
    Ok(generator)
}

/// The briefing settings the user chose, dated for this run, in the language `--lang` names.
pub(crate) fn briefing(global: &Global) -> Result<Briefing> {
    let mut briefing = Briefing::find(
        global.templates.as_deref(),
        global.config.as_deref(),
        attache_core::document_date()?,
    )?;
    if let Some(language) = &global.lang {
        briefing.language = language.clone();
    }
    Ok(briefing)
}
