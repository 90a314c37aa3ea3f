//! The DOCX package around a report's body: the parts Word expects (content types,
//! relationships, settings, header, footer, document properties), the styles taken from a
//! reference document, and the ZIP archive, written the same way every time (fixed entry
//! order and timestamps) so that the same input gives the same bytes.

use std::fmt::Write as _;
use std::io::{Cursor, Read, Write};

use attache_core::Diagnostic;
use zip::write::SimpleFileOptions;

use super::xml::text;

/// The namespaces of the main document, header and footer parts.
pub(crate) const NAMESPACES: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

/// The parts a reference document lends a report: its styles and, when it has one, its
/// theme (which styles may name fonts and colours through).
#[derive(Debug, Clone)]
pub(crate) struct Reference {
    styles: Vec<u8>,
    theme: Option<Vec<u8>>,
    /// The list definitions its styles refer to (`ListBullet`); the built-in ones otherwise.
    numbering: Option<Vec<u8>>,
}

impl Reference {
    /// Reads the styles (and theme) out of a reference document's bytes; `name` says which
    /// file in errors.
    pub(crate) fn read(bytes: &[u8], name: &str) -> Result<Self, Diagnostic> {
        let broken = |why: String| {
            Diagnostic::error(format!("{name} is not a usable Word document: {why}")).with_hint(
                "save it from Word or LibreOffice as .docx, or delete it to use the built-in styles",
            )
        };
        let mut archive =
            zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| broken(e.to_string()))?;
        let mut part = |path: &str| -> Result<Option<Vec<u8>>, Diagnostic> {
            let Ok(mut file) = archive.by_name(path) else {
                return Ok(None);
            };
            let mut out = Vec::new();
            file.read_to_end(&mut out)
                .map_err(|e| broken(format!("{path}: {e}")))?;
            Ok(Some(out))
        };
        let styles = part("word/styles.xml")?
            .ok_or_else(|| broken("it holds no word/styles.xml".to_owned()))?;
        let theme = part("word/theme/theme1.xml")?;
        let numbering = part("word/numbering.xml")?;
        Ok(Self {
            styles,
            theme,
            numbering,
        })
    }

    /// The styles part, for the built-in reference document.
    pub(crate) fn from_styles(styles: &str) -> Self {
        Self {
            styles: styles.as_bytes().to_vec(),
            theme: None,
            numbering: None,
        }
    }
}

/// What the document properties say about a report.
#[derive(Debug, Default)]
pub(crate) struct Properties {
    pub(crate) title: String,
    pub(crate) subject: String,
    pub(crate) author: String,
    pub(crate) keywords: Vec<String>,
    pub(crate) language: String,
    /// The document date, `YYYY-MM-DD`: created and modified are both that day.
    pub(crate) date: String,
}

/// A page's size and the running header and footer.
#[derive(Debug, Default)]
pub(crate) struct Page {
    /// Width and height in twentieths of a point.
    pub(crate) size: (u32, u32),
    /// The header's paragraph XML.
    pub(crate) header: String,
    /// The footer's paragraph XML.
    pub(crate) footer: String,
}

/// Zips a report's parts into a DOCX package.
pub(crate) fn package(
    body: &str,
    page: &Page,
    reference: &Reference,
    properties: &Properties,
) -> Result<Vec<u8>, Diagnostic> {
    let (width, height) = page.size;
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {NAMESPACES}><w:body>{body}<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/><w:footerReference w:type="default" r:id="rIdFooter"/><w:pgSz w:w="{width}" w:h="{height}"/><w:pgMar w:top="1417" w:right="1247" w:bottom="1304" w:left="1247" w:header="624" w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    );
    let header = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr {NAMESPACES}>{}</w:hdr>"#,
        page.header
    );
    let footer = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr {NAMESPACES}>{}</w:ftr>"#,
        page.footer
    );
    let theme = reference.theme.as_deref();
    let mut parts: Vec<(&str, Vec<u8>)> = vec![
        (
            "[Content_Types].xml",
            content_types(theme.is_some()).into_bytes(),
        ),
        ("_rels/.rels", PACKAGE_RELS.as_bytes().to_vec()),
        ("docProps/core.xml", core(properties).into_bytes()),
        ("docProps/app.xml", APP.as_bytes().to_vec()),
        ("word/document.xml", document.into_bytes()),
        (
            "word/_rels/document.xml.rels",
            document_rels(theme.is_some()).into_bytes(),
        ),
        ("word/styles.xml", reference.styles.clone()),
        (
            "word/numbering.xml",
            reference
                .numbering
                .clone()
                .unwrap_or_else(|| NUMBERING.as_bytes().to_vec()),
        ),
        (
            "word/settings.xml",
            settings(&properties.language).into_bytes(),
        ),
        ("word/header1.xml", header.into_bytes()),
        ("word/footer1.xml", footer.into_bytes()),
    ];
    if let Some(theme) = theme {
        parts.push(("word/theme/theme1.xml", theme.to_vec()));
    }
    zip_parts(&parts).map_err(|e| Diagnostic::error(format!("cannot pack the DOCX file: {e}")))
}

/// The parts as a ZIP archive: deflated, in the order given, every entry dated the ZIP
/// epoch, so that nothing of the moment of writing gets in.
fn zip_parts(parts: &[(&str, Vec<u8>)]) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, bytes) in parts {
        zip.start_file(*name, options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

fn content_types(theme: bool) -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#,
    );
    if theme {
        xml.push_str(r#"<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>"#);
    }
    xml.push_str("</Types>");
    xml
}

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

/// The built-in list definitions: one bulleted list, number 1, which `ListBullet` uses.
const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="357" w:hanging="357"/></w:pPr><w:rPr><w:color w:val="9C7A2B"/></w:rPr></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;

const APP: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>attache</Application></Properties>"#;

fn document_rels(theme: bool) -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdNumbering" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>"#,
    );
    if theme {
        xml.push_str(r#"<Relationship Id="rIdTheme" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/>"#);
    }
    xml.push_str("</Relationships>");
    xml
}

/// The document settings: the proofing language of the text, so that Word checks the
/// spelling in the report's language.
fn settings(language: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings {NAMESPACES}><w:defaultTabStop w:val="709"/><w:characterSpacingControl w:val="doNotCompress"/><w:themeFontLang w:val="{}"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#,
        text(language)
    )
}

/// The core document properties: title, subject, author, keywords, language and dates.
fn core(p: &Properties) -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
    );
    let _ = write!(
        xml,
        "<dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator><cp:keywords>{}</cp:keywords><dc:language>{}</dc:language>",
        text(&p.title),
        text(&p.subject),
        text(&p.author),
        text(&p.keywords.join(", ")),
        text(&p.language),
    );
    for tag in ["created", "modified"] {
        let _ = write!(
            xml,
            r#"<dcterms:{tag} xsi:type="dcterms:W3CDTF">{}T00:00:00Z</dcterms:{tag}>"#,
            text(&p.date)
        );
    }
    xml.push_str("</cp:coreProperties>");
    xml
}
