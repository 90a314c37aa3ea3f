//! Snapshots of the Typst source each built-in template generates for the small fixture
//! dataset: a change to a template or a context shows up here as a reviewable diff.

use std::path::Path;

use attache_core::{Dataset, EventFilter};
use attache_generator::{Briefing, Generator, Report};
use chrono::NaiveDate;

fn fixture() -> Dataset {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/minimal");
    Dataset::load_dir(&dir).expect("the minimal fixture loads")
}

fn briefing() -> Briefing {
    Briefing::new(NaiveDate::from_ymd_opt(2026, 1, 1).expect("a real date"))
}

fn render(dataset: &Dataset, report: &Report) -> String {
    let generator = Generator::new(None, briefing()).expect("built-in templates");
    let source = generator.source(dataset, report).expect("renders");
    // Every snapshot must also compile: a snapshot of broken Typst would be worthless.
    let typeset = generator.typeset(&source).expect("compiles");
    assert!(typeset.page_count() >= 1);
    assert!(typeset.warnings().is_empty(), "{:?}", typeset.warnings());
    source.into_text()
}

#[test]
fn partner_brief() {
    let data = fixture();
    insta::assert_snapshot!(render(&data, &Report::Partner("turkey".into())));
}

#[test]
fn period_report() {
    let data = fixture();
    insta::assert_snapshot!(render(&data, &Report::Period("founding-1992-1999".into())));
}

#[test]
fn type_report() {
    let data = fixture();
    insta::assert_snapshot!(render(&data, &Report::Area("military-technical".into())));
}

#[test]
fn chronology() {
    let data = fixture();
    insta::assert_snapshot!(render(&data, &Report::Chronology(EventFilter::default())));
}
