//! The queries and the resolution of what users type, on the minimal fixture with one event
//! added that runs from one period into the next.

use std::path::Path;

use attache_core::{
    DataFile, DataSource, Dataset, DateSpan, Diagnostics, EventKind, FilterInput, PartialDate,
    PeriodChoice, RecordKind,
};

/// An event from June 1999 to March 2000: it starts in `founding-1992-1999` and runs into
/// `partnerships-2000`.
const ACROSS: &str = r#"[[event]]
id = "across-periods"
date = "1999-06"
end = "2000-03"
title = "Exchange programme"
summary = "Ran across the turn of the century."
kind = "training"
areas = ["military-education"]
partners = ["georgia"]
sources = [{ id = "fixture-b", locator = "para 9" }]
"#;

fn dataset() -> Dataset {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/minimal");
    let mut files = DataSource::Folder(dir).files().expect("readable");
    files.push(DataFile {
        path: "events/across.toml".to_owned(),
        text: ACROSS.to_owned(),
    });
    match Dataset::from_files(&files) {
        Ok(dataset) => dataset,
        Err(e) => panic!("the fixture does not load: {e}"),
    }
}

fn date(text: &str) -> PartialDate {
    text.parse().expect("a date")
}

fn ids<'a>(events: impl Iterator<Item = &'a attache_core::Event>) -> Vec<&'a str> {
    events.map(|e| e.id.as_str()).collect()
}

#[test]
fn an_event_falls_in_every_period_it_overlaps_and_is_headed_by_the_one_it_starts_in() {
    let data = dataset();
    let founding = data.period("founding-1992-1999").expect("period");
    let partnerships = data.period("partnerships-2000").expect("period");
    assert!(ids(data.events_in_period(founding)).contains(&"across-periods"));
    assert!(ids(data.events_in_period(partnerships)).contains(&"across-periods"));
    let across = data.event("across-periods").expect("event");
    assert_eq!(
        data.period_of(across).map(|p| p.id.as_str()),
        Some("founding-1992-1999")
    );
    // A period report and a span of the same dates hold the same events.
    assert_eq!(
        ids(data.events_in_period(founding)),
        ids(data.events_in_span(&DateSpan::new(Some(date("1992")), Some(date("1999-12")))))
    );
    // Events before every period have no heading.
    let first = data
        .event("1991-defence-ministry-established")
        .expect("event");
    assert!(data.period_of(first).is_none());
}

#[test]
fn spans_may_be_open_at_either_end() {
    let data = dataset();
    let until = ids(data.events_in_span(&DateSpan::new(None, Some(date("1992")))));
    assert_eq!(
        until,
        [
            "1991-defence-ministry-established",
            "tur-1992-training-agreement"
        ]
    );
    let from = ids(data.events_in_span(&DateSpan::new(Some(date("2017")), None)));
    assert_eq!(
        from,
        ["tur-2017-training-centre-opened", "nato-2021-staff-course"]
    );
    assert_eq!(
        data.events_in_span(&DateSpan::default()).count(),
        data.events().len()
    );
}

#[test]
fn filters_combine_and_use_the_same_span_rule() {
    let data = dataset();
    let filter = data
        .resolve_filter(&FilterInput {
            from: Some("2000".into()),
            to: Some("2000".into()),
            partners: vec!["GEORGIA".into()],
            ..FilterInput::default()
        })
        .expect("valid");
    // The exchange programme began in 1999 but ran into 2000.
    assert_eq!(ids(data.events_matching(&filter)), ["across-periods"]);
    let kinds = data
        .resolve_filter(&FilterInput {
            kinds: vec!["exercise".into()],
            ..FilterInput::default()
        })
        .expect("valid");
    assert_eq!(kinds.kinds, [EventKind::Exercise]);
    assert_eq!(
        ids(data.events_matching(&kinds)),
        ["tur-geo-2013-joint-exercise"]
    );
}

fn messages(diags: &Diagnostics) -> Vec<(String, Vec<String>)> {
    diags
        .0
        .iter()
        .map(|d| (d.message.clone(), d.hints.clone()))
        .collect()
}

