//! How much happened, when, of what kind and with whom: the counts a report's pictures draw
//! (the activity chart, the timeline by partner, the partner network). They are asked here,
//! once, so that a bar, a lane or a line weight agrees with every other count of the same
//! events.

use std::collections::BTreeMap;

use crate::dataset::Dataset;
use crate::model::{Area, Event, EventKind, Partner};

/// The five families of event kinds a picture tells apart by colour: seventeen kinds are too
/// many for a legend a reader takes in at a glance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KindFamily {
    /// Agreements, declarations, accessions and laws.
    Instruments,
    /// Exercises, training, deployments and parades.
    Exercises,
    /// Visits, meetings and appointments.
    Contacts,
    /// Procurement, production and establishments.
    Industry,
    /// Conflicts, ceasefires and anything else.
    Other,
}

impl KindFamily {
    /// Every family, in legend order.
    pub const ALL: [KindFamily; 5] = [
        KindFamily::Instruments,
        KindFamily::Exercises,
        KindFamily::Contacts,
        KindFamily::Industry,
        KindFamily::Other,
    ];

    /// The family's name, as label keys (`family_instruments`) and templates know it.
    pub fn name(self) -> &'static str {
        match self {
            KindFamily::Instruments => "instruments",
            KindFamily::Exercises => "exercises",
            KindFamily::Contacts => "contacts",
            KindFamily::Industry => "industry",
            KindFamily::Other => "other",
        }
    }

    /// Its place in [`KindFamily::ALL`]: the index of its colour in a template's palette.
    pub fn index(self) -> usize {
        self as usize
    }
}

impl EventKind {
    /// The family a kind is drawn in.
    pub fn family(self) -> KindFamily {
        use EventKind::*;
        match self {
            Agreement | Declaration | Accession | Law => KindFamily::Instruments,
            Exercise | Training | Deployment | Parade => KindFamily::Exercises,
            Visit | Meeting | Appointment => KindFamily::Contacts,
            Procurement | Production | Establishment => KindFamily::Industry,
            Conflict | Ceasefire | Other => KindFamily::Other,
        }
    }
}

/// How many events fall in each year, by kind family (the year an event starts in).
pub fn activity_by_year<'a>(
    events: impl IntoIterator<Item = &'a Event>,
) -> BTreeMap<(i32, KindFamily), usize> {
    let mut counts = BTreeMap::new();
    for event in events {
        *counts
            .entry((event.date.year_number(), event.kind.family()))
            .or_default() += 1;
    }
    counts
}

/// A partner and how much of a set of events it shares.
#[derive(Debug, Clone)]
pub struct PartnerActivity<'a> {
    /// The partner.
    pub partner: &'a Partner,
    /// The events naming it, in date order.
    pub events: Vec<&'a Event>,
    /// The area most of those events fall in (ties to the dataset's earlier area); `None`
    /// when none names an area.
    pub dominant_area: Option<&'a Area>,
}

impl Dataset {
    /// The partners named by `events`, most events first (ties in the dataset's partner
    /// order), each with its events and dominant area.
    pub fn partner_activity<'a>(&'a self, events: &[&'a Event]) -> Vec<PartnerActivity<'a>> {
        let mut ranked: Vec<PartnerActivity<'a>> = self
            .partners()
            .iter()
            .map(|partner| {
                let shared: Vec<&Event> = events
                    .iter()
                    .copied()
                    .filter(|e| e.partners.contains(&partner.id))
                    .collect();
                PartnerActivity {
                    partner,
                    dominant_area: self.dominant_area(&shared),
                    events: shared,
                }
            })
            .filter(|a| !a.events.is_empty())
            .collect();
        ranked.sort_by_key(|a| std::cmp::Reverse(a.events.len()));
        ranked
    }

    /// The area most of `events` fall in; ties go to the area listed first in the dataset.
    pub fn dominant_area(&self, events: &[&Event]) -> Option<&Area> {
        let mut best: Option<(&Area, usize)> = None;
        for area in self.areas() {
            let n = events.iter().filter(|e| e.areas.contains(&area.id)).count();
            if n > 0 && best.is_none_or(|(_, most)| n > most) {
                best = Some((area, n));
            }
        }
        best.map(|(area, _)| area)
    }
}
