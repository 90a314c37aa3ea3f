//! Hostile and broken input at the command line: templates that reach outside their folder,
//! output paths that cannot be written, data folders that are missing, empty or not folders.
//! Each must fail with a clear message and exit code, never a panic, and never cost a good file.

mod util;

use util::attache;

use std::fs;
use std::path::Path;

use predicates::prelude::*;
use tempfile::TempDir;

/// A 1×1 transparent PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x64, 0x60, 0xf8, 0x5f,
    0x0f, 0x00, 0x02, 0x87, 0x01, 0x80, 0xeb, 0x47, 0xba, 0x92, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// The standard error of a finished command, checked to hold no panic.
fn stderr_of(assert: &assert_cmd::assert::Assert) -> String {
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(!stderr.contains("panicked"), "attache panicked:\n{stderr}");
    assert!(stderr.starts_with("error: "), "no error message:\n{stderr}");
    stderr
}

/// Files attache left behind while writing (`.attache-*` temporaries).
fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".attache-"))
        .collect()
}

/// A templates folder whose partner template puts `body` in the built-in page.
fn templates_with_body(body: &str) -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    fs::write(
        dir.path().join("partner.typ.j2"),
        format!("{{% extends \"base.typ.j2\" %}}{{% block body %}}{body}{{% endblock %}}"),
    )
    .expect("write");
    dir
}

// ------------------------------------------------------------------------------------ sandbox

