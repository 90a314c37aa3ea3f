//! Reports as Word documents: every report type from the built-in data, checked against its
//! PDF (the same event titles, note numbers and marking), hostile data as verbatim text, the
//! same bytes on every run, the styles of a user's reference document, and, where LibreOffice
//! is installed, a document it opens and converts without repair.

mod docx_text;

use std::path::{Path, PathBuf};
use std::process::Command;

use attache_core::{Dataset, EventFilter};
use attache_generator::{Briefing, Format, Generator, Output, PdfStandards, Report, Request};
use chrono::NaiveDate;

fn briefing() -> Briefing {
    Briefing::new(NaiveDate::from_ymd_opt(2026, 1, 1).expect("a real date"))
}

fn built_in() -> Dataset {
    Dataset::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data"))
        .expect("the built-in dataset loads")
}

/// One report of each type from the built-in data, with the titles of the events it holds.
fn reports(dataset: &Dataset) -> Vec<(Report, Vec<String>)> {
    let titles = |events: Vec<&attache_core::Event>| -> Vec<String> {
        events.iter().map(|e| e.title.clone()).collect()
    };
    let period = dataset
        .period("regular-army-1993-2003")
        .expect("the period");
    vec![
        (
            Report::Partner("turkey".into()),
            titles(dataset.events_with_partner("turkey").collect()),
        ),
        (
            Report::Period(period.id.clone()),
            titles(dataset.events_in_period(period).collect()),
        ),
        (
            Report::Area("military-technical".into()),
            titles(dataset.events_in_area("military-technical").collect()),
        ),
        (
            Report::Chronology(EventFilter::default()),
            titles(dataset.events().iter().collect()),
        ),
    ]
}

/// Renders a report in `format` into `dir` and gives its bytes.
fn render(
    generator: &Generator,
    dataset: &Dataset,
    report: &Report,
    format: Format,
    dir: &Path,
) -> Vec<u8> {
    let path = dir.join(format!("{}.{}", report.file_stem(), format.extension()));
    let request = Request {
        report: report.clone(),
        format,
        output: Output::File(path.clone()),
    };
    generator
        .generate(dataset, &request)
        .unwrap_or_else(|e| panic!("{} renders as {format:?}:\n{e}", report.file_stem()));
    std::fs::read(&path).expect("written")
}

/// The highest note number a text lists as `[n]`.
fn last_note(text: &str) -> usize {
    (1..)
        .take_while(|n| text.contains(&format!("[{n}]")))
        .last()
        .unwrap_or(0)
}

/// Whitespace folded to single spaces.
fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_report_type_has_the_pdfs_titles_notes_and_marking() {
    let dataset = built_in();
    let generator = Generator::new(None, briefing()).expect("built-in templates");
    let dir = tempfile::TempDir::new().expect("temp dir");
    for (report, titles) in reports(&dataset) {
        let stem = report.file_stem();
        let docx = render(&generator, &dataset, &report, Format::Docx, dir.path());
        let pdf = render(
            &generator,
            &dataset,
            &report,
            Format::Pdf(PdfStandards::NONE),
            dir.path(),
        );
        let body = docx_text::part_text(&docx, "word/document.xml").expect("a body");
        let pdf_text = fold(&pdf_extract::extract_text_from_mem(&pdf).expect("PDF text"));
        assert!(!titles.is_empty(), "{stem} has events");
        for title in &titles {
            assert!(body.contains(title.as_str()), "{stem}: {title:?} missing");
        }
        let notes = last_note(&pdf_text);
        assert!(notes > 0, "{stem}: the PDF lists notes");
        assert_eq!(last_note(&body), notes, "{stem}: the same notes as the PDF");
        assert!(!body.contains(&format!("[{}]", notes + 1)));
        let marking = "UNCLASSIFIED // OPEN SOURCES";
        assert!(pdf_text.contains(marking), "{stem}: the PDF's marking");
        for part in ["word/header1.xml", "word/footer1.xml"] {
            let text = docx_text::part_text(&docx, part).expect("a running part");
            assert!(text.contains(marking), "{stem}: marking in {part}: {text}");
        }
        let document = String::from_utf8(unzip(&docx, "word/document.xml")).expect("UTF-8");
        let styles: &[&str] = match report {
            Report::Chronology(_) => &["Heading1", "Heading2", "TOC1", "EntryHead"],
            _ => &["Heading1", "BriefTable"],
        };
        for style in styles {
            assert!(
                document.contains(&format!("w:val=\"{style}\"")),
                "{stem}: {style}"
            );
        }
    }
}

/// One part of a ZIP package, as bytes.
fn unzip(docx: &[u8], part: &str) -> Vec<u8> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a ZIP package");
    let mut bytes = Vec::new();
    archive
        .by_name(part)
        .unwrap_or_else(|_| panic!("the package has {part}"))
        .read_to_end(&mut bytes)
        .expect("readable");
    bytes
}

