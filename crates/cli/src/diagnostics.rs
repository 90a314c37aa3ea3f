//! The one place problems are drawn: every error and warning from core, the generator and the
//! command line itself goes through [`emit`], in the format `--diagnostic-format` chose.
//!
//! `human` and `short` are drawn by codespan-reporting (the renderer typst's own CLI uses), `json`
//! prints one object per line for editors and scripts.

use std::io::{IsTerminal, Write};
use std::ops::Range;
use std::sync::atomic::{AtomicU8, Ordering};

use attache_core::{Diagnostic, Diagnostics, Severity};
use clap::ValueEnum;
use codespan_reporting::diagnostic::{Diagnostic as Drawn, Label, Severity as DrawnSeverity};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::termcolor::Buffer;
use codespan_reporting::term::{self, Chars, Config, DisplayStyle};

/// How diagnostics are printed on standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub(crate) enum DiagnosticFormat {
    /// For people: the message, the line it points at, hints and notes.
    #[default]
    Human,
    /// One line each: `file:line:column: severity: message`.
    Short,
    /// One JSON object per line: severity, file, line, column, message, hints, notes.
    Json,
}

static FORMAT: AtomicU8 = AtomicU8::new(0);

/// Sets the format from `--diagnostic-format`.
pub(crate) fn set_format(format: DiagnosticFormat) {
    FORMAT.store(format as u8, Ordering::Relaxed);
}

fn format() -> DiagnosticFormat {
    match FORMAT.load(Ordering::Relaxed) {
        1 => DiagnosticFormat::Short,
        2 => DiagnosticFormat::Json,
        _ => DiagnosticFormat::Human,
    }
}

/// Prints diagnostics on standard error.
pub(crate) fn emit(diagnostics: &[Diagnostic]) {
    let text = match format() {
        DiagnosticFormat::Json => diagnostics.iter().map(json).collect(),
        style => draw(diagnostics, style),
    };
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
}

/// Prints an error that ended a command: its diagnostics if it carries them, else its message
/// and causes.
pub(crate) fn emit_error(error: &anyhow::Error) {
    if let Some(diagnostics) = error.downcast_ref::<Diagnostics>() {
        emit(&diagnostics.0);
    } else if let Some(diagnostic) = error.downcast_ref::<Diagnostic>() {
        emit(std::slice::from_ref(diagnostic));
    } else {
        let causes = error.chain().skip(1).map(|c| format!("caused by: {c}"));
        emit(&[Diagnostic::error(error.to_string()).with_notes(causes)]);
    }
}

fn json(d: &Diagnostic) -> String {
    let value = serde_json::json!({
        "severity": d.severity.name(),
        "file": d.file,
        "line": d.span.as_ref().map(|s| s.line),
        "column": d.span.as_ref().map(|s| s.column),
        "message": d.message,
        "hints": d.hints,
        "notes": d.notes,
    });
    value.to_string() + "\n"
}

