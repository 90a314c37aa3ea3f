//! Typesetting checked where Typst put the text: every built-in report is laid out and its
//! pages read back as placed text runs. No heading is left at the foot of a page without its
//! first lines, headings and entry titles are set ragged (not justified), and dates never
//! break or hyphenate inside, in every language.

use std::path::Path;

use attache_core::Dataset;
use attache_generator::{Briefing, Generator, Report, Words};
use chrono::NaiveDate;
use typst::layout::{Abs, Frame, FrameItem, Point, Transform};
use typst::visualize::Paint;

/// The colour of headings and entry titles in the built-in templates (`ink`).
const INK: &str = "#1b2a41";

/// One run of text where it was placed on its page.
#[derive(Debug)]
struct Placed {
    /// Left end and baseline, in points from the page's top left corner.
    x: f64,
    y: f64,
    /// Right end, in points.
    right: f64,
    size: f64,
    bold: bool,
    ink: bool,
    text: String,
    /// The advance of each space in the run, in points: the same for every space of a font
    /// and size unless the line was justified.
    spaces: Vec<f64>,
}

impl Placed {
    /// A level-1 heading (13 pt, bold, ink).
    fn is_section_heading(&self) -> bool {
        self.bold && self.ink && (self.size - 13.0).abs() < 0.01
    }

    /// A level-2 heading: a year in a chronology, a subheading (11 pt, bold, ink).
    fn is_subheading(&self) -> bool {
        self.bold && self.ink && (self.size - 11.0).abs() < 0.01
    }

    /// A chronology entry's title (10.5 pt, bold, ink).
    fn is_entry_title(&self) -> bool {
        self.bold && self.ink && (self.size - 10.5).abs() < 0.01
    }
}

fn dataset() -> Dataset {
    Dataset::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data"))
        .expect("the built-in dataset loads")
}

/// The look of a ministry that tried the tool: a long organisation name, a logo, a TLP
/// marking and US letter paper. Reports in Azerbaijani are checked in this look.
const MINISTRY: &str = r#"
organization = "Ministry of Defence of the Republic of Ruritania, Directorate of International Military Cooperation"
classification = "TLP:AMBER"
paper = "us-letter"
logo = "logo.svg"
"#;

/// A plain logo, square.
const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120"><rect width="120" height="120" fill="#2a4d8f"/></svg>"##;

/// The generator of reports in `language`: the built-in look in English and Russian, the
/// ministry's in Azerbaijani (its templates folder holds only the logo).
fn generator(language: &str, folder: &Path) -> Generator {
    let date = NaiveDate::from_ymd_opt(2026, 1, 1).expect("a real date");
    let look = if language == "az" { MINISTRY } else { "" };
    let settings = format!("language = \"{language}\"\n{look}");
    std::fs::write(folder.join("logo.svg"), LOGO).expect("logo written");
    let briefing = Briefing::parse(
        &folder.join("briefing.toml").display().to_string(),
        &settings,
        Some(folder),
        date,
    )
    .expect("valid settings");
    Generator::new(Some(folder), briefing).expect("templates folder")
}

/// A report laid out: each page's text runs, and the page height in points.
fn pages(generator: &Generator, dataset: &Dataset, report: &Report) -> Vec<(f64, Vec<Placed>)> {
    let source = generator.source(dataset, report).expect("renders");
    let typeset = generator.typeset(&source).expect("lays out");
    typeset
        .document()
        .pages()
        .iter()
        .map(|page| {
            let mut placed = Vec::new();
            walk(&page.frame, Transform::identity(), &mut placed);
            (page.frame.height().to_pt(), placed)
        })
        .collect()
}

/// Every text run of a frame and its subframes, placed on the page.
fn walk(frame: &Frame, ts: Transform, out: &mut Vec<Placed>) {
    walk_all(frame, ts, out, &mut Vec::new());
}

