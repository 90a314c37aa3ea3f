//! Setting a record's bad fields aside so that the rest of it can still be checked: an unknown
//! field is removed, a single value where a list belongs becomes the list's one item, any other
//! value of the wrong type, and a missing field, get a stand-in. Deserialisation errors name
//! the offending field only by its span, so the field is found by span in the parsed record.

use std::borrow::Cow;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// How many times one record's bad fields are set aside before giving up on it.
pub(super) const MAX_REPAIRS: usize = 64;

/// What has been set aside in one record so far.
pub(super) struct Repair {
    /// The spans of the stand-ins put in place of bad fields.
    stand_ins: Vec<Range<usize>>,
    /// The spans of single values made the one item of the array expected there: still the
    /// user's value, so still checked, but a second error about their type would be noise.
    wrapped: Vec<Range<usize>>,
    /// Field names offered as "did you mean" for an unknown field: that the field is then
    /// missing says nothing new.
    suggested: Vec<String>,
    /// A span past the end of the file, for the next stand-in of a missing field.
    next_span: usize,
}

impl Repair {
    /// Nothing set aside yet; stand-ins for missing fields get spans from `past_end`, a byte
    /// past the end of the file, where no other problem can be.
    pub(super) fn new(past_end: usize) -> Self {
        Self {
            stand_ins: Vec::new(),
            wrapped: Vec::new(),
            suggested: Vec::new(),
            next_span: past_end,
        }
    }

    /// The spans of the stand-ins, at which no later problem is reported.
    pub(super) fn into_stand_ins(self) -> Vec<Range<usize>> {
        self.stand_ins
    }

    /// Notes the field a "did you mean `x`?" hint offered for an unknown field.
    pub(super) fn offered(&mut self, hint: Option<&str>) {
        self.suggested.extend(
            hint.and_then(|h| quoted(h, "did you mean `"))
                .map(str::to_owned),
        );
    }

    /// Whether a deserialisation error is news: not about a stand-in, nor a missing field the
    /// user has just been told they misspelt.
    pub(super) fn reports(&self, at: &Range<usize>, message: &str) -> bool {
        let about_stand_in = self.stand_ins.iter().chain(&self.wrapped).any(|s| s == at);
        let misspelt = quoted(message, "missing field `")
            .is_some_and(|field| self.suggested.iter().any(|s| s == field));
        !about_stand_in && !misspelt
    }

    /// Sets the field an error is about aside; false when it cannot be found.
    pub(super) fn apply(
        &mut self,
        record: &mut Spanned<DeValue<'_>>,
        at: &Range<usize>,
        message: &str,
    ) -> bool {
        if let Some(field) = quoted(message, "unknown field `") {
            return table_with_key(record, at).is_some_and(|t| t.remove(field).is_some());
        }
        if let Some(field) = quoted(message, "missing field `") {
            let span = self.next_span..self.next_span;
            self.next_span += 1;
            let Some(table) = table_at(record, at) else {
                return false;
            };
            let stand_in = Spanned::new(span.clone(), DeValue::String(Cow::Borrowed("")));
            table.insert(
                Spanned::new(span.clone(), Cow::Owned(field.to_owned())),
                stand_in,
            );
            self.stand_ins.push(span);
            return true;
        }
        let Some(slot) = value_at(record, at) else {
            return false;
        };
        if message.contains("expected a sequence") {
            // The one value becomes the array's only item, so it is still checked.
            let mut items = toml::de::DeArray::new();
            items.push(slot.clone());
            *slot = Spanned::new(at.clone(), DeValue::Array(items));
            self.wrapped.push(at.clone());
            return true;
        }
        let stand_in = if message.contains("expected struct") || message.contains("expected a map")
        {
            DeValue::Table(DeTable::new())
        } else {
            DeValue::String(Cow::Borrowed(""))
        };
        *slot = Spanned::new(at.clone(), stand_in);
        self.stand_ins.push(at.clone());
        true
    }
}

/// The text between a message's `prefix` and the next backtick.
fn quoted<'m>(message: &'m str, prefix: &str) -> Option<&'m str> {
    message.strip_prefix(prefix)?.split('`').next()
}

/// The deepest value spanning exactly `at`.
fn value_at<'v, 'i>(
    value: &'v mut Spanned<DeValue<'i>>,
    at: &Range<usize>,
) -> Option<&'v mut Spanned<DeValue<'i>>> {
    if !spans(value, at) {
        return None;
    }
    let deeper = match value.get_ref() {
        DeValue::Array(items) => items.iter().position(|v| spans(v, at)),
        DeValue::Table(table) => table.values().position(|v| spans(v, at)),
        _ => None,
    };
    let Some(i) = deeper else {
        return Some(value);
    };
    let child = match value.get_mut() {
        DeValue::Array(items) => items.get_mut(i),
        DeValue::Table(table) => table.iter_mut().nth(i).map(|(_, v)| v),
        _ => None,
    }?;
    value_at(child, at)
}

/// Whether `value`, or a value inside it, spans exactly `at`. Every value is looked at: the
/// span of a `[[table]]` is its header line, which does not hold its fields.
fn spans(value: &Spanned<DeValue<'_>>, at: &Range<usize>) -> bool {
    value.span() == *at
        || match value.get_ref() {
            DeValue::Array(items) => items.iter().any(|v| spans(v, at)),
            DeValue::Table(table) => table.values().any(|v| spans(v, at)),
            _ => false,
        }
}

/// The deepest table spanning exactly `at`, the record itself when nothing deeper does.
fn table_at<'v, 'i>(
    value: &'v mut Spanned<DeValue<'i>>,
    at: &Range<usize>,
) -> Option<&'v mut DeTable<'i>> {
    match value_at(value, at)?.get_mut() {
        DeValue::Table(table) => Some(table),
        _ => None,
    }
}

/// The table holding a key written at `at`.
fn table_with_key<'v, 'i>(
    value: &'v mut Spanned<DeValue<'i>>,
    at: &Range<usize>,
) -> Option<&'v mut DeTable<'i>> {
    match value.get_mut() {
        DeValue::Table(table) => {
            if table.keys().any(|k| k.span() == *at) {
                return Some(table);
            }
            table
                .iter_mut()
                .map(|(_, v)| v)
                .find(|v| contains_key(v, at))
                .and_then(|v| table_with_key(v, at))
        }
        DeValue::Array(items) => items
            .iter_mut()
            .find(|v| contains_key(v, at))
            .and_then(|v| table_with_key(v, at)),
        _ => None,
    }
}

/// Whether a key written at `at` lies at or below `value`.
fn contains_key(value: &Spanned<DeValue<'_>>, at: &Range<usize>) -> bool {
    match value.get_ref() {
        DeValue::Table(table) => table
            .iter()
            .any(|(k, v)| k.span() == *at || contains_key(v, at)),
        DeValue::Array(items) => items.iter().any(|v| contains_key(v, at)),
        _ => false,
    }
}
