//! Disagreements between sources, predecessor states and inferred dates, as a reader meets
//! them in the built-in dataset: in the PDF text of the reports, in `show`, `list` and the
//! exports.

mod util;

use std::fs;
use std::path::Path;

use tempfile::TempDir;
use util::{attache, pdf_text};

/// Renders a report of the built-in dataset and returns its text, runs of whitespace folded.
fn report(dir: &Path, args: &[&str]) -> String {
    let path = dir.join("report.pdf");
    let path_arg = path.to_string_lossy().into_owned();
    attache(dir)
        .arg("report")
        .args(args)
        .args(["-o", &path_arg])
        .assert()
        .success();
    pdf_text(&path)
}

/// The text of a report's "Where sources differ" section, up to the next section.
fn where_sources_differ(text: &str) -> &str {
    let start = text
        .rfind("Where sources differ")
        .unwrap_or_else(|| panic!("no \"Where sources differ\":\n{text}"));
    let rest = &text[start..];
    let end = rest.find(". Sources ").unwrap_or(rest.len());
    &rest[..end]
}

/// Whether `phrase` in `text` is followed, after optional spaces, by an endnote number.
fn cited(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(i, _)| {
        let after = text[i + phrase.len()..].trim_start();
        after.starts_with(|c: char| c.is_ascii_digit())
    })
}

fn stdout(dir: &Path, args: &[&str]) -> String {
    let out = attache(dir).args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).expect("UTF-8")
}

#[test]
fn the_2009_budget_disagreement_shows_all_three_values_with_their_sources() {
    let dir = TempDir::new().expect("temp dir");
    let text = report(dir.path(), &["period", "modernisation-2003-2020"]);
    let section = where_sources_differ(&text);
    let media = section
        .find("$2.46 billion")
        .unwrap_or_else(|| panic!("media figure missing:\n{section}"));
    let against = section[media..]
        .find("against")
        .expect("the other values follow");
    let rest = &section[media + against..];
    assert!(rest.contains("$1.473 billion"), "{section}");
    assert!(rest.contains("$1.5 billion"), "{section}");
    // Each value carries its own endnote.
    for claim in [
        "according to Azerbaijani media (2009)",
        "according to SIPRI (2009)",
        "according to the IISS (2009)",
    ] {
        assert!(
            cited(section, claim),
            "{claim:?} without a note:\n{section}"
        );
    }
    // The three values make one entry: no value heads a second one.
    assert_eq!(section.matches("$1.473 billion").count(), 1, "{section}");
    // The other disagreements the period holds.
    for value in [
        "126,000",
        "56,840",
        "85,000",
        "7,900",
        "some 8,000",
        "2,000",
    ] {
        assert!(section.contains(value), "{value} missing:\n{section}");
    }
    // The event disagreement of the period is still there.
    assert!(section.contains("Türkiye and Azerbaijan sign military assistance agreement"));
}

#[test]
fn a_report_holding_one_side_prints_the_other_with_its_citation() {
    let dir = TempDir::new().expect("temp dir");
    // 2008 holds Blandy's strength figures, not the IISS figures of 2010 they dispute.
    let text = report(dir.path(), &["period", "2008..2008"]);
    let section = where_sources_differ(&text);
    assert!(section.contains("85,000"), "{section}");
    assert!(
        cited(
            section,
            "personnel of the land forces (IISS; reference is The Military Balance 2010) (2010)"
        ),
        "the 2010 side is printed with its note:\n{section}"
    );
    assert!(section.contains("some 8,000"), "{section}");
    assert!(section.contains("7,900"), "{section}");
}

#[test]
fn a_disputed_figure_says_so_in_the_figures_table() {
    let dir = TempDir::new().expect("temp dir");
    let source = typ(dir.path(), &["period", "modernisation-2003-2020"]);
    let row = source
        .lines()
        .find(|l| l.contains("#label(\"figure:2009-defence-budget-sipri\")"))
        .expect("the SIPRI figure's row is labelled");
    assert!(row.contains("Sources differ"), "{row}");
    assert!(
        row.contains("#xref(\"figure:2009-defence-budget-media\")"),
        "links to the other value's row: {row}"
    );
}

