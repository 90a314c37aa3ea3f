//! Every report, in every language, about a state other than the built-in one: the fictional
//! Ruritania of `tests/fixtures/ruritania`, whose records are translated into Azerbaijani and
//! Russian. An Azerbaijani or Russian report must hold no English word but names and
//! quotations, and no report may name Azerbaijan.

use std::collections::BTreeSet;
use std::path::Path;

use attache_core::{Dataset, DateSpan, EventFilter, EventKind};
use attache_generator::{Briefing, Format, Generator, Output, PdfStandards, Report, Request};
use chrono::NaiveDate;

const LANGUAGES: [&str; 3] = ["en", "az", "ru"];

/// Words a report may print in any language: names and quotations. The source's title,
/// author, publisher and locators are cited as the document has them; aliases, the partner's
/// native name and the dataset-language name are names; ISO codes, the TLP marking, source
/// grades (reliability letters A-F) and the program's name are codes.
const ALLOWED: &[&str] = &[
    "Annals",
    "of",
    "the",
    "Strelsau",
    "Garrison",
    "Rudolf",
    "Rassendyll",
    "Zenda",
    "Castle",
    "Press",
    "Book",
    "chapter",
    "table",
    "I",
    "II",
    "III",
    "Grand",
    "Fenwick",
    "Duchy",
    "Northern",
    "Defence",
    "League",
    "NDL",
    "GFW",
    "RUR",
    "TLP",
    "AMBER",
    "A",
    "B",
    "C",
    "D",
    "E",
    "F",
    "attache",
];

fn ruritania() -> Dataset {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/ruritania");
    Dataset::load_dir(&dir).expect("the Ruritania fixture loads")
}

fn repo_file(path: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path);
    std::fs::read_to_string(path).expect("readable")
}

fn generator(settings: &str) -> Generator {
    let date = NaiveDate::from_ymd_opt(2026, 1, 1).expect("a real date");
    let briefing = Briefing::parse("briefing.toml", settings, None, date).expect("valid settings");
    Generator::new(None, briefing).expect("built-in templates")
}

/// Every kind of report, the chronology laid out in one piece, filtered and in parts.
fn reports() -> Vec<(String, Report, bool)> {
    let filter = EventFilter {
        partners: vec!["fenwick".into()],
        kinds: vec![EventKind::Procurement, EventKind::Agreement],
        from: Some("1904-09".parse().expect("date")),
        to: Some("1909".parse().expect("date")),
        ..EventFilter::default()
    };
    let span = DateSpan::new(Some("1905-05".parse().expect("date")), None);
    vec![
        ("partner".into(), Report::Partner("fenwick".into()), false),
        (
            "organisation".into(),
            Report::Partner("league".into()),
            false,
        ),
        (
            "period".into(),
            Report::Period("founding-1900-1909".into()),
            false,
        ),
        ("span".into(), Report::Span(span), false),
        (
            "type".into(),
            Report::Area("military-technical".into()),
            false,
        ),
        (
            "chronology".into(),
            Report::Chronology(EventFilter::default()),
            false,
        ),
        (
            "filtered chronology".into(),
            Report::Chronology(filter),
            false,
        ),
        (
            "chronology in parts".into(),
            Report::Chronology(EventFilter::default()),
            true,
        ),
    ]
}

/// The PDF of a report and its text, whitespace folded.
fn render(
    generator: Generator,
    dataset: &Dataset,
    report: Report,
    parts: bool,
) -> (Vec<u8>, String) {
    let generator = if parts {
        generator.parts_above(0)
    } else {
        generator
    };
    let dir = tempfile::TempDir::new().expect("temp dir");
    let path = dir.path().join("report.pdf");
    let request = Request {
        report,
        format: Format::Pdf(PdfStandards::NONE),
        output: Output::File(path.clone()),
    };
    let generated = generator
        .generate(dataset, &request)
        .expect("the report renders");
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    let bytes = std::fs::read(&path).expect("written");
    let text = pdf_extract::extract_text_from_mem(&bytes).expect("text extracts");
    // Words hyphenated at a line's end come back with a soft hyphen: join them.
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // A date set apart from hyphenation is a run of its own, which the extractor may space off
    // from the parenthesis around it ("( 1912 г. )"); the page shows none.
    let folded = folded.replace("( ", "(").replace(" )", ")");
    (bytes, folded.replace(" \u{ad} ", "").replace('\u{ad}', ""))
}

