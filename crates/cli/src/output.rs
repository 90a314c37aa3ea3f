//! Where command output goes: files, written atomically by the generator's writer, and
//! standard output.

use std::io::Write;

use anyhow::{Context, Result};

pub(crate) use attache_generator::write_atomic;

/// Writes text to standard output; a reader that stops early (`| head`) is not an error.
pub(crate) fn stdout(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(e).context("cannot write to standard output")
        }
        _ => Ok(()),
    }
}
