//! Every question asked of a dataset, each answered in one place: which events involve a
//! partner, fall in an area, a period, a span or a filter; which figures concern a partner or
//! fall in a span; what cites a source; which period heads an event in a chronology. The
//! command line and the reports call these, so a count printed by one agrees with the other.
//!
//! What users type (a partner's name, a period id or `FROM..TO`, filter values, any record's
//! id) is turned into records here too, in [`resolve`], with hints when it matches nothing.

pub(crate) mod activity;
pub(crate) mod resolve;
pub(crate) mod search;

use std::cmp::Ordering;

use crate::dataset::Dataset;
use crate::date::{DateSpan, PartialDate, UNQUALIFIED_RANK};
use crate::grade::Grade;
use crate::model::{Area, Event, EventKind, Figure, Partner, Period, Source, Translations};
use crate::names::{fold, suggest};

/// Which events a chronology or listing keeps. Empty lists keep everything.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Keep events that go on to this date or later.
    pub from: Option<PartialDate>,
    /// Keep events that start by this date (at its precision: `2003` keeps all of 2003).
    pub to: Option<PartialDate>,
    /// Keep events involving any of these partner ids.
    pub partners: Vec<String>,
    /// Keep events in any of these area ids.
    pub areas: Vec<String>,
    /// Keep events of any of these kinds.
    pub kinds: Vec<EventKind>,
    /// Keep events resting on at least one citation graded this or better (`B3`).
    pub min_grade: Option<Grade>,
}

impl EventFilter {
    /// The span `from` and `to` mark out.
    pub fn span(&self) -> DateSpan {
        DateSpan::new(self.from, self.to)
    }

    /// Whether an event passes: it falls in the span (see [`DateSpan::overlaps`]) and matches
    /// every list that is not empty.
    pub fn keeps(&self, event: &Event) -> bool {
        falls_in(event, &self.span())
            && (self.partners.is_empty()
                || event.partners.iter().any(|p| self.partners.contains(p)))
            && (self.areas.is_empty() || event.areas.iter().any(|a| self.areas.contains(a)))
            && (self.kinds.is_empty() || self.kinds.contains(&event.kind))
    }
}

/// The one order of events, everywhere they are listed (reports, chronologies, `list`,
/// `export`): by date, then by qualifier, then by id.
///
/// - A date given only to the year or month goes after the dated events inside it: "2020"
///   means "at some point in 2020", not "1 January 2020". So does a qualified one ("early
///   2020", "after 2020"): an event is placed at the last day its date may stand for.
/// - "Before" and "by" a date are placed at its first day instead: "before 2020" comes ahead
///   of everything in 2020.
/// - Among events placed on the same day, the qualifier decides: before < circa, early, first
///   half < the date itself < mid < late, second half < since, after (see
///   [`crate::DateQualifier::rank`]); then the vaguer date goes last, then the id.
pub fn chronological(a: &Event, b: &Event) -> Ordering {
    let key = |e: &Event| {
        let rank = e.date_qualifier.map_or(UNQUALIFIED_RANK, |q| q.rank());
        let before = e.date_qualifier.is_some_and(|q| q.points_before());
        let day = if before {
            e.date.first_day()
        } else {
            e.date.last_day()
        };
        (day, rank, std::cmp::Reverse(e.date.precision()))
    };
    key(a).cmp(&key(b)).then_with(|| a.id.cmp(&b.id))
}

/// Whether an event falls in a span: the one rule, shared by periods, spans and filters.
fn falls_in(event: &Event, span: &DateSpan) -> bool {
    span.overlaps(event.first_day(), event.last_day())
}