/// Every text run and image of a frame and its subframes, placed on the page; an image as its
/// left, top, right and bottom edges in points.
fn walk_all(frame: &Frame, ts: Transform, out: &mut Vec<Placed>, images: &mut Vec<[f64; 4]>) {
    for (pos, item) in frame.items() {
        match item {
            FrameItem::Group(group) => {
                let inner = ts
                    .pre_concat(Transform::translate(pos.x, pos.y))
                    .pre_concat(group.transform);
                walk_all(&group.frame, inner, out, images);
            }
            FrameItem::Image(_, size, _) => {
                let from = pos.transform(ts);
                let to = Point::new(pos.x + size.x, pos.y + size.y).transform(ts);
                images.push([from.x.to_pt(), from.y.to_pt(), to.x.to_pt(), to.y.to_pt()]);
            }
            FrameItem::Text(text) => {
                let at = pos.transform(ts);
                let end = Point::new(pos.x + text.width(), pos.y).transform(ts);
                let spaces = text
                    .glyphs
                    .iter()
                    .filter(|g| &text.text[g.range()] == " ")
                    .map(|g| g.x_advance.at(text.size).to_pt())
                    // The space where a line was broken takes no room.
                    .filter(|&width| width > 0.01)
                    .collect();
                out.push(Placed {
                    x: at.x.to_pt(),
                    y: at.y.to_pt(),
                    right: end.x.to_pt(),
                    size: text.size.to_pt(),
                    bold: text.font.info().variant.weight.to_number() >= 600,
                    ink: matches!(&text.fill, Paint::Solid(c) if c.to_hex() == INK),
                    text: text.text.to_string(),
                    spaces,
                });
            }
            _ => {}
        }
    }
}

/// The body of a page: what lies between the running header and footer (the page's top
/// and bottom margins, 2.5 cm and 2.3 cm).
fn body(height: f64, placed: &[Placed]) -> impl Iterator<Item = &Placed> {
    let top = Abs::cm(2.5).to_pt();
    let bottom = height - Abs::cm(2.3).to_pt();
    placed.iter().filter(move |p| p.y > top && p.y < bottom)
}

/// The lines of a page: runs on one baseline, split where a gap wider than a word space
/// separates columns, each joined into text with no-break spaces made plain, with the type
/// size of its last run.
fn lines(placed: &[&Placed]) -> Vec<(String, f64)> {
    let mut runs: Vec<&Placed> = placed.to_vec();
    runs.sort_by_key(|p| (p.y.round() as i64, p.x as i64));
    let mut lines: Vec<(String, f64)> = Vec::new();
    let mut last: Option<&Placed> = None;
    for run in runs {
        let joined = last.is_some_and(|l| (l.y - run.y).abs() < 0.6 && run.x - l.right < 6.0);
        let text = run.text.replace('\u{a0}', " ");
        match lines.last_mut() {
            Some((line, size)) if joined => {
                line.push_str(&text);
                *size = run.size;
            }
            _ => lines.push((text, run.size)),
        }
        last = Some(run);
    }
    lines
}

/// The reports checked in a language: every built-in report in English and Azerbaijani; in
/// Russian, the briefs with the most dates, and the chronology.
fn reports(dataset: &Dataset, language: &str) -> Vec<Report> {
    if language != "ru" {
        return Report::every(dataset);
    }
    vec![
        Report::Partner("turkey".into()),
        Report::Partner("russia".into()),
        Report::Partner("georgia".into()),
        Report::Chronology(attache_core::EventFilter::default()),
    ]
}

/// What a check is given of one page: the report's language, the report, the page's number,
/// its height and its text.
type Page<'a> = (&'a str, &'a Report, usize, f64, &'a [Placed]);

