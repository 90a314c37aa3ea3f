//! Compiling generated Typst source in-process: to a laid-out document, then to PDF bytes,
//! with errors rendered against the generated source and traced back to their template.

use std::sync::Arc;

use chrono::Datelike;
use typst::WorldExt;
use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::{Datetime, Smart};
use typst::syntax::FileId;
use typst_kit::diagnostics::{DiagnosticFormat, DiagnosticWorld, emit};
use typst_kit::files::FileStore;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandards, Timestamp};

use crate::world::{AttacheWorld, TemplateFiles};
use crate::{GenerateError, Rendered};

impl DiagnosticWorld for AttacheWorld {
    fn name(&self, id: FileId) -> String {
        if id == self.main_source().id() {
            "generated.typ".into()
        } else {
            id.vpath()
                .get_with_slash()
                .trim_start_matches('/')
                .to_owned()
        }
    }
}

/// The document date as Typst sees it; Typst's dates run from year 1 to 9999.
pub(crate) fn typst_date(date: chrono::NaiveDate) -> Result<Datetime, GenerateError> {
    u8::try_from(date.month())
        .ok()
        .zip(u8::try_from(date.day()).ok())
        .and_then(|(month, day)| Datetime::from_ymd(date.year(), month, day))
        .filter(|_| (1..=9999).contains(&date.year()))
        .ok_or_else(|| {
            GenerateError::Export(format!(
                "the document date {date} is outside the years 1 to 9999"
            ))
        })
}

/// Lays out generated source.
pub(crate) fn layout(
    source: &Rendered,
    files: &Arc<FileStore<TemplateFiles>>,
    date: chrono::NaiveDate,
) -> Result<PagedDocument, GenerateError> {
    let world = AttacheWorld::new(source.text().to_owned(), files.clone(), typst_date(date)?);
    let Warned {
        output,
        warnings: _,
    } = typst::compile::<PagedDocument>(&world);
    output.map_err(|errors| typst_error(&world, &errors, source))
}

/// Exports a laid-out document as PDF, optionally to a PDF/A standard. `tagged` writes the
/// structure tree that screen readers use.
pub(crate) fn pdf(
    document: &PagedDocument,
    date: chrono::NaiveDate,
    ident: &str,
    standards: PdfStandards,
    tagged: bool,
) -> Result<Vec<u8>, GenerateError> {
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_owned()),
        creator: Smart::Custom(Some(format!("attache {}", env!("CARGO_PKG_VERSION")))),
        timestamp: Some(Timestamp::new_utc(typst_date(date)?)),
        standards,
        tagged,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &options).map_err(|errors| {
        GenerateError::Export(
            errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })
}

/// Renders Typst errors with source snippets, and names the template line each came from.
fn typst_error(
    world: &AttacheWorld,
    errors: &[SourceDiagnostic],
    source: &Rendered,
) -> GenerateError {
    let mut buffer = typst_kit::diagnostics::termcolor::NoColor::new(Vec::new());
    let rendered = match emit(&mut buffer, world, errors, DiagnosticFormat::Human) {
        Ok(()) => String::from_utf8_lossy(&buffer.into_inner()).into_owned(),
        Err(_) => errors
            .iter()
            .map(|e| format!("error: {}\n", e.message))
            .collect(),
    };
    let mut traced = Vec::new();
    for error in errors {
        if error.span.id() != Some(world.main_source().id()) {
            continue;
        }
        let Some(range) = world.range(error.span) else {
            continue;
        };
        let text = world.main_source().text();
        let start = range.start.min(text.len());
        let line = text[..start].matches('\n').count() + 1;
        let offset = start - text[..start].rfind('\n').map_or(0, |i| i + 1);
        if let Some(origin) = source.origin(line, offset) {
            let note = format!(
                "generated.typ:{line} was produced by {}:{}\n     | {}",
                origin.template,
                origin.line,
                crate::linemap::strip_markers(&origin.text).trim()
            );
            if !traced.contains(&note) {
                traced.push(note);
            }
        }
    }
    GenerateError::Typst {
        rendered: rendered.trim_end().to_owned(),
        traced,
    }
}
