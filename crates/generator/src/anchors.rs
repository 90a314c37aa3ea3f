//! The labels a generated document carries, named in one place: the label of each data
//! record, the generator's own landmarks, and the address scheme of links between the parts of
//! a long chronology. Templates receive the same names as `anchors`.
//!
//! Data labels and generated labels live in separate namespaces: a record's label is its id
//! behind a prefix of its kind, and no generated name starts with such a prefix, so no valid id
//! (not even `note-1` or `attache-page`) can take a generated name, and an event and a figure
//! sharing an id keep apart.

use serde::Serialize;

use crate::escape;

/// Prefix of the label of every event entry.
const EVENT: &str = "event:";
/// Prefix of the label of every figure's row.
const FIGURE: &str = "figure:";
/// Prefix of the label of every numbered source note.
const NOTE: &str = "note:";
/// Prefix of the label of every period heading of a chronology.
const GROUP: &str = "group:";
/// The label of a chronology's index of partners.
pub(crate) const INDEX: &str = "chronology:index";
/// The label of a chronology's numbered sources.
pub(crate) const SOURCES: &str = "chronology:sources";
/// The address scheme templates give links to labels that another part of a long chronology
/// holds; the joiner points each at where its label landed.
pub(crate) const PART_SCHEME: &str = "attache:";

/// The prefix of the PDF destination names the joiner of a long chronology gives links between
/// parts, so they cannot meet the names Typst gives its own destinations.
pub(crate) const PART_DESTINATION: &str = "attache-part:";

/// The label of an event's entry.
pub(crate) fn event(id: &str) -> String {
    format!("{EVENT}{}", escape::label(id))
}

/// The label of a figure's row.
pub(crate) fn figure(id: &str) -> String {
    format!("{FIGURE}{}", escape::label(id))
}

/// The label of numbered note `n`.
pub(crate) fn note(n: usize) -> String {
    format!("{NOTE}{n}")
}

/// The label of the `n`th period heading of a chronology.
pub(crate) fn group(n: usize) -> String {
    format!("{GROUP}{n}")
}

/// The names templates use, as `anchors.note ~ n`, `anchors.index` and so on.
#[derive(Debug, Serialize)]
pub(crate) struct Anchors {
    note: &'static str,
    index: &'static str,
    sources: &'static str,
    part_scheme: &'static str,
    page: &'static str,
}

/// The label of the metadata the running header and footer read back.
pub(crate) const PAGE: &str = "attache:page";

/// Every name, for the template context.
pub(crate) const ANCHORS: Anchors = Anchors {
    note: NOTE,
    index: INDEX,
    sources: SOURCES,
    part_scheme: PART_SCHEME,
    page: PAGE,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_data_id_can_take_a_generated_name() {
        for id in ["note-1", "attache-page", "group-1", "chronology-index"] {
            for (label, prefix) in [(event(id), EVENT), (figure(id), FIGURE)] {
                assert!(label.starts_with(prefix));
                for generated in [note(1), group(1), INDEX.into(), SOURCES.into(), PAGE.into()] {
                    assert_ne!(label, generated);
                    assert!(!generated.starts_with(prefix));
                }
            }
            assert_ne!(event(id), figure(id));
        }
    }
}
