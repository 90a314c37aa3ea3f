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
    /// Briefing settings (organisation, marking, paper, logo, language, sections); default:
    /// briefing.toml in the templates folder.
    #[arg(long, global = true, env = "ATTACHE_CONFIG", value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Render a report to PDF (or Typst source).
    #[command(subcommand)]
    Report(ReportCommand),
    /// Validate the dataset and print every problem found.
    #[command(after_help = "Examples:\n  attache check\n  attache check --data ./my-data")]
    Check,
    /// The chronology of every event, or of those the filters keep.
    #[command(
        after_help = "Examples:\n  attache chronology\n  attache chronology --partner turkey --from 2010\n  attache chronology --type peacekeeping --kind deployment -o peacekeeping.pdf"
    )]
    Chronology {
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Write the built-in templates out to customise them, or see which templates are in use.
    #[command(subcommand)]
    Templates(TemplatesCommand),
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
    /// Everything in one period: a period id, or years such as 2003..2013 or 2016..
    #[command(
        after_help = "Examples:\n  attache report period post-2020\n  attache report period 2003..2013\n  attache report period 2016.."
    )]
    Period {
        /// A period id (see `attache list periods`) or a span of years FROM..TO (either end may be left open).
        period: String,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Everything in one cooperation type (area), with the partners most active in it.
    #[command(
        after_help = "Examples:\n  attache report type military-technical\n  attache report type peacekeeping --format png"
    )]
    Type {
        /// An area id (see `attache list types`).
        area: String,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Every partner, period and type report plus the chronology, rendered in parallel.
    #[command(
        after_help = "Examples:\n  attache report all\n  attache report all --out-dir briefs --format pdf"
    )]
    All {
        /// Folder for the reports.
        #[arg(long, value_name = "DIR", default_value = "reports")]
        out_dir: PathBuf,
        #[command(flatten)]
        render: RenderArgs,
    },
}

/// Where and how a report is written.
#[derive(Debug, Args)]
pub(crate) struct OutputArgs {
    /// Output file (default: reports/<report>.<format>; PNG and SVG add -<page> per page).
    #[arg(short, long, value_name = "PATH")]
    pub(crate) output: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) render: RenderArgs,
}

/// How a report is rendered.
#[derive(Debug, Args, Clone, Copy)]
pub(crate) struct RenderArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Pdf)]
    pub(crate) format: Format,
    /// A PDF standard to conform to, e.g. a-2b for archiving (PDF only).
    #[arg(long, value_enum, value_name = "STANDARD")]
    pub(crate) pdf_standard: Option<PdfStandardArg>,
    /// Resolution of PNG pages, in pixels per inch.
    #[arg(long, default_value_t = 144.0, value_name = "PPI")]
    pub(crate) ppi: f32,
    /// Render again whenever the data, the templates or the briefing settings change.
    #[arg(long)]
    pub(crate) watch: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PdfStandardArg {
    /// PDF/A-2b, for long-term archiving.
    #[value(name = "a-2b")]
    A2b,
    /// PDF/A-3b.
    #[value(name = "a-3b")]
    A3b,
    /// PDF 1.7.
    #[value(name = "1.7")]
    Pdf17,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// PDF document.
    Pdf,
    /// The generated Typst source.
    Typ,
    /// One PNG image per page.
    Png,
    /// One SVG image per page.
    Svg,
}

impl Format {
    pub(crate) fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Typ => "typ",
            Format::Png => "png",
            Format::Svg => "svg",
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

#[derive(Debug, Subcommand)]
pub(crate) enum TemplatesCommand {
    /// Write the built-in templates, label sets and a commented briefing.toml into DIR.
    #[command(
        after_help = "Examples:\n  attache templates init my-templates\n  attache report partner turkey --templates my-templates"
    )]
    Init {
        /// The folder to write into (created if missing).
        dir: PathBuf,
        /// Overwrite files that already exist there.
        #[arg(long)]
        force: bool,
    },
    /// Show each template, whether it comes from --templates or is built in, and what it is for.
    #[command(
        after_help = "Examples:\n  attache templates list\n  attache templates list --templates my-templates"
    )]
    List,
}
