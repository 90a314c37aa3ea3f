//! attache's report generator: renders a report's context through minijinja templates that
//! emit Typst markup, then compiles that markup in-process to PDF.
//!
//! Two steps, kept apart so each can be inspected: [`Generator::render`] gives the Typst source
//! (what `--format typ` writes), [`Generator::compile_pdf`] turns source into PDF bytes.

mod briefing;
mod collection;
mod compile;
mod context;
pub mod escape;
mod glyphs;
mod labels;
mod linemap;
mod merge;
mod parts;
mod report;
mod templates;
mod world;

use std::path::Path;
use std::sync::Arc;

use attache_core::{Dataset, Diagnostic, Diagnostics};
use typst_kit::files::FileStore;
use typst_pdf::PdfStandards;

pub use briefing::{Briefing, LANGUAGES, PAPERS, SECTIONS};
pub use linemap::{Origin, Rendered};
pub use parts::LONG_CHRONOLOGY;
pub use report::{Chronology, Report};
pub use templates::{TemplateOrigin, built_in as built_in_templates, purpose as template_purpose};

use templates::TemplateSource;
use world::TemplateFiles;

/// A compiled PDF and what the reader should know about it.
#[derive(Debug)]
pub struct Pdf {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Problems that did not stop compilation, such as characters no font could draw.
    pub warnings: Vec<Diagnostic>,
}

/// Renders reports from one template set.
pub struct Generator {
    env: minijinja::Environment<'static>,
    registry: linemap::Registry,
    source: Arc<TemplateSource>,
    files: Arc<FileStore<TemplateFiles>>,
}

impl Generator {
    /// A generator using the built-in templates, overridden file by file by `templates_dir`.
    pub fn new(templates_dir: Option<&Path>) -> Result<Self, Diagnostics> {
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
        let source = Arc::new(TemplateSource::new(templates_dir));
        let registry = linemap::Registry::default();
        Ok(Self {
            env: templates::environment(source.clone(), registry.clone()),
            registry,
            source,
            files: Arc::new(FileStore::new(TemplateFiles::new(templates_dir))),
        })
    }

    /// Renders a report to Typst source, remembering which template line made each line.
    pub fn render(
        &self,
        dataset: &Dataset,
        report: &Report<'_>,
        briefing: &Briefing,
    ) -> Result<Rendered, Diagnostics> {
        let labels = labels::Labels::load(&self.source, &briefing.language)?;
        let context = report.context(dataset, briefing, &labels);
        self.render_context(report.template(), &labels, None, context)
    }

    /// Renders `template` with a context; `part` says which part of a long chronology it is.
    fn render_context(
        &self,
        template: &str,
        labels: &labels::Labels,
        part: Option<&parts::Part>,
        context: minijinja::Value,
    ) -> Result<Rendered, Diagnostics> {
        let template = self.env.get_template(template).map_err(template_error)?;
        let marked = template
            .render(minijinja::context! {
                labels => minijinja::Value::from(minijinja::value::Serde(labels)),
                part => minijinja::Value::from(minijinja::value::Serde(part)),
                ..context
            })
            .map_err(template_error)?;
        Ok(Rendered::from_marked(&marked, &self.registry))
    }

    /// Lays out Typst source into pages.
    pub fn compile(&self, source: &Rendered, briefing: &Briefing) -> Result<Document, Diagnostics> {
        let compile::LaidOut { document, warnings } =
            compile::layout(source, &self.files, briefing.date)?;
        Ok(Document {
            document,
            warnings,
            date: briefing.date,
        })
    }

    /// Compiles Typst source to PDF. `ident` names the document stably (its file stem).
    pub fn compile_pdf(
        &self,
        source: &str,
        briefing: &Briefing,
        ident: &str,
        standards: PdfStandards,
    ) -> Result<Pdf, Diagnostics> {
        let document = self.compile(&Rendered::plain(source.to_owned()), briefing)?;
        let bytes = document.pdf(ident, standards)?;
        Ok(Pdf {
            bytes,
            warnings: document.warnings,
        })
    }
}

/// A laid-out document, ready to export.
pub struct Document {
    document: typst_layout::PagedDocument,
    warnings: Vec<Diagnostic>,
    date: chrono::NaiveDate,
}

impl Document {
    /// Problems that did not stop layout, such as characters no font could draw.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// How many pages it has.
    pub fn page_count(&self) -> usize {
        self.document.pages().len()
    }

    /// The document as PDF, optionally to a PDF/A standard.
    pub fn pdf(&self, ident: &str, standards: PdfStandards) -> Result<Vec<u8>, Diagnostics> {
        compile::pdf(&self.document, self.date, ident, standards, true)
    }

    /// Each page as PNG, at `ppi` pixels per inch.
    pub fn png(&self, ppi: f32) -> Result<Vec<Vec<u8>>, Diagnostics> {
        let options = typst_render::RenderOptions {
            pixel_per_pt: typst::utils::Scalar::new(f64::from(ppi) / 72.0),
            ..Default::default()
        };
        self.document
            .pages()
            .iter()
            .map(|page| {
                typst_render::render(page, &options)
                    .encode_png()
                    .map_err(|e| Diagnostic::error(format!("PNG encoding failed: {e}")).into())
            })
            .collect()
    }

    /// Each page as SVG.
    pub fn svg(&self) -> Vec<Vec<u8>> {
        let options = typst_svg::SvgOptions::default();
        self.document
            .pages()
            .iter()
            .map(|page| typst_svg::svg(page, &options).into_bytes())
            .collect()
    }
}

/// A minijinja error, located in its template by line and column.
fn template_error(error: minijinja::Error) -> Diagnostics {
    let name = error.name().unwrap_or("template");
    let detail = error.detail().map(|d| format!(": {d}")).unwrap_or_default();
    let message = format!("template error: {}{detail}", error.kind());
    let located = error
        .template_source()
        .zip(error.range())
        .map(|(source, range)| {
            let start = range.start.min(source.len());
            let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = source[start..]
                .find('\n')
                .map_or(source.len(), |i| start + i);
            attache_core::Span {
                line: source[..start].matches('\n').count() + 1,
                column: linemap::strip_markers(&source[line_start..start])
                    .chars()
                    .count()
                    + 1,
                width: linemap::strip_markers(&source[start..range.end.clamp(start, line_end)])
                    .chars()
                    .count()
                    .max(1),
                snippet: linemap::strip_markers(&source[line_start..line_end]),
            }
        });
    let mut diagnostic = Diagnostic::error(message);
    diagnostic.file = Some(name.to_owned());
    diagnostic.span = located.or_else(|| {
        error.line().map(|line| attache_core::Span {
            line,
            column: 1,
            width: 1,
            snippet: String::new(),
        })
    });
    diagnostic.into()
}
