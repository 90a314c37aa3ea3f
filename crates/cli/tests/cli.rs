//! End-to-end tests of the `attache` binary: the PDFs it writes are read back as text.

mod util;

use util::{attache, fold_whitespace, pdf_text};

use std::fs;
use std::path::PathBuf;

use predicates::prelude::*;
use tempfile::TempDir;

/// A small dataset in a temporary folder, with the given events file.
fn dataset(events: &str) -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    let root = dir.path();
    fs::create_dir_all(root.join("partners")).expect("mkdir");
    fs::create_dir_all(root.join("events")).expect("mkdir");
    fs::write(
        root.join("sources.toml"),
        "[[source]]\nid = \"doc\"\ntitle = \"Test document\"\nauthor = \"A. Writer\"\npublisher = \"Test Press\"\ndate = \"2020\"\nkind = \"article\"\n",
    )
    .expect("write");
    fs::write(root.join("areas.toml"), "[[area]]\nid = \"military\"\nname = \"Military cooperation\"\nsummary = \"Armed forces.\"\n").expect("write");
    fs::write(
        root.join("periods.toml"),
        "[[period]]\nid = \"all\"\nname = \"All time\"\nstart = \"1900\"\nsummary = \"Everything.\"\nsources = [{ id = \"doc\", locator = \"p. 1\" }]\n",
    )
    .expect("write");
    fs::write(
        root.join("partners/testland.toml"),
        "id = \"testland\"\nname = \"Testland\"\nkind = \"state\"\niso3 = \"TST\"\naliases = [\"Republic of Testland\"]\nrelationship = \"partner\"\nsummary = \"A partner for tests.\"\nsources = [{ id = \"doc\", locator = \"p. 2\" }]\n",
    )
    .expect("write");
    fs::write(root.join("events/events.toml"), events).expect("write");
    dir
}

fn event(id: &str, date: &str, title: &str) -> String {
    format!(
        "[[event]]\nid = \"{id}\"\ndate = \"{date}\"\ntitle = {title}\nsummary = \"Summary of {id}.\"\nkind = \"agreement\"\nareas = [\"military\"]\npartners = [\"testland\"]\nsources = [{{ id = \"doc\", locator = \"p. 3\" }}]\n\n"
    )
}

#[test]
fn partner_brief_contains_the_sections_and_facts() {
    let dir = TempDir::new().expect("temp dir");
    attache(dir.path())
        .args(["report", "partner", "turkey"])
        .assert()
        .success();
    let text = pdf_text(&dir.path().join("reports/partner-turkey.pdf"));
    for expected in [
        "Türkiye",
        "Profile",
        "KEY FACTS",
        "Legal basis",
        "Chronology",
        "Sources",
        "Shusha Declaration signed by Azerbaijan and Türkiye",
        "15 June 2021",
        "15 September 2010",
        "UNCLASSIFIED",
        "Page 1 of",
        "1 January 2026",
    ] {
        assert!(text.contains(expected), "brief lacks {expected:?}:\n{text}");
    }
    // Events of other partners stay out of this brief.
    assert!(!text.contains("Partnership for Peace"), "{text}");
}

#[test]
fn partner_names_resolve_whatever_the_spelling() {
    let dir = TempDir::new().expect("temp dir");
    for name in [
        "turkey",
        "Türkiye",
        "TURKIYE",
        "TÜRKİYE",
        "TUR",
        "Turkish Republic",
    ] {
        let out = dir.path().join("out.typ");
        attache(dir.path())
            .args(["report", "partner", name, "--format", "typ", "-o"])
            .arg(&out)
            .assert()
            .success();
        let source = fs::read_to_string(&out).expect("typ written");
        assert!(
            source.contains("Türkiye: partner brief"),
            "{name} did not resolve to Türkiye"
        );
        fs::remove_file(&out).expect("remove");
    }
}

#[test]
fn unknown_partner_lists_close_matches_and_writes_nothing() {
    let dir = TempDir::new().expect("temp dir");
    attache(dir.path())
        .args(["report", "partner", "Turky"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no partner matches \"Turky\""))
        .stderr(predicate::str::contains("did you mean `turkey` (Türkiye)"));
    assert!(!dir.path().join("reports").exists());
}

