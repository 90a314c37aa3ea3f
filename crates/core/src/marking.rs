//! Markings and the release ceiling: the ordered scales a record's `marking` is read on
//! (TLP 2.0, a generic national scale, or one the user defines), and [`Dataset::release`],
//! which checks every marking against the scale and gives the dataset as it may be released
//! under a ceiling. Every output is made from that released dataset, so a record above the
//! ceiling cannot reach any of them: it is not filtered in each output, it is not there.

use std::collections::HashSet;

use serde::{Serialize, Serializer};

use crate::dataset::Dataset;
use crate::diagnostic::{Diagnostic, Diagnostics, Span};
use crate::model::{Event, Figure, Partner, Translations};
use crate::names::suggest;

/// One level of a marking scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MarkingLevel {
    /// The level as written in data files, on the command line and in banners ("TLP:AMBER").
    pub name: String,
    /// Its short portion mark, printed in parentheses before a paragraph ("AMBER", "C").
    pub portion: String,
    /// Its colour as `#rrggbb`.
    pub colour: String,
}

/// An ordered list of marking levels, lowest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MarkingScale {
    /// `tlp`, `national`, or `custom` for a scale the settings define.
    pub kind: String,
    /// The levels, lowest first; never empty.
    pub levels: Vec<MarkingLevel>,
}

/// The FIRST TLP 2.0 labels, lowest first, with their standard colours.
const TLP: &[(&str, &str, &str)] = &[
    ("TLP:CLEAR", "CLEAR", "#FFFFFF"),
    ("TLP:GREEN", "GREEN", "#33FF00"),
    ("TLP:AMBER", "AMBER", "#FFC000"),
    ("TLP:AMBER+STRICT", "AMBER+STRICT", "#FFC000"),
    ("TLP:RED", "RED", "#FF2B2B"),
];

/// A generic national scale, lowest first, in the banner colours of common national practice
/// (green unclassified, blue confidential, red secret); restricted, which not every state
/// uses, in a dark amber between them.
const NATIONAL: &[(&str, &str, &str)] = &[
    ("UNCLASSIFIED", "U", "#007A33"),
    ("RESTRICTED", "R", "#8A5A00"),
    ("CONFIDENTIAL", "C", "#0033A0"),
    ("SECRET", "S", "#C8102E"),
];

impl MarkingScale {
    /// The names of the built-in scales.
    pub const BUILT_IN: &'static [&'static str] = &["tlp", "national"];

    /// A built-in scale by name: `tlp` or `national`.
    pub fn built_in(name: &str) -> Option<Self> {
        let levels = match name {
            "tlp" => TLP,
            "national" => NATIONAL,
            _ => return None,
        };
        Some(Self {
            kind: name.to_owned(),
            levels: levels
                .iter()
                .map(|(name, portion, colour)| MarkingLevel {
                    name: (*name).to_owned(),
                    portion: (*portion).to_owned(),
                    colour: (*colour).to_owned(),
                })
                .collect(),
        })
    }

    /// TLP 2.0: CLEAR < GREEN < AMBER < AMBER+STRICT < RED.
    pub fn tlp() -> Self {
        Self::built_in("tlp").unwrap_or_else(|| unreachable!("tlp is built in"))
    }

    /// Whether this is the TLP 2.0 scale, whose labels print untranslated and right-justified.
    pub fn is_tlp(&self) -> bool {
        self.kind == "tlp"
    }

    /// The position of a level on the scale, 0 for the lowest.
    pub fn rank(&self, name: &str) -> Option<usize> {
        self.levels.iter().position(|l| l.name == name)
    }

    /// The level at a position.
    pub fn level(&self, rank: usize) -> &MarkingLevel {
        &self.levels[rank.min(self.levels.len() - 1)]
    }

    /// The level with this name.
    pub fn named(&self, name: &str) -> Option<&MarkingLevel> {
        self.levels.iter().find(|l| l.name == name)
    }

    /// Why `written` is not a level of this scale, and what to write instead.
    pub fn unknown(&self, written: &str) -> Diagnostic {
        let names: Vec<&str> = self.levels.iter().map(|l| l.name.as_str()).collect();
        let problem = Diagnostic::error(format!("unknown marking level `{written}`"));
        if self.is_tlp() && written.trim().eq_ignore_ascii_case("TLP:WHITE") {
            return Diagnostic::error(format!(
                "`{written}` was retired by TLP 2.0; its successor is TLP:CLEAR"
            ))
            .with_hint("write `TLP:CLEAR`");
        }
        if let Some(exact) = names
            .iter()
            .find(|n| n.eq_ignore_ascii_case(written.trim()))
        {
            return problem.with_hint(format!(
                "levels are written exactly as the scale names them: `{exact}`"
            ));
        }
        match suggest(written, names.iter().copied()) {
            Some(s) => problem.with_suggestion(Some(s)),
            None => problem.with_hint(format!("the scale's levels: {}", names.join(" < "))),
        }
    }

    /// The rank of a ceiling given on the command line.
    pub fn ceiling(&self, written: &str) -> Result<usize, Diagnostic> {
        self.rank(written).ok_or_else(|| {
            self.unknown(written).with_note(format!(
                "`--release` takes a level of the {} scale",
                self.kind
            ))
        })
    }
}

