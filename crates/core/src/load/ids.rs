//! The ids a dataset's references are checked against: each id well formed and unique in its
//! kind, every partner name, ISO code and alias leading to one partner only, each event's and
//! figure's `conflicts_with` noted so that disputed records can be checked to name each other,
//! and each partner's kind and `predecessor_of` noted for the rules on predecessor states.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::loader::Loader;
use super::parse::{Located, RawDataset};
use crate::diagnostic::Diagnostic;
use crate::files::DataFile;
use crate::names::{fold, is_slug, slugify};
use crate::raw::{RawPartner, Text};

/// The ids every reference is checked against.
pub(super) struct Ids {
    pub(super) sources: Vec<String>,
    pub(super) areas: Vec<String>,
    pub(super) partners: Vec<String>,
    pub(super) events: Vec<String>,
    pub(super) figures: Vec<String>,
    /// Each event's `conflicts_with`, to check that disputed records name each other.
    pub(super) conflicts: HashMap<String, Vec<String>>,
    /// Each figure's `conflicts_with`, for the same check.
    pub(super) figure_conflicts: HashMap<String, Vec<String>>,
    /// Each partner's kind, as written.
    pub(super) partner_kinds: HashMap<String, String>,
    /// Each former state's `predecessor_of`: the state that continues it.
    pub(super) successors: HashMap<String, String>,
    /// The language of the records' own text, which translations must not repeat.
    pub(super) language: String,
    /// Kinds of record (`source`, `event`, ...) some of whose files could not be read: an id
    /// of that kind not found here may well exist, so it is not reported.
    pub(super) incomplete: Vec<&'static str>,
}

impl Loader {
    /// Collects the ids of every kind, reporting malformed and duplicate ones and names that
    /// lead to two partners.
    pub(super) fn ids(&mut self, raw: &RawDataset<'_>) -> Ids {
        let mut ids = Ids {
            sources: self.unique_ids("source", raw.sources.iter().map(|l| (l.file, &l.record.id))),
            areas: self.unique_ids("area", raw.areas.iter().map(|l| (l.file, &l.record.id))),
            partners: self.unique_ids(
                "partner",
                raw.partners.iter().map(|l| (l.file, &l.record.id)),
            ),
            events: self.unique_ids("event", raw.events.iter().map(|l| (l.file, &l.record.id))),
            figures: self.unique_ids("figure", figure_ids(raw)),
            conflicts: HashMap::new(),
            figure_conflicts: HashMap::new(),
            partner_kinds: HashMap::new(),
            successors: HashMap::new(),
            language: raw
                .dataset
                .as_ref()
                .map_or_else(|| "en".to_owned(), |l| l.record.language.get_ref().clone()),
            incomplete: raw.incomplete.clone(),
        };
        // A partner whose file is broken is reported there, not at every event naming it.
        ids.partners.extend(raw.broken_partners.iter().cloned());
        for l in &raw.events {
            let names = l.record.conflicts_with.iter().map(|c| c.get_ref().clone());
            ids.conflicts
                .entry(l.record.id.get_ref().clone())
                .or_insert_with(|| names.collect());
        }
        let figures = raw.figures.iter().map(|l| &l.record);
        for f in figures.chain(raw.partners.iter().flat_map(|l| &l.record.figures)) {
            let names = f.conflicts_with.iter().map(|c| c.get_ref().clone());
            ids.figure_conflicts
                .entry(f.id.get_ref().clone())
                .or_insert_with(|| names.collect());
        }
        for l in &raw.partners {
            let (id, p) = (l.record.id.get_ref(), &l.record);
            ids.partner_kinds
                .entry(id.clone())
                .or_insert_with(|| p.kind.get_ref().clone());
            if let Some(next) = &p.predecessor_of {
                ids.successors
                    .entry(id.clone())
                    .or_insert_with(|| next.get_ref().clone());
            }
        }
        self.unique_ids("period", raw.periods.iter().map(|l| (l.file, &l.record.id)));
        self.check_aliases(&raw.partners);
        ids
    }

