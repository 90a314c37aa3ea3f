//! Checking each record and turning it into the model: required fields, dates and their
//! order, closed vocabularies, references to other records, citations, and the rules that
//! tie records together (a partner's file name, disputed events and figures naming each other,
//! predecessor states linking states without a cycle, inferred dates that bound a fact).

use std::collections::{BTreeMap, HashMap};

use super::ids::Ids;
use super::loader::Loader;
use crate::date::{DateQualifier, DateSpan, PartialDate, Precision};
use crate::files::{DataFile, DataFileKind};
use crate::grade::Reliability;
use crate::marking::Marking;
use crate::model::{
    Area, Citation, DatasetInfo, Event, EventKind, EventStatus, Figure, Partner, PartnerKind,
    Period, Source, SubjectState, Translations, translatable,
};
use crate::names::suggest;
use crate::raw::{
    RawArea, RawCitation, RawDatasetFile, RawEvent, RawFigure, RawPartner, RawPeriod, RawSource,
    RawTranslations, Text,
};

impl Loader {
    /// A checker for the records of one file.
    pub(super) fn check<'l, 'f>(&'l mut self, file: &'f DataFile, ids: &'l Ids) -> Check<'l, 'f> {
        Check {
            loader: self,
            file,
            ids,
        }
    }
}

/// Validation of the records of one file.
pub(super) struct Check<'l, 'f> {
    loader: &'l mut Loader,
    file: &'f DataFile,
    ids: &'l Ids,
}

impl Check<'_, '_> {
    fn report(&mut self, at: &Text, message: String, hint: Option<String>) {
        self.loader.hint(self.file, at.span(), message, hint);
    }

    fn required(&mut self, text: &Text, field: &str) -> String {
        let value = text.get_ref().trim();
        if value.is_empty() {
            self.report(text, format!("`{field}` must not be empty"), None);
        }
        value.to_owned()
    }

    fn date(&mut self, text: &Text) -> Option<PartialDate> {
        match text.get_ref().parse() {
            Ok(date) => Some(date),
            Err(e) => {
                self.report(text, e.to_string(), None);
                None
            }
        }
    }

    fn range(
        &mut self,
        start: &Text,
        end: Option<&Text>,
    ) -> Option<(PartialDate, Option<PartialDate>)> {
        let first = self.date(start);
        let last = end.map(|e| (e, self.date(e)));
        let (first, last) = match (first, last) {
            (Some(first), None) => return Some((first, None)),
            (Some(first), Some((at, Some(last)))) => (first, (at, last)),
            _ => return None,
        };
        if DateSpan::new(Some(first), Some(last.1)).is_reversed() {
            let hint = Some(format!(
                "`end` must not be before `{first}`; swap them or fix the typo"
            ));
            self.report(
                last.0,
                format!("`end` {} is before the start {first}", last.1),
                hint,
            );
            return None;
        }
        Some((first, Some(last.1)))
    }

    fn reference(&mut self, text: &Text, what: &str, known: fn(&Ids) -> &[String]) -> String {
        let known = known(self.ids);
        let value = text.get_ref();
        let undecidable = self.ids.incomplete.contains(&what);
        if !undecidable && !known.iter().any(|k| k == value) {
            let hint = suggest(value, known.iter().map(String::as_str))
                .map(|s| format!("did you mean `{s}`?"));
            let hint = hint.or_else(|| {
                Some(format!(
                    "add it to the dataset or use one of the known {what} ids"
                ))
            });
            self.report(text, format!("unknown {what} `{value}`"), hint);
        }
        value.clone()
    }

    fn vocabulary<T>(
        &mut self,
        text: &Text,
        what: &str,
        names: &[&str],
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let parsed = parse(text.get_ref());
        if parsed.is_none() {
            let hint = match suggest(text.get_ref(), names.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("use one of: {}", names.join(", ")),
            };
            self.report(
                text,
                format!("unknown {what} `{}`", text.get_ref()),
                Some(hint),
            );
        }
        parsed
    }

