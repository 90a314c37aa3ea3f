//! Tracing a line of generated Typst back to the template line that produced it.
//!
//! minijinja keeps no map from output to template, so we match instead: a template line's
//! literal text (what lies outside `{{ }}` and `{% %}`) must appear, in order, in the generated
//! line; the template line whose literal text covers the most of it wins.

use crate::templates::{TemplateSource, built_in};

/// The template texts a document was rendered from.
pub struct Provenance {
    templates: Vec<(String, String)>,
}

impl Provenance {
    pub(crate) fn new(source: &TemplateSource) -> Self {
        let templates = built_in()
            .filter_map(|(name, _)| Some((name.to_owned(), source.load(name).ok()??.0)))
            .collect();
        Self { templates }
    }

    /// `partner.typ.j2:42`, the template line most likely to have produced `generated`.
    pub fn trace(&self, generated: &str) -> Option<String> {
        let generated = generated.trim();
        let mut best: Option<(usize, String)> = None;
        for (name, text) in &self.templates {
            for (i, line) in text.lines().enumerate() {
                let score = literal_match(line, generated);
                if score > best.as_ref().map_or(2, |b| b.0) {
                    best = Some((score, format!("{name}:{}", i + 1)));
                }
            }
        }
        best.map(|(_, at)| at)
    }
}

/// How many literal characters of a template line appear, in order, in a generated line;
/// 0 when some literal piece is missing.
fn literal_match(template_line: &str, generated: &str) -> usize {
    let mut rest = generated;
    let mut matched = 0;
    for piece in literal_pieces(template_line) {
        match rest.find(piece) {
            Some(at) => {
                rest = &rest[at + piece.len()..];
                matched += piece.len();
            }
            None => return 0,
        }
    }
    matched
}

fn literal_pieces(line: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = line.trim();
    while let Some(start) = rest.find(['{']) {
        let tag = &rest[start..];
        let close = if tag.starts_with("{{") {
            "}}"
        } else if tag.starts_with("{%") {
            "%}"
        } else if tag.starts_with("{#") {
            "#}"
        } else {
            // A lone brace is literal Typst.
            let (head, tail) = rest.split_at(start + 1);
            pieces.push(head);
            rest = tail;
            continue;
        };
        pieces.push(&rest[..start]);
        rest = match tag.find(close) {
            Some(end) => &tag[end + 2..],
            None => "",
        };
    }
    pieces.push(rest);
    pieces
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_text_must_appear_in_order() {
        let template = "#text(size: 9pt)[{{ event.date }}] *{{ event.title }}*";
        assert!(literal_match(template, "#text(size: 9pt)[May 1994] *Ceasefire*") > 10);
        assert_eq!(literal_match(template, "#strong[Ceasefire]"), 0);
    }
}
