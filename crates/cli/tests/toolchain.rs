//! The analyst's toolchain around the binary: help with examples, version, schema, exports,
//! `show`, completions, man pages and `new`.

mod util;

use std::fs;
use util::{attache, copy, repo};

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).expect("UTF-8 output")
}

/// The subcommands a `--help` text lists under "Commands:", `help` aside.
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| l.trim() != "Commands:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_command_shows_an_example_in_its_help() {
    let dir = TempDir::new().expect("temp dir");
    let mut pending: Vec<Vec<String>> = vec![Vec::new()];
    let mut seen = 0;
    while let Some(path) = pending.pop() {
        let help = stdout(attache(dir.path()).args(&path).arg("--help"));
        assert!(
            help.contains("Examples:\n  attache"),
            "`attache {} --help` shows no example:\n{help}",
            path.join(" ")
        );
        for sub in subcommands(&help) {
            let mut next = path.clone();
            next.push(sub);
            pending.push(next);
        }
        seen += 1;
    }
    // attache, its 11 commands, and the subcommands of report, templates and new.
    assert!(seen >= 20, "only {seen} commands walked");
}

#[test]
fn version_tells_the_dataset_size() {
    let dir = TempDir::new().expect("temp dir");
    let out = stdout(attache(dir.path()).arg("--version"));
    assert!(out.starts_with("attache 0."), "{out}");
    for what in ["partners", "events", "periods", "areas", "sources"] {
        assert!(out.contains(what), "{out}");
    }
}

#[test]
fn schema_writes_the_files_kept_in_the_repository() {
    let dir = TempDir::new().expect("temp dir");
    attache(dir.path())
        .args(["schema"])
        .assert()
        .success()
        .stderr(predicate::str::contains("wrote 7 schema files"));
    for entry in fs::read_dir(repo("").join("schema")).expect("schema/ exists") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("file name");
        let written = fs::read_to_string(dir.path().join("schema").join(name)).expect("written");
        let kept = fs::read_to_string(&path).expect("kept");
        assert!(
            written == kept,
            "{} is out of date: run `cargo run -- schema`",
            path.display()
        );
    }
    let out = TempDir::new().expect("temp dir");
    attache(dir.path())
        .args(["schema", "-q", "-o"])
        .arg(out.path())
        .assert()
        .success()
        .stderr("");
    assert_eq!(fs::read_dir(out.path()).expect("written").count(), 7);
}

#[test]
fn csv_export_has_a_header_and_one_row_per_event() {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("events.csv");
    attache(dir.path())
        .args(["export", "--format", "csv", "-o"])
        .arg(&path)
        .assert()
        .success();
    let json: serde_json::Value =
        serde_json::from_str(&stdout(attache(dir.path()).args(["export"]))).expect("JSON");
    let events = json["events"].as_array().expect("events").len();
    let mut reader = csv::Reader::from_path(&path).expect("CSV readable");
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        &header[..12],
        [
            "id",
            "date",
            "date_qualifier",
            "date_end",
            "start",
            "end",
            "kind",
            "partners",
            "areas",
            "title",
            "summary",
            "sources"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), events);
    let row = rows
        .iter()
        .find(|r| &r[0] == "2010-turkey-strategic-partnership-mutual-assistance")
        .expect("event exported");
    assert_eq!(&row[1], "2010-09-15");
    assert_eq!((&row[4], &row[5]), ("2010-09-15", "2010-09-15"));
    assert_eq!(&row[7], "turkey");
    assert!(
        row[11].starts_with("army-building-2021: para 17"),
        "{}",
        &row[11]
    );
    assert!(
        rows.iter()
            .any(|r| &r[2] == "first-half" || &r[2] == "early")
    );
}