    fn citations(&mut self, raw: &[RawCitation], owner: &Text) -> Vec<Citation> {
        if raw.is_empty() {
            let hint = Some("add `sources = [{ id = \"...\", locator = \"...\" }]`: every fact cites its source".into());
            self.report(
                owner,
                format!("`{}` cites no source", owner.get_ref()),
                hint,
            );
        }
        raw.iter()
            .map(|c| {
                let id = self.reference(&c.id, "source", |ids| &ids.sources);
                let locator = match &c.locator {
                    Some(l) => self.required(l, "locator"),
                    None => {
                        let hint = Some("add `locator = \"...\"` (chapter, section or paragraph) so a reader can find the passage".into());
                        self.report(&c.id, format!("citation of `{id}` has no locator"), hint);
                        String::new()
                    }
                };
                let credibility = c.credibility.as_ref().and_then(|g| self.credibility(g));
                Citation {
                    id,
                    locator,
                    credibility,
                }
            })
            .collect()
    }

    /// A citation's credibility grade, 1 to 6.
    fn credibility(&mut self, grade: &toml::Spanned<i64>) -> Option<u8> {
        match u8::try_from(*grade.get_ref()) {
            Ok(value @ 1..=6) => Some(value),
            _ => {
                let hint =
                    Some("use 1 (confirmed) to 6 (truth cannot be judged), or omit it".into());
                self.loader.hint(
                    self.file,
                    grade.span(),
                    format!("`{}` is not a credibility grade", grade.get_ref()),
                    hint,
                );
                None
            }
        }
    }

    /// A record's marking, kept with where it is written: which levels exist is the
    /// briefing's scale's to say, checked when the dataset is released.
    fn marking(&mut self, raw: Option<&Text>) -> Option<Marking> {
        let text = raw?;
        let level = self.required(text, "marking");
        Some(Marking::located(
            level,
            &self.file.path,
            &self.file.text,
            text.span(),
        ))
    }

    /// A record's translations: each under a language code other than the dataset's own,
    /// each field one the record may translate (`fields`), none empty.
    fn translations(&mut self, raw: &RawTranslations, fields: &[&str]) -> Translations {
        let mut translations = BTreeMap::new();
        for (language, texts) in &raw.0 {
            let code = language.get_ref();
            if !is_language_code(code) {
                let hint = Some("use an ISO 639 code in lowercase, e.g. `az` or `ru`".into());
                self.report(language, format!("`{code}` is not a language code"), hint);
                continue;
            }
            if *code == self.ids.language {
                let hint = Some(format!(
                    "write `{code}` text in the record's own fields; `language` in dataset.toml names the language they are in"
                ));
                self.report(
                    language,
                    format!("a translation into `{code}`, the dataset's own language"),
                    hint,
                );
                continue;
            }
            let mut translated = BTreeMap::new();
            for (field, text) in texts {
                let name = field.get_ref();
                if !fields.contains(&name.as_str()) {
                    let hint = match suggest(name, fields.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("fields translated here: {}", fields.join(", ")),
                    };
                    self.report(field, format!("`{name}` cannot be translated"), Some(hint));
                    continue;
                }
                translated.insert(name.clone(), self.required(text, name));
            }
            translations.insert(code.clone(), translated);
        }
        Translations(translations)
    }

    /// `dataset.toml`: its title, language and subject state.
    pub(super) fn dataset(&mut self, raw: &RawDatasetFile) -> DatasetInfo {
        let language = raw.language.get_ref().clone();
        if !is_language_code(&language) {
            let hint = Some("use an ISO 639 code in lowercase, e.g. `en`, `az` or `ru`".into());
            self.report(
                &raw.language,
                format!("`{language}` is not a language code"),
                hint,
            );
        }
        let subject = &raw.subject;
        let iso3 = subject.iso3.as_ref().map(|code| self.iso3(code));
        DatasetInfo {
            title: self.required(&raw.title, "title"),
            language,
            subject: Some(SubjectState {
                name: self.required(&subject.name, "name"),
                genitive: self.required(&subject.genitive, "genitive"),
                iso3,
                translations: self.translations(&subject.translations, translatable::SUBJECT),
            }),
            marking: self.marking(raw.marking.as_ref()),
            translations: self.translations(&raw.translations, translatable::DATASET),
        }
    }

    /// An ISO 3166-1 alpha-3 code, reported when it is not three capital letters.
    fn iso3(&mut self, code: &Text) -> String {
        let valid =
            code.get_ref().len() == 3 && code.get_ref().bytes().all(|b| b.is_ascii_uppercase());
        if !valid {
            self.report(
                code,
                format!("`{}` is not an ISO 3166-1 alpha-3 code", code.get_ref()),
                Some("use three capital letters, e.g. `TUR`".into()),
            );
        }
        code.get_ref().clone()
    }