#[test]
fn typ_output_is_the_generated_typst_source() {
    let dir = TempDir::new().expect("temp dir");
    attache(dir.path())
        .args(["report", "partner", "georgia", "--format", "typ"])
        .assert()
        .success();
    let source =
        fs::read_to_string(dir.path().join("reports/partner-georgia.typ")).expect("typ written");
    assert!(source.contains("#set document("), "{source}");
    assert!(
        source.contains("title: \"Georgia: partner brief\""),
        "{source}"
    );
}

#[test]
fn check_accepts_the_built_in_dataset() {
    let dir = TempDir::new().expect("temp dir");
    attache(dir.path())
        .arg("check")
        .assert()
        .success()
        .stdout(predicate::str::contains("dataset is valid"));
}

#[test]
fn check_reports_every_problem_with_its_location() {
    let mut events = event("ok-event", "2001-05", "\"Fine\"");
    events += &event("bad-date", "2001-02-30", "\"Bad date\"");
    events += "[[event]]\nid = \"unknown-partner\"\ndate = \"2002\"\ntitle = \"X\"\nsummary = \"Y\"\nkind = \"excercise\"\nareas = [\"military\"]\npartners = [\"testlnd\"]\nsources = [{ id = \"doc\", locator = \"p. 1\" }]\n";
    let data = dataset(&events);
    let assert = attache(data.path())
        .args(["check", "--data", "."])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("--> events/events.toml:13:8"), "{stderr}");
    assert!(
        stderr.contains("`2001-02-30` is not a day of the calendar"),
        "{stderr}"
    );
    assert!(
        stderr.contains("unknown event kind `excercise`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `exercise`?"), "{stderr}");
    assert!(stderr.contains("unknown partner `testlnd`"), "{stderr}");
    assert!(stderr.contains("did you mean `testland`?"), "{stderr}");
    assert!(stderr.contains("the dataset has 3 problems"), "{stderr}");
}

#[test]
fn data_values_print_verbatim_and_never_run_as_markup() {
    let hostile = [
        r##"#read("/etc/passwd")"##,
        "$x^2$ and *bold* _italic_",
        "= Not a heading",
        "- not a list; 1. nor this",
        "<label> @reference // not a comment /* nor this */",
        "{{ jinja }} {% if x %} [brackets] ~tilde \\backslash",
        "`raw` 'quotes' \"double\"",
        "Azərbaycan Respublikası",
        "Вооружённые силы",
    ];
    let events: String = hostile
        .iter()
        .enumerate()
        .map(|(i, title)| {
            event(
                &format!("e{i}"),
                &format!("20{i:02}"),
                &format!("'''{title}'''"),
            )
        })
        .collect();
    let data = dataset(&events);
    let out = data.path().join("brief.pdf");
    attache(data.path())
        .args(["report", "partner", "testland", "--data", ".", "-o"])
        .arg(&out)
        .assert()
        .success();
    let text = pdf_text(&out);
    for title in hostile {
        assert!(
            text.contains(&fold_whitespace(title)),
            "{title:?} not verbatim in:\n{text}"
        );
    }
    assert!(!text.contains("root:"), "file contents leaked into the PDF");
}

#[test]
fn identical_input_gives_identical_pdf() {
    let dir = TempDir::new().expect("temp dir");
    // A brief with a dot strip and a lane; a type report with a bar chart and a network.
    for report in [["partner", "georgia"], ["type", "military-technical"]] {
        let render = |name: &str| -> Vec<u8> {
            attache(dir.path())
                .arg("report")
                .args(report)
                .args(["-o", name])
                .assert()
                .success();
            fs::read(dir.path().join(name)).expect("written")
        };
        assert!(
            render("a.pdf") == render("b.pdf"),
            "two renders of {report:?} differ"
        );
    }
}

fn templates_with(partner_template: &str) -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    fs::write(dir.path().join("partner.typ.j2"), partner_template).expect("write");
    dir
}

