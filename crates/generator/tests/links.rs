//! Links to labels are written as `attache:` addresses and pointed at their labels after
//! layout: in the PDF they must be internal links, with the alternative text Typst gives a
//! link to a label, and a link whose label a template left out must leave plain text.

use std::path::Path;

use attache_core::Dataset;
use attache_generator::{Briefing, Format, Generator, Output, PdfStandards, Report, Request};
use chrono::NaiveDate;
use lopdf::{Dictionary, Document, Object};

fn fixture() -> Dataset {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/minimal");
    Dataset::load_dir(&dir).expect("the minimal fixture loads")
}

/// The Türkiye brief of the fixture as PDF bytes, from the built-in templates or `templates`.
fn brief(templates: Option<&Path>) -> Vec<u8> {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let path = dir.path().join("brief.pdf");
    let briefing = Briefing::new(NaiveDate::from_ymd_opt(2026, 1, 1).expect("a real date"));
    let generator = Generator::new(templates, briefing).expect("templates");
    let request = Request {
        report: Report::Partner("turkey".into()),
        format: Format::Pdf(PdfStandards::NONE),
        output: Output::File(path.clone()),
    };
    generator
        .generate(&fixture(), &request)
        .expect("the brief renders");
    std::fs::read(&path).expect("written")
}

/// One link annotation: its URI, when it opens one, whether it goes somewhere in the document,
/// and its alternative text.
struct Annotation {
    uri: Option<String>,
    internal: bool,
    alt: Option<String>,
}

fn annotations(pdf: &[u8]) -> Vec<Annotation> {
    let document = Document::load_mem(pdf).expect("the PDF parses");
    let text = |dict: &Dictionary, key: &[u8]| match dict.get(key) {
        Ok(Object::String(bytes, _)) => Some(
            lopdf::decode_text_string(&Object::String(bytes.clone(), lopdf::StringFormat::Literal))
                .expect("a text string"),
        ),
        _ => None,
    };
    let mut found = Vec::new();
    for page in document.get_pages().into_values() {
        for annotation in document.get_page_annotations(page).expect("annotations") {
            if !matches!(annotation.get(b"Subtype"), Ok(Object::Name(n)) if n == b"Link") {
                continue;
            }
            let action = annotation
                .get(b"A")
                .ok()
                .and_then(|a| document.dereference(a).ok())
                .and_then(|(_, a)| a.as_dict().ok().cloned());
            let uri = action.as_ref().and_then(|a| text(a, b"URI"));
            let goto = action
                .as_ref()
                .is_some_and(|a| matches!(a.get(b"S"), Ok(Object::Name(n)) if n == b"GoTo"));
            found.push(Annotation {
                uri,
                internal: annotation.has(b"Dest") || goto,
                alt: text(annotation, b"Contents"),
            });
        }
    }
    found
}

#[test]
fn links_to_labels_are_internal_links_with_page_alternative_text() {
    let links = annotations(&brief(None));
    assert!(links.len() >= 5, "the brief links its notes and events");
    for link in &links {
        assert_eq!(link.uri, None, "no address is left for a reader to open");
        assert!(link.internal, "each link goes somewhere in the document");
        let alt = link.alt.as_deref().expect("each link has alternative text");
        let number = alt.strip_prefix("page ").unwrap_or_default();
        assert!(
            !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()),
            "{alt:?}"
        );
    }
}

#[test]
fn a_link_whose_label_the_template_left_out_is_plain_text() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    std::fs::write(
        dir.path().join("partner.typ.j2"),
        "{% extends \"base.typ.j2\" %}\n{% block body %}\n\
         #text[Target]#label(\"here\")\n\n\
         #xref(\"here\")[Linkedword] and #xref(\"nowhere\")[Unlinkedword].\n{% endblock %}\n",
    )
    .expect("write");
    let pdf = brief(Some(dir.path()));
    let links = annotations(&pdf);
    assert_eq!(links.len(), 1, "only the link whose label exists is kept");
    assert!(links[0].internal && links[0].uri.is_none());
    let document = Document::load_mem(&pdf).expect("the PDF parses");
    let text = document.extract_text(&[1]).expect("text");
    assert!(text.contains("Linkedword"), "{text}");
    assert!(
        text.contains("Unlinkedword"),
        "the text of a dropped link stays: {text}"
    );
}
