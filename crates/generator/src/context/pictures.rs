//! The pictures of a report: the activity chart, the timeline by partner and the partner
//! network. The counts come from core's queries (`activity_by_year`, `partner_activity`);
//! here they become geometry: bins, axis ticks, positions as fractions of the picture's width
//! and height, and the alt text that describes each picture in words. Templates only draw
//! what is computed here, in colours and sizes of their own, so tests can check every number
//! a picture shows against the data.

use std::collections::BTreeMap;

use attache_core::{
    Dataset, Event, KindFamily, Partner, PartnerActivity, PartnerKind, activity_by_year,
};
use chrono::Datelike;
use serde::Serialize;

use super::views;
use crate::labels::Labels;

/// Below this many events the activity chart is a dot strip: a bar chart of three events is
/// mostly empty space.
const DOT_STRIP_BELOW: usize = 6;

/// A colour's entry in a picture's legend.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LegendEntry {
    /// Its colour's place in the template's palette (`family-colours` or `area-colours`).
    pub(crate) index: usize,
    pub(crate) label: String,
}

/// A labelled point on a horizontal axis.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AxisTick {
    /// Where, in ten-thousandths of the width from the left.
    pub(crate) x: u32,
    pub(crate) label: String,
}

/// One event kind family's part of a bar.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Segment {
    /// The family's colour in `family-colours`.
    pub(crate) index: usize,
    pub(crate) count: usize,
}

/// One bar: the events of a bin, stacked by kind family from the bottom.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Bin {
    /// The first year of the bin.
    pub(crate) start: i32,
    /// The years it covers in words ("2020–2024").
    pub(crate) label: String,
    pub(crate) count: usize,
    pub(crate) segments: Vec<Segment>,
}

/// One event of a dot strip or a lane.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Mark {
    /// Where, in ten-thousandths of the width from the left.
    pub(crate) x: u32,
    /// Its family's colour in `family-colours`.
    pub(crate) index: usize,
    /// Which row of the strip, from 0, so that events close in time do not hide each other.
    pub(crate) row: usize,
}

/// The activity chart: events per year or per five years, stacked by kind family; or, for a
/// handful of events, a dot strip.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ActivityChart {
    /// `bars` or `dots`.
    pub(crate) style: &'static str,
    /// The picture in words, for readers who cannot see it.
    pub(crate) alt: String,
    /// What a bar counts, in words: "Recorded events per 5 years."
    pub(crate) caption: String,
    /// Years per bar (1, 5 or 10).
    pub(crate) bucket: i32,
    pub(crate) bins: Vec<Bin>,
    /// The top of the count axis, a round number at or above the tallest bar.
    pub(crate) top: usize,
    /// The counts marked on the count axis, with a gridline each, from 0 to `top`.
    pub(crate) ticks: Vec<usize>,
    /// The years marked under the bars (or the strip).
    pub(crate) axis: Vec<AxisTick>,
    /// A dot strip's events.
    pub(crate) dots: Vec<Mark>,
    /// How many rows the dot strip uses.
    pub(crate) rows: usize,
    /// The families shown, in legend order.
    pub(crate) legend: Vec<LegendEntry>,
    /// The count axis's title ("Events").
    pub(crate) y_title: String,
}

/// A period shaded behind the lanes of a timeline.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Band {
    /// Where it starts and how wide it is, in ten-thousandths of the width.
    pub(crate) x: u32,
    pub(crate) width: u32,
    /// Its name; empty when the band is too narrow to hold it.
    pub(crate) label: String,
    /// Every other band is shaded, so neighbours stay apart.
    pub(crate) shaded: bool,
}

/// One partner's lane of a timeline.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Lane {
    pub(crate) id: String,
    pub(crate) name: String,
    /// How many events the lane marks.
    pub(crate) count: usize,
    pub(crate) marks: Vec<Mark>,
}

