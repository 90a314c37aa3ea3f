//! HTML reports: every report of the built-in data as a site, each page checked as a browser
//! and a screen reader would meet it (one `h1`, no skipped heading level, `lang` set, table
//! headers, every internal link resolving, notes linked both ways, the marking at top and
//! bottom), the same events and notes as the PDF, hostile data printed verbatim, and, where
//! Chromium is installed, a page loaded in a real browser.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use attache_core::{DataFile, Dataset};
use attache_generator::{
    Briefing, Format, Generator, Output, PdfStandards, Report, Request, SITE_INDEX,
};
use chrono::NaiveDate;
use scraper::{ElementRef, Html, Selector};

fn briefing() -> Briefing {
    Briefing::new(NaiveDate::from_ymd_opt(2026, 1, 1).expect("a real date"))
}

fn generator() -> Generator {
    Generator::new(None, briefing()).expect("built-in templates")
}

fn real_dataset() -> Dataset {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    Dataset::load_dir(&data).expect("the built-in dataset loads")
}

fn select(selector: &str) -> Selector {
    Selector::parse(selector).expect("a valid selector")
}

/// The text of an element, whitespace folded.
fn text(element: ElementRef<'_>) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every report of `dataset` written as a site into `dir`: the page names and their HTML.
fn site(dataset: &Dataset, dir: &Path) -> BTreeMap<String, Html> {
    let generator = generator();
    let outcomes = generator.generate_all(dataset, Format::Html, dir.to_owned(), &|_| {});
    let reports: Vec<Report> = outcomes
        .into_iter()
        .map(|(report, outcome)| {
            outcome.unwrap_or_else(|e| panic!("{} renders:\n{e}", report.file_stem()));
            report
        })
        .collect();
    generator
        .site_index(dataset, dir, &reports)
        .expect("the index is written");
    std::fs::read_dir(dir)
        .expect("the site's folder")
        .map(|entry| {
            let path = entry.expect("an entry").path();
            let name = path
                .file_name()
                .expect("a name")
                .to_string_lossy()
                .into_owned();
            let page = std::fs::read_to_string(&path).expect("UTF-8 HTML");
            (name, Html::parse_document(&page))
        })
        .collect()
}

/// What is wrong with one page on its own: headings, language, tables, notes, marking.
fn page_problems(name: &str, page: &Html, marking: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let lang = page.root_element().value().attr("lang").unwrap_or_default();
    if lang.is_empty() {
        problems.push(format!("{name}: no lang"));
    }
    let headings: Vec<usize> = page
        .select(&select("h1, h2, h3, h4, h5, h6"))
        .map(|h| usize::from(h.value().name().as_bytes()[1] - b'0'))
        .collect();
    if headings.iter().filter(|&&l| l == 1).count() != 1 || headings.first() != Some(&1) {
        problems.push(format!("{name}: not one h1 first: {headings:?}"));
    }
    if let Some(w) = headings.windows(2).find(|w| w[1] > w[0] + 1) {
        problems.push(format!(
            "{name}: heading level skipped: h{} to h{}",
            w[0], w[1]
        ));
    }
    for table in page.select(&select("table")) {
        if table
            .select(&select("thead th[scope=col]"))
            .next()
            .is_none()
        {
            problems.push(format!("{name}: a table without column headers"));
        }
    }
    let markings: Vec<String> = page.select(&select("p.marking")).map(text).collect();
    if markings.len() != 2 || markings.iter().any(|m| m != marking) {
        problems.push(format!("{name}: markings {markings:?}"));
    }
    // Every reference to a note has an id the note links back to.
    for reference in page.select(&select("a[href^=\"#note:\"]")) {
        let id = reference.value().attr("id").unwrap_or_default();
        let href = reference.value().attr("href").unwrap_or_default();
        let note = page
            .select(&select("li[id]"))
            .find(|li| Some(li.value().attr("id").unwrap_or_default()) == href.strip_prefix('#'));
        let back = note.is_some_and(|li| {
            li.select(&select("a.back"))
                .any(|a| a.value().attr("href") == Some(&format!("#{id}")))
        });
        if id.is_empty() || !back {
            problems.push(format!("{name}: reference {href} ({id}) has no link back"));
        }
    }
    problems
}

/// The links of a site that lead nowhere: to a missing page or to an id the page lacks.
fn broken_links(site: &BTreeMap<String, Html>) -> Vec<String> {
    let with_id = select("[id]");
    let ids: BTreeMap<&str, BTreeSet<&str>> = site
        .iter()
        .map(|(name, page)| {
            let ids = page.select(&with_id).filter_map(|e| e.value().attr("id"));
            (name.as_str(), ids.collect())
        })
        .collect();
    let mut broken = Vec::new();
    for (name, page) in site {
        for link in page.select(&select("a[href]")) {
            let href = link.value().attr("href").unwrap_or_default();
            let (file, fragment) = href.split_once('#').unwrap_or((href, ""));
            let file = if file.is_empty() { name.as_str() } else { file };
            let found = ids
                .get(file)
                .is_some_and(|ids| fragment.is_empty() || ids.contains(fragment));
            if !found {
                broken.push(format!("{name}: {href}"));
            }
        }
    }
    broken
}

#[test]
fn every_report_of_the_built_in_data_is_an_accessible_page_of_one_site() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let dataset = real_dataset();
    let site = site(&dataset, dir.path());
    assert_eq!(
        site.len(),
        Report::every(&dataset).len() + 1,
        "{:?}",
        site.keys()
    );
    assert!(site.contains_key(SITE_INDEX));
    let problems: Vec<String> = site
        .iter()
        .flat_map(|(name, page)| page_problems(name, page, "UNCLASSIFIED // OPEN SOURCES"))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let broken = broken_links(&site);
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    // The index links every report; every report links back to it and to other reports.
    let index = &site[SITE_INDEX];
    let listed: BTreeSet<&str> = index
        .select(&select("main a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(listed.len(), site.len() - 1);
    let turkey = &site["partner-turkey.html"];
    let hrefs: Vec<&str> = turkey
        .select(&select("a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(hrefs.contains(&SITE_INDEX), "{hrefs:?}");
    assert!(hrefs.iter().any(|h| h.starts_with("type-")), "{hrefs:?}");
}

#[test]
fn a_page_holds_the_events_notes_and_marking_of_the_pdf() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let dataset = real_dataset();
    for report in [
        Report::Partner("turkey".into()),
        Report::Period("post-2020".into()),
        Report::Area("peacekeeping".into()),
    ] {
        let stem = report.file_stem();
        let mut files = Vec::new();
        for format in [Format::Html, Format::Pdf(PdfStandards::NONE)] {
            let path = dir.path().join(format!("{stem}.{}", format.extension()));
            let request = Request {
                report: report.clone(),
                format,
                output: Output::File(path.clone()),
            };
            generator().generate(&dataset, &request).expect("renders");
            files.push(path);
        }
        let page = Html::parse_document(&std::fs::read_to_string(&files[0]).expect("html"));
        let pdf = pdf_extract::extract_text_from_mem(&std::fs::read(&files[1]).expect("pdf"))
            .expect("text extracts");
        let pdf: String = pdf.split_whitespace().collect::<Vec<_>>().join(" ");
        let titles: Vec<String> = page.select(&select(".entry .title")).map(text).collect();
        assert!(!titles.is_empty(), "{stem}: no entries");
        for title in &titles {
            assert!(
                pdf.contains(title.as_str()),
                "{stem}: {title:?} is not in the PDF"
            );
        }
        let notes: Vec<String> = page
            .select(&select("ol.notes > li"))
            .filter_map(|li| li.value().attr("value").map(str::to_owned))
            .collect();
        let last = notes.last().expect("notes");
        assert_eq!(
            notes.len().to_string(),
            *last,
            "{stem}: notes numbered 1 to n"
        );
        assert!(
            pdf.contains(&format!("[{last}]")),
            "{stem}: the PDF has no note {last}"
        );
        assert!(
            !pdf.contains(&format!("[{}]", notes.len() + 1)),
            "{stem}: the PDF has more notes"
        );
        let sections: Vec<String> = page.select(&select("h2.numbered")).map(text).collect();
        for (n, heading) in sections.iter().enumerate() {
            assert!(
                pdf.contains(&format!("{}. {heading}", n + 1)),
                "{stem}: {heading:?}"
            );
        }
    }
}

/// A dataset whose every text is an attempt at markup, in HTML, Typst or minijinja.
fn hostile_dataset() -> (Dataset, Vec<&'static str>) {
    let hostile = vec![
        "<script>alert(1)</script>",
        "\" onmouseover=\"alert(2)\" x=\"",
        "</style><b>bold</b> &amp; &lt;",
        "<!-- comment --> <![CDATA[ x ]]>",
        r##"#read("/etc/passwd")"##,
        "{{ jinja }} {% if x %} [brackets] ~tilde \\backslash",
        "`raw` 'quotes' $x^2$ *bold* _italic_",
    ];
    let quoted = |text: &str| format!("'''{text}'''");
    let events: String = hostile
        .iter()
        .enumerate()
        .map(|(i, title)| {
            format!(
                "[[event]]\nid = \"e{i}\"\ndate = \"20{i:02}\"\ntitle = {}\nsummary = {}\nkind = \"agreement\"\nareas = [\"military\"]\npartners = [\"testland\"]\nlocation = {}\nsources = [{{ id = \"doc\", locator = {} }}]\n\n",
                quoted(title), quoted(title), quoted(title), quoted(title)
            )
        })
        .collect();
    let file = |path: &str, text: String| DataFile {
        path: path.to_owned(),
        text,
    };
    let files = vec![
        file(
            "sources.toml",
            format!(
                "[[source]]\nid = \"doc\"\ntitle = {}\nauthor = \"\"\npublisher = \"\"\ndate = \"2020\"\nkind = \"article\"\n",
                quoted(hostile[0])
            ),
        ),
        file(
            "areas.toml",
            format!(
                "[[area]]\nid = \"military\"\nname = {}\nsummary = \"Armed forces.\"\n",
                quoted(hostile[1])
            ),
        ),
        file(
            "periods.toml",
            format!(
                "[[period]]\nid = \"all\"\nname = {}\nstart = \"1990\"\nsummary = {}\nsources = [{{ id = \"doc\", locator = \"p. 1\" }}]\n",
                quoted(hostile[2]),
                quoted(hostile[3])
            ),
        ),
        file(
            "partners/testland.toml",
            format!(
                "id = \"testland\"\nname = {}\nkind = \"state\"\nrelationship = \"partner\"\nsummary = {}\nsources = [{{ id = \"doc\", locator = \"p. 2\" }}]\n",
                quoted(hostile[1]),
                quoted(hostile[0])
            ),
        ),
        file("events/all.toml", events),
    ];
    let dataset = Dataset::from_files(&files).unwrap_or_else(|e| panic!("loads:\n{e}"));
    (dataset, hostile)
}

#[test]
fn hostile_data_is_text_in_every_html_report() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let (dataset, hostile) = hostile_dataset();
    let site = site(&dataset, dir.path());
    for (name, page) in &site {
        if name == SITE_INDEX {
            continue;
        }
        let body = text(page.root_element());
        for token in &hostile {
            let token: String = token.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                body.contains(&token),
                "{name}: {token:?} not verbatim in:\n{body}"
            );
        }
        assert_eq!(
            page.select(&select("script, b, style ~ style")).count(),
            0,
            "{name}"
        );
        assert!(
            page.select(&select("[onmouseover]")).next().is_none(),
            "{name}"
        );
        assert!(!body.contains("root:"), "{name}: a file leaked");
    }
    assert!(broken_links(&site).is_empty(), "{:?}", broken_links(&site));
}

#[test]
fn a_page_loads_in_a_headless_browser() {
    let Ok(chromium) = which("chromium") else {
        eprintln!("notice: chromium is not installed; the browser check is skipped");
        return;
    };
    let dir = tempfile::TempDir::new().expect("temp dir");
    let path = dir.path().join("turkey.html");
    let request = Request {
        report: Report::Partner("turkey".into()),
        format: Format::Html,
        output: Output::File(path.clone()),
    };
    generator()
        .generate(&real_dataset(), &request)
        .expect("renders");
    let output = Command::new(chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom"])
        .arg(format!("file://{}", path.display()))
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let dom = Html::parse_document(&String::from_utf8_lossy(&output.stdout));
    let h1: Vec<String> = dom.select(&select("h1")).map(text).collect();
    assert_eq!(h1, ["Türkiye"]);
    assert!(
        dom.select(&select("figure.chart svg[role=img][aria-label]"))
            .next()
            .is_some()
    );
    let notes = dom.select(&select("ol.notes > li")).count();
    assert!(notes > 10, "{notes} notes");
}

/// The path of a program on `PATH`.
fn which(program: &str) -> Result<std::path::PathBuf, ()> {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
        .ok_or(())
}

/// The fixed words of a built-in label set, by key.
fn label_set(language: &str) -> BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../../templates/labels/{language}.toml"));
    let table: toml::Table = std::fs::read_to_string(path)
        .expect("label set readable")
        .parse()
        .expect("label set parses");
    table
        .into_iter()
        .filter_map(|(key, value)| Some((key, value.as_str()?.to_owned())))
        .collect()
}

#[test]
fn pages_speak_the_briefings_language_to_eyes_and_screen_readers() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/ruritania");
    let dataset = Dataset::load_dir(&dir).expect("the Ruritania fixture loads");
    let english = label_set("en");
    for language in ["az", "ru"] {
        let settings = format!("language = \"{language}\"\n");
        let date = NaiveDate::from_ymd_opt(2026, 1, 1).expect("a real date");
        let briefing =
            Briefing::parse("briefing.toml", &settings, None, date).expect("valid settings");
        let generator = Generator::new(None, briefing).expect("built-in templates");
        let out = tempfile::TempDir::new().expect("temp dir");
        let outcomes =
            generator.generate_all(&dataset, Format::Html, out.path().to_owned(), &|_| {});
        let reports: Vec<Report> = outcomes
            .into_iter()
            .map(|(r, o)| o.map(|_| r).expect("renders"))
            .collect();
        generator
            .site_index(&dataset, out.path(), &reports)
            .expect("index");
        let own = label_set(language);
        for entry in std::fs::read_dir(out.path()).expect("site") {
            let path = entry.expect("entry").path();
            let page = Html::parse_document(&std::fs::read_to_string(&path).expect("html"));
            let name = path.display();
            assert_eq!(
                page.root_element().value().attr("lang"),
                Some(language),
                "{name}"
            );
            let mut said: Vec<String> = vec![text(page.root_element())];
            said.extend(
                page.select(&select("[aria-label]"))
                    .filter_map(|e| e.value().attr("aria-label").map(str::to_owned)),
            );
            let said = said.join(" ");
            for (key, words) in &english {
                let translated = own.get(key).is_some_and(|own| own != words);
                let plain = !words.contains('{') && words.split_whitespace().count() >= 2;
                assert!(
                    !(translated && plain && said.contains(words.as_str())),
                    "{name} ({language}) says the English {key} {words:?}"
                );
            }
            let skip = &own["skip_to_content"];
            assert!(said.contains(skip.as_str()), "{name}: no {skip:?}");
        }
    }
}

