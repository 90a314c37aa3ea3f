//! `attache diff` and `--since` end to end, on the fixture pair `tests/fixtures/diff-old` and
//! `diff-new` (3 events added, 2 changed of which one has its date made more precise, 1
//! removed): the same changes in text, JSON and a brief's "Changes since" section, identical on
//! a rerun; the snapshot every PDF carries, listed by qpdf; the release ceiling on both sides.

mod util;

use std::fs;
use std::path::Path;
use std::process::Command as Process;

use util::{attache, copy, pdf_text, repo};

const ADDED: [&str; 3] = [
    "bor-2018-strelsau-logistics-memorandum",
    "bor-2019-cadet-exchange",
    "bor-2020-zenda-engineering-drill",
];
const REMOVED: &str = "bor-2005-zenda-staff-talks";
const REFINED: &str = "bor-2010-strategic-partnership";
const REWORDED: &str = "bor-syl-2013-joint-exercise";

/// Standard output of a command that must succeed.
fn stdout(dir: &Path, args: &[&str]) -> String {
    let out = attache(dir).args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn old() -> String {
    repo("tests/fixtures/diff-old").display().to_string()
}

fn new() -> String {
    repo("tests/fixtures/diff-new").display().to_string()
}

/// The ids of one list of a JSON diff.
fn ids(json: &serde_json::Value, list: &str) -> Vec<String> {
    let entries = json[list].as_array().expect("a list");
    entries
        .iter()
        .map(|e| {
            let record = if list == "changed" { &e["record"] } else { e };
            record["id"].as_str().expect("an id").to_owned()
        })
        .collect()
}

#[test]
fn the_fixture_pair_gives_exactly_its_changes_as_text_and_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = stdout(dir.path(), &["diff", &old(), &new()]);
    assert!(text.contains("3 added, 1 removed, 2 changed."), "{text}");
    for id in ADDED {
        let added = |l: &str| l.trim_start().starts_with("+ ") && l.contains(id);
        assert!(text.lines().any(added), "{id} not added: {text}");
    }
    let removed = |l: &str| l.trim_start().starts_with("- ") && l.contains(REMOVED);
    assert!(text.lines().any(removed), "{text}");
    assert!(
        text.contains("date: 2010 → 2010-08-16 (made more precise)"),
        "{text}"
    );
    assert!(
        text.contains("sources: added fixture-a (Chapter 2, §4)"),
        "{text}"
    );
    assert!(text.contains("summary: reworded"), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour when piped: {text}");
    assert_eq!(
        text,
        stdout(dir.path(), &["diff", &old(), &new()]),
        "a rerun differs"
    );

    let args = ["diff", &old(), &new(), "--format", "json"];
    let raw = stdout(dir.path(), &args);
    let json: serde_json::Value = serde_json::from_str(&raw).expect("JSON");
    assert_eq!(ids(&json, "added"), ADDED);
    assert_eq!(ids(&json, "removed"), [REMOVED]);
    assert_eq!(ids(&json, "changed"), [REFINED, REWORDED]);
    let date = &json["changed"][0]["fields"][0];
    assert_eq!(date["field"], "date");
    assert_eq!(date["how"], "refined");
    assert_eq!(
        (date["old"].as_str(), date["new"].as_str()),
        (Some("2010"), Some("2010-08-16"))
    );
    assert_eq!(raw, stdout(dir.path(), &args), "a rerun differs");

    let markdown = stdout(
        dir.path(),
        &["diff", &old(), &new(), "--format", "markdown"],
    );
    assert!(
        markdown.contains("## Added") && markdown.contains("## Changed"),
        "{markdown}"
    );
}

#[test]
fn filters_narrow_the_diff_as_they_narrow_a_chronology() {
    let dir = tempfile::tempdir().expect("temp dir");
    let args = ["diff", &old(), &new(), "--format", "json", "--from", "2019"];
    let json: serde_json::Value = serde_json::from_str(&stdout(dir.path(), &args)).expect("JSON");
    assert_eq!(ids(&json, "added"), &ADDED[1..]);
    assert!(ids(&json, "removed").is_empty() && ids(&json, "changed").is_empty());
    let args = [
        "diff",
        &old(),
        &new(),
        "--format",
        "json",
        "--kind",
        "agreement",
    ];
    let json: serde_json::Value = serde_json::from_str(&stdout(dir.path(), &args)).expect("JSON");
    assert_eq!(ids(&json, "added"), &ADDED[..1]);
    assert_eq!(ids(&json, "changed"), [REFINED]);
}

#[test]
fn a_brief_since_an_older_brief_lists_the_changes_and_reruns_identically() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path();
    stdout(
        path,
        &[
            "report",
            "partner",
            "borduria",
            "--data",
            &old(),
            "-o",
            "old.pdf",
        ],
    );
    // The older brief is a baseline for diff too: its snapshot holds the brief's records.
    let json: serde_json::Value = serde_json::from_str(&stdout(
        path,
        &[
            "diff",
            "old.pdf",
            &new(),
            "--partner",
            "borduria",
            "--format",
            "json",
        ],
    ))
    .expect("JSON");
    assert_eq!(ids(&json, "added"), ADDED);
    assert_eq!(ids(&json, "removed"), [REMOVED]);
    assert_eq!(ids(&json, "changed"), [REFINED, REWORDED]);
    assert_eq!(json["old"]["generated"], "2026-01-01");

    let brief = [
        "report",
        "partner",
        "borduria",
        "--data",
        &new(),
        "--since",
        "old.pdf",
    ];
    stdout(path, &[&brief[..], &["-o", "new.pdf"]].concat());
    let text = pdf_text(&path.join("new.pdf"));
    let section = text
        .split("Changes since 1 January 2026")
        .nth(1)
        .and_then(|rest| rest.split("3. Figures").next())
        .unwrap_or_else(|| panic!("no changes section: {text}"));
    assert!(
        section.contains("Added: 3 · Corrected: 2 · Withdrawn: 1"),
        "{section}"
    );
    for title in [
        "Logistics memorandum signed in Strelsau",
        "First cadet exchange term",
        "Engineering drill near Zenda",
        "Staff talks at Zenda",
        "Strategic partnership and mutual assistance agreement",
        "First trilateral exercise with Borduria and Syldavia",
    ] {
        assert!(section.contains(title), "{title} missing: {section}");
    }
    assert!(
        section.contains("date made more precise (2010 → 16 August 2010)"),
        "{section}"
    );
    assert!(
        section.contains("sources changed; summary reworded"),
        "{section}"
    );
    stdout(path, &[&brief[..], &["-o", "again.pdf"]].concat());
    assert_eq!(
        fs::read(path.join("new.pdf")).expect("read"),
        fs::read(path.join("again.pdf")).expect("read"),
        "a rerun is not byte-identical"
    );
}

