//! What changed between two versions of a dataset: the events and figures added, removed and
//! changed, each change down to its fields (a date made more precise, a partner added, a
//! summary reworded, a source added). Record ids are the identity; an event that declares a
//! former id (`formerly`) is the same record renamed. Values only: the words and colours are
//! the command line's and the templates'.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use crate::dataset::Dataset;
use crate::date::{PartialDate, Precision};
use crate::model::{Event, Figure};
use crate::query::EventFilter;

/// Which kind of record a change concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiffKind {
    /// A dated event.
    Event,
    /// A quantified fact.
    Figure,
}

/// A record as a change names it: enough to print it and link to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffRecord {
    /// Event or figure.
    pub kind: DiffKind,
    /// Its id (in the newer version, for a changed record).
    pub id: String,
    /// Its date (an event's start, a figure's `as_of`).
    pub date: PartialDate,
    /// Its title (an event's) or what it counts (a figure's).
    pub title: String,
}

/// How one field changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldHow {
    /// A date now names a shorter time within the one it named (`2005` to `2005-03`).
    Refined,
    /// A text now reads differently.
    Reworded,
    /// Items were added to or removed from a list (partners, sources, areas).
    List,
    /// A field that was empty now has a value.
    Set,
    /// A field that had a value is now empty.
    Cleared,
    /// Any other new value (a date moved, another kind).
    Changed,
}

/// One field of a changed record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// The field's name as written in data files (`date`, `summary`, `sources`).
    pub field: String,
    /// How it changed.
    pub how: FieldHow,
    /// The value before (`null` when there was none).
    pub old: Value,
    /// The value after (`null` when there is none).
    pub new: Value,
    /// For a list: the items that came in.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<Value>,
    /// For a list: the items that went.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<Value>,
}

/// A record present in both versions whose fields differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Changed {
    /// The record as it is now.
    pub record: DiffRecord,
    /// The id it had before, when it was renamed (declared by `formerly`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub former_id: Option<String>,
    /// Its changed fields, by name.
    pub fields: Vec<FieldChange>,
}

/// Every difference between two versions, each list in date order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Changes {
    /// Records only the newer version has.
    pub added: Vec<DiffRecord>,
    /// Records only the older version has.
    pub removed: Vec<DiffRecord>,
    /// Records both have, with their changed fields.
    pub changed: Vec<Changed>,
}

impl Changes {
    /// Whether the two versions hold the same records.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// A record as the diff compares it: its name for printing and its fields as JSON.
struct Compared {
    record: DiffRecord,
    formerly: Vec<String>,
    fields: serde_json::Map<String, Value>,
}

impl Compared {
    fn event(event: &Event) -> Self {
        Self::new(
            DiffKind::Event,
            &event.id,
            event.date,
            &event.title,
            event.formerly.clone(),
            event,
        )
    }

    fn figure(figure: &Figure) -> Self {
        Self::new(
            DiffKind::Figure,
            &figure.id,
            figure.as_of,
            &figure.what,
            Vec::new(),
            figure,
        )
    }

    fn new(
        kind: DiffKind,
        id: &str,
        date: PartialDate,
        title: &str,
        formerly: Vec<String>,
        record: &impl Serialize,
    ) -> Self {
        let mut fields = match serde_json::to_value(record) {
            Ok(Value::Object(fields)) => fields,
            _ => serde_json::Map::new(),
        };
        // Identity, and the bookkeeping of renames, are not content.
        fields.remove("id");
        fields.remove("formerly");
        Self {
            record: DiffRecord {
                kind,
                id: id.to_owned(),
                date,
                title: title.to_owned(),
            },
            formerly,
            fields,
        }
    }
}

/// The events and figures one version shows: a report's, or those a filter keeps.
#[derive(Debug, Clone, Default)]
pub struct Slice<'a> {
    /// The events.
    pub events: Vec<&'a Event>,
    /// The figures.
    pub figures: Vec<&'a Figure>,
}

impl<'a> Slice<'a> {
    /// The events `filter` keeps and, when it names no kind or area, the figures of its
    /// partners and dates.
    pub fn matching(dataset: &'a Dataset, filter: &'a EventFilter) -> Self {
        let events = dataset.events_matching(filter).collect();
        let mut figures = Vec::new();
        if filter.kinds.is_empty() && filter.areas.is_empty() {
            figures = (dataset.figures_in_span(&filter.span()))
                .filter(|f| {
                    filter.partners.is_empty()
                        || f.partners.iter().any(|p| filter.partners.contains(p))
                })
                .collect();
        }
        Self { events, figures }
    }
}

/// What changed from `old` to `new`. Both versions should be released under the same
/// ceiling; `withheld` are the ids either version holds above it, which never show, not even
/// as removed.
pub fn diff(old: &Slice<'_>, new: &Slice<'_>, withheld: &BTreeSet<String>) -> Changes {
    let records = |slice: &Slice<'_>| -> Vec<Compared> {
        (slice.events.iter().map(|e| Compared::event(e)))
            .chain(slice.figures.iter().map(|f| Compared::figure(f)))
            .filter(|r| !withheld.contains(&r.record.id))
            .map(|mut r| {
                // A link to a withheld record is gone from the released version only: it must
                // not show as a change, which would name the record.
                if let Some(Value::Array(links)) = r.fields.get_mut("conflicts_with") {
                    links.retain(|id| id.as_str().is_none_or(|id| !withheld.contains(id)));
                }
                r
            })
            .collect()
    };
    compare(records(old), records(new))
}

