//! Serde mirrors of the data files, as written: strings not yet checked, with the spans that
//! validation needs to point at the offending text; and the shapes of their string fields
//! (slug, date, vocabulary) as the JSON Schema in [`crate::schema`] states them.

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use toml::Spanned;

use crate::date::DateQualifier;
use crate::model::{EventKind, EventStatus, PartnerKind, translatable};

/// The pattern every id and reference matches: lowercase letters, digits, single hyphens.
pub const SLUG_PATTERN: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";
/// The shape of a partial date: a year, a month or a day.
pub const DATE_PATTERN: &str = r"^\d{4}(-\d{2}(-\d{2})?)?$";

/// The shape of a language code: ISO 639-1 (`az`) or 639-2/3 (`kaz`).
pub const LANGUAGE_PATTERN: &str = "^[a-z]{2,3}$";

/// A located string.
pub(crate) type Text = Spanned<String>;

/// A record's `[<record>.translations.<language>]` tables: language code to field to text,
/// located, so that a misspelt field or language code is reported where it is written.
#[derive(Debug, Default, Deserialize)]
#[serde(transparent)]
pub(crate) struct RawTranslations(pub(crate) BTreeMap<Text, BTreeMap<Text, Text>>);

/// The schema of a `translations` table whose languages may translate `fields`.
fn translations_schema(fields: &[&str]) -> Schema {
    let properties: serde_json::Map<String, serde_json::Value> = fields
        .iter()
        .map(|f| {
            (
                (*f).to_owned(),
                json_schema!({ "type": "string", "minLength": 1 }).into(),
            )
        })
        .collect();
    json_schema!({
        "description": "The record's text in other languages: a table per language code, each holding the translated fields.",
        "type": "object",
        "propertyNames": { "pattern": LANGUAGE_PATTERN },
        "additionalProperties": {
            "type": "object",
            "properties": properties,
            "additionalProperties": false,
        },
    })
}

/// A reference to the passage of a source that supports a record.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCitation {
    /// The id of a `[[source]]` in sources.toml.
    #[schemars(with = "Slug")]
    pub(crate) id: Text,
    /// Where in the source: chapter, section, paragraph, heading or sentence opening.
    #[schemars(with = "NonEmpty")]
    pub(crate) locator: Option<Text>,
    /// How credible the passage is: 1 confirmed, 2 probably true, 3 possibly true, 4
    /// doubtful, 5 improbable, 6 truth cannot be judged (also when omitted).
    #[schemars(with = "Credibility")]
    #[serde(default)]
    pub(crate) credibility: Option<Spanned<i64>>,
}

/// A document the dataset is built from.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSource {
    /// Lowercase slug: a-z, 0-9 and single hyphens.
    #[schemars(with = "Slug")]
    pub(crate) id: Text,
    /// The document's title.
    #[schemars(with = "NonEmpty")]
    pub(crate) title: Text,
    /// Author; "" where the document names none.
    #[serde(default)]
    pub(crate) author: String,
    /// Publisher; "" where the document names none.
    #[serde(default)]
    pub(crate) publisher: String,
    /// Publication date (YYYY, YYYY-MM or YYYY-MM-DD), or "" where undated.
    #[schemars(with = "DateOrEmpty")]
    #[serde(default)]
    pub(crate) date: Option<Text>,
    /// Where the document can be found.
    #[serde(default)]
    #[schemars(with = "String")]
    pub(crate) url: Option<String>,
    /// What the document is: article, web-page, dissertation, encyclopedia, ...
    #[schemars(with = "NonEmpty")]
    pub(crate) kind: Text,
    /// How reliable the source is: A completely reliable, B usually reliable, C fairly
    /// reliable, D not usually reliable, E unreliable, F cannot be judged (also when omitted).
    #[schemars(with = "ReliabilityName")]
    #[serde(default)]
    pub(crate) reliability: Option<Text>,
    /// Why the source has that grade, in one line: what kind of document, who wrote it, how
    /// it cites.
    #[schemars(with = "NonEmpty")]
    #[serde(default)]
    pub(crate) reliability_reason: Option<Text>,
    /// The record's text fields in other languages, each under `[...translations.<language>]`.
    #[serde(default)]
    #[schemars(schema_with = "source_translations")]
    pub(crate) translations: RawTranslations,
}