/// The words of a text written in Latin letters.
fn latin_words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_owned)
        .collect()
}

/// The English words a report in `language` must not hold: every word of the English label
/// set and of the English report, less the words the language's own label set and the
/// fixture's translations use (Azerbaijani is written in Latin letters too) and the names.
fn english_words(english_report: &str, language: &str) -> BTreeSet<String> {
    let ours: BTreeSet<String> =
        latin_words(&repo_file(&format!("templates/labels/{language}.toml")))
            .union(&translations_in(language))
            .map(|w| w.to_lowercase())
            .collect();
    latin_words(&repo_file("templates/labels/en.toml"))
        .union(&latin_words(english_report))
        .filter(|w| w.len() > 1 && !ALLOWED.contains(&w.as_str()))
        .filter(|w| !ours.contains(&w.to_lowercase()))
        .cloned()
        .collect()
}

/// The Latin-letter words of the fixture's `language` translations.
fn translations_in(language: &str) -> BTreeSet<String> {
    let dataset = ruritania();
    let mut words = BTreeSet::new();
    let mut add = |t: &attache_core::Translations| {
        for text in t.0.get(language).into_iter().flat_map(|f| f.values()) {
            words.extend(latin_words(text));
        }
    };
    dataset.events().iter().for_each(|e| add(&e.translations));
    dataset.partners().iter().for_each(|p| add(&p.translations));
    dataset.periods().iter().for_each(|p| add(&p.translations));
    dataset.areas().iter().for_each(|a| add(&a.translations));
    dataset.figures().for_each(|f| add(&f.translations));
    words
}

#[test]
fn every_report_speaks_its_language_and_names_its_own_state() {
    let dataset = ruritania();
    for (name, report, parts) in reports() {
        let mut texts = Vec::new();
        for language in LANGUAGES {
            let settings = format!("language = \"{language}\"\n");
            let (_, text) = render(generator(&settings), &dataset, report.clone(), parts);
            texts.push((language, text));
        }
        let english = &texts[0].1;
        for (language, text) in &texts {
            for state in ["Azerbaijan", "Azərbaycan", "Азербайджан"] {
                assert!(
                    !text.contains(state),
                    "{name} ({language}) names {state}:\n{text}"
                );
            }
            let subject = match *language {
                "en" => "Ruritania",
                "az" => "Ruritaniya",
                _ => "Руритани",
            };
            assert!(
                text.contains(subject),
                "{name} ({language}) lacks {subject}:\n{text}"
            );
            if *language == "en" {
                continue;
            }
            // The dataset's fingerprint is printed as its version.
            // (The imprint's run of digits and letters may come back split in two.)
            let fingerprint = dataset.fingerprint();
            let mut text = text.replace(&fingerprint, "");
            for cut in 1..fingerprint.len() {
                let split = format!("{} {}", &fingerprint[..cut], &fingerprint[cut..]);
                text = text.replace(&split, "");
            }
            let leftovers: Vec<String> = if *language == "ru" {
                // Russian has no Latin letters of its own: every Latin word is a leftover.
                latin_words(&text)
                    .into_iter()
                    .filter(|w| !ALLOWED.contains(&w.as_str()))
                    .collect()
            } else {
                let english = english_words(english, language);
                latin_words(&text).intersection(&english).cloned().collect()
            };
            assert!(
                leftovers.is_empty(),
                "English left in the {name} ({language}): {leftovers:?}\n{text}"
            );
        }
    }
}

