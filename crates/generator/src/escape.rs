//! Escaping data for Typst and HTML, so that no data value can ever become markup or code.
//!
//! HTML escaping is written here rather than taken from minijinja's formatter because it must
//! also drop the private-use characters the line markers are made of, as Typst escaping does.

/// The characters that start markup or code somewhere in a Typst markup context (`;` ends an
/// embedded expression and would vanish after one).
const MARKUP_SPECIAL: &[char] = &[
    '\\', '/', '[', ']', '~', '-', '.', '\'', '"', '*', '_', ':', '`', '$', '<', '>', '@', '#',
    '=', '+', ';',
];

/// Escapes text for Typst markup: every character that could start syntax gets a backslash,
/// and line breaks become spaces so a value cannot start a heading or list item.
pub fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            c if is_line_break(c) || c == '\t' => out.push(' '),
            c if is_reserved(c) => {}
            c if MARKUP_SPECIAL.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for HTML, as element content or a quoted attribute value: `&`, `<`, `>`, `"`
/// and `'` become character references, and the line markers' characters are dropped.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_reserved(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// A CSS string literal holding `text`: every character but letters, digits and spaces is
/// written as a hexadecimal escape, so no value can end the string, the rule or the `<style>`
/// element it sits in.
pub fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars().filter(|c| !is_reserved(*c)) {
        if c.is_alphanumeric() || c == ' ' {
            out.push(c);
        } else {
            // The space ends the escape, and CSS drops it: a space after it stays a space.
            out.push_str(&format!("\\{:x} ", u32::from(c)));
        }
    }
    out.push('"');
    out
}

/// Escapes text for Typst markup like [`markup`], and sets each run of words joined by
/// no-break spaces or no-break hyphens (a date in words: "10\u{a0}December\u{a0}1919") without
/// hyphenation: the no-break characters forbid a break at themselves, but "De-cember" would
/// still be hyphenated.
pub fn markup_kept_together(text: &str) -> String {
    if !text.contains(NO_BREAK) {
        return markup(text);
    }
    text.split(' ')
        .map(|word| {
            if word.contains(NO_BREAK) {
                // `;` ends the call, so that text after it cannot continue it.
                format!("#text(hyphenate: false)[{}];", markup(word))
            } else {
                markup(word)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The characters that join words into one unbreakable run: no-break space and hyphen.
const NO_BREAK: &[char] = &['\u{a0}', '\u{2011}'];

/// Quotes text as a Typst string literal, for use inside code (`#set document(title: ...)`).
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            // Values in code are titles and names: a control character or a line break has no
            // business there, and Typst's shaper panics on a tab inside a right-to-left run.
            c if c.is_control() || is_line_break(c) => out.push(' '),
            c if is_reserved(c) => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether Typst ends a line at `c`: line feed, carriage return, vertical tab, form feed,
/// next line (NEL), and the Unicode line and paragraph separators. In markup, any of them
/// would let a value start a heading or list on the next line.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Characters attache reserves to trace generated lines back to templates; data never keeps them.
fn is_reserved(c: char) -> bool {
    crate::linemap::is_marker(c)
}

/// Turns any id into a Typst label name (letters, digits, `-`, `_`, `.`, `:` only).
pub fn label(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_escapes_every_syntax_character() {
        assert_eq!(
            markup("#read(\"/etc/passwd\")"),
            "\\#read(\\\"\\/etc\\/passwd\\\")"
        );
        assert_eq!(markup("$x$"), "\\$x\\$");
        assert_eq!(markup("= Heading\n- item"), "\\= Heading \\- item");
        assert_eq!(markup("Türkiye"), "Türkiye");
    }

    #[test]
    fn every_line_terminator_becomes_a_space() {
        for terminator in [
            "\n", "\r", "\u{b}", "\u{c}", "\u{85}", "\u{2028}", "\u{2029}",
        ] {
            let text = format!("a{terminator}= b");
            assert_eq!(markup(&text), "a \\= b", "{terminator:?}");
            assert_eq!(string_literal(&text), "\"a = b\"", "{terminator:?}");
        }
    }

    #[test]
    fn words_joined_by_no_break_characters_are_not_hyphenated() {
        assert_eq!(
            markup_kept_together("since 10\u{a0}May\u{a0}1994 [x]"),
            "since #text(hyphenate: false)[10\u{a0}May\u{a0}1994]; \\[x\\]"
        );
        assert_eq!(
            markup_kept_together("1994\u{2011}cü ilin #1"),
            "#text(hyphenate: false)[1994\u{2011}cü]; ilin \\#1"
        );
        assert_eq!(markup_kept_together("plain - text"), "plain \\- text");
    }

    #[test]
    fn string_literals_escape_quotes_and_backslashes() {
        assert_eq!(string_literal(r#"a "b" \c"#), r#""a \"b\" \\c""#);
    }

    #[test]
    fn html_escapes_markup_characters_and_drops_markers() {
        assert_eq!(
            html("<b a=\"x\" b='y'>&\u{F8F0}"),
            "&lt;b a=&quot;x&quot; b=&#39;y&#39;&gt;&amp;"
        );
    }

    #[test]
    fn css_strings_escape_everything_that_could_end_them() {
        assert_eq!(css_string("TLP:RED"), "\"TLP\\3a RED\"");
        assert_eq!(
            css_string("a\"</style> b"),
            "\"a\\22 \\3c \\2f style\\3e  b\""
        );
    }

    #[test]
    fn labels_are_safe() {
        assert_eq!(label("1994-ceasefire"), "1994-ceasefire");
        assert_eq!(label("a b>c"), "a_b_c");
    }
}
