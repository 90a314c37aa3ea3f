//! Parts of a long chronology laid out in worker processes (copies of `attache` run as
//! `layout-worker`): the same bytes as parts laid out in this process, and a worker process
//! that dies is a clear error, not a hang or a half-written file.
#![cfg(unix)]

mod util;

use std::num::NonZeroUsize;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use attache_core::{Dataset, Diagnostics, EventFilter};
use attache_generator::{Briefing, Format, Generator, Output, PdfStandards, Report, Request};
use chrono::NaiveDate;
use tempfile::TempDir;

/// A generator laying chronologies of over 100 events out in parts, two at a time.
fn generator() -> Generator {
    let briefing = Briefing::new(NaiveDate::from_ymd_opt(2026, 1, 1).expect("a real date"));
    Generator::new(None, briefing)
        .expect("built-in templates")
        .parts_above(100)
        .jobs(NonZeroUsize::new(2).expect("not zero"))
}

/// The chronology's PDF as `generator` makes it into `dir`.
fn chronology(
    generator: &Generator,
    dataset: &Dataset,
    dir: &Path,
) -> Result<Vec<u8>, Diagnostics> {
    let request = Request {
        report: Report::Chronology(EventFilter::default()),
        format: Format::Pdf(PdfStandards::NONE),
        output: Output::Folder(dir.to_owned()),
    };
    let generated = generator.generate(dataset, &request)?;
    Ok(std::fs::read(&generated.files[0]).expect("written"))
}

/// A shell script that notes each start in `log`, then runs `body`.
fn script(dir: &Path, log: &Path, body: &str) -> PathBuf {
    let path = dir.join("worker.sh");
    let text = format!("#!/bin/sh\necho started >> '{}'\n{body}\n", log.display());
    std::fs::write(&path, text).expect("script written");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("executable");
    path
}

fn synthetic(dir: &Path) -> Dataset {
    let data = dir.join("synthetic");
    xtask::synth(700, 12, 3, &data).expect("synthetic dataset");
    Dataset::load_dir(&data).expect("synthetic dataset valid")
}

#[test]
fn parts_laid_out_in_worker_processes_give_the_bytes_laid_out_in_this_one() {
    let dir = TempDir::new().expect("temp dir");
    let dataset = synthetic(dir.path());
    let log = dir.path().join("starts.log");
    let attache = env!("CARGO_BIN_EXE_attache");
    let program = script(dir.path(), &log, &format!("exec '{attache}' \"$@\""));

    let here = dir.path().join("here");
    let there = dir.path().join("there");
    std::fs::create_dir_all(&here).expect("folder");
    std::fs::create_dir_all(&there).expect("folder");
    let in_threads = chronology(&generator(), &dataset, &here).expect("laid out here");
    let in_workers = chronology(&generator().layout_workers(program), &dataset, &there)
        .expect("laid out in workers");
    assert!(in_threads == in_workers, "the PDFs differ");

    // Two workers for the body's parts and two for the back's.
    let starts = std::fs::read_to_string(&log).expect("the workers started");
    assert_eq!(starts.lines().count(), 4, "{starts}");
}

#[test]
fn a_worker_process_that_dies_is_a_clear_error() {
    let dir = TempDir::new().expect("temp dir");
    let dataset = synthetic(dir.path());
    let log = dir.path().join("starts.log");
    let program = script(dir.path(), &log, "exit 3");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).expect("folder");

    let failed = chronology(&generator().layout_workers(program), &dataset, &out)
        .expect_err("no worker answers");
    let problem = &failed.0[0];
    assert!(
        problem
            .message
            .starts_with("a layout worker process stopped"),
        "{problem:?}"
    );
    assert!(
        problem.hints.iter().any(|h| h.contains("-j 1")),
        "{problem:?}"
    );
    assert_eq!(
        std::fs::read_dir(&out).expect("folder").count(),
        0,
        "a file was left"
    );
}

#[test]
fn a_layout_worker_given_anything_else_than_parts_says_so() {
    let dir = TempDir::new().expect("temp dir");
    util::attache(dir.path())
        .arg(attache_generator::LAYOUT_WORKER)
        .write_stdin("what is this?\n")
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "the layout worker lost touch with attache",
        ));
    // Given nothing at all, it has nothing to do.
    util::attache(dir.path())
        .arg(attache_generator::LAYOUT_WORKER)
        .write_stdin("")
        .assert()
        .success()
        .stdout("");
}
