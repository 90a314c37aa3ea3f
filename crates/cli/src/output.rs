//! Writing outputs: files atomically (through core's one writer: a temporary file beside the
//! target, renamed into place only when complete, so a failed render never leaves a
//! half-written file or destroys a good one), and text to standard output, made safe for a
//! terminal: data may hold escape sequences, and a terminal would obey them.

use std::borrow::Cow;
use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result};

/// Writes `bytes` to `path` atomically, creating missing folders. A replaced file keeps its
/// permissions; a new one gets the umask's.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    Ok(attache_core::write_atomic(path, bytes)?)
}

/// Whether an output path is `-`, which means standard output (as for typst and pandoc).
pub(crate) fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Text safe to show on a terminal: every control character but line feed and tab (escape,
/// which starts colour and title-setting sequences; bell; carriage return; the C1 controls)
/// becomes U+FFFD, one for one, so columns stay where they were.
pub(crate) fn printable(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t';
    if text.contains(unsafe_char) {
        Cow::Owned(text.replace(unsafe_char, "\u{FFFD}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Writes text to standard output; a reader that stops early (`| head`) is not an error. On a
/// terminal, the text is made [`printable`] first; piped or redirected, it is left as it is.
pub(crate) fn stdout(text: &str) -> Result<()> {
    let text = if std::io::stdout().is_terminal() {
        printable(text)
    } else {
        Cow::Borrowed(text)
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(e).context("cannot write to standard output")
        }
        _ => Ok(()),
    }
}

/// Writes text with styles to standard output: kept on a terminal (unless NO_COLOR), dropped
/// when piped. A reader that stops early (`| head`) is not an error.
pub(crate) fn styled_stdout(text: &str) -> Result<()> {
    let mut out = anstream::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(e).context("cannot write to standard output")
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_cannot_reach_a_terminal() {
        assert_eq!(
            printable("Staff\u{1b}]0;pwned\u{7} course\u{1b}[31m red\r\u{9b}2J"),
            "Staff\u{FFFD}]0;pwned\u{FFFD} course\u{FFFD}[31m red\u{FFFD}\u{FFFD}2J"
        );
        assert_eq!(printable("two\nlines\tand a tab"), "two\nlines\tand a tab");
    }
}