    /// Collects the ids of one kind, reporting malformed and duplicate ones.
    fn unique_ids<'a>(
        &mut self,
        what: &str,
        ids: impl Iterator<Item = (&'a DataFile, &'a Text)>,
    ) -> Vec<String> {
        // Where each id was first seen; located only when a duplicate needs it, since locating
        // scans the file and doing it for every id would be quadratic in the file's length.
        let mut seen: HashMap<&str, (&DataFile, Range<usize>)> = HashMap::new();
        let mut out = Vec::new();
        for (file, id) in ids {
            if !is_slug(id.get_ref()) {
                let hint = Some(format!(
                    "use lowercase letters, digits and single hyphens, e.g. `{}`",
                    slugify(id.get_ref())
                ));
                self.hint(
                    file,
                    id.span(),
                    format!("`{}` is not a valid {what} id", id.get_ref()),
                    hint,
                );
            }
            match seen.get(id.get_ref().as_str()) {
                Some((first_file, first_span)) => {
                    let first =
                        Diagnostic::at(&first_file.path, &first_file.text, first_span.clone(), "")
                            .location();
                    let hint = Some(format!("the first is at {first}; give this one another id"));
                    self.hint(
                        file,
                        id.span(),
                        format!("duplicate {what} id `{}`", id.get_ref()),
                        hint,
                    );
                }
                None => {
                    seen.insert(id.get_ref(), (file, id.span()));
                    out.push(id.get_ref().clone());
                }
            }
        }
        out
    }

    /// Every name, id, ISO code, alias and translated name must lead to one partner only. Ids
    /// are claimed first, then names and ISO codes, then aliases and translated names, so a clash is reported at the weaker claim (an
    /// alias repeating another partner's name is the alias's fault, whichever file comes first).
    fn check_aliases(&mut self, partners: &[Located<'_, RawPartner>]) {
        let mut claims: Vec<(u8, usize, &'static str, &Text)> = Vec::new();
        for (i, l) in partners.iter().enumerate() {
            let p = &l.record;
            claims.push((0, i, "id", &p.id));
            claims.push((1, i, "name", &p.name));
            claims.extend(p.iso3.iter().map(|code| (1, i, "ISO code", code)));
            claims.extend(p.aliases.iter().map(|alias| (2, i, "alias", alias)));
            let translated = p.translations.0.values().flat_map(|fields| fields.iter());
            claims.extend(
                translated
                    .filter(|(field, _)| field.get_ref() == "name")
                    .map(|(_, name)| (2, i, "translated name", name)),
            );
        }
        claims.sort_by_key(|&(rank, i, _, _)| (rank, i));
        let mut owner: HashMap<String, &str> = HashMap::new();
        let mut own: HashSet<(usize, String)> = HashSet::new();
        for (_, i, what, name) in claims {
            let l = &partners[i];
            let key = fold(name.get_ref());
            if !own.insert((i, key.clone())) {
                continue;
            }
            match owner.get(&key) {
                Some(other) if *other != l.record.id.get_ref() => {
                    let hint = Some(format!(
                        "`{}` already names partner `{other}`; every id, name, ISO code and alias must lead to one partner",
                        name.get_ref()
                    ));
                    self.hint(
                        l.file,
                        name.span(),
                        format!("{what} `{}` is used by two partners", name.get_ref()),
                        hint,
                    );
                }
                _ => {
                    owner.insert(key, l.record.id.get_ref());
                }
            }
        }
    }
}

/// Every figure's id with its file: the dataset-wide ones, then each partner's.
fn figure_ids<'a>(raw: &'a RawDataset<'_>) -> impl Iterator<Item = (&'a DataFile, &'a Text)> {
    let wide = raw.figures.iter().map(|l| (l.file, &l.record.id));
    let own =
        (raw.partners.iter()).flat_map(|l| l.record.figures.iter().map(move |f| (l.file, &f.id)));
    wide.chain(own)
}
