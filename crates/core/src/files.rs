//! The layout of a data folder, known in one place: which files it holds ([`DataFileKind`]),
//! how they are named, the one walk that reads them (from a folder, or from the dataset built
//! into the binary), and which events file a new event belongs in.
//!
//! The walk reads only regular files inside the data folder, each up to [`MAX_FILE_BYTES`]:
//! whatever else a `.toml` name holds (a FIFO, a device, a link out of the folder) is a located
//! problem, and its contents are never read, so never shown in a message.

use std::collections::HashSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::date::PartialDate;
use crate::diagnostic::{Diagnostic, Diagnostics};

/// The dataset built into the binary: the repository's `data/` folder.
static BUILT_IN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../data");

/// The folder of partner files, one partner per file.
const PARTNERS: &str = "partners/";
/// The folder of events files, each holding any number of events.
const EVENTS: &str = "events/";
/// What every data file's name ends with.
const EXTENSION: &str = ".toml";

/// What a data file holds, known from its path relative to the data folder.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DataFileKind {
    /// `dataset.toml`: what the dataset is about (its title, language and subject state), its
    /// fields at the top level. Optional: without it reports name no state.
    Dataset,
    /// `sources.toml`: the documents every fact cites, under `[[source]]`.
    Sources,
    /// `periods.toml`: named spans of time, under `[[period]]`.
    Periods,
    /// `areas.toml`: cooperation types, under `[[area]]`.
    Areas,
    /// `figures.toml`: dataset-wide quantified facts, under `[[figure]]`.
    Figures,
    /// `partners/<id>.toml`: one partner, its fields at the top level.
    Partner {
        /// The file name without `.toml`: the id the partner must have.
        id: String,
    },
    /// `events/*.toml`: dated facts, under `[[event]]`.
    Events,
}

impl DataFileKind {
    /// The files every dataset must have.
    pub const REQUIRED: [DataFileKind; 3] = [Self::Sources, Self::Areas, Self::Periods];

    /// Where the data files may be, for messages about a file that is none of them.
    pub const LAYOUT: &'static str = "data files are dataset.toml, sources.toml, periods.toml, \
         areas.toml, figures.toml, partners/<id>.toml and events/*.toml";

    /// The kind of the file at `path` (relative to the data folder, with `/`), or `None` for a
    /// file that has no place in a dataset.
    pub fn of(path: &str) -> Option<Self> {
        match path {
            "dataset.toml" => Some(Self::Dataset),
            "sources.toml" => Some(Self::Sources),
            "periods.toml" => Some(Self::Periods),
            "areas.toml" => Some(Self::Areas),
            "figures.toml" => Some(Self::Figures),
            _ => {
                let stem = |folder: &str| path.strip_prefix(folder)?.strip_suffix(EXTENSION);
                if let Some(id) = stem(PARTNERS) {
                    Some(Self::Partner { id: id.to_owned() })
                } else {
                    stem(EVENTS).map(|_| Self::Events)
                }
            }
        }
    }

    /// The kind of a partner's file.
    pub fn partner(id: &str) -> Self {
        Self::Partner { id: id.to_owned() }
    }

    /// The path a file of this kind has; `None` for events files, which may have any name
    /// in `events/`.
    pub fn path(&self) -> Option<String> {
        match self {
            Self::Dataset => Some("dataset.toml".into()),
            Self::Sources => Some("sources.toml".into()),
            Self::Periods => Some("periods.toml".into()),
            Self::Areas => Some("areas.toml".into()),
            Self::Figures => Some("figures.toml".into()),
            Self::Partner { id } => Some(format!("{PARTNERS}{id}{EXTENSION}")),
            Self::Events => None,
        }
    }

    /// The folder files of this kind share, for the `#:schema` line new files copy from
    /// their neighbours; `None` for the files at the top of the data folder.
    pub fn folder(&self) -> Option<&'static str> {
        match self {
            Self::Partner { .. } => Some(PARTNERS),
            Self::Events => Some(EVENTS),
            _ => None,
        }
    }

    /// The key of the `[[key]]` tables the file's records are written under; `None` for a
    /// partner file or `dataset.toml`, which are one record each.
    pub fn record_key(&self) -> Option<&'static str> {
        match self {
            Self::Dataset => None,
            Self::Sources => Some("source"),
            Self::Periods => Some("period"),
            Self::Areas => Some("area"),
            Self::Figures => Some("figure"),
            Self::Partner { .. } => None,
            Self::Events => Some("event"),
        }
    }

    /// The JSON Schema file the data file is checked against (see `attache schema`).
    pub fn schema_name(&self) -> &'static str {
        match self {
            Self::Dataset => "dataset.schema.json",
            Self::Sources => "sources.schema.json",
            Self::Periods => "periods.schema.json",
            Self::Areas => "areas.schema.json",
            Self::Figures => "figures.schema.json",
            Self::Partner { .. } => "partner.schema.json",
            Self::Events => "events.schema.json",
        }
    }
}