/// A named span of time.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPeriod {
    /// Lowercase slug: a-z, 0-9 and single hyphens.
    #[schemars(with = "Slug")]
    pub(crate) id: Text,
    /// Display name.
    #[schemars(with = "NonEmpty")]
    pub(crate) name: Text,
    /// First day, at the precision the source gives: YYYY, YYYY-MM or YYYY-MM-DD.
    #[schemars(with = "Date")]
    pub(crate) start: Text,
    /// Last day; omit for an open-ended period.
    #[schemars(with = "Date")]
    #[serde(default)]
    pub(crate) end: Option<Text>,
    /// What characterised the period, in own words.
    #[schemars(with = "NonEmpty")]
    pub(crate) summary: Text,
    /// Where the periodisation comes from.
    #[serde(default)]
    pub(crate) sources: Vec<RawCitation>,
    /// Its marking level on the briefing's scale ("TLP:AMBER", "CONFIDENTIAL"); omit for the
    /// dataset default. A release ceiling below it withholds the record from every output.
    #[schemars(with = "NonEmpty")]
    #[serde(default)]
    pub(crate) marking: Option<Text>,
    /// The record's text fields in other languages, each under `[...translations.<language>]`.
    #[serde(default)]
    #[schemars(schema_with = "period_translations")]
    pub(crate) translations: RawTranslations,
}

/// A cooperation area (type), such as military-technical or peacekeeping.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawArea {
    /// Lowercase slug: a-z, 0-9 and single hyphens.
    #[schemars(with = "Slug")]
    pub(crate) id: Text,
    /// Display name.
    #[schemars(with = "NonEmpty")]
    pub(crate) name: Text,
    /// What the area covers.
    #[schemars(with = "NonEmpty")]
    pub(crate) summary: Text,
    /// Its marking level on the briefing's scale ("TLP:AMBER", "CONFIDENTIAL"); omit for the
    /// dataset default. A release ceiling below it withholds the record from every output.
    #[schemars(with = "NonEmpty")]
    #[serde(default)]
    pub(crate) marking: Option<Text>,
    /// The record's text fields in other languages, each under `[...translations.<language>]`.
    #[serde(default)]
    #[schemars(schema_with = "area_translations")]
    pub(crate) translations: RawTranslations,
}

/// A quantified fact.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFigure {
    /// Lowercase slug, unique across all figures (figures.toml and every partner's).
    #[schemars(with = "Slug")]
    pub(crate) id: Text,
    /// The number as the source states it: "34", "250-300", "over 1,000".
    #[schemars(with = "NonEmpty")]
    pub(crate) value: Text,
    /// What the number counts.
    #[schemars(with = "NonEmpty")]
    pub(crate) what: Text,
    /// When it held: YYYY, YYYY-MM or YYYY-MM-DD.
    #[schemars(with = "Date")]
    pub(crate) as_of: Text,
    /// Ids of the partners it concerns.
    #[schemars(with = "Vec<Slug>")]
    #[serde(default)]
    pub(crate) partners: Vec<Text>,
    /// Figures giving the same quantity differently, in another source or another passage;
    /// each names the other.
    #[schemars(with = "Vec<Slug>")]
    #[serde(default)]
    pub(crate) conflicts_with: Vec<Text>,
    /// Where it is stated; at least one.
    #[schemars(length(min = 1))]
    pub(crate) sources: Vec<RawCitation>,
    /// Its marking level on the briefing's scale ("TLP:AMBER", "CONFIDENTIAL"); omit for the
    /// dataset default. A release ceiling below it withholds the record from every output.
    #[schemars(with = "NonEmpty")]
    #[serde(default)]
    pub(crate) marking: Option<Text>,
    /// The record's text fields in other languages, each under `[...translations.<language>]`.
    #[serde(default)]
    #[schemars(schema_with = "figure_translations")]
    pub(crate) translations: RawTranslations,
}