#[test]
fn azerbaijani_capitals_keep_the_dotted_i_and_markings_stay_as_written() {
    let dataset = ruritania();
    let settings =
        "language = \"az\"\norganization = \"Müdafiə Nazirliyi\"\nclassification = \"TLP:AMBER\"\n";
    let (bytes, text) = render(
        generator(settings),
        &dataset,
        Report::Partner("fenwick".into()),
        false,
    );
    // The title block's kicker is letter-spaced: compare without spaces.
    let compact = text.replace(' ', "");
    for expected in ["TARİX", "NAZİRLİYİ", "MÜNASİBƏT", "SAZİŞ", "TLP:AMBER"] {
        assert!(compact.contains(expected), "lacks {expected}:\n{text}");
    }
    for wrong in ["TARIX", "NAZIRLIYI", "MÜNASIBƏT"] {
        assert!(!compact.contains(wrong), "has {wrong}:\n{text}");
    }
    let keywords = pdf_keywords(&bytes);
    assert!(
        keywords.contains("hərbi əməkdaşlıq") && keywords.contains("Ruritaniya"),
        "{keywords}"
    );
    assert!(!keywords.contains("military"), "{keywords}");
}

#[test]
fn russian_dates_counts_predecessors_and_disputed_figures_take_their_cases() {
    let dataset = ruritania();
    let (_, text) = render(
        generator("language = \"ru\"\n"),
        &dataset,
        Report::Partner("fenwick".into()),
        false,
    );
    for expected in [
        "15 сентября 1904 г.",
        "Начало 1908 г.",
        "Не позднее мая 1909 г.",
        "С 1915 г.",
        "(4 события)",
        "(2 события)",
        "Не позднее 1902 г. (предположительно)",
        "СТАРЫЙ ФЕНВИК (ГОСУДАРСТВО-ПРЕДШЕСТВЕННИК)",
        "Государства-предшественники: Старый Фенвик.",
        "События государств-предшественников (Старый Фенвик)",
        "Источники расходятся: 1 150 (1912 г.)",
        "стратегический партнёр",
        "ПЛАНИРУЕТСЯ",
        "Летописи стрелзаусского гарнизона",
        "Великий Фенвик",
    ] {
        assert!(text.contains(expected), "lacks {expected:?}:\n{text}");
    }
}

#[test]
fn untranslated_text_falls_back_to_the_data_language_and_is_marked() {
    // The built-in dataset is not translated: an Azerbaijani brief says so once.
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/minimal");
    let dataset = Dataset::load_dir(&data).expect("the minimal fixture loads");
    let (_, text) = render(
        generator("language = \"az\"\n"),
        &dataset,
        Report::Partner("turkey".into()),
        false,
    );
    assert!(
        text.contains("tərcümə olunmayıb və ingilis dilində verilir"),
        "{text}"
    );
}