#[test]
fn a_failed_render_keeps_the_previous_output() {
    let dir = TempDir::new().expect("temp dir");
    let out: PathBuf = dir.path().join("brief.pdf");
    fs::write(&out, b"previous brief").expect("write");
    let templates = templates_with(
        "{% extends \"base.typ.j2\" %}{% block body %}#undefined-function(){% endblock %}",
    );
    attache(dir.path())
        .args(["report", "partner", "turkey", "-o"])
        .arg(&out)
        .arg("--templates")
        .arg(templates.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown variable: undefined-function",
        ))
        .stderr(predicate::str::contains("was produced by partner.typ.j2:1"));
    assert_eq!(fs::read(&out).expect("still there"), b"previous brief");
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".attache-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn templates_cannot_read_outside_their_folder() {
    let dir = TempDir::new().expect("temp dir");
    let cases = [
        // Absolute paths are rooted at the templates folder, so this looks inside it.
        (r#"#read("/etc/passwd")"#, "file not found"),
        (r#"#read("../../../etc/passwd")"#, "outside"),
        (
            r#"#read("escape.txt")"#,
            "lies outside the templates folder",
        ),
        (
            r#"#import "@preview/cetz:0.3.0""#,
            "attache renders offline and loads no packages",
        ),
    ];
    for (attempt, refusal) in cases {
        let templates = templates_with(&format!(
            "{{% extends \"base.typ.j2\" %}}{{% block body %}}{attempt}{{% endblock %}}"
        ));
        std::os::unix::fs::symlink("/etc/passwd", templates.path().join("escape.txt"))
            .expect("symlink");
        let assert = attache(dir.path())
            .args(["report", "partner", "turkey", "--templates"])
            .arg(templates.path())
            .assert()
            .code(2)
            .stderr(predicate::str::contains(refusal));
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(!stderr.contains("root:x:0"), "{stderr}");
    }
    assert!(
        !dir.path().join("reports").exists(),
        "nothing is written on a refused read"
    );
}

#[test]
fn template_errors_name_the_template_line() {
    let dir = TempDir::new().expect("temp dir");
    let templates = templates_with(
        "{% extends \"base.typ.j2\" %}\n{% block body %}\n{{ partner.nonexistent_field }}\n{% endblock %}",
    );
    attache(dir.path())
        .args(["report", "partner", "turkey", "--templates"])
        .arg(templates.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("partner.typ.j2:3"));
}

#[test]
fn export_json_follows_the_contract() {
    let dir = TempDir::new().expect("temp dir");
    let out = attache(dir.path())
        .args(["export", "--format", "json"])
        .assert()
        .success();
    let json: serde_json::Value =
        serde_json::from_slice(&out.get_output().stdout).expect("valid JSON");
    for key in [
        "partners", "events", "figures", "periods", "areas", "sources",
    ] {
        assert!(
            json[key].as_array().is_some_and(|a| !a.is_empty()),
            "{key} missing or empty"
        );
    }
    let turkey = json["partners"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["id"] == "turkey"))
        .expect("turkey exported");
    assert_eq!(turkey["name"], "Türkiye");
    assert_eq!(turkey["iso3"], "TUR");
    assert!(
        turkey["aliases"]
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x == "Turkey"))
    );
    let shusha = json["events"]
        .as_array()
        .and_then(|es| es.iter().find(|e| e["id"] == "2021-shusha-declaration"))
        .expect("event exported");
    assert_eq!(shusha["date"], "2021-06-15");
    assert_eq!(shusha["kind"], "declaration");
    assert!(
        shusha["partners"]
            .as_array()
            .is_some_and(|p| p.iter().any(|x| x == "turkey"))
    );
    assert!(shusha["sources"][0]["id"].is_string() && shusha["sources"][0]["locator"].is_string());
}

