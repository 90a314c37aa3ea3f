//! A loaded, validated dataset and the queries reports are built from.

use std::collections::HashMap;
use std::path::Path;

use crate::date::PartialDate;
use crate::diagnostic::Diagnostics;
use crate::load::{self, DataFile, LoadError};
use crate::model::{Area, Event, EventKind, Figure, Partner, Period, Source};
use crate::names::{fold, suggest};

/// Every record of a dataset, validated, with events in date order.
#[derive(Debug, Clone)]
pub struct Dataset {
    sources: Vec<Source>,
    periods: Vec<Period>,
    areas: Vec<Area>,
    figures: Vec<Figure>,
    partners: Vec<Partner>,
    events: Vec<Event>,
    by_name: HashMap<String, usize>,
    pub(crate) fingerprint: String,
}

/// The outcome of looking a partner up by what a user typed.
#[derive(Debug)]
pub enum PartnerMatch<'a> {
    /// Exactly one partner has that id, name, alias or ISO code.
    Found(&'a Partner),
    /// None has; these come closest.
    NotFound(Vec<&'a Partner>),
}

/// Which events a chronology or listing keeps. Empty lists keep everything.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Keep events on or after this date.
    pub from: Option<PartialDate>,
    /// Keep events on or before this date (at its precision: `2003` keeps all of 2003).
    pub to: Option<PartialDate>,
    /// Keep events involving any of these partner ids.
    pub partners: Vec<String>,
    /// Keep events in any of these area ids.
    pub areas: Vec<String>,
    /// Keep events of any of these kinds.
    pub kinds: Vec<EventKind>,
}

impl EventFilter {
    /// Whether an event passes.
    pub fn keeps(&self, event: &Event) -> bool {
        let last = event.end.unwrap_or(event.date).last_possible();
        self.from.is_none_or(|from| last >= from.first_possible())
            && self
                .to
                .is_none_or(|to| event.date.first_possible() <= to.last_possible())
            && (self.partners.is_empty()
                || event.partners.iter().any(|p| self.partners.contains(p)))
            && (self.areas.is_empty() || event.areas.iter().any(|a| self.areas.contains(a)))
            && (self.kinds.is_empty() || self.kinds.contains(&event.kind))
    }
}

impl Dataset {
    pub(crate) fn new(
        sources: Vec<Source>,
        periods: Vec<Period>,
        areas: Vec<Area>,
        figures: Vec<Figure>,
        partners: Vec<Partner>,
        mut events: Vec<Event>,
    ) -> Self {
        // A date known only to the year or month goes after the dated events of that span:
        // "2020" means "at some point in 2020", not "1 January 2020".
        events.sort_by(|a, b| {
            let key = |e: &Event| {
                (
                    e.date.last_possible(),
                    std::cmp::Reverse(e.date.precision()),
                )
            };
            key(a).cmp(&key(b)).then_with(|| a.id.cmp(&b.id))
        });
        let mut by_name = HashMap::new();
        for (i, p) in partners.iter().enumerate() {
            let names = [&p.id, &p.name]
                .into_iter()
                .chain(&p.aliases)
                .chain(&p.iso3);
            for name in names {
                by_name.entry(fold(name)).or_insert(i);
            }
        }
        Self {
            sources,
            periods,
            areas,
            figures,
            partners,
            events,
            by_name,
            fingerprint: String::new(),
        }
    }

    /// Parses and validates a set of files, reporting every problem found.
    pub fn from_files(files: &[DataFile]) -> Result<Self, Diagnostics> {
        load::load(files)
    }

    /// Reads and validates a dataset folder.
    pub fn load_dir(dir: &Path) -> Result<Self, LoadError> {
        let files = DataFile::read_dir(dir)?;
        Self::from_files(&files).map_err(LoadError::Invalid)
    }

    /// A short identifier of the dataset's content, printed as its version on reports.
    pub fn fingerprint(&self) -> String {
        self.fingerprint.clone()
    }

    /// The documents the dataset cites.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// Named periods, in file order.
    pub fn periods(&self) -> &[Period] {
        &self.periods
    }

    /// Cooperation areas, in file order.
    pub fn areas(&self) -> &[Area] {
        &self.areas
    }

    /// Partners, in id order.
    pub fn partners(&self) -> &[Partner] {
        &self.partners
    }

    /// Every event, in date order.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Every figure: the dataset-wide ones, then each partner's.
    pub fn figures(&self) -> impl Iterator<Item = &Figure> {
        self.figures
            .iter()
            .chain(self.partners.iter().flat_map(|p| &p.figures))
    }

    /// The source with this id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// The area with this id.
    pub fn area(&self, id: &str) -> Option<&Area> {
        self.areas.iter().find(|a| a.id == id)
    }

    /// The period with this id.
    pub fn period(&self, id: &str) -> Option<&Period> {
        self.periods.iter().find(|p| p.id == id)
    }

    /// The partner with this id.
    pub fn partner(&self, id: &str) -> Option<&Partner> {
        self.partners.iter().find(|p| p.id == id)
    }

    /// The event with this id.
    pub fn event(&self, id: &str) -> Option<&Event> {
        self.events.iter().find(|e| e.id == id)
    }

    /// Finds a partner by id, name, alias or ISO code, ignoring case and diacritics.
    pub fn find_partner(&self, name: &str) -> PartnerMatch<'_> {
        if let Some(&i) = self.by_name.get(&fold(name)) {
            return PartnerMatch::Found(&self.partners[i]);
        }
        let mut close: Vec<&Partner> = Vec::new();
        let names: Vec<&str> = self.by_name.keys().map(String::as_str).collect();
        let mut remaining = names.clone();
        while let Some(best) = suggest(name, remaining.iter().copied()) {
            let partner = &self.partners[self.by_name[best]];
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

    /// The events a filter keeps, in date order.
    pub fn filter<'a>(&'a self, filter: &'a EventFilter) -> impl Iterator<Item = &'a Event> + 'a {
        self.events.iter().filter(move |e| filter.keeps(e))
    }

    /// The events involving one partner, in date order.
    pub fn events_with(&self, partner: &str) -> impl Iterator<Item = &Event> {
        self.events
            .iter()
            .filter(move |e| e.partners.iter().any(|p| p == partner))
    }

    /// The figures concerning one partner.
    pub fn figures_for(&self, partner: &str) -> impl Iterator<Item = &Figure> {
        self.figures()
            .filter(move |f| f.partners.iter().any(|p| p == partner))
    }

    /// The period an event's date falls in, preferring the most specific (latest-starting) one.
    pub fn period_of(&self, event: &Event) -> Option<&Period> {
        self.periods
            .iter()
            .filter(|p| p.contains(&event.date))
            .max_by_key(|p| p.start)
    }
}
