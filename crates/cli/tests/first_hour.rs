//! What a first-time user touches: `search`, export filters and CSV columns, `-o -`,
//! `new event` checking each answer as it is typed, `new source`, and the messages on the way.

mod util;

use std::fs;

use predicates::prelude::*;
use tempfile::TempDir;
use util::{attache, copy, repo};

/// A copy of the minimal fixture to edit.
fn minimal() -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    copy(&repo("tests/fixtures/minimal"), dir.path());
    dir
}

fn stdout_of(args: &[&str]) -> String {
    let dir = TempDir::new().expect("temp dir");
    let out = attache(dir.path()).args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).expect("UTF-8")
}

#[test]
fn search_finds_words_whatever_their_case_accents_and_endings() {
    let json = stdout_of(&["search", "BAYRAKTAR", "--format", "json"]);
    let hits: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let hits = hits.as_array().expect("array");
    assert!(!hits.is_empty(), "{json}");
    assert!(hits.iter().any(|h| h["kind"] == "event"), "{json}");
    assert!(hits.iter().any(|h| h["id"] == "baykar"), "{json}");
    let words = hits[0]["matches"].to_string().to_lowercase();
    assert!(words.contains("bayraktar"), "{json}");
    // Ranked: scores never rise down the list.
    let scores: Vec<f64> = hits
        .iter()
        .map(|h| h["score"].as_f64().expect("score"))
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");

    let folded = stdout_of(&["search", "turkiye", "--format", "json"]);
    assert!(folded.contains("\"turkey\""), "accents ignored: {folded}");
    let stemmed = stdout_of(&["search", "exercises", "--format", "json", "--limit", "200"]);
    assert!(
        stemmed.contains("\"exercise\"") || stemmed.contains("Exercise"),
        "{stemmed}"
    );
}

