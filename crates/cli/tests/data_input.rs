//! Hostile and careless data folders at the command line: entries that are not data files,
//! text built to exhaust memory, files with many problems at once, escape sequences meant for
//! the terminal, and spans that hold nothing. Each gets a located error, or is printed safely;
//! none hangs, and none has its contents echoed.

mod util;

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use tempfile::TempDir;
use util::{attache, copy, repo};

/// A copy of the minimal fixture, in `data/` under a fresh folder.
fn minimal() -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    copy(&repo("tests/fixtures/minimal"), &dir.path().join("data"));
    dir
}

/// `attache check --data data` in `dir`, with one-line diagnostics: (exit code, standard error).
fn check(dir: &Path, env: &[(&str, &str)]) -> (Option<i32>, String) {
    let output = attache(dir)
        .args(["check", "--data", "data", "--diagnostic-format", "short"])
        .envs(env.iter().copied())
        .timeout(Duration::from_secs(60))
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "attache panicked:\n{stderr}");
    (output.status.code(), stderr)
}

/// Replaces the first `from` in a data file.
fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join("data").join(file);
    let text = fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{from:?} not in {file}");
    fs::write(&path, text.replacen(from, to, 1)).expect("write");
}

// ----------------------------------------------------------------------------- what is read

/// The probe: a FIFO named `*.toml` hung `check`, a link to `/dev/zero` read until memory ran
/// out, and a link to `/proc/self/environ` printed the environment in an error snippet.
#[test]
fn only_regular_files_inside_the_data_folder_are_read() {
    let dir = minimal();
    let data = dir.path().join("data");
    let status = Command::new("mkfifo")
        .arg(data.join("events/fifo.toml"))
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    std::os::unix::fs::symlink("/dev/zero", data.join("events/zero.toml")).expect("symlink");
    std::os::unix::fs::symlink("/proc/self/environ", data.join("events/env.toml"))
        .expect("symlink");
    std::os::unix::fs::symlink("/etc", data.join("events/etc")).expect("symlink");
    // A link that stays inside the folder is read like the file.
    fs::rename(
        data.join("events/2000-2021.toml"),
        data.join("2000-2021.toml.orig"),
    )
    .expect("move");
    std::os::unix::fs::symlink("../2000-2021.toml.orig", data.join("events/2000-2021.toml"))
        .expect("symlink");
    let (code, stderr) = check(dir.path(), &[("ATTACHE_PROBE_SECRET", "hunter2")]);
    assert_eq!(code, Some(1), "{stderr}");
    for expected in [
        "error: events/fifo.toml: is a FIFO, not a regular file",
        "error: events/zero.toml: is a link to a file outside the data folder, which is not read",
        "error: events/env.toml: is a link to a file outside the data folder, which is not read",
        "error: events/etc: is a link to a folder outside the data folder, which is not read",
        "the dataset has 4 problems",
    ] {
        assert!(stderr.contains(expected), "{expected:?} not in:\n{stderr}");
    }
    assert!(
        !stderr.contains("hunter2"),
        "the environment leaked:\n{stderr}"
    );
}

#[test]
fn a_file_larger_than_the_cap_is_refused_before_it_is_read() {
    let dir = minimal();
    let big = fs::File::create(dir.path().join("data/events/big.toml")).expect("create");
    big.set_len(attache_core::MAX_FILE_BYTES + 1)
        .expect("a sparse file");
    let (code, stderr) = check(dir.path(), &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr
            .contains("error: events/big.toml: is larger than 32 MiB; split it into several files"),
        "{stderr}"
    );
}

/// A file with no place in a dataset is named, never parsed: its contents are not shown.
#[test]
fn an_unexpected_file_is_never_echoed() {
    let dir = minimal();
    fs::write(
        dir.path().join("data/secrets.toml"),
        "API_KEY=do-not-print-me\n",
    )
    .expect("write");
    let (code, stderr) = check(dir.path(), &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("error: secrets.toml: unexpected data file"),
        "{stderr}"
    );
    assert!(!stderr.contains("do-not-print-me"), "{stderr}");
}

// ------------------------------------------------------------------------ pathological text

/// The probe: a title of "a" and 8,000 combining graves took 24 s and 6.9 GB, and 16,000
/// aborted on allocation; `check` passed it. It is now refused, located, in milliseconds.
#[test]
fn stacked_combining_marks_are_refused_with_their_location() {
    let dir = minimal();
    let title = format!("a{}", "\u{300}".repeat(16_000));
    edit(
        dir.path(),
        "events/2000-2021.toml",
        "title = \"Staff officer course with NATO instructors\"",
        &format!("title = \"{title}\""),
    );
    let (code, stderr) = check(dir.path(), &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "events/2000-2021.toml:51:9: error: a character here is built from 16001 code points; at most 16 are allowed"
        ),
        "{}",
        stderr.chars().take(400).collect::<String>()
    );
    let output = attache(dir.path())
        .args([
            "report", "partner", "nato", "--data", "data", "-o", "nato.pdf",
        ])
        .timeout(Duration::from_secs(60))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(!dir.path().join("nato.pdf").exists());
}

// ------------------------------------------------------------------ every problem in one run

