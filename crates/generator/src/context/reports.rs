//! The context of the partner, period and type reports: their subject, key facts, figures,
//! events seen every way, notes, and the sections they print. The three differ only in their
//! subject, which events and figures they hold, and the wording of a few sections.

use attache_core::{Area, Citation, Dataset, Event, Figure, Partner, Period};
use serde::Serialize;

use super::collection::Collection;
use super::meta::{Fact, Meta, TranslationView, facts, meta, translation};
use super::sections::{self, Kind, SectionView};
use super::views::{self, FigureView, NoteView, Notes};
use crate::briefing::Briefing;
use crate::briefing::Section;
use crate::labels::{Labels, Localized};

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
    /// Whether and how the report says that some of its text is not translated.
    translation: TranslationView,
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
    /// Whether the summary is in the dataset's language for want of a translation.
    untranslated: bool,
}

/// What the three reports share, gathered once they know their events and figures.
struct Parts<'a> {
    kind: Kind,
    name: &'a str,
    citations: &'a [Citation],
    summary: Localized,
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
        aliases: aliases.clone(),
        events: dataset.events_with_partner(&partner.id).collect(),
        figures: dataset.figures_of_partner(&partner.id).collect(),
    };
    let meta = meta(
        dataset,
        briefing,
        labels,
        "partner",
        labels.fill("partner_title", &[("name", &name)]),
        labels.fill("partner_subtitle", &[("name", &name)]),
        &name,
    );
    build(dataset, briefing, labels, meta, parts, |notes, summary| {
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
    })
}

pub(super) fn period(
    dataset: &Dataset,
    period: &Period,
    briefing: &Briefing,
    labels: &Labels,
) -> ReportContext {
    let name = labels.pick(&period.translations, "name", &period.name).text;
    let span = labels.span(&period.start, period.end.as_ref());
    let parts = Parts {
        kind: Kind::Period,
        name: &name,
        citations: &period.sources,
        summary: labels.pick(&period.translations, "summary", &period.summary),
        aliases: Vec::new(),
        events: dataset.events_in_period(period).collect(),
        figures: dataset.figures_in_span(&period.span()).collect(),
    };
    let meta = meta(
        dataset,
        briefing,
        labels,
        "period",
        labels.fill("period_title", &[("name", &name)]),
        labels.fill("period_subtitle", &[("span", &span)]),
        &name,
    );
    build(dataset, briefing, labels, meta, parts, |notes, summary| {
        SubjectView::Period(PeriodView {
            id: period.id.clone(),
            name: name.clone(),
            span: span.clone(),
            summary: summary.to_owned(),
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
    let name = views::area_name(labels, area);
    let parts = Parts {
        kind: Kind::Area,
        name: &name,
        citations: &[],
        summary: labels.pick(&area.translations, "summary", &area.summary),
        aliases: Vec::new(),
        events: dataset.events_in_area(&area.id).collect(),
        figures: Vec::new(),
    };
    let meta = meta(
        dataset,
        briefing,
        labels,
        "type",
        labels.fill("type_title", &[("name", &name)]),
        labels.fill("type_subtitle", &[("name", &name)]),
        &name,
    );
    build(dataset, briefing, labels, meta, parts, |_, summary| {
        SubjectView::Area(AreaView {
            id: area.id.clone(),
            name: name.clone(),
            summary: summary.to_owned(),
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
    subject: impl FnOnce(&[usize], &str) -> SubjectView,
) -> ReportContext {
    let mut notes = Notes::default();
    let profile_notes = notes.cite(dataset, labels, parts.citations);
    let figures: Vec<FigureView> = parts
        .figures
        .iter()
        .map(|f| views::figure_view(dataset, labels, &mut notes, f))
        .collect();
    let events = Collection::new(dataset, labels, &parts.events, &mut notes);
    let notes = notes.into_list();
    let facts = facts(&parts.events, &events, figures.len(), labels);
    let has = |section: Section| match section {
        Section::Profile => true,
        Section::KeyFacts => !facts.is_empty(),
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
        subject: subject(&profile_notes, &parts.summary.text),
        profile: ProfileView {
            summary: parts.summary.text,
            notes: profile_notes,
            aliases: parts.aliases,
            untranslated: parts.summary.fallback,
        },
        sections,
        facts,
        figures,
        events,
        notes,
        translation: translation(labels),
    }
}
