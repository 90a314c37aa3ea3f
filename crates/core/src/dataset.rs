//! A loaded, validated dataset: its records and their lookup by id. It is made by
//! [`crate::load`]; the questions asked of it (which events fall in a period, what cites a
//! source, ...) are in [`crate::query`].

use std::collections::HashMap;

use crate::model::{Area, DatasetInfo, Event, Figure, Partner, Period, Source};
use crate::names::fold;

/// Every record of a dataset, validated, with events in date order.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub(crate) sources: Vec<Source>,
    pub(crate) periods: Vec<Period>,
    pub(crate) areas: Vec<Area>,
    pub(crate) figures: Vec<Figure>,
    pub(crate) partners: Vec<Partner>,
    pub(crate) events: Vec<Event>,
    /// Every partner's id, name, aliases and ISO code, folded, to the partner's index.
    pub(crate) by_name: HashMap<String, usize>,
    pub(crate) fingerprint: String,
    /// What the dataset is about, from `dataset.toml`.
    pub(crate) info: DatasetInfo,
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
        events.sort_by(crate::query::chronological);
        let mut by_name = HashMap::new();
        for (i, p) in partners.iter().enumerate() {
            let translated = p.translations.0.values().filter_map(|f| f.get("name"));
            let names = [&p.id, &p.name]
                .into_iter()
                .chain(&p.aliases)
                .chain(&p.iso3)
                .chain(translated);
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
            info: DatasetInfo::default(),
        }
    }

    /// A short identifier of the dataset's content, printed as its version on reports.
    pub fn fingerprint(&self) -> String {
        self.fingerprint.clone()
    }

    /// A fingerprint of the records themselves rather than of the files they were read from:
    /// the version of a dataset made in memory, such as a release under a ceiling.
    pub(crate) fn content_fingerprint(&self) -> String {
        let records = (
            &self.sources,
            &self.periods,
            &self.areas,
            &self.figures,
            &self.partners,
            &self.events,
            &self.info,
        );
        let json = serde_json::to_vec(&records).expect("records serialise to JSON");
        fingerprint_of(json.into_iter())
    }

    /// What the dataset is about: its title, language and subject state (`dataset.toml`).
    pub fn info(&self) -> &DatasetInfo {
        &self.info
    }

    /// The language of the records' own text.
    pub fn language(&self) -> &str {
        &self.info.language
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

    /// The figure with this id, dataset-wide or a partner's.
    pub fn figure(&self, id: &str) -> Option<&Figure> {
        self.figures().find(|f| f.id == id)
    }
}

/// FNV-1a over bytes, as eight hex digits: stable across runs and platforms.
pub(crate) fn fingerprint_of(bytes: impl Iterator<Item = u8>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", hash >> 32)
}
