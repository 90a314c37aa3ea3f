//! What users type, turned into records: a partner by any of its names, a period by id or as
//! a `FROM..TO` span, a cooperation area, the values of a filter, any record by id. When
//! nothing matches, the [`Diagnostic`] says what would have, with hints.

use super::{EventFilter, PartnerMatch, RecordRef};
use crate::dataset::Dataset;
use crate::date::{DateSpan, PartialDate};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::grade::Grade;
use crate::model::{Area, EventKind, Partner, Period, Source};
use crate::names::suggest;

/// A period as a user asked for it.
#[derive(Debug, Clone)]
pub enum PeriodChoice<'a> {
    /// A period of the dataset, by id.
    Named(&'a Period),
    /// A span typed as `FROM..TO`, either end open.
    Span(DateSpan),
}

/// The values of an event filter as typed: dates, partner names, area ids, kind names.
#[derive(Debug, Clone, Default)]
pub struct FilterInput {
    /// `--from`: a date.
    pub from: Option<String>,
    /// `--to`: a date.
    pub to: Option<String>,
    /// `--partner`: partner ids, names, aliases or ISO codes.
    pub partners: Vec<String>,
    /// `--type`: area ids.
    pub areas: Vec<String>,
    /// `--kind`: event kind names.
    pub kinds: Vec<String>,
    /// `--min-grade`: a source grade such as `B3`.
    pub min_grade: Option<String>,
}

/// The kinds of record an id may name, for [`Dataset::find_records`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    /// An event.
    Event,
    /// A partner.
    Partner,
    /// A named period.
    Period,
    /// A cooperation area.
    Area,
    /// A source.
    Source,
    /// A figure.
    Figure,
}

/// "did you mean `a`, `b`?" when there are close candidates.
fn did_you_mean(close: &[&str]) -> Option<String> {
    (!close.is_empty()).then(|| format!("did you mean `{}`?", close.join("`, `")))
}

impl Dataset {
    /// The partner a user means by an id, name, alias or ISO code, in any case and with or
    /// without diacritics.
    pub fn resolve_partner(&self, name: &str) -> Result<&Partner, Diagnostics> {
        match self.find_partner(name) {
            PartnerMatch::Found(p) => Ok(p),
            PartnerMatch::NotFound(close) => {
                let hint = if close.is_empty() {
                    "run `attache list partners` to see every partner".to_owned()
                } else {
                    let names: Vec<String> = close
                        .iter()
                        .map(|p| format!("`{}` ({})", p.id, p.name))
                        .collect();
                    format!("did you mean {}?", names.join(", or "))
                };
                Err(Diagnostic::error(format!("no partner matches \"{name}\""))
                    .with_hint(hint)
                    .into())
            }
        }
    }

