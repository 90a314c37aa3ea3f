//! The validated domain model. Every record here has passed validation: its references
//! resolve, its dates are real and its sources exist.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use chrono::NaiveDate;

use crate::date::{DateQualifier, DateSpan, PartialDate};
use crate::grade::Reliability;
use crate::marking::Marking;

/// Declares a closed vocabulary: an enum, its names as written in data files, and lookup.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum $name { $($(#[$vmeta])* $variant,)+ }

        impl $name {
            /// Every value's name as written in data files.
            pub const NAMES: &'static [&'static str] = &[$($text,)+];

            /// Looks a value up by its data-file name.
            pub fn from_name(name: &str) -> Option<Self> {
                match name { $($text => Some(Self::$variant),)+ _ => None }
            }

            /// The data-file name.
            pub fn name(self) -> &'static str {
                match self { $(Self::$variant => $text,)+ }
            }
        }
    };
}

vocabulary! {
    /// What a partner is.
    PartnerKind {
        /// A sovereign state.
        State = "state",
        /// An international organisation.
        Organization = "organization",
        /// A company.
        Company = "company",
    }
}

vocabulary! {
    /// What kind of fact an event records.
    EventKind {
        /// A treaty, agreement, memorandum or protocol.
        Agreement = "agreement",
        /// A joint declaration or statement.
        Declaration = "declaration",
        /// A military exercise.
        Exercise = "exercise",
        /// An official visit.
        Visit = "visit",
        /// A meeting, talks or consultations.
        Meeting = "meeting",
        /// Training or education of personnel.
        Training = "training",
        /// Purchase or delivery of equipment.
        Procurement = "procurement",
        /// Joint or domestic production.
        Production = "production",
        /// A deployment of forces, such as peacekeeping.
        Deployment = "deployment",
        /// Founding of a body, unit or institution.
        Establishment = "establishment",
        /// Joining an organisation or programme.
        Accession = "accession",
        /// Armed conflict: wars, battles, operations.
        Conflict = "conflict",
        /// A ceasefire or armistice.
        Ceasefire = "ceasefire",
        /// A military parade.
        Parade = "parade",
        /// An appointment to office.
        Appointment = "appointment",
        /// A law, decree or order.
        Law = "law",
        /// Anything else.
        Other = "other",
    }
}

vocabulary! {
    /// Whether an event took place or was only intended.
    EventStatus {
        /// It happened (the default).
        Occurred = "occurred",
        /// The source states it as planned.
        Planned = "planned",
        /// The source states it as under discussion.
        UnderDiscussion = "under-discussion",
    }
}

impl EventKind {
    /// Whether the kind forms part of a legal basis (treaties, declarations, accessions).
    pub fn is_instrument(self) -> bool {
        matches!(self, Self::Agreement | Self::Declaration | Self::Accession)
    }
}

/// A reference from a record to the passage of a source that supports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    /// The source's id.
    pub id: String,
    /// Where in the source: chapter, section, paragraph.
    pub locator: String,
    /// How credible the passage is (1 confirmed to 6 cannot be judged); `None` when ungraded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credibility: Option<u8>,
}

/// A document the dataset is built from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// Slug.
    pub id: String,
    /// Title.
    pub title: String,
    /// Author, empty when the document names none.
    pub author: String,
    /// Publisher, empty when the document names none.
    pub publisher: String,
    /// Publication date, when stated.
    pub date: Option<PartialDate>,
    /// Where it can be found.
    pub url: Option<String>,
    /// article, web-page, dissertation, ...
    pub kind: String,
    /// How reliable the source is (A to F); `None` when ungraded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reliability: Option<Reliability>,
    /// Why it has that grade, in one line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reliability_reason: Option<String>,
    /// Its text fields in other languages.
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub translations: Translations,
}

/// A named span of time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// Slug.
    pub id: String,
    /// Display name.
    pub name: String,
    /// First day (at the precision known).
    pub start: PartialDate,
    /// Last day; `None` while the period goes on.
    pub end: Option<PartialDate>,
    /// What characterised it.
    pub summary: String,
    /// Where the periodisation comes from.
    pub sources: Vec<Citation>,
    /// Its marking level; `None` for the dataset default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marking: Option<Marking>,
    /// Its text fields in other languages.
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub translations: Translations,
}

impl Period {
    /// The days the period covers, for [`DateSpan::overlaps`]: what falls in it is decided
    /// there, and nowhere else.
    pub fn span(&self) -> DateSpan {
        DateSpan::new(Some(self.start), self.end)
    }
}

/// A cooperation area (type), such as military-technical or peacekeeping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Area {
    /// Slug.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What it covers.
    pub summary: String,
    /// Its marking level; `None` for the dataset default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marking: Option<Marking>,
    /// Its text fields in other languages.
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub translations: Translations,
}

/// A quantified fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    /// Slug, unique across the dataset's figures.
    pub id: String,
    /// The number as the source states it ("34", "250-300").
    pub value: String,
    /// What it counts.
    pub what: String,
    /// When it held.
    pub as_of: PartialDate,
    /// Partners it concerns.
    pub partners: Vec<String>,
    /// Figures giving the same quantity differently in another source or passage.
    pub conflicts_with: Vec<String>,
    /// Where it is stated.
    pub sources: Vec<Citation>,
    /// Its marking level; `None` for the dataset default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marking: Option<Marking>,
    /// Its text fields in other languages.
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub translations: Translations,
}

