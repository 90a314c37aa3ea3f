//! Writing files safely: to a temporary file beside the target, renamed into place only when
//! complete, so a failed write never leaves a half-written file or destroys a good one.
//!
//! A file that is replaced keeps its permission bits (a data file made read-only for others
//! stays so); a new file gets the ones the user's umask gives, like any file the user makes.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// What the temporary files start with, so that one left by a crash is recognisable.
const TEMPORARY_PREFIX: &str = ".attache-";

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The folder to write in could not be made.
    #[error("cannot create the folder {}", .0.display())]
    Folder(PathBuf, #[source] io::Error),
    /// No file can be made in the folder.
    #[error("cannot write in {}: check the folder exists and is writable", .0.display())]
    Temporary(PathBuf, #[source] io::Error),
    /// Writing the contents failed (a full disk, a quota).
    #[error("cannot write {}", .0.display())]
    Contents(PathBuf, #[source] io::Error),
    /// The finished file could not take the target's place (a folder is there, say).
    #[error("cannot replace {}", .0.display())]
    Replace(PathBuf, #[source] io::Error),
}

/// Writes `bytes` to `path` atomically, creating missing folders.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir).map_err(|e| WriteError::Folder(dir.to_path_buf(), e))?;
    let (temporary, mut file) =
        temporary_in(dir).map_err(|e| WriteError::Temporary(dir.to_path_buf(), e))?;
    let written = file
        .write_all(bytes)
        .and_then(|()| keep_permissions(path, &file))
        .and_then(|()| file.sync_all())
        .map_err(|e| WriteError::Contents(path.to_path_buf(), e))
        .and_then(|()| {
            fs::rename(&temporary, path).map_err(|e| WriteError::Replace(path.to_path_buf(), e))
        });
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written
}

/// A new file in `dir` with a name no other writer uses. It is created with the default
/// mode, so the umask applies, as it would to the target made directly.
fn temporary_in(dir: &Path) -> io::Result<(PathBuf, File)> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let mut attempts = 0;
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let name = format!("{TEMPORARY_PREFIX}{}-{nanos:x}-{n}", std::process::id());
        let path = dir.join(name);
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => return Ok((path, file)),
            // Another process picked the same name: try the next.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempts < 100 => attempts += 1,
            Err(e) => return Err(e),
        }
    }
}

/// Gives the new file the permissions of the file it replaces, if there is one.
fn keep_permissions(target: &Path, file: &File) -> io::Result<()> {
    match fs::metadata(target) {
        Ok(meta) if meta.is_file() => file.set_permissions(meta.permissions()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_files_and_leaves_nothing_behind() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let path = dir.path().join("sub/file.txt");
        write_atomic(&path, b"first").expect("written");
        write_atomic(&path, b"second").expect("replaced");
        assert_eq!(fs::read(&path).expect("read"), b"second");
        let names: Vec<_> = fs::read_dir(dir.path().join("sub"))
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["file.txt"]);
        // A folder in the way is not replaced, and the temporary file goes.
        fs::create_dir(dir.path().join("sub/folder")).expect("mkdir");
        let err = write_atomic(&dir.path().join("sub/folder"), b"x").expect_err("refused");
        assert!(matches!(err, WriteError::Replace(..)), "{err}");
        assert_eq!(
            fs::read_dir(dir.path().join("sub")).expect("list").count(),
            2
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_mode_and_a_new_one_follows_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::TempDir::new().expect("temp dir");
        let kept = dir.path().join("kept.toml");
        fs::write(&kept, "old").expect("write");
        fs::set_permissions(&kept, fs::Permissions::from_mode(0o640)).expect("chmod");
        write_atomic(&kept, b"new").expect("replaced");
        let mode = |p: &Path| fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&kept), 0o640);
        // A new file gets what a plain `File::create` gets under the same umask.
        let reference = dir.path().join("reference");
        File::create(&reference).expect("create");
        let fresh = dir.path().join("fresh.toml");
        write_atomic(&fresh, b"new").expect("written");
        assert_eq!(mode(&fresh), mode(&reference));
    }
}
