//! Finding characters no embedded font could draw. Typst falls back silently to a blank
//! glyph (id 0), so a missing letter would vanish from a brief unnoticed without this check.

use std::collections::BTreeSet;

use typst::layout::{Frame, FrameItem};
use typst_layout::PagedDocument;

/// A warning for each character drawn with no glyph, naming the font that lacked it, in a
/// stable order.
pub(crate) fn warnings(document: &PagedDocument) -> Vec<String> {
    let mut found = BTreeSet::new();
    for page in document.pages() {
        walk(&page.frame, &mut found);
    }
    found
        .into_iter()
        .map(|m| format!("no embedded font has a glyph for {m}; it prints blank"))
        .collect()
}

fn walk(frame: &Frame, found: &mut BTreeSet<String>) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => walk(&group.frame, found),
            FrameItem::Text(text) => {
                for glyph in text.glyphs.iter().filter(|g| g.id == 0) {
                    let chars = text.text.get(glyph.range()).unwrap_or("?");
                    found.insert(format!(
                        "{chars:?} (U+{:04X}) in {}",
                        chars.chars().next().map_or(0, u32::from),
                        text.font.font().info().family
                    ));
                }
            }
            _ => {}
        }
    }
}
