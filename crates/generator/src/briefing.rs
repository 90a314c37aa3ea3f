//! The organisation's settings for a briefing: who issues it, its marking, its date.

use chrono::NaiveDate;
use serde::Serialize;

/// Settings printed on every report.
#[derive(Debug, Clone, Serialize)]
pub struct Briefing {
    /// The issuing organisation, printed in the title block.
    pub organization: String,
    /// The author, written to the PDF metadata.
    pub author: String,
    /// The marking printed in the header and footer of every page.
    pub classification: String,
    /// The marking's colour, as `#rrggbb`.
    pub classification_color: String,
    /// Paper size, a Typst paper name (`a4`, `us-letter`).
    pub paper: String,
    /// The document date: fixed, so identical input gives identical output.
    #[serde(skip)]
    pub date: NaiveDate,
}

impl Briefing {
    /// Default settings dated `date`.
    pub fn new(date: NaiveDate) -> Self {
        Self {
            organization: String::new(),
            author: "attache".into(),
            classification: "UNCLASSIFIED // OPEN SOURCES".into(),
            classification_color: "#1f5f3a".into(),
            paper: "a4".into(),
            date,
        }
    }

    /// The document date in words, "23 November 2026".
    pub fn date_label(&self) -> String {
        self.date.format("%-d %B %Y").to_string()
    }
}
