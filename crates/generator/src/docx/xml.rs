//! WordprocessingML for the body of a report: paragraphs in named styles, runs of text, links
//! to bookmarks, note numbers and tables. Every piece of data goes through [`text`], which
//! escapes it and drops the few characters XML 1.0 cannot hold, so data is text and never
//! markup.
//!
//! Written by hand rather than with docx-rs: the handful of elements a brief needs are a few
//! lines each, and docx-rs numbers notes, headers and bookmarks from process-wide counters,
//! which would make the same report come out different inside `report all`.

use std::collections::HashMap;
use std::fmt::Write;

/// Data as XML character data: `&`, `<`, `>` and quotes escaped, line ends and tabs made
/// spaces, characters XML 1.0 forbids (other C0 controls, U+FFFE, U+FFFF) left out.
pub(crate) fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if u32::from(c) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

/// A stretch of text with one look.
#[derive(Debug, Clone, Default)]
pub(crate) struct Run {
    text: String,
    bold: bool,
    italic: bool,
    superscript: bool,
    /// A character style by id (`Tag`, `Muted`), from the reference document's styles.
    style: Option<&'static str>,
    /// The anchor of a bookmark this run links to.
    link: Option<String>,
    /// Fill and text colour (`rrggbb`), for the marking.
    colours: Option<(String, String)>,
    /// A line break rather than text.
    line_break: bool,
}

impl Run {
    /// Plain text.
    pub(crate) fn plain(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }

    /// Bold text.
    pub(crate) fn bold(text: impl Into<String>) -> Self {
        Self {
            bold: true,
            ..Self::plain(text)
        }
    }

    /// Italic text.
    pub(crate) fn italic(text: impl Into<String>) -> Self {
        Self {
            italic: true,
            ..Self::plain(text)
        }
    }

    /// Text in a character style.
    pub(crate) fn styled(style: &'static str, text: impl Into<String>) -> Self {
        Self {
            style: Some(style),
            ..Self::plain(text)
        }
    }

    /// A line break: what follows starts the next line, at the paragraph's indent.
    pub(crate) fn line_break() -> Self {
        Self {
            line_break: true,
            ..Self::default()
        }
    }

    /// Raised, as note numbers are.
    pub(crate) fn raised(mut self) -> Self {
        self.superscript = true;
        self
    }

    /// Set in a box of `fill` with text of `colour` (both `#rrggbb`), as the marking is.
    pub(crate) fn coloured(mut self, (fill, colour): (&str, &str)) -> Self {
        let hex = |c: &str| {
            let c = c.trim_start_matches('#');
            if c.len() == 6 && c.chars().all(|d| d.is_ascii_hexdigit()) {
                c.to_ascii_uppercase()
            } else {
                "000000".to_owned()
            }
        };
        self.colours = Some((hex(fill), hex(colour)));
        self
    }

    /// Linked to the bookmark of `anchor` (a report's label).
    pub(crate) fn linked(mut self, anchor: &str) -> Self {
        self.link = Some(anchor.to_owned());
        self
    }
}

/// A paragraph: its style and its runs.
pub(crate) type Runs = Vec<Run>;

/// One cell's paragraphs.
pub(crate) type Cell = Vec<Runs>;

/// The document body as it is written, and the bookmarks its links point at.
#[derive(Debug, Default)]
pub(crate) struct Body {
    xml: String,
    /// The language of the text (a BCP 47 tag), on every run for Word's proofing tools.
    language: String,
    /// Bookmark names by report anchor: short names (`_a12`), since Word takes at most 40
    /// characters and a report's anchors can be longer.
    bookmarks: HashMap<String, String>,
    /// The anchors that have a bookmark in the body, so that links to others are plain text.
    placed: std::collections::HashSet<String>,
}

impl Body {
    /// An empty body whose text is in `language`.
    pub(crate) fn new(language: &str) -> Self {
        Self {
            language: text(language),
            ..Self::default()
        }
    }

    /// The bookmark name of a report anchor, the same each time it is asked.
    fn bookmark(&mut self, anchor: &str) -> String {
        let next = self.bookmarks.len() + 1;
        self.bookmarks
            .entry(anchor.to_owned())
            .or_insert_with(|| format!("_a{next}"))
            .clone()
    }

