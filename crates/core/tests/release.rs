//! The dataset as released under a ceiling: its version names what it holds.

use std::path::Path;

use attache_core::{DataFile, Dataset, MarkingScale};

/// The minimal fixture, with one event marked as `level` when given.
fn fixture(level: Option<&str>) -> Dataset {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/minimal");
    let mut files = DataFile::read_dir(&dir).expect("the fixture reads");
    let events = files
        .iter_mut()
        .find(|f| f.path.ends_with("1991-1999.toml"))
        .expect("an events file");
    if let Some(level) = level {
        events.text = events.text.replacen(
            "kind = \"agreement\"",
            &format!("kind = \"agreement\"\nmarking = \"{level}\""),
            1,
        );
    }
    Dataset::from_files(&files).expect("the fixture loads")
}

#[test]
fn a_release_that_withholds_records_takes_the_version_of_what_it_holds() {
    let scale = MarkingScale::tlp();
    let green = scale.ceiling("TLP:GREEN").expect("a TLP level");
    let marked = fixture(Some("TLP:AMBER"));
    let released = marked.release(&scale, Some(green)).expect("levels known");
    assert_eq!(released.withheld, 1);
    assert_ne!(released.dataset.fingerprint(), marked.fingerprint());
    // The same records released twice name the same version.
    let again = marked.release(&scale, Some(green)).expect("levels known");
    assert_eq!(again.dataset.fingerprint(), released.dataset.fingerprint());

    let everything = marked.release(&scale, None).expect("levels known");
    assert_eq!(everything.withheld, 0);
    assert_eq!(everything.dataset.fingerprint(), marked.fingerprint());
    let unmarked = fixture(None)
        .release(&scale, Some(green))
        .expect("levels known");
    assert_eq!(unmarked.dataset.fingerprint(), fixture(None).fingerprint());
}
