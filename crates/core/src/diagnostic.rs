//! Located problems in data files: the file, line and column, the offending line and a hint,
//! rendered the way compilers render them.

use std::fmt;
use std::ops::Range;

/// One problem found in a data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user knows it (relative to the data folder).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// The offending line of the file, for display.
    pub snippet: String,
    /// How wide the underline is, in characters.
    pub width: usize,
    /// What to do about it, when we can tell.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A problem at a byte span of a file's text.
    pub fn at(file: &str, text: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = text[..start].matches('\n').count() + 1;
        let column = text[line_start..start].chars().count() + 1;
        let end = floor_char_boundary(text, span.end.clamp(start, line_end));
        Self {
            file: file.to_owned(),
            line,
            column,
            message: message.into(),
            snippet: text[line_start..line_end].trim_end_matches('\r').to_owned(),
            width: text[start..end].chars().count().max(1),
            hint: None,
        }
    }

    /// A problem with a whole file (unreadable, missing).
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            line: 0,
            column: 0,
            message: message.into(),
            snippet: String::new(),
            width: 0,
            hint: None,
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a "did you mean" hint when there is a close candidate.
    pub fn with_suggestion(self, suggestion: Option<&str>) -> Self {
        match suggestion {
            Some(s) => self.with_hint(format!("did you mean `{s}`?")),
            None => self,
        }
    }

    /// `file:line:column`, or just the file for whole-file problems.
    pub fn location(&self) -> String {
        if self.line == 0 {
            self.file.clone()
        } else {
            format!("{}:{}:{}", self.file, self.line, self.column)
        }
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        write!(f, "  --> {}", self.location())?;
        if self.line > 0 {
            let gutter = self.line.to_string().len();
            let pad = " ".repeat(gutter);
            writeln!(f)?;
            writeln!(f, "{pad} |")?;
            writeln!(f, "{} | {}", self.line, self.snippet)?;
            write!(
                f,
                "{pad} | {}{}",
                " ".repeat(self.column - 1),
                "^".repeat(self.width)
            )?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// Every problem found in one load, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Sorts by file, line and column so reports read top to bottom.
    pub fn sort(&mut self) {
        self.0
            .sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}\n")?;
        }
        write!(f, "{} problem(s) found", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_line_and_column_in_characters() {
        let text = "a = 1\nname = \"Türkiye\" x\n";
        let at = text.find('x').expect("x present");
        let d = Diagnostic::at("p.toml", text, at..at + 1, "stray");
        assert_eq!((d.line, d.column), (2, 18));
        assert_eq!(d.snippet, "name = \"Türkiye\" x");
        assert_eq!(d.location(), "p.toml:2:18");
        let shown = d.with_hint("remove it").to_string();
        assert!(shown.contains("2 | name"), "{shown}");
        assert!(shown.contains("                 ^"), "{shown}");
        assert!(shown.contains("hint: remove it"), "{shown}");
    }
}