    pub(super) fn source(&mut self, raw: &RawSource) -> Source {
        Source {
            id: raw.id.get_ref().clone(),
            title: self.required(&raw.title, "title"),
            author: raw.author.trim().to_owned(),
            publisher: raw.publisher.trim().to_owned(),
            date: raw
                .date
                .as_ref()
                .filter(|d| !d.get_ref().is_empty())
                .and_then(|d| self.date(d)),
            url: raw.url.clone(),
            kind: self.required(&raw.kind, "kind"),
            reliability: raw.reliability.as_ref().and_then(|r| {
                self.vocabulary(
                    r,
                    "reliability grade",
                    Reliability::NAMES,
                    Reliability::from_name,
                )
            }),
            reliability_reason: raw
                .reliability_reason
                .as_ref()
                .map(|r| self.required(r, "reliability_reason")),
            translations: self.translations(&raw.translations, translatable::SOURCE),
        }
    }

    pub(super) fn area(&mut self, raw: &RawArea) -> Area {
        Area {
            id: raw.id.get_ref().clone(),
            name: self.required(&raw.name, "name"),
            summary: self.required(&raw.summary, "summary"),
            marking: self.marking(raw.marking.as_ref()),
            translations: self.translations(&raw.translations, translatable::AREA),
        }
    }

    pub(super) fn period(&mut self, raw: &RawPeriod) -> Option<Period> {
        let name = self.required(&raw.name, "name");
        let summary = self.required(&raw.summary, "summary");
        let sources = self.citations(&raw.sources, &raw.id);
        let translations = self.translations(&raw.translations, translatable::PERIOD);
        let (start, end) = self.range(&raw.start, raw.end.as_ref())?;
        Some(Period {
            id: raw.id.get_ref().clone(),
            name,
            start,
            end,
            summary,
            sources,
            marking: self.marking(raw.marking.as_ref()),
            translations,
        })
    }

    pub(super) fn figure(&mut self, raw: &RawFigure) -> Option<Figure> {
        let value = self.required(&raw.value, "value");
        let what = self.required(&raw.what, "what");
        let partners = raw
            .partners
            .iter()
            .map(|p| self.reference(p, "partner", |ids| &ids.partners))
            .collect();
        let conflicts_with = self.conflict_links(
            "figure",
            &raw.id,
            &raw.conflicts_with,
            |ids| &ids.figure_conflicts,
            |ids| &ids.figures,
        );
        let sources = self.citations(&raw.sources, &raw.id);
        let translations = self.translations(&raw.translations, translatable::FIGURE);
        let as_of = self.date(&raw.as_of)?;
        Some(Figure {
            id: raw.id.get_ref().clone(),
            value,
            what,
            as_of,
            partners,
            conflicts_with,
            sources,
            marking: self.marking(raw.marking.as_ref()),
            translations,
        })
    }

    pub(super) fn partner(&mut self, raw: &RawPartner) -> Option<Partner> {
        let id = raw.id.get_ref().clone();
        let expected = DataFileKind::partner(&id).path().unwrap_or_default();
        if self.file.path != expected {
            let hint = Some(format!("rename the file to {expected}, or change the id"));
            self.report(
                &raw.id,
                format!("partner `{id}` is defined in {}", self.file.path),
                hint,
            );
        }
        let kind = self.vocabulary(
            &raw.kind,
            "partner kind",
            PartnerKind::NAMES,
            PartnerKind::from_name,
        );
        let iso3 = raw.iso3.as_ref().map(|code| self.iso3(code));
        let predecessor_of = self.predecessor_of(raw, kind);
        let name = self.required(&raw.name, "name");
        let relationship = self.required(&raw.relationship, "relationship");
        let summary = self.required(&raw.summary, "summary");
        let aliases = raw
            .aliases
            .iter()
            .map(|a| self.required(a, "aliases"))
            .collect();
        let sources = self.citations(&raw.sources, &raw.id);
        let mut figures: Vec<Figure> = raw.figures.iter().filter_map(|f| self.figure(f)).collect();
        for f in &mut figures {
            if !f.partners.contains(&id) {
                f.partners.insert(0, id.clone());
            }
        }
        Some(Partner {
            id,
            name,
            kind: kind?,
            iso3,
            native_name: raw.native_name.clone().filter(|n| !n.trim().is_empty()),
            aliases,
            predecessor_of,
            relationship,
            summary,
            sources,
            figures,
            marking: self.marking(raw.marking.as_ref()),
            translations: self.translations(&raw.translations, translatable::PARTNER),
        })
    }

