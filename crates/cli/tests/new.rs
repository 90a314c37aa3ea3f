//! `attache new`: what is already written survives an added record byte for byte, concurrent
//! runs lose nothing, and files keep (or, when new, get) the permissions they should.

mod util;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use tempfile::TempDir;
use util::{attache, copy, repo};

/// A copy of the minimal fixture to edit.
fn minimal() -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    copy(&repo("").join("tests/fixtures/minimal"), dir.path());
    dir
}

/// The arguments of `attache new event` for a visit with this title in March 1995.
fn visit(title: &str) -> Vec<String> {
    [
        "new",
        "event",
        "--data",
        ".",
        "--date",
        "1995-03",
        "--title",
        title,
        "--summary",
        "Officers visited.",
        "--kind",
        "visit",
        "--area",
        "military",
        "--partner",
        "turkey",
        "--source",
        "fixture-a",
        "--locator",
        "p. 9",
    ]
    .map(str::to_owned)
    .to_vec()
}

/// A file written by hand: comments everywhere, odd spacing, literal strings, a multi-line
/// array and a comment after the last record.
const HAND_WRITTEN: &str = r#"#:schema ../../schema/events.schema.json
# Fixture events up to 1999, formatted by hand.

# ------------------------------------------------------------------ founding
[[event]]
id   = 'founding'          # aligned by hand
date = "1991-10"
title = "Defence ministry established"
summary = """A national defence ministry was created,
before any foreign cooperation began."""
kind = "establishment"
areas = [
    "military",   # the only one
]
partners = []
sources = [{ id = "fixture-a", locator = "Chapter 1, §1, para 1" }]

# More to come: keep this note at the end.
"#;

#[test]
fn an_added_event_leaves_the_file_as_it_was_written() {
    let dir = minimal();
    let path = dir.path().join("events/1991-1999.toml");
    fs::write(&path, HAND_WRITTEN).expect("write");
    attache(dir.path())
        .args(visit("Hand-written file visit"))
        .assert()
        .success();
    let after = fs::read_to_string(&path).expect("read");
    let added = after
        .strip_prefix(HAND_WRITTEN)
        .unwrap_or_else(|| panic!("the file was changed above the new record:\n{after}"));
    assert!(
        added.starts_with("\n[[event]]\nid = \"1995-hand-written-file-visit\"\n"),
        "{added}"
    );
    assert_eq!(added.matches("[[event]]").count(), 1, "{added}");
    attache(dir.path())
        .args(["check", "--data", "."])
        .assert()
        .success();
}

#[test]
fn concurrent_runs_keep_every_record() {
    let dir = minimal();
    let binary = env!("CARGO_BIN_EXE_attache");
    let runs: Vec<_> = (0..10)
        .map(|i| {
            Command::new(binary)
                .current_dir(dir.path())
                .args(visit(&format!("Concurrent visit number {i}")))
                .env_remove("ATTACHE_DATA")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("started")
        })
        .collect();
    for run in runs {
        let out = run.wait_with_output().expect("finished");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let text = fs::read_to_string(dir.path().join("events/1991-1999.toml")).expect("read");
    for i in 0..10 {
        let id = format!("id = \"1995-concurrent-visit-number-{i}\"");
        assert!(text.contains(&id), "{id} lost:\n{text}");
    }
    attache(dir.path())
        .args(["check", "--data", "."])
        .assert()
        .success();
    let leftovers: Vec<_> = fs::read_dir(dir.path().join("events"))
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".attache-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).expect("exists").permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn a_rewritten_file_keeps_its_mode_and_a_new_one_follows_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = minimal();
    let events = dir.path().join("events/1991-1999.toml");
    fs::set_permissions(&events, fs::Permissions::from_mode(0o604)).expect("chmod");
    attache(dir.path())
        .args(visit("Mode kept"))
        .assert()
        .success();
    assert_eq!(mode(&events), 0o604);

    // The child inherits this process's umask: a file it makes directly gets that mode.
    let reference = dir.path().join("reference.txt");
    fs::File::create(&reference).expect("create");
    let mut year = visit("New year file");
    year[5] = "2024".to_owned();
    attache(dir.path()).args(&year).assert().success();
    assert_eq!(mode(&dir.path().join("events/2024.toml")), mode(&reference));
    attache(dir.path())
        .args([
            "new",
            "partner",
            "--data",
            ".",
            "--name",
            "Malta",
            "--kind",
            "state",
            "--relationship",
            "partner",
            "--summary",
            "An island state.",
            "--source",
            "fixture-a",
            "--locator",
            "p. 4",
        ])
        .assert()
        .success();
    assert_eq!(
        mode(&dir.path().join("partners/malta.toml")),
        mode(&reference)
    );
}
