//! Snapshots: the slice of a dataset a report shows, as JSON, with the dataset's fingerprint
//! and the date the report was made. Every PDF carries the snapshot it was made from, and
//! `attache export --format json` writes the same shape for the whole dataset, so either can
//! be read back as a [`Dataset`] and compared with another (`attache diff`, `--since`).

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::dataset::Dataset;
use crate::date::PartialDate;
use crate::diagnostic::Diagnostic;
use crate::model::{Area, DatasetInfo, Event, Figure, Partner, Period, Source};

/// What a snapshot's `format` field holds, so a reader knows the JSON for one.
pub const SNAPSHOT_FORMAT: &str = "attache-snapshot/1";

/// The file name a PDF attaches its snapshot under.
pub const SNAPSHOT_FILE: &str = "attache-snapshot.json";

/// A dataset, or the slice of one a report shows, as written to JSON.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Snapshot {
    /// Always [`SNAPSHOT_FORMAT`].
    pub format: String,
    /// The fingerprint of the dataset the slice was taken from.
    pub fingerprint: String,
    /// The day the report or export was made (`SOURCE_DATE_EPOCH` when set).
    pub generated: PartialDate,
    /// What the dataset is about.
    pub dataset: DatasetInfo,
    /// The partners the slice's records name, each with the figures of the slice it holds.
    pub partners: Vec<Partner>,
    /// The events, in date order.
    pub events: Vec<Event>,
    /// Every figure of the slice: the dataset-wide ones, then each partner's.
    pub figures: Vec<Figure>,
    /// The named periods.
    pub periods: Vec<Period>,
    /// The cooperation areas.
    pub areas: Vec<Area>,
    /// The sources the slice's records cite.
    pub sources: Vec<Source>,
}

impl Snapshot {
    /// The whole dataset, with every event the caller keeps.
    pub fn whole(dataset: &Dataset, events: &[&Event], generated: NaiveDate) -> Self {
        let figures: Vec<&Figure> = dataset.figures().collect();
        let mut snapshot = Self::slice(dataset, events, &figures, generated);
        snapshot.partners = dataset.partners().to_vec();
        snapshot.sources = dataset.sources().to_vec();
        snapshot
    }

    /// The events and figures a report shows, with the partners they name and the sources
    /// they and those partners cite.
    pub fn slice(
        dataset: &Dataset,
        events: &[&Event],
        figures: &[&Figure],
        generated: NaiveDate,
    ) -> Self {
        let shown: BTreeSet<&str> = figures.iter().map(|f| f.id.as_str()).collect();
        let named: BTreeSet<&str> = (events.iter().flat_map(|e| &e.partners))
            .chain(figures.iter().flat_map(|f| &f.partners))
            .map(String::as_str)
            .collect();
        let partners: Vec<Partner> = (dataset.partners().iter())
            .filter(|p| {
                named.contains(p.id.as_str())
                    || p.figures.iter().any(|f| shown.contains(f.id.as_str()))
            })
            .map(|p| {
                let mut partner = p.clone();
                partner.figures.retain(|f| shown.contains(f.id.as_str()));
                partner
            })
            .collect();
        let cited: BTreeSet<&str> = (events.iter().flat_map(|e| &e.sources))
            .chain(figures.iter().flat_map(|f| &f.sources))
            .chain(partners.iter().flat_map(|p| &p.sources))
            .chain(dataset.periods().iter().flat_map(|p| &p.sources))
            .map(|c| c.id.as_str())
            .collect();
        let sources = (dataset.sources().iter())
            .filter(|s| cited.contains(s.id.as_str()))
            .cloned()
            .collect();
        Self {
            format: SNAPSHOT_FORMAT.to_owned(),
            fingerprint: dataset.fingerprint(),
            generated: generated.into(),
            dataset: dataset.info().clone(),
            partners,
            events: events.iter().map(|e| (*e).clone()).collect(),
            figures: figures.iter().map(|f| (*f).clone()).collect(),
            periods: dataset.periods().to_vec(),
            areas: dataset.areas().to_vec(),
            sources,
        }
    }

    /// The snapshot as pretty JSON with a final newline: the same records give the same bytes.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a snapshot serialises to JSON") + "\n"
    }

    /// Reads a snapshot or a JSON export; `origin` names where it came from in messages.
    pub fn from_json(text: &str, origin: &str) -> Result<Self, Diagnostic> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            Diagnostic::error(format!("{origin} is not JSON: {e}")).with_hint(
                "give a dataset folder, a JSON export, a PDF made by attache or git:REV[:PATH]",
            )
        })?;
        match value.get("format").and_then(serde_json::Value::as_str) {
            Some(SNAPSHOT_FORMAT) => {}
            Some(other) => {
                return Err(Diagnostic::error(format!(
                    "{origin} holds a snapshot in format `{other}`, which this version cannot read"
                ))
                .with_hint(format!(
                    "this version reads `{SNAPSHOT_FORMAT}`; update attache"
                )));
            }
            None => {
                return Err(Diagnostic::error(format!(
                    "{origin} is JSON, but not an attache export or snapshot"
                ))
                .with_hint("make one with `attache export --format json`"));
            }
        }
        serde_json::from_value(value).map_err(|e| {
            Diagnostic::error(format!("{origin} is not a readable snapshot: {e}"))
                .with_hint("it may have been edited by hand; export it again")
        })
    }

    /// The snapshot as a dataset, to query, release and compare like any other. Its
    /// fingerprint is the one it was taken from.
    pub fn into_dataset(self) -> Dataset {
        let held: BTreeSet<String> = (self.partners.iter())
            .flat_map(|p| p.figures.iter().map(|f| f.id.clone()))
            .collect();
        let figures = (self.figures.into_iter())
            .filter(|f| !held.contains(&f.id))
            .collect();
        let mut dataset = Dataset::new(
            self.sources,
            self.periods,
            self.areas,
            figures,
            self.partners,
            self.events,
        );
        dataset.fingerprint = self.fingerprint;
        dataset.info = self.dataset;
        dataset
    }
}