#[test]
fn images_inside_the_templates_folder_load() {
    let dir = TempDir::new().expect("temp dir");
    let templates = templates_with_body(r#"#image("logo.png", width: 1cm)"#);
    fs::write(templates.path().join("logo.png"), PNG).expect("write");
    attache(dir.path())
        .args([
            "report",
            "partner",
            "turkey",
            "-o",
            "brief.pdf",
            "--templates",
        ])
        .arg(templates.path())
        .assert()
        .success();
    assert!(dir.path().join("brief.pdf").is_file());
}

#[test]
fn images_outside_the_templates_folder_are_refused() {
    // A real image beside the templates folder: refused only because of where it lies.
    let outer = TempDir::new().expect("temp dir");
    fs::write(outer.path().join("x.png"), PNG).expect("write");
    let templates_dir = outer.path().join("templates");
    fs::create_dir(&templates_dir).expect("mkdir");
    std::os::unix::fs::symlink(outer.path().join("x.png"), templates_dir.join("link.png"))
        .expect("symlink");
    std::os::unix::fs::symlink(outer.path(), templates_dir.join("up")).expect("symlink");
    let work = TempDir::new().expect("temp dir");
    let cases = [
        (r#"#image("../x.png")"#, "would escape the project root"),
        (r#"#image("../../x.png")"#, "would escape the project root"),
        (r#"#image("/../x.png")"#, "would escape the project root"),
        (
            r#"#image("link.png")"#,
            "link.png refused: it lies outside the templates folder",
        ),
        (
            r#"#image("up/x.png")"#,
            "up/x.png refused: it lies outside the templates folder",
        ),
        (
            r#"#read("up/x.png", encoding: none)"#,
            "refused: it lies outside the templates folder",
        ),
    ];
    for (attempt, refusal) in cases {
        fs::write(
            templates_dir.join("partner.typ.j2"),
            format!("{{% extends \"base.typ.j2\" %}}{{% block body %}}{attempt}{{% endblock %}}"),
        )
        .expect("write");
        let assert = attache(work.path())
            .args([
                "report",
                "partner",
                "turkey",
                "-o",
                "brief.pdf",
                "--templates",
            ])
            .arg(&templates_dir)
            .assert()
            .code(2);
        let stderr = stderr_of(&assert);
        assert!(
            stderr.contains(refusal),
            "{attempt}: expected {refusal:?} in:\n{stderr}"
        );
    }
    assert!(
        !work.path().join("brief.pdf").exists(),
        "nothing is written on a refused read"
    );
    assert!(leftovers(work.path()).is_empty());
}

#[test]
fn template_names_cannot_leave_the_templates_folder() {
    let outer = TempDir::new().expect("temp dir");
    fs::write(outer.path().join("evil.typ.j2"), "#read(\"/etc/passwd\")").expect("write");
    let templates_dir = outer.path().join("templates");
    fs::create_dir(&templates_dir).expect("mkdir");
    for include in ["../evil.typ.j2", "/etc/passwd", "sub/../../evil.typ.j2"] {
        fs::write(
            templates_dir.join("partner.typ.j2"),
            format!("{{% include \"{include}\" %}}"),
        )
        .expect("write");
        let assert = attache(outer.path())
            .args([
                "report",
                "partner",
                "turkey",
                "--format",
                "typ",
                "-o",
                "out.typ",
                "--templates",
            ])
            .arg(&templates_dir)
            .assert()
            .code(2);
        let stderr = stderr_of(&assert);
        assert!(
            stderr.contains(&format!("template name `{include}` refused")),
            "{include}:\n{stderr}"
        );
        assert!(!outer.path().join("out.typ").exists());
    }
}

/// The probe: a symlink to `/` inside the templates folder, and an include through it, once
/// printed `/etc/passwd` into the brief. Jinja reads go through the same check as Typst's.
#[test]
fn jinja_cannot_read_outside_the_templates_folder_through_a_link() {
    let work = TempDir::new().expect("temp dir");
    let templates = work.path().join("t");
    fs::create_dir(&templates).expect("mkdir");
    std::os::unix::fs::symlink("/", templates.join("root")).expect("symlink");
    fs::write(
        templates.join("partner.typ.j2"),
        "{% set x %}{% include \"root/etc/passwd\" %}{% endset %}\n#raw({{ x|string }})\n",
    )
    .expect("write");
    for format in ["pdf", "typ"] {
        let assert = attache(work.path())
            .args([
                "report",
                "partner",
                "georgia",
                "--templates",
                "t",
                "--format",
                format,
            ])
            .args(["-o", &format!("x.{format}")])
            .assert()
            .code(2);
        let stderr = stderr_of(&assert);
        assert!(
            stderr.contains(
                "template name `root/etc/passwd` refused: it lies outside the templates folder"
            ),
            "{stderr}"
        );
        assert!(!stderr.contains("root:x:0"), "{stderr}");
        assert!(!work.path().join(format!("x.{format}")).exists());
    }
}

/// Label sets, the folder's `briefing.toml` and templates are all read through the sandbox: a
/// link out of the folder is refused, and so is a FIFO, which would block the render.
#[test]
fn every_file_a_template_set_names_stays_inside_its_folder() {
    let work = TempDir::new().expect("temp dir");
    let templates = work.path().join("t");
    fs::create_dir_all(templates.join("labels")).expect("mkdir");
    let outside = work.path().join("outside.toml");
    fs::write(&outside, "secret = \"do not print me\"\n").expect("write");
    let cases: [(&str, &str); 3] = [
        (
            "labels/en.toml",
            "template name `labels/en.toml` refused: it lies outside",
        ),
        (
            "briefing.toml",
            "refused: it lies outside the templates folder",
        ),
        (
            "macros.typ.j2",
            "template name `macros.typ.j2` refused: it lies outside",
        ),
    ];
    for (name, refusal) in cases {
        std::os::unix::fs::symlink(&outside, templates.join(name)).expect("symlink");
        let assert = attache(work.path())
            .args([
                "report",
                "partner",
                "georgia",
                "--templates",
                "t",
                "-o",
                "x.pdf",
            ])
            .assert()
            .code(2);
        let stderr = stderr_of(&assert);
        assert!(stderr.contains(refusal), "{name}: {stderr}");
        assert!(!stderr.contains("do not print me"), "{name}: {stderr}");
        fs::remove_file(templates.join(name)).expect("remove");
    }
    let status = std::process::Command::new("mkfifo")
        .arg(templates.join("macros.typ.j2"))
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    let assert = attache(work.path())
        .args([
            "report",
            "partner",
            "georgia",
            "--templates",
            "t",
            "-o",
            "x.pdf",
        ])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(2);
    let stderr = stderr_of(&assert);
    assert!(
        stderr.contains("`macros.typ.j2` refused: it is a FIFO, not a regular file"),
        "{stderr}"
    );
    assert!(!work.path().join("x.pdf").exists());
}

/// `templates list` once followed links out of the folder and hung on a FIFO: it now shows
/// what a render would refuse, and why, without opening it.
#[test]
fn templates_list_shows_refused_files_without_opening_them() {
    let work = TempDir::new().expect("temp dir");
    let templates = work.path().join("t");
    fs::create_dir(&templates).expect("mkdir");
    fs::write(work.path().join("outside.typ.j2"), "{# do not print me. #}").expect("write");
    std::os::unix::fs::symlink(
        work.path().join("outside.typ.j2"),
        templates.join("partner.typ.j2"),
    )
    .expect("symlink");
    std::os::unix::fs::symlink("/", templates.join("root")).expect("symlink");
    let status = std::process::Command::new("mkfifo")
        .arg(templates.join("extra.typ.j2"))
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    fs::write(
        templates.join("mine.typ.j2"),
        "{# mine.typ.j2: my own page. #}",
    )
    .expect("write");
    let assert = attache(work.path())
        .args(["templates", "list", "--templates", "t"])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    let line = |name: &str| {
        stdout
            .lines()
            .find(|l| l.starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("{name} not listed:\n{stdout}"))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(
        line("partner.typ.j2"),
        "partner.typ.j2 refused it lies outside the templates folder"
    );
    assert_eq!(
        line("root"),
        "root refused it lies outside the templates folder"
    );
    assert_eq!(
        line("extra.typ.j2"),
        "extra.typ.j2 refused it is a FIFO, not a regular file"
    );
    assert_eq!(
        line("mine.typ.j2"),
        "mine.typ.j2 your folder (extra) my own page"
    );
    assert!(!stdout.contains("do not print me"), "{stdout}");
}

#[test]
fn a_templates_path_that_is_a_file_is_named() {
    let dir = TempDir::new().expect("temp dir");
    let assert = attache(dir.path())
        .args([
            "report",
            "partner",
            "georgia",
            "--templates",
            "/etc/passwd",
            "-o",
            "x.pdf",
        ])
        .assert()
        .code(2);
    let stderr = stderr_of(&assert);
    assert!(
        stderr.contains("templates folder /etc/passwd is not a folder"),
        "{stderr}"
    );
}

#[test]
fn a_missing_templates_folder_is_named() {
    let dir = TempDir::new().expect("temp dir");
    let assert = attache(dir.path())
        .args([
            "report",
            "partner",
            "turkey",
            "--templates",
            "no-such-templates",
        ])
        .assert()
        .code(2);
    let stderr = stderr_of(&assert);
    assert!(
        stderr.contains("templates folder no-such-templates does not exist"),
        "{stderr}"
    );
}

// --------------------------------------------------------------------------------- outputs

#[test]
fn an_output_path_below_a_file_is_a_clear_error() {
    let dir = TempDir::new().expect("temp dir");
    fs::write(dir.path().join("somefile.txt"), b"keep me").expect("write");
    for format in ["pdf", "typ"] {
        let assert = attache(dir.path())
            .args([
                "report",
                "partner",
                "turkey",
                "--format",
                format,
                "-o",
                "somefile.txt/out",
            ])
            .assert()
            .code(2);
        let stderr = stderr_of(&assert);
        assert!(
            stderr.contains("cannot create the folder somefile.txt"),
            "{format}:\n{stderr}"
        );
        assert!(
            stderr.contains("File exists"),
            "the system's reason is given:\n{stderr}"
        );
    }
    let assert = attache(dir.path())
        .args(["export", "--format", "json", "-o", "somefile.txt/data.json"])
        .assert()
        .code(2);
    let stderr = stderr_of(&assert);
    assert!(
        stderr.contains("cannot create the folder somefile.txt"),
        "{stderr}"
    );
    assert_eq!(
        fs::read(dir.path().join("somefile.txt")).expect("kept"),
        b"keep me"
    );
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn an_output_path_that_is_a_folder_is_left_alone() {
    let dir = TempDir::new().expect("temp dir");
    let folder = dir.path().join("brief.pdf");
    fs::create_dir(&folder).expect("mkdir");
    fs::write(folder.join("inside.txt"), b"untouched").expect("write");
    let assert = attache(dir.path())
        .args(["report", "partner", "turkey", "-o", "brief.pdf"])
        .assert()
        .code(2);
    let stderr = stderr_of(&assert);
    assert!(stderr.contains("cannot replace brief.pdf"), "{stderr}");
    assert_eq!(
        fs::read(folder.join("inside.txt")).expect("kept"),
        b"untouched"
    );
    assert!(
        leftovers(dir.path()).is_empty(),
        "temporary file left behind"
    );
}

#[test]
fn broken_data_keeps_the_previous_output() {
    let dir = TempDir::new().expect("temp dir");
    fs::write(dir.path().join("brief.pdf"), b"previous brief").expect("write");
    fs::create_dir(dir.path().join("data")).expect("mkdir");
    fs::write(dir.path().join("data/sources.toml"), "[[source]\nid = ").expect("write");
    let assert = attache(dir.path())
        .args([
            "report",
            "partner",
            "turkey",
            "--data",
            "data",
            "-o",
            "brief.pdf",
        ])
        .assert()
        .code(2);
    let stderr = stderr_of(&assert);
    assert!(stderr.contains("TOML syntax"), "{stderr}");
    assert!(
        stderr.contains("run `attache check --data data`"),
        "{stderr}"
    );
    assert_eq!(
        fs::read(dir.path().join("brief.pdf")).expect("kept"),
        b"previous brief"
    );
    assert!(leftovers(dir.path()).is_empty());
}

// -------------------------------------------------------------------------------- data folders

#[test]
fn a_missing_data_folder_is_named() {
    let dir = TempDir::new().expect("temp dir");
    for args in [
        &["check"][..],
        &["report", "partner", "turkey"],
        &["list", "partners"],
    ] {
        let assert = attache(dir.path())
            .args(args)
            .args(["--data", "no-such-folder"])
            .assert()
            .code(2);
        let stderr = stderr_of(&assert);
        assert!(
            stderr.contains("cannot read the dataset at no-such-folder"),
            "{args:?}:\n{stderr}"
        );
        assert!(stderr.contains("No such file or directory"), "{stderr}");
    }
    assert!(!dir.path().join("reports").exists());
}

#[test]
fn a_data_path_that_is_a_file_is_named() {
    let dir = TempDir::new().expect("temp dir");
    fs::write(dir.path().join("data.toml"), "[[source]]\n").expect("write");
    let assert = attache(dir.path())
        .args(["check", "--data", "data.toml"])
        .assert()
        .code(2);
    let stderr = stderr_of(&assert);
    assert!(
        stderr.contains("cannot read the dataset at data.toml"),
        "{stderr}"
    );
    assert!(stderr.contains("Not a directory"), "{stderr}");
}

#[test]
fn an_empty_data_folder_names_every_missing_file() {
    let dir = TempDir::new().expect("temp dir");
    fs::create_dir(dir.path().join("empty")).expect("mkdir");
    let assert = attache(dir.path())
        .args(["check", "--data", "empty"])
        .assert()
        .code(1);
    let stderr = stderr_of(&assert);
    for file in ["sources.toml", "areas.toml", "periods.toml"] {
        assert!(
            stderr.contains(&format!("error: {file}: required file is missing")),
            "{file} not reported:\n{stderr}"
        );
    }
    assert!(stderr.contains("required file is missing"), "{stderr}");
    assert!(stderr.contains("the dataset has 3 problems"), "{stderr}");

    let assert = attache(dir.path())
        .args(["report", "partner", "turkey", "--data", "empty"])
        .assert()
        .code(2);
    let stderr = stderr_of(&assert);
    assert!(stderr.contains("required file is missing"), "{stderr}");
    assert!(!dir.path().join("reports").exists());
}

/// A file that is not UTF-8 is a problem with a line and column, reported with the others.
#[test]
fn a_data_file_that_is_not_utf8_is_located() {
    let dir = TempDir::new().expect("temp dir");
    fs::create_dir(dir.path().join("data")).expect("mkdir");
    fs::write(
        dir.path().join("data/sources.toml"),
        b"title = \"\xff\xfe\"\n",
    )
    .expect("write");
    let assert = attache(dir.path())
        .args(["check", "--data", "data", "--diagnostic-format", "short"])
        .assert()
        .code(1);
    let stderr = stderr_of(&assert);
    assert!(
        stderr.contains("sources.toml:1:10: error: the file is not UTF-8 text"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: areas.toml: required file is missing"),
        "{stderr}"
    );
}

#[test]
fn hostile_partner_names_on_the_command_line_are_harmless() {
    let dir = TempDir::new().expect("temp dir");
    for name in [
        "",
        " ",
        "#read(\"/etc/passwd\")",
        "../../etc/passwd",
        "\u{202e}",
        "🚀",
    ] {
        let assert = attache(dir.path())
            .args(["report", "partner", name])
            .assert()
            .code(2);
        let stderr = stderr_of(&assert);
        assert!(stderr.contains("no partner matches"), "{name:?}:\n{stderr}");
    }
    assert!(!dir.path().join("reports").exists());
    attache(dir.path())
        .args(["list", "events", "--from", "2001-02-30"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--from 2001-02-30"))
        .stderr(predicate::str::contains("panicked").not());
}

// ------------------------------------------------------------------------------- environment

/// SOURCE_DATE_EPOCH far in the future passes chrono but not Typst's dates (years 1–9999):
/// `compile::typst_date` panics ("a real calendar date"). Far in the past gives a negative year
/// that reaches the template as `\-1199` and fails to compile. Both should be refused up front.
#[test]
fn a_source_date_epoch_out_of_range_is_refused() {
    let dir = TempDir::new().expect("temp dir");
    for epoch in ["300000000000", "-99999999999"] {
        let assert = attache(dir.path())
            .env("SOURCE_DATE_EPOCH", epoch)
            .args(["report", "partner", "turkey", "-o", "brief.pdf"])
            .assert()
            .code(2);
        let stderr = stderr_of(&assert);
        assert!(stderr.contains("SOURCE_DATE_EPOCH"), "{epoch}:\n{stderr}");
    }
    assert!(!dir.path().join("brief.pdf").exists());
}

#[test]
fn a_source_date_epoch_that_is_not_a_number_is_refused() {
    let dir = TempDir::new().expect("temp dir");
    let assert = attache(dir.path())
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .args(["report", "partner", "turkey", "-o", "brief.pdf"])
        .assert()
        .code(2);
    let stderr = stderr_of(&assert);
    assert!(
        stderr.contains("SOURCE_DATE_EPOCH must be a number of seconds"),
        "{stderr}"
    );
    assert!(!dir.path().join("brief.pdf").exists());
}

/// `--ppi inf` makes typst-render panic, `--ppi 1e7` aborts on allocation, and `--ppi 0`, a
/// negative value or NaN "succeed" with an empty image. The resolution should be checked
/// against a sane range when the arguments are parsed.
#[test]
fn an_absurd_resolution_is_refused() {
    let dir = TempDir::new().expect("temp dir");
    for ppi in ["inf", "1e7", "0", "-5", "NaN"] {
        let assert = attache(dir.path())
            .args([
                "report", "partner", "georgia", "--format", "png", "-o", "g.png",
            ])
            .arg(format!("--ppi={ppi}"))
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(!stderr.contains("panicked"), "{ppi}:\n{stderr}");
        assert!(stderr.contains("ppi"), "{ppi}:\n{stderr}");
    }
    assert!(!dir.path().join("g-1.png").exists());
}
