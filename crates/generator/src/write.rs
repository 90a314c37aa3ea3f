//! Writing outputs safely: to a temporary file beside the target, renamed into place only
//! when complete, so a failed render never leaves a half-written file or destroys a good one.

use std::io::Write;
use std::path::Path;

use attache_core::{Diagnostic, Diagnostics};

/// Writes `bytes` to `path` atomically, creating missing folders.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Diagnostics> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let failed = |what: String, e: std::io::Error| -> Diagnostics {
        Diagnostic::error(format!("{what}: {e}")).into()
    };
    std::fs::create_dir_all(dir)
        .map_err(|e| failed(format!("cannot create the folder {}", dir.display()), e))?;
    let mut temp = tempfile::Builder::new()
        .prefix(".attache-")
        .tempfile_in(dir)
        .map_err(|e| {
            Diagnostics::from(
                Diagnostic::error(format!("cannot write in {}: {e}", dir.display()))
                    .with_hint("check that the folder exists and is writable"),
            )
        })?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| failed(format!("cannot write {}", path.display()), e))?;
    temp.persist(path)
        .map_err(|e| failed(format!("cannot replace {}", path.display()), e.error))?;
    Ok(())
}
