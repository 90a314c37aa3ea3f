//! The command line: commands, their options, and examples in `--help`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Printable briefs and chronologies from a source-cited dataset of military cooperation.
#[derive(Debug, Parser)]
#[command(name = "attache", version, about, propagate_version = true)]
#[command(
    after_help = "Examples:\n  attache report partner turkey\n  attache report partner Türkiye -o brief.pdf\n  attache check --data ./my-data"
)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: Global,
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub(crate) struct Global {
    /// Dataset folder to use instead of the built-in dataset.
    #[arg(long, global = true, env = "ATTACHE_DATA", value_name = "DIR")]
    pub(crate) data: Option<PathBuf>,
    /// Templates folder whose files override the built-in templates.
    #[arg(long, global = true, env = "ATTACHE_TEMPLATES", value_name = "DIR")]
    pub(crate) templates: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Render a report to PDF (or Typst source).
    #[command(subcommand)]
    Report(ReportCommand),
    /// Validate the dataset and print every problem found.
    #[command(after_help = "Examples:\n  attache check\n  attache check --data ./my-data")]
    Check,
    /// List partners, events, periods or cooperation types.
    #[command(
        after_help = "Examples:\n  attache list partners\n  attache list events --partner turkey --from 2010 --kind agreement\n  attache list types --format csv"
    )]
    List(ListArgs),
    /// Write the whole dataset in a machine-readable format.
    #[command(after_help = "Examples:\n  attache export --format json -o dataset.json")]
    Export(ExportArgs),
}

#[derive(Debug, Subcommand)]
pub(crate) enum ReportCommand {
    /// A brief on one partner: profile, key facts, legal basis, chronology, sources.
    #[command(
        after_help = "Examples:\n  attache report partner turkey\n  attache report partner TÜRKİYE --format typ -o turkey.typ"
    )]
    Partner {
        /// The partner's id, name, alias or ISO code (case and accents ignored).
        name: String,
        #[command(flatten)]
        output: OutputArgs,
    },
}

/// Where and how a report is written.
#[derive(Debug, Args)]
pub(crate) struct OutputArgs {
    /// Output file (default: reports/<report>.<format>).
    #[arg(short, long, value_name = "PATH")]
    pub(crate) output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Pdf)]
    pub(crate) format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// PDF document.
    Pdf,
    /// The generated Typst source.
    Typ,
}

impl Format {
    pub(crate) fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Typ => "typ",
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// Export format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    pub(crate) format: ExportFormat,
    /// Output file (default: standard output).
    #[arg(short, long, value_name = "PATH")]
    pub(crate) output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExportFormat {
    /// One JSON document with every record.
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    /// What to list.
    #[arg(value_enum)]
    pub(crate) what: ListWhat,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub(crate) format: ListFormat,
    #[command(flatten)]
    pub(crate) filter: FilterArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ListWhat {
    /// Partners: states, organisations, companies.
    Partners,
    /// Dated events (filters apply).
    Events,
    /// Named periods.
    Periods,
    /// Cooperation types (areas).
    Types,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ListFormat {
    /// An aligned table for people.
    Table,
    /// JSON, the same records as `export`.
    Json,
    /// CSV with a header row.
    Csv,
}

/// Filters on events, shared by the commands that select events.
#[derive(Debug, Args, Default)]
pub(crate) struct FilterArgs {
    /// Only events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub(crate) from: Option<String>,
    /// Only events on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub(crate) to: Option<String>,
    /// Only events with this partner (id, name or alias); repeat for several.
    #[arg(long, value_name = "NAME")]
    pub(crate) partner: Vec<String>,
    /// Only events of this cooperation type (area id); repeat for several.
    #[arg(long = "type", value_name = "AREA")]
    pub(crate) area: Vec<String>,
    /// Only events of this kind (agreement, exercise, ...); repeat for several.
    #[arg(long, value_name = "KIND")]
    pub(crate) kind: Vec<String>,
}
