//! The release ceiling cannot leak: random datasets with random markings, released under random
//! ceilings, made into every report (PDF text, Typst source and DOCX text) and a chronology
//! laid out in parts. No text of a withheld record appears anywhere, and each document is the
//! one the released records alone would give: the same counts in key facts, charts and the index.

mod docx_text;

use attache_core::{DataFile, Dataset, EventFilter, MarkingScale};
use attache_generator::{
    Briefing, Format, Generator, MarkingSettings, Output, PdfStandards, Report, Request,
};
use chrono::NaiveDate;
use proptest::prelude::*;

/// A record of the random dataset: its token (printed in its text) and its marking's rank.
#[derive(Debug, Clone)]
struct Case {
    /// Marking ranks (0 = TLP:CLEAR .. 4 = TLP:RED; 5 = no marking) of events, figures,
    /// partners, periods and areas.
    events: Vec<usize>,
    figures: Vec<usize>,
    partners: [usize; 2],
    periods: [usize; 2],
    areas: [usize; 2],
    ceiling: usize,
}

fn case() -> impl Strategy<Value = Case> {
    let rank = 0usize..6;
    (
        prop::collection::vec(rank.clone(), 3..7),
        prop::collection::vec(rank.clone(), 1..4),
        [rank.clone(), rank.clone()],
        [rank.clone(), rank.clone()],
        [rank.clone(), rank],
        0usize..5,
    )
        .prop_map(
            |(events, figures, partners, periods, areas, ceiling)| Case {
                events,
                figures,
                partners,
                periods,
                areas,
                ceiling,
            },
        )
}

/// A word no template prints: the record's kind letter and number.
fn token(kind: char, i: usize) -> String {
    format!("Wq{kind}{i:03}x")
}

fn marking(rank: usize) -> String {
    let scale = MarkingScale::tlp();
    match scale.levels.get(rank) {
        Some(level) => format!("marking = \"{}\"\n", level.name),
        None => String::new(),
    }
}