/// A state, organisation or company the subject state cooperates with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partner {
    /// Slug, also the file name.
    pub id: String,
    /// Display name.
    pub name: String,
    /// State, organisation or company.
    pub kind: PartnerKind,
    /// ISO 3166-1 alpha-3, for states.
    pub iso3: Option<String>,
    /// The name in the partner's own language.
    pub native_name: Option<String>,
    /// Every other spelling in use.
    pub aliases: Vec<String>,
    /// For a former state: the id of the state the sources treat as its continuation.
    pub predecessor_of: Option<String>,
    /// Relationship level as the sources characterise it.
    pub relationship: String,
    /// Profile.
    pub summary: String,
    /// Where the profile comes from.
    pub sources: Vec<Citation>,
    /// Quantified facts about the relationship.
    pub figures: Vec<Figure>,
    /// Its marking level; `None` for the dataset default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marking: Option<Marking>,
    /// Its text fields in other languages.
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub translations: Translations,
}

/// A dated fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Slug, unique across the dataset.
    pub id: String,
    /// When it happened, at the source's precision.
    pub date: PartialDate,
    /// When it ended, for spans.
    pub end: Option<PartialDate>,
    /// How the source qualifies a vague date.
    pub date_qualifier: Option<DateQualifier>,
    /// Whether the date is worked out rather than stated by a cited passage.
    pub date_inferred: bool,
    /// Short title.
    pub title: String,
    /// One to three sentences.
    pub summary: String,
    /// What kind of fact.
    pub kind: EventKind,
    /// Cooperation areas.
    pub areas: Vec<String>,
    /// Partner ids; empty for domestic milestones.
    pub partners: Vec<String>,
    /// Where it took place.
    pub location: Option<String>,
    /// Whether it happened or was planned.
    pub status: EventStatus,
    /// Events recording the same fact differently in another source.
    pub conflicts_with: Vec<String>,
    /// The ids it had before it was renamed: a diff sees it changed, not removed and added.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub formerly: Vec<String>,
    /// Supporting passages.
    pub sources: Vec<Citation>,
    /// Its marking level; `None` for the dataset default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marking: Option<Marking>,
    /// Its text fields in other languages.
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub translations: Translations,
}

impl Event {
    /// The first day the event may have taken place on: the first day of its `date`.
    pub fn first_day(&self) -> NaiveDate {
        self.date.first_day()
    }

    /// The last day the event may have lasted to: the last day of its `end`, or of its `date`
    /// when it has no end.
    pub fn last_day(&self) -> NaiveDate {
        self.end.unwrap_or(self.date).last_day()
    }
}

/// The text fields of a record in other languages: language code to field name to text. The
/// record's own fields are in the dataset's language ([`DatasetInfo::language`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Translations(pub BTreeMap<String, BTreeMap<String, String>>);

impl Translations {
    /// The field's text in `language`, when it has been translated.
    pub fn get(&self, language: &str, field: &str) -> Option<&str> {
        self.0.get(language)?.get(field).map(String::as_str)
    }

    /// Whether the record has no translation at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The fields of each kind of record that may be translated, as written in data files.
pub mod translatable {
    /// A source's fields: its title, printed after the original one.
    pub const SOURCE: &[&str] = &["title"];
    /// A period's fields.
    pub const PERIOD: &[&str] = &["name", "summary"];
    /// An area's fields.
    pub const AREA: &[&str] = &["name", "summary"];
    /// A figure's fields.
    pub const FIGURE: &[&str] = &["value", "what"];
    /// A partner's fields.
    pub const PARTNER: &[&str] = &["name", "summary"];
    /// An event's fields.
    pub const EVENT: &[&str] = &["title", "summary", "location"];
    /// The dataset's own fields (`dataset.toml`).
    pub const DATASET: &[&str] = &["title"];
    /// The subject's fields (`[subject]` in `dataset.toml`).
    pub const SUBJECT: &[&str] = &["name", "genitive"];
}

/// What a dataset is about, from `dataset.toml`: its title, the language its records are
/// written in, and the state they concern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatasetInfo {
    /// The dataset's title.
    pub title: String,
    /// The language code of the records' text (`en`), and of reports unless the briefing
    /// settings choose another.
    pub language: String,
    /// The state the dataset is about; `None` when the dataset has no `dataset.toml`.
    pub subject: Option<SubjectState>,
    /// The marking of every record that carries none (`marking` in dataset.toml); `None`
    /// for the lowest level of the scale in use.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marking: Option<Marking>,
    /// The title in other languages.
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub translations: Translations,
}

impl Default for DatasetInfo {
    /// A dataset without `dataset.toml`: untitled, in English, about an unnamed state.
    fn default() -> Self {
        Self {
            title: String::new(),
            language: "en".to_owned(),
            subject: None,
            marking: None,
            translations: Translations::default(),
        }
    }
}

/// The state a dataset is about, in the forms report wording needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectState {
    /// Its short name ("Ruritania").
    pub name: String,
    /// The form that says "of the state" before a noun ("Ruritania's").
    pub genitive: String,
    /// ISO 3166-1 alpha-3 code.
    pub iso3: Option<String>,
    /// Its name and genitive in other languages.
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub translations: Translations,
}