/// The events file an event dated `date` goes in: the file whose name's years hold the date
/// (`events/2004-2012.toml`, `events/1995.toml`), else `events/<year>.toml`.
pub fn events_file_for<'a>(paths: impl IntoIterator<Item = &'a str>, date: &PartialDate) -> String {
    let year = date.year_number();
    paths
        .into_iter()
        .find(|path| events_file_years(path).is_some_and(|(from, to)| (from..=to).contains(&year)))
        .map_or_else(|| format!("{EVENTS}{year:04}{EXTENSION}"), str::to_owned)
}

/// The years an events file's name says it holds: `events/2004-2012.toml` gives 2004 to 2012,
/// `events/1995.toml` gives 1995; other names say nothing.
fn events_file_years(path: &str) -> Option<(i32, i32)> {
    DataFileKind::of(path).filter(|k| *k == DataFileKind::Events)?;
    let stem = path.strip_prefix(EVENTS)?.strip_suffix(EXTENSION)?;
    let (from, to) = stem.split_once('-').unwrap_or((stem, stem));
    Some((from.parse().ok()?, to.parse().ok()?))
}

/// One data file: its path relative to the data folder (with `/`), and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataFile {
    /// Relative path, such as `events/1994-2003.toml`.
    pub path: String,
    /// Contents.
    pub text: String,
}

impl DataFile {
    /// Reads every `.toml` file below `dir`, in a stable order.
    pub fn read_dir(dir: &Path) -> Result<Vec<DataFile>, LoadError> {
        DataSource::Folder(dir.to_path_buf()).files()
    }

    /// What the file holds, by its path; `None` for a file with no place in a dataset.
    pub fn kind(&self) -> Option<DataFileKind> {
        DataFileKind::of(&self.path)
    }
}

/// Why a dataset could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The folder or one of its files could not be read.
    #[error("cannot read the data folder {path}: {source}")]
    Io {
        /// What could not be read.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The files were read but hold problems.
    #[error("{0}")]
    Invalid(Diagnostics),
}

/// Where a dataset's files come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataSource {
    /// The dataset built into the binary.
    BuiltIn,
    /// A data folder.
    Folder(PathBuf),
}

impl DataSource {
    /// A folder when one is given, else the built-in dataset.
    pub fn from_option(dir: Option<&Path>) -> Self {
        dir.map_or(Self::BuiltIn, |d| Self::Folder(d.to_path_buf()))
    }

    /// Every data file, sorted by path, and a located problem for each `.toml` entry that
    /// could not be read as one (see [`ReadFiles`]). Fails only when the folder itself cannot
    /// be read.
    pub fn read(&self) -> Result<ReadFiles, LoadError> {
        let mut read = ReadFiles::default();
        match self {
            Self::BuiltIn => walk(&Embedded(&BUILT_IN), "", &mut read)?,
            Self::Folder(dir) => walk(&Folder::new(dir.clone())?, "", &mut read)?,
        }
        read.files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(read)
    }

    /// Every data file, sorted by path; any entry that could not be read makes it an error.
    pub fn files(&self) -> Result<Vec<DataFile>, LoadError> {
        let read = self.read()?;
        if read.problems.is_empty() {
            Ok(read.files)
        } else {
            Err(LoadError::Invalid(Diagnostics(read.problems)))
        }
    }

    /// The source in words, for messages: "the built-in dataset" or the folder's path.
    pub fn describe(&self) -> String {
        match self {
            Self::BuiltIn => "the built-in dataset".to_owned(),
            Self::Folder(dir) => dir.display().to_string(),
        }
    }
}

