//! Tracing generated Typst back to the template lines that produced it.
//!
//! minijinja keeps no map from output to template, so each template is instrumented as it is
//! loaded: every line whose end lies in literal template text gets an invisible marker naming
//! the template and line. After rendering, the markers are stripped from the output and
//! become a map from each generated line to its template line.
//!
//! A marker is made of private-use characters only, its numbers included, so that wherever
//! template output ends up (captured by `{% set %}` and passed through `|string`, say), the
//! escaping that drops marker characters drops the whole marker and leaves no digits behind.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use serde::{Deserialize, Serialize};

/// Opens a marker; private-use characters that never occur in templates or escaped data.
const OPEN: char = '\u{F8F0}';
/// Closes a marker.
const CLOSE: char = '\u{F8F1}';
/// Separates a marker's template number from its line number.
const SEPARATOR: char = '\u{F8F2}';
/// The digit 0 inside a marker; 1 to 9 follow it.
const ZERO: u32 = 0xF8E0;

/// A template line: its template's name and 1-based line number, and the line's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// The template's name, such as `partner.typ.j2`.
    pub template: String,
    /// 1-based line in the template.
    pub line: usize,
    /// The template line as written.
    pub text: String,
}

/// The templates loaded so far, numbered in load order, so markers can stay short.
#[derive(Debug, Default, Clone)]
pub(crate) struct Registry {
    templates: Arc<Mutex<Vec<Loaded>>>,
}

/// A template as loaded: its name, text and lines.
#[derive(Debug)]
struct Loaded {
    name: String,
    text: String,
    lines: Vec<String>,
}

impl Registry {
    /// Instruments a template's text with line markers.
    pub(crate) fn instrument(&self, name: &str, text: &str) -> String {
        // A template that itself holds the marker characters must not confuse the map.
        let cleaned: String;
        let text = if text.contains(is_marker) {
            cleaned = text.chars().filter(|c| !is_marker(*c)).collect();
            cleaned.as_str()
        } else {
            text
        };
        let mut templates = self
            .templates
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let index = match templates
            .iter()
            .position(|t| t.name == name && t.text == text)
        {
            Some(i) => i,
            None => {
                templates.push(Loaded {
                    name: name.to_owned(),
                    text: text.to_owned(),
                    lines: text.lines().map(str::to_owned).collect(),
                });
                templates.len() - 1
            }
        };
        instrument(index, text)
    }

    fn origin(&self, index: usize, line: usize) -> Option<Origin> {
        let templates = self
            .templates
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let loaded = templates.get(index)?;
        Some(Origin {
            template: loaded.name.clone(),
            line,
            text: loaded.lines.get(line - 1)?.clone(),
        })
    }
}

