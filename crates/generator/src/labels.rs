//! The fixed words of a report (headings, table captions, "Page 1 of 7", month names, date
//! qualifiers, event kinds, counts) in the briefing's language. Label sets are TOML files under
//! `labels/` in the templates folder, overridable like templates; a key missing from a language
//! falls back to English. How dates, numbers, counts and capitals are made from them is in
//! `words.rs`.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;

use crate::template_files::TemplateSource;
use attache_core::{Dataset, Diagnostic, Diagnostics, Translations};

/// A label set: key to text, in one language, for one dataset. Templates see every key, with
/// `{subject}` and `{subject_genitive}` already filled in.
#[derive(Debug)]
pub(crate) struct Labels {
    words: BTreeMap<String, String>,
    /// The language of the words (`az`).
    language: String,
    /// The language of the dataset's own text, which untranslated records print in.
    data_language: String,
    /// The dataset's subject state in this language: `{subject}` and `{subject_genitive}`.
    subject: (String, String),
    /// How many texts were translated, and how many fell back to the data's language.
    tally: [AtomicUsize; 2],
    /// The scale whose portion marks start each record's paragraph; `None` when portion
    /// marking is off. Marks are the scale's own, untranslated, like TLP labels.
    portion_scale: Option<attache_core::MarkingScale>,
    /// Whether a date in words is printed as one unbreakable run (see [`Labels::for_print`]).
    pub(crate) whole_dates: bool,
}

impl Serialize for Labels {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.words.keys().map(|key| (key, self.fill(key, &[]))))
    }
}

/// A data value in the report's language, or in the dataset's when it has no translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Localized {
    pub(crate) text: String,
    /// Whether the text is in the dataset's language because no translation exists.
    pub(crate) fallback: bool,
}

impl Labels {
    /// English overlaid with `language`.
    pub(crate) fn load(source: &TemplateSource, language: &str) -> Result<Self, Diagnostics> {
        let mut words = Self::read(source, "en")?;
        if language != "en" {
            words.extend(Self::read(source, language)?);
        }
        let subject = (
            words.get("unnamed_subject").cloned().unwrap_or_default(),
            words
                .get("unnamed_subject_genitive")
                .cloned()
                .unwrap_or_default(),
        );
        Ok(Self {
            words,
            language: language.to_owned(),
            data_language: language.to_owned(),
            subject,
            tally: Default::default(),
            portion_scale: None,
            whole_dates: false,
        })
    }

    /// The words as a printed report uses them: a date in words is joined by no-break spaces
    /// ("10 December 1919"), so that it never breaks, and the template's escaping sets it
    /// without hyphenation; a date's hyphen is a no-break hyphen ("1994-cü"), so that a longer
    /// form ("1994-cü ilin avqust ayından") wraps only between its words. Qualifiers around it
    /// ("first half of") still wrap. Words for the terminal and for exports keep plain spaces.
    pub(crate) fn for_print(mut self) -> Self {
        self.whole_dates = true;
        self
    }

    /// The words for reports on `dataset`: its language is the one untranslated text is in,
    /// and its subject state fills `{subject}`.
    /// Prints portion marks of `scale` before each record's text.
    pub(crate) fn with_portion_marks(mut self, scale: Option<attache_core::MarkingScale>) -> Self {
        self.portion_scale = scale;
        self
    }

    /// A record's portion mark ("AMBER", "C"), or "" when portion marking is off. A record
    /// without a marking (a dataset not released) is at the scale's lowest level.
    pub(crate) fn portion_mark(&self, marking: Option<&attache_core::Marking>) -> String {
        let Some(scale) = &self.portion_scale else {
            return String::new();
        };
        let rank = marking.and_then(|m| scale.rank(&m.level)).unwrap_or(0);
        scale.level(rank).portion.clone()
    }

