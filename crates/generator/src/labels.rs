//! The fixed words of a report (headings, table captions, "Page 1 of 7") in the briefing's
//! language. Label sets are TOML files under `labels/` in the templates folder, overridable
//! like templates; a key missing from a language falls back to English.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::template_files::TemplateSource;
use attache_core::{Diagnostic, Diagnostics};

/// A label set: key to text.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(Default))]
#[serde(transparent)]
pub(crate) struct Labels(BTreeMap<String, String>);

impl Labels {
    /// English overlaid with `language`.
    pub(crate) fn load(source: &TemplateSource, language: &str) -> Result<Self, Diagnostics> {
        let mut labels = Self::read(source, "en")?;
        if language != "en" {
            labels.0.extend(Self::read(source, language)?.0);
        }
        Ok(labels)
    }

    fn read(source: &TemplateSource, language: &str) -> Result<Self, Diagnostics> {
        let name = format!("labels/{language}.toml");
        let Some((text, _)) = source
            .load(&name)
            .map_err(|e| Diagnostic::error(e.to_string()))?
        else {
            return Err(Diagnostic::error(format!("no label set {name}"))
                .with_hint("write one in the templates folder, or choose another language")
                .into());
        };
        toml::from_str(&text).map(Self).map_err(|e| {
            Diagnostic::at(&name, &text, e.span().unwrap_or(0..0), e.message().trim()).into()
        })
    }

    /// The label for `key`, or the key itself when no set has it.
    pub(crate) fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(key).map_or(key, String::as_str)
    }

    /// The label for `key` with `{name}`-style placeholders filled in.
    pub(crate) fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        values
            .iter()
            .fold(self.get(key).to_owned(), |text, (name, value)| {
                text.replace(&format!("{{{name}}}"), value)
            })
    }
}
