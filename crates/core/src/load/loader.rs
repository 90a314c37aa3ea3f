//! The problems found while loading, collected rather than returned one at a time, with the
//! helpers every stage of loading uses to point at the offending text.

use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::files::DataFile;

/// The problems found so far.
#[derive(Default)]
pub(super) struct Loader {
    pub(super) diags: Vec<Diagnostic>,
    /// Spans of stand-ins put in place of fields that did not deserialise, by file: the
    /// field's own error has been reported, so later problems found there are not.
    silenced: Vec<(String, Range<usize>)>,
}

impl Loader {
    /// Reports a problem at `span` of `file`, unless it lies in a stand-in.
    pub(super) fn hint(
        &mut self,
        file: &DataFile,
        span: Range<usize>,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        let silenced = self.silenced.iter().any(|(path, stand_in)| {
            *path == file.path && stand_in.start <= span.start && span.end <= stand_in.end
        });
        if !silenced {
            let mut diagnostic = Diagnostic::at(&file.path, &file.text, span, message);
            diagnostic.hints.extend(hint);
            self.diags.push(diagnostic);
        }
    }

    /// Stops reporting problems found later at `span` of `file`.
    pub(super) fn silence(&mut self, file: &DataFile, span: Range<usize>) {
        self.silenced.push((file.path.clone(), span));
    }
}