/// The issue's own case on the built-in data: a Türkiye brief made from an older copy of the
/// data (one event not yet recorded, one date only to the month) is the baseline of the
/// next brief, which lists exactly those two changes.
#[test]
fn a_turkey_brief_since_a_brief_from_an_older_copy_of_the_built_in_data() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path();
    let older = path.join("older-data");
    copy(&repo("data"), &older);
    let edit = |file: &str, from: &str, to: &str| {
        let file = older.join("events").join(file);
        let text = fs::read_to_string(&file).expect("read");
        assert!(text.contains(from), "{from} is not in {}", file.display());
        fs::write(&file, text.replacen(from, to, 1)).expect("write");
    };
    edit(
        "1918-1993.toml",
        "date = \"1992-08-11\"",
        "date = \"1992-08\"",
    );
    let shusha = fs::read_to_string(older.join("events/2020-2025.toml")).expect("read");
    let start = shusha
        .find("id = \"2021-shusha-declaration\"")
        .expect("the event");
    let start = shusha[..start].rfind("[[event]]").expect("its table");
    let end = shusha[start + 1..]
        .find("[[event]]")
        .map_or(shusha.len(), |e| start + 1 + e);
    edit("2020-2025.toml", &shusha[start..end], "");
    let older = older.display().to_string();
    stdout(
        path,
        &[
            "report", "partner", "turkey", "--data", &older, "-o", "old.pdf",
        ],
    );

    stdout(
        path,
        &[
            "report", "partner", "turkey", "--since", "old.pdf", "-o", "new.pdf",
        ],
    );
    let text = pdf_text(&path.join("new.pdf"));
    let section = text
        .split("Changes since")
        .nth(1)
        .unwrap_or_else(|| panic!("no changes section: {text}"));
    assert!(section.contains("Added: 1 · Corrected: 1"), "{section}");
    assert!(section.contains("Shusha Declaration signed by Azerbaijan and Türkiye"));
    assert!(
        section.contains("date made more precise (August 1992 → 11 August 1992)"),
        "{section}"
    );
}

