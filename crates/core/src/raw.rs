//! Serde mirrors of the data files, as written: strings not yet checked, with the spans that
//! validation needs to point at the offending text.

use serde::Deserialize;
use toml::Spanned;

/// A located string.
pub(crate) type Text = Spanned<String>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCitation {
    pub(crate) id: Text,
    #[serde(default)]
    pub(crate) locator: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSource {
    pub(crate) id: Text,
    pub(crate) title: Text,
    #[serde(default)]
    pub(crate) author: String,
    #[serde(default)]
    pub(crate) publisher: String,
    #[serde(default)]
    pub(crate) date: Option<Text>,
    #[serde(default)]
    pub(crate) url: Option<String>,
    pub(crate) kind: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPeriod {
    pub(crate) id: Text,
    pub(crate) name: Text,
    pub(crate) start: Text,
    #[serde(default)]
    pub(crate) end: Option<Text>,
    pub(crate) summary: Text,
    #[serde(default)]
    pub(crate) sources: Vec<RawCitation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawArea {
    pub(crate) id: Text,
    pub(crate) name: Text,
    pub(crate) summary: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFigure {
    pub(crate) value: Text,
    pub(crate) what: Text,
    pub(crate) as_of: Text,
    #[serde(default)]
    pub(crate) partners: Vec<Text>,
    pub(crate) sources: Vec<RawCitation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPartner {
    pub(crate) id: Text,
    pub(crate) name: Text,
    pub(crate) kind: Text,
    #[serde(default)]
    pub(crate) iso3: Option<Text>,
    #[serde(default)]
    pub(crate) native_name: Option<String>,
    #[serde(default)]
    pub(crate) aliases: Vec<Text>,
    pub(crate) relationship: Text,
    pub(crate) summary: Text,
    #[serde(default)]
    pub(crate) sources: Vec<RawCitation>,
    #[serde(default, rename = "figure")]
    pub(crate) figures: Vec<RawFigure>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEvent {
    pub(crate) id: Text,
    pub(crate) date: Text,
    #[serde(default)]
    pub(crate) end: Option<Text>,
    #[serde(default)]
    pub(crate) date_qualifier: Option<Text>,
    pub(crate) title: Text,
    pub(crate) summary: Text,
    pub(crate) kind: Text,
    #[serde(default)]
    pub(crate) areas: Vec<Text>,
    #[serde(default)]
    pub(crate) partners: Vec<Text>,
    #[serde(default)]
    pub(crate) location: Option<String>,
    #[serde(default)]
    pub(crate) status: Option<Text>,
    #[serde(default)]
    pub(crate) conflicts_with: Vec<Text>,
    pub(crate) sources: Vec<RawCitation>,
}
