//! What each report's template receives: the report's subject resolved from its request, and
//! its records turned into ready-to-print views.

mod changes;
mod chronology;
mod collection;
mod meta;
mod pictures;
mod reports;
mod sections;
mod site;
mod views;

use std::borrow::Cow;

use attache_core::{Area, Dataset, DateSpan, Diagnostic, EventFilter, Partner, Period};
use serde::Serialize;

use crate::briefing::Briefing;
use crate::labels::Labels;
use crate::request::Report;
pub(crate) use changes::{ChangesView, changes};
pub(crate) use chronology::{
    ChronologyContext, IndexEntry, PageRef, PeriodGroup, YearGroup, chronology,
};
pub(crate) use meta::{Meta, TranslationView};
pub(crate) use pictures::{Network, Timeline};
use reports::{area, partner, period};
pub(crate) use site::site_index;
pub(crate) use views::{EventView, NoteView};

/// A report's subject: the records a request's ids name, looked up in the dataset.
#[derive(Debug, Clone)]
pub(crate) enum Subject<'a> {
    /// A brief on one partner.
    Partner(&'a Partner),
    /// Everything in one period: a named one, or one made for a span of dates.
    Period(Cow<'a, Period>),
    /// Everything in one cooperation area.
    Area(&'a Area),
    /// Every event a filter keeps.
    Chronology(&'a EventFilter),
}

impl<'a> Subject<'a> {
    /// Looks up what a report is about; an id the dataset lacks is an error.
    pub(crate) fn resolve(
        dataset: &'a Dataset,
        report: &'a Report,
        labels: &Labels,
    ) -> Result<Self, Diagnostic> {
        let missing = |what: &str, id: &str| {
            Diagnostic::error(format!("the dataset has no {what} `{id}`"))
                .with_hint("`attache list` shows the ids the dataset has")
        };
        Ok(match report {
            Report::Partner(id) => {
                Subject::Partner(dataset.partner(id).ok_or_else(|| missing("partner", id))?)
            }
            Report::Period(id) => Subject::Period(Cow::Borrowed(
                dataset.period(id).ok_or_else(|| missing("period", id))?,
            )),
            Report::Span(span) => Subject::Period(Cow::Owned(span_period(dataset, span, labels))),
            Report::Area(id) => Subject::Area(
                dataset
                    .area(id)
                    .ok_or_else(|| missing("cooperation type", id))?,
            ),
            Report::Chronology(filter) => Subject::Chronology(filter),
        })
    }

    /// The template that renders this report.
    pub(crate) fn template(&self) -> &'static str {
        match self {
            Subject::Partner(_) => "partner.typ.j2",
            Subject::Period(_) => "period.typ.j2",
            Subject::Area(_) => "type.typ.j2",
            Subject::Chronology(_) => "chronology.typ.j2",
        }
    }

    /// Builds the template context; `changes` opens it with what changed since an older
    /// version (`--since`).
    pub(crate) fn context(
        &self,
        dataset: &Dataset,
        briefing: &Briefing,
        labels: &Labels,
        changes: Option<ChangesView>,
    ) -> minijinja::Value {
        fn value<T: Serialize>(context: T) -> minijinja::Value {
            minijinja::Value::from(minijinja::value::Serde(context))
        }
        match self {
            Subject::Partner(p) => value(partner(dataset, p, briefing, labels, changes)),
            Subject::Period(p) => value(period(dataset, p, briefing, labels, changes)),
            Subject::Area(a) => value(area(dataset, a, briefing, labels, changes)),
            Subject::Chronology(f) => {
                let mut context = chronology(dataset, f, briefing, labels);
                context.changes = changes;
                value(context)
            }
        }
    }
}

/// A period made for a span of dates, named and described in the briefing's language. An
/// open start begins at the dataset's first event.
fn span_period(dataset: &Dataset, span: &DateSpan, labels: &Labels) -> Period {
    let start = span.start.unwrap_or_else(|| {
        dataset
            .events()
            .first()
            .map_or(attache_core::PartialDate::year(1), |e| e.date)
    });
    let (name, words) = match span.end {
        Some(end) if end == start => (start.to_string(), labels.date(&start)),
        Some(end) => (
            format!("{start}–{end}"),
            labels.fill_dates("span_between", &[("start", &start), ("end", &end)]),
        ),
        None => {
            let words = labels.span(&start, None);
            (words.clone(), words)
        }
    };
    let summary = labels.fill("span_summary", &[("span", &words)]);
    // Made in the report's language: its text is as good as translated.
    let own = [("name", &name), ("summary", &summary)]
        .map(|(field, text)| (field.to_owned(), text.clone()));
    let translations = attache_core::Translations(
        [(labels.language().to_owned(), own.into_iter().collect())].into(),
    );
    Period {
        id: span.slug(),
        summary,
        name,
        start,
        end: span.end,
        sources: Vec::new(),
        marking: None,
        translations,
    }
}