/// The timeline by partner: the most active partners as lanes across the years.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Timeline {
    pub(crate) alt: String,
    pub(crate) axis: Vec<AxisTick>,
    pub(crate) periods: Vec<Band>,
    pub(crate) lanes: Vec<Lane>,
    /// The partners left out, in words ("and 14 others"), or "".
    pub(crate) others: String,
    pub(crate) legend: Vec<LegendEntry>,
}

/// A partner in the network, in one of its two columns.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Node {
    pub(crate) id: String,
    pub(crate) name: String,
    /// Shared events: the line's weight.
    pub(crate) count: usize,
    /// `count` over the busiest partner's, in ten-thousandths, for the line's width.
    pub(crate) share: u32,
    /// Its dominant area's colour in `area-colours`.
    pub(crate) index: usize,
    /// `left` or `right`.
    pub(crate) side: &'static str,
    /// Its row in the column, from 0.
    pub(crate) row: usize,
}

/// A group's heading in a network column ("States").
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GroupHeading {
    pub(crate) label: String,
    pub(crate) side: &'static str,
    pub(crate) row: usize,
}

/// The partner network: the subject state in the centre, its most engaged partners around it,
/// grouped by kind, one line to each.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Network {
    pub(crate) alt: String,
    /// The subject state's name.
    pub(crate) centre: String,
    pub(crate) nodes: Vec<Node>,
    pub(crate) headings: Vec<GroupHeading>,
    /// Rows in the taller column.
    pub(crate) rows: usize,
    /// The partners not drawn, counted ("and 22 others, 31 events"), or "".
    pub(crate) others: String,
    /// The dominant areas shown, in the dataset's order.
    pub(crate) legend: Vec<LegendEntry>,
}

/// A round step for an axis covering `span` units with at most `most` steps.
fn round_step(span: usize, most: usize) -> usize {
    let mut magnitude = 1;
    loop {
        for factor in [1, 2, 5] {
            let step = factor * magnitude;
            if span.div_ceil(step) <= most {
                return step;
            }
        }
        magnitude *= 10;
    }
}

/// Where in time an event sits, in years: the middle of the days its date may stand for.
fn when(event: &Event) -> f64 {
    let (first, last) = (event.date.first_day(), event.date.last_day());
    let middle = first + (last - first) / 2;
    f64::from(middle.year()) + f64::from(middle.ordinal0()) / 365.25
}

/// A fraction in ten-thousandths, as pictures give positions and shares: whole numbers keep
/// renders byte-identical and pass into Typst source as they are.
fn round(x: f64) -> u32 {
    (x.clamp(0.0, 1.0) * 10_000.0).round() as u32
}

/// The families of `events`, as a legend.
fn family_legend<'a>(
    events: impl IntoIterator<Item = &'a Event>,
    labels: &Labels,
) -> Vec<LegendEntry> {
    let present: Vec<KindFamily> = events.into_iter().map(|e| e.kind.family()).collect();
    KindFamily::ALL
        .into_iter()
        .filter(|f| present.contains(f))
        .map(|f| LegendEntry {
            index: f.index(),
            label: labels.get(&format!("family_{}", f.name())).to_owned(),
        })
        .collect()
}

/// Marks for events on an axis from `start` to `end` (years), a new row wherever an event
/// would sit on top of another.
fn marks(events: &[&Event], start: f64, end: f64, gap: u32) -> Vec<Mark> {
    let mut placed: Vec<Mark> = Vec::new();
    for event in events {
        let x = round((when(event) - start) / (end - start));
        let row = (0..)
            .find(|&r| !placed.iter().any(|m| m.row == r && m.x.abs_diff(x) < gap))
            .unwrap_or(0);
        placed.push(Mark {
            x,
            index: event.kind.family().index(),
            row,
        });
    }
    placed
}

