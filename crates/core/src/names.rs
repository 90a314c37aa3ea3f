//! Name matching: folding case and diacritics so `Türkiye`, `TURKIYE` and `turkiye` meet, and
//! suggesting the closest valid value for a typo.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lowercases and strips diacritics: "Türkiye" and "TÜRKİYE" both fold to "turkiye".
pub fn fold(text: &str) -> String {
    text.nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        // The Turkic dotless ı and the schwa ə have no decomposition; fold them by hand.
        .map(|c| match c {
            'ı' => 'i',
            'ə' => 'e',
            _ => c,
        })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// The candidate closest to `wanted`, if any is close enough to be a plausible typo.
pub fn suggest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = fold(wanted);
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&wanted, &fold(c)), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Whether an id is a slug: lowercase ASCII letters, digits and single inner hyphens.
pub fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
}

/// An id made from a name or title: folded to ASCII, words joined by single hyphens
/// ("Türkiye–Georgia talks" gives `turkiye-georgia-talks`).
pub fn slugify(text: &str) -> String {
    fold(text)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_diacritics() {
        assert_eq!(fold("Türkiye"), "turkiye");
        assert_eq!(fold("TÜRKİYE"), "turkiye");
        assert_eq!(fold("İsrail"), "israil");
        assert_eq!(fold("Azərbaycan"), "azerbaycan");
        assert_eq!(fold("  TUR "), "tur");
    }

    #[test]
    fn suggests_only_close_names() {
        let ids = ["turkey", "turkmenistan", "russia"];
        assert_eq!(suggest("turky", ids), Some("turkey"));
        assert_eq!(suggest("rusia", ids), Some("russia"));
        assert_eq!(suggest("brazil", ids), None);
    }

    #[test]
    fn slugs_are_folded_words_joined_by_hyphens() {
        assert_eq!(slugify("Türkiye–Georgia talks"), "turkiye-georgia-talks");
        assert_eq!(
            slugify("  A \"quoted\" visit, to Ankara "),
            "a-quoted-visit-to-ankara"
        );
        assert!(is_slug(&slugify("Azərbaycan Respublikası")));
    }
}
