//! Integration tests of loading and validation: the valid `minimal` fixture, the corpus of broken
//! datasets under `tests/fixtures/broken/` (each with the diagnostics it must produce), and the
//! queries a loaded dataset answers.

use std::fs;
use std::path::{Path, PathBuf};

use attache_core::{
    Dataset, DateQualifier, Diagnostic, Diagnostics, EventFilter, EventKind, EventStatus,
    LoadError, PartialDate, PartnerKind, PartnerMatch, Precision,
};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn minimal() -> Dataset {
    let dir = fixtures().join("minimal");
    match Dataset::load_dir(&dir) {
        Ok(data) => data,
        Err(e) => panic!("the minimal fixture must load:\n{e}"),
    }
}

/// Loads a dataset that must be invalid and returns its diagnostics.
fn diagnostics_of(dir: &Path) -> Diagnostics {
    match Dataset::load_dir(dir) {
        Ok(_) => panic!("{} loaded, but it holds broken data", dir.display()),
        Err(LoadError::Io { path, source }) => {
            panic!("{}: cannot read {path}: {source}", dir.display())
        }
        Err(LoadError::Invalid(diags)) => diags,
    }
}

fn date(text: &str) -> PartialDate {
    text.parse().expect("valid date")
}

// ------------------------------------------------------------------------------------ expected.txt

/// One expected diagnostic: `file:line:column: message substring`, optionally followed by a line
/// `hint: hint substring`.
#[derive(Debug)]
struct Expected {
    location: String,
    message: String,
    hint: Option<String>,
}

impl Expected {
    fn matches(&self, d: &Diagnostic) -> bool {
        d.location() == self.location
            && d.message.contains(&self.message)
            && match &self.hint {
                Some(h) => d.hints.iter().any(|dh| dh.contains(h.as_str())),
                None => true,
            }
    }
}

impl std::fmt::Display for Expected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)?;
        if let Some(h) = &self.hint {
            write!(f, " (hint: {h})")?;
        }
        Ok(())
    }
}

fn parse_expected(path: &Path) -> Vec<Expected> {
    let text =
        fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut out: Vec<Expected> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(hint) = line.strip_prefix("hint: ") {
            let last = out.last_mut().unwrap_or_else(|| {
                panic!(
                    "{}:{}: a hint must follow a diagnostic",
                    path.display(),
                    n + 1
                )
            });
            assert!(
                last.hint.is_none(),
                "{}:{}: two hints for one diagnostic",
                path.display(),
                n + 1
            );
            last.hint = Some(hint.trim().to_owned());
            continue;
        }
        let (location, message) = line.split_once(": ").unwrap_or_else(|| {
            panic!(
                "{}:{}: expected `file:line:column: message`",
                path.display(),
                n + 1
            )
        });
        assert!(
            !message.trim().is_empty(),
            "{}:{}: empty message substring",
            path.display(),
            n + 1
        );
        out.push(Expected {
            location: location.trim().to_owned(),
            message: message.trim().to_owned(),
            hint: None,
        });
    }
    out
}