    /// A named period, or a span written `FROM..TO` with either end open (`2003..2013`,
    /// `2016..`, `..1993-06`). A span in which nothing falls is an error: its report would be
    /// empty.
    pub fn resolve_period(&self, text: &str) -> Result<PeriodChoice<'_>, Diagnostics> {
        if let Some(period) = self.period(text) {
            return Ok(PeriodChoice::Named(period));
        }
        let Some((from, to)) = text.split_once("..") else {
            let ids: Vec<&str> = self.periods().iter().map(|p| p.id.as_str()).collect();
            let hint = match suggest(text, ids.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!(
                    "use a period id ({}) or years such as 2003..2013 or 2016..",
                    ids.join(", ")
                ),
            };
            return Err(Diagnostic::error(format!("no period `{text}`"))
                .with_hint(hint)
                .into());
        };
        let end = |t: &str| -> Result<Option<PartialDate>, Diagnostics> {
            let t = t.trim();
            if t.is_empty() {
                return Ok(None);
            }
            t.parse().map(Some).map_err(|e| {
                Diagnostic::error(format!("in the span `{text}`: {e}"))
                    .with_hint("write FROM..TO with dates such as 2003, 2003-06 or 2003-06-15")
                    .into()
            })
        };
        let span = DateSpan::new(end(from)?, end(to)?);
        if span.is_reversed() {
            return Err(
                Diagnostic::error(format!("the span `{text}` ends before it starts"))
                    .with_hint("write the earlier date first, e.g. 2003..2013")
                    .into(),
            );
        }
        if self.events_in_span(&span).next().is_none()
            && self.figures_in_span(&span).next().is_none()
        {
            return Err(
                Diagnostic::error(format!("no event or figure falls in `{text}`"))
                    .with_hint(
                        "widen the span; `attache list events` shows the dates the dataset covers",
                    )
                    .into(),
            );
        }
        Ok(PeriodChoice::Span(span))
    }

    /// The source with this id.
    pub fn resolve_source(&self, id: &str) -> Result<&Source, Diagnostics> {
        self.source(id).ok_or_else(|| {
            let ids = self.sources().iter().map(|s| s.id.as_str());
            let known = format!(
                "use one of: {} (or add it with `attache new source`)",
                ids.clone().collect::<Vec<_>>().join(", ")
            );
            not_found(format!("no source `{id}`"), id, ids, known)
        })
    }

    /// The cooperation area with this id.
    pub fn resolve_area(&self, id: &str) -> Result<&Area, Diagnostics> {
        self.area(id).ok_or_else(|| {
            let ids = self.areas().iter().map(|a| a.id.as_str());
            let known = format!("use one of: {}", ids.clone().collect::<Vec<_>>().join(", "));
            not_found(format!("no cooperation type `{id}`"), id, ids, known)
        })
    }

    /// An event filter from typed values, every bad value reported, not just the first.
    pub fn resolve_filter(&self, input: &FilterInput) -> Result<EventFilter, Diagnostics> {
        let mut problems = Vec::new();
        let mut date = |text: &Option<String>, flag: &str| {
            let text = text.as_deref()?;
            text.parse::<PartialDate>()
                .map_err(|e| problems.push(Diagnostic::error(format!("--{flag} {text}: {e}"))))
                .ok()
        };
        let (from, to) = (date(&input.from, "from"), date(&input.to, "to"));
        if let (Some(f), Some(t)) = (from, to)
            && DateSpan::new(from, to).is_reversed()
        {
            problems.push(
                Diagnostic::error(format!("--from {f} is after --to {t}"))
                    .with_hint("swap them: no event can fall in a span that ends before it starts"),
            );
        }
        let partners = gather(
            &mut problems,
            (input.partners.iter()).map(|name| self.resolve_partner(name).map(|p| p.id.clone())),
        );
        let areas = gather(
            &mut problems,
            (input.areas.iter()).map(|id| self.resolve_area(id).map(|a| a.id.clone())),
        );
        let kinds = gather(&mut problems, input.kinds.iter().map(|k| resolve_kind(k)));
        let min_grade = input.min_grade.as_deref().and_then(|text| {
            text.parse::<Grade>()
                .map_err(|e| {
                    problems.push(
                        Diagnostic::error(format!("--min-grade {text}: {e}")).with_hint(
                            "A (completely reliable) to F, then 1 (confirmed) to 6; ungraded counts as F6",
                        ),
                    )
                })
                .ok()
        });
        if !problems.is_empty() {
            return Err(Diagnostics(problems));
        }
        Ok(EventFilter {
            from,
            to,
            partners,
            areas,
            kinds,
            min_grade,
        })
    }

    /// Every record with this id, of the kind asked for or of any kind, in the order event,
    /// partner, period, area, source, figure. A partner is also found by name, alias or ISO code when
    /// no record has the id itself.
    pub fn find_records(
        &self,
        id: &str,
        kind: Option<RecordKind>,
    ) -> Result<Vec<RecordRef<'_>>, Diagnostics> {
        let wants = |k: RecordKind| kind.is_none_or(|w| w == k);
        let mut found = Vec::new();
        if wants(RecordKind::Event) {
            found.extend(self.event(id).map(RecordRef::Event));
        }
        if wants(RecordKind::Partner) {
            found.extend(self.partner(id).map(RecordRef::Partner));
        }
        if wants(RecordKind::Period) {
            found.extend(self.period(id).map(RecordRef::Period));
        }
        if wants(RecordKind::Area) {
            found.extend(self.area(id).map(RecordRef::Area));
        }
        if wants(RecordKind::Source) {
            found.extend(self.source(id).map(RecordRef::Source));
        }
        if wants(RecordKind::Figure) {
            found.extend(self.figure(id).map(RecordRef::Figure));
        }
        let mut close: Vec<String> = Vec::new();
        if found.is_empty() && wants(RecordKind::Partner) {
            match self.find_partner(id) {
                PartnerMatch::Found(p) => found.push(RecordRef::Partner(p)),
                PartnerMatch::NotFound(partners) => {
                    close.extend(partners.iter().map(|p| p.id.clone()));
                }
            }
        }
        if found.is_empty() {
            return Err(self.no_record(id, kind, close).into());
        }
        Ok(found)
    }

    /// Why no record has the id, with up to three close ids (`close` starts with partners').
    fn no_record(&self, id: &str, kind: Option<RecordKind>, mut close: Vec<String>) -> Diagnostic {
        let wants = |k: RecordKind| kind.is_none_or(|w| w == k);
        let mut ids: Vec<&str> = Vec::new();
        if wants(RecordKind::Event) {
            ids.extend(self.events().iter().map(|e| e.id.as_str()));
        }
        if wants(RecordKind::Period) {
            ids.extend(self.periods().iter().map(|p| p.id.as_str()));
        }
        if wants(RecordKind::Area) {
            ids.extend(self.areas().iter().map(|a| a.id.as_str()));
        }
        if wants(RecordKind::Source) {
            ids.extend(self.sources().iter().map(|s| s.id.as_str()));
        }
        if wants(RecordKind::Figure) {
            ids.extend(self.figures().map(|f| f.id.as_str()));
        }
        while close.len() < 3 {
            let Some(best) = suggest(id, ids.iter().copied()) else {
                break;
            };
            if !close.iter().any(|c| c == best) {
                close.push(best.to_owned());
            }
            ids.retain(|i| *i != best);
        }
        let what = match kind {
            None => "no event, partner, period, area, source or figure",
            Some(RecordKind::Event) => "no event",
            Some(RecordKind::Partner) => "no partner",
            Some(RecordKind::Period) => "no period",
            Some(RecordKind::Area) => "no area",
            Some(RecordKind::Source) => "no source",
            Some(RecordKind::Figure) => "no figure",
        };
        let close: Vec<&str> = close.iter().map(String::as_str).collect();
        let hint = did_you_mean(&close).unwrap_or_else(|| {
            "`attache list events` (or partners, periods, types, figures) shows every id".to_owned()
        });
        Diagnostic::error(format!("{what} has the id `{id}`")).with_hint(hint)
    }
}

/// The values that resolved; the problems of those that did not go to `problems`.
fn gather<T>(
    problems: &mut Vec<Diagnostic>,
    results: impl Iterator<Item = Result<T, Diagnostics>>,
) -> Vec<T> {
    let mut out = Vec::new();
    for result in results {
        match result {
            Ok(value) => out.push(value),
            Err(more) => problems.extend(more.0),
        }
    }
    out
}

/// An event kind by its data-file name, with a suggestion when it names none.
pub fn resolve_kind(name: &str) -> Result<EventKind, Diagnostics> {
    EventKind::from_name(name).ok_or_else(|| {
        let hint = match suggest(name, EventKind::NAMES.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("use one of: {}", EventKind::NAMES.join(", ")),
        };
        Diagnostic::error(format!("no event kind `{name}`"))
            .with_hint(hint)
            .into()
    })
}

/// A record that is not there: the nearest id as a suggestion, else `known` (the ids to use).
fn not_found<'a>(
    message: String,
    id: &str,
    ids: impl Iterator<Item = &'a str>,
    known: String,
) -> Diagnostics {
    let hint = suggest(id, ids).map_or(known, |s| format!("did you mean `{s}`?"));
    Diagnostic::error(message).with_hint(hint).into()
}
