//! `attache list`: partners, events, periods, types and figures as a table, JSON or CSV.

use anyhow::Result;
use attache_core::{Dataset, EventFilter, FilterInput};
use comfy_table::{ContentArrangement, Table, presets};
use serde_json::Value;

use crate::args::{FilterArgs, ListArgs, ListFormat, ListWhat};
use crate::output;

/// A listing: column names, one row of cells per record, and the records as JSON.
type Listing = (&'static [&'static str], Vec<Vec<String>>, Value);

/// Prints the listing.
pub(crate) fn list(dataset: &Dataset, args: &ListArgs) -> Result<()> {
    let filter = event_filter(dataset, &args.filter)?;
    if (args.what, args.format) == (ListWhat::Events, ListFormat::Csv) {
        // The same columns as `export --format csv`: one CSV of events, wherever it comes from.
        let events: Vec<_> = dataset.events_matching(&filter).collect();
        return output::stdout(&crate::export::events_csv(&events)?);
    }
    print(args.format, listing(dataset, args.what, &filter)?)
}

/// The rows of what was asked for; events are the ones the filter keeps.
fn listing(dataset: &Dataset, what: ListWhat, filter: &EventFilter) -> Result<Listing> {
    Ok(match what {
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
                        dataset.events_with_partner(&p.id).count().to_string(),
                    ]
                })
                .collect(),
            serde_json::to_value(dataset.partners())?,
        ),
        ListWhat::Events => events(dataset, filter)?,
        ListWhat::Periods => (
            &["id", "name", "span"],
            dataset
                .periods()
                .iter()
                .map(|p| {
                    vec![
                        p.id.clone(),
                        p.name.clone(),
                        attache_generator::Words::english().span(p),
                    ]
                })
                .collect(),
            serde_json::to_value(dataset.periods())?,
        ),
        ListWhat::Types => (
            &["id", "name", "events"],
            dataset
                .areas()
                .iter()
                .map(|a| {
                    let count = dataset.events_in_area(&a.id).count();
                    vec![a.id.clone(), a.name.clone(), count.to_string()]
                })
                .collect(),
            serde_json::to_value(dataset.areas())?,
        ),
        ListWhat::Figures => figures(dataset)?,
    })
}

/// The events the filter keeps, one row each.
fn events(dataset: &Dataset, filter: &EventFilter) -> Result<Listing> {
    let events: Vec<_> = dataset.events_matching(filter).collect();
    Ok((
        &["id", "date", "kind", "partners", "areas", "title"],
        events
            .iter()
            .map(|e| {
                vec![
                    e.id.clone(),
                    crate::export::date_text(e),
                    e.kind.name().into(),
                    e.partners.join(" "),
                    e.areas.join(" "),
                    e.title.clone(),
                ]
            })
            .collect(),
        serde_json::to_value(&events)?,
    ))
}

/// Every figure, one row each.
fn figures(dataset: &Dataset) -> Result<Listing> {
    let figures: Vec<_> = dataset.figures().collect();
    Ok((
        &["id", "value", "as_of", "partners", "what"],
        figures
            .iter()
            .map(|f| {
                vec![
                    f.id.clone(),
                    f.value.clone(),
                    f.as_of.to_string(),
                    f.partners.join(" "),
                    f.what.clone(),
                ]
            })
            .collect(),
        serde_json::to_value(&figures)?,
    ))
}

fn print(format: ListFormat, (header, rows, records): Listing) -> Result<()> {
    match format {
        ListFormat::Table => {
            let mut table = Table::new();
            table
                .load_preset(presets::NOTHING)
                .set_content_arrangement(ContentArrangement::Disabled);
            table.set_header(header.iter().map(|h| h.to_uppercase()));
            for row in rows {
                table.add_row(row.iter().map(|cell| output::printable(cell).into_owned()));
            }
            output::stdout(&(table.trim_fmt() + "\n"))?;
        }
        ListFormat::Json => output::stdout(&(serde_json::to_string_pretty(&records)? + "\n"))?,
        ListFormat::Csv => {
            let mut out = csv::Writer::from_writer(Vec::new());
            out.write_record(header)?;
            for row in rows {
                out.write_record(&row)?;
            }
            output::stdout(&String::from_utf8_lossy(&out.into_inner()?))?;
        }
    }
    Ok(())
}

/// Turns command-line filters into an event filter; every value that matches nothing is
/// reported, with what it might have meant.
pub(crate) fn event_filter(dataset: &Dataset, args: &FilterArgs) -> Result<EventFilter> {
    let input = FilterInput {
        from: args.from.clone(),
        to: args.to.clone(),
        partners: args.partner.clone(),
        areas: args.area.clone(),
        kinds: args.kind.clone(),
        min_grade: args.min_grade.clone(),
    };
    Ok(dataset.resolve_filter(&input)?)
}
