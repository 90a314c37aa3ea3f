//! The command line and the reports answer the same question the same way: for every period
//! and every cooperation area of the built-in dataset, the events `attache show <id>` lists
//! are exactly the events the report holds.

mod util;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use tempfile::TempDir;
use util::attache;

/// The ids of the events a generated Typst source holds: those whose entry carries a label.
///
/// Events a report only mentions (the other side of a disputed fact, outside the report) are
/// linked to, not labelled, so they are not counted. This is the one place that knows how an
/// event's entry is labelled; change it here if the templates change.
fn events_in_typst(source: &str, candidates: &BTreeSet<String>) -> BTreeSet<String> {
    candidates
        .iter()
        .filter(|id| source.contains(&format!("#label(\"{}\")", typst_label(id))))
        .cloned()
        .collect()
}

/// An event id as a Typst label name, as the generator writes it: in its own namespace.
fn typst_label(id: &str) -> String {
    format!("event:{id}")
}

fn json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let out = attache(dir).args(args).assert().success();
    serde_json::from_slice(&out.get_output().stdout).expect("valid JSON")
}

fn ids(value: &serde_json::Value) -> BTreeSet<String> {
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|v| {
            v.as_str()
                .or_else(|| v["id"].as_str())
                .expect("an id")
                .to_owned()
        })
        .collect()
}

#[test]
fn show_lists_the_events_each_period_and_area_report_holds() {
    let dir = TempDir::new().expect("temp dir");
    let all = ids(&json(dir.path(), &["list", "events", "--format", "json"]));
    let mut checked = 0;
    for (list, kind, command) in [("periods", "period", "period"), ("types", "area", "type")] {
        for id in ids(&json(dir.path(), &["list", list, "--format", "json"])) {
            let shown = json(
                dir.path(),
                &["show", &id, "--kind", kind, "--format", "json"],
            );
            let shown = ids(&shown["events"]);
            let path = dir.path().join(format!("{command}-{id}.typ"));
            let path_arg = path.to_string_lossy().into_owned();
            attache(dir.path())
                .args(["report", command, &id, "--format", "typ", "-o", &path_arg])
                .assert()
                .success();
            let source = fs::read_to_string(&path).expect("typ written");
            let reported = events_in_typst(&source, &all);
            assert_eq!(
                shown, reported,
                "`attache show {id}` and `attache report {command} {id}` disagree"
            );
            // The text form prints the same count.
            let text = attache(dir.path())
                .args(["show", &id, "--kind", kind])
                .assert()
                .success();
            let text = String::from_utf8_lossy(&text.get_output().stdout).into_owned();
            assert!(
                text.contains(&format!("Events: {} (see", shown.len())),
                "{id}: {text}"
            );
            checked += 1;
        }
    }
    assert!(checked > 5, "only {checked} periods and areas");
}
