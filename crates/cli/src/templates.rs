//! `attache templates`: writing the built-in templates out for customisation, and listing
//! which templates a render would use.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};
use attache_core::Diagnostic;
use attache_generator::{built_in_templates, template_purpose};

use crate::output;

/// Writes every built-in file into `dir`; refuses to overwrite without `force`.
pub(crate) fn init(dir: &Path, force: bool) -> Result<ExitCode> {
    let files = built_in_templates();
    let existing: Vec<&str> = files
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| dir.join(name).exists())
        .collect();
    if !existing.is_empty() && !force {
        bail!(
            Diagnostic::error(format!(
                "{} already holds {}; nothing was written",
                dir.display(),
                existing.join(", ")
            ))
            .with_hint("pass --force to overwrite them, or choose an empty folder")
        );
    }
    for (name, text) in &files {
        output::write_atomic(&dir.join(name), text.as_bytes())?;
    }
    crate::ui::info(format!(
        "wrote {} files to {}\nnext: edit them, then run `attache report partner turkey --templates {}`",
        files.len(),
        dir.display(),
        dir.display()
    ));
    Ok(ExitCode::SUCCESS)
}

/// Lists the built-in files and the user's overrides and additions.
pub(crate) fn list(dir: Option<&Path>) -> Result<ExitCode> {
    let built_in = built_in_templates();
    let mut rows: Vec<(String, &str, String)> = built_in
        .iter()
        .map(|(name, text)| {
            let user = dir.map(|d| d.join(name)).filter(|p| p.is_file());
            let purpose = match &user {
                Some(path) => std::fs::read_to_string(path)
                    .map(|t| template_purpose(name, &t))
                    .unwrap_or_default(),
                None => template_purpose(name, text),
            };
            (
                (*name).to_owned(),
                if user.is_some() {
                    "your folder"
                } else {
                    "built in"
                },
                purpose,
            )
        })
        .collect();
    if let Some(dir) = dir {
        for entry in walk(dir)? {
            let name = entry
                .strip_prefix(dir)
                .unwrap_or(&entry)
                .to_string_lossy()
                .replace('\\', "/");
            if !built_in.iter().any(|(b, _)| *b == name) {
                let purpose = std::fs::read_to_string(&entry)
                    .map(|t| template_purpose(&name, &t))
                    .unwrap_or_default();
                rows.push((name, "your folder (extra)", purpose));
            }
        }
    }
    let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    for (name, origin, purpose) in rows {
        println!("{name:width$}  {origin:<19}  {purpose}");
    }
    Ok(ExitCode::SUCCESS)
}

fn walk(dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files.extend(walk(&path)?);
        } else {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}