/// The probe's four cases at once: a duplicate key, a record with six bad fields (and
/// references never checked), a file that is not UTF-8, a duplicate key in `sources.toml`.
#[test]
fn every_problem_is_reported_in_one_run() {
    let dir = minimal();
    edit(
        dir.path(),
        "sources.toml",
        "kind = \"article\"\n",
        "kind = \"article\"\nkind = \"book\"\n",
    );
    edit(
        dir.path(),
        "events/1991-1999.toml",
        "title = \"Defence ministry established\"\n",
        "title = \"Defence ministry established\"\ntitle = \"Set up\"\n",
    );
    let mut events = fs::read(dir.path().join("data/events/2000-2021.toml")).expect("read");
    events.extend_from_slice(
        b"\n[[event]]\nid = \"Bad Id\"\ndate = 2022\ntitel = \"x\"\nsummary = [\"x\"]\nkind = \"nonsense\"\nareas = \"militry\"\npartners = [\"nobody\"]\nsources = [{ id = \"nothing\", locator = \"\" }]\nlocation = \"Caf\xe9\"\n",
    );
    fs::write(dir.path().join("data/events/2000-2021.toml"), events).expect("write");
    let (code, stderr) = check(dir.path(), &[]);
    assert_eq!(code, Some(1), "{stderr}");
    let expected = [
        "events/1991-1999.toml:7:1: error: duplicate key `title`",
        "events/2000-2021.toml:60:6: error: `Bad Id` is not a valid event id",
        "events/2000-2021.toml:61:8: error: invalid type: integer `2022`, expected a string",
        "events/2000-2021.toml:62:1: error: unknown field `titel`",
        "events/2000-2021.toml:63:11: error: invalid type: sequence, expected a string",
        "events/2000-2021.toml:64:8: error: unknown event kind `nonsense`",
        "events/2000-2021.toml:65:9: error: invalid type: string \"militry\", expected a sequence",
        "events/2000-2021.toml:65:9: error: unknown area `militry`",
        "events/2000-2021.toml:66:13: error: unknown partner `nobody`",
        "events/2000-2021.toml:67:19: error: unknown source `nothing`",
        "events/2000-2021.toml:67:40: error: `locator` must not be empty",
        "events/2000-2021.toml:68:16: error: the file is not UTF-8 text",
        "sources.toml:10:1: error: duplicate key `kind`",
        "the dataset has 13 problems",
    ];
    for line in expected {
        assert!(stderr.contains(line), "{line:?} not in:\n{stderr}");
    }
    assert!(!stderr.contains("unknown source `fixture-a`"), "{stderr}");
}

// ---------------------------------------------------------------------------- the terminal

/// The probe: `show` and `list` printed raw ESC and OSC sequences from data to the terminal.
#[test]
fn show_list_and_check_never_print_escape_sequences() {
    let dir = minimal();
    edit(
        dir.path(),
        "events/2000-2021.toml",
        "title = \"Staff officer course with NATO instructors\"",
        "title = \"Staff\\u001b]0;pwned\\u0007 course\\u001b[31m red\\u009b2J\"",
    );
    for args in [
        &["show", "nato-2021-staff-course"][..],
        &["list", "events"],
        &["list", "events", "--partner", "nato", "--format", "table"],
    ] {
        let assert = attache(dir.path())
            .args(args)
            .args(["--data", "data"])
            .assert()
            .success();
        let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
        assert!(
            stdout.contains("Staff\u{FFFD}]0;pwned\u{FFFD} course\u{FFFD}[31m red\u{FFFD}2J"),
            "{args:?}:\n{stdout}"
        );
        assert!(
            !stdout.contains(['\u{1b}', '\u{7}', '\u{9b}']),
            "{args:?}:\n{stdout}"
        );
    }
    // Machines get the data as it is: escaped in JSON, exact in CSV sent down a pipe.
    let assert = attache(dir.path())
        .args(["list", "events", "--format", "csv", "--data", "data"])
        .assert()
        .success();
    let csv = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(csv.contains("Staff\u{1b}]0;pwned"), "{csv}");
    // And in a diagnostic that quotes the line.
    let path = dir.path().join("data/events/2000-2021.toml");
    let mut text = fs::read(&path).expect("read");
    text.extend_from_slice(b"\nbroken = \"\x1b]0;pwned\x07\"\n");
    fs::write(&path, text).expect("write");
    let output = attache(dir.path())
        .args(["check", "--data", "data"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(stderr.contains("\u{FFFD}]0;pwned\u{FFFD}"), "{stderr}");
    assert!(!stderr.contains(['\u{1b}', '\u{7}']), "{stderr}");
}

// ----------------------------------------------------------------------------- empty reports

/// The probe: `9999..` wrote an empty one-page report with exit 0.
#[test]
fn a_span_that_holds_nothing_is_an_error() {
    let dir = TempDir::new().expect("temp dir");
    for span in ["9999..", "1700..1710"] {
        let output = attache(dir.path())
            .args(["report", "period", span, "-o", "empty.pdf"])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(2), "{span}");
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(
            stderr.contains(&format!("no event or figure falls in `{span}`")),
            "{stderr}"
        );
    }
    assert!(!dir.path().join("empty.pdf").exists());
}
