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
        .chain(data.figures().map(|f| (f.what.as_str(), &f.sources)));
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
