//! Long chronologies laid out in parts: correct at scale, and the same document as a single
//! layout would give. These tests check content and links, never timings.

use std::collections::BTreeSet;
use std::num::NonZeroUsize;
use std::path::Path;

use attache_core::{Dataset, EventFilter};
use attache_generator::{
    Briefing, Format, Generated, Generator, LONG_CHRONOLOGY, Output, PdfStandards, Report, Request,
};
use chrono::NaiveDate;
use lopdf::{Document, Object};

fn briefing() -> Briefing {
    Briefing::new(NaiveDate::from_ymd_opt(2026, 1, 1).expect("a real date"))
}

fn synthetic(events: usize, dir: &Path) -> Dataset {
    xtask::synth(events, 40, 7, dir).expect("synthetic dataset written");
    Dataset::load_dir(dir).expect("synthetic dataset valid")
}

/// The full chronology as PDF bytes, laid out in parts when it has more than `parts_above`
/// events.
fn chronology_pdf(dataset: &Dataset, parts_above: usize) -> (Vec<u8>, Generated) {
    let jobs = NonZeroUsize::new(2).expect("not zero");
    let (mut files, generated) =
        chronology(dataset, parts_above, jobs, Format::Pdf(PdfStandards::NONE));
    (files.remove(0), generated)
}

/// The full chronology's files in `format`, laid out in parts when it has more than
/// `parts_above` events, `jobs` parts at a time.
fn chronology(
    dataset: &Dataset,
    parts_above: usize,
    jobs: NonZeroUsize,
    format: Format,
) -> (Vec<Vec<u8>>, Generated) {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let generator = Generator::new(None, briefing())
        .expect("built-in templates")
        .parts_above(parts_above)
        .jobs(jobs);
    let request = Request {
        report: Report::Chronology(EventFilter::default()),
        format,
        output: Output::Folder(dir.path().to_owned()),
    };
    let generated = generator
        .generate(dataset, &request)
        .expect("the chronology renders");
    let files = generated
        .files
        .iter()
        .map(|path| std::fs::read(path).expect("written"))
        .collect();
    (files, generated)
}

fn real_dataset() -> Dataset {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    Dataset::load_dir(&data).expect("the built-in dataset loads")
}

/// Every page's text, in order.
fn page_texts(pdf: &[u8]) -> Vec<String> {
    pdf_extract::extract_text_from_mem_by_pages(pdf).expect("text extracts")
}

/// What each link annotation points at: a page number (from 1) or an address.
#[derive(Debug, PartialEq)]
enum Link {
    Page(usize),
    Uri(String),
}

fn links(pdf: &[u8]) -> Vec<Link> {
    let document = Document::load_mem(pdf).expect("the PDF parses");
    let pages: Vec<_> = document.get_pages().into_values().collect();
    let named = named_destinations(&document);
    // A destination, by name or written out, as the number of the page it opens.
    let page_of_dest = |dest: &Object| {
        let dest = match dest {
            Object::String(name, _) => named
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, d)| d.clone())
                .expect("a named destination that exists"),
            other => other.clone(),
        };
        let dest = document.dereference(&dest).expect("dest").1;
        let target = dest.as_array().expect("an array")[0]
            .as_reference()
            .expect("a page reference");
        Link::Page(
            pages
                .iter()
                .position(|&p| p == target)
                .expect("the page exists")
                + 1,
        )
    };
    let mut found = Vec::new();
    for &page in &pages {
        let Ok(annots) = document.get_dictionary(page).and_then(|p| p.get(b"Annots")) else {
            continue;
        };
        let annots = document.dereference(annots).expect("annots").1;
        for annot in annots.as_array().expect("an array") {
            let annot = document
                .dereference(annot)
                .expect("annot")
                .1
                .as_dict()
                .expect("dict");
            if let Ok(dest) = annot.get(b"Dest") {
                found.push(page_of_dest(dest));
            } else if let Ok(action) = annot.get(b"A") {
                let action = document
                    .dereference(action)
                    .expect("action")
                    .1
                    .as_dict()
                    .expect("dict");
                if let Ok(uri) = action.get(b"URI").and_then(Object::as_str) {
                    found.push(Link::Uri(String::from_utf8_lossy(uri).into_owned()));
                } else if let Ok(dest) = action.get(b"D") {
                    found.push(page_of_dest(dest));
                }
            }
        }
    }
    found
}