/// A state, organisation or company; one per file, named partners/<id>.toml.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPartner {
    /// Lowercase slug, also the file name.
    #[schemars(with = "Slug")]
    pub(crate) id: Text,
    /// Display name.
    #[schemars(with = "NonEmpty")]
    pub(crate) name: Text,
    /// What the partner is.
    #[schemars(with = "PartnerKindName")]
    pub(crate) kind: Text,
    /// ISO 3166-1 alpha-3 code, for states.
    #[schemars(with = "Iso3")]
    #[serde(default)]
    pub(crate) iso3: Option<Text>,
    /// The name in the partner's own language.
    #[serde(default)]
    #[schemars(with = "String")]
    pub(crate) native_name: Option<String>,
    /// Every other spelling a user types or a source uses.
    #[schemars(with = "Vec<NonEmpty>")]
    #[serde(default)]
    pub(crate) aliases: Vec<Text>,
    /// For a state that no longer exists: the id of the state the sources treat as its
    /// continuation (the Ottoman Empire's is `turkey`). Briefs on that state show this one's
    /// events, labelled as a predecessor's.
    #[schemars(with = "Slug")]
    #[serde(default)]
    pub(crate) predecessor_of: Option<Text>,
    /// Relationship level as the sources characterise it: ally, strategic-partner, partner, adversary, ...
    #[schemars(with = "NonEmpty")]
    pub(crate) relationship: Text,
    /// Profile, in own words.
    #[schemars(with = "NonEmpty")]
    pub(crate) summary: Text,
    /// Where the profile comes from; at least one.
    #[schemars(length(min = 1))]
    #[serde(default)]
    pub(crate) sources: Vec<RawCitation>,
    /// Quantified facts about the relationship, each under `[[figure]]`.
    #[serde(default, rename = "figure")]
    pub(crate) figures: Vec<RawFigure>,
    /// Its marking level on the briefing's scale ("TLP:AMBER", "CONFIDENTIAL"); omit for the
    /// dataset default. A release ceiling below it withholds the record from every output.
    #[schemars(with = "NonEmpty")]
    #[serde(default)]
    pub(crate) marking: Option<Text>,
    /// The record's text fields in other languages, each under `[...translations.<language>]`.
    #[serde(default)]
    #[schemars(schema_with = "partner_translations")]
    pub(crate) translations: RawTranslations,
}

/// A dated fact.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEvent {
    /// Lowercase slug, unique across all event files.
    #[schemars(with = "Slug")]
    pub(crate) id: Text,
    /// When it happened, at the precision the source gives: YYYY, YYYY-MM or YYYY-MM-DD.
    #[schemars(with = "Date")]
    pub(crate) date: Text,
    /// When it ended, for spans.
    #[schemars(with = "Date")]
    #[serde(default)]
    pub(crate) end: Option<Text>,
    /// How the source qualifies a vague date.
    #[schemars(with = "QualifierName")]
    #[serde(default)]
    pub(crate) date_qualifier: Option<Text>,
    /// `true` when no cited passage states the date: it is worked out from a reference, a
    /// title, a web address or another record. The summary says how.
    #[schemars(with = "bool")]
    #[serde(default)]
    pub(crate) date_inferred: Option<Spanned<bool>>,
    /// Short title, in own words.
    #[schemars(with = "NonEmpty")]
    pub(crate) title: Text,
    /// One to three sentences, in own words.
    #[schemars(with = "NonEmpty")]
    pub(crate) summary: Text,
    /// What kind of fact the event records.
    #[schemars(with = "EventKindName")]
    pub(crate) kind: Text,
    /// Ids of the cooperation areas (areas.toml); at least one.
    #[schemars(with = "Vec<Slug>", length(min = 1))]
    #[serde(default)]
    pub(crate) areas: Vec<Text>,
    /// Ids of the partners; [] for domestic milestones.
    #[schemars(with = "Vec<Slug>")]
    #[serde(default)]
    pub(crate) partners: Vec<Text>,
    /// Where it took place.
    #[serde(default)]
    #[schemars(with = "String")]
    pub(crate) location: Option<String>,
    /// Omit when it happened.
    #[schemars(with = "StatusName")]
    #[serde(default)]
    pub(crate) status: Option<Text>,
    /// Events recording the same fact as another source states it; each names the other.
    #[schemars(with = "Vec<Slug>")]
    #[serde(default)]
    pub(crate) conflicts_with: Vec<Text>,
    /// Ids the event had before it was renamed, so that `attache diff` and `--since` see the
    /// same record changed rather than one removed and another added.
    #[schemars(with = "Vec<Slug>")]
    #[serde(default)]
    pub(crate) formerly: Vec<Text>,
    /// Supporting passages; at least one.
    #[schemars(length(min = 1))]
    pub(crate) sources: Vec<RawCitation>,
    /// Its marking level on the briefing's scale ("TLP:AMBER", "CONFIDENTIAL"); omit for the
    /// dataset default. A release ceiling below it withholds the record from every output.
    #[schemars(with = "NonEmpty")]
    #[serde(default)]
    pub(crate) marking: Option<Text>,
    /// The record's text fields in other languages, each under `[...translations.<language>]`.
    #[serde(default)]
    #[schemars(schema_with = "event_translations")]
    pub(crate) translations: RawTranslations,
}

