//! The text of a DOCX file for tests: its parts unzipped and their paragraphs read back, one
//! line each, with XML entities undone.

use std::io::Read;

/// The text of one part (`word/document.xml`, `word/header1.xml`, ...), one line per
/// paragraph; `None` when the package has no such part.
pub(crate) fn part_text(docx: &[u8], part: &str) -> Option<String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a ZIP package");
    let mut xml = String::new();
    archive
        .by_name(part)
        .ok()?
        .read_to_string(&mut xml)
        .expect("UTF-8 XML");
    Some(paragraphs(&xml))
}

/// The document, header and footer text together.
pub(crate) fn text(docx: &[u8]) -> String {
    ["word/document.xml", "word/header1.xml", "word/footer1.xml"]
        .iter()
        .map(|part| part_text(docx, part).unwrap_or_else(|| panic!("the package has {part}")))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The character data of `<w:t>` elements, a line per paragraph, tabs as tabs.
fn paragraphs(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').expect("a closed tag") + start;
        let tag = &rest[start + 1..end];
        if tag == "/w:p" {
            out.push('\n');
        } else if tag == "w:tab/" {
            out.push('\t');
        } else if tag.starts_with("w:t ") || tag == "w:t" {
            let close = rest[end..].find("</w:t>").expect("a closed text") + end;
            out.push_str(&unescape(&rest[end + 1..close]));
        }
        rest = &rest[end + 1..];
    }
    out
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}
