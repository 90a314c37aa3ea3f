//! The JSON Schema of the data files: every file in `data/` passes it, the copies kept in
//! `schema/` are current, and the mistakes editors should flag are flagged.

use std::fs;
use std::path::{Path, PathBuf};

use attache_core::DataFile;
use attache_core::schema::{schema_files, schema_name_for};
use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn validator(name: &str) -> jsonschema::Validator {
    let file = schema_files()
        .into_iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no schema {name}"));
    let schema: Value = serde_json::from_str(&file.text).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

fn as_json(text: &str) -> Value {
    let table: toml::Table = toml::from_str(text).expect("valid TOML");
    serde_json::to_value(table).expect("TOML converts to JSON")
}

/// The problems a schema finds in a TOML text.
fn problems(name: &str, text: &str) -> Vec<String> {
    validator(name)
        .iter_errors(&as_json(text))
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn every_data_file_passes_its_schema() {
    let files = DataFile::read_dir(&repo().join("data")).expect("data/ readable");
    assert!(files.len() > 10, "only {} data files", files.len());
    for file in &files {
        let name =
            schema_name_for(&file.path).unwrap_or_else(|| panic!("{} has no schema", file.path));
        let found = problems(name, &file.text);
        assert!(found.is_empty(), "{}: {found:#?}", file.path);
    }
}

#[test]
fn every_data_file_names_its_schema_on_its_first_line() {
    let files = DataFile::read_dir(&repo().join("data")).expect("data/ readable");
    for file in &files {
        let name = schema_name_for(&file.path).expect("known file");
        let depth = file.path.matches('/').count() + 1;
        let expected = format!("#:schema {}schema/{name}", "../".repeat(depth));
        assert_eq!(
            file.text.lines().next(),
            Some(expected.as_str()),
            "{}",
            file.path
        );
    }
}

#[test]
fn the_committed_schema_files_are_current() {
    let dir = repo().join("schema");
    for file in schema_files() {
        let committed = fs::read_to_string(dir.join(file.name))
            .unwrap_or_else(|_| panic!("schema/{} is missing", file.name));
        assert!(
            committed == file.text,
            "schema/{} is out of date: run `cargo run -- schema`",
            file.name
        );
    }
    let kept = fs::read_dir(&dir).expect("schema/ readable").count();
    assert_eq!(kept, schema_files().len(), "schema/ holds stray files");
}

const EVENT: &str = r#"
[[event]]
id = "tur-2010-agreement"
date = "2010-08-16"
title = "An agreement"
summary = "Signed."
kind = "agreement"
areas = ["military"]
partners = ["turkey"]
sources = [{ id = "bagirova-2025", locator = "Chapter II" }]
"#;

#[test]
fn a_well_formed_event_passes() {
    assert_eq!(problems("events.schema.json", EVENT), Vec::<String>::new());
}

#[test]
fn mistakes_an_editor_should_flag_fail() {
    for (from, to) in [
        (r#"kind = "agreement""#, r#"kind = "excercise""#),
        (r#"date = "2010-08-16""#, r#"date = "16 August 2010""#),
        (r#"id = "tur-2010-agreement""#, r#"id = "Tur 2010""#),
        (r#"locator = "Chapter II""#, r#"locator = """#),
        (r#", locator = "Chapter II""#, ""),
        (r#"areas = ["military"]"#, r#"area = ["military"]"#),
        (r#"areas = ["military"]"#, r#"areas = []"#),
        (
            r#"summary = "Signed.""#,
            r#"summary = "Signed."
status = "rumoured""#,
        ),
        (
            r#"summary = "Signed.""#,
            r#"summary = "Signed."
date_qualifier = "around""#,
        ),
    ] {
        let text = EVENT.replace(from, to);
        assert_ne!(text, EVENT, "{from} not found");
        assert!(
            !problems("events.schema.json", &text).is_empty(),
            "schema accepts {to}"
        );
    }
}

#[test]
fn partner_kind_and_iso_code_are_checked() {
    let partner = r#"
id = "malta"
name = "Malta"
kind = "state"
iso3 = "MLT"
relationship = "partner"
summary = "A partner."
sources = [{ id = "doc", locator = "p. 1" }]
"#;
    assert_eq!(
        problems("partner.schema.json", partner),
        Vec::<String>::new()
    );
    assert!(
        !problems(
            "partner.schema.json",
            &partner.replace("\"state\"", "\"country\"")
        )
        .is_empty()
    );
    assert!(!problems("partner.schema.json", &partner.replace("MLT", "mt")).is_empty());
}

#[test]
fn schema_describes_fields_for_editors() {
    let file = schema_files()
        .into_iter()
        .find(|f| f.name == "events.schema.json")
        .expect("events schema");
    let schema: Value = serde_json::from_str(&file.text).expect("JSON");
    let event = &schema["definitions"]["RawEvent"]["properties"];
    assert!(event["title"]["description"].is_string(), "{event}");
    assert!(
        event["kind"]["enum"]
            .as_array()
            .is_some_and(|k| k.len() == 17)
    );
}