/// Checks `check` on every page of every report in every language, collecting what fails.
fn each_page(check: impl Fn(Page<'_>) -> Vec<String>) {
    let dataset = dataset();
    let folder = tempfile::tempdir().expect("temp dir");
    let mut failures = Vec::new();
    for language in ["en", "az", "ru"] {
        let generator = generator(language, folder.path());
        for report in reports(&dataset, language) {
            for (n, (height, placed)) in pages(&generator, &dataset, &report).iter().enumerate() {
                failures.extend(check((language, &report, n + 1, *height, placed)));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_heading_is_left_at_the_foot_of_a_page() {
    each_page(|(language, report, page, height, placed)| {
        let body: Vec<&Placed> = body(height, placed).collect();
        let is_heading = |p: &Placed| p.is_section_heading() || p.is_subheading();
        let Some(heading) = body
            .iter()
            .filter(|p| is_heading(p))
            .max_by(|a, b| a.y.total_cmp(&b.y))
        else {
            return Vec::new();
        };
        // A level-1 heading may wrap its span, in smaller type, onto a line of its own.
        let own_lines = if heading.is_section_heading() {
            16.0
        } else {
            2.0
        };
        // The lines under it, each marked when it is plain body text (10.5 pt, neither bold nor
        // a link).
        let mut below: Vec<(i64, bool)> = Vec::new();
        let mut runs: Vec<&&Placed> = body
            .iter()
            .filter(|p| !is_heading(p) && p.y > heading.y + own_lines)
            .collect();
        runs.sort_by(|a, b| a.y.total_cmp(&b.y));
        for run in runs {
            let plain = (run.size - 10.5).abs() < 0.01 && !run.bold && !run.ink;
            match below.last_mut() {
                Some((y, all_plain)) if *y == run.y.round() as i64 => *all_plain &= plain,
                _ => below.push((run.y.round() as i64, plain)),
            }
        }
        // Its first lines: something past the introduction, whose plain lines come first (a
        // table's header and first row, a list's first entry, a chronology entry). A heading
        // with only its introduction under it is what the reader must not meet.
        let introduction = below.iter().take_while(|(_, plain)| *plain).count();
        let kept = below.len() > introduction;
        if kept {
            Vec::new()
        } else {
            vec![format!(
                "{report:?} ({language}), page {page}: heading {:?} ends the page with {} lines, {introduction} of introduction",
                heading.text,
                below.len()
            )]
        }
    });
}

/// Whether a run is on a line of a heading or an entry's title: every run on its baseline is
/// bold ink (the title, and the date beside an entry's title) or a tag or marker in small type.
/// A bold value inside a sentence (a figure in "Where sources differ") is not a title.
fn on_title_line(run: &Placed, placed: &[Placed]) -> bool {
    placed
        .iter()
        .filter(|p| (p.y - run.y).abs() < 0.6)
        .all(|p| (p.bold && p.ink) || p.size < 7.5)
}

#[test]
fn headings_and_entry_titles_are_not_justified() {
    each_page(|(language, report, page, _, placed)| {
        let mut failures = Vec::new();
        for kind in [
            Placed::is_section_heading as fn(&Placed) -> bool,
            Placed::is_subheading,
            Placed::is_entry_title,
        ] {
            let mut widths: Vec<f64> = placed
                .iter()
                .filter(|p| kind(p) && on_title_line(p, placed))
                .flat_map(|p| p.spaces.iter().copied())
                .collect();
            widths.sort_by(f64::total_cmp);
            if let (Some(first), Some(last)) = (widths.first(), widths.last())
                && last - first > 0.05
            {
                let runs: Vec<&str> = placed
                    .iter()
                    .filter(|p| kind(p) && on_title_line(p, placed))
                    .map(|p| p.text.as_str())
                    .collect();
                failures.push(format!(
                    "{report:?} ({language}), page {page}: word spaces from {first:.2} to {last:.2} pt in {runs:?}"
                ));
            }
        }
        failures
    });
}

#[test]
fn a_kind_tag_never_starts_a_line_of_its_own() {
    let dataset = dataset();
    let folder = tempfile::tempdir().expect("temp dir");
    let generator = generator("en", folder.path());
    let report = Report::Chronology(attache_core::EventFilter::default());
    let mut failures = Vec::new();
    for (n, (_, placed)) in pages(&generator, &dataset, &report).iter().enumerate() {
        // A tag is 7 pt text; the run before it on its line is the title's last words.
        for tag in placed.iter().filter(|p| (p.size - 7.0).abs() < 0.01) {
            let before = placed.iter().any(|p| {
                (p.y - tag.y).abs() < 2.5 && p.right <= tag.x + 0.5 && tag.x - p.right < 12.0
            });
            if !before {
                failures.push(format!("page {}: tag {:?} alone", n + 1, tag.text));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The month names of a built-in label set, in lower case, in every form.
fn month_names(language: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../../templates/labels/{language}.toml"));
    let labels: toml::Table = std::fs::read_to_string(path)
        .expect("label set readable")
        .parse()
        .expect("label set parses");
    labels
        .iter()
        .filter(|(key, _)| key.starts_with("month_"))
        .filter_map(|(_, value)| value.as_str().map(str::to_lowercase))
        .collect()
}

/// The beginnings a line must never end with: each single, unqualified event date in words
/// cut after its first word and one letter or more ("10 De", "10 December 19").
fn cut_dates(dataset: &Dataset, words: &Words) -> Vec<String> {
    let mut cuts: Vec<String> = dataset
        .events()
        .iter()
        .filter(|e| e.date_qualifier.is_none() && e.end.is_none())
        .flat_map(|e| {
            let date = words.date(&e.date);
            let first = date.find(' ').unwrap_or(date.len());
            let ends: Vec<usize> = date.char_indices().map(|(i, _)| i).collect();
            ends.into_iter()
                .filter(move |&i| i > first + 1)
                .map(move |i| date[..i].trim_end().to_owned())
        })
        .collect();
    cuts.sort();
    cuts.dedup();
    cuts
}

#[test]
fn dates_never_break_or_hyphenate_inside() {
    let dataset = dataset();
    let months: Vec<String> = ["en", "az", "ru"]
        .iter()
        .flat_map(|l| month_names(l))
        .collect();
    let cuts: Vec<(&str, Vec<String>)> = ["en", "az", "ru"]
        .iter()
        .map(|l| {
            (
                *l,
                cut_dates(&dataset, &Words::built_in(l).expect("built-in words")),
            )
        })
        .collect();
    each_page(|(language, report, page, height, placed)| {
        let body: Vec<&Placed> = body(height, placed).collect();
        let mut failures = Vec::new();
        let cuts = &cuts
            .iter()
            .find(|(l, _)| *l == language)
            .expect("a language")
            .1;
        for (line, size) in lines(&body) {
            let cut = line
                .strip_suffix('-')
                .or_else(|| line.strip_suffix('\u{ad}'))
                .unwrap_or(&line);
            // No month name cut by a hyphen after a day or a range's dash ("10 De-cember"):
            // elsewhere, in the data's own prose, "De-" may start any word...
            let mut words = cut.rsplit(' ');
            let fragment = words.next().unwrap_or_default().to_lowercase();
            let after_date = words.next().is_some_and(|w| {
                w == "–" || w.chars().all(|c| c.is_ascii_digit()) && !w.is_empty()
            });
            let month_cut = cut.len() < line.len()
                && after_date
                && months
                    .iter()
                    .any(|m| m.starts_with(&fragment) && *m != fragment);
            // ...and no date left unfinished at the end of a line of the date column or a
            // table cell (9 pt): "10 December" | "1919".
            let date_cut = size <= 9.0
                && cuts
                    .iter()
                    .any(|c| cut == c || cut.ends_with(&format!("– {c}")));
            // ...nor a year cut from its Azerbaijani ending ("2010-" | "cu ildən").
            let year_cut = line.ends_with('-')
                && size <= 9.0
                && cut.len() >= 4
                && cut[cut.len() - 4..].bytes().all(|b| b.is_ascii_digit());
            if month_cut || date_cut || year_cut {
                failures.push(format!(
                    "{report:?} ({language}), page {page}: a date cut at the end of {line:?}"
                ));
            }
        }
        failures
    });
}

#[test]
fn the_logo_leaves_room_for_a_long_organisation_name_and_title() {
    let dataset = dataset();
    let folder = tempfile::tempdir().expect("temp dir");
    let generator = generator("az", folder.path());
    let mut failures = Vec::new();
    for report in Report::every(&dataset) {
        let source = generator.source(&dataset, &report).expect("renders");
        let typeset = generator.typeset(&source).expect("lays out");
        let first = &typeset.document().pages()[0];
        let (mut text, mut images) = (Vec::new(), Vec::new());
        walk_all(&first.frame, Transform::identity(), &mut text, &mut images);
        let [left, top, right, bottom] = *images.first().expect("the logo is printed");
        for run in text
            .iter()
            .filter(|t| t.right > left && t.x < right && t.y > top && t.y - t.size * 0.75 < bottom)
        {
            failures.push(format!("{report:?}: {:?} runs under the logo", run.text));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
