//! The context of the partner, period and type reports: their subject, key facts, figures,
//! events seen every way, notes, and the sections they print. The three differ only in their
//! subject, which events and figures they hold, and the wording of a few sections.

use std::collections::{HashMap, HashSet};

use attache_core::{Area, Citation, Dataset, Event, Figure, Marking, Partner, Period};
use serde::Serialize;

use super::changes::ChangesView;
use super::collection::{Collection, disputes};
use super::meta::{
    Fact, Meta, TranslationView, event_markings, facts, meta, top_level, translation,
};
use super::pictures::{self, Lanes, Network, Timeline};
use super::sections::{self, Kind, SectionView};
use super::views::{self, FigureView, NoteView, Notes, PredecessorLabel};
use crate::briefing::Briefing;
use crate::briefing::Section;
use crate::labels::{Labels, Localized};
use crate::words;

/// What a partner, period or type template receives.
#[derive(Debug, Serialize)]
pub(super) struct ReportContext {
    meta: Meta,
    /// `partner`, `period` or `area`: the subject's own fields.
    #[serde(flatten)]
    subject: SubjectView,
    /// The subject in prose, whatever the report: for the `profile` section.
    profile: ProfileView,
    /// The sections to print, in order, with their headings.
    sections: Vec<SectionView>,
    facts: Vec<Fact>,
    figures: Vec<FigureView>,
    /// Figures whose sources disagree with another figure, each disagreement once.
    figure_conflicts: Vec<FigureView>,
    #[serde(flatten)]
    events: Collection,
    /// The most engaged partners as lanes across the years; a partner's own lane in its brief.
    timeline: Option<Timeline>,
    /// The subject state and its partners (period and type reports).
    network: Option<Network>,
    notes: Vec<NoteView>,
    /// How many facts rest on which grades, in words; "" when the report cites nothing.
    sourcing: String,
    /// Whether and how the report says that some of its text is not translated.
    translation: TranslationView,
    /// What changed since an older version (`--since`); `None` without one.
    changes: Option<ChangesView>,
}

/// The subject, under the name its template knows it by.
#[derive(Debug, Serialize)]
#[serde(rename_all = "lowercase")]
enum SubjectView {
    Partner(PartnerView),
    Period(PeriodView),
    Area(AreaView),
}

#[derive(Debug, Serialize)]
struct PartnerView {
    id: String,
    name: String,
    native_name: Option<String>,
    kind: &'static str,
    /// What the partner is, in words.
    kind_label: String,
    iso3: Option<String>,
    relationship: String,
    summary: String,
    aliases: Vec<String>,
    notes: Vec<usize>,
}

#[derive(Debug, Serialize)]
struct PeriodView {
    id: String,
    name: String,
    span: String,
    summary: String,
    notes: Vec<usize>,
}

#[derive(Debug, Serialize)]
struct AreaView {
    id: String,
    name: String,
    summary: String,
}

/// The subject in prose, with its sources and other names.
#[derive(Debug, Serialize)]
struct ProfileView {
    summary: String,
    notes: Vec<usize>,
    aliases: Vec<String>,
    /// The summary's portion mark, or "".
    mark: String,
    /// For a state: the names of the former states it continues, nearest first.
    predecessors: Vec<String>,
    /// For a former state: the name of the state that continues it.
    successor: Option<String>,
    /// Whether the summary is in the dataset's language for want of a translation.
    untranslated: bool,
}

/// What the three reports share, gathered once they know their events and figures.
struct Parts<'a> {
    kind: Kind,
    name: &'a str,
    citations: &'a [Citation],
    summary: Localized,
    /// The marking of the subject's own record, whose summary the profile prints.
    marking: Option<&'a Marking>,
    aliases: Vec<String>,
    /// The subject's own events, in date order: what the key facts count.
    events: Vec<&'a Event>,
    /// In a brief on a state, the events of its predecessors, each with the state it is
    /// recorded under: printed with the brief's events, labelled, but not counted as its own.
    inherited: Vec<(&'a Event, &'a Partner)>,
    figures: Vec<&'a Figure>,
    /// The partner whose lane a brief's timeline draws; `None` in other reports.
    lane_of: Option<&'a Partner>,
    predecessors: Vec<String>,
    successor: Option<String>,
}

