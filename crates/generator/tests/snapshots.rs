//! Snapshots of the Typst source each built-in template generates for the small fixture
//! dataset: a change to a template or a context shows up here as a reviewable diff.

use std::path::Path;

use attache_core::{Dataset, EventFilter};
use attache_generator::{Briefing, Chronology, Generator, Report};
use chrono::NaiveDate;

fn fixture() -> Dataset {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/minimal");
    Dataset::load_dir(&dir).expect("the minimal fixture loads")
}

fn briefing() -> Briefing {
    Briefing::new(NaiveDate::from_ymd_opt(2026, 1, 1).expect("a real date"))
}

fn render(dataset: &Dataset, report: &Report<'_>) -> String {
    let generator = Generator::new(None).expect("built-in templates");
    let source = generator
        .render(dataset, report, &briefing())
        .expect("renders");
    // Every snapshot must also compile: a snapshot of broken Typst would be worthless.
    let document = generator.compile(&source, &briefing()).expect("compiles");
    assert!(document.page_count() >= 1);
    assert!(document.warnings().is_empty(), "{:?}", document.warnings());
    source.into_text()
}

#[test]
fn partner_brief() {
    let data = fixture();
    let partner = data.partner("turkey").expect("fixture partner");
    insta::assert_snapshot!(render(&data, &Report::Partner(partner)));
}

#[test]
fn period_report() {
    let data = fixture();
    let period = data
        .period("founding-1992-1999")
        .expect("fixture period")
        .clone();
    insta::assert_snapshot!(render(&data, &Report::Period(period)));
}

#[test]
fn type_report() {
    let data = fixture();
    let area = data.area("military-technical").expect("fixture area");
    insta::assert_snapshot!(render(&data, &Report::Type(area)));
}

#[test]
fn chronology() {
    let data = fixture();
    let report = Report::Chronology(Chronology {
        filter: EventFilter::default(),
        description: String::new(),
    });
    insta::assert_snapshot!(render(&data, &report));
}