#[test]
fn ics_export_is_a_calendar_with_one_entry_per_event() {
    let dir = TempDir::new().expect("temp dir");
    let ics = stdout(attache(dir.path()).args(["export", "--format", "ics"]));
    assert!(
        ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
        "{ics}"
    );
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
        assert!(!line.contains('\n'), "bare newline in {line}");
    }
    let unfolded = ics.replace("\r\n ", "");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(attache(dir.path()).args(["export"]))).expect("JSON");
    let events = json["events"].as_array().expect("events").len();
    assert_eq!(unfolded.matches("BEGIN:VEVENT").count(), events);
    assert!(unfolded.contains(
        "UID:2010-turkey-strategic-partnership-mutual-assistance@attache\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20100915\r\nDTEND;VALUE=DATE:20100916\r\n"
    ));
    // A year-only date starts on 1 January and says so.
    assert!(unfolded.contains("DTSTART;VALUE=DATE:"), "{unfolded}");
    assert!(unfolded.contains("the source gives only the year"));
    // Commas in text are escaped.
    assert!(unfolded.contains("\\,"));
}

#[test]
fn show_prints_any_record_with_its_sources() {
    let dir = TempDir::new().expect("temp dir");
    let event = stdout(attache(dir.path()).args([
        "show",
        "2010-turkey-strategic-partnership-mutual-assistance",
    ]));
    for expected in [
        "15 September 2010",
        "Türkiye (turkey)",
        "Sources:",
        "[1] army-building-2021",
    ] {
        assert!(event.contains(expected), "{expected:?} missing:\n{event}");
    }
    let partner = stdout(attache(dir.path()).args(["show", "TÜRKİYE"]));
    assert!(partner.starts_with("Partner Türkiye (turkey)"), "{partner}");
    assert!(partner.contains("Events ("), "{partner}");
    let source = stdout(attache(dir.path()).args(["show", "bagirova-2025"]));
    assert!(source.contains("Cited by"), "{source}");
    let json: serde_json::Value = serde_json::from_str(&stdout(attache(dir.path()).args([
        "show",
        "modernisation-2003-2020",
        "--format",
        "json",
    ])))
    .expect("JSON");
    assert_eq!(json["kind"], "period");
    assert_eq!(json["record"]["id"], "modernisation-2003-2020");
    assert!(json["sources"][0]["source"]["title"].is_string(), "{json}");
    attache(dir.path())
        .args(["show", "turky"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("has the id `turky`"))
        .stderr(predicate::str::contains("did you mean `turkey`"));
}

#[test]
fn completions_and_man_pages_are_generated() {
    let dir = TempDir::new().expect("temp dir");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(attache(dir.path()).args(["completions", shell]));
        assert!(script.contains("chronology"), "{shell}: {script}");
    }
    let page = stdout(attache(dir.path()).arg("man"));
    assert!(page.contains(".TH attache 1"), "{page}");
    for section in [
        ".SH COMMANDS",
        ".SH EXAMPLES",
        ".SH ENVIRONMENT",
        ".SH \"EXIT STATUS\"",
    ] {
        assert!(page.contains(section), "{section} missing:\n{page}");
    }
    assert!(page.contains("ATTACHE_LANG") && page.contains("NO_COLOR"));
    // Printed alone, the page names no other page: none was written.
    assert!(!page.contains("(1)"), "{page}");
    attache(dir.path())
        .args(["man", "-o", "man"])
        .assert()
        .success();
    let written = std::fs::read_to_string(dir.path().join("man/attache.1")).expect("main page");
    let see_also = written.split(".SH \"SEE ALSO\"").nth(1).expect("SEE ALSO");
    let named: Vec<&str> = see_also
        .split("(1)")
        .filter(|p| p.contains("attache"))
        .collect();
    assert!(named.len() >= 11, "{see_also}");
    for page in named {
        let name = page
            .replace("\\fB", "")
            .replace("\\fR", "")
            .replace("\\-", "-");
        let name = name.trim_start_matches([',', ' ', '\n']).to_owned() + ".1";
        assert!(
            dir.path().join("man").join(&name).is_file(),
            "{name} named but not written"
        );
    }
    for name in [
        "attache.1",
        "attache-show.1",
        "attache-report-partner.1",
        "attache-new-event.1",
    ] {
        assert!(
            dir.path().join("man").join(name).is_file(),
            "{name} missing"
        );
    }
}

