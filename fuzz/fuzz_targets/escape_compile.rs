//! Fuzzes escaping and compilation: any text, escaped as markup and quoted as a string literal,
//! must compile to PDF without error, and escaped markup must hold no live `#`, `$`, `[` or `]`.

#![no_main]

use std::sync::LazyLock;

use attache_generator::{Briefing, Generator, escape};
use libfuzzer_sys::fuzz_target;
use typst_pdf::PdfStandards;

static GENERATOR: LazyLock<Generator> =
    LazyLock::new(|| Generator::new(None).expect("the built-in templates load"));

static BRIEFING: LazyLock<Briefing> = LazyLock::new(|| {
    Briefing::new(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("a real date"))
});

fuzz_target!(|data: &[u8]| {
    // Long inputs only make each run slower; the syntax that matters is short.
    if data.len() > 2048 {
        return;
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let markup = escape::markup(text);
    assert!(fully_escaped(&markup), "{text:?} escaped to {markup:?}");
    for body in [
        markup,
        format!("#let x = {}\n#x", escape::string_literal(text)),
    ] {
        let source = format!("#set text(font: \"Libertinus Serif\")\n{body}\n");
        if let Err(error) =
            GENERATOR.compile_pdf(&source, &BRIEFING, "fuzz", PdfStandards::default())
        {
            panic!("{text:?} did not compile:\n{error}\n--- source ---\n{source}");
        }
    }
});

/// True when every `#`, `$`, `[` and `]` is preceded by an escaping backslash.
fn fully_escaped(escaped: &str) -> bool {
    let mut chars = escaped.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.next().is_none() => return false,
            '#' | '$' | '[' | ']' => return false,
            _ => {}
        }
    }
    true
}
