//! The moment a document is made, read in one place: `SOURCE_DATE_EPOCH` when it is set, so
//! that the same data always gives the same file (reproducible builds), else the clock.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::diagnostic::{Diagnostic, Diagnostics};

/// The variable reproducible builds set, in seconds since 1970-01-01 UTC.
const VARIABLE: &str = "SOURCE_DATE_EPOCH";

/// The moment written into documents that record one (an iCalendar DTSTAMP):
/// `SOURCE_DATE_EPOCH` when set, else now.
pub fn document_time() -> Result<DateTime<Utc>, Diagnostics> {
    Ok(source_date_epoch()?.unwrap_or_else(Utc::now))
}

/// The date printed on reports: the day of `SOURCE_DATE_EPOCH` (in UTC) when set, else today
/// in local time.
pub fn document_date() -> Result<NaiveDate, Diagnostics> {
    Ok(match source_date_epoch()? {
        Some(moment) => moment.date_naive(),
        None => chrono::Local::now().date_naive(),
    })
}

/// `SOURCE_DATE_EPOCH`, checked; `None` when unset.
fn source_date_epoch() -> Result<Option<DateTime<Utc>>, Diagnostics> {
    match std::env::var(VARIABLE) {
        Ok(text) => parse_epoch(&text).map(Some),
        Err(_) => Ok(None),
    }
}

/// Parses a number of seconds into a moment whose date has four-digit years, the only ones a
/// report or an iCalendar file can print.
fn parse_epoch(text: &str) -> Result<DateTime<Utc>, Diagnostics> {
    let seconds: i64 = text.trim().parse().map_err(|_| -> Diagnostics {
        Diagnostic::error(format!(
            "{VARIABLE} must be a number of seconds, not `{text}`"
        ))
        .with_hint(format!(
            "unset it, or set it to seconds since 1970, e.g. {VARIABLE}=1767225600"
        ))
        .into()
    })?;
    DateTime::from_timestamp(seconds, 0)
        .filter(|moment| (1..=9999).contains(&moment.year()))
        .ok_or_else(|| {
            Diagnostic::error(format!(
                "{VARIABLE} is out of range: it must give a date in the years 1 to 9999"
            ))
            .into()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_seconds_and_refuses_the_rest() {
        let moment = parse_epoch(" 1767225600\n").expect("valid");
        assert_eq!(moment.date_naive().to_string(), "2026-01-01");
        assert!(parse_epoch("yesterday").is_err());
        assert!(parse_epoch("-99999999999").is_err());
        assert!(parse_epoch("999999999999").is_err());
    }
}