impl Parts<'_> {
    /// The highest level the report prints: its subject's, its events' (and of the events
    /// they conflict with) and its figures'.
    fn top(&self, dataset: &Dataset, briefing: &Briefing) -> usize {
        let inherited: Vec<&Event> = self.inherited.iter().map(|(e, _)| *e).collect();
        let figures = (self.figures.iter())
            .flat_map(|f| {
                std::iter::once(*f)
                    .chain(f.conflicts_with.iter().filter_map(|id| dataset.figure(id)))
            })
            .map(|f| f.marking.as_ref());
        let events: Vec<Option<&Marking>> = event_markings(dataset, &self.events)
            .chain(event_markings(dataset, &inherited))
            .collect();
        top_level(
            &briefing.marking.scale,
            events.into_iter().chain(figures).chain([self.marking]),
        )
    }
}

pub(super) fn partner(
    dataset: &Dataset,
    partner: &Partner,
    briefing: &Briefing,
    labels: &Labels,
    changes: Option<ChangesView>,
) -> ReportContext {
    let name = views::partner_name(labels, partner);
    let native_name = partner.native_name.clone().filter(|n| *n != name);
    // Other names: the dataset's own when a translation is printed, then the aliases; never
    // the name printed or the native name beside it.
    let aliases: Vec<String> = std::iter::once(&partner.name)
        .chain(&partner.aliases)
        .filter(|a| **a != name && Some(*a) != native_name.as_ref())
        .cloned()
        .collect();
    let parts = Parts {
        kind: Kind::Partner,
        name: &name,
        citations: &partner.sources,
        summary: labels.pick(&partner.translations, "summary", &partner.summary),
        marking: partner.marking.as_ref(),
        aliases: aliases.clone(),
        events: dataset.events_with_partner(&partner.id).collect(),
        inherited: dataset.events_of_predecessors(&partner.id),
        figures: dataset.figures_of_partner(&partner.id).collect(),
        lane_of: Some(partner),
        predecessors: (dataset.predecessors(&partner.id).iter())
            .map(|p| views::partner_name(labels, p))
            .collect(),
        successor: (partner.predecessor_of.as_deref())
            .and_then(|id| dataset.partner(id))
            .map(|p| views::partner_name(labels, p)),
    };
    let meta = meta(
        dataset,
        briefing,
        labels,
        "partner",
        labels.fill("partner_title", &[("name", &name)]),
        labels.fill("partner_subtitle", &[("name", &name)]),
        &name,
        parts.top(dataset, briefing),
    );
    build(
        dataset,
        briefing,
        labels,
        meta,
        parts,
        changes,
        |notes, summary| {
            SubjectView::Partner(PartnerView {
                id: partner.id.clone(),
                name: name.clone(),
                native_name,
                kind: partner.kind.name(),
                kind_label: labels.partner_kind(partner.kind),
                iso3: partner.iso3.clone(),
                relationship: labels.vocabulary("relationship", &partner.relationship),
                summary: summary.to_owned(),
                aliases,
                notes: notes.to_vec(),
            })
        },
    )
}