/// A dataset's files as read, and the problems of the entries that could not be read: a
/// `.toml` name that is a FIFO, a device or a socket (which would block or never end), a link
/// that leads out of the data folder (its contents are never read, so never shown), a file
/// larger than [`MAX_FILE_BYTES`]. A file that is not UTF-8 is read with the bad bytes
/// replaced, so that its other problems are found too, and its first bad byte is a problem.
#[derive(Debug, Default)]
pub struct ReadFiles {
    /// The files read, sorted by path.
    pub files: Vec<DataFile>,
    /// One located error for each entry that could not be read as a data file.
    pub problems: Vec<Diagnostic>,
}

/// The largest data file read: 32 MiB, some thousand times the largest built-in file. A
/// larger one is refused before it can fill memory (a link to `/dev/zero` never ends).
pub const MAX_FILE_BYTES: u64 = 32 << 20;

/// An entry of a folder tree, as the walk sees it.
enum Entry<T> {
    /// A sub-folder.
    Folder(T),
    /// A regular file.
    File,
    /// A folder entered already on the way here, through a link back up.
    Seen,
    /// Something that is not read, and why: a FIFO, a device, a link out of the folder;
    /// `folder` when it leads to a folder, whose files are then all unread.
    Refused { why: String, folder: bool },
}

/// What the one walk needs of a tree of files: its entries by name, and a file's bytes (or
/// why they cannot be read).
trait Tree: Sized {
    fn entries(&self) -> Result<Vec<(String, Entry<Self>)>, LoadError>;
    fn read(&self, name: &str) -> Result<Vec<u8>, String>;
}

/// The one walk: every regular `.toml` file below `tree`, with its path relative to the top,
/// and a problem for every `.toml` entry or folder link that is not read.
fn walk<T: Tree>(tree: &T, prefix: &str, read: &mut ReadFiles) -> Result<(), LoadError> {
    let refused = |path: &str, why: String| {
        Diagnostic::file(path, why)
            .with_hint("data files must be regular files inside the data folder")
    };
    for (name, entry) in tree.entries()? {
        let path = format!("{prefix}{name}");
        let toml = name.len() > EXTENSION.len() && name.ends_with(EXTENSION);
        match entry {
            Entry::Folder(sub) => walk(&sub, &format!("{path}/"), read)?,
            Entry::File if toml => match tree.read(&name) {
                Ok(bytes) => read.files.push(decoded(path, bytes, &mut read.problems)),
                Err(why) => read.problems.push(Diagnostic::file(&path, why)),
            },
            Entry::Refused { why, folder } if toml || folder => {
                read.problems.push(refused(&path, why));
            }
            Entry::File | Entry::Seen | Entry::Refused { .. } => {}
        }
    }
    Ok(())
}

/// A file's text; bytes that are not UTF-8 become U+FFFD, and the first is a located problem.
fn decoded(path: String, bytes: Vec<u8>, problems: &mut Vec<Diagnostic>) -> DataFile {
    match String::from_utf8(bytes) {
        Ok(text) => DataFile { path, text },
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let bad = at..at + char::REPLACEMENT_CHARACTER.len_utf8();
            problems.push(
                Diagnostic::at(&path, &text, bad, "the file is not UTF-8 text")
                    .with_hint("save it as UTF-8 (most editors offer the encoding on \"Save as\")"),
            );
            DataFile { path, text }
        }
    }
}

/// A folder on disk, with the folders already entered so that a link back up is not followed
/// round and round, and the data folder's own real path, which no link may lead out of.
struct Folder {
    path: PathBuf,
    root: PathBuf,
    seen: HashSet<PathBuf>,
}

impl Folder {
    fn new(path: PathBuf) -> Result<Self, LoadError> {
        let root = fs::canonicalize(&path).map_err(|source| io(&path, source))?;
        Ok(Self {
            path,
            seen: HashSet::from([root.clone()]),
            root,
        })
    }