#[test]
fn list_filters_events_and_speaks_csv_and_json() {
    let dir = TempDir::new().expect("temp dir");
    let out = attache(dir.path())
        .args([
            "list",
            "events",
            "--partner",
            "Türkiye",
            "--kind",
            "declaration",
            "--from",
            "2021",
            "--to",
            "2021",
            "--format",
            "csv",
        ])
        .assert()
        .success();
    let csv = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "id,date,date_qualifier,date_end,start,end,kind,partners,areas,title,summary,sources,location,status,date_inferred"
    );
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(
        lines[1]
            .starts_with("2021-shusha-declaration,2021-06-15,,,2021-06-15,2021-06-15,declaration,"),
        "{csv}"
    );

    let out = attache(dir.path())
        .args(["list", "types", "--format", "json"])
        .assert()
        .success();
    let json: serde_json::Value =
        serde_json::from_slice(&out.get_output().stdout).expect("valid JSON");
    assert!(
        json.as_array()
            .is_some_and(|a| a.iter().any(|t| t["id"] == "peacekeeping"))
    );

    attache(dir.path())
        .args(["list", "events", "--type", "peacekeep"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `peacekeeping`?"));
    attache(dir.path())
        .args(["list", "partners"])
        .assert()
        .success()
        .stdout(
            predicate::str::is_match(r"(?m)^ ?turkey\s+Türkiye\s+state\s+TUR\s+ally")
                .expect("regex"),
        );
}

#[test]
fn characters_no_font_can_draw_are_reported() {
    let data = dataset(&event("rocket", "2001", "\"Launch 🚀 day\""));
    attache(data.path())
        .args([
            "report", "partner", "testland", "--data", ".", "-o", "out.pdf",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: no embedded font has a glyph for \"🚀\" (U+1F680)",
        ));
}

#[test]
fn the_full_chronology_shows_every_event_title() {
    let dir = TempDir::new().expect("temp dir");
    let out = attache(dir.path())
        .args(["list", "events", "--format", "json"])
        .assert()
        .success();
    let events: serde_json::Value =
        serde_json::from_slice(&out.get_output().stdout).expect("valid JSON");
    attache(dir.path()).arg("chronology").assert().success();
    let text = pdf_text(&dir.path().join("reports/chronology.pdf"));
    let titles: Vec<&str> = events
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|e| e["title"].as_str())
        .collect();
    assert!(titles.len() > 100);
    for title in titles {
        assert!(
            text.contains(&fold_whitespace(title)),
            "chronology lacks {title:?}"
        );
    }
    for heading in [
        "Contents",
        "Azerbaijan Democratic Republic",
        "After the 44-day war",
        "Index of partners",
        "Sources",
    ] {
        assert!(text.contains(heading), "chronology lacks {heading:?}");
    }
}

