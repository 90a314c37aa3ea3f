//! The command line: commands, their options, and examples in `--help`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Printable briefs and chronologies from a source-cited dataset of military cooperation.
#[derive(Debug, Parser)]
#[command(name = "attache", version, about, propagate_version = true)]
#[command(
    after_help = "Examples:\n  attache report partner turkey\n  attache report partner Türkiye -o brief.pdf\n  attache check --data ./my-data\n  attache show turkey\n  attache export --format csv -o events.csv"
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
    /// The language of reports (en, az, ru), instead of briefing.toml's or the dataset's; for
    /// `check`, the language whose missing translations to list.
    #[arg(long, global = true, env = "ATTACHE_LANG", value_name = "LANG")]
    pub(crate) lang: Option<String>,
    /// Say nothing but errors and warnings: no "wrote ..." messages, no progress bar.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub(crate) quiet: bool,
    /// Say more: how long each stage took, which files were read.
    #[arg(short, long, global = true)]
    pub(crate) verbose: bool,
    /// How errors and warnings are printed: for people, one line each, or one JSON object
    /// per line (for editors and scripts).
    #[arg(
        long,
        global = true,
        value_enum,
        default_value_t,
        value_name = "FORMAT"
    )]
    pub(crate) diagnostic_format: crate::diagnostics::DiagnosticFormat,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Render a report to PDF (or Typst source).
    #[command(
        subcommand,
        after_help = "Examples:\n  attache report partner turkey\n  attache report period 2003..2013\n  attache report all --out-dir briefs"
    )]
    Report(ReportCommand),
    /// Validate the dataset and print every problem found; with --lang, what is not translated.
    #[command(
        after_help = "Examples:\n  attache check\n  attache check --data ./my-data\n  attache check --lang az\n  attache check --lang ru --strict-lang"
    )]
    Check {
        /// With --lang: fail (exit 1) when any text is not translated into that language.
        #[arg(long)]
        strict_lang: bool,
    },
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
    #[command(
        subcommand,
        after_help = "Examples:\n  attache templates init my-templates\n  attache templates list --templates my-templates"
    )]
    Templates(TemplatesCommand),
    /// List partners, events, periods or cooperation types.
    #[command(
        after_help = "Examples:\n  attache list partners\n  attache list events --partner turkey --from 2010 --kind agreement\n  attache list types --format csv"
    )]
    List(ListArgs),
    /// Write the dataset in a machine-readable format: JSON, CSV (events) or iCalendar; the
    /// filters choose the events.
    #[command(
        after_help = "Examples:\n  attache export --format json -o dataset.json\n  attache export --format csv -o events.csv\n  attache export --format csv --bom -o events.csv   # for Excel\n  attache export --format ics --partner turkey --from 2010 -o turkey.ics\n\nCSV columns: id, date, date_qualifier, date_end (the date as the source gives it),\nstart, end (the first and last day it may cover, YYYY-MM-DD, for sorting), kind,\npartners, areas, title, summary, sources, location, status, date_inferred; lists are\njoined with \"; \"."
    )]
    Export(ExportArgs),
    /// What changed between two versions of a dataset: records added, removed and changed,
    /// field by field.
    #[command(
        after_help = "Examples:\n  attache diff old-data data\n  attache diff git:HEAD~1 data\n  attache diff reports/partner-turkey.pdf data --partner turkey\n  attache diff dataset-2025.json data --format markdown\n\nEach side is a dataset folder, a JSON export (attache export --format json), a PDF\nmade by attache, which carries the records it shows, or git:REV[:PATH], a folder as a\ngit revision holds it (PATH from the repository's top; without it, the other side's\nfolder)."
    )]
    Diff(DiffArgs),
    /// Find events, partners, figures and sources by words, best match first.
    #[command(
        after_help = "Examples:\n  attache search Bayraktar\n  attache search joint exercise turkiye\n  attache search drones --format json\n\nA record matches when it holds every word; case and accents are ignored (Turkiye finds\nTürkiye), and in an English dataset so are word endings (drone finds drones). Names,\ntitles and ids count more than summaries. Matching words are highlighted on a terminal."
    )]
    Search(SearchArgs),
    /// Print one event, partner, period, area or source in full, with its sources.
    #[command(
        after_help = "Examples:\n  attache show turkey\n  attache show \"Türkiye\" --format json\n  attache show 2010-turkey-strategic-partnership-mutual-assistance\n  attache show bagirova-2025"
    )]
    Show(ShowArgs),
    /// Write the JSON Schema of each data file, for editors that check and complete TOML.
    #[command(
        after_help = "Examples:\n  attache schema\n  attache schema -o my-data/schema\n\nThen start a data file with a directive such as\n  #:schema ../schema/events.schema.json\n(the path relative to the data file)."
    )]
    Schema {
        /// Folder for the schema files (created if missing).
        #[arg(short, long, value_name = "DIR", default_value = "schema")]
        output: PathBuf,
    },
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  attache completions bash > ~/.local/share/bash-completion/completions/attache\n  attache completions zsh > ~/.zfunc/_attache\n  attache completions fish > ~/.config/fish/completions/attache.fish\n  attache completions powershell >> $PROFILE"
    )]
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write man pages: attache.1 and one per subcommand, or attache.1 to standard output.
    #[command(
        after_help = "Examples:\n  attache man | man -l -\n  attache man -o ~/.local/share/man/man1"
    )]
    Man {
        /// Folder for the pages (default: print attache.1 to standard output).
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
    },
    /// Add a well-formed record to a dataset folder (needs --data DIR).
    #[command(
        subcommand,
        after_help = "Examples:\n  attache new event --data data\n  attache new partner --data data --id malta --name Malta --kind state --iso3 MLT \\\n    --relationship partner --summary \"...\" --source bagirova-2025 --locator \"Chapter III\""
    )]
    New(NewCommand),
    /// Lay out the parts of a long chronology that another attache process sends (internal).
    #[command(name = attache_generator::LAYOUT_WORKER, hide = true)]
    LayoutWorker,
}

