//! Helpers shared by the end-to-end tests: running the binary in a clean environment,
//! reading PDFs back as text, and finding the repository's fixtures.

#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// `attache`, run in `dir`, with a fixed document date and none of the user's settings.
pub(crate) fn attache(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("attache").expect("binary built");
    cmd.current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .env_remove("ATTACHE_DATA")
        .env_remove("ATTACHE_TEMPLATES")
        .env_remove("ATTACHE_CONFIG");
    cmd
}

/// A path inside the repository.
pub(crate) fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

/// The text of a PDF with runs of whitespace folded to one space.
pub(crate) fn pdf_text(path: &Path) -> String {
    let bytes = fs::read(path).expect("PDF written");
    assert!(
        bytes.starts_with(b"%PDF-"),
        "{} is not a PDF",
        path.display()
    );
    let text = pdf_extract::extract_text_from_mem(&bytes).expect("PDF text extracts");
    fold_whitespace(&text)
}

/// Runs of whitespace folded to one space.
pub(crate) fn fold_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Copies a folder tree.
pub(crate) fn copy(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("readable") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy(&path, &target);
        } else {
            fs::copy(&path, &target).expect("copy");
        }
    }
}
