//! attache's report generator: one typed [`Request`] in, files out.
//!
//! The road a report takes, each step in one place:
//!
//! 1. **request**: the caller names a [`Report`] (by record ids, a date span or an event
//!    filter), a [`Format`] and an [`Output`];
//! 2. **query and context** (`context`): the report's subject is looked up in the dataset, its
//!    events queried through `attache-core`, and turned into the views a template receives;
//! 3. **template** (`templates`, `labels`): minijinja renders the report's template to Typst
//!    markup, every data value escaped (`escape`), every generated line traced back to its
//!    template line (`linemap`);
//! 4. **Typst** (`typeset`): the markup is laid out in-process, in a `World` that sees only the
//!    templates folder; a long chronology is laid out in parts and joined (`long`);
//! 5. **file**: the result is exported (PDF, PNG, SVG or the Typst source itself) and written
//!    atomically by `attache-core`'s one writer. A Word document (`docx`) leaves the road after
//!    the context: it is written from the same views the templates receive.
//!
//! HTML takes a road of its own from the context (`html`): the report's `*.html.j2` template
//! renders the page itself, with HTML escaping, and `report all` adds an index page.
//!
//! [`Generator::generate`] walks the whole road. Its first two stages are public for tests and
//! benchmarks: [`Generator::source`] gives the Typst source (what `--format typ` writes) and
//! [`Generator::typeset`] lays a source out. Problems come back as `attache_core::Diagnostics`.

mod anchors;
mod briefing;
mod context;
mod docx;
pub mod escape;
mod folder;
mod generate;
mod html;
mod labels;
mod linemap;
mod long;
mod request;
mod snapshot;
mod template_files;
mod templates;
mod typeset;
mod words;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use attache_core::{Diagnostic, Diagnostics, Inputs};
use typst_kit::files::FileStore;

pub use briefing::{Briefing, LANGUAGES, MarkingSettings, PAPERS, Section};
pub use docx::{REFERENCE_DOCX, reference_docx};
pub use generate::Typeset;
pub use html::SITE_INDEX;
pub use linemap::{Origin, Rendered};
pub use long::LONG_CHRONOLOGY;
pub use request::{Format, Generated, Output, PdfStandard, PdfStandards, Report, Request};
pub use snapshot::{Baseline, read_snapshot};
pub use template_files::{
    TemplateOrigin, UserFile, built_in as built_in_templates,
    built_in_binary as built_in_binary_templates, purpose as template_purpose,
    user_files as user_templates,
};
pub use words::Words;

use folder::TemplatesFolder;
use template_files::TemplateSource;
use typeset::TemplateFiles;

/// Renders reports from one template set with one set of briefing settings.
pub struct Generator {
    env: minijinja::Environment<'static>,
    registry: linemap::Registry,
    source: Arc<TemplateSource>,
    files: Arc<FileStore<TemplateFiles>>,
    settings: Briefing,
    parts_above: usize,
    /// How many documents or parts may be laid out at once.
    jobs: usize,
    /// The user's templates folder, which knows the files a render read from it.
    folder: Option<TemplatesFolder>,
    /// Other files the run reads (data files, the briefing settings), given by the caller.
    inputs: Inputs,
    /// Whether PDFs attach the snapshot of the records they show (on unless `--no-snapshot`).
    snapshot: bool,
    /// The older version reports say what changed since (`--since`).
    since: Option<Arc<Baseline>>,
    /// The program that lays out parts of a long chronology in worker processes.
    layout_workers: Option<PathBuf>,
}

impl Generator {
    /// A generator using the built-in templates, overridden file by file by `templates_dir`,
    /// and the given briefing settings.
    pub fn new(templates_dir: Option<&Path>, settings: Briefing) -> Result<Self, Diagnostics> {
        if let Some(dir) = templates_dir
            && !dir.is_dir()
        {
            let what = if dir.exists() {
                "is not a folder"
            } else {
                "does not exist"
            };
            return Err(
                Diagnostic::error(format!("templates folder {} {what}", dir.display()))
                    .with_hint("give --templates a folder; `attache templates init DIR` makes one")
                    .into(),
            );
        }
        let folder = templates_dir
            .map(|dir| {
                TemplatesFolder::open(dir).map_err(|e| {
                    Diagnostic::error(format!(
                        "cannot open the templates folder {}: {e}",
                        dir.display()
                    ))
                })
            })
            .transpose()?;
        let source = Arc::new(TemplateSource::new(folder.clone()));
        let registry = linemap::Registry::default();
        Ok(Self {
            env: templates::environment(source.clone(), registry.clone()),
            registry,
            source,
            files: Arc::new(FileStore::new(TemplateFiles::new(folder.clone()))),
            settings,
            parts_above: LONG_CHRONOLOGY,
            jobs: std::thread::available_parallelism().map_or(1, usize::from),
            folder,
            inputs: Inputs::default(),
            snapshot: true,
            since: None,
            layout_workers: None,
        })
    }

    /// Lays chronologies of more than `events` events out in parts (default
    /// [`LONG_CHRONOLOGY`]): lower keeps memory lower at some cost in speed.
    pub fn parts_above(mut self, events: usize) -> Self {
        self.parts_above = events;
        self
    }

    /// Lays out up to `jobs` documents (`report all`) or parts of a long chronology at once
    /// (default: one per core). Each holds its pages in memory until it is exported.
    pub fn jobs(mut self, jobs: std::num::NonZeroUsize) -> Self {
        self.jobs = jobs.get();
        self
    }

    /// Declares the files the run reads besides the templates (the data files, the briefing
    /// settings), so that no report replaces one. Every file a render reads from the templates
    /// folder is one already.
    pub fn inputs(mut self, inputs: Inputs) -> Self {
        self.inputs = inputs;
        self
    }

    /// Whether PDFs attach the snapshot of the records they show (the default), the baseline
    /// `attache diff` and `--since` read.
    pub fn snapshot(mut self, attach: bool) -> Self {
        self.snapshot = attach;
        self
    }

    /// Reports open with what changed since `baseline`, and mark the entries added since.
    pub fn since(mut self, baseline: Option<Baseline>) -> Self {
        self.since = baseline.map(Arc::new);
        self
    }

    /// Lays out the parts of a long chronology in worker processes, started as `program
    /// layout-worker` (see [`serve_layout_worker`]), whenever several parts are laid out at
    /// once. Typst's memoisation caches and their locks are shared by every thread of a
    /// process; layouts in processes of their own share nothing.
    pub fn layout_workers(mut self, program: PathBuf) -> Self {
        self.layout_workers = Some(program);
        self
    }

    /// The briefing settings reports are made with.
    pub fn settings(&self) -> &Briefing {
        &self.settings
    }
}

/// The subcommand that makes a program a layout worker ([`Generator::layout_workers`]).
pub const LAYOUT_WORKER: &str = "layout-worker";

/// Serves as a layout worker: lays out the parts of a long chronology that `input` brings and
/// writes each back to `output`, until `input` ends. A program made a worker by
/// [`Generator::layout_workers`] calls this on its standard input and output.
pub fn serve_layout_worker(
    input: impl std::io::Read + Send,
    output: impl std::io::Write + Send,
) -> Result<(), Diagnostics> {
    long::serve(input, output)
}
