//! Compiling generated Typst source in-process: to a laid-out document, then to PDF bytes,
//! with errors rendered against the generated source and traced back to their template.

use std::sync::Arc;

use attache_core::{Diagnostic, Diagnostics};
use chrono::Datelike;
use typst::diag::{Severity, SourceDiagnostic, Warned};
use typst::foundations::Datetime;
use typst::syntax::{FileId, Span};
use typst::{World, WorldExt};
use typst_kit::files::FileStore;
use typst_layout::PagedDocument;

use super::glyphs;
use super::world::{AttacheWorld, SNAPSHOT_PATH, TemplateFiles};
use crate::linemap::Rendered;

/// The name diagnostics give the generated source (what `--format typ` writes).
const GENERATED: &str = "generated.typ";

/// The document date as Typst sees it; Typst's dates run from year 1 to 9999.
pub(crate) fn typst_date(date: chrono::NaiveDate) -> Result<Datetime, Diagnostics> {
    u8::try_from(date.month())
        .ok()
        .zip(u8::try_from(date.day()).ok())
        .and_then(|(month, day)| Datetime::from_ymd(date.year(), month, day))
        .filter(|_| (1..=9999).contains(&date.year()))
        .ok_or_else(|| {
            Diagnostic::error(format!(
                "the document date {date} is outside the years 1 to 9999"
            ))
            .with_hint("set SOURCE_DATE_EPOCH to a date in the years 1 to 9999, or unset it")
            .into()
        })
}

/// A laid-out document and the warnings its layout raised: Typst's own, and a warning for
/// each character no embedded font could draw.
pub(crate) struct LaidOut {
    pub(crate) document: PagedDocument,
    pub(crate) warnings: Vec<Diagnostic>,
}

/// Lays out generated source; a `snapshot` (JSON) is attached to the document, for its PDF.
pub(crate) fn layout(
    source: &Rendered,
    files: &Arc<FileStore<TemplateFiles>>,
    date: chrono::NaiveDate,
    snapshot: Option<&str>,
) -> Result<LaidOut, Diagnostics> {
    let mut text = source.text().to_owned();
    if snapshot.is_some() {
        // Appended after the template's last line, so every line keeps its template origin.
        text.push_str(&format!(
            "\n#pdf.attach({}, relationship: \"source\", mime-type: \"application/json\", \
             description: {})\n",
            crate::escape::string_literal(SNAPSHOT_PATH),
            crate::escape::string_literal(crate::snapshot::DESCRIPTION),
        ));
    }
    let mut world = AttacheWorld::new(text, files.clone(), typst_date(date)?);
    if let Some(json) = snapshot {
        world = world.with_snapshot(json);
    }
    let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
    let mut document =
        output.map_err(|errors| Diagnostics(diagnostics(&world, &errors, source)))?;
    super::links::resolve(&mut document);
    let mut warnings = diagnostics(&world, &warnings, source);
    warnings.extend(
        glyphs::missing(&document)
            .into_iter()
            .map(|(message, span)| located(&world, Diagnostic::warning(message), span, source)),
    );
    Ok(LaidOut { document, warnings })
}

/// Typst's diagnostics as attache's: located in the generated source (or a file of the
/// templates folder), with Typst's hints and call trace, and a note naming the template line
/// that produced the generated line.
fn diagnostics(
    world: &AttacheWorld,
    found: &[SourceDiagnostic],
    source: &Rendered,
) -> Vec<Diagnostic> {
    found
        .iter()
        .map(|d| {
            let base = match d.severity {
                Severity::Error => Diagnostic::error(d.message.to_string()),
                Severity::Warning => Diagnostic::warning(d.message.to_string()),
            };
            let traced = d.trace.iter().map(|point| match place(world, point.span) {
                Some(at) => format!("{} ({at})", point.v),
                None => point.v.to_string(),
            });
            located(world, base, d.span, source)
                .with_hints(d.hints.iter().map(|h| h.v.to_string()))
                .with_notes(traced)
        })
        .collect()
}

/// Points a diagnostic at a Typst span; in the generated source, notes the template line
/// behind it.
fn located(
    world: &AttacheWorld,
    diagnostic: Diagnostic,
    span: impl Into<typst::syntax::DiagSpan>,
    source: &Rendered,
) -> Diagnostic {
    let span = span.into();
    let (Some(id), Some(range)) = (span.id(), world.range(span)) else {
        return diagnostic;
    };
    let Ok(file) = world.source(id) else {
        return diagnostic;
    };
    let located = diagnostic.located(&file_name(world, id), file.text(), range.clone());
    if id != world.main() {
        return located;
    }
    let text = file.text();
    let start = range.start.min(text.len());
    let line = text[..start].matches('\n').count() + 1;
    let offset = start - text[..start].rfind('\n').map_or(0, |i| i + 1);
    match source.origin(line, offset) {
        Some(origin) => located.with_note(format!(
            "{GENERATED}:{line} was produced by {}:{}: {}",
            origin.template,
            origin.line,
            crate::linemap::strip_markers(&origin.text).trim()
        )),
        None => located,
    }
}

/// `file:line` of a span, for trace notes.
fn place(world: &AttacheWorld, span: Span) -> Option<String> {
    let id = span.id()?;
    let range = world.range(span)?;
    let text = world.source(id).ok()?;
    let line = text.text()[..range.start.min(text.text().len())]
        .matches('\n')
        .count()
        + 1;
    Some(format!("{}:{line}", file_name(world, id)))
}

/// A file as the user knows it: the generated source, or a path in the templates folder.
fn file_name(world: &AttacheWorld, id: FileId) -> String {
    if id == world.main() {
        GENERATED.to_owned()
    } else {
        id.vpath()
            .get_with_slash()
            .trim_start_matches('/')
            .to_owned()
    }
}
