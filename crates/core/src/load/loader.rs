//! The problems found while loading, collected rather than returned one at a time, with the
//! helpers every stage of loading uses to point at the offending text.

use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::files::DataFile;

/// The problems found so far.
#[derive(Default)]
pub(super) struct Loader {
    pub(super) diags: Vec<Diagnostic>,
}

impl Loader {
    pub(super) fn error(
        &mut self,
        file: &DataFile,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.diags
            .push(Diagnostic::at(&file.path, &file.text, span, message));
        self.diags.last_mut().expect("just pushed")
    }

    pub(super) fn hint(
        &mut self,
        file: &DataFile,
        span: Range<usize>,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        self.error(file, span, message).hints.extend(hint);
    }
}