#[derive(Debug, Args)]
pub(crate) struct ShowArgs {
    /// The id of an event, partner, period, area or source; partners also by name, alias or ISO code.
    pub(crate) id: String,
    /// Only look among records of this kind (when an id names records of several kinds).
    #[arg(long, value_enum)]
    pub(crate) kind: Option<RecordKind>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub(crate) format: ShowFormat,
    #[command(flatten)]
    pub(crate) release: ReleaseArgs,
}

#[derive(Debug, Args)]
pub(crate) struct SearchArgs {
    /// The words to find; a record must hold every one.
    #[arg(required = true, value_name = "WORDS")]
    pub(crate) words: Vec<String>,
    /// Show at most this many records.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub(crate) limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub(crate) format: ShowFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum RecordKind {
    /// A dated event.
    Event,
    /// A partner.
    Partner,
    /// A named period.
    Period,
    /// A cooperation type.
    Area,
    /// A source document.
    Source,
    /// A quantified fact.
    Figure,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ShowFormat {
    /// Text for people.
    Text,
    /// JSON: the record, and the sources it cites.
    Json,
}

#[derive(Debug, Subcommand)]
pub(crate) enum NewCommand {
    /// Append an [[event]] to the events file whose years hold its date (or --file).
    #[command(
        after_help = "Examples:\n  attache new event --data data          # asks for each field on a terminal\n  attache new event --data data --date 2024-05-14 --kind exercise \\\n    --title \"Joint exercise with Türkiye\" --summary \"...\" --area military \\\n    --partner turkey --source bagirova-2025 --locator \"Chapter II, §2.1\""
    )]
    Event(NewEventArgs),
    /// Write partners/<id>.toml for a new partner (never overwrites one).
    #[command(
        after_help = "Examples:\n  attache new partner --data data          # asks for each field on a terminal\n  attache new partner --data data --id malta --name Malta --kind state --iso3 MLT \\\n    --relationship partner --summary \"...\" --source bagirova-2025 --locator \"Chapter III\""
    )]
    Partner(NewPartnerArgs),
    /// Append a [[source]] to sources.toml, for a document to cite.
    #[command(
        after_help = "Examples:\n  attache new source --data data          # asks for each field on a terminal\n  attache new source --data data --id nato-review-2024 --title \"NATO Review\" \\\n    --publisher NATO --date 2024 --kind article --url https://example.invalid/review"
    )]
    Source(NewSourceArgs),
}

#[derive(Debug, Args, Default)]
pub(crate) struct NewSourceArgs {
    /// The source's id, what records cite (default: made from author, title and year).
    #[arg(long)]
    pub(crate) id: Option<String>,
    /// The document's title.
    #[arg(long)]
    pub(crate) title: Option<String>,
    /// Its author; leave out when the document names none.
    #[arg(long)]
    pub(crate) author: Option<String>,
    /// Its publisher.
    #[arg(long)]
    pub(crate) publisher: Option<String>,
    /// When it was published: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub(crate) date: Option<String>,
    /// Where it can be found.
    #[arg(long)]
    pub(crate) url: Option<String>,
    /// article, web-page, dissertation, book, report, ...
    #[arg(long)]
    pub(crate) kind: Option<String>,
    #[command(flatten)]
    pub(crate) ask: AskArgs,
}