/// The titles of the top-level bookmarks, in order.
fn bookmarks(pdf: &[u8]) -> Vec<String> {
    let document = Document::load_mem(pdf).expect("the PDF parses");
    let outlines = document
        .catalog()
        .and_then(|c| c.get(b"Outlines"))
        .expect("an outline");
    let outlines = document
        .dereference(outlines)
        .expect("outline")
        .1
        .as_dict()
        .expect("dict");
    let mut titles = Vec::new();
    let mut item = outlines.get(b"First").ok().cloned();
    while let Some(reference) = item {
        let dict = document
            .dereference(&reference)
            .expect("item")
            .1
            .as_dict()
            .expect("dict");
        let title = dict.get(b"Title").expect("a title");
        titles.push(
            lopdf::decode_text_string(title)
                .expect("text")
                .trim()
                .to_owned(),
        );
        item = dict.get(b"Next").ok().cloned();
    }
    titles
}

fn named_destinations(document: &Document) -> Vec<(Vec<u8>, Object)> {
    let Ok(names) = document.catalog().and_then(|c| c.get(b"Names")) else {
        return Vec::new();
    };
    let names = document
        .dereference(names)
        .expect("names")
        .1
        .as_dict()
        .expect("dict");
    let Ok(dests) = names.get(b"Dests") else {
        return Vec::new();
    };
    let mut found = Vec::new();
    walk_name_tree(document, dests, &mut found);
    found
}

fn walk_name_tree(document: &Document, node: &Object, found: &mut Vec<(Vec<u8>, Object)>) {
    let node = document
        .dereference(node)
        .expect("a node")
        .1
        .as_dict()
        .expect("dict");
    if let Ok(pairs) = node.get(b"Names").and_then(Object::as_array) {
        for pair in pairs.chunks_exact(2) {
            found.push((pair[0].as_str().expect("a name").to_vec(), pair[1].clone()));
        }
    }
    if let Ok(kids) = node.get(b"Kids").and_then(Object::as_array) {
        for kid in kids {
            walk_name_tree(document, kid, found);
        }
    }
}

/// Fails unless the chronology was laid out in parts.
fn assert_laid_out_in_parts(generated: &Generated) {
    assert!(
        generated
            .timings
            .iter()
            .any(|(stage, _)| stage.contains("in parts")),
        "{:?}",
        generated.timings
    );
}

/// The first page (from 1) whose text holds `needle`, wherever lines wrap.
fn page_of(pages: &[String], needle: &str) -> Option<usize> {
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    let needle = squeeze(needle);
    pages
        .iter()
        .position(|p| squeeze(p).contains(&needle))
        .map(|i| i + 1)
}