    /// What the entry at `path` is, links followed only while they stay inside the folder.
    fn entry(&self, path: PathBuf) -> Entry<Self> {
        let refused = |why: String, folder: bool| Entry::Refused { why, folder };
        let real = match fs::canonicalize(&path) {
            Ok(real) => real,
            Err(e) => return refused(format!("cannot be read: {e}"), false),
        };
        if !real.starts_with(&self.root) {
            let folder = real.is_dir();
            let what = if folder { "a folder" } else { "a file" };
            return refused(
                format!("is a link to {what} outside the data folder, which is not read"),
                folder,
            );
        }
        match fs::metadata(&real) {
            Ok(meta) if meta.is_dir() && self.seen.contains(&real) => Entry::Seen,
            Ok(meta) if meta.is_dir() => {
                let mut seen = self.seen.clone();
                seen.insert(real);
                let root = self.root.clone();
                Entry::Folder(Folder { path, root, seen })
            }
            Ok(meta) if meta.is_file() => Entry::File,
            Ok(meta) => refused(format!("is {}, not a regular file", special(&meta)), false),
            Err(e) => refused(format!("cannot be read: {e}"), false),
        }
    }
}

/// What a file that is neither a regular file nor a folder is, in words.
fn special(meta: &fs::Metadata) -> &'static str {
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
    let _ = meta;
    "a special file"
}

fn io(path: &Path, source: std::io::Error) -> LoadError {
    LoadError::Io {
        path: path.display().to_string(),
        source,
    }
}

impl Tree for Folder {
    fn entries(&self) -> Result<Vec<(String, Entry<Self>)>, LoadError> {
        let mut out = Vec::new();
        for entry in fs::read_dir(&self.path).map_err(|e| io(&self.path, e))? {
            let path = entry.map_err(|e| io(&self.path, e))?.path();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            out.push((name, self.entry(path)));
        }
        Ok(out)
    }

    fn read(&self, name: &str) -> Result<Vec<u8>, String> {
        let mut bytes = Vec::new();
        fs::File::open(self.path.join(name))
            .and_then(|file| file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
            .map_err(|e| format!("cannot be read: {e}"))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(format!(
                "is larger than {} MiB; split it into several files",
                MAX_FILE_BYTES >> 20
            ));
        }
        Ok(bytes)
    }
}

/// A folder of the dataset built into the binary.
struct Embedded(&'static Dir<'static>);

impl Tree for Embedded {
    fn entries(&self) -> Result<Vec<(String, Entry<Self>)>, LoadError> {
        let name = |path: &Path| {
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        let folders = self
            .0
            .dirs()
            .map(|d| (name(d.path()), Entry::Folder(Embedded(d))));
        let files = self.0.files().map(|f| (name(f.path()), Entry::File));
        Ok(folders.chain(files).collect())
    }

    fn read(&self, name: &str) -> Result<Vec<u8>, String> {
        let path = self.0.path().join(name);
        let file = self.0.get_file(&path);
        file.map(|f| f.contents().to_vec())
            .ok_or_else(|| "is missing from the built-in dataset".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_data_file_has_one_kind_and_one_schema() {
        assert_eq!(
            DataFileKind::of("sources.toml"),
            Some(DataFileKind::Sources)
        );
        assert_eq!(
            DataFileKind::of("dataset.toml"),
            Some(DataFileKind::Dataset)
        );
        assert_eq!(
            DataFileKind::of("partners/turkey.toml"),
            Some(DataFileKind::partner("turkey"))
        );
        assert_eq!(
            DataFileKind::of("events/1994-2003.toml"),
            Some(DataFileKind::Events)
        );
        assert_eq!(DataFileKind::of("events/notes.txt"), None);
        assert_eq!(DataFileKind::of("other.toml"), None);
        assert_eq!(
            DataFileKind::partner("turkey").path().as_deref(),
            Some("partners/turkey.toml")
        );
        assert_eq!(DataFileKind::Events.schema_name(), "events.schema.json");
    }

    #[test]
    fn a_new_event_goes_where_the_file_names_say() {
        let paths = ["areas.toml", "events/1991-1999.toml", "events/2005.toml"];
        let date = |t: &str| t.parse::<PartialDate>().expect("date");
        assert_eq!(
            events_file_for(paths, &date("1995-03")),
            "events/1991-1999.toml"
        );
        assert_eq!(events_file_for(paths, &date("2005")), "events/2005.toml");
        assert_eq!(events_file_for(paths, &date("2024")), "events/2024.toml");
    }

    #[test]
    fn the_built_in_dataset_is_read_like_a_folder() {
        let built_in = DataSource::BuiltIn.files().expect("embedded");
        let folder = DataSource::Folder(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data"))
            .files()
            .expect("readable");
        assert_eq!(built_in, folder);
        assert!(built_in.iter().all(|f| f.kind().is_some()), "{built_in:?}");
    }
}