/// Whether `new` asks for what its options leave out.
#[derive(Debug, Args, Default, Clone, Copy)]
pub(crate) struct AskArgs {
    /// Ask for missing fields even when standard input is not a terminal (one answer a line).
    #[arg(long)]
    pub(crate) ask: bool,
}

/// Where a new record's citations point; `--source` and `--locator` pair up in order.
#[derive(Debug, Args, Default)]
pub(crate) struct CitationArgs {
    /// A source id (see data/sources.toml); repeat for several, each with its --locator.
    #[arg(long = "source", value_name = "ID")]
    pub(crate) sources: Vec<String>,
    /// Where in the source: chapter, section, paragraph; one per --source, in the same order.
    #[arg(long = "locator", value_name = "TEXT")]
    pub(crate) locators: Vec<String>,
}

#[derive(Debug, Args, Default)]
pub(crate) struct NewEventArgs {
    /// The event's id (default: made from the date's year and the title).
    #[arg(long)]
    pub(crate) id: Option<String>,
    /// When it happened: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub(crate) date: Option<String>,
    /// When it ended, for spans.
    #[arg(long, value_name = "DATE")]
    pub(crate) end: Option<String>,
    /// early, mid, late, first-half, second-half, circa, since, before, by or after.
    #[arg(long, value_name = "QUALIFIER")]
    pub(crate) qualifier: Option<String>,
    /// Short title, in your own words.
    #[arg(long)]
    pub(crate) title: Option<String>,
    /// One to three sentences, in your own words.
    #[arg(long)]
    pub(crate) summary: Option<String>,
    /// agreement, exercise, visit, training, procurement, ... (see `attache new event --help`).
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(attache_core::EventKind::NAMES))]
    pub(crate) kind: Option<String>,
    /// A cooperation area id; repeat for several.
    #[arg(long = "area", value_name = "AREA")]
    pub(crate) areas: Vec<String>,
    /// A partner id; repeat for several; none for a domestic milestone.
    #[arg(long = "partner", value_name = "ID")]
    pub(crate) partners: Vec<String>,
    /// Where it took place.
    #[arg(long)]
    pub(crate) location: Option<String>,
    /// planned or under-discussion (omit when it happened).
    #[arg(long)]
    pub(crate) status: Option<String>,
    #[command(flatten)]
    pub(crate) citations: CitationArgs,
    /// The events file to append to, relative to the data folder (e.g. events/2004-2012.toml).
    #[arg(long, value_name = "FILE")]
    pub(crate) file: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) ask: AskArgs,
}

#[derive(Debug, Args, Default)]
pub(crate) struct NewPartnerArgs {
    /// The partner's id, also its file name (default: made from the name).
    #[arg(long)]
    pub(crate) id: Option<String>,
    /// Display name.
    #[arg(long)]
    pub(crate) name: Option<String>,
    /// state, organization or company.
    #[arg(long)]
    pub(crate) kind: Option<String>,
    /// ISO 3166-1 alpha-3 code, for states.
    #[arg(long)]
    pub(crate) iso3: Option<String>,
    /// The name in the partner's own language.
    #[arg(long)]
    pub(crate) native_name: Option<String>,
    /// Another spelling users type or sources use; repeat for several.
    #[arg(long = "alias", value_name = "NAME")]
    pub(crate) aliases: Vec<String>,
    /// ally, strategic-partner, partner, adversary, ...
    #[arg(long)]
    pub(crate) relationship: Option<String>,
    /// Profile, in your own words.
    #[arg(long)]
    pub(crate) summary: Option<String>,
    #[command(flatten)]
    pub(crate) citations: CitationArgs,
    #[command(flatten)]
    pub(crate) ask: AskArgs,
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
        after_help = "Examples:\n  attache report all\n  attache report all --out-dir briefs --format pdf\n  attache report all --lang az --out-dir briefs-az"
    )]
    All {
        /// Folder for the reports.
        #[arg(long, value_name = "DIR", default_value = "reports")]
        out_dir: PathBuf,
        #[command(flatten)]
        render: RenderArgs,
        #[command(flatten)]
        release: ReleaseArgs,
    },
}

/// Where and how a report is written.
#[derive(Debug, Args)]
pub(crate) struct OutputArgs {
    /// Output file, or `-` for standard output (default: reports/<report>.<format>; PNG and
    /// SVG add -<page> per page).
    #[arg(short, long, value_name = "PATH")]
    pub(crate) output: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) render: RenderArgs,
    #[command(flatten)]
    pub(crate) release: ReleaseArgs,
    /// Open the report with what changed since an older version: a previous brief (PDF), a
    /// JSON export, a dataset folder or git:REV[:PATH]; new entries get a bar in the margin.
    #[arg(long, value_name = "OLD")]
    pub(crate) since: Option<String>,
}