#[test]
fn a_ten_thousand_event_chronology_is_laid_out_in_parts_and_holds_every_event() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let dataset = synthetic(10_000, dir.path());
    assert!(dataset.events().len() > LONG_CHRONOLOGY);
    let (pdf, generated) = chronology_pdf(&dataset, LONG_CHRONOLOGY);
    let pages = page_texts(&pdf);
    assert_eq!(pages.len(), generated.pages);
    assert_laid_out_in_parts(&generated);

    let last = dataset.events().last().expect("events");
    let first = dataset.events().first().expect("events");
    assert!(
        page_of(&pages, &last.title).is_some(),
        "the last event, {}, is missing",
        last.title
    );
    assert!(
        page_of(&pages, &first.title).is_some(),
        "the first event is missing"
    );
    // Page numbers run on across parts: each page's footer gives its own number.
    for (i, text) in pages.iter().enumerate().step_by(97) {
        assert!(
            text.contains(&format!("Page {}", i + 1)),
            "page {} is misnumbered",
            i + 1
        );
    }
    // One bookmark per heading, numbered on across parts, none repeated where a part
    // carries on a period an earlier part began.
    let titles = bookmarks(&pdf);
    let expected: Vec<String> = dataset
        .periods()
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{}. {}", i + 1, p.name))
        .collect();
    let numbered: Vec<&String> = titles.iter().filter(|t| t.contains(". ")).collect();
    assert_eq!(numbered.len(), expected.len() + 2, "{titles:?}");
    for (title, want) in numbered.iter().zip(&expected) {
        assert!(title.starts_with(want.as_str()), "{title} is not {want}");
    }
    let n = expected.len();
    assert_eq!(
        numbered[n].as_str(),
        format!("{}. Index of partners", n + 1)
    );
    assert_eq!(numbered[n + 1].as_str(), format!("{}. Sources", n + 2));

    // No link is left pointing at another part's address.
    let links = links(&pdf);
    assert!(
        links
            .iter()
            .all(|l| !matches!(l, Link::Uri(u) if u.starts_with("attache:")))
    );
    assert!(links.iter().filter(|l| matches!(l, Link::Page(_))).count() > 10_000);
}

#[test]
fn laying_out_in_parts_gives_the_document_a_single_layout_gives() {
    let dataset = real_dataset();
    assert!(dataset.events().len() < LONG_CHRONOLOGY);
    let (whole, _) = chronology_pdf(&dataset, LONG_CHRONOLOGY);
    let (parts, _) = chronology_pdf(&dataset, 0);
    let whole_pages = page_texts(&whole);
    let part_pages = page_texts(&parts);

    // Every event title appears in both.
    for event in dataset.events() {
        assert!(
            page_of(&part_pages, &event.title).is_some(),
            "{} missing in parts",
            event.title
        );
        assert!(
            page_of(&whole_pages, &event.title).is_some(),
            "{} missing whole",
            event.title
        );
    }
    // The contents gives the page each period starts on.
    let contents = &part_pages[0];
    for period in dataset.periods() {
        let heading = part_pages
            .iter()
            .skip(1)
            .position(|p| p.contains(&period.name))
            .map(|i| i + 2)
            .expect("the period has a heading");
        let line = contents
            .lines()
            .find(|l| l.contains(&period.name))
            .expect("the period is in the contents");
        let number: usize = line
            .rsplit(|c: char| !c.is_ascii_digit())
            .find(|s| !s.is_empty())
            .and_then(|s| s.parse().ok())
            .expect("a page number");
        assert_eq!(number, heading, "contents line {line:?}");
    }
    // The index names the page of each partner's events: Türkiye's first page number is a
    // page that names Türkiye.
    // Page 1 lists the index in the contents; the index itself comes later.
    let index_page = page_of(&part_pages[1..], "Index of partners").expect("an index") + 1;
    let index: String = part_pages[index_page - 1..].concat();
    let after = index.split("Türkiye").nth(1).expect("Türkiye is indexed");
    let first: usize = after
        .trim_start()
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no page number after Türkiye in {after:?}"));
    assert!(
        part_pages[first - 1].contains("Türkiye"),
        "page {first} does not name Türkiye"
    );

    // Links land on real pages, and none is left pointing at another part's address.
    let part_links = links(&parts);
    assert!(
        part_links
            .iter()
            .all(|l| !matches!(l, Link::Uri(u) if u.starts_with("attache:")))
    );
    let targets: BTreeSet<usize> = part_links
        .iter()
        .filter_map(|l| match l {
            Link::Page(p) => Some(*p),
            Link::Uri(_) => None,
        })
        .collect();
    assert!(targets.iter().all(|&p| p <= part_pages.len()));
    assert!(targets.len() > 10, "too few internal links: {targets:?}");
}

