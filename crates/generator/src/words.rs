//! Values put in words in a report's language, every word from its label set: dates at their
//! precision with their qualifiers, spans, numbers with the language's digit grouping, counts
//! in the plural form the number takes, the closed vocabularies (event kinds, statuses,
//! partner kinds, relationships, source kinds), and capitals by the language's rules.
//!
//! Two language rules are written out here rather than taken from a crate, because each is a
//! few lines and a locale library would add megabytes of data for them:
//!
//! - **Plural forms** follow the CLDR rules for whole numbers: Russian has `one` (1, 21, 101),
//!   `few` (2–4, 22–24) and `many` (0, 5–20, 25–30); `en` and `az` have `one` (1) and
//!   `other`. A language without a rule here uses `other`.
//! - **Capitals**: Rust's `to_uppercase` follows Unicode's default mapping, which turns `i`
//!   into `I`. Unicode's SpecialCasing.txt has exactly one exception for upper-casing, for
//!   the Turkic languages (`tr`, `az`): `i` becomes `İ` (and, lower-casing, `I` becomes `ı`, `İ` becomes
//!   `i`). Typst's `upper` ignores `set text(lang:)`, so text is put in capitals here, before
//!   it reaches the template.

use attache_core::{
    DateQualifier, Event, EventKind, EventStatus, PartialDate, PartnerKind, Period,
};
use chrono::{Datelike, NaiveDate};

use crate::labels::{Labels, fill};
use crate::template_files::TemplateSource;

/// Dates in words for output other than reports, such as the command line's, which speaks
/// English: the words of the built-in English label set.
pub struct Words(Labels);

impl Words {
    /// The built-in English words, read once.
    pub fn english() -> &'static Self {
        static ENGLISH: std::sync::OnceLock<Words> = std::sync::OnceLock::new();
        ENGLISH.get_or_init(|| {
            let labels = Labels::load(&TemplateSource::new(None), "en");
            Self(labels.expect("the built-in English labels are valid"))
        })
    }

    /// The words of a built-in label set (`en`, `az`, `ru`); `None` for a language without one.
    pub fn built_in(language: &str) -> Option<Self> {
        Labels::load(&TemplateSource::new(None), language)
            .ok()
            .filter(|_| crate::LANGUAGES.contains(&language))
            .map(Self)
    }

    /// A date at its own precision: "May 2005".
    pub fn date(&self, date: &PartialDate) -> String {
        self.0.date(date)
    }

    /// An event's date with its qualifier and end: "early 1994".
    pub fn event_date(&self, event: &Event) -> String {
        self.0.event_date(event)
    }

    /// An event's date as [`Words::event_date`] gives it, marked when no cited passage states
    /// it: "by 2002 (inferred)".
    pub fn event_date_marked(&self, event: &Event) -> String {
        let date = self.0.event_date(event);
        if event.date_inferred {
            format!("{date} ({})", self.0.get("inferred"))
        } else {
            date
        }
    }

    /// A period's span: "June 1993 – October 2003", "2020 onwards".
    pub fn span(&self, period: &Period) -> String {
        self.0.span(&period.start, period.end.as_ref())
    }
}

/// The forms a date takes: alone, and after each kind of qualifier.
const FORMS: [&str; 4] = ["", "_of", "_from", "_by"];

/// Languages whose capitals follow the Turkic rule for the dotted and dotless i.
const TURKIC: [&str; 2] = ["az", "tr"];

impl Labels {
    /// A date in words at its own precision: "1994", "May 2005", "15 September 2010".
    pub(crate) fn date(&self, date: &PartialDate) -> String {
        self.date_form(date, "")
    }