    /// A record's `conflicts_with`: each a known record of its kind, each linked both ways.
    fn conflict_links(
        &mut self,
        what: &str,
        id: &Text,
        names: &[Text],
        lists: fn(&Ids) -> &HashMap<String, Vec<String>>,
        known: fn(&Ids) -> &[String],
    ) -> Vec<String> {
        let links = names
            .iter()
            .map(|name| self.reference(name, what, known))
            .collect();
        self.mutual_conflicts(what, id, names, lists, known);
        links
    }

    /// A record's `conflicts_with` must not name itself, and the records it names must name it
    /// back: each record of a disputed fact points at the other. `what` is "event" or "figure";
    /// `lists` gives every record's `conflicts_with` of that kind, `known` their ids.
    fn mutual_conflicts(
        &mut self,
        what: &str,
        id: &Text,
        names: &[Text],
        lists: fn(&Ids) -> &HashMap<String, Vec<String>>,
        known: fn(&Ids) -> &[String],
    ) {
        let id = id.get_ref();
        for other in names {
            let name = other.get_ref();
            if name == id {
                let hint = Some(format!(
                    "name the {what} that records the same fact differently"
                ));
                self.report(other, format!("{what} `{id}` conflicts with itself"), hint);
                continue;
            }
            let Some(back) = lists(self.ids).get(name) else {
                continue; // unknown: already reported
            };
            // A typo in the other record's list is reported there; do not report it twice.
            let back_resolves = back.iter().all(|b| known(self.ids).contains(b));
            if back_resolves && !back.contains(id) {
                let hint = Some(format!(
                    "add `{id}` to the `conflicts_with` of `{name}`: each record of a disputed fact names the other"
                ));
                self.report(
                    other,
                    format!("{what} `{id}` names `{name}` in `conflicts_with`, but `{name}` does not name `{id}`"),
                    hint,
                );
            }
        }
    }

    /// A partner's `predecessor_of` names another state, known to the dataset, and no chain of
    /// such links leads back to where it started. Returns the successor's id.
    fn predecessor_of(&mut self, raw: &RawPartner, kind: Option<PartnerKind>) -> Option<String> {
        let at = raw.predecessor_of.as_ref()?;
        let (id, next) = (raw.id.get_ref(), at.get_ref());
        if next == id {
            let hint = Some(format!(
                "name the state that continues `{id}`, or remove `predecessor_of`"
            ));
            self.report(at, format!("partner `{id}` is its own predecessor"), hint);
            return None;
        }
        let next = self.reference(at, "partner", |ids| &ids.partners);
        if kind.is_some_and(|k| k != PartnerKind::State) {
            let hint = Some(
                "`predecessor_of` links a former state to the state that continues it; remove it here"
                    .into(),
            );
            self.report(
                at,
                format!("partner `{id}` is not a state, so it cannot be a predecessor"),
                hint,
            );
        }
        match self.ids.partner_kinds.get(&next).map(String::as_str) {
            Some("state") | None => {}
            Some(other) => {
                let hint = Some(format!(
                    "`predecessor_of` names the state that continues `{id}`, not an {other}"
                ));
                self.report(at, format!("`{next}` is not a state"), hint);
            }
        }
        if let Some(cycle) = self.predecessor_cycle(id) {
            let hint = Some(
                "a state cannot precede itself, directly or through others: remove one `predecessor_of`"
                    .into(),
            );
            self.report(
                at,
                format!("predecessor links form a cycle: {}", cycle.join(" → ")),
                hint,
            );
        }
        Some(next)
    }

    /// The chain of `predecessor_of` links from `id` back to itself, when there is one and `id`
    /// is the cycle's first member in id order (so that each cycle is reported once).
    fn predecessor_cycle(&self, id: &str) -> Option<Vec<String>> {
        let mut chain = vec![id.to_owned()];
        let mut current = id;
        while let Some(next) = self.ids.successors.get(current) {
            chain.push(next.clone());
            if next == id {
                let first = chain.iter().min().is_some_and(|m| m == id);
                return first.then_some(chain);
            }
            if chain[..chain.len() - 1].contains(next) {
                return None; // a cycle further on, reported by its own members
            }
            current = next;
        }
        None
    }

