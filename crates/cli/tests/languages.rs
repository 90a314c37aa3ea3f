//! Reports in the user's language from the command line: `--lang`, `check --lang` listing what
//! is not translated, and a dataset about another state.

mod util;

use std::fs;

use predicates::prelude::*;
use tempfile::TempDir;
use util::{attache, pdf_text, repo};

#[test]
fn report_all_in_azerbaijani_prints_azerbaijani_words_around_the_data() {
    let dir = TempDir::new().expect("temp dir");
    attache(dir.path())
        .args(["report", "all", "--lang", "az", "--out-dir", "az"])
        .assert()
        .success();
    let brief = pdf_text(&dir.path().join("az/partner-turkey.pdf"));
    for expected in [
        "Azərbaycan ilə Türkiye arasında hərbi əməkdaşlıq",
        "MÜNASİBƏT",
        "TARİX",
        "dövlət · TUR",
        "1 yanvar 2026",
        "4 iyun 1918",
        "SAZİŞ",
        "(dissertasiya)",
        "tərcümə olunmayıb və ingilis dilində verilir",
    ] {
        assert!(brief.contains(expected), "lacks {expected:?}:\n{brief}");
    }
    // The data's own text is English (the built-in dataset is not translated); the words
    // around it are not.
    for english in [
        "RELATIONSHIP",
        "GENERATED",
        "4 June 1918",
        "AGREEMENT",
        "(dissertation)",
        "onwards",
        "Page 1 of",
    ] {
        assert!(!brief.contains(english), "has {english:?}:\n{brief}");
    }
    let chronology = pdf_text(&dir.path().join("az/chronology.pdf"));
    assert!(chronology.contains("Xronologiya"), "{chronology}");
    assert!(chronology.contains("ildən bəri"), "{chronology}");
}

#[test]
fn a_dataset_about_another_state_never_names_azerbaijan() {
    let dir = TempDir::new().expect("temp dir");
    let data = repo("tests/fixtures/ruritania");
    for language in ["en", "az", "ru"] {
        attache(dir.path())
            .args(["--data"])
            .arg(&data)
            .args(["report", "all", "--lang", language, "--out-dir", language])
            .assert()
            .success();
        for entry in fs::read_dir(dir.path().join(language)).expect("folder") {
            let path = entry.expect("entry").path();
            let text = pdf_text(&path);
            assert!(
                !text.contains("Azerbaijan") && !text.contains("Azərbaycan"),
                "{} names Azerbaijan:\n{text}",
                path.display()
            );
        }
    }
}

#[test]
fn check_lists_what_is_not_translated_and_strict_fails_on_it() {
    let dir = TempDir::new().expect("temp dir");
    let data = dir.path().join("data");
    util::copy(&repo("tests/fixtures/ruritania"), &data);
    attache(dir.path())
        .args(["check", "--lang", "az", "--strict-lang", "--data", "data"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "every text is translated into `az`",
        ));
    // Take the Azerbaijani translation off one event.
    let events = data.join("events/1900-1949.toml");
    let text = fs::read_to_string(&events).expect("readable");
    let cut = text.replacen(
        "[event.translations.az]\ntitle = \"Kral ordusu yaradılır\"\nsummary = \"Kral ordunu yaradan fərmanı imzalayır.\"\nlocation = \"Strelsau\"\n",
        "",
        1,
    );
    assert_ne!(cut, text, "the fixture changed");
    fs::write(&events, cut).expect("write");
    attache(dir.path())
        .args(["check", "--lang", "az", "--data", "data"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: event `rur-1900-army-founded` has no `az` translation of title, summary, location",
        ));
    attache(dir.path())
        .args(["check", "--lang", "az", "--strict-lang", "--data", "data"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "error: 3 texts in 1 record not translated into `az`",
        ));
    // The brief falls back to English for that event, and marks it.
    attache(dir.path())
        .args([
            "--data",
            "data",
            "chronology",
            "--lang",
            "az",
            "-o",
            "az.pdf",
        ])
        .assert()
        .success();
    let text = pdf_text(&dir.path().join("az.pdf"));
    assert!(text.contains("Royal army founded"), "{text}");
    assert!(text.contains("EN ilə işarələnmiş qeydlər"), "{text}");
}

#[test]
fn translations_are_checked_where_they_are_written() {
    let dir = TempDir::new().expect("temp dir");
    let data = dir.path().join("data");
    util::copy(&repo("tests/fixtures/ruritania"), &data);
    let areas = data.join("areas.toml");
    let text = fs::read_to_string(&areas).expect("readable");
    let broken = text
        .replacen(
            "[area.translations.az]\nname",
            "[area.translations.az]\nnmae",
            1,
        )
        .replacen("[area.translations.ru]", "[area.translations.RU]", 1)
        + "\n[area.translations.en]\nname = \"Military\"\n";
    fs::write(&areas, broken).expect("write");
    attache(dir.path())
        .args(["check", "--data", "data"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("`nmae` cannot be translated"))
        .stderr(predicate::str::contains("did you mean `name`?"))
        .stderr(predicate::str::contains("`RU` is not a language code"))
        .stderr(predicate::str::contains(
            "a translation into `en`, the dataset's own language",
        ));
}

#[test]
fn export_carries_the_dataset_file_and_translations() {
    let dir = TempDir::new().expect("temp dir");
    let assert = attache(dir.path())
        .args(["export", "--format", "json", "--data"])
        .arg(repo("tests/fixtures/ruritania"))
        .assert()
        .success();
    let json: serde_json::Value =
        serde_json::from_slice(&assert.get_output().stdout).expect("JSON");
    assert_eq!(json["dataset"]["subject"]["name"], "Ruritania");
    assert_eq!(json["dataset"]["language"], "en");
    assert_eq!(
        json["events"][0]["translations"]["ru"]["title"],
        "Создана королевская армия"
    );
}