#[test]
fn the_turkiye_brief_shows_the_1918_treaty_as_the_ottoman_empires() {
    let dir = TempDir::new().expect("temp dir");
    let text = report(dir.path(), &["partner", "turkey"]);
    let title = "ADR and Ottoman Türkiye sign a treaty of friendship";
    let at = text.rfind(title).expect("the treaty is in the chronology");
    let entry = &text[at..(at + 800).min(text.len())];
    // The tag is set in spaced capitals, which the text extraction may split ("OT TOMAN").
    assert!(
        entry
            .replace(' ', "")
            .contains("OTTOMANEMPIRE(PREDECESSOR)"),
        "the entry is tagged as the predecessor's: {entry}"
    );
    assert!(entry.contains("With Ottoman Empire."), "{entry}");
    assert!(
        text.contains("Predecessor states: Ottoman Empire."),
        "{text}"
    );
    assert!(text.contains("Events of predecessor states"), "{text}");
    // The key facts count Türkiye's own events: the first is of 1992, not 1918, and the
    // predecessor's event is counted apart.
    let source = typ(dir.path(), &["partner", "turkey"]);
    let fact = |label: &str| {
        let at = source
            .find(&format!("[{label}"))
            .unwrap_or_else(|| panic!("{label}"));
        let value_end = source[..at].rfind("] \\ ").expect("value before label");
        let value_start = source[..value_end].rfind(")[").expect("value") + 2;
        // A date in words is set without hyphenation.
        let value = &source[value_start..value_end];
        let value = (value.strip_prefix("#text(hyphenate: false)[")).unwrap_or(value);
        value.trim_end_matches("];").replace('\u{a0}', " ")
    };
    // "Since 1992" comes after the dated events of 1992 (see `attache_core::chronological`).
    assert_eq!(fact("First recorded event"), "11 August 1992");
    assert_eq!(fact("Events of predecessor states (Ottoman Empire)"), "1");
    let own = stdout(dir.path(), &["show", "turkey", "--format", "json"]);
    let own: serde_json::Value = serde_json::from_str(&own).expect("JSON");
    let count = own["events"].as_array().expect("events").len();
    assert_eq!(fact("Recorded events"), count.to_string());
}

/// The Typst source of a report of the built-in dataset.
fn typ(dir: &Path, args: &[&str]) -> String {
    let path = dir.join("report.typ");
    let path_arg = path.to_string_lossy().into_owned();
    attache(dir)
        .arg("report")
        .args(args)
        .args(["--format", "typ", "-o", &path_arg])
        .assert()
        .success();
    fs::read_to_string(&path).expect("typ written")
}

#[test]
fn the_russia_brief_shows_soviet_events_labelled() {
    let dir = TempDir::new().expect("temp dir");
    let text = report(dir.path(), &["partner", "russia"]);
    for title in [
        "Red Army invades; ADR absorbed into the Soviet Union",
        "Transfer of Soviet 4th Army and 49th Arsenal property completed",
    ] {
        let at = text
            .rfind(title)
            .unwrap_or_else(|| panic!("{title} missing"));
        let entry = &text[at..(at + 200).min(text.len())];
        assert!(
            entry.replace(' ', "").contains("SOVIETUNION(PREDECESSOR)"),
            "{entry}"
        );
    }
    assert!(text.contains("Predecessor states: Soviet Union."), "{text}");
}

#[test]
fn the_soviet_unions_brief_names_its_successor() {
    let dir = TempDir::new().expect("temp dir");
    let text = report(dir.path(), &["partner", "soviet-union"]);
    assert!(text.contains("Continued by: Russia."), "{text}");
    assert!(
        !text.contains("(PREDECESSOR)"),
        "its own events are not tagged: {text}"
    );
}