    /// A date in one of its forms (`""`, `"_of"`, `"_from"`, `"_by"`).
    fn date_form(&self, date: &PartialDate, form: &str) -> String {
        let precision = match (date.month(), date.day()) {
            (None, _) => "year",
            (Some(_), None) => "month",
            (Some(_), Some(_)) => "day",
        };
        let month = date.month().unwrap_or(1).clamp(1, 12);
        let year = date.year_number().to_string();
        let day = date.day().map(|d| d.to_string()).unwrap_or_default();
        let words = fill(
            self.get(&format!("date_{precision}{form}")),
            &[
                ("day", &day),
                (
                    "month_genitive",
                    self.get(&format!("month_genitive_{month}")),
                ),
                ("month", self.get(&format!("month_{month}"))),
                ("year_suffix", &self.year_suffix(date.year_number())),
                ("year", &year),
            ],
        );
        if !self.whole_dates {
            words
        } else if form.is_empty() {
            // "10 December 1919": one unbreakable run.
            words.replace(' ', "\u{a0}").replace('-', "\u{2011}")
        } else {
            // "2003-cü ilin avqust ayından": too long for a narrow column in some languages,
            // so it may wrap between words, but never at the year's hyphen.
            words.replace('-', "\u{2011}")
        }
    }

    /// A calendar day in words: the document date.
    pub(crate) fn day(&self, day: NaiveDate) -> String {
        let text = format!("{:04}-{:02}-{:02}", day.year(), day.month(), day.day());
        text.parse()
            .map_or(text, |date: PartialDate| self.date(&date))
    }

    /// The values that fill a label's `{name}`, `{name_of}`, `{name_from}` and `{name_by}`
    /// with a date in each form.
    fn date_values(&self, name: &str, date: &PartialDate) -> Vec<(String, String)> {
        FORMS
            .iter()
            .map(|form| (format!("{name}{form}"), self.date_form(date, form)))
            .collect()
    }

    /// A label filled with dates in every form (`{start}`, `{start_from}`, ...).
    pub(crate) fn fill_dates(&self, key: &str, dates: &[(&str, &PartialDate)]) -> String {
        let values: Vec<(String, String)> = dates
            .iter()
            .flat_map(|(name, date)| self.date_values(name, date))
            .collect();
        let pairs: Vec<(&str, &str)> = values
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        self.fill(key, &pairs)
    }

    /// A date with the qualifier its source gives: "early 1994", "since May 2005".
    pub(crate) fn qualified(&self, date: &PartialDate, qualifier: Option<DateQualifier>) -> String {
        match qualifier {
            None => self.date(date),
            Some(q) => self.fill_dates(
                &format!("qualifier_{}", qualifier_key(q)),
                &[("date", date)],
            ),
        }
    }

    /// An event's start in words with its qualifier: "early 1994".
    pub(crate) fn event_start(&self, event: &Event) -> String {
        self.qualified(&event.date, event.date_qualifier)
    }

    /// An event's date in words with its qualifier and end: "12 May 2013 – 16 May 2013".
    pub(crate) fn event_date(&self, event: &Event) -> String {
        let start = self.event_start(event);
        match &event.end {
            Some(end) => self.fill("date_range", &[("start", &start), ("end", &self.date(end))]),
            None => start,
        }
    }

    /// A span in words: "June 1993 – October 2003", "2020 onwards".
    pub(crate) fn span(&self, start: &PartialDate, end: Option<&PartialDate>) -> String {
        match end {
            Some(end) => self.fill(
                "date_range",
                &[("start", &self.date(start)), ("end", &self.date(end))],
            ),
            None => self.fill_dates("span_onwards", &[("start", start)]),
        }
    }

    /// The ordinal ending a language writes after a year ("cü" in "1994-cü"), from the
    /// `year_suffix_*` labels: by the last digit, else by the tens, hundreds or thousands.
    fn year_suffix(&self, year: i32) -> String {
        let year = year.unsigned_abs();
        let nth = |key: &str, index: u32| {
            self.get(key)
                .split_whitespace()
                .nth(index as usize)
                .unwrap_or_default()
                .to_owned()
        };
        if !year.is_multiple_of(10) {
            nth("year_suffix_units", year % 10 - 1)
        } else if !year.is_multiple_of(100) {
            nth("year_suffix_tens", year / 10 % 10 - 1)
        } else if !year.is_multiple_of(1000) {
            nth("year_suffix_hundreds", 0)
        } else {
            nth("year_suffix_thousands", 0)
        }
    }