#[test]
fn a_filter_reports_every_bad_value_with_a_hint() {
    let data = dataset();
    let problems = data
        .resolve_filter(&FilterInput {
            from: Some("2001-02-30".into()),
            to: None,
            partners: vec!["Turky".into(), "turkey".into(), "atlantis".into()],
            areas: vec!["militery".into()],
            kinds: vec!["excercise".into()],
            min_grade: Some("G9".into()),
        })
        .expect_err("refused");
    let found = messages(&problems);
    assert_eq!(found.len(), 6, "{found:#?}");
    assert!(found[0].0.starts_with("--from 2001-02-30:"), "{found:#?}");
    assert_eq!(found[1].0, "no partner matches \"Turky\"");
    assert_eq!(found[1].1, ["did you mean `turkey` (Türkiye)?"]);
    assert_eq!(found[2].0, "no partner matches \"atlantis\"");
    assert_eq!(found[3].1, ["did you mean `military`?"]);
    assert_eq!(found[4].0, "no event kind `excercise`");
    assert_eq!(found[4].1, ["did you mean `exercise`?"]);
    assert!(
        found[5]
            .0
            .starts_with("--min-grade G9: `G9` is not a grade"),
        "{found:#?}"
    );

    let reversed = data
        .resolve_filter(&FilterInput {
            from: Some("2010".into()),
            to: Some("2003".into()),
            ..FilterInput::default()
        })
        .expect_err("refused");
    assert_eq!(messages(&reversed)[0].0, "--from 2010 is after --to 2003");
}

#[test]
fn periods_are_named_or_typed_as_spans() {
    let data = dataset();
    assert!(matches!(
        data.resolve_period("partnerships-2000"),
        Ok(PeriodChoice::Named(p)) if p.id == "partnerships-2000"
    ));
    let Ok(PeriodChoice::Span(span)) = data.resolve_period("1994..1999") else {
        panic!("a span");
    };
    assert_eq!(span.slug(), "1994-1999");
    let Ok(PeriodChoice::Span(onwards)) = data.resolve_period("2013..") else {
        panic!("a span");
    };
    assert_eq!(onwards.slug(), "2013-onwards");
    assert!(matches!(
        data.resolve_period("..1995"),
        Ok(PeriodChoice::Span(DateSpan {
            start: None,
            end: Some(_)
        }))
    ));
    let reversed = data.resolve_period("1999..1994").expect_err("reversed");
    assert_eq!(
        messages(&reversed)[0].1,
        ["write the earlier date first, e.g. 2003..2013"]
    );
    let typo = data
        .resolve_period("partnerships-2001")
        .expect_err("unknown");
    assert_eq!(messages(&typo)[0].1, ["did you mean `partnerships-2000`?"]);
    let bad = data.resolve_period("19x..2000").expect_err("not a date");
    assert!(messages(&bad)[0].0.starts_with("in the span `19x..2000`"));
}

#[test]
fn partners_areas_and_records_are_found_by_what_users_type() {
    let data = dataset();
    for name in ["turkey", "Türkiye", "TURKIYE", "tur", "Turkey"] {
        assert_eq!(data.resolve_partner(name).expect(name).id, "turkey");
    }
    assert!(data.resolve_area("military").is_ok());
    let area = data.resolve_area("militery").expect_err("unknown");
    assert_eq!(messages(&area)[0].1, ["did you mean `military`?"]);

    let found = data.find_records("Türkiye", None).expect("found by name");
    assert_eq!(found[0].kind(), "partner");
    assert_eq!(found[0].id(), "turkey");
    let none = data
        .find_records("across-period", Some(RecordKind::Event))
        .expect_err("unknown");
    assert_eq!(
        messages(&none)[0],
        (
            "no event has the id `across-period`".to_owned(),
            vec!["did you mean `across-periods`?".to_owned()]
        )
    );
}