/// Whether qpdf is installed; says so when it is not.
fn qpdf() -> bool {
    let found = Process::new("qpdf").arg("--version").output().is_ok();
    if !found {
        eprintln!("qpdf is not installed: skipping the check of the attached snapshot");
    }
    found
}

fn qpdf_run(args: &[&str], dir: &Path) -> (bool, String) {
    let out = Process::new("qpdf")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("qpdf runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn standard_tools_list_the_snapshot_and_find_the_pdf_sound() {
    if !qpdf() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path();
    stdout(
        path,
        &[
            "report",
            "partner",
            "borduria",
            "--data",
            &new(),
            "-o",
            "brief.pdf",
        ],
    );
    stdout(
        path,
        &[
            "report",
            "partner",
            "borduria",
            "--data",
            &new(),
            "--pdf-standard",
            "a-3b",
            "-o",
            "a3.pdf",
        ],
    );
    for pdf in ["brief.pdf", "a3.pdf"] {
        let (_, listed) = qpdf_run(&["--list-attachments", pdf], path);
        assert!(listed.contains("attache-snapshot.json"), "{pdf}: {listed}");
        let (sound, report) = qpdf_run(&["--check", pdf], path);
        assert!(sound, "{pdf}: {report}");
    }
    let (_, json) = qpdf_run(
        &["--show-attachment=attache-snapshot.json", "brief.pdf"],
        path,
    );
    let snapshot: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(snapshot["format"], "attache-snapshot/1");
    assert_eq!(snapshot["generated"], "2026-01-01");
    assert!(
        snapshot["fingerprint"]
            .as_str()
            .is_some_and(|f| !f.is_empty())
    );
}

#[test]
fn no_snapshot_and_pdf_a_2b_leave_it_out_and_say_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path();
    stdout(
        path,
        &[
            "report",
            "partner",
            "borduria",
            "--data",
            &new(),
            "--no-snapshot",
            "-o",
            "bare.pdf",
        ],
    );
    let out = attache(path)
        .args([
            "report",
            "partner",
            "borduria",
            "--data",
            &new(),
            "--pdf-standard",
            "a-2b",
            "-o",
            "a2.pdf",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("PDF/A-2b forbids embedded files"),
        "{stderr}"
    );
    for pdf in ["bare.pdf", "a2.pdf"] {
        let out = attache(path)
            .args(["diff", pdf, &new()])
            .output()
            .expect("runs");
        assert!(!out.status.success(), "{pdf} has a snapshot");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("carries no dataset snapshot"),
            "{pdf}: {stderr}"
        );
    }
}

#[test]
fn a_json_export_is_a_baseline_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path();
    stdout(
        path,
        &[
            "export",
            "--format",
            "json",
            "--data",
            &old(),
            "-o",
            "old.json",
        ],
    );
    let args = ["diff", "old.json", &new(), "--format", "json"];
    let json: serde_json::Value = serde_json::from_str(&stdout(path, &args)).expect("JSON");
    assert_eq!(ids(&json, "added"), ADDED);
    assert_eq!(ids(&json, "removed"), [REMOVED]);
    assert_eq!(ids(&json, "changed"), [REFINED, REWORDED]);
}

#[test]
fn a_renamed_record_that_declares_its_former_id_is_changed_not_replaced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let renamed = dir.path().join("renamed");
    copy(&repo("tests/fixtures/diff-old"), &renamed);
    let file = renamed.join("events/2000-2021.toml");
    let text = fs::read_to_string(&file).expect("read").replace(
        "id = \"bor-2005-zenda-staff-talks\"",
        "id = \"bor-2005-zenda-general-staff-talks\"\nformerly = [\"bor-2005-zenda-staff-talks\"]",
    );
    fs::write(&file, text).expect("write");
    let args = [
        "diff",
        &old(),
        renamed.to_str().expect("UTF-8"),
        "--format",
        "json",
    ];
    let json: serde_json::Value = serde_json::from_str(&stdout(dir.path(), &args)).expect("JSON");
    assert!(
        ids(&json, "added").is_empty() && ids(&json, "removed").is_empty(),
        "{json}"
    );
    assert_eq!(
        ids(&json, "changed"),
        ["bor-2005-zenda-general-staff-talks"]
    );
    assert_eq!(
        json["changed"][0]["former_id"],
        "bor-2005-zenda-staff-talks"
    );
}

