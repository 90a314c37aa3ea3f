//! The attache domain model: partners, events, figures, periods, cooperation areas and the
//! sources they cite; the layout of a data folder and the one walk that reads it; loading and
//! validating a dataset with located diagnostics; the queries every command and report asks;
//! and adding records to a data folder without disturbing what is already written.
//!
//! This crate knows nothing of templates, Typst or the terminal.

mod dataset;
mod date;
mod diagnostic;
mod diff;
mod edit;
mod files;
mod grade;
mod load;
mod marking;
mod model;
mod names;
mod query;
mod raw;
pub mod schema;
mod snapshot;
mod time;
mod write;

pub use dataset::Dataset;
pub use date::{DateError, DateQualifier, DateSpan, PartialDate, Precision};
pub use diagnostic::{Diagnostic, Diagnostics, Severity, Span};
pub use diff::{
    Changed, Changes, DiffKind, DiffRecord, FieldChange, FieldHow, Slice, diff, withheld_ids,
};
pub use edit::{
    EditError, NewCitation, NewEvent, NewPartner, NewSource, add_event, add_partner, add_source,
};
pub use files::{
    DataFile, DataFileKind, DataSource, LoadError, MAX_FILE_BYTES, ReadFiles, events_file_for,
};
pub use grade::{CREDIBILITY_UNKNOWN, Grade, Reliability};
pub use marking::{Marking, MarkingLevel, MarkingScale, Released};
pub use model::{
    Area, Citation, DatasetInfo, Event, EventKind, EventStatus, Figure, Partner, PartnerKind,
    Period, Source, SubjectState, Translations, translatable,
};
pub use names::{fold, is_slug, slugify, suggest};
pub use query::activity::{KindFamily, PartnerActivity, activity_by_year};
pub use query::resolve::{FilterInput, PeriodChoice, RecordKind, resolve_kind};
pub use query::search::{FieldMatch, SearchHit};
pub use query::{
    EventFilter, PartnerMatch, RecordRef, Untranslated, chronological, needs_translation,
};
pub use snapshot::{SNAPSHOT_FILE, SNAPSHOT_FORMAT, Snapshot};
pub use time::{document_date, document_time};
pub use write::{Inputs, WriteError, write_atomic, write_set};
