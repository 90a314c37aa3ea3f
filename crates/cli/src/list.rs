//! `attache list`: partners, events, periods and types as a table, JSON or CSV.

use anyhow::{Context, Result, bail};
use attache_core::{
    Dataset, Diagnostic, EventFilter, EventKind, PartialDate, PartnerMatch, suggest,
};
use comfy_table::{ContentArrangement, Table, presets};
use serde_json::Value;

use crate::args::{FilterArgs, ListArgs, ListFormat, ListWhat};

/// Prints the listing.
pub(crate) fn list(dataset: &Dataset, args: &ListArgs) -> Result<()> {
    let filter = event_filter(dataset, &args.filter)?;
    let (header, rows, records): (&[&str], Vec<Vec<String>>, Value) = match args.what {
        ListWhat::Partners => (
            &["id", "name", "kind", "iso3", "relationship", "events"],
            dataset
                .partners()
                .iter()
                .map(|p| {
                    vec![
                        p.id.clone(),
                        p.name.clone(),
                        p.kind.name().into(),
                        p.iso3.clone().unwrap_or_default(),
                        p.relationship.clone(),
                        dataset.events_with(&p.id).count().to_string(),
                    ]
                })
                .collect(),
            serde_json::to_value(dataset.partners())?,
        ),
        ListWhat::Events => {
            let events: Vec<_> = dataset.filter(&filter).collect();
            (
                &["id", "date", "kind", "partners", "areas", "title"],
                events
                    .iter()
                    .map(|e| {
                        vec![
                            e.id.clone(),
                            e.date_label(),
                            e.kind.name().into(),
                            e.partners.join(" "),
                            e.areas.join(" "),
                            e.title.clone(),
                        ]
                    })
                    .collect(),
                serde_json::to_value(&events)?,
            )
        }
        ListWhat::Periods => (
            &["id", "name", "span"],
            dataset
                .periods()
                .iter()
                .map(|p| vec![p.id.clone(), p.name.clone(), p.span_label()])
                .collect(),
            serde_json::to_value(dataset.periods())?,
        ),
        ListWhat::Types => (
            &["id", "name", "events"],
            dataset
                .areas()
                .iter()
                .map(|a| {
                    let count = dataset
                        .events()
                        .iter()
                        .filter(|e| e.areas.contains(&a.id))
                        .count();
                    vec![a.id.clone(), a.name.clone(), count.to_string()]
                })
                .collect(),
            serde_json::to_value(dataset.areas())?,
        ),
    };
    match args.format {
        ListFormat::Table => {
            let mut table = Table::new();
            table
                .load_preset(presets::NOTHING)
                .set_content_arrangement(ContentArrangement::Disabled);
            table.set_header(header.iter().map(|h| h.to_uppercase()));
            for row in rows {
                table.add_row(row);
            }
            println!("{}", table.trim_fmt());
        }
        ListFormat::Json => println!("{}", serde_json::to_string_pretty(&records)?),
        ListFormat::Csv => {
            let mut out = csv::Writer::from_writer(std::io::stdout().lock());
            out.write_record(header)?;
            for row in rows {
                out.write_record(&row)?;
            }
            out.flush()?;
        }
    }
    Ok(())
}

/// Turns command-line filters into an event filter, checking every value against the dataset.
pub(crate) fn event_filter(dataset: &Dataset, args: &FilterArgs) -> Result<EventFilter> {
    let date = |text: &Option<String>, flag: &str| -> Result<Option<PartialDate>> {
        text.as_deref()
            .map(|t| t.parse().with_context(|| format!("--{flag} {t}")))
            .transpose()
    };
    let mut partners = Vec::new();
    for name in &args.partner {
        match dataset.find_partner(name) {
            PartnerMatch::Found(p) => partners.push(p.id.clone()),
            PartnerMatch::NotFound(close) => {
                let close: Vec<&str> = close.iter().map(|p| p.id.as_str()).collect();
                bail!(
                    Diagnostic::error(format!("no partner matches \"{name}\""))
                        .with_hints(did_you_mean(&close))
                );
            }
        }
    }
    for area in &args.area {
        if dataset.area(area).is_none() {
            let known: Vec<&str> = dataset.areas().iter().map(|a| a.id.as_str()).collect();
            let close: Vec<&str> = suggest(area, known.iter().copied()).into_iter().collect();
            bail!(
                Diagnostic::error(format!("no cooperation type `{area}`"))
                    .with_hints(did_you_mean(&close))
            );
        }
    }
    let kinds = args
        .kind
        .iter()
        .map(|k| {
            EventKind::from_name(k).ok_or_else(|| {
                let close: Vec<&str> = suggest(k, EventKind::NAMES.iter().copied())
                    .into_iter()
                    .collect();
                Diagnostic::error(format!("no event kind `{k}`"))
                    .with_hints(did_you_mean(&close))
                    .into()
            })
        })
        .collect::<Result<_>>()?;
    Ok(EventFilter {
        from: date(&args.from, "from")?,
        to: date(&args.to, "to")?,
        partners,
        areas: args.area.clone(),
        kinds,
    })
}

fn did_you_mean(close: &[&str]) -> Option<String> {
    (!close.is_empty()).then(|| format!("did you mean `{}`?", close.join("`, `")))
}