    /// A whole number with the language's digit grouping: "1,500", "1 500".
    pub(crate) fn number(&self, n: usize) -> String {
        group_digits(n, self.get("number_group_separator"))
    }

    /// A count in the plural form the number takes: "1 event", "5 событий".
    pub(crate) fn count(&self, key: &str, n: usize) -> String {
        let form = plural_category(self.language(), n);
        self.fill(&format!("{key}_{form}"), &[("n", &self.number(n))])
    }

    /// An event kind as its tag prints it.
    pub(crate) fn kind(&self, kind: EventKind) -> String {
        self.get(&format!("kind_{}", key_of(kind.name())))
            .to_owned()
    }

    /// An event kind in the plural, as a title names what it lists ("Agreements").
    pub(crate) fn kinds(&self, kind: EventKind) -> String {
        self.get(&format!("kinds_{}", key_of(kind.name())))
            .to_owned()
    }

    /// An event's status in words; `None` for one that happened.
    pub(crate) fn status(&self, status: EventStatus) -> Option<String> {
        (status != EventStatus::Occurred).then(|| {
            self.get(&format!("status_{}", key_of(status.name())))
                .to_owned()
        })
    }

    /// What a partner is, in words.
    pub(crate) fn partner_kind(&self, kind: PartnerKind) -> String {
        self.get(&format!("partner_kind_{}", key_of(kind.name())))
            .to_owned()
    }

    /// A value of an open vocabulary (`relationship`, `source_kind`) in words: its label, or
    /// the value as written, hyphens as spaces, when the label set has none.
    pub(crate) fn vocabulary(&self, vocabulary: &str, value: &str) -> String {
        self.find(&format!("{vocabulary}_{}", key_of(value)))
            .map_or_else(|| value.replace('-', " "), str::to_owned)
    }

    /// The text in capitals, by the language's rules.
    pub(crate) fn upper(&self, text: &str) -> String {
        upper(self.language(), text)
    }
}

/// A whole number with `separator` between groups of three digits.
pub(crate) fn group_digits(n: usize, separator: &str) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(digit);
    }
    out
}

/// A data-file name as a label key's tail: `under-discussion` gives `under_discussion`.
fn key_of(name: &str) -> String {
    name.replace('-', "_")
}

/// A qualifier's label key tail.
fn qualifier_key(qualifier: DateQualifier) -> &'static str {
    match qualifier {
        DateQualifier::Early => "early",
        DateQualifier::Mid => "mid",
        DateQualifier::Late => "late",
        DateQualifier::FirstHalf => "first_half",
        DateQualifier::SecondHalf => "second_half",
        DateQualifier::Circa => "circa",
        DateQualifier::Since => "since",
        DateQualifier::Before => "before",
        DateQualifier::By => "by",
        DateQualifier::After => "after",
    }
}

/// The CLDR plural category of a whole number in a language.
fn plural_category(language: &str, n: usize) -> &'static str {
    match language {
        "ru" | "uk" | "be" => match (n % 10, n % 100) {
            (1, rest) if rest != 11 => "one",
            (2..=4, rest) if !(12..=14).contains(&rest) => "few",
            _ => "many",
        },
        "en" | "az" | "tr" | "de" | "kk" if n == 1 => "one",
        _ => "other",
    }
}

/// The text in capitals by the rules of `language`.
pub(crate) fn upper(language: &str, text: &str) -> String {
    if TURKIC.contains(&language) {
        text.replace('i', "İ").to_uppercase()
    } else {
        text.to_uppercase()
    }
}