/// Appends a marker to every line that holds literal text. The marker goes at the end of the
/// line, or just before a block tag that ends it, whose newline `trim_blocks` must still see.
/// Lines ending inside a tag, and lines of tags alone, get none.
fn instrument(index: usize, text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut closing: Option<&str> = None;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        let body = line.trim_end_matches(['\n', '\r']);
        let mut literal = false;
        let mut last_tag = None;
        let mut at = 0;
        while at < body.len() {
            let rest = &body[at..];
            match closing {
                Some(close) => match rest.find(close) {
                    Some(end) => {
                        at += end + close.len();
                        closing = None;
                    }
                    None => at = body.len(),
                },
                None => {
                    let next = rest.find('{').unwrap_or(rest.len());
                    literal |= !rest[..next].trim().is_empty();
                    at += next;
                    let tag = &body[at..];
                    closing = ["{{", "{%", "{#"]
                        .iter()
                        .position(|open| tag.starts_with(open))
                        .map(|k| ["}}", "%}", "#}"][k]);
                    if closing.is_some() {
                        if closing != Some("}}") {
                            last_tag = Some(at);
                        } else {
                            literal = true;
                        }
                        at += 2;
                    } else if at < body.len() {
                        literal = true;
                        at += 1;
                    }
                }
            }
        }
        let trimmed = body.trim_end();
        let ends_in_block =
            trimmed.ends_with("%}") || trimmed.ends_with("#}") || trimmed.ends_with("-}}");
        let marker = marker(index, number + 1);
        match (closing, literal, ends_in_block, last_tag) {
            (None, true, false, _) if line.ends_with('\n') => {
                out.push_str(body);
                out.push_str(&marker);
                out.push_str(&line[body.len()..]);
            }
            (None, true, true, Some(tag)) if trimmed.ends_with("%}") || trimmed.ends_with("#}") => {
                out.push_str(&line[..tag]);
                out.push_str(&marker);
                out.push_str(&line[tag..]);
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// The marker of line `line` of template number `index`.
fn marker(index: usize, line: usize) -> String {
    let digits = |n: usize| {
        n.to_string()
            .chars()
            .filter_map(|d| char::from_u32(ZERO + d.to_digit(10)?))
            .collect::<String>()
    };
    format!("{OPEN}{}{SEPARATOR}{}{CLOSE}", digits(index), digits(line))
}

/// The template number and line a marker's inside (between `OPEN` and `CLOSE`) names.
fn parse_marker(inside: &str) -> Option<(usize, usize)> {
    let number = |digits: &str| {
        digits.chars().try_fold(0usize, |n, c| {
            let digit = (c as u32).checked_sub(ZERO).filter(|d| *d < 10)?;
            n.checked_mul(10)?.checked_add(digit as usize)
        })
    };
    let (index, line) = inside.split_once(SEPARATOR)?;
    Some((number(index)?, number(line)?))
}

/// Whether a character belongs to a marker: its delimiters, separator or digits.
pub(crate) fn is_marker(c: char) -> bool {
    (ZERO..=SEPARATOR as u32).contains(&(c as u32))
}

/// Removes markers from text shown to people (a template line in an error message).
pub(crate) fn strip_markers(text: &str) -> String {
    text.chars().filter(|c| !is_marker(*c)).collect()
}

/// A generated source and where each of its lines came from. It serializes so that a worker
/// process can lay it out and trace its errors back the same way.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Rendered {
    text: String,
    /// Per generated line: the markers it carried, as (byte offset in the line, origin).
    lines: Vec<Vec<(usize, Origin)>>,
}

impl Rendered {
    /// A source written by hand, with no template behind it.
    pub fn plain(text: String) -> Self {
        Self {
            text,
            lines: Vec::new(),
        }
    }

    /// Strips the markers from rendered output, remembering where each line came from.
    pub(crate) fn from_marked(marked: &str, registry: &Registry) -> Self {
        let mut text = String::with_capacity(marked.len());
        let mut cache: HashMap<(usize, usize), Option<Origin>> = HashMap::new();
        let mut lines: Vec<Vec<(usize, Origin)>> = Vec::new();
        for line in marked.split_inclusive('\n') {
            let line_start = text.len();
            let mut rest = line;
            let mut markers = Vec::new();
            while let Some(open) = rest.find(OPEN) {
                text.push_str(&rest[..open]);
                let after = &rest[open + OPEN.len_utf8()..];
                let Some(close) = after.find(CLOSE) else {
                    rest = after;
                    break;
                };
                let key = parse_marker(&after[..close]);
                if let Some(origin) = key.and_then(|k| {
                    cache
                        .entry(k)
                        .or_insert_with(|| registry.origin(k.0, k.1))
                        .clone()
                }) {
                    markers.push((text.len() - line_start, origin));
                }
                rest = &after[close + CLOSE.len_utf8()..];
            }
            text.push_str(rest);
            lines.push(markers);
        }
        Self { text, lines }
    }

    /// The generated Typst source.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Consumes it, giving the source.
    pub fn into_text(self) -> String {
        self.text
    }

    /// The template line that produced the text at a byte `offset` of a (1-based) generated
    /// line. A template line's marker follows the text it produced, so the answer is the first
    /// marker at or after the offset; a line with no marker was printed by an expression of the
    /// next marked line.
    pub fn origin(&self, line: usize, offset: usize) -> Option<&Origin> {
        let index = line.checked_sub(1)?;
        let here = self.lines.get(index)?;
        if let Some((_, origin)) = here.iter().find(|(at, _)| *at >= offset).or(here.last()) {
            return Some(origin);
        }
        self.lines[index..]
            .iter()
            .find_map(|markers| markers.first())
            .map(|(_, origin)| origin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_skip_tags_and_lines_ending_in_block_tags() {
        let template = "#set page()\n{% if x %}\ntext {{ a }}\n{{ b\n}} tail\n{% endif %}\n";
        let marked = instrument(7, template);
        let lines: Vec<&str> = marked.lines().collect();
        assert_eq!(lines[0], format!("#set page(){}", marker(7, 1)));
        assert_eq!(lines[1], "{% if x %}");
        assert_eq!(lines[2], format!("text {{{{ a }}}}{}", marker(7, 3)));
        assert_eq!(lines[3], "{{ b", "no marker inside an expression");
        assert_eq!(lines[4], format!("}}}} tail{}", marker(7, 5)));
        assert_eq!(lines[5], "{% endif %}");
        let one_line = instrument(1, "{% block body %}#oops(){% endblock %}\n");
        assert_eq!(
            one_line,
            format!(
                "{{% block body %}}#oops(){}{{% endblock %}}\n",
                marker(1, 1)
            )
        );
    }

    #[test]
    fn markers_are_private_use_characters_through_and_through() {
        let m = marker(12, 3456);
        assert!(m.chars().all(is_marker), "{m:?}");
        assert_eq!(
            parse_marker(&m[OPEN.len_utf8()..m.len() - CLOSE.len_utf8()]),
            Some((12, 3456))
        );
        assert_eq!(strip_markers(&format!("Hello{m} World")), "Hello World");
        assert!(
            !is_marker('1') && !is_marker(':') && !is_marker('\u{F8DF}') && !is_marker('\u{F8F3}')
        );
    }

    #[test]
    fn stripping_markers_maps_lines_to_templates() {
        let registry = Registry::default();
        let again = registry.instrument("t.typ.j2", "first\n");
        assert_eq!(
            again,
            registry.instrument("t.typ.j2", "first\n"),
            "loaded once"
        );
        let marked = registry.instrument(
            "t.typ.j2",
            "first\n{% if true %}\nsecond {{ 1 }}\n{% endif %}\n",
        );
        let output = marked
            .replace("{% if true %}\n", "")
            .replace("{% endif %}\n", "")
            .replace("{{ 1 }}", "1\nmore");
        let rendered = Rendered::from_marked(&output, &registry);
        assert_eq!(rendered.text(), "first\nsecond 1\nmore\n");
        assert_eq!(rendered.origin(1, 0).map(|o| o.line), Some(1));
        assert_eq!(rendered.origin(2, 0).map(|o| o.line), Some(3));
        assert_eq!(
            rendered.origin(2, 3).map(|o| o.text.as_str()),
            Some("second {{ 1 }}")
        );
        assert_eq!(
            rendered.origin(3, 0).map(|o| o.line),
            Some(3),
            "a line from an expression maps to its template line"
        );
    }
}