/// Pairs the records of two versions by id (or declared former id) and compares each pair.
fn compare(old: Vec<Compared>, new: Vec<Compared>) -> Changes {
    let new_ids: BTreeSet<(DiffKind, String)> = (new.iter())
        .map(|r| (r.record.kind, r.record.id.clone()))
        .collect();
    let mut old: BTreeMap<(DiffKind, String), Compared> = (old.into_iter())
        .map(|r| ((r.record.kind, r.record.id.clone()), r))
        .collect();
    let mut changes = Changes::default();
    for record in new {
        let kind = record.record.kind;
        let own = old.remove(&(kind, record.record.id.clone()));
        let (before, former_id) = match own {
            Some(before) => (Some(before), None),
            None => {
                let renamed = (record.formerly.iter())
                    .find(|id| !new_ids.contains(&(kind, (*id).clone())))
                    .and_then(|id| old.remove(&(kind, id.clone())));
                let former = renamed.as_ref().map(|r| r.record.id.clone());
                (renamed, former)
            }
        };
        match before {
            None => changes.added.push(record.record),
            Some(before) => {
                let fields = field_changes(&before.fields, &record.fields);
                if !fields.is_empty() || former_id.is_some() {
                    changes.changed.push(Changed {
                        record: record.record,
                        former_id,
                        fields,
                    });
                }
            }
        }
    }
    changes.removed = old.into_values().map(|r| r.record).collect();
    let order = |r: &DiffRecord| (r.date.first_day(), r.kind, r.id.clone());
    changes.added.sort_by_key(order);
    changes.removed.sort_by_key(order);
    changes.changed.sort_by_key(|c| order(&c.record));
    changes
}

/// The fields whose values differ, by name.
fn field_changes(
    old: &serde_json::Map<String, Value>,
    new: &serde_json::Map<String, Value>,
) -> Vec<FieldChange> {
    let names = new
        .keys()
        .chain(old.keys().filter(|k| !new.contains_key(*k)));
    let mut changes = Vec::new();
    for name in names {
        let before = old.get(name).cloned().unwrap_or(Value::Null);
        let after = new.get(name).cloned().unwrap_or(Value::Null);
        if before == after || (is_empty(&before) && is_empty(&after)) {
            continue;
        }
        changes.push(field_change(name, before, after));
    }
    changes
}

/// How one field went from `old` to `new` (which differ).
fn field_change(name: &str, old: Value, new: Value) -> FieldChange {
    let mut change = FieldChange {
        field: name.to_owned(),
        how: FieldHow::Changed,
        old,
        new,
        added: Vec::new(),
        removed: Vec::new(),
    };
    change.how = match (&change.old, &change.new) {
        (old, _) if is_empty(old) => FieldHow::Set,
        (_, new) if is_empty(new) => FieldHow::Cleared,
        (Value::Array(old), Value::Array(new)) => {
            change.added = new.iter().filter(|v| !old.contains(v)).cloned().collect();
            change.removed = old.iter().filter(|v| !new.contains(v)).cloned().collect();
            FieldHow::List
        }
        (Value::String(old), Value::String(new)) => match (old.parse(), new.parse()) {
            (Ok(old), Ok(new)) if refines(&old, &new) => FieldHow::Refined,
            (Ok::<PartialDate, _>(_), Ok::<PartialDate, _>(_)) => FieldHow::Changed,
            _ => FieldHow::Reworded,
        },
        _ => FieldHow::Changed,
    };
    change
}

/// Whether `new` names a more precise date within the time `old` names.
fn refines(old: &PartialDate, new: &PartialDate) -> bool {
    let rank = |p: Precision| match p {
        Precision::Year => 0,
        Precision::Month => 1,
        Precision::Day => 2,
    };
    rank(new.precision()) > rank(old.precision())
        && new.first_day() >= old.first_day()
        && new.last_day() <= old.last_day()
}

/// Null, an empty list, text or map: no value.
fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.is_empty(),
        Value::String(text) => text.is_empty(),
        Value::Object(map) => map.is_empty(),
        _ => false,
    }
}

/// The ids of the events and figures `original` holds that `released` does not: what a
/// release ceiling withheld, for [`diff`].
pub fn withheld_ids(original: &Dataset, released: &Dataset) -> BTreeSet<String> {
    let kept: BTreeSet<&str> = (released.events().iter().map(|e| e.id.as_str()))
        .chain(released.figures().map(|f| f.id.as_str()))
        .collect();
    (original.events().iter().map(|e| e.id.as_str()))
        .chain(original.figures().map(|f| f.id.as_str()))
        .filter(|id| !kept.contains(id))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_made_a_month_is_a_refinement_and_a_move_is_not() {
        let date = |s: &str| s.parse::<PartialDate>().expect("a date");
        assert!(refines(&date("2005"), &date("2005-03")));
        assert!(refines(&date("2005-03"), &date("2005-03-14")));
        assert!(!refines(&date("2005"), &date("2006-03")));
        assert!(!refines(&date("2005-03"), &date("2005")));
    }

    #[test]
    fn list_changes_name_the_items_that_came_and_went() {
        let change = field_change(
            "partners",
            serde_json::json!(["a", "b"]),
            serde_json::json!(["b", "c"]),
        );
        assert_eq!(change.how, FieldHow::List);
        assert_eq!(change.added, vec![serde_json::json!("c")]);
        assert_eq!(change.removed, vec![serde_json::json!("a")]);
    }

    #[test]
    fn text_is_reworded_and_an_empty_field_is_set() {
        let reworded = field_change("summary", "One.".into(), "Two.".into());
        assert_eq!(reworded.how, FieldHow::Reworded);
        let set = field_change("location", Value::Null, "Zenda".into());
        assert_eq!(set.how, FieldHow::Set);
    }
}
