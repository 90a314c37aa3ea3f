//! Which sections a report prints, in which order and under which heading: decided here once
//! for every report, so the templates only draw them (`macros.typ.j2`'s `section`).

use serde::Serialize;

use crate::briefing::Section;
use crate::labels::Labels;

/// The kinds of report that print sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Partner,
    Period,
    Area,
}

/// One section as its template draws it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SectionView {
    /// The section's name (`legal-basis`).
    id: &'static str,
    /// Its heading, in the briefing's language.
    heading: String,
    /// The sentence under the heading, if any.
    intro: String,
    /// A second-level heading inside it, if any (events by partner, in a period report).
    subheading: String,
    /// Whether the activity chart is drawn inside this section (beside the partner ranking)
    /// rather than in a section of its own.
    with_chart: bool,
}

/// The label keys of a section's heading, intro and subheading in one kind of report; `None`
/// where that kind of report has no such section.
fn wording(kind: Kind, section: Section) -> Option<(&'static str, &'static str, &'static str)> {
    use Kind::{Area, Partner, Period};
    Some(match (kind, section) {
        (Partner, Section::Profile) => ("profile", "", ""),
        (Period, Section::Profile) => ("characterised", "", ""),
        (Area, Section::Profile) => ("scope", "", ""),
        (_, Section::KeyFacts) => ("key_facts", "", ""),
        (Partner | Period, Section::Figures) => ("figures", "", ""),
        (Partner, Section::Partners) | (Area, Section::Figures | Section::Areas) => return None,
        (Period, Section::Partners) => ("partners_most_engaged", "", "events_by_partner"),
        (Area, Section::Partners) => ("partners_active", "", ""),
        (Partner, Section::LegalBasis) => ("legal_basis", "legal_basis_partner", ""),
        (Period, Section::LegalBasis) => ("legal_basis", "legal_basis_period", ""),
        (Area, Section::LegalBasis) => ("instruments", "instruments_intro", ""),
        (_, Section::Exercises) => ("exercises_training", "", ""),
        (Partner, Section::Areas) => ("cooperation_by_area", "", ""),
        (Period, Section::Areas) => ("events_by_area", "", ""),
        (_, Section::Chart) => ("activity_over_time", "", ""),
        (Partner | Period, Section::Timeline) => ("timeline_by_partner", "", ""),
        (Period | Area, Section::Network) => ("partner_network", "", ""),
        (Area, Section::Timeline) | (Partner, Section::Network) => return None,
        (_, Section::Chronology) => ("chronology", "", ""),
        (_, Section::Conflicts) => ("where_sources_differ", "where_sources_differ_intro", ""),
        (_, Section::Sources) => ("sources", "sources_intro", ""),
        (_, Section::Changes) => ("changes_added", "", ""),
    })
}

/// The sections a report prints: those the settings list, in their order, that this kind of
/// report has and that have something to say (`has`). The chart joins the partner ranking
/// when both are printed. `name` fills `{name}` in the intros.
pub(crate) fn plan(
    kind: Kind,
    settings: &[Section],
    has: impl Fn(Section) -> bool,
    labels: &Labels,
    name: &str,
) -> Vec<SectionView> {
    let printed = |s: Section| settings.contains(&s) && wording(kind, s).is_some() && has(s);
    let chart_beside_ranking = printed(Section::Partners) && printed(Section::Chart);
    settings
        .iter()
        .copied()
        .filter(|&s| printed(s) && !(s == Section::Chart && chart_beside_ranking))
        .filter_map(|s| {
            let (heading, intro, subheading) = wording(kind, s)?;
            let text = |key: &str| {
                if key.is_empty() {
                    String::new()
                } else {
                    labels.fill(key, &[("name", name)])
                }
            };
            Some(SectionView {
                id: s.name(),
                heading: text(heading),
                intro: text(intro),
                subheading: text(subheading),
                with_chart: s == Section::Partners && chart_beside_ranking,
            })
        })
        .collect()
}

/// Gives a planned section a heading of its own making (the date in "Changes since ...").
pub(crate) fn retitle(views: &mut [SectionView], section: Section, heading: &str) {
    for view in views.iter_mut().filter(|v| v.id == section.name()) {
        view.heading = heading.to_owned();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(views: &[SectionView]) -> Vec<&str> {
        views.iter().map(|v| v.id).collect()
    }

    #[test]
    fn names_round_trip() {
        for section in Section::ALL {
            assert_eq!(Section::from_name(section.name()), Some(section));
        }
        assert_eq!(Section::from_name("chronolgy"), None);
    }

    #[test]
    fn a_report_prints_what_it_has_in_the_order_asked() {
        let labels = Labels::default();
        let order = [Section::Sources, Section::Figures, Section::Profile];
        let partner = plan(Kind::Partner, &order, |_| true, &labels, "X");
        assert_eq!(ids(&partner), ["sources", "figures", "profile"]);
        let area = plan(Kind::Area, &order, |_| true, &labels, "X");
        assert_eq!(
            ids(&area),
            ["sources", "profile"],
            "type reports have no figures"
        );
        let empty = plan(
            Kind::Partner,
            &order,
            |s| s != Section::Figures,
            &labels,
            "X",
        );
        assert_eq!(
            ids(&empty),
            ["sources", "profile"],
            "empty sections are left out"
        );
    }

    #[test]
    fn the_chart_joins_the_ranking_when_both_are_printed() {
        let labels = Labels::default();
        let both = plan(Kind::Period, &Section::ALL, |_| true, &labels, "X");
        assert!(!ids(&both).contains(&"chart"));
        assert!(both.iter().any(|v| v.id == "partners" && v.with_chart));
        let alone = plan(
            Kind::Period,
            &Section::ALL,
            |s| s != Section::Partners,
            &labels,
            "X",
        );
        assert!(ids(&alone).contains(&"chart"));
    }
}
