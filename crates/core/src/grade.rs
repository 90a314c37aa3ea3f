//! Source grades on the NATO "Admiralty" system: a source's reliability (A to F) and a
//! citation's credibility (1 to 6) make a grade such as `B2`. Ungraded is F and 6, as the
//! system defines: reliability, or truth, cannot be judged.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use crate::dataset::Dataset;
use crate::model::Citation;

/// How reliable a source is: A (completely reliable) to F (cannot be judged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Reliability(u8);

impl Reliability {
    /// The letters, most reliable first.
    pub const NAMES: &'static [&'static str] = &["A", "B", "C", "D", "E", "F"];
    /// Reliability cannot be judged: every ungraded source.
    pub const UNKNOWN: Self = Self(5);

    /// The grade a letter names.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Self(i as u8))
    }

    /// The letter.
    pub fn name(self) -> &'static str {
        Self::NAMES[usize::from(self.0)]
    }
}

/// Data files and exports write a reliability as its letter.
impl Serialize for Reliability {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// Snapshots and exports are read back with the letter.
impl<'de> serde::Deserialize<'de> for Reliability {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Self::from_name(&name).ok_or_else(|| {
            serde::de::Error::custom(format!("`{name}` is not a reliability A to F"))
        })
    }
}

/// The highest credibility number: truth cannot be judged (every ungraded citation).
pub const CREDIBILITY_UNKNOWN: u8 = 6;

/// A citation's grade: its source's reliability and its own credibility.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Grade {
    /// A to F.
    pub reliability: Reliability,
    /// 1 (confirmed) to 6 (cannot be judged).
    pub credibility: u8,
}

impl Grade {
    /// Whether this grade is at least as good as `min` on both scales.
    pub fn meets(self, min: Grade) -> bool {
        self.reliability <= min.reliability && self.credibility <= min.credibility
    }

    /// Whether it is a weak grade: reliability E or F, or credibility 5 or 6.
    pub fn is_weak(self) -> bool {
        self.reliability.0 >= 4 || self.credibility >= 5
    }

    /// An order from best to worst: reliability first, then credibility.
    pub fn rank(self) -> (Reliability, u8) {
        (self.reliability, self.credibility)
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.reliability.name(), self.credibility)
    }
}

/// Outputs write a grade as `B2`.
impl Serialize for Grade {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A grade as typed on the command line (`B3`), letter and digit.
impl FromStr for Grade {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let upper = text.trim().to_ascii_uppercase();
        let mut chars = upper.chars();
        let letter = chars.next().map(String::from).unwrap_or_default();
        let digit = chars.as_str().parse::<u8>().ok();
        match (Reliability::from_name(&letter), digit) {
            (Some(reliability), Some(credibility @ 1..=6)) => Ok(Self {
                reliability,
                credibility,
            }),
            _ => Err(format!(
                "`{text}` is not a grade: write a reliability letter A-F and a credibility digit 1-6, e.g. B3"
            )),
        }
    }
}

impl Dataset {
    /// A citation's grade; ungraded parts count as F and 6.
    pub fn grade(&self, citation: &Citation) -> Grade {
        Grade {
            reliability: self
                .source(&citation.id)
                .and_then(|s| s.reliability)
                .unwrap_or(Reliability::UNKNOWN),
            credibility: citation.credibility.unwrap_or(CREDIBILITY_UNKNOWN),
        }
    }

    /// The best grade a fact rests on, among its citations.
    pub fn best_grade(&self, citations: &[Citation]) -> Grade {
        citations
            .iter()
            .map(|c| self.grade(c))
            .min_by_key(|g| g.rank())
            .unwrap_or(Grade {
                reliability: Reliability::UNKNOWN,
                credibility: CREDIBILITY_UNKNOWN,
            })
    }

    /// Whether a fact rests on at least one citation graded `min` or better.
    pub fn rests_on(&self, citations: &[Citation], min: Grade) -> bool {
        citations.iter().any(|c| self.grade(c).meets(min))
    }

    /// Whether a fact rests only on weak grades (E-F or 5-6).
    pub fn rests_only_on_weak(&self, citations: &[Citation]) -> bool {
        citations.iter().all(|c| self.grade(c).is_weak())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_read_and_compare_as_the_system_defines() {
        let b3: Grade = "b3".parse().expect("a grade");
        assert_eq!(b3.to_string(), "B3");
        assert!("A1".parse::<Grade>().expect("a grade").meets(b3));
        assert!(!"C1".parse::<Grade>().expect("a grade").meets(b3));
        assert!(!"B4".parse::<Grade>().expect("a grade").meets(b3));
        assert!("G1".parse::<Grade>().is_err() && "B7".parse::<Grade>().is_err());
        assert!("E1".parse::<Grade>().expect("a grade").is_weak());
        assert!("A5".parse::<Grade>().expect("a grade").is_weak());
        assert!(!"D4".parse::<Grade>().expect("a grade").is_weak());
    }
}