#[test]
fn what_cites_a_source_and_what_concerns_a_partner() {
    let data = dataset();
    let cited: Vec<(&str, &str)> = data
        .cited_by("fixture-b")
        .iter()
        .map(|r| (r.kind(), r.id()))
        .collect();
    assert!(cited.contains(&("event", "across-periods")), "{cited:?}");
    assert!(cited.contains(&("partner", "georgia")), "{cited:?}");
    assert!(
        cited.contains(&("figure", "officers-trained-abroad")),
        "{cited:?}"
    );
    let kinds: Vec<&str> = cited.iter().map(|(k, _)| *k).collect();
    let mut sorted = kinds.clone();
    sorted.sort_by_key(|k| {
        ["event", "partner", "period", "figure"]
            .iter()
            .position(|o| o == k)
    });
    assert_eq!(kinds, sorted, "events, partners, periods, then figures");

    assert_eq!(data.figures_of_partner("turkey").count(), 2);
    assert_eq!(data.figures_of_partner("georgia").count(), 1);
    let in_1990s = DateSpan::new(Some(date("1990")), Some(date("1999")));
    assert_eq!(data.figures_in_span(&in_1990s).count(), 1);
    assert_eq!(data.events_in_area("military-education").count(), 5);
    assert_eq!(data.events_with_partner("georgia").count(), 3);
}

/// Events on 2020 and around it, each with its qualifier, in an order that is not the
/// chronological one.
const QUALIFIED_2020: &str = r#"
[[event]]
id = "a-after"
date = "2020"
date_qualifier = "after"
title = "After"
summary = "After the year."
kind = "meeting"
areas = ["military-education"]
partners = ["georgia"]
sources = [{ id = "fixture-b", locator = "para 1" }]

[[event]]
id = "b-plain"
date = "2020"
title = "Plain"
summary = "In the year."
kind = "meeting"
areas = ["military-education"]
partners = ["georgia"]
sources = [{ id = "fixture-b", locator = "para 1" }]

[[event]]
id = "c-late"
date = "2020"
date_qualifier = "late"
title = "Late"
summary = "Late in the year."
kind = "meeting"
areas = ["military-education"]
partners = ["georgia"]
sources = [{ id = "fixture-b", locator = "para 1" }]

[[event]]
id = "d-before"
date = "2020"
date_qualifier = "before"
title = "Before"
summary = "Before the year."
kind = "meeting"
areas = ["military-education"]
partners = ["georgia"]
sources = [{ id = "fixture-b", locator = "para 1" }]

[[event]]
id = "e-mid"
date = "2020"
date_qualifier = "mid"
title = "Mid"
summary = "Mid-year."
kind = "meeting"
areas = ["military-education"]
partners = ["georgia"]
sources = [{ id = "fixture-b", locator = "para 1" }]

[[event]]
id = "f-early"
date = "2020"
date_qualifier = "early"
title = "Early"
summary = "Early in the year."
kind = "meeting"
areas = ["military-education"]
partners = ["georgia"]
sources = [{ id = "fixture-b", locator = "para 1" }]

[[event]]
id = "g-march"
date = "2020-03-05"
title = "A day"
summary = "A day in March."
kind = "meeting"
areas = ["military-education"]
partners = ["georgia"]
sources = [{ id = "fixture-b", locator = "para 1" }]

[[event]]
id = "h-since"
date = "2020"
date_qualifier = "since"
title = "Since"
summary = "Since the year."
kind = "meeting"
areas = ["military-education"]
partners = ["georgia"]
sources = [{ id = "fixture-b", locator = "para 1" }]

[[event]]
id = "i-next"
date = "2021-01"
title = "Next year"
summary = "The year after."
kind = "meeting"
areas = ["military-education"]
partners = ["georgia"]
sources = [{ id = "fixture-b", locator = "para 1" }]
"#;

#[test]
fn qualified_dates_have_one_defined_order() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/minimal");
    let mut files = DataSource::Folder(dir).files().expect("readable");
    files.push(DataFile {
        path: "events/qualified.toml".to_owned(),
        text: QUALIFIED_2020.to_owned(),
    });
    let data = Dataset::from_files(&files).expect("the fixture loads");
    let order: Vec<&str> = ids(data.events().iter())
        .into_iter()
        .filter(|id| id.len() > 2 && id.as_bytes()[1] == b'-')
        .collect();
    // Before the year ahead of all of it; a day in it; then early < the year < mid < late <
    // since, after; then the next year.
    assert_eq!(
        order,
        [
            "d-before", "g-march", "f-early", "b-plain", "e-mid", "c-late", "a-after", "h-since",
            "i-next"
        ]
    );
    // Every query lists events in the dataset's one order.
    let georgia: Vec<&str> = ids(data.events_with_partner("georgia"))
        .into_iter()
        .filter(|id| order.contains(id))
        .collect();
    assert_eq!(georgia, order);
}

