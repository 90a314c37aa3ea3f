//! `git:REV[:PATH]`: a dataset folder as a git revision holds it, read from the repository's
//! objects with gix (no checkout, no `git` program): every `.toml` file below PATH in REV's
//! tree, as a folder walk would give them.

use std::path::Path;

use anyhow::{Context, Result, bail};
use attache_core::{DataFile, Diagnostic, ReadFiles};

/// The data files of `spec` (`REV` or `REV:PATH`, after `git:`). Without a PATH, `default`
/// names the folder (relative to the repository's top) to read; the repository is the one
/// the current folder is in.
pub(crate) fn read(spec: &str, default: Option<&Path>) -> Result<ReadFiles> {
    let repo = gix::discover(".").map_err(|e| {
        Diagnostic::error(format!(
            "`git:{spec}`: the current folder is in no git repository: {e}"
        ))
        .with_hint("run attache inside the repository that holds the dataset")
    })?;
    let (rev, path) = match spec.split_once(':') {
        Some((rev, path)) => (rev, path.trim_matches('/').to_owned()),
        None => (spec, folder_in(&repo, default)?),
    };
    let id = repo.rev_parse_single(rev).map_err(|e| {
        Diagnostic::error(format!("`git:{spec}`: no revision `{rev}`: {e}"))
            .with_hint("give a commit, branch or tag, such as HEAD~1, main or v1.0")
    })?;
    let mut tree = (id.object())
        .and_then(|o| o.peel_to_tree())
        .with_context(|| format!("cannot read the tree of `{rev}`"))?;
    if !path.is_empty() {
        let entry = tree
            .lookup_entry_by_path(&path)
            .with_context(|| format!("cannot read `{path}` at `{rev}`"))?;
        let Some(entry) = entry.filter(|e| e.mode().is_tree()) else {
            bail!(
                Diagnostic::error(format!("`{rev}` has no folder `{path}`"))
                    .with_hint("write the folder relative to the repository's top: git:REV:data")
            );
        };
        tree = entry.object()?.peel_to_tree()?;
    }
    let mut read = ReadFiles::default();
    walk(&tree, "", &mut read)?;
    read.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(read)
}

/// `default` relative to the repository's top, "" for the top itself or no default.
fn folder_in(repo: &gix::Repository, default: Option<&Path>) -> Result<String> {
    let (Some(top), Some(folder)) = (repo.workdir(), default) else {
        return Ok(String::new());
    };
    let (top, folder) = (top.canonicalize()?, folder.canonicalize()?);
    let relative = folder.strip_prefix(&top).map_err(|_| {
        Diagnostic::error(format!("{} is not inside the repository", folder.display()))
            .with_hint("name the folder: git:REV:PATH")
    })?;
    Ok(relative.to_string_lossy().replace('\\', "/"))
}

/// Every `.toml` blob below `tree`, with its path from the dataset folder.
fn walk(tree: &gix::Tree<'_>, prefix: &str, read: &mut ReadFiles) -> Result<()> {
    for entry in tree.iter() {
        let entry = entry?;
        let path = format!("{prefix}{}", entry.filename());
        if entry.mode().is_tree() {
            walk(&entry.object()?.peel_to_tree()?, &format!("{path}/"), read)?;
        } else if entry.mode().is_blob() && path.ends_with(".toml") {
            let blob = entry.object()?;
            match String::from_utf8(blob.data.clone()) {
                Ok(text) => read.files.push(DataFile { path, text }),
                Err(_) => read
                    .problems
                    .push(Diagnostic::file(&path, "this data file is not UTF-8 text")),
            }
        }
    }
    Ok(())
}
