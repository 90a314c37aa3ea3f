//! Customisable templates: init, per-file override with fallback, briefing settings, the
//! marking on every page, located errors, watch mode, and the documented variables.

mod util;

use util::{attache, pdf_text, repo};

use std::fs;
use std::process::{Child, Command as Process, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::cargo_bin;
use predicates::prelude::*;
use tempfile::TempDir;

/// "Page 3 of 7" -> 7.
fn page_count(text: &str) -> usize {
    let at = text.find("Page 1 of ").expect("a page footer") + "Page 1 of ".len();
    text[at..]
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a page count")
}

#[test]
fn init_writes_the_built_in_files_and_refuses_to_overwrite() {
    let dir = TempDir::new().expect("temp dir");
    attache(dir.path())
        .args(["templates", "init", "mine"])
        .assert()
        .success();
    for file in [
        "base.typ.j2",
        "macros.typ.j2",
        "partner.typ.j2",
        "period.typ.j2",
        "type.typ.j2",
        "chronology.typ.j2",
        "briefing.toml",
        "labels/en.toml",
        "reference.docx",
    ] {
        assert!(
            dir.path().join("mine").join(file).is_file(),
            "{file} not written"
        );
    }
    fs::write(dir.path().join("mine/partner.typ.j2"), "my own work").expect("write");
    attache(dir.path())
        .args(["templates", "init", "mine"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already holds"))
        .stderr(predicate::str::contains("partner.typ.j2"))
        .stderr(predicate::str::contains("--force"));
    assert_eq!(
        fs::read_to_string(dir.path().join("mine/partner.typ.j2")).expect("read"),
        "my own work"
    );
    attache(dir.path())
        .args(["templates", "init", "mine", "--force"])
        .assert()
        .success();
    assert_ne!(
        fs::read_to_string(dir.path().join("mine/partner.typ.j2")).expect("read"),
        "my own work"
    );
    // The written files render as they are.
    attache(dir.path())
        .args([
            "report",
            "partner",
            "georgia",
            "--templates",
            "mine",
            "-o",
            "g.pdf",
        ])
        .assert()
        .success();
}

#[test]
fn list_says_where_each_template_comes_from() {
    let dir = TempDir::new().expect("temp dir");
    fs::write(
        dir.path().join("partner.typ.j2"),
        "{#- partner.typ.j2: my brief. -#}",
    )
    .expect("write");
    fs::write(
        dir.path().join("extra.typ.j2"),
        "{#- extra.typ.j2: a helper of mine. -#}",
    )
    .expect("write");
    let out = attache(dir.path())
        .args(["templates", "list", "--templates", "."])
        .assert()
        .success();
    let listing = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        listing.lines().any(|l| l.starts_with("partner.typ.j2")
            && l.contains("your folder")
            && l.contains("my brief")),
        "{listing}"
    );
    assert!(
        listing.lines().any(|l| l.starts_with("base.typ.j2")
            && l.contains("built in")
            && l.contains("page setup")),
        "{listing}"
    );
    assert!(
        listing
            .lines()
            .any(|l| l.starts_with("extra.typ.j2") && l.contains("extra")),
        "{listing}"
    );
}

#[test]
fn one_overridden_template_with_settings_makes_a_two_page_read_ahead() {
    let dir = TempDir::new().expect("temp dir");
    attache(dir.path())
        .args(["report", "partner", "turkey", "-o", "ra.pdf", "--templates"])
        .arg(repo("tests/fixtures/read-ahead"))
        .assert()
        .success();
    let text = pdf_text(&dir.path().join("ra.pdf"));
    assert_eq!(page_count(&text), 2, "{text}");
    for expected in [
        "Where we stand",
        "Latest instruments",
        "Most recent contacts",
        "Shusha Declaration",
        "Defence Policy Directorate",
    ] {
        assert!(
            text.contains(expected),
            "read-ahead lacks {expected:?}: {text}"
        );
    }
    // Two markings a page: header and footer, from the built-in base template.
    assert_eq!(text.matches("TLP:AMBER").count(), 4, "{text}");
}

#[test]
fn the_marking_is_on_every_page_of_a_long_report() {
    let dir = TempDir::new().expect("temp dir");
    fs::write(
        dir.path().join("briefing.toml"),
        "classification = \"TLP:RED\"\nlanguage = \"ru\"\n",
    )
    .expect("write");
    attache(dir.path())
        .args([
            "report",
            "partner",
            "turkey",
            "--templates",
            ".",
            "-o",
            "t.pdf",
        ])
        .assert()
        .success();
    let text = pdf_text(&dir.path().join("t.pdf"));
    let pages = text.matches("Стр. ").count();
    assert!(pages >= 5, "expected a long report: {text}");
    assert_eq!(text.matches("TLP:RED").count(), 2 * pages, "{text}");
    assert!(
        text.contains("Правовая база") && text.contains("Источники"),
        "Russian labels missing: {text}"
    );
}

#[test]
fn settings_errors_are_located_with_suggestions() {
    let dir = TempDir::new().expect("temp dir");
    let cases = [
        (
            "paper = \"a44\"\n",
            "briefing.toml:1:9",
            "did you mean `a4`?",
        ),
        (
            "organisation = \"MoD\"\n",
            "briefing.toml:1:1",
            "did you mean `organization`?",
        ),
        (
            "logo = \"missing.png\"\n",
            "briefing.toml:1:8",
            "not found in the templates folder",
        ),
        (
            "logo = \"../outside.png\"\n",
            "briefing.toml:1:8",
            "outside the templates folder",
        ),
        (
            "sections = [\"chronolgy\"]\n",
            "briefing.toml:1:13",
            "did you mean `chronology`?",
        ),
    ];
    fs::write(dir.path().join("outside.png"), b"png").expect("write");
    fs::create_dir(dir.path().join("t")).expect("mkdir");
    for (settings, location, hint) in cases {
        fs::write(dir.path().join("t/briefing.toml"), settings).expect("write");
        attache(dir.path())
            .args([
                "report",
                "partner",
                "turkey",
                "--templates",
                "t",
                "-o",
                "x.pdf",
            ])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(location))
            .stderr(predicate::str::contains(hint));
        assert!(!dir.path().join("x.pdf").exists());
    }
    // --config names a settings file anywhere.
    fs::write(dir.path().join("elsewhere.toml"), "paper = \"letter\"\n").expect("write");
    attache(dir.path())
        .args(["report", "partner", "turkey", "--config", "elsewhere.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("elsewhere.toml:1:9"))
        .stderr(predicate::str::contains("did you mean `us-letter`?"));
}

/// Kills the watching process when the test ends, whatever happens.
struct Watching(Child);

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done() {
        assert!(Instant::now() < deadline, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn watch_renders_again_after_a_change_and_survives_errors() {
    let dir = TempDir::new().expect("temp dir");
    let templates = dir.path().join("t");
    fs::create_dir(&templates).expect("mkdir");
    let template = |heading: &str| {
        format!(
            "{{% extends \"base.typ.j2\" %}}{{% block body %}}= {heading} {{{{ partner.name }}}}{{% endblock %}}"
        )
    };
    fs::write(templates.join("partner.typ.j2"), template("First")).expect("write");
    let out = dir.path().join("out.typ");
    let _watching = Watching(
        Process::new(cargo_bin("attache"))
            .args([
                "report", "partner", "georgia", "--format", "typ", "--watch", "-o",
            ])
            .arg(&out)
            .arg("--templates")
            .arg(&templates)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("attache starts"),
    );
    let contains = |text: &str| fs::read_to_string(&out).is_ok_and(|s| s.contains(text));
    wait_for("the first render", || contains("= First Georgia"));
    fs::write(
        templates.join("partner.typ.j2"),
        "{% block body %}{{ broken",
    )
    .expect("write");
    std::thread::sleep(Duration::from_millis(600));
    assert!(
        contains("= First Georgia"),
        "a failed render replaced the output"
    );
    fs::write(templates.join("partner.typ.j2"), template("Second")).expect("write");
    wait_for("the render after the change", || {
        contains("= Second Georgia")
    });
}

#[test]
fn watch_needs_something_to_watch() {
    let dir = TempDir::new().expect("temp dir");
    attache(dir.path())
        .args(["report", "partner", "georgia", "--watch"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--watch has nothing to watch"));
}

/// The variables docs/templates.md lists, by the report that receives them.
fn documented_variables() -> Vec<(String, String)> {
    let doc = fs::read_to_string(repo("docs/templates.md")).expect("docs/templates.md");
    let body = doc
        .split("## Variables")
        .nth(1)
        .expect("a Variables section");
    let body = body.split("\n## ").next().unwrap_or(body);
    let mut section = String::new();
    let mut found = Vec::new();
    for line in body.lines() {
        if let Some(heading) = line.strip_prefix("### ") {
            section = heading.trim_matches('`').to_owned();
        } else if let Some(cell) = line.strip_prefix("| `") {
            let variable = cell.split('`').next().unwrap_or_default();
            found.push((section.clone(), variable.to_owned()));
        }
    }
    found
}

/// A Jinja expression that prints a documented variable, looping through `[]` lists.
fn probe(variable: &str) -> String {
    let parts: Vec<&str> = variable.split("[].").collect();
    let mut open = String::new();
    let mut close = String::new();
    let mut scope = parts[0].to_owned();
    for (depth, part) in parts[1..].iter().enumerate() {
        open.push_str(&format!("{{% for x{depth} in {scope} %}}"));
        close.insert_str(0, "{% endfor %}");
        scope = format!("x{depth}.{part}");
    }
    format!("{open}[{{{{ {scope} }}}}]{close}\n")
}

#[test]
fn every_documented_variable_exists() {
    let variables = documented_variables();
    assert!(
        variables.len() > 80,
        "only {} variables documented",
        variables.len()
    );
    let reports: [(&str, &[&str], &[&str]); 4] = [
        (
            "partner.typ.j2",
            &[
                "Every report",
                "Partner, period and type reports",
                "partner.typ.j2",
            ],
            &["report", "partner", "turkey"],
        ),
        (
            "period.typ.j2",
            &[
                "Every report",
                "Partner, period and type reports",
                "period.typ.j2",
            ],
            &["report", "period", "regular-army-1993-2003"],
        ),
        (
            "type.typ.j2",
            &[
                "Every report",
                "Partner, period and type reports",
                "type.typ.j2",
            ],
            &["report", "type", "peacekeeping"],
        ),
        (
            "chronology.typ.j2",
            &["Every report", "chronology.typ.j2"],
            &["chronology"],
        ),
    ];
    let mut checked = 0;
    for (template, sections, command) in reports {
        let dir = TempDir::new().expect("temp dir");
        let probes: String = variables
            .iter()
            .filter(|(s, _)| sections.contains(&s.as_str()))
            .map(|(_, v)| probe(v))
            .collect();
        checked += probes.lines().count();
        fs::write(dir.path().join(template), probes).expect("write");
        attache(dir.path())
            .args(command)
            .args(["--format", "typ", "-o", "out.typ", "--templates", "."])
            .assert()
            .success();
    }
    let sections: std::collections::HashSet<&str> =
        variables.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(sections.len(), 6, "unexpected sections: {sections:?}");
    assert!(checked >= variables.len());
}

#[test]
fn an_undocumented_name_fails_the_probe() {
    // The probe is only worth something if a wrong name makes the render fail.
    let dir = TempDir::new().expect("temp dir");
    fs::write(
        dir.path().join("partner.typ.j2"),
        probe("chronology[].no_such_field"),
    )
    .expect("write");
    attache(dir.path())
        .args([
            "report",
            "partner",
            "turkey",
            "--format",
            "typ",
            "-o",
            "out.typ",
            "--templates",
            ".",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("partner.typ.j2:1"));
}