/// The text with its first letter in capitals by the rules of `language`.
pub(crate) fn upper_first(language: &str, text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        upper(language, first.encode_utf8(&mut [0; 4])) + chars.as_str()
    })
}

/// The text in small letters by the rules of `language`.
pub(crate) fn lower(language: &str, text: &str) -> String {
    if TURKIC.contains(&language) {
        text.replace('I', "ı").replace('İ', "i").to_lowercase()
    } else {
        text.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(language: &str) -> Labels {
        Labels::load(&TemplateSource::new(None), language).expect("built-in labels")
    }

    fn date(text: &str) -> PartialDate {
        text.parse().expect("a date")
    }

    #[test]
    fn turkic_capitals_keep_the_dot() {
        assert_eq!(upper("az", "Tarix"), "TARİX");
        assert_eq!(upper("az", "Nazirliyi"), "NAZİRLİYİ");
        assert_eq!(upper("az", "Qazıx"), "QAZIX");
        assert_eq!(upper("en", "Tarix"), "TARIX");
        assert_eq!(upper_first("az", "iyul"), "İyul");
        assert_eq!(lower("az", "SAZİŞ IŞIQ"), "saziş ışıq");
    }

    #[test]
    fn dates_read_naturally_in_each_language() {
        let (en, az, ru) = (labels("en"), labels("az"), labels("ru"));
        assert_eq!(en.date(&date("2010-09-15")), "15 September 2010");
        assert_eq!(az.date(&date("2010-09-15")), "15 sentyabr 2010");
        assert_eq!(ru.date(&date("2010-09-15")), "15 сентября 2010 г.");
        assert_eq!(ru.date(&date("2005-05")), "май 2005 г.");
        let early = Some(DateQualifier::Early);
        assert_eq!(en.qualified(&date("1994"), early), "early 1994");
        assert_eq!(az.qualified(&date("1994"), early), "1994-cü ilin əvvəli");
        assert_eq!(ru.qualified(&date("2005-05"), early), "начало мая 2005 г.");
        let since = Some(DateQualifier::Since);
        assert_eq!(az.qualified(&date("2010"), since), "2010-cu ildən bəri");
        assert_eq!(az.qualified(&date("2000"), since), "2000-ci ildən bəri");
        assert_eq!(az.qualified(&date("1940"), since), "1940-cı ildən bəri");
        assert_eq!(ru.qualified(&date("2005-05"), since), "с мая 2005 г.");
        let half = Some(DateQualifier::FirstHalf);
        assert_eq!(en.qualified(&date("2016"), half), "first half of 2016");
        assert_eq!(
            az.qualified(&date("2016"), half),
            "2016-cı ilin birinci yarısı"
        );
    }

    #[test]
    fn counts_take_the_plural_form_of_their_number() {
        let ru = labels("ru");
        let counts: Vec<String> = [1, 2, 5, 11, 21, 22, 25, 1500]
            .iter()
            .map(|&n| ru.count("count_events", n))
            .collect();
        assert_eq!(
            counts,
            [
                "1 событие",
                "2 события",
                "5 событий",
                "11 событий",
                "21 событие",
                "22 события",
                "25 событий",
                "1\u{a0}500 событий"
            ]
        );
        let en = labels("en");
        assert_eq!(en.count("count_events", 1), "1 event");
        assert_eq!(en.count("count_years", 5), "5 years");
        assert_eq!(en.number(1_234_567), "1,234,567");
    }

    #[test]
    fn open_vocabularies_fall_back_to_the_value_as_written() {
        let az = labels("az");
        assert_eq!(
            az.vocabulary("relationship", "strategic-partner"),
            "strateji tərəfdaş"
        );
        assert_eq!(az.vocabulary("relationship", "old-friend"), "old friend");
        assert_eq!(
            az.status(EventStatus::Planned).as_deref(),
            Some("planlaşdırılır")
        );
        assert_eq!(az.status(EventStatus::Occurred), None);
    }
}