/// Year ticks on an axis from `start` to `end`: the years in it that are multiples of `step`.
fn year_ticks(start: i32, end: i32, step: usize) -> Vec<AxisTick> {
    (start..=end)
        .filter(|y| y.rem_euclid(step as i32) == 0)
        .map(|y| AxisTick {
            x: round(f64::from(y - start) / f64::from(end - start)),
            label: y.to_string(),
        })
        .collect()
}

/// The activity chart of `events`; `None` when there are none.
pub(crate) fn activity(events: &[&Event], labels: &Labels) -> Option<ActivityChart> {
    let by_year = activity_by_year(events.iter().copied());
    let (first, last) = (by_year.keys().next()?.0, by_year.keys().last()?.0);
    let total: usize = by_year.values().sum();
    let legend = family_legend(events.iter().copied(), labels);
    let y_title = labels.get("axis_events").to_owned();
    if total < DOT_STRIP_BELOW {
        // A year either side, so that no dot sits on the axis's end.
        let (start, end) = (first - 1, last + 2);
        let step = round_step((end - start) as usize, 5);
        let dots = marks(events, f64::from(start), f64::from(end), 300);
        let span = if first == last {
            first.to_string()
        } else {
            format!("{first}–{last}")
        };
        return Some(ActivityChart {
            style: "dots",
            alt: labels.fill(
                "alt_dots",
                &[
                    ("events", &labels.count("count_events", total)),
                    ("span", &span),
                ],
            ),
            caption: labels.fill("dot_strip_caption", &[]),
            bucket: 1,
            bins: Vec::new(),
            top: 0,
            ticks: Vec::new(),
            axis: year_ticks(start, end, step),
            rows: dots.iter().map(|d| d.row + 1).max().unwrap_or(1),
            dots,
            legend,
            y_title,
        });
    }
    let bucket = match last - first {
        ..25 => 1,
        25..150 => 5,
        _ => 10,
    };
    let start = first - first.rem_euclid(bucket);
    let bins: Vec<Bin> = (start..=last)
        .step_by(bucket as usize)
        .map(|bin| bar(&by_year, bin, bucket))
        .collect();
    let tallest = bins.iter().max_by_key(|b| b.count)?;
    let step = round_step(tallest.count, 4);
    let top = tallest.count.div_ceil(step) * step;
    let years = bins.len() as i32 * bucket;
    let label_every = round_step(years as usize, 6).max(bucket as usize) as i32;
    let centred = if bucket == 1 { 0.5 } else { 0.0 };
    let axis = (bins.iter().enumerate())
        .filter(|(_, b)| b.start.rem_euclid(label_every) == 0)
        .map(|(i, b)| AxisTick {
            x: round((i as f64 + centred) / bins.len() as f64),
            label: b.start.to_string(),
        })
        .collect();
    let years = labels.count("count_years", bucket as usize);
    let (alt_key, caption_key) = if bucket == 1 {
        ("alt_chart_year", "events_per_year")
    } else {
        ("alt_chart_years", "events_per_years")
    };
    let alt = labels.fill(
        alt_key,
        &[
            ("years", &years),
            ("events", &labels.count("count_events", total)),
            ("bin", &tallest.label),
            ("n", &labels.number(tallest.count)),
        ],
    );
    Some(ActivityChart {
        style: "bars",
        alt,
        caption: labels.fill(
            caption_key,
            &[("years", &years), ("n", &bucket.to_string())],
        ),
        bucket,
        ticks: (0..=top).step_by(step).collect(),
        top,
        bins,
        axis,
        dots: Vec::new(),
        rows: 0,
        legend,
        y_title,
    })
}

/// The bar of the bin starting in `start`.
fn bar(by_year: &BTreeMap<(i32, KindFamily), usize>, start: i32, bucket: i32) -> Bin {
    let end = start + bucket - 1;
    let segments: Vec<Segment> = KindFamily::ALL
        .into_iter()
        .map(|family| Segment {
            index: family.index(),
            count: (start..=end)
                .filter_map(|y| by_year.get(&(y, family)))
                .sum(),
        })
        .filter(|s| s.count > 0)
        .collect();
    Bin {
        start,
        label: if bucket == 1 {
            start.to_string()
        } else {
            format!("{start}–{end}")
        },
        count: segments.iter().map(|s| s.count).sum(),
        segments,
    }
}

