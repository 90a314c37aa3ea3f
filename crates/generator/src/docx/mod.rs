//! Reports as Word documents (`--format docx`), written from the same context the templates
//! receive: the same sections in the same order, the same facts, dates, notes and markings as
//! the PDF. Headings use Word's heading styles (so the navigation pane and a table of
//! contents find them), tables are real tables, citations are the PDF's numbered notes (a
//! raised number linked to its entry under "Sources"), and the marking stands in the header
//! and footer of every page beside the page number.
//!
//! Styles come from a reference document, as pandoc users know it: `reference.docx` in the
//! templates folder, or the built-in one (`templates/reference.docx`, made from
//! `styles.xml` here; [`reference_docx`]).

mod package;
mod sections;
mod xml;

use attache_core::{Dataset, Diagnostic, Diagnostics};
use serde_json::Value;

use crate::Generator;
use crate::context::{ChangesView, Subject};
use crate::folder::Refusal;
use crate::labels::Labels;
use package::{Page, Properties, Reference};
use xml::{Body, Run};

/// The name of the reference document in a templates folder.
pub const REFERENCE_DOCX: &str = "reference.docx";

/// The built-in styles: what `templates/reference.docx` holds.
const BUILT_IN_STYLES: &str = include_str!("styles.xml");

impl Generator {
    /// A report as the bytes of a DOCX file.
    pub(crate) fn docx(
        &self,
        dataset: &Dataset,
        subject: &Subject<'_>,
        labels: &Labels,
        changes: Option<ChangesView>,
    ) -> Result<Vec<u8>, Diagnostics> {
        let context =
            serde_json::to_value(subject.context(dataset, &self.settings, labels, changes))
                .map_err(|e| Diagnostic::error(format!("cannot read the report's context: {e}")))?;
        let reference = self.reference()?;
        let meta = &context["meta"];
        let language = str_of(&meta["briefing"], "language");
        let mut body = Body::new(language);
        sections::write(&mut body, &context, labels, subject);
        let page = page(meta, labels, language);
        let properties = Properties {
            title: str_of(meta, "title").to_owned(),
            subject: str_of(meta, "subtitle").to_owned(),
            author: str_of(&meta["briefing"], "author").to_owned(),
            keywords: list(meta, "keywords")
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            language: language.to_owned(),
            date: format!(
                "{:04}-{:02}-{:02}",
                meta["date"]["year"].as_i64().unwrap_or(1970),
                meta["date"]["month"].as_u64().unwrap_or(1),
                meta["date"]["day"].as_u64().unwrap_or(1)
            ),
        };
        Ok(package::package(
            &body.into_xml(),
            &page,
            &reference,
            &properties,
        )?)
    }

    /// The reference document's styles: the user's `reference.docx`, else the built-in ones.
    fn reference(&self) -> Result<Reference, Diagnostic> {
        let Some(folder) = &self.folder else {
            return Ok(Reference::from_styles(BUILT_IN_STYLES));
        };
        match folder.resolve(REFERENCE_DOCX) {
            Ok(path) => {
                let bytes = std::fs::read(&path).map_err(|e| {
                    Diagnostic::error(format!("cannot read {}: {e}", path.display()))
                })?;
                Reference::read(&bytes, &path.display().to_string())
            }
            Err(Refusal::Missing) => Ok(Reference::from_styles(BUILT_IN_STYLES)),
            Err(why) => Err(Diagnostic::error(format!(
                "{REFERENCE_DOCX} in the templates folder refused: {why}"
            ))),
        }
    }
}

/// The built-in reference document: the built-in styles, with a page that shows each of them.
/// `templates/reference.docx` holds these bytes; a test checks that it is up to date.
pub fn reference_docx() -> Vec<u8> {
    let mut body = Body::new("en");
    body.paragraph("Title", None, &[Run::plain("Title")]);
    body.paragraph("Subtitle", None, &[Run::plain("Subtitle")]);
    for level in 1..=3 {
        body.heading(level, None, &[Run::plain(format!("Heading {level}"))]);
    }
    body.paragraph(
        "Intro",
        None,
        &[Run::plain("Intro: the sentence under a heading.")],
    );
    body.paragraph(
        "",
        None,
        &[Run::plain("Body text"), Run::plain("1").raised()],
    );
    body.paragraph("Small", None, &[Run::plain("Small print")]);
    body.table(
        &[1500, 3500],
        &["Table header", "Brief table"],
        &[vec![
            vec![vec![Run::plain("Table text")]],
            vec![vec![Run::plain("Table text")]],
        ]],
    );
    body.paragraph("Note", None, &[Run::plain("[1] Note: a numbered source.")]);
    body.paragraph("Imprint", None, &[Run::plain("Imprint")]);
    let page = Page {
        size: paper_size("a4"),
        header: String::new(),
        footer: String::new(),
    };
    let properties = Properties {
        title: "attache reference document".to_owned(),
        date: "2026-01-01".to_owned(),
        language: "en".to_owned(),
        ..Properties::default()
    };
    package::package(
        &body.into_xml(),
        &page,
        &Reference::from_styles(BUILT_IN_STYLES),
        &properties,
    )
    .unwrap_or_default()
}

/// A page's width and height in twentieths of a point, by Typst paper name.
fn paper_size(paper: &str) -> (u32, u32) {
    match paper {
        "a5" => (8391, 11906),
        "a3" => (16838, 23811),
        "us-letter" => (12240, 15840),
        "us-legal" => (12240, 20160),
        _ => (11906, 16838),
    }
}

/// The page: its size, and the running header (title, marking) and footer (imprint, page
/// number of the total, marking), as the PDF has them.
fn page(meta: &Value, labels: &Labels, language: &str) -> Page {
    let briefing = &meta["briefing"];
    let marking = Run::styled(
        "Marking",
        format!(" {} ", str_of(briefing, "classification")),
    )
    .coloured((
        str_of(briefing, "marking_fill"),
        str_of(briefing, "marking_text_color"),
    ));
    let size = paper_size(str_of(briefing, "paper"));
    // The text width: the page less the margins `package` sets.
    let width = size.0 - 2 * 1247;
    let mut header = Body::new(language);
    header.running(
        width,
        &[Run::styled("HeaderTitle", str_of(meta, "title"))],
        &marking,
    );
    let organization = str_of(briefing, "organization");
    let imprint = format!(
        "{} · {}",
        if organization.is_empty() {
            "attache"
        } else {
            organization
        },
        str_of(meta, "generated")
    );
    let mut footer = Body::new(language);
    footer.running_with_page(width, &imprint, labels.get("page_of"), &marking);
    Page {
        size,
        header: header.into_xml(),
        footer: footer.into_xml(),
    }
}

/// A string field of a context view; "" when absent or not a string.
fn str_of<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key].as_str().unwrap_or_default()
}

/// A list field of a context view; empty when absent.
fn list<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    value[key].as_array().map_or(&[], Vec::as_slice)
}