/// How a report is rendered.
#[derive(Debug, Args, Clone)]
pub(crate) struct RenderArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Pdf)]
    pub(crate) format: FormatArg,
    /// PDF standards to conform to, e.g. a-2b for archiving, ua-1 for accessibility; repeat
    /// the option or list them with commas to combine them (PDF only).
    #[arg(long, value_enum, value_name = "STANDARD", value_delimiter = ',')]
    pub(crate) pdf_standard: Vec<PdfStandardArg>,
    /// Resolution of PNG pages, in pixels per inch.
    #[arg(long, default_value_t = 144.0, value_name = "PPI")]
    pub(crate) ppi: f32,
    /// Render again whenever the data, the templates or the briefing settings change.
    #[arg(long)]
    pub(crate) watch: bool,
    /// Leave out the snapshot of the records shown that every PDF attaches (the baseline of
    /// `attache diff` and --since).
    #[arg(long)]
    pub(crate) no_snapshot: bool,
    /// How many cores to keep busy: reports (`report all`) or parts of a long chronology laid
    /// out at once, each part in a worker process; default: one per core. Each holds its pages
    /// in memory until it is written.
    #[arg(short, long, value_name = "N")]
    pub(crate) jobs: Option<std::num::NonZeroUsize>,
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
    /// PDF/UA-1, accessible: tagged, with alt text, language and title.
    #[value(name = "ua-1")]
    Ua1,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormatArg {
    /// PDF document.
    Pdf,
    /// The generated Typst source.
    Typ,
    /// One PNG image per page.
    Png,
    /// One SVG image per page.
    Svg,
    /// One self-contained, accessible HTML page (report all: a site with an index page).
    Html,
    /// A Word document, styled by `reference.docx` in the templates folder.
    Docx,
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// Export format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    pub(crate) format: ExportFormat,
    /// Output file (default, or `-`: standard output).
    #[arg(short, long, value_name = "PATH")]
    pub(crate) output: Option<PathBuf>,
    /// Start the CSV with a byte order mark, so Excel reads it as UTF-8 (pandas reads such a
    /// file with `encoding="utf-8-sig"`).
    #[arg(long)]
    pub(crate) bom: bool,
    #[command(flatten)]
    pub(crate) filter: FilterArgs,
    #[command(flatten)]
    pub(crate) release: ReleaseArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExportFormat {
    /// One JSON document with every record.
    Json,
    /// One row per event, with a header row (UTF-8).
    Csv,
    /// An iCalendar file with one all-day entry per event.
    Ics,
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
    #[command(flatten)]
    pub(crate) release: ReleaseArgs,
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
    /// Quantified facts, with their ids.
    Figures,
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
    #[arg(long = "type", visible_alias = "area", value_name = "AREA")]
    pub(crate) area: Vec<String>,
    /// Only events of this kind (agreement, exercise, ...); repeat for several.
    #[arg(long, value_name = "KIND")]
    pub(crate) kind: Vec<String>,
    /// Only events resting on at least one citation graded this or better: source reliability
    /// A-F and information credibility 1-6, e.g. B3 (ungraded counts as F6).
    #[arg(long, value_name = "GRADE")]
    pub(crate) min_grade: Option<String>,
}

/// `attache diff`: two versions and what to compare.
#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// The older version: a dataset folder, a JSON export, a PDF made by attache, or
    /// git:REV[:PATH].
    #[arg(value_name = "OLD")]
    pub(crate) old: String,
    /// The newer version, given the same ways.
    #[arg(value_name = "NEW")]
    pub(crate) new: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub(crate) format: DiffFormat,
    #[command(flatten)]
    pub(crate) filter: FilterArgs,
    #[command(flatten)]
    pub(crate) release: ReleaseArgs,
}

/// How `attache diff` prints the changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DiffFormat {
    /// Text for people, coloured on a terminal.
    Text,
    /// JSON for scripts.
    Json,
    /// Markdown, to paste into a note or a ticket.
    Markdown,
}

/// The release ceiling of a command that outputs data.
#[derive(Debug, Args, Default, Clone)]
pub(crate) struct ReleaseArgs {
    /// Withhold every record marked above this level of the briefing's marking scale (e.g.
    /// TLP:GREEN) from everything written; how many were withheld is said on standard error.
    #[arg(long, value_name = "LEVEL")]
    pub(crate) release: Option<String>,
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