/// Whose lanes a timeline draws.
pub(crate) enum Lanes<'a> {
    /// The partners with most events, at most this many.
    Busiest(usize),
    /// One partner (a partner's brief).
    One(&'a Partner),
}

/// The timeline by partner of `events`; `None` when no event names a partner drawn.
pub(crate) fn timeline(
    dataset: &Dataset,
    events: &[&Event],
    lanes: Lanes<'_>,
    labels: &Labels,
) -> Option<Timeline> {
    let ranked = dataset.partner_activity(events);
    let (drawn, left_out): (Vec<&PartnerActivity<'_>>, usize) = match lanes {
        Lanes::Busiest(most) => (
            ranked.iter().take(most).collect(),
            ranked.len().saturating_sub(most),
        ),
        Lanes::One(partner) => (
            ranked
                .iter()
                .filter(|a| a.partner.id == partner.id)
                .collect(),
            0,
        ),
    };
    let shown: Vec<&Event> = drawn
        .iter()
        .flat_map(|a| a.events.iter().copied())
        .collect();
    let first = shown.iter().map(|e| e.date.year_number()).min()?;
    let last = shown.iter().map(|e| e.date.year_number()).max()? + 1;
    // The axis runs from the first event's year to the end of the last one's; round years
    // inside it are marked.
    let (start, end) = (first, last);
    let step = round_step((end - start) as usize, 7) as i32;
    let (from, to) = (f64::from(start), f64::from(end));
    let lanes: Vec<Lane> = drawn
        .iter()
        .map(|a| Lane {
            id: a.partner.id.clone(),
            name: views::partner_name(labels, a.partner),
            count: a.events.len(),
            marks: marks(&a.events, from, to, 120),
        })
        .collect();
    let busiest = &lanes[0];
    let alt = labels.fill(
        "alt_timeline",
        &[
            ("partners", &labels.count("count_partners", lanes.len())),
            ("from", &first.to_string()),
            ("to", &(last - 1).to_string()),
            ("name", &busiest.name),
            ("events", &labels.count("count_events", busiest.count)),
        ],
    );
    Some(Timeline {
        alt,
        axis: year_ticks(start, end, step as usize),
        periods: bands(dataset, labels, from, to),
        others: others(labels, left_out),
        legend: family_legend(shown.iter().copied(), labels),
        lanes,
    })
}

/// "and 14 others", or "" when no one is left out.
fn others(labels: &Labels, left_out: usize) -> String {
    if left_out == 0 {
        String::new()
    } else {
        labels.count("and_others", left_out)
    }
}

/// The dataset's periods inside the axis from `from` to `to`, as shaded bands.
fn bands(dataset: &Dataset, labels: &Labels, from: f64, to: f64) -> Vec<Band> {
    let at = |date: chrono::NaiveDate| {
        let year = f64::from(date.year()) + f64::from(date.ordinal0()) / 365.25;
        round((year - from) / (to - from))
    };
    (dataset.periods().iter())
        .map(|p| {
            let x = at(p.start.first_day());
            let end = p.end.map_or(10_000, |e| at(e.last_day()));
            (p, x, end.saturating_sub(x))
        })
        .filter(|(_, _, width)| *width > 0)
        .enumerate()
        .map(|(i, (p, x, width))| Band {
            x,
            width,
            // A name needs room: a narrow band stays unnamed rather than spill onto the next.
            label: if width >= 1_200 {
                labels.pick(&p.translations, "name", &p.name).text
            } else {
                String::new()
            },
            shaded: i % 2 == 0,
        })
        .collect()
}

