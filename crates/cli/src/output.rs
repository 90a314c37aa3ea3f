//! Writing outputs: files atomically (through core's one writer: a temporary file beside the
//! target, renamed into place only when complete, so a failed render never leaves a
//! half-written file or destroys a good one), and text to standard output.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

/// Writes `bytes` to `path` atomically, creating missing folders. A replaced file keeps its
/// permissions; a new one gets the umask's.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    Ok(attache_core::write_atomic(path, bytes)?)
}

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
