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
    pdf_text(&out)
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