/// The outcome of looking a partner up by what a user typed.
#[derive(Debug)]
pub enum PartnerMatch<'a> {
    /// Exactly one partner has that id, name, alias or ISO code.
    Found(&'a Partner),
    /// None has; these come closest.
    NotFound(Vec<&'a Partner>),
}

/// Any record, borrowed from a dataset.
#[derive(Debug, Clone, Copy)]
pub enum RecordRef<'a> {
    /// An event.
    Event(&'a Event),
    /// A partner.
    Partner(&'a Partner),
    /// A named period.
    Period(&'a Period),
    /// A cooperation area.
    Area(&'a Area),
    /// A source.
    Source(&'a Source),
    /// A figure.
    Figure(&'a Figure),
}

impl<'a> RecordRef<'a> {
    /// "event", "partner", "period", "area", "source" or "figure".
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Event(_) => "event",
            Self::Partner(_) => "partner",
            Self::Period(_) => "period",
            Self::Area(_) => "area",
            Self::Source(_) => "source",
            Self::Figure(_) => "figure",
        }
    }

    /// The record's id.
    pub fn id(&self) -> &'a str {
        match self {
            Self::Event(e) => &e.id,
            Self::Partner(p) => &p.id,
            Self::Period(p) => &p.id,
            Self::Area(a) => &a.id,
            Self::Source(s) => &s.id,
            Self::Figure(f) => &f.id,
        }
    }
}

impl Dataset {
    /// The events involving one partner, in date order.
    pub fn events_with_partner(&self, id: &str) -> impl Iterator<Item = &Event> {
        self.events()
            .iter()
            .filter(move |e| e.partners.iter().any(|p| p == id))
    }

    /// The events in one cooperation area, in date order.
    pub fn events_in_area(&self, id: &str) -> impl Iterator<Item = &Event> {
        self.events()
            .iter()
            .filter(move |e| e.areas.iter().any(|a| a == id))
    }

    /// The events that fall in a period (see [`DateSpan::overlaps`]), in date order: what a
    /// period report holds and what `show <period>` counts.
    pub fn events_in_period<'a>(
        &'a self,
        period: &Period,
    ) -> impl Iterator<Item = &'a Event> + use<'a> {
        self.events_in_span(&period.span())
    }

    /// The events that fall in a span (see [`DateSpan::overlaps`]), in date order.
    pub fn events_in_span<'a>(
        &'a self,
        span: &DateSpan,
    ) -> impl Iterator<Item = &'a Event> + use<'a> {
        let span = *span;
        self.events().iter().filter(move |e| falls_in(e, &span))
    }

    /// The events a filter keeps, in date order.
    pub fn events_matching<'a>(
        &'a self,
        filter: &'a EventFilter,
    ) -> impl Iterator<Item = &'a Event> + 'a {
        self.events().iter().filter(move |e| {
            filter.keeps(e)
                && filter
                    .min_grade
                    .is_none_or(|g| self.rests_on(&e.sources, g))
        })
    }

    /// The states a partner continues (`predecessor_of` pointing at it, directly or through
    /// another predecessor), nearest first.
    pub fn predecessors(&self, id: &str) -> Vec<&Partner> {
        let mut found: Vec<&Partner> = Vec::new();
        let mut next = vec![id];
        while let Some(successor) = next.pop() {
            for p in self.partners() {
                let continues = p.predecessor_of.as_deref() == Some(successor);
                if continues && p.id != id && !found.iter().any(|f| f.id == p.id) {
                    found.push(p);
                    next.push(&p.id);
                }
            }
        }
        found
    }

    /// The events of a partner's predecessor states that do not name the partner itself, in
    /// date order, each with the predecessor it is recorded under (the nearest it names).
    pub fn events_of_predecessors<'a>(&'a self, id: &str) -> Vec<(&'a Event, &'a Partner)> {
        let predecessors = self.predecessors(id);
        self.events()
            .iter()
            .filter(|e| !e.partners.iter().any(|p| p == id))
            .filter_map(|e| {
                let via = predecessors.iter().find(|p| e.partners.contains(&p.id))?;
                Some((e, *via))
            })
            .collect()
    }

    /// The figures concerning one partner: the dataset-wide ones naming it, then its own.
    pub fn figures_of_partner(&self, id: &str) -> impl Iterator<Item = &Figure> {
        self.figures()
            .filter(move |f| f.partners.iter().any(|p| p == id))
    }

    /// The figures whose date falls in a span (see [`DateSpan::overlaps`]).
    pub fn figures_in_span<'a>(
        &'a self,
        span: &DateSpan,
    ) -> impl Iterator<Item = &'a Figure> + use<'a> {
        let span = *span;
        self.figures().filter(move |f| span.overlaps_date(&f.as_of))
    }

    /// Every record citing a source: events, partners, periods, then figures.
    pub fn cited_by(&self, source: &str) -> Vec<RecordRef<'_>> {
        let cites = |sources: &[crate::model::Citation]| sources.iter().any(|c| c.id == source);
        let events = self.events().iter().filter(|e| cites(&e.sources));
        let partners = self.partners().iter().filter(|p| cites(&p.sources));
        let periods = self.periods().iter().filter(|p| cites(&p.sources));
        let figures = self.figures().filter(|f| cites(&f.sources));
        events
            .map(RecordRef::Event)
            .chain(partners.map(RecordRef::Partner))
            .chain(periods.map(RecordRef::Period))
            .chain(figures.map(RecordRef::Figure))
            .collect()
    }

    /// The period heading an event in a chronology: of the periods its start date falls in,
    /// the most specific (latest-starting) one. This groups; it does not select: an event that
    /// began before a period and runs into it is in that period's report (see
    /// [`Dataset::events_in_period`]) but printed under the earlier heading.
    pub fn period_of(&self, event: &Event) -> Option<&Period> {
        self.periods()
            .iter()
            .filter(|p| p.span().overlaps_date(&event.date))
            .max_by_key(|p| p.start)
    }

    /// The date the data is current to: the newest date among its sources, as far as they
    /// are dated. A report prints it beside its fingerprint, so that a reader knows how recent
    /// what it says can be.
    pub fn data_as_of(&self) -> Option<PartialDate> {
        self.sources()
            .iter()
            .filter_map(|s| s.date)
            .max_by_key(|d| d.last_day())
    }

    /// Finds a partner by id, name, alias or ISO code, ignoring case and diacritics.
    pub fn find_partner(&self, name: &str) -> PartnerMatch<'_> {
        if let Some(&i) = self.by_name.get(&fold(name)) {
            return PartnerMatch::Found(&self.partners()[i]);
        }
        let mut close: Vec<&Partner> = Vec::new();
        let mut remaining: Vec<&str> = self.by_name.keys().map(String::as_str).collect();
        while let Some(best) = suggest(name, remaining.iter().copied()) {
            let partner = &self.partners()[self.by_name[best]];
            if !close.iter().any(|p| p.id == partner.id) {
                close.push(partner);
            }
            remaining.retain(|n| *n != best);
            if close.len() == 3 {
                break;
            }
        }
        PartnerMatch::NotFound(close)
    }
}

