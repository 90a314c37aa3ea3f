//! Inputs kept from fuzzing the loader (see docs/fuzzing.md): each file under
//! `tests/fixtures/fuzz/load/` is loaded in every role the `load` fuzz target gives its input,
//! beside the valid `minimal` fixture. Loading must return a dataset or diagnostics, never panic,
//! and the diagnostics must render.

use std::fs;
use std::path::{Path, PathBuf};

use attache_core::{DataFile, Dataset};

/// Where the fuzz target puts its input, as in `fuzz/fuzz_targets/load.rs`.
const ROLES: &[&str] = &[
    "events/fuzz.toml",
    "events/1991-1999.toml",
    "partners/fuzz.toml",
    "partners/turkey.toml",
    "sources.toml",
    "periods.toml",
    "areas.toml",
    "figures.toml",
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn minimal() -> Vec<DataFile> {
    match DataFile::read_dir(&fixtures().join("minimal")) {
        Ok(files) => files,
        Err(e) => panic!("the minimal fixture must read: {e}"),
    }
}

/// Loads `input` in every role; returns how many loads gave diagnostics.
fn load_in_every_role(input: &str) -> usize {
    let minimal = minimal();
    let mut invalid = 0;
    for role in ROLES {
        let mut files: Vec<DataFile> = minimal
            .iter()
            .filter(|f| f.path != *role)
            .cloned()
            .collect();
        files.push(DataFile {
            path: (*role).to_owned(),
            text: input.to_owned(),
        });
        files.sort_by(|a, b| a.path.cmp(&b.path));
        if let Err(diagnostics) = Dataset::from_files(&files) {
            assert!(!diagnostics.to_string().is_empty());
            invalid += 1;
        }
    }
    invalid
}

#[test]
fn kept_fuzz_inputs_load_without_panicking() {
    let dir = fixtures().join("fuzz/load");
    let mut inputs: Vec<PathBuf> = fs::read_dir(&dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    inputs.sort();
    for path in inputs.iter().filter(|p| p.is_file()) {
        let bytes = fs::read(path).expect("readable");
        let text = String::from_utf8_lossy(&bytes);
        let result = std::panic::catch_unwind(|| load_in_every_role(&text));
        assert!(result.is_ok(), "{} makes the loader panic", path.display());
    }
}

#[test]
fn the_harness_loads_a_valid_file_in_its_own_place() {
    // The minimal fixture's own events file is valid only where it belongs: beside itself, its
    // ids are duplicates, and in any other role it is the wrong kind of file.
    let events =
        fs::read_to_string(fixtures().join("minimal/events/1991-1999.toml")).expect("read");
    assert_eq!(load_in_every_role(&events), ROLES.len() - 1);
}

#[test]
fn hostile_snippets_load_without_panicking() {
    // Edges found by reading the loader, kept next to what fuzzing finds.
    for input in [
        "",
        "\u{feff}",
        "[[event]]\nid = \"é\"\ndate = \"\u{301}\"",
        "[[event]]\r\nid = \"x\"\r\ndate = \"2001-13\"\r\nend = \"0000\"\r\n",
        "[[event]]\nid = \"a\"\ndate = \"99999999999999999999\"\n",
        "[[event]]\nid = \"a\"\ndate = \"-2001\"\nend = \"2001-02-29\"\n",
        "id = \"x\"\nname = \"\"\naliases = [\"\", \" \", \"TÜRKİYE\"]\n",
        "[[source]]\nid = \"\u{0}\"\n",
        "a = \"\\u00e9\\",
        "x = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        "[[figure]]\nvalue = \"1\"\nwhat = \"x\"\nas_of = \"2001-02\"\nsources = [{ id = \"fixture-a\" }]\n",
    ] {
        load_in_every_role(input);
    }
}
