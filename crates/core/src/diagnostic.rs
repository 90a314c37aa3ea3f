//! The one model of a problem that attache reports: its severity, the file and span it points
//! at, the message, and structured hints and notes. Core and the generator return these; the
//! command line renders them (for people, in one line each, or as JSON), so no problem is ever
//! drawn by hand and no hint is spliced into a message.

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    /// Nothing was produced, or the dataset cannot be used.
    Error,
    /// Output was produced, but the reader should know something.
    Warning,
}

impl Severity {
    /// "error" or "warning", as diagnostics print it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
        }
    }
}

/// Where in a file a problem lies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// How many characters of the line the problem covers (at least one).
    pub width: usize,
    /// The line as written, for display.
    pub snippet: String,
}

/// One problem. It serializes so that a worker process can hand it back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file as the user knows it (relative to the data or templates folder), if any.
    pub file: Option<String>,
    /// Where in the file; `None` for problems with a whole file or with no file. Boxed so
    /// that a `Result` carrying a diagnostic stays small.
    pub span: Option<Box<Span>>,
    /// What is wrong, in one sentence without a trailing full stop.
    pub message: String,
    /// What to do about it.
    pub hints: Vec<String>,
    /// Context that helps to understand it, such as the template line that produced a
    /// generated line.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// An error about nothing in particular: a command-line value, an unwritable folder.
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: None,
            span: None,
            message: message.into(),
            hints: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// A warning about nothing in particular.
    pub fn warning(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(message)
        }
    }

    /// An error at a byte span of a file's text.
    pub fn at(file: &str, text: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        Self::error(message).located(file, text, span)
    }

    /// An error with a whole file (unreadable, missing, unexpected).
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        Self {
            file: Some(file.to_owned()),
            ..Self::error(message)
        }
    }

    /// Points the problem at a byte span of a file's text.
    pub fn located(mut self, file: &str, text: &str, span: Range<usize>) -> Self {
        self.file = Some(file.to_owned());
        self.span = Some(Box::new(Span::of(text, span)));
        self
    }

    /// Makes it a warning.
    pub fn as_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Adds a hint: what to do about it.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Adds a hint when there is one.
    pub fn with_hints(mut self, hints: impl IntoIterator<Item = String>) -> Self {
        self.hints.extend(hints);
        self
    }

    /// Adds a "did you mean" hint when there is a close candidate.
    pub fn with_suggestion(self, suggestion: Option<&str>) -> Self {
        match suggestion {
            Some(s) => self.with_hint(format!("did you mean `{s}`?")),
            None => self,
        }
    }

    /// Adds a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Adds notes.
    pub fn with_notes(mut self, notes: impl IntoIterator<Item = String>) -> Self {
        self.notes.extend(notes);
        self
    }

    /// Whether this is an error rather than a warning.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, the file alone for whole-file problems, or "" when there is no file.
    pub fn location(&self) -> String {
        match (&self.file, &self.span) {
            (Some(file), Some(span)) => format!("{file}:{}:{}", span.line, span.column),
            (Some(file), None) => file.clone(),
            (None, _) => String::new(),
        }
    }
}

impl Span {
    /// The line, column and width of a byte span of `text`, with the line it starts on.
    pub fn of(text: &str, span: Range<usize>) -> Self {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let end = floor_char_boundary(text, span.end.clamp(start, line_end));
        Self {
            line: text[..start].matches('\n').count() + 1,
            column: text[line_start..start].chars().count() + 1,
            width: text[start..end].chars().count().max(1),
            snippet: text[line_start..line_end].trim_end_matches('\r').to_owned(),
        }
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// The message alone: how and where it is shown is the renderer's business.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnostic {}

/// Every problem found in one run, in the order they were found (or sorted by place).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Sorts by file, line and column so reports read top to bottom.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            let place =
                |d: &Diagnostic| (d.file.clone(), d.span.as_ref().map(|s| (s.line, s.column)));
            place(a).cmp(&place(b))
        });
    }

    /// How many are errors.
    pub fn errors(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Self(vec![diagnostic])
    }
}

/// The first message, and how many more there are: for logs and `{}` in tests.
impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.as_slice() {
            [] => f.write_str("no problems"),
            [one] => write!(f, "{}", one.message),
            [first, rest @ ..] => write!(f, "{} (and {} more)", first.message, rest.len()),
        }
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_line_and_column_in_characters() {
        let text = "a = 1\nname = \"Türkiye\" x\n";
        let at = text.find('x').expect("x present");
        let d = Diagnostic::at("p.toml", text, at..at + 1, "stray").with_hint("remove it");
        let span = d.span.as_ref().expect("located");
        assert_eq!((span.line, span.column, span.width), (2, 18, 1));
        assert_eq!(span.snippet, "name = \"Türkiye\" x");
        assert_eq!(d.location(), "p.toml:2:18");
        assert_eq!(d.hints, ["remove it"]);
        assert_eq!(d.to_string(), "stray");
    }

    #[test]
    fn a_span_never_runs_past_its_line() {
        let text = "one\ntwo\n";
        let span = Span::of(text, 1..7);
        assert_eq!((span.line, span.column, span.width), (1, 2, 2));
        let end = Span::of(text, 100..120);
        assert_eq!((end.line, end.column), (3, 1));
    }
}