/// The Keywords entry of a PDF's document information.
fn pdf_keywords(bytes: &[u8]) -> String {
    let document = lopdf::Document::load_mem(bytes).expect("the PDF parses");
    let info = document
        .trailer
        .get(b"Info")
        .and_then(|i| document.dereference(i))
        .expect("an Info dictionary")
        .1
        .as_dict()
        .expect("a dictionary")
        .clone();
    let Ok(lopdf::Object::String(bytes, _)) = info.get(b"Keywords") else {
        panic!("no Keywords string: {info:?}");
    };
    // A PDF text string is UTF-16BE after a byte-order mark, or PDFDocEncoding.
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => {
            let units: Vec<u16> = utf16
                .chunks(2)
                .map(|p| u16::from_be_bytes([p[0], *p.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        None => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// An older Ruritania for `--since`: every kind of change the "Changes since" section words.
fn older_ruritania() -> attache_generator::Baseline {
    let dataset = ruritania();
    let date = NaiveDate::from_ymd_opt(2025, 12, 1).expect("a real date");
    let snapshot =
        attache_core::Snapshot::whole(&dataset, &dataset.events().iter().collect::<Vec<_>>(), date);
    let mut json: serde_json::Value = serde_json::from_str(&snapshot.to_json()).expect("JSON");
    let events = json["events"].as_array_mut().expect("events");
    let find = |events: &mut Vec<serde_json::Value>, id: &str| {
        events
            .iter()
            .position(|e| e["id"] == id)
            .expect("a fixture event")
    };
    // Added since: the staff talks. Withdrawn since: a record the newer version lacks.
    let at = find(events, "gfw-1915-staff-talks");
    let mut withdrawn = events.remove(at);
    withdrawn["id"] = "gfw-1911-withdrawn-record".into();
    events.push(withdrawn);
    // Date made more precise, and a detail changed.
    let at = find(events, "gfw-1904-training-agreement");
    events[at]["date"] = "1904".into();
    events[at]["location"] = "Somewhere".into();
    // Title and summary reworded.
    let at = find(events, "gfw-1908-rifle-purchase");
    events[at]["title"] = "Earlier title".into();
    events[at]["summary"] = "Earlier summary.".into();
    // Date moved, a partner and a source more.
    let at = find(events, "gfw-1909-rifle-purchase");
    events[at]["date"] = "1907".into();
    events[at]["partners"] = serde_json::json!(["fenwick", "league"]);
    events[at]["sources"]
        .as_array_mut()
        .expect("sources")
        .push(serde_json::json!({"id": "annals", "locator": "Book I"}));
    // A figure's value.
    for figure in json["figures"].as_array_mut().expect("figures") {
        if figure["id"] == "officers-trained-abroad" {
            figure["value"] = "900".into();
        }
    }
    let text = json.to_string();
    let older = attache_core::Snapshot::from_json(&text, "older").expect("a snapshot");
    attache_generator::Baseline {
        dataset: older.into_dataset(),
        withheld: BTreeSet::new(),
        date: Some(date.into()),
    }
}

#[test]
fn the_changes_section_speaks_every_language() {
    let dataset = ruritania();
    let mut texts = Vec::new();
    for language in LANGUAGES {
        let settings = format!("language = \"{language}\"\n");
        let since = generator(&settings).since(Some(older_ruritania()));
        let (_, changed) = render(since, &dataset, Report::Partner("fenwick".into()), false);
        // The same data as the baseline, known only by its version: nothing changed.
        let same = attache_generator::Baseline {
            dataset: ruritania(),
            withheld: BTreeSet::new(),
            date: None,
        };
        let since = generator(&settings).since(Some(same));
        let (_, unchanged) = render(since, &dataset, Report::Partner("fenwick".into()), false);
        texts.push((language, format!("{changed}\n{unchanged}")));
    }
    let english = &texts[0].1;
    for expected in [
        "Changes since 1 December 2025",
        "Added: 1 · Corrected: 4 · Withdrawn: 1",
        "date made more precise (1904 → 15 September 1904); details changed",
        "summary reworded; title reworded",
        "date changed (1907 → May 1909)",
        "partners changed; sources changed",
        "value changed",
        "A bar in the margin of the chronology marks each entry added since.",
        "Changes since dataset version",
        "No record shown here was added, corrected or withdrawn.",
    ] {
        assert!(
            english.contains(expected),
            "{expected:?} missing:\n{english}"
        );
    }
    for (language, text) in &texts[1..] {
        let leftovers: Vec<String> = if *language == "ru" {
            latin_words(text)
                .into_iter()
                .filter(|w| !ALLOWED.contains(&w.as_str()))
                .filter(|w| !dataset.fingerprint().contains(w.as_str()))
                .collect()
        } else {
            let english = english_words(english, language);
            latin_words(text).intersection(&english).cloned().collect()
        };
        assert!(
            leftovers.is_empty(),
            "English left in the changes ({language}): {leftovers:?}\n{text}"
        );
    }
}