#[test]
fn the_document_properties_say_what_the_report_is() {
    let dataset = built_in();
    let generator = Generator::new(None, briefing()).expect("built-in templates");
    let dir = tempfile::TempDir::new().expect("temp dir");
    let report = Report::Partner("turkey".into());
    let docx = render(&generator, &dataset, &report, Format::Docx, dir.path());
    let core = String::from_utf8(unzip(&docx, "docProps/core.xml")).expect("UTF-8");
    assert!(core.contains("<dc:title>Türkiye"), "{core}");
    assert!(core.contains("<dc:language>en</dc:language>"), "{core}");
    assert!(
        core.contains("<cp:keywords>") && core.contains("Türkiye"),
        "{core}"
    );
    assert!(core.contains("<dc:creator>attache</dc:creator>"), "{core}");
    assert!(
        core.contains(">2026-01-01T00:00:00Z</dcterms:created>"),
        "{core}"
    );
    let footer = docx_text::part_text(&docx, "word/footer1.xml").expect("a footer");
    let footer_xml = String::from_utf8(unzip(&docx, "word/footer1.xml")).expect("UTF-8");
    assert!(footer_xml.contains(" PAGE ") && footer_xml.contains(" NUMPAGES "));
    assert!(footer.contains("Page"), "{footer}");
}

#[test]
fn the_same_report_gives_the_same_bytes() {
    let dataset = built_in();
    let generator = Generator::new(None, briefing()).expect("built-in templates");
    let report = Report::Partner("georgia".into());
    let a = tempfile::TempDir::new().expect("temp dir");
    let b = tempfile::TempDir::new().expect("temp dir");
    let first = render(&generator, &dataset, &report, Format::Docx, a.path());
    let second = render(&generator, &dataset, &report, Format::Docx, b.path());
    assert!(first == second, "two renders differ");
}

/// A fictional dataset whose every event title and summary is a hostile string.
fn hostile_dataset(strings: &[&str]) -> Dataset {
    let toml = |s: &str| format!("{s:?}").replace("\\'", "'");
    let events: String = strings
        .iter()
        .enumerate()
        .map(|(i, s)| {
            format!(
                "[[event]]\nid = \"e{i}\"\ndate = \"20{i:02}\"\ntitle = {}\nsummary = {}\nkind = \"agreement\"\nareas = [\"military\"]\npartners = [\"testland\"]\nsources = [{{ id = \"doc\", locator = {} }}]\n\n",
                toml(s),
                toml(&format!("Summary {s}")),
                toml(&format!("p. {i} {s}")),
            )
        })
        .collect();
    let file = |path: &str, text: &str| attache_core::DataFile {
        path: path.to_owned(),
        text: text.to_owned(),
    };
    let files = vec![
        file(
            "sources.toml",
            "[[source]]\nid = \"doc\"\ntitle = \"Document <b>&amp;</b>\"\nauthor = \"\"\npublisher = \"\"\ndate = \"2020\"\nkind = \"article\"\n",
        ),
        file(
            "areas.toml",
            "[[area]]\nid = \"military\"\nname = \"Military\"\nsummary = \"Armed forces.\"\n",
        ),
        file(
            "periods.toml",
            "[[period]]\nid = \"all\"\nname = \"All years\"\nstart = \"1990\"\nsummary = \"Everything.\"\nsources = [{ id = \"doc\", locator = \"p. 1\" }]\n",
        ),
        file(
            "partners/testland.toml",
            "id = \"testland\"\nname = \"Testland\"\nkind = \"state\"\nrelationship = \"partner\"\nsummary = \"A fictional state.\"\nsources = [{ id = \"doc\", locator = \"p. 2\" }]\n",
        ),
        file("events/all.toml", &events),
    ];
    Dataset::from_files(&files).unwrap_or_else(|d| panic!("the dataset loads:\n{d}"))
}

const HOSTILE: &[&str] = &[
    r##"#read("/etc/passwd")"##,
    "</w:t></w:r></w:p><w:p><w:r><w:t>injected",
    "<![CDATA[ x ]]> &amp; &lt;b&gt; & < > \" '",
    "$x^2$ and *bold* _italic_ = Not a heading",
    "{{ jinja }} {% if x %} [brackets] ~tilde \\backslash",
    "Azərbaycan Respublikası",
    "Вооружённые силы",
];

#[test]
fn hostile_values_are_verbatim_text_in_every_report_type() {
    let dataset = hostile_dataset(HOSTILE);
    let generator = Generator::new(None, briefing()).expect("built-in templates");
    let dir = tempfile::TempDir::new().expect("temp dir");
    for report in [
        Report::Partner("testland".into()),
        Report::Period("all".into()),
        Report::Area("military".into()),
        Report::Chronology(EventFilter::default()),
    ] {
        let docx = render(&generator, &dataset, &report, Format::Docx, dir.path());
        let text = docx_text::text(&docx);
        for s in HOSTILE {
            assert!(
                text.contains(s),
                "{}: {s:?} not verbatim in:\n{text}",
                report.file_stem()
            );
        }
        assert!(!text.contains("root:"), "file contents leaked");
        let document = String::from_utf8(unzip(&docx, "word/document.xml")).expect("UTF-8");
        assert!(!document.contains("<w:t>injected"), "markup injected");
        assert_eq!(
            document.matches("<w:p>").count(),
            document.matches("</w:p>").count(),
            "paragraphs balance"
        );
    }
}