pub(super) fn period(
    dataset: &Dataset,
    period: &Period,
    briefing: &Briefing,
    labels: &Labels,
    changes: Option<ChangesView>,
) -> ReportContext {
    let name = labels.pick(&period.translations, "name", &period.name).text;
    let span = labels.span(&period.start, period.end.as_ref());
    let parts = Parts {
        kind: Kind::Period,
        name: &name,
        citations: &period.sources,
        summary: labels.pick(&period.translations, "summary", &period.summary),
        marking: period.marking.as_ref(),
        aliases: Vec::new(),
        events: dataset.events_in_period(period).collect(),
        inherited: Vec::new(),
        figures: dataset.figures_in_span(&period.span()).collect(),
        lane_of: None,
        predecessors: Vec::new(),
        successor: None,
    };
    let meta = meta(
        dataset,
        briefing,
        labels,
        "period",
        labels.fill("period_title", &[("name", &name)]),
        labels.fill("period_subtitle", &[("span", &span)]),
        &name,
        parts.top(dataset, briefing),
    );
    build(
        dataset,
        briefing,
        labels,
        meta,
        parts,
        changes,
        |notes, summary| {
            SubjectView::Period(PeriodView {
                id: period.id.clone(),
                name: name.clone(),
                span: span.clone(),
                summary: summary.to_owned(),
                notes: notes.to_vec(),
            })
        },
    )
}

pub(super) fn area(
    dataset: &Dataset,
    area: &Area,
    briefing: &Briefing,
    labels: &Labels,
    changes: Option<ChangesView>,
) -> ReportContext {
    let name = views::area_name(labels, area);
    let parts = Parts {
        kind: Kind::Area,
        name: &name,
        citations: &[],
        summary: labels.pick(&area.translations, "summary", &area.summary),
        marking: area.marking.as_ref(),
        aliases: Vec::new(),
        events: dataset.events_in_area(&area.id).collect(),
        inherited: Vec::new(),
        figures: Vec::new(),
        lane_of: None,
        predecessors: Vec::new(),
        successor: None,
    };
    let meta = meta(
        dataset,
        briefing,
        labels,
        "type",
        labels.fill("type_title", &[("name", &name)]),
        labels.fill("type_subtitle", &[("name", &name)]),
        &name,
        parts.top(dataset, briefing),
    );
    build(
        dataset,
        briefing,
        labels,
        meta,
        parts,
        changes,
        |_, summary| {
            SubjectView::Area(AreaView {
                id: area.id.clone(),
                name: name.clone(),
                summary: summary.to_owned(),
            })
        },
    )
}

/// Lanes in a report's timeline by partner: the busiest partners, the rest counted.
const TIMELINE_LANES: usize = 8;