#[test]
fn a_withheld_record_never_shows_as_added_removed_or_changed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let marked = dir.path().join("marked");
    copy(&repo("tests/fixtures/diff-new"), &marked);
    let file = marked.join("events/2000-2021.toml");
    // One addition and one changed record are now above the ceiling; so is one record that
    // both versions hold unchanged.
    let text = fs::read_to_string(&file).expect("read");
    let text = text
        .replace(
            "id = \"bor-2019-cadet-exchange\"",
            "id = \"bor-2019-cadet-exchange\"\nmarking = \"TLP:RED\"",
        )
        .replace(
            "id = \"bor-2010-strategic-partnership\"",
            "id = \"bor-2010-strategic-partnership\"\nmarking = \"TLP:RED\"",
        )
        .replace(
            "id = \"bor-2017-training-centre-opened\"",
            "id = \"bor-2017-training-centre-opened\"\nmarking = \"TLP:RED\"",
        );
    fs::write(&file, text).expect("write");
    let new = marked.to_str().expect("UTF-8");
    let args = [
        "diff",
        &old(),
        new,
        "--format",
        "json",
        "--release",
        "TLP:AMBER",
    ];
    let raw = stdout(dir.path(), &args);
    let json: serde_json::Value = serde_json::from_str(&raw).expect("JSON");
    assert_eq!(ids(&json, "added"), [ADDED[0], ADDED[2]]);
    assert_eq!(ids(&json, "removed"), [REMOVED]);
    assert_eq!(ids(&json, "changed"), [REWORDED]);
    for withheld in [
        "cadet",
        "strategic-partnership",
        "2017-training-centre",
        "Cadet",
    ] {
        assert!(!raw.contains(withheld), "{withheld} leaked: {raw}");
    }
    // The brief since the older data says nothing of them either.
    let brief = [
        "report",
        "partner",
        "borduria",
        "--data",
        new,
        "--since",
        &old(),
        "--release",
        "TLP:AMBER",
        "-o",
        "b.pdf",
    ];
    stdout(dir.path(), &brief);
    let text = pdf_text(&dir.path().join("b.pdf"));
    assert!(
        text.contains("Added: 2 · Corrected: 1 · Withdrawn: 1"),
        "{text}"
    );
    assert!(!text.contains("cadet exchange"), "{text}");
}

/// Runs `git` in `dir` (the test's own repository), which must succeed.
fn git(dir: &Path, args: &[&str]) {
    let out = Process::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Fixture")
        .env("GIT_AUTHOR_EMAIL", "fixture@example.invalid")
        .env("GIT_COMMITTER_NAME", "Fixture")
        .env("GIT_COMMITTER_EMAIL", "fixture@example.invalid")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_git_revision_is_a_version_too() {
    if Process::new("git").arg("--version").output().is_err() {
        eprintln!("git is not installed: skipping the test that makes a repository");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path();
    git(path, &["init", "-q"]);
    copy(&repo("tests/fixtures/diff-old"), &path.join("data"));
    git(path, &["add", "data"]);
    git(path, &["commit", "-q", "-m", "older data"]);
    fs::remove_dir_all(path.join("data")).expect("remove");
    copy(&repo("tests/fixtures/diff-new"), &path.join("data"));
    git(path, &["add", "-A", "data"]);
    git(path, &["commit", "-q", "-m", "newer data"]);

    let from_folder = stdout(path, &["diff", "git:HEAD~1", "data", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&from_folder).expect("JSON");
    assert_eq!(ids(&json, "added"), ADDED);
    assert_eq!(ids(&json, "removed"), [REMOVED]);
    assert_eq!(ids(&json, "changed"), [REFINED, REWORDED]);
    // Both sides from the repository, the folder named.
    let both = stdout(
        path,
        &[
            "diff",
            "git:HEAD~1:data",
            "git:HEAD:data",
            "--format",
            "json",
        ],
    );
    let both: serde_json::Value = serde_json::from_str(&both).expect("JSON");
    assert_eq!(
        (&both["added"], &both["changed"]),
        (&json["added"], &json["changed"])
    );

    let out = attache(path)
        .args(["diff", "git:no-such-rev", "data"])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no revision `no-such-rev`"));
}
