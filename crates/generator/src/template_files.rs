//! The template files: the built-in ones embedded in the binary, and a user's templates folder
//! that overrides them file by file. Templates and label sets are both found here; every read
//! from the user's folder goes through `TemplatesFolder`, which keeps it inside the folder.

use std::path::{Path, PathBuf};

use attache_core::Diagnostic;
use include_dir::{Dir, include_dir};
use minijinja::{Error, ErrorKind};

use crate::folder::{Refusal, TemplatesFolder};

/// The built-in templates, from the repository's `templates/` folder.
static BUILT_IN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../templates");

/// Where a template comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateOrigin {
    /// The user's templates folder.
    User(PathBuf),
    /// Built into attache.
    BuiltIn,
}

/// The built-in template files (templates, label sets, `briefing.toml`), as (name, text),
/// in name order.
pub fn built_in() -> Vec<(&'static str, &'static str)> {
    let mut files = Vec::new();
    collect(&BUILT_IN, &mut files);
    files.sort_unstable();
    files
}

/// The built-in files that are not text, as (name, bytes): the reference document of Word
/// output, `reference.docx`.
pub fn built_in_binary() -> Vec<(&'static str, &'static [u8])> {
    let mut files: Vec<_> = BUILT_IN
        .files()
        .filter(|f| f.contents_utf8().is_none())
        .filter_map(|f| Some((f.path().to_str()?, f.contents())))
        .collect();
    files.sort_unstable();
    files
}

fn collect(dir: &'static Dir<'static>, files: &mut Vec<(&'static str, &'static str)>) {
    files.extend(
        dir.files()
            .filter_map(|f| Some((f.path().to_str()?, f.contents_utf8()?))),
    );
    for sub in dir.dirs() {
        collect(sub, files);
    }
}

/// A file in a user's templates folder, as `attache templates list` shows it.
#[derive(Debug)]
pub struct UserFile {
    /// Its name relative to the folder, with `/`.
    pub name: String,
    /// Its text, or why a render would not read it (a link out of the folder, a FIFO).
    pub text: Result<String, String>,
}

/// Every file in a user's templates folder, in name order, read the way a render reads them:
/// links that leave the folder and files that are not regular files are refused, not opened.
pub fn user_files(dir: &Path) -> Result<Vec<UserFile>, Diagnostic> {
    let cannot = |e: std::io::Error| {
        Diagnostic::error(format!(
            "cannot read the templates folder {}: {e}",
            dir.display()
        ))
    };
    let folder = TemplatesFolder::open(dir).map_err(cannot)?;
    Ok(folder
        .entries()
        .map_err(cannot)?
        .into_iter()
        .map(|(name, found)| {
            // A reference document is read as a whole by DOCX output, not as text.
            let binary = name.ends_with(".docx");
            UserFile {
                text: found.map_err(|why| why.to_string()).and_then(|path| {
                    if binary {
                        Ok(String::new())
                    } else {
                        std::fs::read_to_string(path).map_err(|e| e.to_string())
                    }
                }),
                name,
            }
        })
        .collect())
}

/// What a template file is for: the first sentence of its opening comment.
pub fn purpose(name: &str, text: &str) -> String {
    if name.ends_with(".docx") {
        return "the styles of Word output (--format docx), as Word's reference document"
            .to_owned();
    }
    let comment: String = if text.starts_with("{#") {
        text.split("#}")
            .next()
            .unwrap_or_default()
            .trim_start_matches("{#")
            .trim_end_matches('-')
            .to_owned()
    } else {
        text.lines()
            .take_while(|l| l.starts_with('#'))
            .map(|l| l.trim_start_matches('#'))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let comment = comment
        .trim_start_matches('-')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let comment = comment
        .strip_prefix(name)
        .map_or(comment.as_str(), |rest| rest.trim_start_matches(':').trim());
    let sentence = comment.split(". ").next().unwrap_or(comment);
    sentence.trim_end_matches('.').to_owned()
}

/// Finds a template by name: the user's folder first, then the built-ins.
#[derive(Debug, Clone)]
pub(crate) struct TemplateSource {
    user: Option<TemplatesFolder>,
}

impl TemplateSource {
    pub(crate) fn new(user: Option<TemplatesFolder>) -> Self {
        Self { user }
    }

    /// The text of a template and where it came from. A name that leaves the user's folder,
    /// by `..`, an absolute path or a symbolic link, is refused rather than looked up.
    pub(crate) fn load(&self, name: &str) -> Result<Option<(String, TemplateOrigin)>, Error> {
        let refused = |why: &dyn std::fmt::Display| {
            Error::new(
                ErrorKind::InvalidOperation,
                format!("template name `{name}` refused: {why}"),
            )
        };
        if name
            .split(['/', '\\'])
            .any(|part| part == ".." || part.is_empty())
            || Path::new(name).is_absolute()
        {
            return Err(refused(
                &"templates are loaded only from inside the templates folder",
            ));
        }
        if let Some(folder) = &self.user {
            match folder.resolve(name) {
                Ok(path) => {
                    let text = std::fs::read_to_string(&path).map_err(|e| {
                        Error::new(
                            ErrorKind::InvalidOperation,
                            format!("cannot read {}: {e}", path.display()),
                        )
                    })?;
                    return Ok(Some((text, TemplateOrigin::User(path))));
                }
                Err(Refusal::Missing) => {}
                Err(why) => return Err(refused(&why)),
            }
        }
        Ok(BUILT_IN
            .get_file(name)
            .and_then(|f| f.contents_utf8())
            .map(|t| (t.to_owned(), TemplateOrigin::BuiltIn)))
    }
}