/// Whether colour goes to standard error: a terminal, and NO_COLOR unset.
fn colour() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn draw(diagnostics: &[Diagnostic], style: DiagnosticFormat) -> String {
    let config = Config {
        display_style: match style {
            DiagnosticFormat::Short => DisplayStyle::Short,
            _ => DisplayStyle::Rich,
        },
        chars: Chars::ascii(),
        ..Config::default()
    };
    let mut buffer = if colour() {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    let diagnostics: Vec<Diagnostic> = diagnostics.iter().map(printable).collect();
    let snippets = Snippets(&diagnostics);
    for (id, d) in diagnostics.iter().enumerate() {
        let _ = term::emit(&mut buffer, &config, &snippets, &drawn(id, d));
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

/// A diagnostic with every text in it made safe for a terminal: a message or a snippet may
/// quote data, and data may hold escape sequences.
fn printable(d: &Diagnostic) -> Diagnostic {
    let clean = |text: &str| crate::output::printable(text).into_owned();
    let mut d = d.clone();
    d.message = clean(&d.message);
    d.file = d.file.as_deref().map(clean);
    d.hints = d.hints.iter().map(|h| clean(h)).collect();
    d.notes = d.notes.iter().map(|n| clean(n)).collect();
    if let Some(span) = d.span.as_mut() {
        span.snippet = clean(&span.snippet);
    }
    d
}

/// A diagnostic as codespan-reporting draws it; `id` is its snippet's file id.
fn drawn(id: usize, d: &Diagnostic) -> Drawn<usize> {
    let severity = match d.severity {
        Severity::Error => DrawnSeverity::Error,
        Severity::Warning => DrawnSeverity::Warning,
    };
    let (message, labels) = match (&d.file, &d.span) {
        (Some(_), Some(span)) => (
            d.message.clone(),
            vec![Label::primary(id, byte_range(span))],
        ),
        // A problem with a whole file has no line to show: the file leads the message.
        (Some(file), None) => (format!("{file}: {}", d.message), Vec::new()),
        (None, _) => (d.message.clone(), Vec::new()),
    };
    let hints = d.hints.iter().map(|h| format!("hint: {h}"));
    let notes = d.notes.iter().map(|n| format!("note: {n}"));
    Drawn::new(severity)
        .with_message(message)
        .with_labels(labels)
        .with_notes(hints.chain(notes).collect())
}

/// The bytes of the snippet line a span's characters cover.
fn byte_range(span: &attache_core::Span) -> Range<usize> {
    let byte = |chars: usize| {
        span.snippet
            .char_indices()
            .nth(chars)
            .map_or(span.snippet.len(), |(i, _)| i)
    };
    let start = byte(span.column - 1);
    start..byte(span.column - 1 + span.width).max(start)
}

/// The offending line of each diagnostic, as a one-line "file" that keeps its real line
/// number, so no diagnostic has to carry its whole file.
struct Snippets<'a>(&'a [Diagnostic]);

impl<'a> Files<'a> for Snippets<'a> {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, FilesError> {
        let d = self.0.get(id).ok_or(FilesError::FileMissing)?;
        Ok(d.file.as_deref().unwrap_or_default())
    }

    fn source(&'a self, id: usize) -> Result<&'a str, FilesError> {
        let d = self.0.get(id).ok_or(FilesError::FileMissing)?;
        Ok(d.span.as_ref().map_or("", |s| s.snippet.as_str()))
    }

    fn line_index(&'a self, _: usize, _: usize) -> Result<usize, FilesError> {
        Ok(0)
    }

    fn line_number(&'a self, id: usize, _: usize) -> Result<usize, FilesError> {
        let d = self.0.get(id).ok_or(FilesError::FileMissing)?;
        Ok(d.span.as_ref().map_or(1, |s| s.line))
    }

    fn line_range(&'a self, id: usize, _: usize) -> Result<Range<usize>, FilesError> {
        Ok(0..self.source(id)?.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(diagnostics: &[Diagnostic], style: DiagnosticFormat) -> String {
        draw(diagnostics, style)
    }

    #[test]
    fn human_output_points_at_the_line_with_hints_and_notes() {
        let text = "a = 1\nname = \"Türkiye\" x\n";
        let at = text.find('x').expect("x present");
        let d = Diagnostic::at("p.toml", text, at..at + 1, "stray character")
            .with_hint("remove it")
            .with_note("found while checking");
        let shown = plain(&[d], DiagnosticFormat::Human);
        assert!(shown.starts_with("error: stray character"), "{shown}");
        assert!(shown.contains("--> p.toml:2:18"), "{shown}");
        assert!(shown.contains("2 | name = \"Türkiye\" x"), "{shown}");
        assert!(shown.contains("= hint: remove it"), "{shown}");
        assert!(shown.contains("= note: found while checking"), "{shown}");
    }

    #[test]
    fn short_output_is_one_line_each() {
        let d = Diagnostic::at("p.toml", "x = 1\n", 4..5, "bad value").as_warning();
        let shown = plain(&[d, Diagnostic::error("no file")], DiagnosticFormat::Short);
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines, ["p.toml:1:5: warning: bad value", "error: no file"]);
    }

    #[test]
    fn json_output_has_every_field() {
        let d = Diagnostic::at("p.toml", "x = 1\n", 4..5, "bad value").with_hint("use 2");
        let value: serde_json::Value = serde_json::from_str(&json(&d)).expect("JSON");
        assert_eq!(value["severity"], "error");
        assert_eq!(value["file"], "p.toml");
        assert_eq!(
            (value["line"].as_u64(), value["column"].as_u64()),
            (Some(1), Some(5))
        );
        assert_eq!(value["hints"][0], "use 2");
    }
}
