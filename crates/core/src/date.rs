//! Partial dates: a year, a month or a day, kept at the precision the source gives, and the
//! qualifiers ("early", "first half of") that make vaguer statements honest. Dates here are
//! values; reports put them in words in their own language (the generator's label sets).

use std::fmt;
use std::str::FromStr;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// How much of a date the source states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// `"1994"`
    Year,
    /// `"2005-05"`
    Month,
    /// `"2010-09-15"`
    Day,
}

/// A date known to a year, a month or a day. Orders by its earliest possible day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
}

impl PartialDate {
    /// A date known to the year.
    pub fn year(year: i32) -> Self {
        Self {
            year,
            month: None,
            day: None,
        }
    }

    /// The year.
    pub fn year_number(&self) -> i32 {
        self.year
    }

    /// The month (1–12), when known.
    pub fn month(&self) -> Option<u8> {
        self.month
    }

    /// The day of the month, when known.
    pub fn day(&self) -> Option<u8> {
        self.day
    }

    /// How much of the date is known.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (None, _) => Precision::Year,
            (Some(_), None) => Precision::Month,
            (Some(_), Some(_)) => Precision::Day,
        }
    }

    /// The latest day this date may stand for, as a comparable key (`end` of a span).
    pub fn last_possible(&self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(12), self.day.unwrap_or(31))
    }

    /// The earliest day this date may stand for, as a comparable key.
    pub fn first_possible(&self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The first day this date may stand for: 1 January, the first of the month, or the day.
    pub fn first_day(&self) -> NaiveDate {
        let (y, m, d) = self.first_possible();
        NaiveDate::from_ymd_opt(y, u32::from(m), u32::from(d)).unwrap_or(if y < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        })
    }

    /// The last day this date may stand for: 31 December, the month's last day, or the day.
    pub fn last_day(&self) -> NaiveDate {
        let first = self.first_day();
        let next = match self.precision() {
            Precision::Day => return first,
            Precision::Month => first.checked_add_months(Months::new(1)),
            Precision::Year => first.checked_add_months(Months::new(12)),
        };
        next.and_then(|n| n.pred_opt()).unwrap_or(NaiveDate::MAX)
    }
}

/// Why a string is not a partial date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not of the shape YYYY, YYYY-MM or YYYY-MM-DD.
    #[error(
        "`{0}` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, e.g. \"1994\", \"2005-05\", \"2010-09-15\""
    )]
    Shape(String),
    /// A month outside 1–12.
    #[error("`{0}` has no such month: months run from 01 to 12")]
    Month(String),
    /// A day the month does not have.
    #[error("`{0}` is not a day of the calendar")]
    Day(String),
}

impl FromStr for PartialDate {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let shape = || DateError::Shape(text.to_owned());
        let parts: Vec<&str> = text.split('-').collect();
        let widths_ok = match parts.as_slice() {
            [y] => y.len() == 4,
            [y, m] => y.len() == 4 && m.len() == 2,
            [y, m, d] => y.len() == 4 && m.len() == 2 && d.len() == 2,
            _ => false,
        };
        if !widths_ok || !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
            return Err(shape());
        }
        let year: i32 = parts[0].parse().map_err(|_| shape())?;
        let month: Option<u8> = parts
            .get(1)
            .map(|m| m.parse())
            .transpose()
            .map_err(|_| shape())?;
        let day: Option<u8> = parts
            .get(2)
            .map(|d| d.parse())
            .transpose()
            .map_err(|_| shape())?;
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(DateError::Month(text.to_owned()));
        }
        if let (Some(m), Some(d)) = (month, day)
            && NaiveDate::from_ymd_opt(year, u32::from(m), u32::from(d)).is_none()
        {
            return Err(DateError::Day(text.to_owned()));
        }
        Ok(Self { year, month, day })
    }
}

impl fmt::Display for PartialDate {
    /// ISO 8601 at the date's own precision.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A day of the calendar, at day precision.
impl From<NaiveDate> for PartialDate {
    fn from(day: NaiveDate) -> Self {
        use chrono::Datelike;
        Self {
            year: day.year(),
            month: Some(day.month() as u8),
            day: Some(day.day() as u8),
        }
    }
}

/// Snapshots and exports are read back with the date as written there.
impl<'de> serde::Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A span of time, either end open: a period, a `FROM..TO` span typed by a user, or the
/// `--from`/`--to` of a filter.
///
/// Each end is a partial date and stands for all the days it may mean: the span `1994..2003`
/// runs from 1 January 1994 to 31 December 2003.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct DateSpan {
    /// The first date; `None` for a span open at the start.
    pub start: Option<PartialDate>,
    /// The last date; `None` for a span that goes on.
    pub end: Option<PartialDate>,
}

impl DateSpan {
    /// An id for the span: `2003-2013`, `2016-onwards`, `until-1999`.
    pub fn slug(&self) -> String {
        match (self.start, self.end) {
            (Some(s), Some(e)) if s == e => s.to_string(),
            (Some(s), Some(e)) => format!("{s}-{e}"),
            (Some(s), None) => format!("{s}-onwards"),
            (None, Some(e)) => format!("until-{e}"),
            (None, None) => "all".to_owned(),
        }
    }

    /// The span from `start` to `end`.
    pub fn new(start: Option<PartialDate>, end: Option<PartialDate>) -> Self {
        Self { start, end }
    }