#[test]
fn messages_are_plain_when_not_on_a_terminal_and_quiet_silences_them() {
    let dir = TempDir::new().expect("temp dir");
    attache(dir.path())
        .args(["show", "nowhere-at-all"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("error: "))
        .stderr(predicate::str::contains("\u{1b}[").not());
    attache(dir.path())
        .args(["export", "-q", "--format", "csv", "-o", "e.csv"])
        .assert()
        .success()
        .stderr("");
    attache(dir.path())
        .args(["export", "--format", "csv", "-o", "e.csv"])
        .assert()
        .success()
        .stderr(predicate::str::contains("wrote e.csv"));
    attache(dir.path())
        .args(["check", "-v"])
        .assert()
        .success()
        .stderr(predicate::str::contains("load and validate the dataset:"));
}

/// A copy of the minimal fixture to edit.
fn minimal() -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    copy(&repo("").join("tests/fixtures/minimal"), dir.path());
    dir
}

const EVENT: [&str; 16] = [
    "new",
    "event",
    "--data",
    ".",
    "--date",
    "1995-03",
    "--title",
    "A \"quoted\" visit, to Ankara",
    "--summary",
    "Officers visited.",
    "--kind",
    "visit",
    "--area",
    "military",
    "--partner",
    "turkey",
];

