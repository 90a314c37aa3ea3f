//! Writing files safely: to a temporary file beside the target, renamed into place only when
//! complete, so a failed write never leaves a half-written file or destroys a good one.
//!
//! A file that is replaced keeps its permission bits (a data file made read-only for others
//! stays so); a new file gets the ones the user's umask gives, like any file the user makes.
//!
//! Only regular files are replaced. A symbolic link is written through: its target is replaced
//! beside the target, and the link stays. A device, a FIFO, a socket or an open descriptor named
//! by path (`/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/1`) is written straight into, never
//! replaced by a regular file. A set of files that belong together (the pages of a report) is
//! replaced as a whole by [`write_set`]: all or none.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// What the temporary files start with, so that one left by a crash is recognisable.
const TEMPORARY_PREFIX: &str = ".attache-";

/// How many symbolic links a path may pass through, as the kernel allows.
const MAX_LINKS: usize = 40;

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
    /// The target is a file the run reads: writing there would destroy its input.
    #[error("refusing to write {}: it is {}, which this run reads", .0.display(), .1)]
    Input(PathBuf, String),
}

/// Writes `bytes` to `path` atomically, creating missing folders.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_set(&[(path, bytes)], &[])
}

/// Writes files that belong together as a whole: each is first written in full beside its
/// target, and only when all are ready do they take their targets' places. Should one fail to,
/// those already replaced get their old contents back. Then the `stale` files (pages an
/// earlier, longer render left behind) are removed.
pub fn write_set(files: &[(&Path, &[u8])], stale: &[PathBuf]) -> Result<(), WriteError> {
    let mut staged = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        match stage(path, bytes) {
            Ok(file) => staged.push(file),
            Err(e) => {
                staged.iter().for_each(Staged::discard);
                return Err(e);
            }
        }
    }
    commit(staged, files.len() > 1)?;
    for path in stale {
        if let Err(e) = fs::remove_file(path)
            && e.kind() != io::ErrorKind::NotFound
        {
            return Err(WriteError::Replace(path.clone(), e));
        }
    }
    Ok(())
}

/// Where the bytes for a path go, once its links are followed.
#[derive(Debug, PartialEq)]
enum Target {
    /// A regular file, or nothing yet: replaced (or made) by renaming a finished file there.
    File(PathBuf),
    /// A device, FIFO, socket or open descriptor: written into as it is. Descriptors are
    /// appended to, so output redirected with `>>` keeps what was there.
    Stream { path: PathBuf, append: bool },
}

/// Follows `path` through its symbolic links to what a write would reach.
fn resolve(path: &Path) -> io::Result<Target> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        if names_a_descriptor(&current) {
            return Ok(Target::Stream {
                path: current,
                append: true,
            });
        }
        let meta = match fs::symlink_metadata(&current) {
            Ok(meta) => meta,
            // Nothing there yet (or a file where a folder should be, which making the folder
            // reports): a new file.
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) =>
            {
                return Ok(Target::File(current));
            }
            Err(e) => return Err(e),
        };
        if meta.file_type().is_symlink() {
            let link = fs::read_link(&current)?;
            current = current.parent().unwrap_or(Path::new("")).join(link);
        } else if meta.is_file() || meta.is_dir() {
            // A folder is left for the rename to refuse, with the system's reason.
            return Ok(Target::File(current));
        } else {
            return Ok(Target::Stream {
                path: current,
                append: false,
            });
        }
    }
    Err(io::Error::other(format!(
        "{}: too many levels of symbolic links",
        path.display()
    )))
}

/// Whether `path` names an open file descriptor (`/dev/fd/1`, `/proc/self/fd/1`): such a
/// name leads to whatever the descriptor is open on, which may not be a file in any folder.
fn names_a_descriptor(path: &Path) -> bool {
    let folder = path.parent().and_then(|p| p.canonicalize().ok());
    folder.is_some_and(|f| f.starts_with("/proc") && f.file_name().is_some_and(|n| n == "fd"))
}

/// A file written in full and waiting to take its place, or bytes for a stream.
enum Staged<'a> {
    File {
        temporary: PathBuf,
        target: PathBuf,
    },
    Stream {
        target: PathBuf,
        append: bool,
        bytes: &'a [u8],
    },
}

impl Staged<'_> {
    /// Removes a staged temporary file that will not be used.
    fn discard(&self) {
        if let Staged::File { temporary, .. } = self {
            let _ = fs::remove_file(temporary);
        }
    }
}

/// Writes `bytes` in full to a temporary file beside what `path` leads to.
fn stage<'a>(path: &Path, bytes: &'a [u8]) -> Result<Staged<'a>, WriteError> {
    let target = match resolve(path).map_err(|e| WriteError::Replace(path.to_path_buf(), e))? {
        Target::File(target) => target,
        Target::Stream { path, append } => {
            return Ok(Staged::Stream {
                target: path,
                append,
                bytes,
            });
        }
    };
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir).map_err(|e| WriteError::Folder(dir.to_path_buf(), e))?;
    let (temporary, mut file) =
        temporary_in(dir).map_err(|e| WriteError::Temporary(dir.to_path_buf(), e))?;
    let written = file
        .write_all(bytes)
        .and_then(|()| keep_permissions(&target, &file))
        .and_then(|()| file.sync_all());
    match written {
        Ok(()) => Ok(Staged::File { temporary, target }),
        Err(e) => {
            let _ = fs::remove_file(&temporary);
            Err(WriteError::Contents(path.to_path_buf(), e))
        }
    }
}

