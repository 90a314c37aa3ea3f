//! What the index page of a site of HTML reports receives: the site's metadata and a link to
//! each report, by kind.

use attache_core::Dataset;
use serde::Serialize;

use super::meta::{Meta, meta};
use super::{Subject, views};
use crate::briefing::Briefing;
use crate::labels::Labels;
use crate::request::Report;

/// The index page's context.
#[derive(Debug, Serialize)]
pub(crate) struct SiteIndex {
    meta: Meta,
    /// The reports by kind: the chronology, the periods, the cooperation types, the partners.
    groups: Vec<SiteGroup>,
}

/// The reports of one kind, under a heading.
#[derive(Debug, Serialize)]
struct SiteGroup {
    heading: String,
    links: Vec<SiteLink>,
}

/// A link to one report's page.
#[derive(Debug, Serialize)]
struct SiteLink {
    href: String,
    title: String,
}

/// The index of `reports`, grouped by kind in the order [`Report::every`] gives them.
pub(crate) fn site_index(
    dataset: &Dataset,
    briefing: &Briefing,
    labels: &Labels,
    reports: &[Report],
) -> SiteIndex {
    let subject = labels.subject_name().to_owned();
    let title = labels.get("all_reports").to_owned();
    let subtitle = labels.fill("chronology_default", &[]);
    let meta = meta(
        dataset, briefing, labels, "index", title, subtitle, &subject, 0,
    );
    let headings = [
        ("chronology", "chronology"),
        ("period", "periods"),
        ("type", "cooperation_types"),
        ("partner", "partners_involved"),
    ];
    let groups = headings
        .into_iter()
        .map(|(kind, heading)| SiteGroup {
            heading: labels.get(heading).to_owned(),
            links: reports
                .iter()
                .filter(|r| kind_of(r) == kind)
                .filter_map(|report| {
                    Some(SiteLink {
                        href: format!("{}.html", report.file_stem()),
                        title: title_of(dataset, report, labels)?,
                    })
                })
                .collect(),
        })
        .filter(|group| !group.links.is_empty())
        .collect();
    SiteIndex { meta, groups }
}

/// Which heading of the index a report goes under.
fn kind_of(report: &Report) -> &'static str {
    match report {
        Report::Chronology(_) => "chronology",
        Report::Period(_) | Report::Span(_) => "period",
        Report::Area(_) => "type",
        Report::Partner(_) => "partner",
    }
}

/// A report's title on the index: its subject's name in the report's language.
fn title_of(dataset: &Dataset, report: &Report, labels: &Labels) -> Option<String> {
    Some(match Subject::resolve(dataset, report, labels).ok()? {
        Subject::Partner(p) => views::partner_name(labels, p),
        Subject::Period(p) => labels.pick(&p.translations, "name", &p.name).text,
        Subject::Area(a) => views::area_name(labels, a),
        Subject::Chronology(_) => labels.get("chronology").to_owned(),
    })
}