#[test]
fn a_long_chronology_is_laid_out_in_parts_and_refuses_pdf_a() {
    let dir = TempDir::new().expect("temp dir");
    let data = dir.path().join("synthetic");
    xtask::synth(1_600, 12, 3, &data).expect("synthetic dataset");
    attache(dir.path())
        .args(["chronology", "--data", "synthetic", "-o", "long.pdf"])
        .args(["--pdf-standard", "a-2b"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--pdf-standard is not available"));
    assert!(!dir.path().join("long.pdf").exists());

    // Two parts at a time, and one.
    for (name, jobs) in [("long.pdf", "2"), ("one.pdf", "1")] {
        attache(dir.path())
            .args(["chronology", "--data", "synthetic", "-o", name])
            .args(["--jobs", jobs])
            .assert()
            .success()
            .stderr(predicate::str::contains("pages"));
    }
    let bytes = |name: &str| std::fs::read(dir.path().join(name)).expect("written");
    assert!(
        bytes("long.pdf") == bytes("one.pdf"),
        "one core and two differ"
    );
    attache(dir.path())
        .args(["chronology", "--data", "synthetic", "-o", "none.pdf"])
        .args(["-j", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--jobs"));
    let text = pdf_text(&dir.path().join("long.pdf"));
    for needle in [
        "Contents",
        "Synthetic early period",
        "Index of partners",
        "Sources",
        "Page 2 ",
    ] {
        assert!(
            text.contains(needle),
            "the long chronology lacks {needle:?}"
        );
    }
    for n in 0..1_600 {
        let summary = format!("Event {n} of the ");
        assert!(
            text.contains(&summary),
            "the long chronology lacks event {n}"
        );
    }
    // The total is unknown while a part is laid out: footers give the page alone.
    assert!(!text.contains("Page 2 of"));
}

#[test]
fn chronology_filters_combine() {
    let dir = TempDir::new().expect("temp dir");
    attache(dir.path())
        .args([
            "chronology",
            "--partner",
            "georgia",
            "--from",
            "2000",
            "--kind",
            "agreement",
            "-o",
            "ge.pdf",
        ])
        .assert()
        .success();
    let text = pdf_text(&dir.path().join("ge.pdf"));
    assert!(text.contains("Georgia: agreements since 2000"), "{text}");
    assert!(
        text.contains("Azerbaijan-Georgia defence ministries sign military cooperation agreement"),
        "{text}"
    );
    assert!(
        !text.contains("ADR and Georgia sign a military-defence agreement"),
        "a 1919 event passed --from 2000"
    );
    attache(dir.path())
        .args(["chronology", "--partner", "georgia", "--from", "2030"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no event matches these filters"));
}

#[test]
fn every_period_and_type_renders_a_report() {
    let dir = TempDir::new().expect("temp dir");
    let list = |what: &str| -> Vec<String> {
        let out = attache(dir.path())
            .args(["list", what, "--format", "json"])
            .assert()
            .success();
        let json: serde_json::Value =
            serde_json::from_slice(&out.get_output().stdout).expect("valid JSON");
        json.as_array()
            .expect("array")
            .iter()
            .filter_map(|r| r["id"].as_str().map(str::to_owned))
            .collect()
    };
    for (what, command) in [("periods", "period"), ("types", "type")] {
        for id in list(what) {
            attache(dir.path())
                .args(["report", command, &id])
                .assert()
                .success();
            let text = pdf_text(&dir.path().join(format!("reports/{command}-{id}.pdf")));
            assert!(text.contains("Page 1 of"), "{command} {id}: {text}");
        }
    }
    let text = pdf_text(&dir.path().join("reports/period-post-2020.pdf"));
    assert!(
        text.contains("What characterised the period") && text.contains("Shusha Declaration"),
        "{text}"
    );
    let text = pdf_text(&dir.path().join("reports/type-peacekeeping.pdf"));
    assert!(
        text.contains("Partners active in this area") && text.contains("peacekeeping"),
        "{text}"
    );
}

#[test]
fn periods_can_be_spans_of_years() {
    let dir = TempDir::new().expect("temp dir");
    attache(dir.path())
        .args(["report", "period", "2003..2013"])
        .assert()
        .success();
    let text = pdf_text(&dir.path().join("reports/period-2003-2013.pdf"));
    assert!(
        text.contains("2003–2013") && text.contains("15 September 2010"),
        "{text}"
    );
    attache(dir.path())
        .args(["report", "period", "2016.."])
        .assert()
        .success();
    assert!(dir.path().join("reports/period-2016-onwards.pdf").exists());
    attache(dir.path())
        .args(["report", "period", "2013..2003"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("ends before it starts"));
    attache(dir.path())
        .args(["report", "period", "post-2021"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `post-2020`?"));
    attache(dir.path())
        .args(["report", "type", "peacekeping"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `peacekeeping`?"));
}

#[test]
fn images_are_written_one_per_page() {
    let dir = TempDir::new().expect("temp dir");
    attache(dir.path())
        .args([
            "report", "partner", "georgia", "--format", "png", "--ppi", "30",
        ])
        .assert()
        .success();
    let first = fs::read(dir.path().join("reports/partner-georgia-1.png")).expect("first page");
    assert!(first.starts_with(b"\x89PNG"));
    assert!(dir.path().join("reports/partner-georgia-2.png").exists());
    attache(dir.path())
        .args(["report", "partner", "georgia", "--format", "svg"])
        .assert()
        .success();
    let svg =
        fs::read_to_string(dir.path().join("reports/partner-georgia-1.svg")).expect("svg page");
    assert!(svg.contains("<svg"));
}

#[test]
fn pdf_a_is_available_for_archives() {
    let dir = TempDir::new().expect("temp dir");
    attache(dir.path())
        .args([
            "report",
            "partner",
            "georgia",
            "--pdf-standard",
            "a-2b",
            "-o",
            "a.pdf",
        ])
        .assert()
        .success();
    let bytes = fs::read(dir.path().join("a.pdf")).expect("written");
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("pdfaid:part") || text.contains("pdfaid:part=\"2\""),
        "no PDF/A identification"
    );
}

#[test]
fn pdf_ua_is_available_alone_and_with_pdf_a_and_a_clash_is_explained() {
    let dir = TempDir::new().expect("temp dir");
    for (args, name) in [
        (&["--pdf-standard", "ua-1"][..], "ua.pdf"),
        (
            &["--pdf-standard", "ua-1", "--pdf-standard", "a-2b"],
            "ua-a.pdf",
        ),
        (&["--pdf-standard", "ua-1,a-2b"], "ua-a-comma.pdf"),
    ] {
        attache(dir.path())
            .args(["report", "partner", "turkey", "-o", name])
            .args(args)
            .assert()
            .success();
        let bytes = fs::read(dir.path().join(name)).expect("written");
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            text.contains("pdfuaid:part"),
            "{name}: no PDF/UA identification"
        );
        assert_eq!(
            text.contains("pdfaid:part"),
            args.len() > 2 || args[1].contains(',')
        );
    }
    attache(dir.path())
        .args([
            "report",
            "partner",
            "turkey",
            "--pdf-standard",
            "a-2b,a-3b",
            "-o",
            "x.pdf",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("cannot be combined"))
        .stderr(predicate::str::contains("at most one PDF/A"));
    assert!(!dir.path().join("x.pdf").exists());
}

#[test]
fn html_is_one_page_per_report_and_a_site_with_report_all() {
    let dir = TempDir::new().expect("temp dir");
    attache(dir.path())
        .args(["report", "partner", "turkey", "--format", "html"])
        .assert()
        .success();
    let page = fs::read_to_string(dir.path().join("reports/partner-turkey.html")).expect("page");
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("<html lang=\"en\">"));
    assert!(
        !page.contains("href=\"index.html\""),
        "a lone page links to no index"
    );
    let assert = attache(dir.path())
        .args(["report", "all", "--format", "html", "--out-dir", "site"])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("reports to site") && !stderr.contains("pages"),
        "{stderr}"
    );
    let index = fs::read_to_string(dir.path().join("site/index.html")).expect("index");
    assert!(index.contains("href=\"partner-turkey.html\""), "{index}");
    let turkey = fs::read_to_string(dir.path().join("site/partner-turkey.html")).expect("page");
    assert!(turkey.contains("href=\"index.html\""));
}

#[test]
fn report_all_renders_everything() {
    let dir = TempDir::new().expect("temp dir");
    let assert = attache(dir.path())
        .args(["report", "all", "--out-dir", "all"])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    let files: Vec<String> = fs::read_dir(dir.path().join("all"))
        .expect("folder")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(files.contains(&"chronology.pdf".to_owned()));
    assert!(files.contains(&"partner-turkey.pdf".to_owned()));
    assert!(files.contains(&"period-post-2020.pdf".to_owned()));
    assert!(files.contains(&"type-peacekeeping.pdf".to_owned()));
    assert!(
        stderr.contains(&format!("wrote {} reports", files.len())),
        "{stderr}"
    );
}

#[test]
fn diagnostics_print_as_json_one_object_per_line() {
    let mut events = event("bad-date", "2001-02-30", "\"Bad date\"");
    events += &event("typo", "2002", "\"Typo\"").replace("testland", "testlnd");
    let data = dataset(&events);
    let assert = attache(data.path())
        .args(["check", "--data", ".", "--diagnostic-format", "json"])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    let objects: Vec<serde_json::Value> = stderr
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is one JSON object"))
        .collect();
    assert_eq!(objects.len(), 3, "two problems and the summary:\n{stderr}");
    let typo = &objects[1];
    assert_eq!(typo["severity"], "error");
    assert_eq!(typo["file"], "events/events.toml");
    assert_eq!(
        (typo["line"].as_u64(), typo["column"].as_u64()),
        (Some(18), Some(13))
    );
    assert_eq!(typo["message"], "unknown partner `testlnd`");
    assert_eq!(typo["hints"][0], "did you mean `testland`?");
    assert_eq!(objects[2]["message"], "the dataset has 2 problems");

    let short = attache(data.path())
        .args(["check", "--data", ".", "--diagnostic-format", "short"])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&short.get_output().stderr).into_owned();
    assert!(
        stderr.contains("events/events.toml:18:13: error: unknown partner `testlnd`"),
        "{stderr}"
    );
}

#[test]
fn typst_warnings_reach_the_user_with_their_template_line() {
    let data = dataset(&event("one", "2001", "\"One\""));
    let templates = data.path().join("my-templates");
    fs::create_dir_all(&templates).expect("mkdir");
    fs::write(
        templates.join("partner.typ.j2"),
        "#set text(font: \"No Such Font\")\nHello.\n",
    )
    .expect("write");
    attache(data.path())
        .args([
            "report",
            "partner",
            "testland",
            "--data",
            ".",
            "--templates",
            "my-templates",
            "-o",
            "out.pdf",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: unknown font family: no such font",
        ))
        .stderr(predicate::str::contains("--> generated.typ:1:"))
        .stderr(predicate::str::contains("was produced by partner.typ.j2:1"));
}
