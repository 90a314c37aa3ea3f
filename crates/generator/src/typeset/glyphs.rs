//! Finding characters no embedded font could draw. Typst falls back silently to a blank
//! glyph (id 0), so a missing letter would vanish from a brief unnoticed without this check.

use std::collections::BTreeMap;

use typst::layout::{Frame, FrameItem};
use typst::syntax::Span;
use typst_layout::PagedDocument;

/// For each character drawn with no glyph, a message naming it and the font that lacked it,
/// and where in the source it was first printed; in a stable order.
pub(crate) fn missing(document: &PagedDocument) -> Vec<(String, Span)> {
    let mut found = BTreeMap::new();
    for page in document.pages() {
        walk(&page.frame, &mut found);
    }
    found
        .into_iter()
        .map(|(what, span)| {
            (
                format!("no embedded font has a glyph for {what}; it prints blank"),
                span,
            )
        })
        .collect()
}

fn walk(frame: &Frame, found: &mut BTreeMap<String, Span>) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => walk(&group.frame, found),
            FrameItem::Text(text) => {
                for glyph in text.glyphs.iter().filter(|g| g.id == 0) {
                    let chars = text.text.get(glyph.range()).unwrap_or("?");
                    let what = format!(
                        "{chars:?} (U+{:04X}) in {}",
                        chars.chars().next().map_or(0, u32::from),
                        text.font.font().info().family
                    );
                    found.entry(what).or_insert(glyph.span.0);
                }
            }
            _ => {}
        }
    }
}