/// Checks one broken case; returns a description of every mismatch.
fn check_case(dir: &Path) -> Vec<String> {
    let name = dir
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let expected = parse_expected(&dir.join("expected.txt"));
    let mut problems = Vec::new();
    if expected.is_empty() {
        problems.push(format!("{name}: expected.txt lists no diagnostics"));
        return problems;
    }
    let diags = match Dataset::load_dir(dir) {
        Ok(_) => {
            problems.push(format!("{name}: loaded without problems"));
            return problems;
        }
        Err(LoadError::Io { path, source }) => {
            problems.push(format!("{name}: I/O error on {path}: {source}"));
            return problems;
        }
        Err(LoadError::Invalid(diags)) => diags.0,
    };
    let actual = || {
        diags
            .iter()
            .map(|d| format!("    {}: {} (hints: {:?})", d.location(), d.message, d.hints))
            .collect::<Vec<_>>()
            .join("\n")
    };
    // Each expected entry claims a distinct diagnostic.
    let mut claimed = vec![false; diags.len()];
    for e in &expected {
        match (0..diags.len()).find(|&i| !claimed[i] && e.matches(&diags[i])) {
            Some(i) => claimed[i] = true,
            None => problems.push(format!(
                "{name}: no diagnostic matches `{e}`; got:\n{}",
                actual()
            )),
        }
    }
    if diags.len() != expected.len() {
        problems.push(format!(
            "{name}: {} diagnostic(s) expected, {} reported:\n{}",
            expected.len(),
            diags.len(),
            actual()
        ));
    }
    // Every diagnostic is well formed.
    for d in &diags {
        if let Some(span) = &d.span {
            let snippet_ok = !span.snippet.is_empty()
                && !span.snippet.contains(['\r', '\n'])
                && span.column <= span.snippet.chars().count() + 1;
            if !snippet_ok || span.width == 0 {
                problems.push(format!("{name}: malformed diagnostic {d:?}"));
            }
        }
        if d.message.trim().is_empty() {
            problems.push(format!("{name}: diagnostic without a message {d:?}"));
        }
    }
    problems
}

