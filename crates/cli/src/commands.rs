//! What each command does, in terms of the core and generator crates.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use attache_core::{Dataset, PartnerMatch};
use attache_generator::{Briefing, Generator, Report};
use chrono::NaiveDate;
use typst_pdf::PdfStandards;

use crate::args::{
    Cli, Command, ExportArgs, ExportFormat, Format, Global, OutputArgs, ReportCommand,
};
use crate::{data, list, output};

/// Runs a parsed command line.
pub(crate) fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Check => check(&cli.global),
        Command::Export(args) => export(&cli.global, &args),
        Command::List(args) => {
            list::list(&data::load_valid(cli.global.data.as_deref())?, &args)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Report(ReportCommand::Partner { name, output }) => {
            report_partner(&cli.global, &name, &output)
        }
    }
}

fn check(global: &Global) -> Result<ExitCode> {
    match data::load(global.data.as_deref())? {
        Ok(dataset) => {
            println!(
                "dataset is valid: {} partners, {} events, {} figures, {} periods, {} areas, {} sources",
                dataset.partners().len(),
                dataset.events().len(),
                dataset.figures().count(),
                dataset.periods().len(),
                dataset.areas().len(),
                dataset.sources().len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(diags) => {
            eprintln!("{diags}");
            Ok(ExitCode::from(1))
        }
    }
}

fn export(global: &Global, args: &ExportArgs) -> Result<ExitCode> {
    let dataset = data::load_valid(global.data.as_deref())?;
    let text = match args.format {
        ExportFormat::Json => {
            let value = serde_json::json!({
                "partners": dataset.partners(),
                "events": dataset.events(),
                "figures": dataset.figures().collect::<Vec<_>>(),
                "periods": dataset.periods(),
                "areas": dataset.areas(),
                "sources": dataset.sources(),
            });
            serde_json::to_string_pretty(&value)? + "\n"
        }
    };
    match &args.output {
        Some(path) => output::write_atomic(path, text.as_bytes())?,
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

fn report_partner(global: &Global, name: &str, out: &OutputArgs) -> Result<ExitCode> {
    let dataset = data::load_valid(global.data.as_deref())?;
    let partner = match dataset.find_partner(name) {
        PartnerMatch::Found(p) => p,
        PartnerMatch::NotFound(close) => {
            let hint = if close.is_empty() {
                "run `attache list partners` to see every partner".to_owned()
            } else {
                let names: Vec<String> = close
                    .iter()
                    .map(|p| format!("`{}` ({})", p.id, p.name))
                    .collect();
                format!("did you mean {}?", names.join(", or "))
            };
            bail!("no partner matches \"{name}\"\nhint: {hint}");
        }
    };
    write_report(global, &dataset, Report::Partner(partner), out)
}

/// Renders one report and writes it where asked.
fn write_report(
    global: &Global,
    dataset: &Dataset,
    report: Report<'_>,
    out: &OutputArgs,
) -> Result<ExitCode> {
    let started = Instant::now();
    let generator = Generator::new(global.templates.as_deref())?;
    let briefing = Briefing::new(document_date()?);
    let path = out
        .output
        .clone()
        .unwrap_or_else(|| default_path(&report, out.format));
    let source = generator.render(dataset, report, &briefing)?;
    let bytes = match out.format {
        Format::Typ => source.into_bytes(),
        Format::Pdf => {
            let pdf = generator
                .compile_pdf(
                    &source,
                    &briefing,
                    &report.file_stem(),
                    PdfStandards::default(),
                )
                .with_context(|| format!("cannot render {}", report.file_stem()))?;
            for warning in &pdf.warnings {
                eprintln!("warning: {warning}");
            }
            pdf.bytes
        }
    };
    output::write_atomic(&path, &bytes)?;
    eprintln!(
        "wrote {} ({} KB) in {} ms",
        path.display(),
        bytes.len().div_ceil(1024),
        started.elapsed().as_millis()
    );
    Ok(ExitCode::SUCCESS)
}

fn default_path(report: &Report<'_>, format: Format) -> PathBuf {
    Path::new("reports").join(format!("{}.{}", report.file_stem(), format.extension()))
}

/// The date printed on reports: SOURCE_DATE_EPOCH when set (reproducible builds), else today.
fn document_date() -> Result<NaiveDate> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(epoch) => {
            let seconds: i64 = epoch
                .trim()
                .parse()
                .context("SOURCE_DATE_EPOCH must be a number of seconds")?;
            chrono::DateTime::from_timestamp(seconds, 0)
                .map(|t| t.date_naive())
                .context("SOURCE_DATE_EPOCH is out of range")
        }
        Err(_) => Ok(chrono::Local::now().date_naive()),
    }
}
