//! What every report shows about a set of events: the chronology, the instruments, the
//! exercises, the events grouped by area and by partner, the activity chart and the disputed facts;
//! and which disputed records head an entry of "Where sources differ", for events and figures.

use std::collections::{HashMap, HashSet};

use attache_core::{Dataset, Event, EventKind};
use serde::Serialize;

use super::pictures::{self, ActivityChart};
use super::views::{self, EventView, Notes, PredecessorLabel};
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
    /// Events per year (or per five years), stacked by kind family; a dot strip for a few.
    pub(crate) chart: Option<ActivityChart>,
    /// Events whose sources disagree with another record, each disagreement once (see
    /// [`disputes`]).
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
    /// Views `events` (in date order), numbering their citations in `notes`. `inherited`
    /// labels the events of a predecessor state, by id ("Ottoman Empire (predecessor)").
    pub(crate) fn new(
        dataset: &Dataset,
        labels: &Labels,
        events: &[&Event],
        inherited: &HashMap<&str, PredecessorLabel>,
        notes: &mut Notes,
    ) -> Self {
        let present: HashSet<&str> = events.iter().map(|e| e.id.as_str()).collect();
        let in_report = |id: &str| present.contains(id);
        let views: Vec<EventView> = events
            .iter()
            .map(|e| {
                let mut view = views::event_view(dataset, labels, notes, e, &in_report);
                if let Some(label) = inherited.get(e.id.as_str()) {
                    view.recorded_under(label);
                }
                view
            })
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
            conflicts: disputes(
                events
                    .iter()
                    .map(|e| (e.id.as_str(), &e.conflicts_with[..])),
            )
            .into_iter()
            .map(|d| views[d.head].clone().naming_only(&d.others))
            .collect(),
            chart: pictures::activity(events, labels),
            areas,
            partners,
            chronology: views,
        }
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

/// One entry of "Where sources differ": the record it starts from, by index, and the ids of
/// the records disputing it that the entry names.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Dispute {
    pub(super) head: usize,
    pub(super) others: Vec<String>,
}

/// The entries of "Where sources differ" for records of one kind (their ids and
/// `conflicts_with`, in report order), each linked pair printed once.
///
/// The record disputed on the most counts not yet printed heads the next entry, which names
/// those counts; the records named together in one entry count as compared with each other.
/// Three values of one budget, each against the other two, so make one entry; a total against
/// its three parts makes one, and a part also disputed by another estimate heads a second
/// entry naming only that estimate. Ties go to the earlier record; entries keep report order.
pub(super) fn disputes<'a>(records: impl Iterator<Item = (&'a str, &'a [String])>) -> Vec<Dispute> {
    let records: Vec<(&str, &[String])> = records.collect();
    let pair = |a: &'a str, b: &'a str| if a < b { (a, b) } else { (b, a) };
    let mut printed: HashSet<(&str, &str)> = HashSet::new();
    let mut entries = Vec::new();
    loop {
        let fresh =
            |(id, others): &(&'a str, &'a [String]), printed: &HashSet<_>| -> Vec<&'a str> {
                (others.iter().map(String::as_str))
                    .filter(|o| !printed.contains(&pair(id, o)))
                    .collect()
            };
        let best = (records.iter().enumerate())
            .map(|(i, record)| (i, fresh(record, &printed).len()))
            .filter(|&(_, n)| n > 0)
            .max_by_key(|&(i, n)| (n, std::cmp::Reverse(i)));
        let Some((head, _)) = best else { break };
        let others = fresh(&records[head], &printed);
        let members: Vec<&str> = std::iter::once(records[head].0)
            .chain(others.iter().copied())
            .collect();
        for a in &members {
            for b in &members {
                if a != b {
                    printed.insert(pair(a, b));
                }
            }
        }
        let others = others.into_iter().map(str::to_owned).collect();
        entries.push(Dispute { head, others });
    }
    entries.sort_by_key(|d| d.head);
    entries
}

#[cfg(test)]
mod tests {
    use super::{Dispute, disputes};

    fn entries(records: &[(&str, &[&str])]) -> Vec<(usize, Vec<String>)> {
        let owned: Vec<(&str, Vec<String>)> = records
            .iter()
            .map(|(id, others)| (*id, others.iter().map(|o| (*o).to_owned()).collect()))
            .collect();
        disputes(owned.iter().map(|(id, others)| (*id, &others[..])))
            .into_iter()
            .map(|Dispute { head, others }| (head, others))
            .collect()
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_pair_is_printed_once() {
        let records: &[(&str, &[&str])] = &[("a", &["b"]), ("x", &[]), ("b", &["a"])];
        assert_eq!(entries(records), [(0, names(&["b"]))]);
    }

    #[test]
    fn three_values_each_against_the_others_make_one_entry() {
        let budget: &[(&str, &[&str])] =
            &[("m", &["s", "i"]), ("s", &["m", "i"]), ("i", &["m", "s"])];
        assert_eq!(entries(budget), [(0, names(&["s", "i"]))]);
    }

    #[test]
    fn a_total_against_its_parts_and_a_part_against_another_estimate() {
        let records: &[(&str, &[&str])] = &[
            ("total", &["land", "air", "navy"]),
            ("land", &["total", "other-land"]),
            ("air", &["total"]),
            ("navy", &["total", "old-navy"]),
            ("other-land", &["land"]),
            ("old-navy", &["navy", "other-navy"]),
            ("other-navy", &["old-navy"]),
        ];
        assert_eq!(
            entries(records),
            [
                (0, names(&["land", "air", "navy"])),
                (1, names(&["other-land"])),
                (5, names(&["navy", "other-navy"])),
            ]
        );
    }

    #[test]
    fn one_side_outside_the_report_still_makes_an_entry() {
        let records: &[(&str, &[&str])] = &[("a", &["elsewhere"])];
        assert_eq!(entries(records), [(0, names(&["elsewhere"]))]);
    }
}