/// A record whose text is not all translated into a language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Untranslated {
    /// What the record is: `dataset`, `subject`, `source`, `period`, `area`, `partner`,
    /// `figure` or `event`.
    pub kind: &'static str,
    /// Its id; a figure's `what`, which is all that names it.
    pub id: String,
    /// The fields that have text but no translation.
    pub fields: Vec<&'static str>,
}

impl Dataset {
    /// Every record with text not translated into `language`, in the order the dataset lists
    /// them: what a report in that language prints in the dataset's own language instead.
    /// Nothing when `language` is the dataset's own.
    pub fn untranslated(&self, language: &str) -> Vec<Untranslated> {
        if language == self.language() {
            return Vec::new();
        }
        let mut found = Vec::new();
        // Each field with the record's own text; fields without text need no translation.
        let mut note =
            |kind, id: &str, translations: &Translations, fields: &[(&'static str, &str)]| {
                let missing: Vec<&'static str> = fields
                    .iter()
                    .filter(|(field, own)| {
                        needs_translation(own) && translations.get(language, field).is_none()
                    })
                    .map(|(field, _)| *field)
                    .collect();
                if !missing.is_empty() {
                    found.push(Untranslated {
                        kind,
                        id: id.to_owned(),
                        fields: missing,
                    });
                }
            };
        let info = self.info();
        note(
            "dataset",
            "dataset.toml",
            &info.translations,
            &[("title", &info.title)],
        );
        if let Some(subject) = &info.subject {
            let fields = [
                ("name", subject.name.as_str()),
                ("genitive", &subject.genitive),
            ];
            note("subject", &subject.name, &subject.translations, &fields);
        }
        for s in self.sources() {
            note("source", &s.id, &s.translations, &[("title", &s.title)]);
        }
        for p in self.periods() {
            let fields = [("name", p.name.as_str()), ("summary", &p.summary)];
            note("period", &p.id, &p.translations, &fields);
        }
        for a in self.areas() {
            let fields = [("name", a.name.as_str()), ("summary", &a.summary)];
            note("area", &a.id, &a.translations, &fields);
        }
        for p in self.partners() {
            let fields = [("name", p.name.as_str()), ("summary", &p.summary)];
            note("partner", &p.id, &p.translations, &fields);
        }
        for f in self.figures() {
            let fields = [("value", f.value.as_str()), ("what", &f.what)];
            note("figure", &f.what, &f.translations, &fields);
        }
        for e in self.events() {
            let location = e.location.as_deref().unwrap_or_default();
            let fields = [
                ("title", e.title.as_str()),
                ("summary", &e.summary),
                ("location", location),
            ];
            note("event", &e.id, &e.translations, &fields);
        }
        found
    }
}

/// Whether a text reads differently in another language: it has letters. A figure of "300" or
/// "250-300" is the same in every language.
pub fn needs_translation(text: &str) -> bool {
    text.chars().any(char::is_alphabetic)
}