    /// Whether the span shares at least one day with the days `first..=last`.
    ///
    /// This is the one meaning of "falls in a span" in attache: an event (first day of its
    /// `date` to last day of its `end`, or of its `date`) falls in a period, a `FROM..TO` span
    /// or a `--from`/`--to` filter when the two share a day. A date the source gives only as
    /// "1993" therefore falls in a period that starts in June 1993, since the source does not
    /// say which part of the year it means.
    pub fn overlaps(&self, first: NaiveDate, last: NaiveDate) -> bool {
        self.start.is_none_or(|start| last >= start.first_day())
            && self.end.is_none_or(|end| first <= end.last_day())
    }

    /// Whether the span shares a day with the days a partial date may stand for.
    pub fn overlaps_date(&self, date: &PartialDate) -> bool {
        self.overlaps(date.first_day(), date.last_day())
    }

    /// Whether the end comes before the start, so that no day can fall in the span.
    pub fn is_reversed(&self) -> bool {
        match (self.start, self.end) {
            (Some(start), Some(end)) => end.last_day() < start.first_day(),
            _ => false,
        }
    }
}

/// How a vague date is qualified in its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateQualifier {
    /// "early 1994"
    Early,
    /// "mid-1994"
    Mid,
    /// "late 1994"
    Late,
    /// "first half of 2016"
    FirstHalf,
    /// "second half of 2016"
    SecondHalf,
    /// "c. 1994"
    Circa,
    /// "since 1994"
    Since,
    /// "before 1994"
    Before,
    /// "by 1994"
    By,
    /// "after 1994"
    After,
}

impl DateQualifier {
    /// Every qualifier's name as written in data files.
    pub const NAMES: [&'static str; 10] = [
        "early",
        "mid",
        "late",
        "first-half",
        "second-half",
        "circa",
        "since",
        "before",
        "by",
        "after",
    ];

    /// Where a date so qualified stands among the dates given as the same date, from first to
    /// last: before and by, then circa, early and first half, then the date itself (rank 2,
    /// for a date without qualifier), then mid, then late and second half, then since and
    /// after. See [`crate::chronological`].
    pub fn rank(self) -> u8 {
        match self {
            Self::Before | Self::By => 0,
            Self::Circa | Self::Early | Self::FirstHalf => 1,
            Self::Mid => 3,
            Self::Late | Self::SecondHalf => 4,
            Self::Since | Self::After => 5,
        }
    }

    /// Whether the qualified date points before the date's first day ("before 1994", "by
    /// 1994"), so that it is placed ahead of everything that date stands for.
    pub fn points_before(self) -> bool {
        self.rank() == 0
    }
}

/// The rank of an unqualified date among qualified ones (see [`DateQualifier::rank`]).
pub(crate) const UNQUALIFIED_RANK: u8 = 2;

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> PartialDate {
        text.parse().expect("valid date")
    }

    #[test]
    fn keeps_the_precision_of_the_source() {
        assert_eq!(date("1994").month(), None);
        assert_eq!(date("2005-05").month(), Some(5));
        assert_eq!(date("2010-09-15").day(), Some(15));
        assert_eq!(date("2010-09-05").to_string(), "2010-09-05");
        assert_eq!(date("2005-05").precision(), Precision::Month);
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(matches!(
            "2010-02-30".parse::<PartialDate>(),
            Err(DateError::Day(_))
        ));
        assert!(matches!(
            "2010-13".parse::<PartialDate>(),
            Err(DateError::Month(_))
        ));
        assert!(matches!(
            "94".parse::<PartialDate>(),
            Err(DateError::Shape(_))
        ));
        assert!(matches!(
            "2010-9-1".parse::<PartialDate>(),
            Err(DateError::Shape(_))
        ));
        assert!(matches!(
            "May 2005".parse::<PartialDate>(),
            Err(DateError::Shape(_))
        ));
        assert!("2024-02-29".parse::<PartialDate>().is_ok());
    }

    #[test]
    fn partial_dates_span_their_whole_period() {
        assert_eq!(date("2024-02").last_day().to_string(), "2024-02-29");
        assert_eq!(date("2023-02").last_day().to_string(), "2023-02-28");
        assert_eq!(date("1994").last_day().to_string(), "1994-12-31");
        assert_eq!(date("1994").first_day().to_string(), "1994-01-01");
        assert_eq!(
            date("2010-09-15").first_day(),
            date("2010-09-15").last_day()
        );
        assert_eq!(date("9999").last_day().to_string(), "9999-12-31");
    }

    #[test]
    fn a_span_holds_what_overlaps_it() {
        let span = DateSpan::new(Some(date("1993-06")), Some(date("2003-10")));
        // "1993" may mean June 1993 or later: it overlaps.
        assert!(span.overlaps_date(&date("1993")));
        assert!(span.overlaps_date(&date("2003")));
        assert!(!span.overlaps_date(&date("1993-05")));
        assert!(!span.overlaps_date(&date("2003-11-01")));
        // An event that starts before the span and ends in it falls in it.
        assert!(span.overlaps(date("1990").first_day(), date("1993-06-01").last_day()));
        let open = DateSpan::new(None, Some(date("1990")));
        assert!(open.overlaps_date(&date("1000")));
        assert!(DateSpan::default().overlaps_date(&date("2020")));
        assert!(DateSpan::new(Some(date("2003")), Some(date("1994"))).is_reversed());
        assert!(!DateSpan::new(Some(date("2003")), Some(date("2003-01"))).is_reversed());
    }

    #[test]
    fn orders_by_earliest_day() {
        assert!(date("1994") < date("1994-01"));
        assert!(date("1994-05-12") < date("1995"));
        assert!(date("1993-12-31") < date("1994"));
    }
}
