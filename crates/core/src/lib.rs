//! The attache domain model: partners, events, figures, periods, cooperation areas and the
//! sources they cite; loading them from a folder of TOML files with located validation errors;
//! and the queries reports are built from.
//!
//! This crate knows nothing of templates, Typst or the terminal.

mod dataset;
mod date;
mod diagnostic;
mod load;
mod model;
mod names;
mod raw;
pub mod schema;

pub use date::DateError;

pub use dataset::{Dataset, EventFilter, PartnerMatch};
pub use date::{DateQualifier, DateSpan, PartialDate, Precision};
pub use diagnostic::{Diagnostic, Diagnostics, Severity, Span};
pub use load::{DataFile, LoadError};
pub use model::{
    Area, Citation, Event, EventKind, EventStatus, Figure, Partner, PartnerKind, Period, Source,
};
pub use names::{fold, is_slug, suggest};