    pub(crate) fn for_dataset(mut self, dataset: &Dataset) -> Self {
        let info = dataset.info();
        self.data_language = info.language.clone();
        if let Some(subject) = &info.subject {
            // Not counted as the report's own text: the note on untranslated text is about
            // records, and `attache check --lang` lists the subject's forms.
            let form = |field, own: &str| {
                let translated = subject.translations.get(&self.language, field);
                translated.unwrap_or(own).to_owned()
            };
            self.subject = (
                form("name", &subject.name),
                form("genitive", &subject.genitive),
            );
        }
        self
    }

    fn read(
        source: &TemplateSource,
        language: &str,
    ) -> Result<BTreeMap<String, String>, Diagnostics> {
        let name = format!("labels/{language}.toml");
        let Some((text, _)) = source
            .load(&name)
            .map_err(|e| Diagnostic::error(e.to_string()))?
        else {
            return Err(Diagnostic::error(format!("no label set {name}"))
                .with_hint("write one in the templates folder, or choose another language")
                .into());
        };
        toml::from_str(&text).map_err(|e| {
            Diagnostic::at(&name, &text, e.span().unwrap_or(0..0), e.message().trim()).into()
        })
    }

    /// The language code of the words.
    pub(crate) fn language(&self) -> &str {
        &self.language
    }

    /// The language code of the dataset's own text.
    pub(crate) fn data_language(&self) -> &str {
        &self.data_language
    }

    /// The dataset's subject state's name in this language.
    pub(crate) fn subject_name(&self) -> &str {
        &self.subject.0
    }

    /// The label for `key`, or the key itself when no set has it.
    pub(crate) fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.words.get(key).map_or(key, String::as_str)
    }

    /// The label for `key`, when a set has it.
    pub(crate) fn find(&self, key: &str) -> Option<&str> {
        self.words.get(key).map(String::as_str)
    }

    /// The label for `key` with `{name}`-style placeholders filled in; `{subject}` and
    /// `{subject_genitive}` name the dataset's subject state.
    pub(crate) fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        fill(self.get(key), values)
            .replace("{subject_genitive}", &self.subject.1)
            .replace("{subject}", &self.subject.0)
    }

    /// A record's field in the report's language: its translation, or the record's own text
    /// (`own`) when there is none. Counts both, for the note on untranslated text.
    pub(crate) fn pick(&self, translations: &Translations, field: &str, own: &str) -> Localized {
        let translated = translations.get(&self.language, field);
        if self.language == self.data_language || !attache_core::needs_translation(own) {
            return Localized {
                text: translated.unwrap_or(own).to_owned(),
                fallback: false,
            };
        }
        self.tally[usize::from(translated.is_none())].fetch_add(1, Ordering::Relaxed);
        Localized {
            text: translated.unwrap_or(own).to_owned(),
            fallback: translated.is_none(),
        }
    }

    /// How many texts were picked translated, and how many fell back, so far.
    pub(crate) fn tally(&self) -> (usize, usize) {
        (
            self.tally[0].load(Ordering::Relaxed),
            self.tally[1].load(Ordering::Relaxed),
        )
    }
}

/// `text` with each `{name}` replaced by its value.
pub(crate) fn fill(text: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(text.to_owned(), |text, (name, value)| {
        text.replace(&format!("{{{name}}}"), value)
    })
}

#[cfg(test)]
impl Default for Labels {
    fn default() -> Self {
        Self::load(&TemplateSource::new(None), "en").expect("built-in labels")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(language: &str) -> Vec<String> {
        let source = TemplateSource::new(None);
        Labels::read(&source, language)
            .expect("label set")
            .into_keys()
            .collect()
    }

    #[test]
    fn the_template_guide_lists_every_key() {
        let guide = include_str!("../../../docs/templates.md");
        let missing: Vec<String> = keys("en")
            .into_iter()
            .filter(|key| !guide.contains(&format!("| `{key}` |")))
            .collect();
        assert!(missing.is_empty(), "docs/templates.md lacks {missing:?}");
    }

    #[test]
    fn every_language_has_every_key() {
        let english = keys("en");
        for language in crate::LANGUAGES {
            assert_eq!(keys(language), english, "labels/{language}.toml");
        }
    }
}