/// A 1×1 transparent PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x64, 0x60, 0xf8, 0x5f,
    0x0f, 0x00, 0x02, 0x87, 0x01, 0x80, 0xeb, 0x47, 0xba, 0x92, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

#[test]
fn the_logo_is_embedded_with_its_alt_text() {
    let templates = tempfile::TempDir::new().expect("temp dir");
    std::fs::write(templates.path().join("logo.png"), PNG).expect("write");
    let settings = "organization = \"Ministry of Testing <MoT>\"\nlogo = \"logo.png\"\n";
    let date = NaiveDate::from_ymd_opt(2026, 1, 1).expect("a real date");
    let briefing = Briefing::parse("briefing.toml", settings, Some(templates.path()), date)
        .expect("valid settings");
    let generator = Generator::new(Some(templates.path()), briefing).expect("templates");
    let out = tempfile::TempDir::new().expect("temp dir");
    let path = out.path().join("brief.html");
    let request = Request {
        report: Report::Partner("turkey".into()),
        format: Format::Html,
        output: Output::File(path.clone()),
    };
    generator
        .generate(&real_dataset(), &request)
        .expect("renders");
    let page = Html::parse_document(&std::fs::read_to_string(&path).expect("html"));
    let img = page
        .select(&select("header.title-block img"))
        .next()
        .expect("the logo");
    assert_eq!(
        img.value().attr("alt"),
        Some("Logo of Ministry of Testing <MoT>")
    );
    assert!(
        img.value()
            .attr("src")
            .is_some_and(|s| s.starts_with("data:image/png;base64,iVBOR"))
    );
}
