//! The templates folder as the only place a template set reads from. Every file a template
//! names goes through [`TemplatesFolder::resolve`]: a Jinja `{% include %}`, a label set, the
//! folder's `briefing.toml` and its logo, an image or file Typst loads, and what
//! `attache templates list` shows. A name resolves only when, after every symbolic link is
//! followed, it is a regular file inside the folder: a link that leads out of the folder, a FIFO
//! that would block, a device that never ends are refused with the reason.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

/// A user's templates folder, by its canonical path, with the files resolved in it so far:
/// the inputs of a render, which no output may replace.
#[derive(Debug, Clone)]
pub(crate) struct TemplatesFolder {
    root: PathBuf,
    resolved: Arc<Mutex<BTreeSet<PathBuf>>>,
}

/// Why a name in the templates folder gives no file to read.
#[derive(Debug)]
pub(crate) enum Refusal {
    /// Nothing of that name is there (the built-in file may stand in).
    Missing,
    /// The name, or a link on the way, leads out of the folder.
    Outside,
    /// It is there but is not a regular file: a folder, a FIFO, a device, a socket.
    NotAFile(&'static str),
    /// It could not be read.
    Unreadable(io::Error),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Missing => f.write_str("it does not exist"),
            Refusal::Outside => f.write_str("it lies outside the templates folder"),
            Refusal::NotAFile(what) => write!(f, "it is {what}, not a regular file"),
            Refusal::Unreadable(e) => write!(f, "it cannot be read: {e}"),
        }
    }
}

impl TemplatesFolder {
    /// The folder at `dir`, which must exist.
    pub(crate) fn open(dir: &Path) -> io::Result<Self> {
        Ok(Self {
            root: dir.canonicalize()?,
            resolved: Arc::default(),
        })
    }

    /// The folder's canonical path.
    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// The regular file `relative` names inside the folder, with every link followed.
    /// `relative` must be relative and free of `..`; callers check names before asking.
    pub(crate) fn resolve(&self, relative: &str) -> Result<PathBuf, Refusal> {
        self.check(&self.root.join(relative))
    }

    /// The regular file at `path`, a path already joined to the folder, if it lies inside.
    pub(crate) fn check(&self, path: &Path) -> Result<PathBuf, Refusal> {
        let real = match path.canonicalize() {
            Ok(real) => real,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(Refusal::Missing),
            Err(e) => return Err(Refusal::Unreadable(e)),
        };
        if !real.starts_with(&self.root) {
            return Err(Refusal::Outside);
        }
        let meta = fs::metadata(&real).map_err(Refusal::Unreadable)?;
        if meta.is_file() {
            self.resolved
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(real.clone());
            Ok(real)
        } else {
            Err(Refusal::NotAFile(kind_of(&meta)))
        }
    }

    /// Every file resolved in the folder so far, to be read.
    pub(crate) fn resolved(&self) -> Vec<PathBuf> {
        let resolved = self.resolved.lock().unwrap_or_else(PoisonError::into_inner);
        resolved.iter().cloned().collect()
    }

    /// The path of a file inside the folder relative to it, with `/`, for Typst's virtual paths.
    pub(crate) fn relative(&self, real: &Path) -> Option<String> {
        let inside = real.strip_prefix(&self.root).ok()?;
        let parts: Vec<_> = inside
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect();
        Some(parts.join("/"))
    }

    /// Every name in the folder and below, in name order, each with the file it resolves to
    /// or why it does not. Linked folders are not entered: a link is a name like any other.
    pub(crate) fn entries(&self) -> io::Result<Vec<(String, Result<PathBuf, Refusal>)>> {
        let mut found = Vec::new();
        self.walk(&self.root, "", &mut found)?;
        found.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(found)
    }

    fn walk(
        &self,
        dir: &Path,
        prefix: &str,
        found: &mut Vec<(String, Result<PathBuf, Refusal>)>,
    ) -> io::Result<()> {
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type()?.is_dir() {
                self.walk(&entry.path(), &format!("{name}/"), found)?;
            } else {
                found.push((name, self.check(&entry.path())));
            }
        }
        Ok(())
    }
}

/// What a file that is not a regular file is, in words.
fn kind_of(meta: &fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_inside_the_folder_resolve() {
        let outer = tempfile::TempDir::new().expect("temp dir");
        fs::write(outer.path().join("secret.txt"), "secret").expect("write");
        let dir = outer.path().join("templates");
        fs::create_dir_all(dir.join("sub")).expect("mkdir");
        fs::write(dir.join("sub/inside.txt"), "ok").expect("write");
        std::os::unix::fs::symlink(outer.path(), dir.join("up")).expect("symlink");
        std::os::unix::fs::symlink("sub/inside.txt", dir.join("link.txt")).expect("symlink");
        std::os::unix::fs::symlink("/dev/zero", dir.join("zero")).expect("symlink");
        let folder = TemplatesFolder::open(&dir).expect("open");
        let read = |name: &str| folder.resolve(name).map(|p| fs::read(p).expect("read"));
        assert_eq!(read("sub/inside.txt").expect("inside"), b"ok");
        assert_eq!(read("link.txt").expect("a link inside"), b"ok");
        assert!(matches!(read("up/secret.txt"), Err(Refusal::Outside)));
        assert!(matches!(read("zero"), Err(Refusal::Outside)));
        assert!(matches!(read("sub"), Err(Refusal::NotAFile("a folder"))));
        assert!(matches!(read("none"), Err(Refusal::Missing)));
        let names: Vec<String> = folder
            .entries()
            .expect("listed")
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        assert_eq!(names, ["link.txt", "sub/inside.txt", "up", "zero"]);
    }
}
