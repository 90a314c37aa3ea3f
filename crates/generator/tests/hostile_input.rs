//! Hostile and careless data through the whole road, checked in the files it makes: ids that
//! look like the generator's own labels, line terminators Typst knows and `\n` does not, text
//! too long for a page, and template output captured and quoted. Nothing may break a report,
//! point a link at the wrong place, or be dropped without a word.

use attache_core::{DataFile, Dataset, EventFilter};
use attache_generator::{Briefing, Format, Generator, Output, PdfStandards, Report, Request};
use chrono::NaiveDate;
use lopdf::{Document, Object};

fn briefing() -> Briefing {
    Briefing::new(NaiveDate::from_ymd_opt(2026, 1, 1).expect("a real date"))
}

/// A TOML basic string holding `text` exactly.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One fictional event in Testland.
fn event(id: &str, date: &str, title: &str, summary: &str) -> String {
    format!(
        "[[event]]\nid = \"{id}\"\ndate = \"{date}\"\ntitle = {}\nsummary = {}\nkind = \"agreement\"\nareas = [\"military\"]\npartners = [\"testland\"]\nsources = [{{ id = \"doc\", locator = \"p. {date}\" }}]\n\n",
        toml_string(title),
        toml_string(summary)
    )
}

/// A dataset of two periods (the first named `first_period`) and the given events, all
/// with the fictional partner Testland.
fn dataset(first_period: &str, events: &str) -> Dataset {
    let file = |path: &str, text: String| DataFile {
        path: path.to_owned(),
        text,
    };
    let files = vec![
        file(
            "sources.toml",
            "[[source]]\nid = \"doc\"\ntitle = \"Document\"\nauthor = \"\"\npublisher = \"\"\ndate = \"2020\"\nkind = \"article\"\n".into(),
        ),
        file(
            "areas.toml",
            "[[area]]\nid = \"military\"\nname = \"Military\"\nsummary = \"Armed forces.\"\n".into(),
        ),
        file(
            "periods.toml",
            format!(
                "[[period]]\nid = \"founding\"\nname = {}\nstart = \"1990\"\nend = \"1999\"\nsummary = \"The first decade.\"\nsources = [{{ id = \"doc\", locator = \"p. 1\" }}]\n\n[[period]]\nid = \"later\"\nname = \"Later years\"\nstart = \"2000\"\nsummary = \"Everything since.\"\nsources = [{{ id = \"doc\", locator = \"p. 1\" }}]\n",
                toml_string(first_period)
            ),
        ),
        file(
            "partners/testland.toml",
            "id = \"testland\"\nname = \"Testland\"\nkind = \"state\"\nrelationship = \"partner\"\nsummary = \"A fictional state.\"\nsources = [{ id = \"doc\", locator = \"p. 2\" }]\n".into(),
        ),
        file("events/all.toml", events.to_owned()),
    ];
    match Dataset::from_files(&files) {
        Ok(dataset) => dataset,
        Err(diags) => panic!("the dataset must load:\n{diags}"),
    }
}

/// A report as PDF bytes, laid out in parts when the chronology has more than `parts_above`
/// events.
fn pdf(dataset: &Dataset, report: Report, parts_above: Option<usize>) -> Vec<u8> {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let path = dir.path().join("report.pdf");
    let mut generator = Generator::new(None, briefing()).expect("built-in templates");
    if let Some(events) = parts_above {
        generator = generator.parts_above(events);
    }
    let request = Request {
        report,
        format: Format::Pdf(PdfStandards::NONE),
        output: Output::File(path.clone()),
    };
    let generated = generator
        .generate(dataset, &request)
        .unwrap_or_else(|e| panic!("the report renders:\n{e}"));
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    std::fs::read(&path).expect("written")
}