#[test]
fn new_event_goes_into_the_file_whose_years_hold_it() {
    let dir = minimal();
    let before = fs::read_to_string(dir.path().join("events/1991-1999.toml")).expect("read");
    attache(dir.path())
        .args(EVENT)
        .args([
            "--source",
            "fixture-a",
            "--locator",
            "p. 9",
            "--id",
            "1995-visit",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "added event `1995-visit` to events/1991-1999.toml",
        ));
    let after = fs::read_to_string(dir.path().join("events/1991-1999.toml")).expect("read");
    assert!(after.starts_with(&before));
    assert!(
        after.contains("title = 'A \"quoted\" visit, to Ankara'")
            || after.contains(r#"title = "A \"quoted\" visit, to Ankara""#),
        "{after}"
    );
    attache(dir.path())
        .args(["check", "--data", "."])
        .assert()
        .success();
    let shown = stdout(attache(dir.path()).args(["show", "1995-visit", "--data", "."]));
    assert!(shown.contains("March 1995"), "{shown}");
    // A year no file holds gets its own file, and a derived id.
    attache(dir.path())
        .args([
            "new",
            "event",
            "--data",
            ".",
            "--date",
            "2024",
            "--title",
            "Joint drill",
            "--summary",
            "Held.",
            "--kind",
            "exercise",
            "--area",
            "military",
            "--source",
            "fixture-b",
            "--locator",
            "p. 1",
        ])
        .assert()
        .success();
    let text = fs::read_to_string(dir.path().join("events/2024.toml")).expect("new file");
    assert!(text.contains("id = \"2024-joint-drill\""), "{text}");
}

#[test]
fn new_event_that_would_break_the_dataset_writes_nothing() {
    let dir = minimal();
    let before = fs::read_to_string(dir.path().join("events/1991-1999.toml")).expect("read");
    attache(dir.path())
        .args(EVENT)
        .args([
            "--source",
            "no-such-source",
            "--locator",
            "p. 9",
            "--area",
            "militery",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown source `no-such-source`"))
        .stderr(predicate::str::contains("unknown area `militery`"))
        .stderr(predicate::str::contains("nothing was written"));
    let after = fs::read_to_string(dir.path().join("events/1991-1999.toml")).expect("read");
    assert_eq!(before, after);
}

#[test]
fn new_without_a_terminal_names_the_missing_options() {
    let dir = minimal();
    attache(dir.path())
        .args(["new", "event", "--data", ".", "--date", "1995"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "missing required options: --title, --summary, --kind, --area, --source and --locator",
        ));
    attache(dir.path())
        .args(["new", "partner", "--name", "Malta"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pass --data DIR"));
}

#[test]
fn new_partner_writes_its_own_file_and_never_overwrites_one() {
    let dir = minimal();
    let partner = [
        "new",
        "partner",
        "--data",
        ".",
        "--name",
        "Malta",
        "--kind",
        "state",
        "--iso3",
        "MLT",
        "--alias",
        "Republic of Malta",
        "--relationship",
        "partner",
        "--summary",
        "An island state.",
        "--source",
        "fixture-a",
        "--locator",
        "p. 4",
    ];
    attache(dir.path()).args(partner).assert().success();
    let text = fs::read_to_string(dir.path().join("partners/malta.toml")).expect("written");
    assert!(text.starts_with("id = \"malta\"\n"), "{text}");
    attache(dir.path())
        .args(["check", "--data", "."])
        .assert()
        .success();
    attache(dir.path())
        .args(partner)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    let before = fs::read_to_string(dir.path().join("partners/turkey.toml")).expect("read");
    attache(dir.path())
        .args(partner)
        .args(["--id", "turkey"])
        .assert()
        .code(2);
    assert_eq!(
        before,
        fs::read_to_string(dir.path().join("partners/turkey.toml")).expect("read")
    );
}

/// What bash offers after `line` with the script `attache completions bash` printed.
fn bash_completes(script: &std::path::Path, words: &[&str]) -> Vec<String> {
    let (current, previous) = (words[words.len() - 1], words[words.len() - 2]);
    let program = format!(
        "source {}; COMP_WORDS=({}); COMP_CWORD={}; COMP_LINE='{}'; COMP_POINT=${{#COMP_LINE}}; \
         _attache attache '{current}' '{previous}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        words
            .iter()
            .map(|w| format!("'{w}'"))
            .collect::<Vec<_>>()
            .join(" "),
        words.len() - 1,
        words.join(" "),
    );
    let out = std::process::Command::new("bash")
        .args(["-c", &program])
        .output()
        .expect("bash runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn completions_offer_the_datasets_ids_and_every_closed_list() {
    let dir = TempDir::new().expect("temp dir");
    let script = dir.path().join("attache.bash");
    fs::write(
        &script,
        stdout(attache(dir.path()).args(["completions", "bash"])),
    )
    .expect("write");
    let partners = bash_completes(&script, &["attache", "report", "partner", "tur"]);
    assert_eq!(partners, ["turkey", "turkmenistan"]);
    let kinds = bash_completes(&script, &["attache", "chronology", "--kind", ""]);
    assert!(kinds.contains(&"agreement".to_owned()), "{kinds:?}");
    assert!(
        !kinds.iter().any(|k| k.contains('.')),
        "file names offered: {kinds:?}"
    );
    let areas = bash_completes(&script, &["attache", "report", "type", "peace"]);
    assert_eq!(areas, ["peacekeeping"]);

    // A user's own dataset: its ids, not the built-in ones.
    let data = dir.path().join("data");
    copy(&repo("tests/fixtures/ruritania"), &data);
    let own = dir.path().join("own.bash");
    let text = stdout(attache(dir.path()).args(["--data", "data", "completions", "bash"]));
    fs::write(&own, text).expect("write");
    let shown = bash_completes(&own, &["attache", "show", "tur"]);
    assert!(
        shown.is_empty(),
        "built-in ids offered for a user's data: {shown:?}"
    );
    let own_ids = bash_completes(&own, &["attache", "show", "fen"]);
    assert!(own_ids.contains(&"fenwick".to_owned()), "{own_ids:?}");
}