/// A record's marking as written, with where it is written for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marking {
    /// The level's name.
    pub level: String,
    /// The file and span it is written at; `None` once released (it is then the effective
    /// level, the dataset default filled in).
    pub(crate) at: Option<Box<(String, Span)>>,
}

impl Marking {
    /// A marking of `level`, written nowhere.
    pub fn new(level: impl Into<String>) -> Self {
        Self {
            level: level.into(),
            at: None,
        }
    }

    /// A marking written in a data file.
    pub(crate) fn located(
        level: String,
        file: &str,
        text: &str,
        span: std::ops::Range<usize>,
    ) -> Self {
        Self {
            level,
            at: Some(Box::new((file.to_owned(), Span::of(text, span)))),
        }
    }
}

/// Outputs see a marking as its level's name.
impl Serialize for Marking {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.level)
    }
}

/// Snapshots and exports give a marking as its level's name.
impl<'de> serde::Deserialize<'de> for Marking {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::new)
    }
}

/// A dataset as it may be released, and how many records were withheld from it.
#[derive(Debug, Clone)]
pub struct Released {
    /// Every record at or below the ceiling, each marked with its effective level; withheld
    /// summaries are empty and conflict links to withheld events and figures are gone.
    pub dataset: Dataset,
    /// How many records (events, figures and partner, period and area summaries) were withheld.
    pub withheld: usize,
}

/// Ranks markings on one scale, with the dataset default for records that carry none, and
/// keeps the records at or below the ceiling, counting those it withholds.
struct Ranker<'s> {
    scale: &'s MarkingScale,
    default: usize,
    ceiling: usize,
    withheld: usize,
    problems: Vec<Diagnostic>,
}

impl Ranker<'_> {
    /// The rank of a record's marking, reporting an unknown level where it is written.
    fn rank(&mut self, marking: Option<&Marking>) -> usize {
        let Some(marking) = marking else {
            return self.default;
        };
        match self.scale.rank(&marking.level) {
            Some(rank) => rank,
            None => {
                let mut problem = self.scale.unknown(&marking.level);
                if let Some(at) = &marking.at {
                    problem.file = Some(at.0.clone());
                    problem.span = Some(Box::new(at.1.clone()));
                }
                self.problems.push(problem);
                self.default
            }
        }
    }

    /// The effective marking of a record of this rank.
    fn marking(&self, rank: usize) -> Option<Marking> {
        Some(Marking::new(self.scale.level(rank).name.clone()))
    }

    /// Whether a record of this rank is released; counts it when it is withheld.
    fn keep(&mut self, rank: usize) -> bool {
        let kept = rank <= self.ceiling;
        self.withheld += usize::from(!kept);
        kept
    }

    /// The marking of a record whose summary is withheld: its name stays, at no higher a
    /// level than what carries no marking.
    fn name_only(&self) -> Option<Marking> {
        self.marking(self.default.min(self.ceiling))
    }

    /// The released records of a list, each with its effective marking.
    fn records<T: Clone>(
        &mut self,
        records: &[T],
        marking: impl Fn(&mut T) -> &mut Option<Marking>,
    ) -> Vec<T> {
        let mut released = Vec::new();
        for record in records {
            let mut record = record.clone();
            let rank = self.rank(marking(&mut record).as_ref());
            if self.keep(rank) {
                *marking(&mut record) = self.marking(rank);
                released.push(record);
            }
        }
        released
    }

    /// A record that always stays (its name is needed) with its summary withheld above the
    /// ceiling; `withhold` empties what the record says.
    fn summary<T: Clone>(
        &mut self,
        record: &T,
        marking: impl Fn(&mut T) -> &mut Option<Marking>,
        withhold: impl Fn(&mut T),
    ) -> T {
        let mut record = record.clone();
        let rank = self.rank(marking(&mut record).as_ref());
        *marking(&mut record) = if self.keep(rank) {
            self.marking(rank)
        } else {
            withhold(&mut record);
            self.name_only()
        };
        record
    }
}