/// Numbers the notes in reading order (profile, figures, events), views everything and
/// plans the sections.
fn build(
    dataset: &Dataset,
    briefing: &Briefing,
    labels: &Labels,
    meta: Meta,
    parts: Parts<'_>,
    changes: Option<ChangesView>,
    subject: impl FnOnce(&[usize], &str) -> SubjectView,
) -> ReportContext {
    let mut notes = Notes::default();
    let profile_notes = notes.cite(dataset, labels, parts.citations);
    let (figures, figure_conflicts) = figure_views(dataset, labels, &parts.figures, &mut notes);
    let inherited: HashMap<&str, PredecessorLabel> = (parts.inherited.iter())
        .map(|(e, p)| (e.id.as_str(), predecessor_label(labels, p)))
        .collect();
    let printed: HashSet<&str> = (parts.events.iter().map(|e| e.id.as_str()))
        .chain(inherited.keys().copied())
        .collect();
    let all: Vec<&Event> = (dataset.events().iter())
        .filter(|e| printed.contains(e.id.as_str()))
        .collect();
    let events = Collection::new(dataset, labels, &all, &inherited, &mut notes);
    let (timeline, network) = if let Some(partner) = parts.lane_of {
        let lane = pictures::timeline(dataset, &parts.events, Lanes::One(partner), labels);
        (lane, None)
    } else {
        let lanes = pictures::timeline(dataset, &all, Lanes::Busiest(TIMELINE_LANES), labels);
        (lanes, pictures::network(dataset, &all, labels))
    };
    let cited = (parts.figures.iter().map(|f| f.sources.as_slice()))
        .chain(all.iter().map(|e| e.sources.as_slice()));
    let sourcing = views::sourcing(dataset, labels, cited);
    let notes = notes.into_list();
    let mut facts = facts(&parts.events, figures.len(), labels);
    facts.extend(inherited_fact(&parts.inherited, labels));
    let has = |section: Section| match section {
        Section::Profile => true,
        Section::KeyFacts => !facts.is_empty(),
        Section::Figures => !figures.is_empty(),
        Section::Partners => !events.partners.is_empty(),
        Section::LegalBasis => !events.instruments.is_empty(),
        Section::Exercises => !events.exercises.is_empty(),
        Section::Areas => !events.areas.is_empty(),
        Section::Chart => events.chart.is_some(),
        Section::Timeline => timeline.is_some(),
        Section::Network => network.is_some(),
        Section::Chronology => !events.chronology.is_empty(),
        Section::Conflicts => !events.conflicts.is_empty() || !figure_conflicts.is_empty(),
        Section::Sources => !notes.is_empty(),
        Section::Changes => changes.is_some(),
    };
    let mut sections = sections::plan(parts.kind, &briefing.sections, has, labels, parts.name);
    if let Some(changes) = &changes {
        sections::retitle(&mut sections, Section::Changes, &changes.heading);
    }
    ReportContext {
        meta,
        subject: subject(&profile_notes, &parts.summary.text),
        profile: ProfileView {
            summary: parts.summary.text,
            notes: profile_notes,
            aliases: parts.aliases,
            mark: labels.portion_mark(parts.marking),
            predecessors: parts.predecessors,
            successor: parts.successor,
            untranslated: parts.summary.fallback,
        },
        sections,
        facts,
        figures,
        figure_conflicts,
        events,
        timeline,
        network,
        notes,
        sourcing,
        translation: translation(labels),
        changes,
    }
}

/// The figures' views, and those heading an entry of "Where sources differ".
fn figure_views(
    dataset: &Dataset,
    labels: &Labels,
    figures: &[&Figure],
    notes: &mut Notes,
) -> (Vec<FigureView>, Vec<FigureView>) {
    let present: HashSet<&str> = figures.iter().map(|f| f.id.as_str()).collect();
    let in_report = |id: &str| present.contains(id);
    let views: Vec<FigureView> = figures
        .iter()
        .map(|f| views::figure_view(dataset, labels, notes, f, &in_report))
        .collect();
    let heads = disputes(
        figures
            .iter()
            .map(|f| (f.id.as_str(), &f.conflicts_with[..])),
    );
    let conflicts = (heads.into_iter())
        .map(|d| views[d.head].clone().naming_only(&d.others))
        .collect();
    (views, conflicts)
}

/// The key fact on a brief's predecessor events, when it has any: how many, and whose.
fn inherited_fact(inherited: &[(&Event, &Partner)], labels: &Labels) -> Option<Fact> {
    let mut names: Vec<String> = Vec::new();
    for (_, p) in inherited {
        let name = views::partner_name(labels, p);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    (!inherited.is_empty()).then(|| {
        Fact::new(
            labels.fill("predecessor_events", &[("names", &names.join(", "))]),
            labels.number(inherited.len()),
        )
    })
}

/// The label on an event of a predecessor state, as written and in capitals. A name not
/// translated into the report's language takes the capitals of the dataset's language.
fn predecessor_label(labels: &Labels, predecessor: &Partner) -> PredecessorLabel {
    let name = labels.pick(&predecessor.translations, "name", &predecessor.name);
    let language = if name.fallback {
        labels.data_language()
    } else {
        labels.language()
    };
    let capitals = labels.upper(&labels.fill(
        "predecessor_label",
        &[("name", &words::upper(language, &name.text))],
    ));
    PredecessorLabel {
        text: labels.fill("predecessor_label", &[("name", &name.text)]),
        capitals,
    }
}
