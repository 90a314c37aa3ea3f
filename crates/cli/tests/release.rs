//! `--release` on the dataset commands: random markings, random ceilings; no text of a
//! withheld record in JSON, CSV or iCalendar export, in any listing or in `show`, and the
//! count of what was withheld on standard error only. Also: unknown levels are located.

mod util;

use std::fs;
use std::path::Path;

use proptest::prelude::*;
use util::attache;

const LEVELS: [&str; 5] = [
    "TLP:CLEAR",
    "TLP:GREEN",
    "TLP:AMBER",
    "TLP:AMBER+STRICT",
    "TLP:RED",
];

/// Writes a fictional dataset whose events carry the given markings (5: none).
fn write(dir: &Path, events: &[usize]) {
    let cite = "sources = [{ id = \"ledger\", locator = \"p. 1\" }]\n";
    fs::create_dir_all(dir.join("events")).expect("mkdir");
    fs::create_dir_all(dir.join("partners")).expect("mkdir");
    fs::write(dir.join("dataset.toml"), "title = \"Ruritania test\"\nlanguage = \"en\"\n[subject]\nname = \"Ruritania\"\ngenitive = \"Ruritania's\"\n").expect("write");
    fs::write(
        dir.join("sources.toml"),
        "[[source]]\nid = \"ledger\"\ntitle = \"Ruritanian ledger\"\nkind = \"article\"\n",
    )
    .expect("write");
    fs::write(dir.join("periods.toml"), format!("[[period]]\nid = \"era\"\nname = \"Era\"\nstart = \"2000\"\nsummary = \"An era.\"\n{cite}")).expect("write");
    fs::write(
        dir.join("areas.toml"),
        "[[area]]\nid = \"military\"\nname = \"Military\"\nsummary = \"Armed forces.\"\n",
    )
    .expect("write");
    fs::write(dir.join("partners/freedonia.toml"), format!("id = \"freedonia\"\nname = \"Freedonia\"\nkind = \"state\"\nrelationship = \"partner\"\nsummary = \"A state.\"\n{cite}")).expect("write");
    let text: String = events
        .iter()
        .enumerate()
        .map(|(i, &rank)| {
            let marking = LEVELS
                .get(rank)
                .map(|l| format!("marking = \"{l}\"\n"))
                .unwrap_or_default();
            format!("[[event]]\nid = \"wqevent{i}x\"\ndate = \"{}\"\ntitle = \"Talks Wqt{i}x\"\nsummary = \"Said Wqs{i}x.\"\nkind = \"meeting\"\nareas = [\"military\"]\npartners = [\"freedonia\"]\nlocation = \"Wql{i}x\"\n{marking}{cite}\n", 2001 + i)
        })
        .collect();
    fs::write(dir.join("events/all.toml"), text).expect("write");
}

/// Standard output of a command, which must succeed; its standard error too.
fn run(dir: &Path, args: &[&str]) -> (String, String) {
    let out = attache(dir).args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn nothing_above_the_ceiling_is_exported_listed_or_shown(
        events in prop::collection::vec(0usize..6, 1..6),
        ceiling in 0usize..5,
    ) {
        let dir = tempfile::TempDir::new().expect("temp dir");
        write(dir.path(), &events);
        let data = dir.path().to_str().expect("UTF-8 path");
        let level = LEVELS[ceiling];
        let withheld: Vec<usize> = (0..events.len()).filter(|&i| events[i] < 5 && events[i] > ceiling).collect();
        let mut outputs = Vec::new();
        for args in [
            vec!["export", "--format", "json"],
            vec!["export", "--format", "csv"],
            vec!["export", "--format", "ics"],
            vec!["list", "events", "--format", "json"],
            vec!["list", "events"],
            vec!["list", "partners", "--format", "csv"],
            vec!["show", "freedonia", "--format", "json"],
            vec!["show", "ledger"],
        ] {
            let mut args = args.clone();
            args.extend(["--data", data, "--release", level]);
            let (stdout, stderr) = run(dir.path(), &args);
            prop_assert!(stderr.contains(&format!("withheld {}", withheld.len())), "{stderr}");
            outputs.push(stdout);
        }
        for i in &withheld {
            let show = attache(dir.path())
                .args(["show", &format!("wqevent{i}x"), "--data", data, "--release", level])
                .output()
                .expect("runs");
            prop_assert!(!show.status.success(), "a withheld event is shown");
            outputs.push(String::from_utf8_lossy(&show.stdout).into_owned());
        }
        for text in &outputs {
            for i in &withheld {
                for token in [format!("wqevent{i}x"), format!("Wqt{i}x"), format!("Wqs{i}x"), format!("Wql{i}x")] {
                    prop_assert!(!text.contains(&token), "{token} withheld but printed: {text}");
                }
            }
        }
        // What is released is exported: a check that can fail.
        for i in (0..events.len()).filter(|i| !withheld.contains(i)) {
            let token = format!("Wqt{i}x");
            prop_assert!(outputs[0].contains(&token));
        }
    }
}

#[test]
fn unknown_marking_levels_are_located_with_a_hint() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    write(dir.path(), &[0]);
    let events = dir.path().join("events/all.toml");
    let text = fs::read_to_string(&events).expect("read");
    fs::write(&events, text.replace("TLP:CLEAR", "tlp:amber")).expect("write");
    let out = attache(dir.path())
        .args([
            "list",
            "events",
            "--data",
            dir.path().to_str().expect("UTF-8"),
        ])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("unknown marking level `tlp:amber`"),
        "{stderr}"
    );
    assert!(stderr.contains("all.toml:10:11"), "{stderr}");
    assert!(stderr.contains("`TLP:AMBER`"), "{stderr}");
}

#[test]
fn the_retired_tlp_white_names_its_successor() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    write(dir.path(), &[0]);
    let out = attache(dir.path())
        .args([
            "export",
            "--data",
            dir.path().to_str().expect("UTF-8"),
            "--release",
            "TLP:WHITE",
        ])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("retired by TLP 2.0") && stderr.contains("TLP:CLEAR"),
        "{stderr}"
    );
}