/// A minimal DOCX package holding `styles` as its styles part.
fn reference_with_styles(styles: &str) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("word/styles.xml", options).expect("entry");
    zip.write_all(styles.as_bytes()).expect("write");
    zip.finish().expect("finish").into_inner()
}

#[test]
fn a_reference_docx_in_the_templates_folder_gives_its_styles() {
    let dataset = built_in();
    let templates = tempfile::TempDir::new().expect("temp dir");
    let styles = r#"<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:rPr><w:color w:val="FF0000"/></w:rPr></w:style><!-- house style --></w:styles>"#;
    std::fs::write(
        templates.path().join("reference.docx"),
        reference_with_styles(styles),
    )
    .expect("write");
    let generator = Generator::new(Some(templates.path()), briefing()).expect("templates");
    let dir = tempfile::TempDir::new().expect("temp dir");
    let report = Report::Partner("georgia".into());
    let docx = render(&generator, &dataset, &report, Format::Docx, dir.path());
    assert_eq!(unzip(&docx, "word/styles.xml"), styles.as_bytes());

    std::fs::write(templates.path().join("reference.docx"), b"not a zip").expect("write");
    let generator = Generator::new(Some(templates.path()), briefing()).expect("templates");
    let request = Request {
        report,
        format: Format::Docx,
        output: Output::File(dir.path().join("broken.docx")),
    };
    let error = generator
        .generate(&dataset, &request)
        .expect_err("a broken reference document is an error")
        .to_string();
    assert!(error.contains("is not a usable Word document"), "{error}");
    assert!(!dir.path().join("broken.docx").exists(), "nothing written");
}

/// The built-in reference document is made by `reference_docx()`; after changing the
/// built-in styles, write it again with
/// `ATTACHE_WRITE_REFERENCE=1 cargo test -p attache-generator --test docx reference`.
#[test]
fn the_built_in_reference_docx_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../templates/reference.docx");
    let made = attache_generator::reference_docx();
    if std::env::var_os("ATTACHE_WRITE_REFERENCE").is_some() {
        std::fs::write(&path, &made).expect("write templates/reference.docx");
    }
    let checked_in = std::fs::read(&path).unwrap_or_default();
    assert!(
        checked_in == made,
        "templates/reference.docx is out of date: run ATTACHE_WRITE_REFERENCE=1 cargo test -p attache-generator --test docx reference"
    );
    let styles = String::from_utf8(unzip(&made, "word/styles.xml")).expect("UTF-8");
    for style in [
        "Heading1",
        "Heading2",
        "Heading3",
        "Title",
        "BriefTable",
        "Note",
    ] {
        assert!(
            styles.contains(&format!("w:styleId=\"{style}\"")),
            "{style}"
        );
    }
}

/// LibreOffice's `soffice`, when installed.
fn soffice() -> Option<PathBuf> {
    let found = Command::new("soffice").arg("--version").output().ok()?;
    found.status.success().then(|| PathBuf::from("soffice"))
}

/// Converts a DOCX to PDF with LibreOffice headless; gives the PDF's bytes.
fn convert(soffice: &Path, docx: &Path, out: &Path) -> Vec<u8> {
    let profile = out.join("profile");
    let status = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(out)
        .arg(docx)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "{status:?}");
    let pdf = out.join(docx.with_extension("pdf").file_name().expect("a name"));
    std::fs::read(&pdf).unwrap_or_else(|_| panic!("LibreOffice wrote no PDF: {status:?}"))
}

#[test]
fn libreoffice_opens_and_converts_every_report_type() {
    let Some(soffice) = soffice() else {
        println!("LibreOffice (soffice) is not installed: the conversion check is skipped");
        return;
    };
    let dataset = built_in();
    let generator = Generator::new(None, briefing()).expect("built-in templates");
    let dir = tempfile::TempDir::new().expect("temp dir");
    for (report, titles) in reports(&dataset).into_iter().take(3) {
        let docx = render(&generator, &dataset, &report, Format::Docx, dir.path());
        let path = dir.path().join(format!("{}.docx", report.file_stem()));
        assert_eq!(std::fs::read(&path).expect("written"), docx);
        let pdf = convert(&soffice, &path, dir.path());
        let text = fold(&pdf_extract::extract_text_from_mem(&pdf).expect("PDF text"));
        assert!(text.contains("UNCLASSIFIED // OPEN SOURCES"), "{text}");
        assert!(text.contains(&fold(&titles[0])), "{}: {text}", titles[0]);
        assert!(last_note(&text) > 0, "notes listed");
    }
}