/// Two former states before the fixture's Türkiye, one continuing the other, with an event of
/// each and one that names both the nearer one and Türkiye.
const PREDECESSORS: [(&str, &str); 3] = [
    (
        "partners/fixture-empire.toml",
        r#"id = "fixture-empire"
name = "Fixture Empire"
kind = "state"
predecessor_of = "turkey"
relationship = "historical"
summary = "An invented former state."
sources = [{ id = "fixture-a", locator = "Chapter 1" }]
"#,
    ),
    (
        "partners/elder-fixture-realm.toml",
        r#"id = "elder-fixture-realm"
name = "Elder Fixture Realm"
kind = "state"
predecessor_of = "fixture-empire"
relationship = "historical"
summary = "An invented state older still."
sources = [{ id = "fixture-a", locator = "Chapter 1" }]
"#,
    ),
    (
        "events/former.toml",
        r#"[[event]]
id = "realm-1900-treaty"
date = "1900"
title = "Treaty with the elder realm"
summary = "Invented."
kind = "agreement"
areas = ["military"]
partners = ["elder-fixture-realm"]
sources = [{ id = "fixture-a", locator = "Chapter 1" }]

[[event]]
id = "empire-1910-mission"
date = "1910"
title = "Mission of the empire"
summary = "Invented."
kind = "visit"
areas = ["military"]
partners = ["fixture-empire"]
sources = [{ id = "fixture-a", locator = "Chapter 1" }]

[[event]]
id = "handover-1923"
date = "1923"
title = "Handover from the empire to the republic"
summary = "Invented; names both states."
kind = "other"
areas = ["military"]
partners = ["fixture-empire", "turkey"]
sources = [{ id = "fixture-a", locator = "Chapter 1" }]
"#,
    ),
];

#[test]
fn a_state_inherits_the_events_of_its_predecessors_each_under_its_own_name() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/minimal");
    let mut files = DataSource::Folder(dir).files().expect("readable");
    files.extend(PREDECESSORS.iter().map(|(path, text)| DataFile {
        path: (*path).to_owned(),
        text: (*text).to_owned(),
    }));
    let data = Dataset::from_files(&files).unwrap_or_else(|e| panic!("does not load: {e}"));
    let names: Vec<&str> = data
        .predecessors("turkey")
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(
        names,
        ["fixture-empire", "elder-fixture-realm"],
        "nearest first"
    );
    let inherited: Vec<(&str, &str)> = data
        .events_of_predecessors("turkey")
        .iter()
        .map(|(e, p)| (e.id.as_str(), p.id.as_str()))
        .collect();
    assert_eq!(
        inherited,
        [
            ("realm-1900-treaty", "elder-fixture-realm"),
            ("empire-1910-mission", "fixture-empire"),
        ],
        "an event naming Türkiye itself is its own, not inherited"
    );
    assert!(ids(data.events_with_partner("turkey")).contains(&"handover-1923"));
    assert!(data.predecessors("georgia").is_empty());
    assert!(data.events_of_predecessors("georgia").is_empty());
}

#[test]
fn figures_are_found_by_id() {
    let data = dataset();
    let figure = data.figure("cadets-sent-1992").expect("a partner's figure");
    assert_eq!(figure.value, "200");
    let found = data
        .find_records("officers-trained-abroad", None)
        .expect("found");
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].kind(), found[0].id()),
        ("figure", "officers-trained-abroad")
    );
    let only = data.find_records("officers-trained-abroad", Some(RecordKind::Figure));
    assert!(only.is_ok());
    let typo = data
        .find_records("cadets-sent-1993", Some(RecordKind::Figure))
        .expect_err("no such figure");
    assert_eq!(
        messages(&typo)[0],
        (
            "no figure has the id `cadets-sent-1993`".to_owned(),
            vec!["did you mean `cadets-sent-1992`?".to_owned()]
        )
    );
}