#[test]
fn search_prints_ids_and_dates_without_colour_when_piped() {
    let text = stdout_of(&["search", "Bayraktar"]);
    assert!(text.contains("event"), "{text}");
    assert!(text.contains("partner baykar"), "{text}");
    assert!(
        !text.contains('\u{1b}'),
        "no escape codes off a terminal: {text}"
    );
    let dir = TempDir::new().expect("temp dir");
    attache(dir.path())
        .args(["search", "qwertyuiop"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing matches"));
}

#[test]
fn both_csvs_have_the_same_columns_with_sortable_days() {
    let export = stdout_of(&["export", "--format", "csv", "--partner", "georgia"]);
    let list = stdout_of(&["list", "events", "--format", "csv", "--partner", "georgia"]);
    assert_eq!(export, list);
    let header = export.lines().next().expect("header");
    assert_eq!(
        header,
        "id,date,date_qualifier,date_end,start,end,kind,partners,areas,title,summary,sources,location,status,date_inferred"
    );
    let mut rows = csv::Reader::from_reader(export.as_bytes());
    for row in rows.records() {
        let row = row.expect("row");
        assert!(row[7].contains("georgia"), "the filter applies: {row:?}");
        let (start, end) = (&row[4], &row[5]);
        assert_eq!(start.len(), 10, "{row:?}");
        assert!(start <= end, "{row:?}");
        assert!(start.starts_with(&row[1][..4]), "{row:?}");
    }
}

#[test]
fn export_takes_the_chronology_filters_and_a_bom_for_excel() {
    let all = stdout_of(&["export", "--format", "csv"]).lines().count();
    let some = stdout_of(&[
        "export",
        "--format",
        "csv",
        "--from",
        "2010",
        "--to",
        "2015",
        "--kind",
        "agreement",
        "--area",
        "military-technical",
    ]);
    assert!(some.lines().count() < all);
    let json = stdout_of(&["export", "--partner", "turkey", "--from", "2020"]);
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let events = value["events"].as_array().expect("events");
    assert!(!events.is_empty());
    assert!(
        events
            .iter()
            .all(|e| e["partners"].to_string().contains("turkey")
                && e["date"].as_str().expect("date") >= "2020")
    );
    let bom = stdout_of(&["export", "--format", "csv", "--bom"]);
    assert!(bom.starts_with("\u{FEFF}id,date,"), "{}", &bom[..20]);
    assert!(!stdout_of(&["export", "--format", "csv"]).starts_with('\u{FEFF}'));
    let dir = TempDir::new().expect("temp dir");
    attache(dir.path())
        .args(["export", "--from", "2020", "--to", "2016"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--from 2020 is after --to 2016"));
}

#[test]
fn a_dash_writes_to_standard_output_for_text_and_binary_formats() {
    let dir = TempDir::new().expect("temp dir");
    let pdf = attache(dir.path())
        .args(["report", "partner", "georgia", "-o", "-"])
        .assert()
        .success();
    assert!(pdf.get_output().stdout.starts_with(b"%PDF-"));
    let typ = attache(dir.path())
        .args(["report", "partner", "georgia", "--format", "typ", "-o", "-"])
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&typ.get_output().stdout).contains("#set"));
    let csv = attache(dir.path())
        .args(["export", "--format", "csv", "-o", "-"])
        .assert()
        .success();
    assert!(csv.get_output().stdout.starts_with(b"id,"));
    assert!(!dir.path().join("-").exists(), "no file named -");
}

#[test]
fn no_message_says_error_twice_or_one_pages() {
    let dir = TempDir::new().expect("temp dir");
    for args in [
        &["check", "--data", "no-such-folder"][..],
        &["report", "partner", "georgai"],
        &["chronology", "--from", "2020", "--to", "2016"],
    ] {
        attache(dir.path())
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("error: error").not());
    }
    attache(dir.path())
        .args(["report", "partner", "jordan", "-o", "j.pdf"])
        .assert()
        .success()
        .stderr(predicate::str::contains("(1 page,"));
}

/// `new event --ask` with these answers, one a line.
fn ask_event(dir: &TempDir, answers: &str) -> assert_cmd::assert::Assert {
    attache(dir.path())
        .args(["new", "event", "--data", ".", "--ask"])
        .write_stdin(answers)
        .assert()
}

#[test]
fn new_event_checks_each_answer_and_asks_again() {
    let dir = minimal();
    let answers = "2025-31-12\n2025-12-31\nFictional drill\nA fictional drill.\nmeting\nexercise\nmilitary\ngeorgai\ngeorgia\nfixture-x\nfixture-a\np. 1\n";
    let out = ask_event(&dir, answers).success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("`2025-31-12` has no such month"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `meeting`?"), "{stderr}");
    assert!(stderr.contains("did you mean `georgia`"), "{stderr}");
    assert!(stderr.contains("no source `fixture-x`"), "{stderr}");
    let written: String = fs::read_dir(dir.path().join("events"))
        .expect("events")
        .map(|f| fs::read_to_string(f.expect("entry").path()).expect("read"))
        .collect();
    assert!(written.contains("date = \"2025-12-31\""), "{written}");
    assert!(written.contains("partners = [\"georgia\"]"), "{written}");
}

#[test]
fn answers_cut_short_are_printed_as_a_command_and_no_missing_file_is_named() {
    let dir = minimal();
    ask_event(&dir, "2025-12-31\nFictional drill\n")
        .code(2)
        .stderr(predicate::str::contains(
            "attache new event --data . --date 2025-12-31 --title 'Fictional drill'",
        ));
    // A bad date given as an option: the file it would go to is said to be new.
    attache(dir.path())
        .args([
            "new",
            "event",
            "--data",
            ".",
            "--date",
            "2025-31-12",
            "--title",
            "x",
            "--summary",
            "y",
            "--kind",
            "visit",
            "--area",
            "military",
            "--source",
            "fixture-a",
            "--locator",
            "p",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "events/2025.toml does not exist yet",
        ));
}

#[test]
fn new_source_appends_a_source_records_can_cite() {
    let dir = minimal();
    attache(dir.path())
        .args([
            "new",
            "source",
            "--data",
            ".",
            "--title",
            "Fictional Defence Review",
            "--author",
            "Q. Writer",
            "--publisher",
            "Nowhere Press",
            "--date",
            "2024",
            "--kind",
            "article",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "added source `writer-fictional-defence-review-2024` to sources.toml",
        ));
    let text = fs::read_to_string(dir.path().join("sources.toml")).expect("read");
    assert!(
        text.contains("title = \"Fictional Defence Review\""),
        "{text}"
    );
    attache(dir.path())
        .args(["check", "--data", "."])
        .assert()
        .success()
        .stdout(predicate::str::contains("3 sources"));
    attache(dir.path())
        .args([
            "new",
            "source",
            "--data",
            ".",
            "--id",
            "fixture-a",
            "--title",
            "Again",
            "--kind",
            "article",
        ])
        .assert()
        .code(2);
}

#[test]
fn hints_point_at_what_the_binary_carries() {
    let dir = minimal();
    fs::write(dir.path().join("areas.toml"), "[[area]\n").expect("write");
    attache(dir.path())
        .args(["check", "--data", "."])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("data-format.md").not())
        .stderr(predicate::str::contains("attache check --data ."));
}
