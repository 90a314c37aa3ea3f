//! JSON Schema for the data files, generated from the serde mirrors in `raw`, so editors with
//! TOML language support can complete and check a file as it is written.

use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use schemars::{JsonSchema, Schema};

use crate::files::DataFileKind;
use crate::raw::{RawArea, RawDatasetFile, RawEvent, RawFigure, RawPartner, RawPeriod, RawSource};

pub use crate::raw::{DATE_PATTERN, LANGUAGE_PATTERN, SLUG_PATTERN};

/// One generated schema file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaFile {
    /// File name, such as `events.schema.json`.
    pub name: &'static str,
    /// Pretty-printed JSON, ending in a newline.
    pub text: String,
}

/// Every schema file, in a stable order.
pub fn schema_files() -> Vec<SchemaFile> {
    let file = |name, schema: Schema| SchemaFile {
        name,
        text: serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n",
    };
    vec![
        file(
            DataFileKind::Dataset.schema_name(),
            root::<RawDatasetFile>(),
        ),
        file(DataFileKind::Sources.schema_name(), root::<SourcesFile>()),
        file(DataFileKind::Periods.schema_name(), root::<PeriodsFile>()),
        file(DataFileKind::Areas.schema_name(), root::<AreasFile>()),
        file(DataFileKind::Figures.schema_name(), root::<FiguresFile>()),
        file(
            DataFileKind::partner("").schema_name(),
            root::<RawPartner>(),
        ),
        file(DataFileKind::Events.schema_name(), root::<EventsFile>()),
    ]
}

/// The schema file a data file is checked against, by its path relative to the data folder
/// (`events/1994-2003.toml` gives `events.schema.json`).
pub fn schema_name_for(path: &str) -> Option<&'static str> {
    DataFileKind::of(path).map(|kind| kind.schema_name())
}

fn root<T: JsonSchema>() -> Schema {
    SchemaSettings::draft07()
        .with_transform(RecursiveTransform(drop_null_default))
        .into_generator()
        .into_root_schema_for::<T>()
}

/// TOML has no null: an optional field is left out, never given a null default.
fn drop_null_default(schema: &mut Schema) {
    if schema
        .get("default")
        .is_some_and(serde_json::Value::is_null)
    {
        schema.remove("default");
    }
}

/// sources.toml: the documents every fact cites.
#[derive(JsonSchema)]
#[schemars(title = "attache sources.toml", deny_unknown_fields)]
#[allow(dead_code)]
struct SourcesFile {
    /// The documents every fact cites, each under `[[source]]`.
    source: Vec<RawSource>,
}

/// periods.toml: named spans of time.
#[derive(JsonSchema)]
#[schemars(title = "attache periods.toml", deny_unknown_fields)]
#[allow(dead_code)]
struct PeriodsFile {
    /// Named spans of time, each under `[[period]]`.
    period: Vec<RawPeriod>,
}

/// areas.toml: cooperation types.
#[derive(JsonSchema)]
#[schemars(title = "attache areas.toml", deny_unknown_fields)]
#[allow(dead_code)]
struct AreasFile {
    /// Cooperation types, each under `[[area]]`.
    area: Vec<RawArea>,
}

/// figures.toml: dataset-wide quantified facts.
#[derive(JsonSchema)]
#[schemars(title = "attache figures.toml", deny_unknown_fields)]
#[allow(dead_code)]
struct FiguresFile {
    /// Quantified facts, each under `[[figure]]`.
    #[serde(default)]
    figure: Vec<RawFigure>,
}

/// events/*.toml: dated facts.
#[derive(JsonSchema)]
#[schemars(title = "attache events file", deny_unknown_fields)]
#[allow(dead_code)]
struct EventsFile {
    /// Dated facts, each under `[[event]]`.
    #[serde(default)]
    event: Vec<RawEvent>,
}
