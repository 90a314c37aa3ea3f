//! Tagged and accessible PDF: a brief exported to PDF/UA-1 (alone and with PDF/A-2b), and a
//! chronology laid out in parts and joined, carry one structure tree with the document's
//! language, its headings and its tables, whose every reference resolves.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use attache_core::{Dataset, EventFilter};
use attache_generator::{
    Briefing, Format, Generator, Output, PdfStandard, PdfStandards, Report, Request,
};
use chrono::NaiveDate;
use lopdf::{Dictionary, Document, Object, ObjectId};

fn real_dataset() -> Dataset {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    Dataset::load_dir(&data).expect("the built-in dataset loads")
}

/// A report as PDF bytes, laid out in parts when the chronology has more than `parts_above`
/// events.
fn pdf(report: Report, standards: PdfStandards, parts_above: usize) -> Vec<u8> {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let path = dir.path().join("report.pdf");
    let briefing = Briefing::new(NaiveDate::from_ymd_opt(2026, 1, 1).expect("a real date"));
    let generator = Generator::new(None, briefing)
        .expect("built-in templates")
        .parts_above(parts_above);
    let request = Request {
        report,
        format: Format::Pdf(standards),
        output: Output::File(path.clone()),
    };
    generator
        .generate(&real_dataset(), &request)
        .expect("the report renders");
    std::fs::read(&path).expect("written")
}

/// What a structure tree holds: how many elements of each role, and the problems found.
#[derive(Debug, Default)]
struct Tree {
    roles: BTreeMap<String, usize>,
    alt: Vec<String>,
    problems: Vec<String>,
}

/// Walks the document's structure tree from its root, checking that every element names
/// the element it sits under as its parent and that every page's parent-tree key is there.
fn structure(document: &Document) -> Tree {
    let mut tree = Tree::default();
    let catalog = document.catalog().expect("a catalog");
    let lang = catalog
        .get(b"Lang")
        .and_then(Object::as_str)
        .unwrap_or_default();
    if lang.is_empty() {
        tree.problems.push("the catalog has no /Lang".into());
    }
    let root_id = catalog
        .get(b"StructTreeRoot")
        .and_then(Object::as_reference)
        .expect("a StructTreeRoot");
    let root = document
        .get_dictionary(root_id)
        .expect("the root is a dictionary");
    let mut seen = BTreeSet::new();
    walk(
        document,
        root.get(b"K").expect("root /K"),
        root_id,
        &mut tree,
        &mut seen,
    );
    let parent_tree = document
        .dereference(root.get(b"ParentTree").expect("a parent tree"))
        .expect("resolves")
        .1
        .as_dict()
        .expect("a dictionary");
    let nums = parent_tree
        .get(b"Nums")
        .and_then(Object::as_array)
        .expect("a flat /Nums");
    let keys: Vec<i64> = nums
        .iter()
        .step_by(2)
        .filter_map(|k| k.as_i64().ok())
        .collect();
    if keys.windows(2).any(|w| w[0] >= w[1]) {
        tree.problems
            .push("parent-tree keys are not strictly ascending".into());
    }
    for (n, page) in document.get_pages() {
        let dict = document.get_dictionary(page).expect("a page");
        match dict.get(b"StructParents").and_then(Object::as_i64) {
            Ok(key) if keys.contains(&key) => {}
            other => tree
                .problems
                .push(format!("page {n}: StructParents {other:?} not in tree")),
        }
    }
    tree
}

fn walk(
    document: &Document,
    kids: &Object,
    parent: ObjectId,
    tree: &mut Tree,
    seen: &mut BTreeSet<ObjectId>,
) {
    let items = match kids {
        Object::Array(items) => items.clone(),
        other => vec![other.clone()],
    };
    for kid in items {
        let Ok(id) = kid.as_reference() else { continue };
        let Ok(element) = document.get_dictionary(id) else {
            tree.problems.push(format!("{id:?} does not resolve"));
            continue;
        };
        if element.get(b"Type").and_then(Object::as_name).ok() == Some(b"OBJR".as_slice())
            || element.get(b"S").is_err()
        {
            continue;
        }
        if !seen.insert(id) {
            tree.problems.push(format!("{id:?} appears twice"));
            continue;
        }
        check_element(element, id, parent, tree);
        if let Ok(children) = element.get(b"K") {
            walk(document, children, id, tree, seen);
        }
    }
}

