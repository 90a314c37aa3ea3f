//! Full-text search over events, partners, figures and sources: `attache search WORDS`.
//!
//! Words are cut with Unicode word boundaries (`unicode-segmentation`), folded to lowercase
//! without diacritics (the same [`fold`] that matches partner names, so `Türkiye`, `TURKIYE`
//! and `turkiye` meet) and, in an English dataset, reduced to their Snowball stem
//! (`rust-stemmers`: `drones` and `drone`, `exercises` and `exercise` meet). A record matches
//! when every word of the query is in it; matches are ranked by BM25-style scores, a title,
//! name or id counting more than a summary.
//!
//! A search engine such as tantivy would bring an index, a query language and its own
//! tokenisers, at the cost of a long build and an index to keep beside the data; a dataset of
//! thousands of records is scanned in milliseconds, so a scan with two small, well-kept crates
//! does the same work for these sizes.

use std::collections::HashSet;
use std::ops::Range;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_segmentation::UnicodeSegmentation;

use super::RecordRef;
use crate::dataset::Dataset;
use crate::names::fold;

/// How much a word found in a field counts: names and titles most, then ids, then text.
const TITLE_WEIGHT: f64 = 3.0;
/// See [`TITLE_WEIGHT`].
const ID_WEIGHT: f64 = 2.0;
/// See [`TITLE_WEIGHT`].
const TEXT_WEIGHT: f64 = 1.0;
/// BM25's term-frequency saturation: the tenth mention of a word adds little.
const SATURATION: f64 = 1.2;

/// One record that matches a search, with where the words were found.
#[derive(Debug, Clone)]
pub struct SearchHit<'a> {
    /// The record.
    pub record: RecordRef<'a>,
    /// How well it matches; higher is better. Only the order means anything.
    pub score: f64,
    /// Each field the query's words were found in, in the record's field order.
    pub fields: Vec<FieldMatch<'a>>,
}

/// Where in one field of a record the query's words were found.
#[derive(Debug, Clone)]
pub struct FieldMatch<'a> {
    /// The field's name as in data files: `title`, `summary`, `name`, ...
    pub field: &'static str,
    /// The field's text.
    pub text: &'a str,
    /// The byte ranges of the matching words in `text`.
    pub ranges: Vec<Range<usize>>,
}

impl FieldMatch<'_> {
    /// The matching words as written in the text, each once, in order of appearance.
    pub fn words(&self) -> Vec<&str> {
        let mut seen = HashSet::new();
        self.ranges
            .iter()
            .map(|r| &self.text[r.clone()])
            .filter(|w| seen.insert(*w))
            .collect()
    }
}

/// For each field of a record, the query terms found in it: (term index, byte range).
type Found = Vec<Vec<(usize, Range<usize>)>>;

/// A record's searchable text: (field, weight, text).
type Fields<'a> = Vec<(&'static str, f64, &'a str)>;

/// Turns words into the terms they are matched by: folded and, for English, stemmed.
struct Terms(Option<Stemmer>);

impl Terms {
    fn for_language(language: &str) -> Self {
        Self((language == "en").then(|| Stemmer::create(Algorithm::English)))
    }

    fn term(&self, word: &str) -> String {
        let folded = fold(word);
        match &self.0 {
            Some(stemmer) => stemmer.stem(&folded).into_owned(),
            None => folded,
        }
    }

    /// Each word of `text` with its byte range and its term.
    fn words<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (Range<usize>, String)> + 't {
        text.unicode_word_indices()
            .map(move |(at, word)| (at..at + word.len(), self.term(word)))
    }
}

