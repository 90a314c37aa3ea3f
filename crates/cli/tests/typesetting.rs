//! What a reader sees on the built-in reports' pages, read back from the PDFs: titles of
//! filtered chronologies, the cover's counts, the key facts of a thin brief, the dataset's
//! imprint and the tables' headers.

mod util;

use std::path::Path;

use util::{attache, pdf_text};

/// Renders a report with `args` in `dir` and gives its text.
fn render(dir: &Path, args: &[&str]) -> String {
    let out = dir.join("out.pdf");
    attache(dir)
        .args(args)
        .arg("-o")
        .arg(&out)
        .arg("-q")
        .assert()
        .success();
    // A date's hyphen is a no-break hyphen ("2010-cu").
    pdf_text(&out).replace('\u{2011}', "-")
}

#[test]
fn filtered_chronologies_have_titles_a_person_would_write() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cases: [(&[&str], &str); 6] = [
        (
            &[
                "chronology",
                "--partner",
                "georgia",
                "--from",
                "2016",
                "--to",
                "2020",
            ],
            "Georgia, 2016–2020",
        ),
        (
            &[
                "chronology",
                "--partner",
                "turkey",
                "--from",
                "2010",
                "--kind",
                "agreement",
            ],
            "Türkiye: agreements since 2010",
        ),
        (
            &[
                "chronology",
                "--partner",
                "turkey",
                "--from",
                "2010",
                "--kind",
                "agreement",
                "--lang",
                "ru",
            ],
            "Türkiye: соглашения с 2010 г.",
        ),
        (
            &[
                "chronology",
                "--partner",
                "turkey",
                "--from",
                "2010",
                "--kind",
                "agreement",
                "--lang",
                "az",
            ],
            "Türkiye: 2010-cu ildən bəri sazişlər",
        ),
        (
            &[
                "chronology",
                "--partner",
                "georgia",
                "--from",
                "2016",
                "--to",
                "2020",
                "--lang",
                "ru",
            ],
            "Georgia, 2016–2020 гг.",
        ),
        (
            &["chronology", "--kind", "exercise", "--to", "2015"],
            "Exercises up to 2015",
        ),
    ];
    for (args, title) in cases {
        let text = render(dir.path(), args);
        assert!(
            text.contains(title),
            "{args:?}: no {title:?} in {text:.300}"
        );
    }
}

#[test]
fn the_chronology_cover_counts_periods_not_groups() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = render(dir.path(), &["chronology"]);
    // Five named periods; the events of 1942–1988 fall in none and are a group of their own.
    assert!(text.contains("PERIODS 5"), "{text:.400}");
    assert!(text.contains("Other years (1942 – 1988)"), "{text:.1200}");
    assert!(!text.contains("Between the defined periods"));
}

#[test]
fn a_thin_brief_shows_what_there_is_and_says_what_its_data_is() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Jordan: a profile and its sources, no event, no figure.
    let text = render(dir.path(), &["report", "partner", "jordan"]);
    assert!(!text.contains("KEY FACTS"), "{text}");
    assert!(!text.contains("Recorded events"), "{text}");
    assert!(!text.contains("DATASET"), "{text}");
    assert!(text.contains("DATA AS OF 2025"), "{text}");
    let imprint = text
        .split("International military cooperation of the Republic of Azerbaijan. Data version ")
        .nth(1)
        .expect("the imprint names the dataset and its version");
    let version: String = imprint
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    assert_eq!(version.len(), 8, "{imprint}");
    assert!(
        imprint.contains(
            ": a fingerprint of the data files, which changes whenever they do. Newest source: 2025. Generated on 1 January 2026."
        ),
        "{imprint}"
    );
    // A brief with events shows only the counts that are not zero.
    let text = render(dir.path(), &["report", "partner", "malaysia"]);
    assert!(!text.contains(" 0 "), "a zero in {text}");
    // In Azerbaijani, the same in its words.
    let text = render(dir.path(), &["report", "partner", "jordan", "--lang", "az"]);
    assert!(text.contains("MƏLUMATLARIN TARİXİ 2025"), "{text}");
    assert!(text.contains("Məlumatların versiyası "), "{text}");
}

#[test]
fn the_exercises_table_is_headed_activity() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = render(dir.path(), &["report", "partner", "turkey"]);
    let exercises = text
        .split("Exercises and training")
        .nth(2)
        .expect("the section after the key fact of the same name");
    assert!(
        exercises
            .trim_start()
            .starts_with("Date Activity Participants"),
        "{exercises:.200}"
    );
    let legal = text.split("Legal basis").nth(1).expect("legal basis");
    assert!(legal.contains("Date Instrument Parties"), "{legal:.300}");
}
