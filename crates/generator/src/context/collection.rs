//! What every report shows about a set of events: the chronology, the instruments, the
//! exercises, the events grouped by area and by partner, the chart and the disputed facts.

use std::collections::HashSet;

use attache_core::{Dataset, Event, EventKind};
use serde::Serialize;

use super::views::{self, Chart, EventView, Notes};
use crate::labels::Labels;

/// A set of events, viewed every way a report needs.
#[derive(Debug, Serialize)]
pub(crate) struct Collection {
    /// Every event, in date order.
    pub(crate) chronology: Vec<EventView>,
    /// Agreements, declarations and accessions.
    pub(crate) instruments: Vec<EventView>,
    /// Exercises and training.
    pub(crate) exercises: Vec<EventView>,
    /// Events by cooperation area, in the dataset's area order; empty areas left out.
    pub(crate) areas: Vec<Group>,
    /// Events by partner, most engaged first.
    pub(crate) partners: Vec<Group>,
    /// Events per year (or per five years).
    pub(crate) chart: Option<Chart>,
    /// Events whose sources disagree with another record.
    pub(crate) conflicts: Vec<EventView>,
}

/// Events sharing an area or a partner.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Group {
    id: String,
    name: String,
    count: usize,
    /// The count in words: "12 events".
    count_label: String,
    events: Vec<EventView>,
}

impl Collection {
    /// Views `events` (in date order), numbering their citations in `notes`.
    pub(crate) fn new(
        dataset: &Dataset,
        labels: &Labels,
        events: &[&Event],
        notes: &mut Notes,
    ) -> Self {
        let present: HashSet<&str> = events.iter().map(|e| e.id.as_str()).collect();
        let in_report = |id: &str| present.contains(id);
        let views: Vec<EventView> = events
            .iter()
            .map(|e| views::event_view(dataset, labels, notes, e, &in_report))
            .collect();
        let pick = |keep: &dyn Fn(&Event) -> bool| -> Vec<EventView> {
            events
                .iter()
                .zip(&views)
                .filter(|(e, _)| keep(e))
                .map(|(_, v)| v.clone())
                .collect()
        };
        let areas = dataset
            .areas()
            .iter()
            .map(|a| {
                let events = pick(&|e| e.areas.contains(&a.id));
                group(labels, &a.id, views::area_name(labels, a), events)
            })
            .filter(|g| g.count > 0)
            .collect();
        let mut partners: Vec<Group> = dataset
            .partners()
            .iter()
            .map(|p| {
                let events = pick(&|e| e.partners.contains(&p.id));
                group(labels, &p.id, views::partner_name(labels, p), events)
            })
            .filter(|g| g.count > 0)
            .collect();
        partners.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        Self {
            instruments: pick(&|e| e.kind.is_instrument()),
            exercises: pick(&|e| matches!(e.kind, EventKind::Exercise | EventKind::Training)),
            conflicts: pick(&|e| !e.conflicts_with.is_empty()),
            chart: views::chart(events.iter().copied(), labels),
            areas,
            partners,
            chronology: views,
        }
    }

    /// How many events of these kinds the collection holds.
    pub(crate) fn count(&self, kinds: &[EventKind]) -> usize {
        self.chronology
            .iter()
            .filter(|e| kinds.iter().any(|k| k.name() == e.kind()))
            .count()
    }
}

fn group(labels: &Labels, id: &str, name: String, events: Vec<EventView>) -> Group {
    Group {
        id: id.to_owned(),
        name,
        count: events.len(),
        count_label: labels.count("count_events", events.len()),
        events,
    }
}