impl Dataset {
    /// The records whose text holds every word of `query`, best first (ties in the dataset's
    /// order: events, partners, figures, sources). An empty query finds nothing.
    pub fn search(&self, query: &str) -> Vec<SearchHit<'_>> {
        let terms = Terms::for_language(self.language());
        let wanted: Vec<String> = {
            let mut seen = HashSet::new();
            (terms.words(query).map(|(_, t)| t))
                .filter(|t| seen.insert(t.clone()))
                .collect()
        };
        if wanted.is_empty() {
            return Vec::new();
        }
        let records = self.searchable();
        let found: Vec<(RecordRef<'_>, Found)> = records
            .iter()
            .map(|(record, fields)| (*record, locate(&terms, &wanted, fields)))
            .collect();
        // How many records hold each term, for its weight: a rare word says more.
        let total = records.len() as f64;
        let holding: Vec<f64> = (0..wanted.len())
            .map(|t| {
                let n = found
                    .iter()
                    .filter(|(_, per_field)| {
                        per_field
                            .iter()
                            .any(|hits| hits.iter().any(|(i, _)| *i == t))
                    })
                    .count() as f64;
                (1.0 + (total - n + 0.5) / (n + 0.5)).ln()
            })
            .collect();
        let mut hits: Vec<SearchHit<'_>> = found
            .into_iter()
            .zip(&records)
            .filter_map(|((record, per_field), (_, fields))| {
                hit(record, fields, per_field, &holding)
            })
            .collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score));
        hits
    }

    /// Every searchable record with its fields.
    fn searchable(&self) -> Vec<(RecordRef<'_>, Fields<'_>)> {
        let events = self.events().iter().map(|e| {
            let mut fields = vec![
                ("id", ID_WEIGHT, e.id.as_str()),
                ("title", TITLE_WEIGHT, &e.title),
                ("summary", TEXT_WEIGHT, &e.summary),
            ];
            fields.extend(e.location.as_deref().map(|l| ("location", TEXT_WEIGHT, l)));
            (RecordRef::Event(e), fields)
        });
        let partners = self.partners().iter().map(|p| {
            let mut fields = vec![
                ("id", ID_WEIGHT, p.id.as_str()),
                ("name", TITLE_WEIGHT, &p.name),
            ];
            fields.extend(
                p.native_name
                    .as_deref()
                    .map(|n| ("native_name", TITLE_WEIGHT, n)),
            );
            fields.extend(
                p.aliases
                    .iter()
                    .map(|a| ("aliases", TITLE_WEIGHT, a.as_str())),
            );
            fields.extend(p.iso3.as_deref().map(|c| ("iso3", ID_WEIGHT, c)));
            fields.push(("summary", TEXT_WEIGHT, &p.summary));
            (RecordRef::Partner(p), fields)
        });
        let figures = self.figures().map(|f| {
            let fields = vec![
                ("what", TITLE_WEIGHT, f.what.as_str()),
                ("value", TEXT_WEIGHT, &f.value),
            ];
            (RecordRef::Figure(f), fields)
        });
        let sources = self.sources().iter().map(|s| {
            let fields = vec![
                ("id", ID_WEIGHT, s.id.as_str()),
                ("title", TITLE_WEIGHT, &s.title),
                ("author", TEXT_WEIGHT, &s.author),
                ("publisher", TEXT_WEIGHT, &s.publisher),
            ];
            (RecordRef::Source(s), fields)
        });
        events
            .chain(partners)
            .chain(figures)
            .chain(sources)
            .collect()
    }
}

/// For each field, the query terms found in it: (term index, byte range of the word).
fn locate(terms: &Terms, wanted: &[String], fields: &Fields<'_>) -> Found {
    fields
        .iter()
        .map(|(_, _, text)| {
            terms
                .words(text)
                .filter_map(|(range, term)| Some((wanted.iter().position(|w| *w == term)?, range)))
                .collect()
        })
        .collect()
}

/// The hit a record makes, if it holds every term: its score and where the words are.
fn hit<'a>(
    record: RecordRef<'a>,
    fields: &Fields<'a>,
    per_field: Found,
    weights: &[f64],
) -> Option<SearchHit<'a>> {
    let holds = |t: usize| {
        per_field
            .iter()
            .any(|hits| hits.iter().any(|(i, _)| *i == t))
    };
    if !(0..weights.len()).all(holds) {
        return None;
    }
    let mut score = 0.0;
    let mut matches = Vec::new();
    for ((field, weight, text), hits) in fields.iter().zip(per_field) {
        if hits.is_empty() {
            continue;
        }
        for (t, term_weight) in weights.iter().enumerate() {
            let count = hits.iter().filter(|(i, _)| *i == t).count() as f64;
            score += weight * term_weight * count / (count + SATURATION);
        }
        matches.push(FieldMatch {
            field,
            text,
            ranges: hits.into_iter().map(|(_, range)| range).collect(),
        });
    }
    Some(SearchHit {
        record,
        score,
        fields: matches,
    })
}