/// Every page's text, whitespace folded.
fn pages(pdf: &[u8]) -> Vec<String> {
    pdf_extract::extract_text_from_mem_by_pages(pdf)
        .expect("text extracts")
        .iter()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// The pages (from 1) the internal links on page `page` lead to, in the order they appear.
fn link_targets(pdf: &[u8], page: usize) -> Vec<usize> {
    let document = Document::load_mem(pdf).expect("the PDF parses");
    let ids: Vec<_> = document.get_pages().into_values().collect();
    let resolve = |object: &Object| document.dereference(object).expect("resolves").1.clone();
    let named = named_destinations(&document);
    let annotations = document
        .get_dictionary(ids[page - 1])
        .and_then(|p| p.get(b"Annots"))
        .map(|a| resolve(a).as_array().cloned().unwrap_or_default())
        .unwrap_or_default();
    let mut targets = Vec::new();
    for annotation in annotations {
        let Ok(annotation) = resolve(&annotation).as_dict().cloned() else {
            continue;
        };
        let destination = annotation.get(b"Dest").ok().cloned().or_else(|| {
            let action = resolve(annotation.get(b"A").ok()?);
            action.as_dict().ok()?.get(b"D").ok().cloned()
        });
        let destination = match destination.map(|d| resolve(&d)) {
            Some(Object::String(name, _)) => named
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, d)| resolve(d)),
            other => other,
        };
        let page_ref = destination
            .as_ref()
            .and_then(|d| d.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|p| p.as_reference().ok());
        if let Some(i) = page_ref.and_then(|r| ids.iter().position(|&id| id == r)) {
            targets.push(i + 1);
        }
    }
    targets
}

/// The document's named destinations, from the name tree under `/Names /Dests`.
fn named_destinations(document: &Document) -> Vec<(Vec<u8>, Object)> {
    fn walk(document: &Document, node: &Object, found: &mut Vec<(Vec<u8>, Object)>) {
        let Ok(node) = document.dereference(node).map(|(_, n)| n.clone()) else {
            return;
        };
        let Ok(node) = node.as_dict() else {
            return;
        };
        if let Ok(pairs) = node.get(b"Names").and_then(Object::as_array) {
            for pair in pairs.chunks_exact(2) {
                if let Ok(name) = pair[0].as_str() {
                    found.push((name.to_vec(), pair[1].clone()));
                }
            }
        }
        if let Ok(kids) = node.get(b"Kids").and_then(Object::as_array) {
            for kid in kids {
                walk(document, kid, found);
            }
        }
    }
    let mut found = Vec::new();
    let dests = document
        .catalog()
        .and_then(|c| c.get(b"Names"))
        .and_then(|n| document.dereference(n))
        .and_then(|(_, n)| n.as_dict())
        .and_then(|n| n.get(b"Dests"));
    if let Ok(dests) = dests {
        walk(document, dests, &mut found);
    }
    found
}

/// The first page (from 1) whose text holds `needle`.
fn page_of(pages: &[String], needle: &str) -> usize {
    pages
        .iter()
        .position(|p| p.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("{needle:?} is on no page:\n{pages:#?}"))
}

/// The ids that once took the generator's own labels: note and page metadata in every report,
/// period headings, index and sources in a chronology.
const GENERATED_LOOKING_IDS: [&str; 5] = [
    "note-1",
    "attache-page",
    "group-1",
    "chronology-index",
    "chronology-sources",
];

#[test]
fn data_ids_never_take_a_generated_label() {
    // Enough long entries in the first period that the second period starts pages later.
    let filler = "A fictional agreement of some length, so that entries fill pages. ".repeat(10);
    let mut events = String::new();
    for year in 1990..2000 {
        events += &event(
            &format!("early-{year}"),
            &year.to_string(),
            &format!("Early accord {year}"),
            &filler,
        );
    }
    for (i, id) in GENERATED_LOOKING_IDS.iter().enumerate() {
        events += &event(
            id,
            &format!("201{i}"),
            &format!("Accord named {id}"),
            "Signed.",
        );
    }
    let dataset = dataset("Founding years", &events);

    let brief = pages(&pdf(&dataset, Report::Partner("testland".into()), None));
    for id in GENERATED_LOOKING_IDS {
        assert!(
            brief
                .iter()
                .any(|p| p.contains(&format!("Accord named {id}"))),
            "{id} missing from the brief"
        );
    }
    for parts in [None, Some(0)] {
        let bytes = pdf(&dataset, Report::Chronology(EventFilter::default()), parts);
        let text = pages(&bytes);
        for id in GENERATED_LOOKING_IDS {
            assert!(
                text.iter()
                    .any(|p| p.contains(&format!("Accord named {id}"))),
                "{id} missing from the chronology ({parts:?})"
            );
        }
        // A period's heading is on the page of its first entry: headings keep with what follows.
        let founding = page_of(&text, "Early accord 1990");
        let later = page_of(&text, "Accord named note-1");
        let group_one = page_of(&text, "Accord named group-1");
        assert!(
            founding < group_one,
            "the test needs them apart: {founding}, {group_one}"
        );
        // The contents on page 1 link each period to its own heading, not to an event.
        let contents = link_targets(&bytes, 1);
        assert_eq!(
            contents.first(),
            Some(&founding),
            "contents links {contents:?} ({parts:?})"
        );
        assert!(
            contents.contains(&later),
            "contents links {contents:?} ({parts:?})"
        );
        assert!(
            text.iter().any(|p| p.contains("Index of partners")),
            "no index ({parts:?})"
        );
    }
}