/// Puts every staged file in its place, in order. With `undoable`, each file replaced is kept
/// under a temporary name until all are in place, so a failure can put the old ones back.
fn commit(staged: Vec<Staged<'_>>, undoable: bool) -> Result<(), WriteError> {
    // Each target in place so far, with the name its old contents are kept under.
    let mut placed: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
    let mut pending = staged.into_iter();
    while let Some(next) = pending.next() {
        let outcome = match &next {
            Staged::File { temporary, target } => {
                let kept = if undoable { keep_old(target) } else { Ok(None) };
                kept.and_then(|kept| {
                    fs::rename(temporary, target).map(|()| placed.push((target.clone(), kept)))
                })
                .map_err(|e| WriteError::Replace(target.clone(), e))
            }
            Staged::Stream {
                target,
                append,
                bytes,
            } => write_into(target, *append, bytes),
        };
        if let Err(e) = outcome {
            next.discard();
            pending.for_each(|s| s.discard());
            undo(placed);
            return Err(e);
        }
    }
    for (_, kept) in placed {
        if let Some(kept) = kept {
            let _ = fs::remove_file(kept);
        }
    }
    Ok(())
}

/// A second name for the file at `target`, if there is one, so it survives being replaced.
fn keep_old(target: &Path) -> io::Result<Option<PathBuf>> {
    if !fs::symlink_metadata(target).is_ok_and(|m| m.is_file()) {
        return Ok(None);
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let (kept, _) = temporary_in(dir)?;
    fs::remove_file(&kept)?;
    if fs::hard_link(target, &kept).is_err() {
        // Some file systems have no hard links: a copy does as well.
        fs::copy(target, &kept)?;
    }
    Ok(Some(kept))
}

/// Puts back what `commit` replaced, newest first.
fn undo(placed: Vec<(PathBuf, Option<PathBuf>)>) {
    for (target, kept) in placed.into_iter().rev() {
        let _ = match kept {
            Some(kept) => fs::rename(kept, &target),
            None => fs::remove_file(&target),
        };
    }
}

/// Writes into a device, FIFO or descriptor as it is.
fn write_into(target: &Path, append: bool, bytes: &[u8]) -> Result<(), WriteError> {
    OpenOptions::new()
        .write(true)
        .append(append)
        .open(target)
        .and_then(|mut stream| stream.write_all(bytes).and_then(|()| stream.flush()))
        .map_err(|e| WriteError::Contents(target.to_path_buf(), e))
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

/// The files a run reads, which no output may replace: the data files, the briefing
/// settings, the templates, label sets and images a render used.
#[derive(Debug, Clone, Default)]
pub struct Inputs(Vec<Input>);

/// One input: a file, or the files of one extension in a folder and below.
#[derive(Debug, Clone)]
struct Input {
    /// Canonical path.
    path: PathBuf,
    /// In words, for messages ("a data file of data").
    what: String,
    /// For a folder, the extension of the files in it that are read.
    extension: Option<&'static str>,
}

impl Inputs {
    /// A file the run reads, described for messages. One that does not exist cannot be
    /// replaced and is left out.
    pub fn file(&mut self, path: &Path, what: impl Into<String>) {
        self.add(path, what.into(), None);
    }

    /// Every file named `*.<extension>` in `dir` and below (the data files of a data folder),
    /// those there now and those an output would add.
    pub fn files_below(&mut self, dir: &Path, extension: &'static str, what: impl Into<String>) {
        self.add(dir, what.into(), Some(extension));
    }

    fn add(&mut self, path: &Path, what: String, extension: Option<&'static str>) {
        if let Ok(real) = path.canonicalize() {
            self.0.push(Input {
                path: real,
                what,
                extension,
            });
        }
    }

    /// Refuses an output that would replace an input, links followed.
    pub fn check(&self, output: &Path) -> Result<(), WriteError> {
        if self.0.is_empty() {
            return Ok(());
        }
        let target = match resolve(output) {
            Ok(Target::File(path) | Target::Stream { path, .. }) => real_path(&path),
            Err(_) => return Ok(()),
        };
        let hit = self.0.iter().find(|input| match input.extension {
            None => target == input.path,
            Some(extension) => {
                target.starts_with(&input.path)
                    && target.extension().is_some_and(|e| e == extension)
            }
        });
        match hit {
            Some(input) => Err(WriteError::Input(output.to_path_buf(), input.what.clone())),
            None => Ok(()),
        }
    }
}

/// The canonical form of a path that may not exist yet: its nearest existing ancestor
/// canonicalised, with the rest appended.
fn real_path(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |p, part| p.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_whole_files_and_leaves_nothing_behind() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let path = dir.path().join("sub/file.txt");
        write_atomic(&path, b"first").expect("written");
        write_atomic(&path, b"second").expect("replaced");
        assert_eq!(fs::read(&path).expect("read"), b"second");
        assert_eq!(names(&dir.path().join("sub")), ["file.txt"]);
        // A folder in the way is not replaced, and the temporary file goes.
        fs::create_dir(dir.path().join("sub/folder")).expect("mkdir");
        let err = write_atomic(&dir.path().join("sub/folder"), b"x").expect_err("refused");
        assert!(matches!(err, WriteError::Replace(..)), "{err}");
        assert_eq!(names(&dir.path().join("sub")), ["file.txt", "folder"]);
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

    #[cfg(unix)]
    #[test]
    fn links_are_written_through_and_special_files_into() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::TempDir::new().expect("temp dir");
        fs::create_dir(dir.path().join("real")).expect("mkdir");
        fs::write(dir.path().join("real/target.pdf"), "old").expect("write");
        std::os::unix::fs::symlink("real/target.pdf", dir.path().join("link.pdf"))
            .expect("symlink");
        write_atomic(&dir.path().join("link.pdf"), b"new").expect("written through");
        assert!(
            fs::symlink_metadata(dir.path().join("link.pdf"))
                .expect("link")
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            fs::read(dir.path().join("real/target.pdf")).expect("read"),
            b"new"
        );
        assert_eq!(names(&dir.path().join("real")), ["target.pdf"]);
        // A dangling link makes its target.
        std::os::unix::fs::symlink("real/made.pdf", dir.path().join("dangling.pdf"))
            .expect("symlink");
        write_atomic(&dir.path().join("dangling.pdf"), b"made").expect("written through");
        assert_eq!(
            fs::read(dir.path().join("real/made.pdf")).expect("read"),
            b"made"
        );
        assert_eq!(
            resolve(Path::new("/dev/null")).expect("resolves"),
            Target::Stream {
                path: "/dev/null".into(),
                append: false
            }
        );
        write_atomic(Path::new("/dev/null"), b"gone").expect("written into");
        assert!(
            fs::metadata("/dev/null")
                .expect("still there")
                .file_type()
                .is_char_device()
        );
        if Path::new("/proc/self/fd").is_dir() {
            assert!(matches!(
                resolve(Path::new("/dev/stdout")).expect("resolves"),
                Target::Stream { append: true, .. }
            ));
        }
    }

    #[test]
    fn a_set_is_replaced_as_a_whole() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let page = |n: usize| dir.path().join(format!("brief-{n}.png"));
        for n in 1..=3 {
            fs::write(page(n), format!("old {n}")).expect("write");
        }
        // The third page cannot take its place: the first two keep their old contents.
        fs::remove_file(page(3)).expect("remove");
        fs::create_dir(page(3)).expect("mkdir");
        fs::write(page(3).join("inside"), "x").expect("write");
        let (one, two, three) = (page(1), page(2), page(3));
        let files: [(&Path, &[u8]); 3] = [(&one, b"new 1"), (&two, b"new 2"), (&three, b"new 3")];
        write_set(&files, &[]).expect_err("a folder is in the way");
        assert_eq!(fs::read(page(1)).expect("read"), b"old 1");
        assert_eq!(fs::read(page(2)).expect("read"), b"old 2");
        assert_eq!(
            names(dir.path()),
            ["brief-1.png", "brief-2.png", "brief-3.png"]
        );
        // A shorter set replaces the pages it has and removes the rest.
        write_set(&files[..1], &[page(2)]).expect("written");
        assert_eq!(fs::read(page(1)).expect("read"), b"new 1");
        assert_eq!(names(dir.path()), ["brief-1.png", "brief-3.png"]);
    }

    #[test]
    fn inputs_are_never_written_over() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        fs::create_dir_all(dir.path().join("data/events")).expect("mkdir");
        fs::write(dir.path().join("data/events/a.toml"), "keep").expect("write");
        fs::write(dir.path().join("briefing.toml"), "keep").expect("write");
        let mut inputs = Inputs::default();
        inputs.files_below(&dir.path().join("data"), "toml", "a data file");
        inputs.file(&dir.path().join("briefing.toml"), "the briefing settings");
        for refused in ["data/events/a.toml", "data/new/b.toml", "briefing.toml"] {
            let err = inputs.check(&dir.path().join(refused)).expect_err(refused);
            assert!(matches!(err, WriteError::Input(..)), "{err}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("data/events/a.toml", dir.path().join("link.pdf"))
                .expect("symlink");
            assert!(inputs.check(&dir.path().join("link.pdf")).is_err());
        }
        for allowed in ["brief.pdf", "data/brief.pdf", "data-copy/x.toml"] {
            inputs.check(&dir.path().join(allowed)).expect(allowed);
        }
    }
}