fn check_element(element: &Dictionary, id: ObjectId, parent: ObjectId, tree: &mut Tree) {
    let role = element
        .get(b"S")
        .and_then(Object::as_name)
        .unwrap_or_default();
    *tree
        .roles
        .entry(String::from_utf8_lossy(role).into_owned())
        .or_default() += 1;
    if element.get(b"P").and_then(Object::as_reference).ok() != Some(parent) {
        tree.problems
            .push(format!("{id:?} does not name its parent"));
    }
    if let Ok(Object::String(alt, _)) = element.get(b"Alt") {
        tree.alt.push(
            lopdf::decode_text_string(&Object::String(alt.clone(), lopdf::StringFormat::Literal))
                .unwrap_or_default(),
        );
    }
}

#[test]
fn an_accessible_brief_has_a_tag_tree_with_language_headings_tables_and_chart_alt_text() {
    for standards in [
        PdfStandards::NONE.with(PdfStandard::Ua1),
        PdfStandards::NONE
            .with(PdfStandard::Ua1)
            .with(PdfStandard::A2b),
    ] {
        let bytes = pdf(Report::Partner("turkey".into()), standards, usize::MAX);
        let document = Document::load_mem(&bytes).expect("parses");
        let tree = structure(&document);
        assert!(tree.problems.is_empty(), "{:?}", tree.problems);
        assert_eq!(tree.roles.get("Document"), Some(&1), "{:?}", tree.roles);
        assert!(
            tree.roles.get("H1").is_some_and(|&n| n >= 5),
            "{:?}",
            tree.roles
        );
        assert!(tree.roles.contains_key("TH"), "{:?}", tree.roles);
        assert!(
            tree.alt
                .iter()
                .any(|a| a.starts_with("Bar chart: ") && a.contains("; highest ")),
            "{:?}",
            tree.alt
        );
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("pdfuaid:part"), "no PDF/UA identification");
    }
}

#[test]
fn a_chronology_in_parts_keeps_one_tag_tree_across_its_parts() {
    let whole = Document::load_mem(&pdf(
        Report::Chronology(EventFilter::default()),
        PdfStandards::NONE,
        usize::MAX,
    ))
    .expect("parses");
    let joined = Document::load_mem(&pdf(
        Report::Chronology(EventFilter::default()),
        PdfStandards::NONE,
        0,
    ))
    .expect("parses");
    let (whole, joined) = (structure(&whole), structure(&joined));
    assert!(joined.problems.is_empty(), "{:?}", joined.problems);
    assert_eq!(joined.roles.get("Document"), Some(&1), "{:?}", joined.roles);
    for role in ["H1", "H2", "P", "Link"] {
        assert!(
            joined.roles.get(role).is_some_and(|&n| n > 0),
            "{role}: {:?}",
            joined.roles
        );
    }
    // Every period and year heading of every part is there. A single layout's contents is
    // Typst's outline, whose title is a heading of its own; the parts' contents is written
    // with its page numbers known, under a title that is not.
    assert_eq!(joined.roles.get("H2"), whole.roles.get("H2"));
    assert_eq!(joined.roles["H1"] + 1, whole.roles["H1"]);
}

#[test]
fn a_standard_on_a_chronology_in_parts_is_refused_with_a_reason() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let briefing = Briefing::new(NaiveDate::from_ymd_opt(2026, 1, 1).expect("a real date"));
    let generator = Generator::new(None, briefing)
        .expect("built-in templates")
        .parts_above(0);
    let request = Request {
        report: Report::Chronology(EventFilter::default()),
        format: Format::Pdf(PdfStandards::NONE.with(PdfStandard::Ua1)),
        output: Output::File(dir.path().join("c.pdf")),
    };
    let error = generator
        .generate(&real_dataset(), &request)
        .expect_err("refused");
    assert!(
        error.0[0].message.contains("--pdf-standard"),
        "{:?}",
        error.0
    );
    assert!(!dir.path().join("c.pdf").exists());
}