#[test]
fn a_summary_longer_than_a_page_prints_whole() {
    let words: Vec<String> = (1..=1500).map(|n| format!("w{n:04}")).collect();
    let mut events = event("short-one", "1995", "A short accord", "Signed.");
    events += &event("long-one", "2005", "A very long accord", &words.join(" "));
    events += &event("short-two", "2010", "Another short accord", "Signed too.");
    let dataset = dataset("Founding years", &events);
    for (report, parts) in [
        (Report::Partner("testland".into()), None),
        (Report::Chronology(EventFilter::default()), None),
        (Report::Chronology(EventFilter::default()), Some(0)),
    ] {
        let text = pages(&pdf(&dataset, report.clone(), parts)).join(" ");
        let missing: Vec<&String> = words
            .iter()
            .filter(|w| !text.contains(w.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "{} of 1,500 words lost in {report:?} ({parts:?}), from {:?}",
            missing.len(),
            missing.first()
        );
        assert!(text.contains("Another short accord"), "{report:?}");
    }
}

#[test]
fn every_line_terminator_stays_inside_its_value() {
    let title = "Alpha\u{2028}= Beta\u{2029}- Gamma";
    let summary = "One\u{b}Two\u{c}Three\u{85}Four";
    let events = event("terminators", "1995", title, summary);
    let dataset = dataset("Founding\u{2029}= years", &events);
    let generator = Generator::new(None, briefing()).expect("built-in templates");
    let source = generator
        .source(&dataset, &Report::Chronology(EventFilter::default()))
        .expect("renders");
    let heading = source
        .text()
        .lines()
        .find(|l| l.starts_with('=') && l.contains("Founding"))
        .expect("a period heading");
    assert!(heading.starts_with("= Founding \\= years"), "{heading}");
    for report in [
        Report::Partner("testland".into()),
        Report::Chronology(EventFilter::default()),
    ] {
        let text = pages(&pdf(&dataset, report.clone(), None)).join(" ");
        for words in ["Alpha = Beta - Gamma", "One Two Three Four"] {
            assert!(text.contains(words), "{words:?} not in {report:?}:\n{text}");
        }
    }
}

#[test]
fn captured_template_output_keeps_no_line_markers() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    std::fs::write(
        dir.path().join("partner.typ.j2"),
        "{% set x %}Hello\nWorld\n{% endset %}\n#raw({{ x|string }})\n{{ x|upper }}\n",
    )
    .expect("write");
    let dataset = dataset("Founding years", &event("one", "1995", "One", "Signed."));
    let generator = Generator::new(Some(dir.path()), briefing()).expect("templates");
    let source = generator
        .source(&dataset, &Report::Partner("testland".into()))
        .expect("renders");
    assert!(
        source
            .text()
            .starts_with("#raw(\"Hello World \")\nHELLO\nWORLD\n"),
        "{:?}",
        source.text()
    );
    assert!(
        !source
            .text()
            .contains(|c: char| ('\u{E000}'..='\u{F8FF}').contains(&c)),
        "{:?}",
        source.text()
    );
    generator.typeset(&source).expect("compiles");
}
