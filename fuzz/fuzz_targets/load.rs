//! Fuzzes the data loader: the input, as text, is tried as each kind of data file alongside a
//! valid dataset (the `minimal` test fixture). Loading must never panic, whatever it holds;
//! problems come back as diagnostics, and rendering them must not panic either. A dataset that
//! loads is queried with the input as a partner name and a date.

#![no_main]

use attache_core::{DataFile, Dataset, EventFilter, PartialDate};
use libfuzzer_sys::fuzz_target;

macro_rules! fixture {
    ($path:literal) => {
        (
            $path,
            include_str!(concat!("../../tests/fixtures/minimal/", $path)),
        )
    };
}

/// The valid `minimal` dataset.
const MINIMAL: &[(&str, &str)] = &[
    fixture!("sources.toml"),
    fixture!("periods.toml"),
    fixture!("areas.toml"),
    fixture!("figures.toml"),
    fixture!("partners/georgia.toml"),
    fixture!("partners/nato.toml"),
    fixture!("partners/turkey.toml"),
    fixture!("events/1991-1999.toml"),
    fixture!("events/2000-2021.toml"),
];

/// Where the input goes: beside the fixture's files, or in place of one of them.
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

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for role in ROLES {
        let mut files: Vec<DataFile> = MINIMAL
            .iter()
            .filter(|(path, _)| path != role)
            .map(|(path, text)| DataFile {
                path: (*path).to_owned(),
                text: (*text).to_owned(),
            })
            .collect();
        files.push(DataFile {
            path: (*role).to_owned(),
            text: text.clone().into_owned(),
        });
        files.sort_by(|a, b| a.path.cmp(&b.path));
        match Dataset::from_files(&files) {
            Ok(dataset) => query(&dataset, &text),
            Err(diagnostics) => {
                let _ = diagnostics.to_string();
            }
        }
    }
    let _ = text.parse::<PartialDate>();
});

/// Runs the queries the command line offers on a dataset that loaded.
fn query(dataset: &Dataset, text: &str) {
    let _ = dataset.find_partner(text);
    let date = text.parse::<PartialDate>().ok();
    let filter = EventFilter {
        from: date,
        to: date,
        ..EventFilter::default()
    };
    for event in dataset.filter(&filter) {
        let _ = (
            event.first_day(),
            event.last_day(),
            dataset.period_of(event),
        );
    }
    for partner in dataset.partners() {
        let _ = dataset.events_with(&partner.id).count();
        let _ = dataset.figures_for(&partner.id).count();
    }
    for period in dataset.periods() {
        let _ = period.span();
    }
    let _ = dataset.fingerprint();
}
