//! Invariants of the built-in dataset in `data/`: what every brief relies on.

use std::collections::HashSet;
use std::path::Path;

use attache_core::{Dataset, fold, is_slug};

fn dataset() -> Dataset {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    match Dataset::load_dir(&dir) {
        Ok(dataset) => dataset,
        Err(e) => panic!("the built-in dataset does not load:\n{e}"),
    }
}

const SOURCE_IDS: [&str; 5] = [
    "army-building-2021",
    "coop-directions",
    "bagirova-2025",
    "wikipedia-azaf-2017",
    "bilateral-coop-2017",
];

#[test]
fn every_record_cites_one_of_the_five_documents_with_a_locator() {
    let data = dataset();
    let sources: HashSet<&str> = data.sources().iter().map(|s| s.id.as_str()).collect();
    assert_eq!(sources, SOURCE_IDS.into_iter().collect());
    let citations = data
        .events()
        .iter()
        .map(|e| (e.id.as_str(), &e.sources))
        .chain(data.partners().iter().map(|p| (p.id.as_str(), &p.sources)))
        .chain(data.periods().iter().map(|p| (p.id.as_str(), &p.sources)))
        .chain(data.figures().map(|f| (f.id.as_str(), &f.sources)));
    for (record, cited) in citations {
        assert!(!cited.is_empty(), "{record} cites nothing");
        for c in cited {
            assert!(
                SOURCE_IDS.contains(&c.id.as_str()),
                "{record} cites unknown {}",
                c.id
            );
            assert!(
                c.locator.trim().len() >= 3,
                "{record} cites {} without a usable locator",
                c.id
            );
        }
    }
}

#[test]
fn references_resolve_and_ids_are_slugs() {
    let data = dataset();
    for e in data.events() {
        assert!(is_slug(&e.id), "event id {}", e.id);
        assert!(!e.areas.is_empty(), "{} has no area", e.id);
        for p in &e.partners {
            assert!(
                data.partner(p).is_some(),
                "{} names unknown partner {p}",
                e.id
            );
        }
        for a in &e.areas {
            assert!(data.area(a).is_some(), "{} names unknown area {a}", e.id);
        }
    }
    for p in data.partners() {
        assert!(is_slug(&p.id), "partner id {}", p.id);
        assert!(!p.summary.trim().is_empty(), "{} has no profile", p.id);
    }
    let mut figure_ids = HashSet::new();
    for f in data.figures() {
        assert!(is_slug(&f.id), "figure id {}", f.id);
        assert!(figure_ids.insert(&f.id), "figure id {} twice", f.id);
    }
    for id in data
        .areas()
        .iter()
        .map(|a| &a.id)
        .chain(data.periods().iter().map(|p| &p.id))
    {
        assert!(is_slug(id), "id {id}");
    }
}

#[test]
fn every_name_and_alias_leads_to_one_partner() {
    let data = dataset();
    let mut owner = std::collections::HashMap::new();
    for p in data.partners() {
        let names: HashSet<String> = [&p.id, &p.name]
            .into_iter()
            .chain(&p.aliases)
            .map(|n| fold(n))
            .collect();
        for name in names {
            if let Some(other) = owner.insert(name.clone(), p.id.clone()) {
                panic!("`{name}` names both {other} and {}", p.id);
            }
        }
    }
}

#[test]
fn conflicts_are_marked_on_both_sides() {
    let data = dataset();
    for e in data.events() {
        for other in &e.conflicts_with {
            let other = data.event(other).expect("conflict target exists");
            assert!(
                other.conflicts_with.contains(&e.id),
                "{} conflicts with {} but not the reverse",
                e.id,
                other.id
            );
            assert_ne!(e.id, other.id);
        }
    }
    for f in data.figures() {
        for other in &f.conflicts_with {
            let other = data.figure(other).expect("conflict target exists");
            assert!(
                other.conflicts_with.contains(&f.id),
                "{} conflicts with {} but not the reverse",
                f.id,
                other.id
            );
            assert_ne!(f.id, other.id);
        }
    }
}

/// Every pair of records linked by `conflicts_with`, each pair once.
fn linked_pairs<'a>(
    records: impl Iterator<Item = (&'a str, &'a [String])>,
) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = records
        .flat_map(|(id, others)| others.iter().map(move |o| (id, o.as_str())))
        .filter(|(a, b)| a < b)
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .collect();
    pairs.sort();
    pairs
}