impl Dataset {
    /// Checks every marking against `scale` and gives the dataset as it may be released under
    /// `ceiling` (a rank on the scale; `None` releases every level). Records without a marking
    /// take the dataset default (`marking` in dataset.toml), else the scale's lowest level.
    /// Unknown levels are errors located where they are written, all reported at once.
    pub fn release(
        &self,
        scale: &MarkingScale,
        ceiling: Option<usize>,
    ) -> Result<Released, Diagnostics> {
        let mut ranker = Ranker {
            scale,
            default: 0,
            ceiling: ceiling.unwrap_or(usize::MAX),
            withheld: 0,
            problems: Vec::new(),
        };
        ranker.default = ranker.rank(self.info.marking.as_ref());
        let mut events = ranker.records(&self.events, |e| &mut e.marking);
        let mut figures = ranker.records(&self.figures, |f| &mut f.marking);
        let mut partners = Vec::new();
        for partner in &self.partners {
            let mut partner = ranker.summary(
                partner,
                |p| &mut p.marking,
                |p| {
                    withhold_summary(&mut p.summary, &mut p.translations);
                    p.relationship.clear();
                    p.sources.clear();
                },
            );
            partner.figures = ranker.records(&partner.figures, |f| &mut f.marking);
            partners.push(partner);
        }
        let periods = (self.periods.iter())
            .map(|period| {
                ranker.summary(
                    period,
                    |p| &mut p.marking,
                    |p| {
                        withhold_summary(&mut p.summary, &mut p.translations);
                        p.sources.clear();
                    },
                )
            })
            .collect();
        let areas = (self.areas.iter())
            .map(|area| {
                ranker.summary(
                    area,
                    |a| &mut a.marking,
                    |a| withhold_summary(&mut a.summary, &mut a.translations),
                )
            })
            .collect();
        if !ranker.problems.is_empty() {
            let mut problems = Diagnostics(ranker.problems);
            problems.sort();
            return Err(problems);
        }
        unlink_withheld(&mut events, &mut figures, &mut partners);
        let mut dataset = Dataset::new(
            self.sources.clone(),
            periods,
            areas,
            figures,
            partners,
            events,
        );
        dataset.info = self.info.clone();
        dataset.info.marking = ranker.name_only();
        // A release that withholds records is a different dataset: its version names what it
        // holds, so it cannot be told apart from a dataset that never held the rest.
        dataset.fingerprint = if ranker.withheld == 0 {
            self.fingerprint.clone()
        } else {
            dataset.content_fingerprint()
        };
        Ok(Released {
            dataset,
            withheld: ranker.withheld,
        })
    }
}

/// Removes conflict links to withheld events and figures from the records released.
fn unlink_withheld(events: &mut [Event], figures: &mut [Figure], partners: &mut [Partner]) {
    let event_ids: HashSet<String> = events.iter().map(|e| e.id.clone()).collect();
    for event in events.iter_mut() {
        event.conflicts_with.retain(|id| event_ids.contains(id));
    }
    let own = partners.iter_mut().flat_map(|p| &mut p.figures);
    let all: Vec<&mut Figure> = figures.iter_mut().chain(own).collect();
    let figure_ids: HashSet<String> = all.iter().map(|f| f.id.clone()).collect();
    for figure in all {
        figure.conflicts_with.retain(|id| figure_ids.contains(id));
    }
}

/// Empties a withheld summary and its translations: the record's name stays (released
/// records name it), its text goes.
fn withhold_summary(summary: &mut String, translations: &mut Translations) {
    summary.clear();
    for fields in translations.0.values_mut() {
        fields.remove("summary");
    }
}
