//! The Typst `World` attache compiles in: the generated source as a virtual main file, other
//! files only from inside the templates folder, the dataset snapshot from memory, the embedded fonts, no packages, a fixed date.

use std::sync::{Arc, LazyLock};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Dict, Duration, IntoValue};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::files::{FileLoader, FileStore};
use typst_kit::fonts::FontStore;

use crate::folder::{Refusal, TemplatesFolder};

/// The embedded fonts, parsed once per process and shared by every compilation.
static FONTS: LazyLock<FontStore> = LazyLock::new(|| {
    let mut store = FontStore::new();
    store.extend(typst_kit::fonts::embedded());
    store
});

/// The standard library, built once. Its `sys.inputs` tell the built-in templates that links
/// to labels may be written as addresses, which [`super::links`] points at their labels after
/// layout (another Typst compiler, without the input, gets links that find their labels).
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| {
    let mut inputs = Dict::new();
    inputs.insert(super::links::INPUT.into(), super::links::LATE.into_value());
    LazyHash::new(Library::builder().with_inputs(inputs).build())
});

/// The virtual path of the generated document.
pub(crate) const MAIN_PATH: &str = "/main.typ";

/// Serves files to Typst from the templates folder only.
#[derive(Debug, Clone)]
pub(crate) struct TemplateFiles {
    /// The user's templates folder; `None` when only built-ins are used.
    folder: Option<TemplatesFolder>,
}

impl TemplateFiles {
    pub(crate) fn new(folder: Option<TemplatesFolder>) -> Self {
        Self { folder }
    }
}

impl FileLoader for TemplateFiles {
    fn load(&self, id: FileId) -> FileResult<Bytes> {
        let refused = |why: &dyn std::fmt::Display| {
            FileError::Other(Some(
                format!("{} refused: {why}", id.vpath().get_with_slash()).into(),
            ))
        };
        if let VirtualRoot::Package(spec) = id.root() {
            return Err(FileError::Other(Some(
                format!("package {spec} refused: attache renders offline and loads no packages")
                    .into(),
            )));
        }
        let Some(folder) = &self.folder else {
            return Err(refused(
                &"only files inside a templates folder (--templates) can be read",
            ));
        };
        // `realize` stops `..`; the folder stops links that lead outside and special files.
        let path = id
            .vpath()
            .realize(folder.root())
            .map_err(FileError::Realize)?;
        let real = match folder.check(&path) {
            Ok(real) => real,
            Err(Refusal::Missing) => return Err(FileError::NotFound(path)),
            Err(Refusal::NotAFile("a folder")) => return Err(FileError::IsDirectory),
            Err(Refusal::Unreadable(e)) => return Err(FileError::from_io(e, &path)),
            Err(why) => return Err(refused(&why)),
        };
        std::fs::read(&real)
            .map(Bytes::new)
            .map_err(|e| FileError::from_io(e, &real))
    }
}

/// The virtual path the dataset snapshot is served at, from memory, for `pdf.attach`.
pub(crate) const SNAPSHOT_PATH: &str = "/attache-snapshot.json";

/// One compilation's world.
pub(crate) struct AttacheWorld {
    main: Source,
    files: Arc<FileStore<TemplateFiles>>,
    today: Datetime,
    /// The snapshot the document attaches, served at [`SNAPSHOT_PATH`] ahead of any file of
    /// the templates folder.
    snapshot: Option<(FileId, Bytes)>,
}

impl AttacheWorld {
    pub(crate) fn new(
        source: String,
        files: Arc<FileStore<TemplateFiles>>,
        today: Datetime,
    ) -> Self {
        let id = main_id();
        Self {
            main: Source::new(id, source),
            files,
            today,
            snapshot: None,
        }
    }

    /// Serves `json` at [`SNAPSHOT_PATH`].
    pub(crate) fn with_snapshot(mut self, json: &str) -> Self {
        let path = VirtualPath::new(SNAPSHOT_PATH).expect("a valid absolute virtual path");
        let id = RootedPath::new(VirtualRoot::Project, path).intern();
        self.snapshot = Some((id, Bytes::from_string(json.to_owned())));
        self
    }
}

pub(crate) fn main_id() -> FileId {
    let path = VirtualPath::new(MAIN_PATH).expect("a valid absolute virtual path");
    RootedPath::new(VirtualRoot::Project, path).intern()
}

impl World for AttacheWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        FONTS.book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            self.files.source(id)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            Ok(Bytes::from_string(self.main.text().to_owned()))
        } else if let Some((_, bytes)) = self.snapshot.as_ref().filter(|(own, _)| *own == id) {
            Ok(bytes.clone())
        } else {
            self.files.file(id)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