/// Partners named in the network; the rest are counted.
const NETWORK_NAMED: usize = 12;

/// The partner network of `events`; `None` when no event names a partner.
pub(crate) fn network(dataset: &Dataset, events: &[&Event], labels: &Labels) -> Option<Network> {
    let ranked = dataset.partner_activity(events);
    let named = &ranked[..ranked.len().min(NETWORK_NAMED)];
    let most = named.first()?.events.len();
    let area_index = |a: &PartnerActivity<'_>| {
        a.dominant_area
            .and_then(|area| dataset.areas().iter().position(|x| x.id == area.id))
            .unwrap_or(0)
    };
    // One column of rows per side: a group's heading, then its partners, busiest first.
    let mut rows: Vec<(Option<String>, Option<&PartnerActivity<'_>>)> = Vec::new();
    for (kind, key) in [
        (PartnerKind::State, "group_states"),
        (PartnerKind::Organization, "group_organizations"),
        (PartnerKind::Company, "group_companies"),
    ] {
        let members: Vec<&PartnerActivity<'_>> =
            named.iter().filter(|a| a.partner.kind == kind).collect();
        if !members.is_empty() {
            rows.push((Some(labels.get(key).to_owned()), None));
            rows.extend(members.into_iter().map(|m| (None, Some(m))));
        }
    }
    // The left column takes the first half; a heading never ends it, and a group the split
    // cuts in two is headed again at the top of the right column.
    let mut split = rows.len().div_ceil(2);
    if rows[split - 1].0.is_some() {
        split -= 1;
    }
    if rows
        .get(split)
        .is_some_and(|(heading, _)| heading.is_none())
    {
        let heading = rows[..split].iter().rev().find_map(|(h, _)| h.clone());
        rows.insert(split, (heading, None));
    }
    let (mut nodes, mut headings) = (Vec::new(), Vec::new());
    for (i, (heading, member)) in rows.iter().enumerate() {
        let (side, row) = if i < split {
            ("left", i)
        } else {
            ("right", i - split)
        };
        if let Some(label) = heading {
            headings.push(GroupHeading {
                label: label.clone(),
                side,
                row,
            });
        }
        if let Some(a) = member {
            nodes.push(Node {
                id: a.partner.id.clone(),
                name: views::partner_name(labels, a.partner),
                count: a.events.len(),
                share: round(a.events.len() as f64 / most as f64),
                index: area_index(a),
                side,
                row,
            });
        }
    }
    let left_out = &ranked[named.len()..];
    // Ranked busiest first: the first left out shares the most events, the last the fewest.
    let others = match (left_out.first(), left_out.last()) {
        (Some(high), Some(low)) => labels.fill(
            if high.events.len() == low.events.len() {
                "network_others_same"
            } else {
                "network_others"
            },
            &[
                ("others", &others(labels, left_out.len())),
                ("low", &labels.number(low.events.len())),
                (
                    "events",
                    &labels.count("count_shared_events", high.events.len()),
                ),
            ],
        ),
        _ => String::new(),
    };
    let legend = (dataset.areas().iter().enumerate())
        .filter(|(i, _)| nodes.iter().any(|n| n.index == *i))
        .map(|(index, area)| LegendEntry {
            index,
            label: views::area_name(labels, area),
        })
        .collect();
    let alt = labels.fill(
        "alt_network",
        &[
            ("subject", labels.subject_name()),
            ("named", &labels.count("count_partners", named.len())),
            ("all", &labels.number(ranked.len())),
            ("name", &views::partner_name(labels, named[0].partner)),
            ("events", &labels.count("count_shared_events", most)),
        ],
    );
    Some(Network {
        alt,
        centre: labels.subject_name().to_owned(),
        rows: split.max(rows.len() - split),
        nodes,
        headings,
        others,
        legend,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use attache_core::{Dataset, Event, MarkingScale};

    use super::*;
    use crate::template_files::TemplateSource;

    fn labels() -> Labels {
        Labels::load(&TemplateSource::new(None), "en").expect("labels")
    }

    fn load(dir: &std::path::Path) -> Dataset {
        Dataset::load_dir(dir).expect("the dataset loads")
    }

    fn built_in() -> Dataset {
        load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data"))
    }

    /// Events counted straight from the records, not through the pictures' queries.
    fn in_years<'a>(events: &[&'a Event], from: i32, to: i32) -> Vec<&'a Event> {
        (events.iter().copied())
            .filter(|e| (from..=to).contains(&e.date.year_number()))
            .collect()
    }

    #[test]
    fn axis_steps_are_round_and_few() {
        assert_eq!(round_step(3, 4), 1);
        assert_eq!(round_step(6, 4), 2);
        assert_eq!(round_step(17, 4), 5);
        assert_eq!(round_step(107, 6), 20);
        assert_eq!(round_step(0, 4), 1);
    }

    #[test]
    fn bar_heights_are_the_events_of_each_bin_by_kind() {
        let dataset = built_in();
        for events in [
            dataset.events_with_partner("turkey").collect::<Vec<_>>(),
            dataset.events_in_area("military-technical").collect(),
            dataset.events().iter().collect(),
        ] {
            let chart = activity(&events, &labels()).expect("a chart");
            assert_eq!(chart.style, "bars");
            let total: usize = chart.bins.iter().map(|b| b.count).sum();
            assert_eq!(total, events.len(), "every event in one bar");
            for bin in &chart.bins {
                let held = in_years(&events, bin.start, bin.start + chart.bucket - 1);
                assert_eq!(bin.count, held.len(), "bar {}", bin.label);
                for family in KindFamily::ALL {
                    let n = held.iter().filter(|e| e.kind.family() == family).count();
                    let drawn = (bin.segments.iter())
                        .find(|s| s.index == family.index())
                        .map_or(0, |s| s.count);
                    assert_eq!(drawn, n, "{} in bar {}", family.name(), bin.label);
                }
            }
            let tallest = chart.bins.iter().map(|b| b.count).max().unwrap_or(0);
            assert!(chart.top >= tallest && chart.ticks.first() == Some(&0));
            assert_eq!(chart.ticks.last(), Some(&chart.top));
            assert!(
                chart.alt.contains(&format!("with {tallest}")),
                "{}",
                chart.alt
            );
            assert!(chart.axis.len() <= 8 && !chart.axis.is_empty());
        }
    }

    #[test]
    fn a_handful_of_events_is_a_dot_strip() {
        let dataset = built_in();
        let events: Vec<&Event> = dataset.events_with_partner("georgia").collect();
        assert!(events.len() < DOT_STRIP_BELOW);
        let chart = activity(&events, &labels()).expect("a strip");
        assert_eq!((chart.style, chart.dots.len()), ("dots", events.len()));
        assert!(chart.bins.is_empty());
        assert!(
            chart.alt.starts_with("Dot strip: 3 events"),
            "{}",
            chart.alt
        );
        assert!(activity(&[], &labels()).is_none(), "no events, no chart");
    }

    #[test]
    fn lanes_mark_each_partners_events() {
        let dataset = built_in();
        let events: Vec<&Event> = dataset.events().iter().collect();
        let timeline = timeline(&dataset, &events, Lanes::Busiest(8), &labels()).expect("lanes");
        assert_eq!(timeline.lanes.len(), 8);
        for lane in &timeline.lanes {
            let count = dataset.events_with_partner(&lane.id).count();
            assert_eq!(
                (lane.count, lane.marks.len()),
                (count, count),
                "{}",
                lane.id
            );
        }
        let counts: Vec<usize> = timeline.lanes.iter().map(|l| l.count).collect();
        assert!(counts.is_sorted_by(|a, b| a >= b), "busiest first");
        let named: HashSet<&str> = events
            .iter()
            .flat_map(|e| &e.partners)
            .map(String::as_str)
            .collect();
        let others = named.len() - 8;
        assert_eq!(timeline.others, format!("and {others} others"));
        assert!(timeline.alt.contains(&timeline.lanes[0].name));
        let ticks: Vec<u32> = timeline.axis.iter().map(|t| t.x).collect();
        assert!(ticks.is_sorted() && ticks.iter().all(|&x| x <= 10_000));
        let georgia = dataset.partner("georgia").expect("georgia");
        let own: Vec<&Event> = dataset.events_with_partner("georgia").collect();
        let one = timeline_of(&dataset, &own, georgia);
        assert_eq!(one.lanes.len(), 1);
        assert_eq!(one.lanes[0].marks.len(), own.len());
        assert!(one.others.is_empty());
    }

    fn timeline_of(dataset: &Dataset, events: &[&Event], partner: &Partner) -> Timeline {
        timeline(dataset, events, Lanes::One(partner), &labels()).expect("a lane")
    }

    #[test]
    fn line_weights_are_shared_events_and_labels_never_share_a_row() {
        let dataset = built_in();
        let events: Vec<&Event> = dataset.events().iter().collect();
        let network = network(&dataset, &events, &labels()).expect("a network");
        assert_eq!(network.nodes.len(), NETWORK_NAMED);
        let most = network.nodes.iter().map(|n| n.count).max().expect("nodes");
        for node in &network.nodes {
            let count = dataset.events_with_partner(&node.id).count();
            assert_eq!(node.count, count, "{}", node.id);
            assert_eq!(node.share, round(count as f64 / most as f64));
        }
        let mut rows = HashSet::new();
        let places = (network.nodes.iter().map(|n| (n.side, n.row)))
            .chain(network.headings.iter().map(|h| (h.side, h.row)));
        for place in places {
            assert!(place.1 < network.rows, "inside the picture");
            assert!(rows.insert(place), "two labels on {place:?}");
        }
        assert!(network.others.starts_with("and "), "{}", network.others);
        assert!(
            network.alt.contains("linked to 12 partners"),
            "{}",
            network.alt
        );
    }

    #[test]
    fn withheld_events_count_nowhere() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fixture =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/ruritania");
        copy_dir(&fixture, dir.path());
        let file = dir.path().join("events/1900-1949.toml");
        let text = std::fs::read_to_string(&file).expect("events");
        let marked = text.replacen(
            "id = \"ofw-1902-border-treaty\"",
            "id = \"ofw-1902-border-treaty\"\nmarking = \"TLP:RED\"",
            1,
        );
        std::fs::write(&file, marked).expect("written");
        let full = load(dir.path());
        let released = (full
            .release(&MarkingScale::tlp(), Some(1))
            .expect("released"))
        .dataset;
        let count = |d: &Dataset| {
            let events: Vec<&Event> = d.events().iter().collect();
            let chart = activity(&events, &labels()).expect("a chart");
            let drawn = chart.bins.iter().map(|b| b.count).sum::<usize>() + chart.dots.len();
            let lanes = timeline(d, &events, Lanes::Busiest(8), &labels())
                .map_or(0, |t| t.lanes.iter().map(|l| l.count).sum());
            (drawn, lanes)
        };
        let (all, all_lanes) = count(&full);
        let (kept, kept_lanes) = count(&released);
        assert_eq!(kept, all - 1, "the withheld event is not drawn");
        assert_eq!(kept_lanes, all_lanes - 1, "nor marked in a lane");
    }

    fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
        for entry in std::fs::read_dir(from).expect("fixture") {
            let entry = entry.expect("entry");
            let target = to.join(entry.file_name());
            if entry.path().is_dir() {
                std::fs::create_dir_all(&target).expect("dir");
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).expect("copied");
            }
        }
    }
}