    /// Notes the anchors that will carry a bookmark, so links to them are written as links.
    pub(crate) fn will_place<'a>(&mut self, anchors: impl IntoIterator<Item = &'a str>) {
        self.placed.extend(anchors.into_iter().map(str::to_owned));
    }

    /// A paragraph in `style` (empty: Normal), optionally carrying the bookmark of `anchor`.
    pub(crate) fn paragraph(&mut self, style: &str, anchor: Option<&str>, runs: &[Run]) {
        let xml = self.paragraph_xml(style, anchor, runs, false);
        self.xml.push_str(&xml);
    }

    /// A paragraph kept on the page of the next one.
    pub(crate) fn paragraph_kept(&mut self, style: &str, runs: &[Run]) {
        let xml = self.paragraph_xml(style, None, runs, true);
        self.xml.push_str(&xml);
    }

    /// A heading of `level` (1 to 3): Word's built-in heading styles, so the navigation pane
    /// and a table of contents find it.
    pub(crate) fn heading(&mut self, level: u8, anchor: Option<&str>, runs: &[Run]) {
        self.paragraph(&format!("Heading{level}"), anchor, runs);
    }

    fn paragraph_xml(
        &mut self,
        style: &str,
        anchor: Option<&str>,
        runs: &[Run],
        keep: bool,
    ) -> String {
        let mut xml = String::from("<w:p>");
        if !style.is_empty() || keep {
            xml.push_str("<w:pPr>");
            if !style.is_empty() {
                let _ = write!(xml, r#"<w:pStyle w:val="{style}"/>"#);
            }
            if keep {
                xml.push_str("<w:keepNext/>");
            }
            xml.push_str("</w:pPr>");
        }
        let mark = anchor.map(|a| self.bookmark(a));
        if let Some(name) = &mark {
            let _ = write!(
                xml,
                r#"<w:bookmarkStart w:id="{}" w:name="{name}"/>"#,
                &name[2..]
            );
        }
        for run in runs {
            self.run_xml(&mut xml, run);
        }
        if let Some(name) = &mark {
            let _ = write!(xml, r#"<w:bookmarkEnd w:id="{}"/>"#, &name[2..]);
        }
        xml.push_str("</w:p>");
        xml
    }

    fn run_xml(&mut self, xml: &mut String, run: &Run) {
        if run.line_break {
            xml.push_str("<w:r><w:br/></w:r>");
            return;
        }
        let link = run
            .link
            .as_deref()
            .filter(|a| self.placed.contains(*a))
            .map(|a| self.bookmark(a));
        if let Some(name) = &link {
            let _ = write!(xml, r#"<w:hyperlink w:anchor="{name}" w:history="1">"#);
        }
        xml.push_str("<w:r>");
        let style = run.style.or(link.as_ref().map(|_| "Hyperlink"));
        xml.push_str("<w:rPr>");
        if let Some(style) = style {
            let _ = write!(xml, r#"<w:rStyle w:val="{style}"/>"#);
        }
        if run.bold {
            xml.push_str("<w:b/>");
        }
        if run.italic {
            xml.push_str("<w:i/>");
        }
        if let Some((fill, colour)) = &run.colours {
            let _ = write!(
                xml,
                r#"<w:color w:val="{colour}"/><w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>"#
            );
        }
        if run.superscript {
            xml.push_str(r#"<w:vertAlign w:val="superscript"/>"#);
        }
        let _ = write!(xml, r#"<w:lang w:val="{}"/></w:rPr>"#, self.language);
        // A tab is Word's tab element, between pieces of text.
        for (i, piece) in run.text.split('\t').enumerate() {
            if i > 0 {
                xml.push_str("<w:tab/>");
            }
            if !piece.is_empty() {
                let _ = write!(xml, r#"<w:t xml:space="preserve">{}</w:t>"#, text(piece));
            }
        }
        xml.push_str("</w:r>");
        if link.is_some() {
            xml.push_str("</w:hyperlink>");
        }
    }

    /// A table in the reference document's `BriefTable` style: a header row repeated on
    /// every page, then one row per entry. `widths` are the columns' shares of the text
    /// width, in fiftieths of a percent.
    pub(crate) fn table(&mut self, widths: &[u32], header: &[impl AsRef<str>], rows: &[Vec<Cell>]) {
        // The look's bit mask and its attributes say the same: banded rows, and the first-row
        // formatting only where there is a header row.
        let (mask, first_row) = if header.is_empty() {
            ("0400", 0)
        } else {
            ("0420", 1)
        };
        let _ = write!(
            self.xml,
            r#"<w:tbl><w:tblPr><w:tblStyle w:val="BriefTable"/><w:tblW w:w="5000" w:type="pct"/><w:tblLook w:val="{mask}" w:firstRow="{first_row}" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>"#,
        );
        for w in widths {
            let _ = write!(self.xml, r#"<w:gridCol w:w="{}"/>"#, w * 9638 / 5000);
        }
        self.xml.push_str("</w:tblGrid>");
        if !header.is_empty() {
            self.xml
                .push_str(r#"<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>"#);
            for (label, width) in header.iter().zip(widths) {
                let cell = vec![vec![Run::plain(label.as_ref())]];
                self.cell(*width, &cell);
            }
            self.xml.push_str("</w:tr>");
        }
        for row in rows {
            self.xml
                .push_str(r#"<w:tr><w:trPr><w:cantSplit/></w:trPr>"#);
            for (cell, width) in row.iter().zip(widths) {
                self.cell(*width, cell);
            }
            self.xml.push_str("</w:tr>");
        }
        self.xml.push_str("</w:tbl>");
        // Word needs a paragraph between two tables, and after a table at the end.
        self.paragraph("TableEnd", None, &[]);
    }

    fn cell(&mut self, width: u32, paragraphs: &Cell) {
        let _ = write!(
            self.xml,
            r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="pct"/></w:tcPr>"#
        );
        if paragraphs.is_empty() {
            self.xml.push_str("<w:p/>");
        }
        for runs in paragraphs {
            let xml = self.paragraph_xml("TableText", None, runs, false);
            self.xml.push_str(&xml);
        }
        self.xml.push_str("</w:tc>");
    }

    /// A table of contents: Word's TOC field over the first heading level, its entries
    /// already written (linked to their headings) so that it reads before Word updates it.
    pub(crate) fn contents(&mut self, title: &str, entries: &[(String, String)]) {
        self.paragraph("TOCHeading", None, &[Run::plain(title)]);
        for (i, (anchor, title)) in entries.iter().enumerate() {
            let mut xml = String::from(r#"<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr>"#);
            if i == 0 {
                xml.push_str(r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \o "1-1" \h \z \u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>"#);
            }
            self.run_xml(&mut xml, &Run::plain(title.clone()).linked(anchor));
            if i + 1 == entries.len() {
                xml.push_str(r#"<w:r><w:fldChar w:fldCharType="end"/></w:r>"#);
            }
            xml.push_str("</w:p>");
            self.xml.push_str(&xml);
        }
    }

    /// The running header: `left`, then the marking at the right margin (`width` twips
    /// from the left one).
    pub(crate) fn running(&mut self, width: u32, left: &[Run], marking: &Run) {
        let mut xml = format!(
            r#"<w:p><w:pPr><w:pStyle w:val="Header"/><w:tabs><w:tab w:val="clear" w:pos="4513"/><w:tab w:val="clear" w:pos="9026"/><w:tab w:val="right" w:pos="{width}"/></w:tabs></w:pPr>"#
        );
        for run in left {
            self.run_xml(&mut xml, run);
        }
        xml.push_str("<w:r><w:tab/></w:r>");
        self.run_xml(&mut xml, marking);
        xml.push_str("</w:p>");
        self.xml.push_str(&xml);
    }

    /// The running footer: the imprint, the page label in the middle (`{page}` and
    /// `{total}` filled by Word's PAGE and NUMPAGES fields), the marking at the right margin.
    pub(crate) fn running_with_page(
        &mut self,
        width: u32,
        imprint: &str,
        page_label: &str,
        marking: &Run,
    ) {
        let mut xml = format!(
            r#"<w:p><w:pPr><w:pStyle w:val="Footer"/><w:tabs><w:tab w:val="clear" w:pos="4513"/><w:tab w:val="clear" w:pos="9026"/><w:tab w:val="center" w:pos="{}"/><w:tab w:val="right" w:pos="{width}"/></w:tabs></w:pPr>"#,
            width / 2
        );
        self.run_xml(&mut xml, &Run::plain(imprint));
        xml.push_str("<w:r><w:tab/></w:r>");
        let mut rest = page_label;
        while !rest.is_empty() {
            let next = [("{page}", "PAGE"), ("{total}", "NUMPAGES")]
                .into_iter()
                .filter_map(|(key, field)| rest.find(key).map(|at| (at, key, field)))
                .min();
            let Some((at, key, field)) = next else {
                self.run_xml(&mut xml, &Run::plain(rest));
                break;
            };
            if at > 0 {
                self.run_xml(&mut xml, &Run::plain(&rest[..at]));
            }
            let _ = write!(
                xml,
                r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {field} </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#
            );
            rest = &rest[at + key.len()..];
        }
        xml.push_str("<w:r><w:tab/></w:r>");
        self.run_xml(&mut xml, marking);
        xml.push_str("</w:p>");
        self.xml.push_str(&xml);
    }

    /// The body's XML.
    pub(crate) fn into_xml(self) -> String {
        self.xml
    }
}