/// `dataset.toml`: what the dataset is about.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "attache dataset.toml")]
pub(crate) struct RawDatasetFile {
    /// The dataset's title, in its language.
    #[schemars(with = "NonEmpty")]
    pub(crate) title: Text,
    /// The language code of the records' text (ISO 639), also the default language of reports.
    #[schemars(with = "Language")]
    pub(crate) language: Text,
    /// The state the dataset is about.
    pub(crate) subject: RawSubject,
    /// The marking of every record that carries none; omit for the lowest level of the
    /// briefing's scale.
    #[schemars(with = "NonEmpty")]
    #[serde(default)]
    pub(crate) marking: Option<Text>,
    /// The title in other languages, each under `[translations.<language>]`.
    #[serde(default)]
    #[schemars(schema_with = "dataset_translations")]
    pub(crate) translations: RawTranslations,
}

fn dataset_translations(_: &mut SchemaGenerator) -> Schema {
    translations_schema(translatable::DATASET)
}

/// The state a dataset is about, in the forms report wording needs.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSubject {
    /// Its short name: "Ruritania".
    #[schemars(with = "NonEmpty")]
    pub(crate) name: Text,
    /// The form that says "of the state" before a noun: "Ruritania's" (English), "Ruritaniyanın"
    /// (in `az`), "Руритании" (in `ru`).
    #[schemars(with = "NonEmpty")]
    pub(crate) genitive: Text,
    /// ISO 3166-1 alpha-3 code.
    #[schemars(with = "Iso3")]
    #[serde(default)]
    pub(crate) iso3: Option<Text>,
    /// Its name and genitive in other languages, each under `[subject.translations.<language>]`.
    #[serde(default)]
    #[schemars(schema_with = "subject_translations")]
    pub(crate) translations: RawTranslations,
}

fn subject_translations(_: &mut SchemaGenerator) -> Schema {
    translations_schema(translatable::SUBJECT)
}

/// Declares a string type for the schema only, inlined where it is used.
macro_rules! string_schema {
    ($($(#[$meta:meta])* $name:ident => $schema:expr;)+) => {$(
        $(#[$meta])*
        pub(crate) struct $name;

        impl JsonSchema for $name {
            fn inline_schema() -> bool {
                true
            }

            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                $schema
            }
        }
    )+};
}

string_schema! {
    /// An id or a reference to one.
    Slug => json_schema!({ "type": "string", "pattern": SLUG_PATTERN });
    /// A partial date.
    Date => json_schema!({ "type": "string", "pattern": DATE_PATTERN });
    /// A partial date, or "" where undated.
    DateOrEmpty => json_schema!({
        "type": "string",
        "pattern": r"^(\d{4}(-\d{2}(-\d{2})?)?)?$",
    });
    /// A string that must not be empty.
    NonEmpty => json_schema!({ "type": "string", "minLength": 1 });
    /// A language code.
    Language => json_schema!({ "type": "string", "pattern": LANGUAGE_PATTERN });
    /// An ISO 3166-1 alpha-3 code.
    Iso3 => json_schema!({ "type": "string", "pattern": "^[A-Z]{3}$" });
    /// A partner kind.
    PartnerKindName => json_schema!({ "type": "string", "enum": PartnerKind::NAMES });
    /// An event kind.
    EventKindName => json_schema!({ "type": "string", "enum": EventKind::NAMES });
    /// A date qualifier.
    QualifierName => json_schema!({ "type": "string", "enum": DateQualifier::NAMES });
    /// A source reliability grade.
    ReliabilityName => json_schema!({ "type": "string", "enum": crate::grade::Reliability::NAMES });
    /// An information credibility grade.
    Credibility => json_schema!({ "type": "integer", "minimum": 1, "maximum": 6 });
    /// An event status other than the default.
    StatusName => json_schema!({ "type": "string", "enum": EventStatus::NAMES });
}

fn source_translations(_: &mut SchemaGenerator) -> Schema {
    translations_schema(translatable::SOURCE)
}

fn period_translations(_: &mut SchemaGenerator) -> Schema {
    translations_schema(translatable::PERIOD)
}

fn area_translations(_: &mut SchemaGenerator) -> Schema {
    translations_schema(translatable::AREA)
}

fn figure_translations(_: &mut SchemaGenerator) -> Schema {
    translations_schema(translatable::FIGURE)
}

fn partner_translations(_: &mut SchemaGenerator) -> Schema {
    translations_schema(translatable::PARTNER)
}

fn event_translations(_: &mut SchemaGenerator) -> Schema {
    translations_schema(translatable::EVENT)
}