fn broken_cases() -> Vec<PathBuf> {
    let root = fixtures().join("broken");
    let mut cases: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", root.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

#[test]
fn every_broken_case_reports_exactly_its_expected_diagnostics() {
    let cases = broken_cases();
    assert!(cases.len() >= 20, "only {} broken cases found", cases.len());
    let mut problems = Vec::new();
    for case in &cases {
        assert!(
            case.join("expected.txt").is_file(),
            "{} has no expected.txt",
            case.display()
        );
        problems.extend(check_case(case));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn the_corpus_covers_every_kind_of_problem() {
    let names: Vec<String> = broken_cases()
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    for required in [
        "syntax",
        "unknown-field",
        "missing-field",
        "wrong-type",
        "unknown-partner",
        "unknown-area",
        "unknown-source",
        "unknown-event",
        "one-sided-conflict",
        "self-conflict",
        "duplicate-id",
        "bad-date",
        "impossible-date",
        "reversed-range",
        "empty-title",
        "alias-collision",
        "alias-collides-with-iso3",
        "missing-locator",
        "bad-kind",
        "bad-qualifier",
        "qualifier-and-reference",
        "bad-slug",
        "missing-file",
        "wrong-partner-filename",
        "unexpected-file",
        "not-array",
        "unicode-column",
        "crlf-line-endings",
        "many-problems",
        "duplicate-figure-id",
        "missing-figure-id",
        "one-sided-figure-conflict",
        "figure-self-conflict",
        "unknown-figure-conflict",
        "unknown-predecessor",
        "predecessor-cycle",
        "predecessor-not-a-state",
        "own-predecessor",
        "inferred-exact-day",
        "duplicate-key-keeps-checking",
        "duplicate-key-in-sources",
        "syntax-in-sources",
        "every-bad-field",
        "stacked-combining-marks",
        "not-utf8",
    ] {
        assert!(
            names.iter().any(|n| n == required),
            "broken/{required} is missing"
        );
    }
}

#[test]
fn crlf_fixture_really_has_crlf_line_endings() {
    let dir = fixtures().join("broken/crlf-line-endings");
    let path = dir.join("events/2000-2021.toml");
    let text = fs::read_to_string(&path).expect("fixture readable");
    assert!(
        text.contains("\r\n"),
        "{} lost its CRLF line endings",
        path.display()
    );
    let diags = diagnostics_of(&dir);
    assert_eq!(diags.0.len(), 1, "{diags}");
    assert_eq!(
        diags.0[0].span.as_ref().map(|s| s.snippet.as_str()),
        Some("kind = \"treaty\""),
        "snippet keeps no \\r"
    );
}

#[test]
fn many_problems_in_many_files_are_all_reported_in_one_load_sorted() {
    let dir = fixtures().join("broken/many-problems");
    let diags = diagnostics_of(&dir);
    let expected = parse_expected(&dir.join("expected.txt"));
    assert!(
        expected.len() >= 5,
        "the case must hold at least five problems"
    );

    let locations: Vec<String> = diags.0.iter().map(Diagnostic::location).collect();
    let wanted: Vec<String> = expected.iter().map(|e| e.location.clone()).collect();
    assert_eq!(
        locations, wanted,
        "every problem, in file then line order:\n{diags}"
    );
    for (d, e) in diags.0.iter().zip(&expected) {
        assert!(e.matches(d), "`{e}` does not match {d:?}");
    }

    let mut files: Vec<&str> = diags.0.iter().filter_map(|d| d.file.as_deref()).collect();
    files.dedup();
    assert!(files.len() >= 3, "problems span only {files:?}");
    let keys: Vec<(&str, usize, usize)> = diags
        .0
        .iter()
        .map(|d| {
            let span = d.span.as_ref().map_or((0, 0), |s| (s.line, s.column));
            (d.file.as_deref().unwrap_or_default(), span.0, span.1)
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(
        keys, sorted,
        "diagnostics are not sorted by file, line, column"
    );

    // Each problem carries the offending line and its hints, for the renderer to show.
    assert_eq!(diags.0.len(), 7);
    let typo = diags
        .0
        .iter()
        .find(|d| d.location() == "events/1991-1999.toml:20:13")
        .expect("the partner typo is reported");
    let span = typo.span.as_ref().expect("located");
    assert_eq!(span.snippet, "partners = [\"turky\"]");
    assert_eq!(typo.hints, ["did you mean `turkey`?"]);
}

#[test]
fn a_missing_folder_is_an_io_error() {
    let dir = fixtures().join("no-such-dataset");
    match Dataset::load_dir(&dir) {
        Err(LoadError::Io { path, .. }) => assert!(path.contains("no-such-dataset"), "{path}"),
        Err(LoadError::Invalid(d)) => panic!("expected an I/O error, got diagnostics:\n{d}"),
        Ok(_) => panic!("a missing folder loaded"),
    }
}

// ---------------------------------------------------------------------------- the minimal fixture

fn ids<'a>(events: impl IntoIterator<Item = &'a attache_core::Event>) -> Vec<&'a str> {
    events.into_iter().map(|e| e.id.as_str()).collect()
}

fn filtered(data: &Dataset, filter: &EventFilter) -> Vec<String> {
    data.events_matching(filter).map(|e| e.id.clone()).collect()
}

#[test]
fn minimal_fixture_loads_every_record() {
    let data = minimal();
    assert_eq!(data.sources().len(), 2);
    assert_eq!(data.areas().len(), 3);
    assert_eq!(data.periods().len(), 2);
    assert_eq!(data.partners().len(), 3);
    assert_eq!(data.events().len(), 9);
    assert_eq!(
        data.figures().count(),
        2,
        "one dataset-wide figure and one of Türkiye's"
    );

    let partner_ids: Vec<&str> = data.partners().iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        partner_ids,
        ["georgia", "nato", "turkey"],
        "partners in id order"
    );

    let a = data.source("fixture-a").expect("source A");
    assert_eq!(a.title, "Fixture source A");
    assert_eq!(a.date, Some(date("2020")));
    let b = data.source("fixture-b").expect("source B");
    assert_eq!(b.date, None, "an empty date means undated");
    assert_eq!(b.url.as_deref(), Some("https://example.invalid/fixture-b"));

    let founding = data.period("founding-1992-1999").expect("period");
    assert_eq!(founding.end, Some(date("1999-12")));
    let open = data.period("partnerships-2000").expect("period");
    assert_eq!(open.end, None);
    assert_eq!(open.sources.len(), 2);
    assert_eq!(open.start, date("2000-01"));

    let turkey = data.partner("turkey").expect("turkey");
    assert_eq!(turkey.name, "Türkiye");
    assert_eq!(turkey.kind, PartnerKind::State);
    assert_eq!(turkey.iso3.as_deref(), Some("TUR"));
    assert_eq!(turkey.aliases, ["Turkey", "Turkiye"]);
    assert_eq!(turkey.sources[0].id, "fixture-a");
    assert_eq!(turkey.sources[0].locator, "Chapter 2, §1");
    assert_eq!(turkey.figures.len(), 1);
    assert_eq!(
        turkey.figures[0].partners,
        ["turkey"],
        "a partner's figure concerns it"
    );
    let nato = data.partner("nato").expect("nato");
    assert_eq!(nato.kind, PartnerKind::Organization);
    assert_eq!(nato.iso3, None);

    assert_eq!(data.figures_of_partner("turkey").count(), 2);
    assert_eq!(data.figures_of_partner("georgia").count(), 1);
    assert_eq!(data.figures_of_partner("nato").count(), 0);
}

#[test]
fn minimal_fixture_keeps_dates_at_their_precision() {
    let data = minimal();
    let event = |id: &str| data.event(id).unwrap_or_else(|| panic!("event {id}"));

    let founded = event("1991-defence-ministry-established");
    assert_eq!(founded.date.precision(), Precision::Month);
    assert!(founded.partners.is_empty());
    assert_eq!(founded.date, date("1991-10"));

    let training = event("tur-1992-training-agreement");
    assert_eq!(training.date.precision(), Precision::Day);
    assert_eq!(training.location.as_deref(), Some("Ankara"));
    assert_eq!(training.kind, EventKind::Agreement);

    let consultations = event("geo-1997-defence-consultations");
    assert_eq!(consultations.date.precision(), Precision::Year);
    assert_eq!(consultations.date_qualifier, Some(DateQualifier::Early));
    assert_eq!(consultations.date, date("1997"));

    let exercise = event("tur-geo-2013-joint-exercise");
    assert_eq!(exercise.end, Some(date("2013-05-16")));
    assert_eq!(exercise.date, date("2013-05-12"));
    assert_eq!(exercise.partners, ["turkey", "georgia"]);

    let first = event("tur-2016-training-centre-opened");
    let second = event("tur-2017-training-centre-opened");
    assert_eq!(
        (first.date, first.date_qualifier),
        (date("2016"), Some(DateQualifier::FirstHalf))
    );
    assert_eq!(first.conflicts_with, ["tur-2017-training-centre-opened"]);
    assert_eq!(second.conflicts_with, ["tur-2016-training-centre-opened"]);

    let course = event("nato-2021-staff-course");
    assert_eq!(course.status, EventStatus::Planned);
    let planned = data
        .events()
        .iter()
        .filter(|e| e.status == EventStatus::Planned)
        .count();
    assert_eq!(planned, 1, "every other event occurred");
}

#[test]
fn fingerprint_is_stable_and_tracks_content() {
    let first = minimal().fingerprint();
    assert_eq!(first, minimal().fingerprint());
    assert!(!first.is_empty());
    let files = attache_core::DataFile::read_dir(&fixtures().join("minimal")).expect("readable");
    let mut changed = files.clone();
    let summary = changed
        .iter_mut()
        .find(|f| f.path == "areas.toml")
        .expect("areas.toml");
    summary.text = summary.text.replace("staff talks", "staff-level talks");
    let same = Dataset::from_files(&files).expect("valid");
    let other = Dataset::from_files(&changed).expect("still valid");
    assert_eq!(same.fingerprint(), first);
    assert_ne!(other.fingerprint(), first);
}

#[test]
fn find_partner_ignores_case_and_diacritics_and_knows_aliases_and_codes() {
    let data = minimal();
    for name in [
        "TÜRKİYE",
        "turkiye",
        "Türkiye",
        "TUR",
        "tur",
        "Turkey",
        "turkey",
        " Turkey ",
    ] {
        match data.find_partner(name) {
            PartnerMatch::Found(p) => assert_eq!(p.id, "turkey", "{name}"),
            PartnerMatch::NotFound(close) => panic!("{name:?} not found; close: {close:?}"),
        }
    }
    for (name, id) in [
        ("Sakartvelo", "georgia"),
        ("GEO", "georgia"),
        ("north atlantic treaty organization", "nato"),
        ("Nato", "nato"),
    ] {
        match data.find_partner(name) {
            PartnerMatch::Found(p) => assert_eq!(p.id, id, "{name}"),
            PartnerMatch::NotFound(_) => panic!("{name:?} not found"),
        }
    }
}

#[test]
fn find_partner_suggests_the_closest_partners_for_a_typo() {
    let data = minimal();
    match data.find_partner("turky") {
        PartnerMatch::NotFound(close) => {
            assert!(!close.is_empty(), "no suggestion for `turky`");
            assert_eq!(close[0].id, "turkey");
            let mut ids: Vec<&str> = close.iter().map(|p| p.id.as_str()).collect();
            ids.dedup();
            assert_eq!(ids.len(), close.len(), "a partner is suggested once");
        }
        PartnerMatch::Found(p) => panic!("`turky` found {}", p.id),
    }
    match data.find_partner("Georgai") {
        PartnerMatch::NotFound(close) => {
            assert_eq!(close.first().map(|p| p.id.as_str()), Some("georgia"))
        }
        PartnerMatch::Found(p) => panic!("`Georgai` found {}", p.id),
    }
    match data.find_partner("Brazil") {
        PartnerMatch::NotFound(close) => assert!(close.is_empty(), "{close:?}"),
        PartnerMatch::Found(p) => panic!("`Brazil` found {}", p.id),
    }
}

#[test]
fn events_are_in_date_order() {
    let data = minimal();
    assert_eq!(
        ids(data.events()),
        [
            "1991-defence-ministry-established",
            "tur-1992-training-agreement",
            "nato-1994-partnership-accession",
            "geo-1997-defence-consultations",
            "tur-2010-strategic-partnership",
            "tur-geo-2013-joint-exercise",
            "tur-2016-training-centre-opened",
            "tur-2017-training-centre-opened",
            "nato-2021-staff-course",
        ]
    );
}

/// Filters on partners, areas and kinds, each with the events the minimal fixture gives.
fn filter_cases() -> Vec<(EventFilter, &'static [&'static str])> {
    let by = |partners: &[&str], areas: &[&str], kinds: &[EventKind]| EventFilter {
        partners: partners.iter().map(|p| (*p).to_owned()).collect(),
        areas: areas.iter().map(|a| (*a).to_owned()).collect(),
        kinds: kinds.to_vec(),
        ..EventFilter::default()
    };
    vec![
        (
            by(&["turkey"], &[], &[]),
            &[
                "tur-1992-training-agreement",
                "tur-2010-strategic-partnership",
                "tur-geo-2013-joint-exercise",
                "tur-2016-training-centre-opened",
                "tur-2017-training-centre-opened",
            ],
        ),
        (
            by(&["georgia", "nato"], &[], &[]),
            &[
                "nato-1994-partnership-accession",
                "geo-1997-defence-consultations",
                "tur-geo-2013-joint-exercise",
                "nato-2021-staff-course",
            ],
        ),
        (
            by(&[], &["military-education"], &[]),
            &[
                "tur-1992-training-agreement",
                "tur-2016-training-centre-opened",
                "tur-2017-training-centre-opened",
                "nato-2021-staff-course",
            ],
        ),
        (
            by(&[], &["military-technical"], &[]),
            &["tur-2010-strategic-partnership"],
        ),
        (
            by(&[], &[], &[EventKind::Agreement]),
            &[
                "tur-1992-training-agreement",
                "tur-2010-strategic-partnership",
            ],
        ),
        (
            by(&[], &[], &[EventKind::Exercise, EventKind::Accession]),
            &[
                "nato-1994-partnership-accession",
                "tur-geo-2013-joint-exercise",
            ],
        ),
        // Conditions combine with "and".
        (by(&["georgia"], &[], &[EventKind::Agreement]), &[]),
        (
            by(&["turkey"], &["military"], &[]),
            &[
                "tur-2010-strategic-partnership",
                "tur-geo-2013-joint-exercise",
            ],
        ),
    ]
}

#[test]
fn event_filter_by_partner_area_and_kind() {
    let data = minimal();
    assert_eq!(
        filtered(&data, &EventFilter::default()).len(),
        9,
        "an empty filter keeps all"
    );
    for (filter, expected) in filter_cases() {
        assert_eq!(filtered(&data, &filter), expected, "{filter:?}");
    }
    let turkey = &filter_cases()[0].0;
    assert_eq!(
        ids(data.events_with_partner("turkey")),
        filtered(&data, turkey)
    );
}

#[test]
fn event_filter_by_dates_respects_precision_and_spans() {
    let data = minimal();
    let from = |d: &str| EventFilter {
        from: Some(date(d)),
        ..EventFilter::default()
    };
    let to = |d: &str| EventFilter {
        to: Some(date(d)),
        ..EventFilter::default()
    };

    assert_eq!(
        filtered(&data, &from("2013")),
        [
            "tur-geo-2013-joint-exercise",
            "tur-2016-training-centre-opened",
            "tur-2017-training-centre-opened",
            "nato-2021-staff-course",
        ]
    );
    assert_eq!(
        filtered(&data, &to("1994")),
        [
            "1991-defence-ministry-established",
            "tur-1992-training-agreement",
            "nato-1994-partnership-accession",
        ]
    );
    // `to` keeps the whole of its last unit: 1994-05 keeps 4 May 1994; 1994-04 does not.
    assert_eq!(filtered(&data, &to("1994-05")).len(), 3);
    assert_eq!(filtered(&data, &to("1994-04")).len(), 2);
    // An event spanning the `from` date is kept: the exercise ran 12–16 May 2013.
    assert_eq!(
        filtered(&data, &from("2013-05-14"))[0],
        "tur-geo-2013-joint-exercise"
    );
    assert_eq!(
        filtered(&data, &from("2013-05-17"))[0],
        "tur-2016-training-centre-opened"
    );
    // An event known only to the year may fall on any day of it.
    assert_eq!(
        filtered(&data, &from("2016-06"))[0],
        "tur-2016-training-centre-opened"
    );
    assert_eq!(filtered(&data, &to("1991-09")), Vec::<String>::new());

    let window = EventFilter {
        from: Some(date("1992")),
        to: Some(date("1997")),
        ..EventFilter::default()
    };
    assert_eq!(
        filtered(&data, &window),
        [
            "tur-1992-training-agreement",
            "nato-1994-partnership-accession",
            "geo-1997-defence-consultations",
        ]
    );
}

#[test]
fn period_of_finds_the_period_an_event_falls_in() {
    let data = minimal();
    let period = |id: &str| {
        let event = data.event(id).unwrap_or_else(|| panic!("event {id}"));
        data.period_of(event).map(|p| p.id.as_str())
    };
    assert_eq!(
        period("1991-defence-ministry-established"),
        None,
        "before every period"
    );
    assert_eq!(
        period("tur-1992-training-agreement"),
        Some("founding-1992-1999")
    );
    assert_eq!(
        period("geo-1997-defence-consultations"),
        Some("founding-1992-1999")
    );
    assert_eq!(
        period("tur-2010-strategic-partnership"),
        Some("partnerships-2000")
    );
    assert_eq!(
        period("nato-2021-staff-course"),
        Some("partnerships-2000"),
        "open-ended"
    );
}