#[test]
fn inferred_dates_are_marked_in_reports_show_and_exports() {
    let dir = TempDir::new().expect("temp dir");
    let text = report(dir.path(), &["partner", "turkey"]);
    assert!(text.contains("By 2002 (inferred)"), "{text}");
    let shown = stdout(
        dir.path(),
        &["show", "2002-kosovo-platoon-turkish-battalion"],
    );
    assert!(
        shown.contains("Date:         by 2002 (inferred)"),
        "{shown}"
    );
    let listed = stdout(
        dir.path(),
        &["list", "events", "--partner", "turkey", "--format", "csv"],
    );
    // The CSV gives the date as the data does, with `date_inferred` saying it is inferred.
    let kosovo = listed
        .lines()
        .find(|l| l.starts_with("2002-kosovo-platoon-turkish-battalion,2002,by,"))
        .expect("row");
    assert!(kosovo.ends_with(",true"), "{kosovo}");
    let csv = stdout(dir.path(), &["export", "--format", "csv"]);
    let mut lines = csv.lines();
    let header = lines.next().expect("header");
    assert!(header.ends_with(",status,date_inferred"), "{header}");
    let row = lines
        .find(|l| l.starts_with("2011-vienna-document-csbm,"))
        .expect("row");
    assert!(row.ends_with(",true"), "{row}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(dir.path(), &["export", "--format", "json"])).expect("JSON");
    let events = json["events"].as_array().expect("events");
    let find = |id: &str| events.iter().find(|e| e["id"] == id).expect("event");
    assert_eq!(find("2020-uk-demining-support")["date_inferred"], true);
    assert_eq!(find("2021-shusha-declaration")["date_inferred"], false);
}

#[test]
fn figures_and_predecessor_links_are_exported() {
    let dir = TempDir::new().expect("temp dir");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(dir.path(), &["export", "--format", "json"])).expect("JSON");
    let figures = json["figures"].as_array().expect("figures");
    let iiss = figures
        .iter()
        .find(|f| f["id"] == "2009-defence-budget-iiss")
        .expect("figure exported with its id");
    assert_eq!(iiss["value"], "$1.5 billion");
    let others: Vec<&str> = iiss["conflicts_with"]
        .as_array()
        .expect("conflicts_with")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(
        others,
        ["2009-defence-budget-media", "2009-defence-budget-sipri"]
    );
    let partners = json["partners"].as_array().expect("partners");
    let ottoman = partners
        .iter()
        .find(|p| p["id"] == "ottoman-empire")
        .expect("partner");
    assert_eq!(ottoman["predecessor_of"], "turkey");
    let treaty = json["events"]
        .as_array()
        .and_then(|es| {
            es.iter()
                .find(|e| e["id"] == "1918-adr-ottoman-friendship-treaty")
        })
        .expect("event");
    assert_eq!(treaty["partners"], serde_json::json!(["ottoman-empire"]));
}

#[test]
fn show_prints_a_figure_by_id_with_the_values_that_dispute_it() {
    let dir = TempDir::new().expect("temp dir");
    let text = stdout(dir.path(), &["show", "2009-defence-budget-sipri"]);
    assert!(
        text.starts_with("Figure 2009-defence-budget-sipri\n"),
        "{text}"
    );
    assert!(text.contains("Value:        $1.473 billion"), "{text}");
    assert!(text.contains("Sources differ"), "{text}");
    assert!(
        text.contains("$2.46 billion (2009-defence-budget-media)"),
        "{text}"
    );
    assert!(
        text.contains("$1.5 billion (2009-defence-budget-iiss)"),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(
        dir.path(),
        &[
            "show",
            "2009-defence-budget-sipri",
            "--kind",
            "figure",
            "--format",
            "json",
        ],
    ))
    .expect("JSON");
    assert_eq!(json["kind"], "figure");
    assert_eq!(json["record"]["id"], "2009-defence-budget-sipri");
    assert_eq!(json["conflicts"][0]["value"], "$2.46 billion");
    assert_eq!(json["sources"][0]["locator"], "lead, para 3");
    // A typo gets the closest id.
    attache(dir.path())
        .args(["show", "2009-defence-budget-sipr", "--kind", "figure"])
        .assert()
        .failure()
        .stderr(predicates::str::contains(
            "did you mean `2009-defence-budget-sipri`",
        ));
    let listed = stdout(dir.path(), &["list", "figures", "--format", "csv"]);
    assert!(
        listed.starts_with("id,value,as_of,partners,what\n"),
        "{listed}"
    );
    assert!(
        listed.contains("2009-defence-budget-sipri,$1.473 billion,2009,,"),
        "{listed}"
    );
}

#[test]
fn show_lists_a_states_predecessor_events_apart_from_its_own() {
    let dir = TempDir::new().expect("temp dir");
    let text = stdout(dir.path(), &["show", "turkey"]);
    assert!(
        text.contains("Predecessors: Ottoman Empire (ottoman-empire)"),
        "{text}"
    );
    let ottoman = stdout(dir.path(), &["show", "ottoman-empire"]);
    assert!(
        ottoman.contains("Continued by: Türkiye (turkey)"),
        "{ottoman}"
    );
    let own = text.find("\nEvents (").expect("own events");
    let inherited = text
        .find("\nEvents of predecessor states (1; Ottoman Empire):")
        .expect("predecessor events");
    assert!(own < inherited);
    assert!(
        text[inherited..].contains("1918-adr-ottoman-friendship-treaty"),
        "{text}"
    );
    assert!(!text[own..inherited].contains("1918-adr-ottoman-friendship-treaty"));
    let json: serde_json::Value =
        serde_json::from_str(&stdout(dir.path(), &["show", "turkey", "--format", "json"]))
            .expect("JSON");
    assert_eq!(json["predecessors"], serde_json::json!(["ottoman-empire"]));
    assert_eq!(
        json["predecessor_events"][0],
        serde_json::json!({ "id": "1918-adr-ottoman-friendship-treaty", "predecessor": "ottoman-empire" })
    );
}
