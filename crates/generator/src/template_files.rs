//! The template files: the built-in ones embedded in the binary, and a user's templates folder
//! that overrides them file by file. Templates and label sets are both found here.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use minijinja::{Error, ErrorKind};

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

fn collect(dir: &'static Dir<'static>, files: &mut Vec<(&'static str, &'static str)>) {
    files.extend(
        dir.files()
            .filter_map(|f| Some((f.path().to_str()?, f.contents_utf8()?))),
    );
    for sub in dir.dirs() {
        collect(sub, files);
    }
}

/// What a template file is for: the first sentence of its opening comment.
pub fn purpose(name: &str, text: &str) -> String {
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
    user_dir: Option<PathBuf>,
}

impl TemplateSource {
    pub(crate) fn new(user_dir: Option<&Path>) -> Self {
        Self {
            user_dir: user_dir.map(Path::to_path_buf),
        }
    }

    /// The text of a template and where it came from.
    pub(crate) fn load(&self, name: &str) -> Result<Option<(String, TemplateOrigin)>, Error> {
        if name
            .split(['/', '\\'])
            .any(|part| part == ".." || part.is_empty())
            || Path::new(name).is_absolute()
        {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                format!(
                    "template name `{name}` refused: templates are loaded only from inside the templates folder"
                ),
            ));
        }
        if let Some(dir) = &self.user_dir {
            let path = dir.join(name);
            if path.is_file() {
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    Error::new(
                        ErrorKind::InvalidOperation,
                        format!("cannot read {}: {e}", path.display()),
                    )
                })?;
                return Ok(Some((text, TemplateOrigin::User(path))));
            }
        }
        Ok(BUILT_IN
            .get_file(name)
            .and_then(|f| f.contents_utf8())
            .map(|t| (t.to_owned(), TemplateOrigin::BuiltIn)))
    }
}