/// The dataset's files; `drop` leaves out the events and figures of those ranks (the dataset
/// the released records alone make).
fn files(case: &Case, drop: &dyn Fn(usize) -> bool) -> Vec<DataFile> {
    let file = |path: &str, text: String| DataFile {
        path: path.to_owned(),
        text,
    };
    let cite = "sources = [{ id = \"ledger\", locator = \"p. 1\" }]\n";
    let mut partners = Vec::new();
    for (i, name) in ["freedonia", "sylvania"].iter().enumerate() {
        let mut text = format!(
            "id = \"{name}\"\nname = \"{}\"\nkind = \"state\"\nrelationship = \"partner\"\nsummary = \"Profile {}.\"\n{}{cite}",
            name.to_uppercase(),
            token('p', i),
            marking(case.partners[i]),
        );
        for (f, &rank) in case.figures.iter().enumerate() {
            if f % 2 == i && !drop(rank) {
                text += &format!(
                    "\n[[figure]]\nid = \"wqfig{f}x\"\nvalue = \"{}\"\nwhat = \"units {}\"\nas_of = \"2001\"\n{}{cite}",
                    f + 10,
                    token('f', f),
                    marking(rank)
                );
            }
        }
        partners.push(file(&format!("partners/{name}.toml"), text));
    }
    let periods = (0..2)
        .map(|i| {
            format!(
                "[[period]]\nid = \"era-{i}\"\nname = \"Era {i}\"\nstart = \"{}\"\nend = \"{}\"\nsummary = \"Era text {}.\"\n{}{cite}",
                2000 + 5 * i,
                2004 + 5 * i,
                token('r', i),
                marking(case.periods[i]),
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let areas = (0..2)
        .map(|i| {
            format!(
                "[[area]]\nid = \"area-{i}\"\nname = \"Area {i}\"\nsummary = \"Area text {}.\"\n{}",
                token('a', i),
                marking(case.areas[i]),
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let kept = |i: usize| !drop(case.events[i]);
    let events = (0..case.events.len())
        .filter(|&i| kept(i))
        .map(|i| {
            // The first two events record the same fact differently.
            let other = match i {
                0 | 1 if kept(1 - i) => format!("conflicts_with = [\"event-{}\"]\n", 1 - i),
                _ => String::new(),
            };
            format!(
                "[[event]]\nid = \"event-{i}\"\ndate = \"{}-03\"\ntitle = \"Talks {}\"\nsummary = \"Said {}.\"\nkind = \"{}\"\nareas = [\"area-{}\"]\npartners = [\"{}\"]\n{other}{}{cite}",
                2000 + i * 2,
                token('e', i),
                token('s', i),
                ["agreement", "exercise", "visit"][i % 3],
                i % 2,
                ["freedonia", "sylvania"][i % 2],
                marking(case.events[i]),
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    vec![
        file(
            "dataset.toml",
            "title = \"Ruritania test\"\nlanguage = \"en\"\n[subject]\nname = \"Ruritania\"\ngenitive = \"Ruritania's\"\n".into(),
        ),
        file(
            "sources.toml",
            "[[source]]\nid = \"ledger\"\ntitle = \"Ruritanian ledger\"\nkind = \"article\"\nreliability = \"B\"\n".into(),
        ),
        file("periods.toml", periods),
        file("areas.toml", areas),
        file("events/all.toml", events),
        partners.remove(0),
        partners.remove(0),
    ]
}

/// Every token the case withholds under its ceiling.
fn withheld(case: &Case) -> Vec<String> {
    let above = |rank: usize| rank < 5 && rank > case.ceiling;
    let mut tokens = Vec::new();
    for (i, &r) in case.events.iter().enumerate() {
        if above(r) {
            tokens.extend([token('e', i), token('s', i), format!("event-{i}")]);
        }
    }
    for (f, &r) in case.figures.iter().enumerate() {
        if above(r) {
            tokens.push(format!("wqfig{f}x"));
        }
    }
    let records = [('f', &case.figures[..]), ('p', &case.partners[..])];
    let more = [('r', &case.periods[..]), ('a', &case.areas[..])];
    for (kind, ranks) in records.into_iter().chain(more) {
        for (i, &r) in ranks.iter().enumerate() {
            if above(r) {
                tokens.push(token(kind, i));
            }
        }
    }
    tokens
}

fn released(files: &[DataFile], ceiling: usize) -> Dataset {
    let dataset = Dataset::from_files(files).expect("the random dataset is valid");
    dataset
        .release(&MarkingScale::tlp(), Some(ceiling))
        .expect("every marking is a TLP level")
        .dataset
}

fn generator(parts_above: usize) -> Generator {
    let mut briefing = Briefing::new(NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date"));
    briefing.marking = MarkingSettings {
        scale: MarkingScale::tlp(),
        portion: true,
        configured: true,
    };
    Generator::new(None, briefing)
        .expect("built-in templates")
        .parts_above(parts_above)
}

/// Each report's PDF text, Typst source, HTML page and DOCX text, and the chronology laid out in parts.
fn outputs(dataset: &Dataset) -> Vec<(String, String)> {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let reports = [
        Report::Partner("freedonia".into()),
        Report::Partner("sylvania".into()),
        Report::Period("era-0".into()),
        Report::Area("area-0".into()),
        Report::Chronology(EventFilter::default()),
    ];
    let mut out = Vec::new();
    for (n, report) in reports.into_iter().enumerate() {
        for (format, ext) in [
            (Format::Pdf(PdfStandards::NONE), "pdf"),
            (Format::Typst, "typ"),
            (Format::Html, "html"),
            (Format::Docx, "docx"),
        ] {
            let path = dir.path().join(format!("{n}.{ext}"));
            let request = Request {
                report: report.clone(),
                format,
                output: Output::File(path.clone()),
            };
            generator(1000)
                .generate(dataset, &request)
                .expect("the report renders");
            out.push((format!("{n}.{ext}"), read(&path, dataset)));
        }
    }
    let path = dir.path().join("parts.pdf");
    let request = Request {
        report: Report::Chronology(EventFilter::default()),
        format: Format::Pdf(PdfStandards::NONE),
        output: Output::File(path.clone()),
    };
    generator(1)
        .generate(dataset, &request)
        .expect("the chronology renders in parts");
    out.push(("parts.pdf".into(), read(&path, dataset)));
    out
}

/// A file's text: a PDF's extracted text with whitespace folded, the dataset's version (the
/// fingerprint of the files read) left out.
fn read(path: &std::path::Path, dataset: &Dataset) -> String {
    let bytes = std::fs::read(path).expect("written");
    let text = if bytes.starts_with(b"%PDF-") {
        pdf_extract::extract_text_from_mem(&bytes).expect("text extracts")
    } else if bytes.starts_with(b"PK") {
        docx_text::text(&bytes)
    } else {
        String::from_utf8(bytes).expect("UTF-8")
    };
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    folded.replace(&dataset.fingerprint(), "")
}

proptest! {
    // Each case renders sixteen documents: a handful of cases.
    #![proptest_config(ProptestConfig { cases: 8, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn nothing_above_the_ceiling_reaches_any_report(case in case()) {
        let full = released(&files(&case, &|_| false), case.ceiling);
        let alone = released(&files(&case, &|r| r < 5 && r > case.ceiling), case.ceiling);
        let outputs = outputs(&full);
        for (name, text) in &outputs {
            for token in withheld(&case) {
                prop_assert!(!text.contains(&token), "{token} withheld but in {name}: {text}");
            }
        }
        // The released events do print: a test that can fail.
        let chronology = &outputs.iter().find(|(n, _)| n == "4.pdf").expect("chronology").1;
        for (i, &r) in case.events.iter().enumerate() {
            if r == 5 || r <= case.ceiling {
                prop_assert!(chronology.contains(&token('e', i)), "event-{i} released but missing");
            }
        }
        // Every count is that of the released records alone.
        prop_assert_eq!(outputs, self::outputs(&alone));
    }
}

/// Every page's text, whitespace folded.
fn page_texts(path: &std::path::Path) -> Vec<String> {
    let bytes = std::fs::read(path).expect("written");
    pdf_extract::extract_text_from_mem_by_pages(&bytes)
        .expect("text extracts")
        .iter()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
fn every_paragraph_from_a_record_starts_with_its_mark_and_every_page_has_the_banner() {
    // Events at CLEAR, GREEN, AMBER, unmarked (CLEAR) and RED; released up to AMBER.
    let case = Case {
        events: vec![0, 1, 2, 5, 4, 1],
        figures: vec![2, 0],
        partners: [1, 0],
        periods: [0, 2],
        areas: [0, 0],
        ceiling: 2,
    };
    let dataset = released(&files(&case, &|_| false), case.ceiling);
    let dir = tempfile::TempDir::new().expect("temp dir");
    let marks = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED", "CLEAR"];
    for (n, report) in [
        Report::Partner("freedonia".into()),
        Report::Chronology(EventFilter::default()),
    ]
    .into_iter()
    .enumerate()
    {
        let path = dir.path().join(format!("{n}.pdf"));
        let request = Request {
            report,
            format: Format::Pdf(PdfStandards::NONE),
            output: Output::File(path.clone()),
        };
        generator(1000)
            .generate(&dataset, &request)
            .expect("renders");
        let pages = page_texts(&path);
        for (p, page) in pages.iter().enumerate() {
            // The banner is the highest level present (AMBER), in header and footer.
            assert_eq!(page.matches("TLP:AMBER").count(), 2, "page {p}: {page}");
            assert!(!page.contains("TLP:CLEAR"), "page {p}: {page}");
        }
        let text = pages.join(" ");
        let mut checked = 0;
        for (i, &rank) in case.events.iter().enumerate() {
            let title = format!("Talks {}", token('e', i));
            if rank != 5 && rank > case.ceiling {
                assert!(!text.contains(&title), "{title} withheld: {text}");
                continue;
            }
            // Every line from the record (entry, list item, conflict line) starts with its
            // mark; a table row starts with it in its first cell, the date.
            let mark = format!("({}) {title}", marks[rank]);
            let row = format!("({}) March {} {title}", marks[rank], 2000 + 2 * i);
            let marked = text.matches(&mark).count() + text.matches(&row).count();
            assert_eq!(text.matches(&title).count(), marked, "{mark}: {text}");
            checked += marked;
        }
        assert!(checked >= 3, "{text}");
        if n == 0 {
            assert!(text.contains("(GREEN) Profile Wqp000x"), "{text}");
            assert!(
                text.contains(&format!("(AMBER) 10 units {}", token('f', 0))),
                "{text}"
            );
        } else {
            assert!(text.contains("(CLEAR) Era text Wqr000x"), "{text}");
        }
    }
}
