//! The context of the partner, period and type reports: their subject, key facts, figures,
//! events seen every way, notes, and the sections they print. The three differ only in their
//! subject, which events and figures they hold, and the wording of a few sections.

use attache_core::{Area, Citation, Dataset, Event, Figure, Partner, Period};
use serde::Serialize;

use super::collection::Collection;
use super::meta::{Fact, Meta, facts, meta};
use super::sections::{self, Kind, SectionView};
use super::views::{self, FigureView, NoteView, Notes};
use crate::briefing::Briefing;
use crate::briefing::Section;
use crate::labels::Labels;

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
    #[serde(flatten)]
    events: Collection,
    notes: Vec<NoteView>,
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
}

/// What the three reports share, gathered once they know their events and figures.
struct Parts<'a> {
    kind: Kind,
    name: &'a str,
    citations: &'a [Citation],
    summary: &'a str,
    aliases: Vec<String>,
    events: Vec<&'a Event>,
    figures: Vec<&'a Figure>,
}

pub(super) fn partner(
    dataset: &Dataset,
    partner: &Partner,
    briefing: &Briefing,
    labels: &Labels,
) -> ReportContext {
    let parts = Parts {
        kind: Kind::Partner,
        name: &partner.name,
        citations: &partner.sources,
        summary: &partner.summary,
        aliases: partner.aliases.clone(),
        events: dataset.events_with_partner(&partner.id).collect(),
        figures: dataset.figures_of_partner(&partner.id).collect(),
    };
    let meta = meta(
        dataset,
        briefing,
        "partner",
        labels.fill("partner_title", &[("name", &partner.name)]),
        labels.fill("partner_subtitle", &[("name", &partner.name)]),
        &partner.name,
    );
    build(dataset, briefing, labels, meta, parts, |notes| {
        SubjectView::Partner(PartnerView {
            id: partner.id.clone(),
            name: partner.name.clone(),
            native_name: partner.native_name.clone().filter(|n| *n != partner.name),
            kind: partner.kind.name(),
            iso3: partner.iso3.clone(),
            relationship: partner.relationship.replace('-', " "),
            summary: partner.summary.clone(),
            aliases: partner.aliases.clone(),
            notes: notes.to_vec(),
        })
    })
}

pub(super) fn period(
    dataset: &Dataset,
    period: &Period,
    briefing: &Briefing,
    labels: &Labels,
) -> ReportContext {
    let parts = Parts {
        kind: Kind::Period,
        name: &period.name,
        citations: &period.sources,
        summary: &period.summary,
        aliases: Vec::new(),
        events: dataset.events_in_period(period).collect(),
        figures: dataset.figures_in_span(&period.span()).collect(),
    };
    let meta = meta(
        dataset,
        briefing,
        "period",
        labels.fill("period_title", &[("name", &period.name)]),
        labels.fill("period_subtitle", &[("span", &period.span_label())]),
        &period.name,
    );
    build(dataset, briefing, labels, meta, parts, |notes| {
        SubjectView::Period(PeriodView {
            id: period.id.clone(),
            name: period.name.clone(),
            span: period.span_label(),
            summary: period.summary.clone(),
            notes: notes.to_vec(),
        })
    })
}

pub(super) fn area(
    dataset: &Dataset,
    area: &Area,
    briefing: &Briefing,
    labels: &Labels,
) -> ReportContext {
    let parts = Parts {
        kind: Kind::Area,
        name: &area.name,
        citations: &[],
        summary: &area.summary,
        aliases: Vec::new(),
        events: dataset.events_in_area(&area.id).collect(),
        figures: Vec::new(),
    };
    let meta = meta(
        dataset,
        briefing,
        "type",
        labels.fill("type_title", &[("name", &area.name)]),
        labels.fill("type_subtitle", &[("name", &area.name)]),
        &area.name,
    );
    build(dataset, briefing, labels, meta, parts, |_| {
        SubjectView::Area(AreaView {
            id: area.id.clone(),
            name: area.name.clone(),
            summary: area.summary.clone(),
        })
    })
}

/// Numbers the notes in reading order (profile, figures, events), views everything and
/// plans the sections.
fn build(
    dataset: &Dataset,
    briefing: &Briefing,
    labels: &Labels,
    meta: Meta,
    parts: Parts<'_>,
    subject: impl FnOnce(&[usize]) -> SubjectView,
) -> ReportContext {
    let mut notes = Notes::default();
    let profile_notes = notes.cite(dataset, parts.citations);
    let figures: Vec<FigureView> = parts
        .figures
        .iter()
        .map(|f| views::figure_view(dataset, &mut notes, f))
        .collect();
    let events = Collection::new(dataset, &parts.events, &mut notes);
    let notes = notes.into_list();
    let has = |section: Section| match section {
        Section::Profile | Section::KeyFacts => true,
        Section::Figures => !figures.is_empty(),
        Section::Partners => !events.partners.is_empty(),
        Section::LegalBasis => !events.instruments.is_empty(),
        Section::Exercises => !events.exercises.is_empty(),
        Section::Areas => !events.areas.is_empty(),
        Section::Chart => events.chart.is_some(),
        Section::Chronology => !events.chronology.is_empty(),
        Section::Conflicts => !events.conflicts.is_empty(),
        Section::Sources => !notes.is_empty(),
    };
    let sections = sections::plan(parts.kind, &briefing.sections, has, labels, parts.name);
    ReportContext {
        meta,
        subject: subject(&profile_notes),
        profile: ProfileView {
            summary: parts.summary.to_owned(),
            notes: profile_notes,
            aliases: parts.aliases,
        },
        sections,
        facts: facts(&parts.events, &events, figures.len(), labels),
        figures,
        events,
        notes,
    }
}
