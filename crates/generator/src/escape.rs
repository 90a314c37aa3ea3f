//! Escaping data for Typst, so that no data value can ever become markup or code.

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
            '\n' | '\r' | '\t' => out.push(' '),
            c if MARKUP_SPECIAL.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Quotes text as a Typst string literal, for use inside code (`#set document(title: ...)`).
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
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
    fn string_literals_escape_quotes_and_backslashes() {
        assert_eq!(string_literal(r#"a "b" \c"#), r#""a \"b\" \\c""#);
    }

    #[test]
    fn labels_are_safe() {
        assert_eq!(label("1994-ceasefire"), "1994-ceasefire");
        assert_eq!(label("a b>c"), "a_b_c");
    }
}