    /// An inferred date bounds or approximates a fact; it never pins it to one day.
    fn inferred_date(&mut self, raw: &RawEvent, date: PartialDate, qualified: bool) -> bool {
        let Some(flag) = &raw.date_inferred else {
            return false;
        };
        let inferred = *flag.get_ref();
        if inferred && date.precision() == Precision::Day && raw.end.is_none() && !qualified {
            let hint = Some(
                "a date worked out from a reference or another record bounds the fact: add a `date_qualifier` (`by`, `after`, ...) or an `end`, or give only the month or year".into(),
            );
            self.loader.hint(
                self.file,
                flag.span(),
                format!(
                    "event `{}` has an inferred date on an exact day",
                    raw.id.get_ref()
                ),
                hint,
            );
        }
        inferred
    }

    pub(super) fn event(&mut self, raw: &RawEvent) -> Option<Event> {
        let title = self.required(&raw.title, "title");
        let summary = self.required(&raw.summary, "summary");
        let kind = self.vocabulary(
            &raw.kind,
            "event kind",
            EventKind::NAMES,
            EventKind::from_name,
        );
        // Parsed now, applied last: a bad qualifier must not hide the record's other problems.
        let qualifier = match &raw.date_qualifier {
            Some(q) => self
                .vocabulary(
                    q,
                    "date qualifier",
                    &DateQualifier::NAMES,
                    qualifier_from_name,
                )
                .map(Some),
            None => Some(None),
        };
        let status = match &raw.status {
            Some(s) => self.vocabulary(s, "status", EventStatus::NAMES, EventStatus::from_name),
            None => Some(EventStatus::Occurred),
        };
        let areas = raw
            .areas
            .iter()
            .map(|a| self.reference(a, "area", |ids| &ids.areas))
            .collect();
        let partners = raw
            .partners
            .iter()
            .map(|p| self.reference(p, "partner", |ids| &ids.partners))
            .collect();
        let conflicts_with = self.conflict_links(
            "event",
            &raw.id,
            &raw.conflicts_with,
            |ids| &ids.conflicts,
            |ids| &ids.events,
        );
        let formerly = self.former_ids(raw);
        let sources = self.citations(&raw.sources, &raw.id);
        let translations = self.translations(&raw.translations, translatable::EVENT);
        if raw.areas.is_empty() {
            self.report(
                &raw.id,
                format!("event `{}` names no area", raw.id.get_ref()),
                Some("add `areas = [\"military\"]` or another area id".into()),
            );
        }
        let (date, end) = self.range(&raw.date, raw.end.as_ref())?;
        let qualifier = qualifier?;
        let date_inferred = self.inferred_date(raw, date, qualifier.is_some());
        Some(Event {
            id: raw.id.get_ref().clone(),
            date,
            end,
            date_qualifier: qualifier,
            date_inferred,
            title,
            summary,
            kind: kind?,
            areas,
            partners,
            location: raw.location.clone().filter(|l| !l.trim().is_empty()),
            status: status?,
            conflicts_with,
            formerly,
            sources,
            marking: self.marking(raw.marking.as_ref()),
            translations,
        })
    }

    /// An event's `formerly`: ids it no longer has, so none may be an event's id now.
    fn former_ids(&mut self, raw: &RawEvent) -> Vec<String> {
        let mut formerly = Vec::new();
        for old in &raw.formerly {
            let id = old.get_ref();
            if self.ids.events.contains(id) {
                self.report(
                    old,
                    format!(
                        "event `{}` was formerly `{id}`, but an event still has the id `{id}`",
                        raw.id.get_ref()
                    ),
                    Some("`formerly` lists ids no event has any more; drop it or rename the other event".into()),
                );
            } else {
                formerly.push(id.clone());
            }
        }
        formerly
    }
}

/// Whether `code` has the shape of an ISO 639 language code: two or three lowercase letters.
fn is_language_code(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase())
}

fn qualifier_from_name(name: &str) -> Option<DateQualifier> {
    serde::Deserialize::deserialize(
        serde::de::value::StrDeserializer::<serde::de::value::Error>::new(name),
    )
    .ok()
}
