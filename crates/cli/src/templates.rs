//! `attache templates`: writing the built-in templates out for customisation, and listing
//! which templates a render would use.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};
use attache_core::Diagnostic;
use attache_generator::{
    UserFile, built_in_binary_templates, built_in_templates, template_purpose, user_templates,
};

use crate::output;

/// Writes every built-in file into `dir` (the reference document of Word output among
/// them); refuses to overwrite without `force`.
pub(crate) fn init(dir: &Path, force: bool) -> Result<ExitCode> {
    let files: Vec<(&str, &[u8])> = built_in_templates()
        .into_iter()
        .map(|(name, text)| (name, text.as_bytes()))
        .chain(built_in_binary_templates())
        .collect();
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
    for (name, bytes) in &files {
        output::write_atomic(&dir.join(name), bytes)?;
    }
    crate::ui::info(format!(
        "wrote {} files to {}\nnext: edit them, then run `attache report partner turkey --templates {}`",
        files.len(),
        dir.display(),
        dir.display()
    ));
    Ok(ExitCode::SUCCESS)
}

/// Lists the built-in files and the user's overrides and additions. Files a render would
/// refuse (a link out of the folder, a FIFO) are listed with the reason, never opened.
pub(crate) fn list(dir: Option<&Path>) -> Result<ExitCode> {
    let built_in: Vec<(&str, &str)> = built_in_templates()
        .into_iter()
        .chain(
            built_in_binary_templates()
                .into_iter()
                .map(|(name, _)| (name, "")),
        )
        .collect();
    let user = dir.map(user_templates).transpose()?.unwrap_or_default();
    let row = |file: &UserFile, origin: &'static str| match &file.text {
        Ok(text) => (
            file.name.clone(),
            origin,
            template_purpose(&file.name, text),
        ),
        Err(why) => (file.name.clone(), "refused", why.clone()),
    };
    let mut rows: Vec<(String, &str, String)> = built_in
        .iter()
        .map(|(name, text)| match user.iter().find(|f| f.name == *name) {
            Some(file) => row(file, "your folder"),
            None => ((*name).to_owned(), "built in", template_purpose(name, text)),
        })
        .collect();
    rows.extend(
        user.iter()
            .filter(|f| !built_in.iter().any(|(b, _)| *b == f.name))
            .map(|f| row(f, "your folder (extra)")),
    );
    let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    let listing: String = rows
        .into_iter()
        .map(|(name, origin, purpose)| format!("{name:width$}  {origin:<19}  {purpose}\n"))
        .collect();
    output::stdout(&output::printable(&listing))?;
    Ok(ExitCode::SUCCESS)
}