#[test]
fn every_known_disagreement_between_sources_is_linked() {
    let data = dataset();
    let events =
        linked_pairs((data.events().iter()).map(|e| (e.id.as_str(), e.conflicts_with.as_slice())));
    let figures = linked_pairs(
        data.figures()
            .map(|f| (f.id.as_str(), f.conflicts_with.as_slice())),
    );
    let pair = |a: &str, b: &str| {
        let (a, b) = if a < b { (a, b) } else { (b, a) };
        (a.to_owned(), b.to_owned())
    };
    for (a, b) in [
        (
            "1992-nagorno-karabakh-war",
            "1991-nagorno-karabakh-war-infobox",
        ),
        ("1991-law-on-armed-forces", "1992-armed-forces-current-form"),
        (
            "2009-turkey-military-assistance-agreement",
            "2010-turkey-strategic-partnership-mutual-assistance",
        ),
        (
            "2001-section-907-waiver",
            "2001-section-907-suspension-resolution",
        ),
    ] {
        assert!(events.contains(&pair(a, b)), "{a} and {b} are not linked");
    }
    for (a, b) in [
        // The 2009 budget: three values, each against the other two.
        ("2009-defence-budget-media", "2009-defence-budget-sipri"),
        ("2009-defence-budget-media", "2009-defence-budget-iiss"),
        ("2009-defence-budget-sipri", "2009-defence-budget-iiss"),
        // Land and air force strength, IISS against Blandy.
        (
            "2010-land-forces-personnel-iiss",
            "2008-land-forces-strength-blandy",
        ),
        (
            "2010-air-force-personnel-iiss",
            "2008-air-force-personnel-blandy",
        ),
        // The infobox total against the branches of the same survey.
        (
            "2010-active-personnel-infobox",
            "2010-land-forces-personnel-iiss",
        ),
        (
            "2010-active-personnel-infobox",
            "2010-air-force-personnel-iiss",
        ),
        ("2010-active-personnel-infobox", "2010-navy-personnel-iiss"),
        // Navy strength: the 2007 attribution against the 2010 ones.
        ("2007-navy-personnel-iiss", "2010-navy-personnel-iiss"),
        ("2007-navy-personnel-iiss", "2010-navy-personnel-janes"),
    ] {
        assert!(figures.contains(&pair(a, b)), "{a} and {b} are not linked");
    }
    assert_eq!(
        (events.len(), figures.len()),
        (4, 10),
        "linked pairs of events and of figures; update the lists above when adding one"
    );
}

#[test]
fn former_states_are_linked_to_their_successors_and_keep_their_own_events() {
    let data = dataset();
    for (former, successor) in [
        ("ottoman-empire", "turkey"),
        ("soviet-union", "russia"),
        ("georgian-democratic-republic", "georgia"),
    ] {
        let p = data.partner(former).expect("former state");
        assert_eq!(p.predecessor_of.as_deref(), Some(successor), "{former}");
    }
    // The 1918 treaty and the 1919 agreement were signed by the states of the time only.
    let treaty = data
        .event("1918-adr-ottoman-friendship-treaty")
        .expect("treaty");
    assert_eq!(treaty.partners, ["ottoman-empire"]);
    let agreement = data
        .event("1919-adr-georgia-military-defence-agreement")
        .expect("agreement");
    assert_eq!(agreement.partners, ["georgian-democratic-republic"]);
    let inherited: Vec<&str> = data
        .events_of_predecessors("turkey")
        .iter()
        .map(|(e, _)| e.id.as_str())
        .collect();
    assert!(inherited.contains(&"1918-adr-ottoman-friendship-treaty"));
    // No event names a former state together with its successor: each record belongs to
    // the state of its time.
    for e in data.events() {
        for p in data
            .partners()
            .iter()
            .filter(|p| e.partners.contains(&p.id))
        {
            if let Some(successor) = &p.predecessor_of {
                assert!(
                    !e.partners.contains(successor),
                    "{} names both {} and its successor {successor}",
                    e.id,
                    p.id
                );
            }
        }
    }
}

#[test]
fn inferred_dates_are_marked_and_their_summaries_say_how() {
    let data = dataset();
    let inferred: Vec<&str> = (data.events().iter())
        .filter(|e| e.date_inferred)
        .map(|e| e.id.as_str())
        .collect();
    for id in [
        "2002-kosovo-platoon-turkish-battalion",
        "2008-un-general-assembly-territorial-integrity-resolution",
        "2011-vienna-document-csbm",
        "2012-turkish-joint-production-programme",
        "2020-turkiye-treats-war-veterans",
        "2020-uk-demining-support",
        "2020-bayraktar-uavs-in-war",
        "2020-pakistan-war-support-statement",
        "2020-russian-peacekeepers-karabakh",
        "2020-military-loot-park",
    ] {
        assert!(inferred.contains(&id), "{id} is not marked as inferred");
    }
    // The summary of each says where the date comes from.
    let explains = [
        "inference",
        "gives no",
        "does not date",
        "come from",
        "dates the war",
    ];
    for e in data.events().iter().filter(|e| e.date_inferred) {
        assert!(
            explains.iter().any(|w| e.summary.contains(w)),
            "{}: the summary does not say how the date was worked out",
            e.id
        );
    }
}

#[test]
fn the_dataset_is_complete_enough_for_real_briefs() {
    let data = dataset();
    assert!(
        data.events().len() > 100,
        "only {} events",
        data.events().len()
    );
    assert!(
        data.partners().len() >= 50,
        "only {} partners",
        data.partners().len()
    );
    for id in [
        "turkey",
        "russia",
        "georgia",
        "pakistan",
        "israel",
        "united-states",
        "nato",
        "united-nations",
        "cis",
    ] {
        assert!(data.partner(id).is_some(), "partner {id} missing");
    }
    assert!(data.events_with_partner("turkey").count() >= 15);
    let areas: HashSet<&str> = data.areas().iter().map(|a| a.id.as_str()).collect();
    for id in [
        "military-technical",
        "military-education",
        "peacekeeping",
        "defence-industry",
        "arms-control",
    ] {
        assert!(areas.contains(id), "area {id} missing");
    }
    // Every event falls in some period, so the chronology can group it.
    for e in data
        .events()
        .iter()
        .filter(|e| e.date.year_number() >= 1918)
    {
        assert!(
            data.period_of(e).is_some() || e.date.year_number() < 1991,
            "{} ({}) in no period",
            e.id,
            e.date
        );
    }
}