#[test]
fn parts_laid_out_at_once_give_the_bytes_laid_out_one_by_one() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let dataset = synthetic(3_000, dir.path());
    let jobs = |n| NonZeroUsize::new(n).expect("not zero");
    let pdf = Format::Pdf(PdfStandards::NONE);
    let (one, generated) = chronology(&dataset, LONG_CHRONOLOGY, jobs(1), pdf);
    assert_laid_out_in_parts(&generated);
    // More workers than parts at a time, so that parts finish out of order and most of them
    // start from an estimated page number.
    let (three, _) = chronology(&dataset, LONG_CHRONOLOGY, jobs(3), pdf);
    assert!(one[0] == three[0], "the PDFs differ");
    let pages = page_texts(&one[0]);
    assert_eq!(pages.len(), generated.pages);
    for (i, text) in pages.iter().enumerate().skip(1).step_by(17) {
        assert!(
            text.contains(&format!("Page {}", i + 1)),
            "page {} is misnumbered",
            i + 1
        );
    }
}

#[test]
fn a_long_chronology_as_images_has_one_per_page_of_its_pdf() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let dataset = synthetic(900, dir.path());
    let jobs = NonZeroUsize::new(2).expect("not zero");
    let (pdf, laid) = chronology(&dataset, 0, jobs, Format::Pdf(PdfStandards::NONE));
    let (png, generated) = chronology(&dataset, 0, jobs, Format::Png { ppi: 12.0 });
    assert_laid_out_in_parts(&generated);
    assert_eq!(png.len(), laid.pages);
    assert_eq!(page_texts(&pdf[0]).len(), png.len());
    let names: Vec<String> = generated
        .files
        .iter()
        .map(|p| {
            p.file_name()
                .expect("a name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(names.first().map(String::as_str), Some("chronology-1.png"));
    assert_eq!(names.last(), Some(&format!("chronology-{}.png", png.len())));
    assert!(png.iter().all(|bytes| bytes.starts_with(b"\x89PNG")));
    let (svg, _) = chronology(&dataset, 0, jobs, Format::Svg);
    assert_eq!(svg.len(), png.len());
    assert!(svg.iter().all(|bytes| bytes.starts_with(b"<svg")));
}

#[test]
fn the_joined_pdf_carries_the_snapshot_of_every_event_as_a_single_layout_does() {
    let dataset = real_dataset();
    let (whole, _) = chronology_pdf(&dataset, usize::MAX);
    let (joined, generated) = chronology_pdf(&dataset, 0);
    assert!(generated.pages > 1);
    let read = |pdf: &[u8]| {
        let json = attache_generator::read_snapshot(pdf)
            .expect("the PDF reads")
            .expect("a snapshot is attached");
        attache_core::Snapshot::from_json(&json, "the snapshot").expect("a snapshot")
    };
    qpdf_lists_the_snapshot(&joined);
    let (whole, joined) = (read(&whole), read(&joined));
    assert_eq!(joined.events.len(), dataset.events().len());
    assert_eq!(joined.fingerprint, dataset.fingerprint());
    assert_eq!(
        whole.to_json(),
        joined.to_json(),
        "both carry the same snapshot"
    );
}

/// qpdf, when installed, lists the joined PDF's snapshot and finds the file sound.
fn qpdf_lists_the_snapshot(pdf: &[u8]) {
    let run = |args: &[&str]| std::process::Command::new("qpdf").args(args).output();
    if run(&["--version"]).is_err() {
        eprintln!("qpdf is not installed: skipping the check of the joined PDF's attachment");
        return;
    }
    let dir = tempfile::TempDir::new().expect("temp dir");
    let path = dir.path().join("joined.pdf");
    std::fs::write(&path, pdf).expect("written");
    let path = path.to_str().expect("UTF-8");
    let listed = run(&["--list-attachments", path]).expect("qpdf runs");
    assert!(String::from_utf8_lossy(&listed.stdout).contains("attache-snapshot.json"));
    let checked = run(&["--check", path]).expect("qpdf runs");
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stdout)
    );
}
