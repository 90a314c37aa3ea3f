//! Where outputs land and what they replace: links are written through, special files written
//! into and never replaced, page sets replaced as a whole, inputs never overwritten, and every
//! file made with the permissions the umask gives (or, when replaced, the ones it had).

mod util;

use std::fs;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Stdio};

use tempfile::TempDir;
use util::{attache, copy, repo};

/// Files attache left behind while writing (`.attache-*` temporaries).
fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".attache-"))
        .collect()
}

fn stderr_of(output: &std::process::Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "attache panicked:\n{stderr}");
    stderr
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).expect("exists").permissions().mode() & 0o777
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Whether this process may make device nodes (it runs as root).
fn can_make_devices(dir: &Path) -> bool {
    Command::new("mknod")
        .arg(dir.join("probe"))
        .args(["c", "1", "3"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
        && fs::remove_file(dir.join("probe")).is_ok()
}

// --------------------------------------------------------------------- links and special files

#[test]
fn a_link_given_to_o_is_written_through() {
    let dir = TempDir::new().expect("temp dir");
    fs::create_dir(dir.path().join("archive")).expect("mkdir");
    fs::write(dir.path().join("archive/brief.typ"), "old").expect("write");
    std::os::unix::fs::symlink("archive/brief.typ", dir.path().join("latest.typ"))
        .expect("symlink");
    attache(dir.path())
        .args([
            "report",
            "partner",
            "georgia",
            "--format",
            "typ",
            "-o",
            "latest.typ",
        ])
        .assert()
        .success();
    let link = fs::symlink_metadata(dir.path().join("latest.typ")).expect("still there");
    assert!(link.file_type().is_symlink(), "the link was replaced");
    let text = fs::read_to_string(dir.path().join("archive/brief.typ")).expect("read");
    assert!(text.contains("Georgia"), "the target was not written");
    assert!(leftovers(dir.path()).is_empty() && leftovers(&dir.path().join("archive")).is_empty());
}

#[test]
fn a_fifo_given_to_o_is_written_into_not_replaced() {
    let dir = TempDir::new().expect("temp dir");
    let fifo = dir.path().join("pipe.pdf");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read(fifo).expect("read from the FIFO"))
    };
    let output = attache(dir.path())
        .args(["report", "partner", "georgia", "-o", "pipe.pdf"])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr_of(&output));
    let bytes = reader.join().expect("reader finished");
    assert!(bytes.starts_with(b"%PDF-"), "the FIFO got no PDF");
    assert!(
        fs::symlink_metadata(&fifo)
            .expect("there")
            .file_type()
            .is_fifo(),
        "the FIFO was replaced by a regular file"
    );
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn devices_are_written_into_and_never_replaced() {
    let dir = TempDir::new().expect("temp dir");
    attache(dir.path())
        .args(["report", "partner", "georgia", "-o", "/dev/null"])
        .assert()
        .success();
    assert!(
        fs::metadata("/dev/null")
            .expect("there")
            .file_type()
            .is_char_device()
    );
    if !can_make_devices(dir.path()) {
        eprintln!("not root: the /dev/full case is left out");
        return;
    }
    // The probe: `mknod p/full c 1 7` once became a regular file.
    fs::create_dir(dir.path().join("p")).expect("mkdir");
    let status = Command::new("mknod")
        .arg(dir.path().join("p/full"))
        .args(["c", "1", "7"])
        .status()
        .expect("mknod runs");
    assert!(status.success());
    let output = attache(dir.path())
        .args(["report", "partner", "georgia", "-o", "p/full"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_of(&output);
    assert!(stderr.contains("cannot write p/full"), "{stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
    let device = fs::symlink_metadata(dir.path().join("p/full")).expect("there");
    assert!(
        device.file_type().is_char_device(),
        "the device was replaced"
    );
    assert!(leftovers(&dir.path().join("p")).is_empty());
}

#[test]
fn dev_stdout_is_standard_output_wherever_it_goes() {
    let dir = TempDir::new().expect("temp dir");
    // Into a pipe.
    let assert = attache(dir.path())
        .args([
            "report",
            "partner",
            "georgia",
            "--format",
            "typ",
            "-q",
            "-o",
            "/dev/stdout",
        ])
        .assert()
        .success();
    let piped = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(piped.contains("Georgia"), "{piped}");
    // Into a file the shell opened for appending: what was there stays.
    let log = dir.path().join("log.typ");
    fs::write(&log, "// kept\n").expect("write");
    let file = fs::OpenOptions::new()
        .append(true)
        .open(&log)
        .expect("open");
    let status = Command::new(env!("CARGO_BIN_EXE_attache"))
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .env_remove("ATTACHE_DATA")
        .env_remove("ATTACHE_TEMPLATES")
        .env_remove("ATTACHE_CONFIG")
        .args([
            "report",
            "partner",
            "georgia",
            "--format",
            "typ",
            "-q",
            "-o",
            "/dev/stdout",
        ])
        .stdout(file)
        .status()
        .expect("runs");
    assert!(status.success());
    let text = fs::read_to_string(&log).expect("read");
    assert!(
        text.starts_with("// kept\n") && text.contains("Georgia"),
        "{text}"
    );
    assert!(
        !fs::symlink_metadata("/dev/stdout")
            .expect("there")
            .is_file()
    );
}

// ------------------------------------------------------------------------------------ page sets

/// The PNG pages of a render, by name.
fn pages(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("g-") && n.ends_with(".png"))
        .collect();
    names.sort();
    names
}

#[test]
fn a_page_set_is_replaced_as_a_whole() {
    let dir = TempDir::new().expect("temp dir");
    let render = |templates: Option<&Path>| {
        let mut cmd = attache(dir.path());
        cmd.args([
            "report", "partner", "georgia", "--format", "png", "--ppi", "20", "-o", "g.png",
        ]);
        if let Some(t) = templates {
            cmd.arg("--templates").arg(t);
        }
        cmd.output().expect("runs")
    };
    assert!(render(None).status.success());
    let first = pages(dir.path());
    assert!(first.len() >= 2, "{first:?}");

    // A page that cannot take its place (a folder is there) leaves every old page as it was.
    let last = dir.path().join(first.last().expect("a page"));
    fs::remove_file(&last).expect("remove");
    fs::create_dir(&last).expect("mkdir");
    fs::write(dir.path().join("g-1.png"), "old page 1").expect("write");
    let failed = render(None);
    assert_eq!(failed.status.code(), Some(2), "{}", stderr_of(&failed));
    assert_eq!(
        fs::read(dir.path().join("g-1.png")).expect("kept"),
        b"old page 1"
    );
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
    fs::remove_dir(&last).expect("rmdir");

    // A shorter render leaves no page of the longer one behind.
    let templates = TempDir::new().expect("temp dir");
    fs::write(
        templates.path().join("partner.typ.j2"),
        "{% extends \"base.typ.j2\" %}{% block body %}One page only.{% endblock %}",
    )
    .expect("write");
    assert!(render(None).status.success());
    assert_eq!(pages(dir.path()), first);
    let shorter = render(Some(templates.path()));
    assert!(shorter.status.success(), "{}", stderr_of(&shorter));
    assert_eq!(pages(dir.path()), ["g-1.png"]);
}

// ----------------------------------------------------------------------------------- inputs

/// The probe: `-o` onto a data file or a template silently replaced it. Every file the run
/// reads is now refused as an output, links followed; files beside them are not.
#[test]
fn an_output_never_replaces_an_input() {
    let dir = TempDir::new().expect("temp dir");
    copy(&repo("tests/fixtures/minimal"), &dir.path().join("data"));
    fs::create_dir(dir.path().join("t")).expect("mkdir");
    fs::copy(
        repo("templates/partner.typ.j2"),
        dir.path().join("t/partner.typ.j2"),
    )
    .expect("copy");
    fs::write(
        dir.path().join("brief.toml"),
        "organization = \"Test office\"\n",
    )
    .expect("write");
    std::os::unix::fs::symlink("data/sources.toml", dir.path().join("sneaky.pdf"))
        .expect("symlink");
    let inputs = [
        "data/events/1991-1999.toml",
        "data/sources.toml",
        "t/partner.typ.j2",
        "brief.toml",
    ];
    let before: Vec<Vec<u8>> = inputs
        .iter()
        .map(|p| fs::read(dir.path().join(p)).expect("read"))
        .collect();
    let report = [
        "report",
        "partner",
        "georgia",
        "--data",
        "data",
        "--templates",
        "t",
    ];
    let export = ["export", "--format", "json", "--data", "data"];
    for (args, target, input) in [
        (
            &report[..],
            "data/events/1991-1999.toml",
            "a data file of data",
        ),
        (&report[..], "sneaky.pdf", "a data file of data"),
        (&report[..], "t/partner.typ.j2", "a file the templates read"),
        (
            &report[..],
            "brief.toml",
            "the briefing settings brief.toml",
        ),
        (&export[..], "data/sources.toml", "a data file of data"),
        (&export[..], "data/events/new.toml", "a data file of data"),
    ] {
        let output = attache(dir.path())
            .args(args)
            .args(["--config", "brief.toml", "-o", target])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(2), "{args:?} -o {target}");
        let stderr = stderr_of(&output);
        assert!(
            stderr.contains(&format!(
                "refusing to write {target}: it is {input}, which this run reads"
            )),
            "{args:?} -o {target}:\n{stderr}"
        );
    }
    for (path, bytes) in inputs.iter().zip(before) {
        assert_eq!(
            fs::read(dir.path().join(path)).expect("read"),
            bytes,
            "{path} changed"
        );
    }
    assert!(!dir.path().join("data/events/new.toml").exists());
    // Beside the inputs, and again over its own output, a report is written as ever.
    for target in ["data/brief.pdf", "t/preview.pdf", "t/preview.pdf"] {
        attache(dir.path())
            .args(report)
            .args(["-o", target])
            .assert()
            .success();
    }
}

// -------------------------------------------------------------------------------- permissions

/// Runs attache under umask 027 through the shell, in `dir`.
fn under_umask(dir: &Path, args: &[&str]) {
    let script = "umask 027; exec \"$0\" \"$@\"";
    let output = Command::new("sh")
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .env_remove("ATTACHE_DATA")
        .env_remove("ATTACHE_TEMPLATES")
        .env_remove("ATTACHE_CONFIG")
        .args(["-c", script, env!("CARGO_BIN_EXE_attache")])
        .args(args)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{args:?}: {}", stderr_of(&output));
}

/// Every kind of output: made new, it gets what the umask gives (0640 under 027); made again
/// over a file whose mode was changed, it keeps that mode.
#[test]
fn every_output_follows_the_umask_and_keeps_a_replaced_files_mode() {
    let dir = TempDir::new().expect("temp dir");
    let runs: [(&[&str], &str); 7] = [
        (&["report", "partner", "georgia", "-o", "g.pdf"], "g.pdf"),
        (
            &[
                "report", "partner", "georgia", "--format", "docx", "-o", "g.docx",
            ],
            "g.docx",
        ),
        (
            &[
                "report", "partner", "georgia", "--format", "typ", "-o", "g.typ",
            ],
            "g.typ",
        ),
        (
            &[
                "report", "partner", "georgia", "--format", "png", "--ppi", "20", "-o", "g.png",
            ],
            "g-1.png",
        ),
        (&["chronology", "--from", "2020", "-o", "c.pdf"], "c.pdf"),
        (
            &["export", "--format", "json", "-o", "data.json"],
            "data.json",
        ),
        (&["templates", "init", "t", "--force"], "t/partner.typ.j2"),
    ];
    for (args, file) in runs {
        under_umask(dir.path(), args);
        assert_eq!(mode(&dir.path().join(file)), 0o640, "new {file}");
        fs::set_permissions(dir.path().join(file), fs::Permissions::from_mode(0o604))
            .expect("chmod");
        under_umask(dir.path(), args);
        assert_eq!(mode(&dir.path().join(file)), 0o604, "replaced {file}");
    }
    assert_eq!(mode(&dir.path().join("t/labels/en.toml")), 0o640);

    // `new event` rewrites an events file in place and makes a new one for a new year.
    copy(&repo("tests/fixtures/minimal"), &dir.path().join("data"));
    let events = dir.path().join("data/events/1991-1999.toml");
    fs::set_permissions(&events, fs::Permissions::from_mode(0o604)).expect("chmod");
    for date in ["1995-03", "2024"] {
        under_umask(
            dir.path(),
            &[
                "new",
                "event",
                "--data",
                "data",
                "--date",
                date,
                "--title",
                "A fictional visit",
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
            ],
        );
    }
    assert_eq!(mode(&events), 0o604);
    assert_eq!(mode(&dir.path().join("data/events/2024.toml")), 0o640);
}

#[test]
fn docx_is_written_for_one_report_and_for_all() {
    let dir = TempDir::new().expect("temp dir");
    attache(dir.path())
        .args(["report", "partner", "turkey", "--format", "docx"])
        .assert()
        .success();
    let one = fs::read(dir.path().join("reports/partner-turkey.docx")).expect("written");
    assert!(one.starts_with(b"PK"), "a ZIP package");
    attache(dir.path())
        .args(["report", "all", "--format", "docx", "--out-dir", "word"])
        .assert()
        .success();
    let written: Vec<String> = fs::read_dir(dir.path().join("word"))
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    for name in [
        "chronology.docx",
        "partner-turkey.docx",
        "type-military-technical.docx",
    ] {
        assert!(written.iter().any(|w| w == name), "{name} in {written:?}");
    }
    assert!(written.iter().all(|w| w.ends_with(".docx")), "{written:?}");
    assert!(leftovers(&dir.path().join("word")).is_empty());
    assert_eq!(
        fs::read(dir.path().join("word/partner-turkey.docx")).expect("written"),
        one,
        "the same bytes in a parallel run"
    );
}
