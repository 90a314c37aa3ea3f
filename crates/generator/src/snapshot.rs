//! The snapshot every PDF carries: the records the report shows, as JSON, attached to the PDF
//! as an embedded file so that the brief itself can be the baseline of the next one
//! (`attache diff`, `--since`). PDF/A-2b forbids embedded files that are not PDF/A
//! themselves: a PDF made to it goes without, and says so in a warning.

use std::collections::BTreeSet;

use attache_core::{Dataset, Diagnostic, PartialDate, Slice, Snapshot};

use crate::request::{PdfStandard, PdfStandards, Report};

/// How the attached snapshot describes itself in a PDF reader's list of attachments.
pub(crate) const DESCRIPTION: &str = "The dataset records this document shows (attache snapshot)";

/// An older version of the dataset a report is compared with (`--since`): released under
/// the same ceiling as the report.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// The older records.
    pub dataset: Dataset,
    /// The ids of the events and figures either version holds above the ceiling: they never
    /// show as changes.
    pub withheld: BTreeSet<String>,
    /// The day the older brief or export was made; `None` for a dataset folder.
    pub date: Option<PartialDate>,
}

/// The events and figures a report shows, asked of the dataset by the report's ids alone, so
/// that an older version of the dataset, which may lack the subject, can be asked too.
pub(crate) fn shown<'a>(dataset: &'a Dataset, report: &'a Report) -> Slice<'a> {
    match report {
        Report::Partner(id) => {
            let mut events: Vec<_> = dataset.events_with_partner(id).collect();
            events.extend(
                dataset
                    .events_of_predecessors(id)
                    .into_iter()
                    .map(|(e, _)| e),
            );
            events.sort_by(|a, b| attache_core::chronological(a, b));
            Slice {
                events,
                figures: dataset.figures_of_partner(id).collect(),
            }
        }
        Report::Period(id) => match dataset.period(id) {
            Some(period) => Slice {
                events: dataset.events_in_period(period).collect(),
                figures: dataset.figures_in_span(&period.span()).collect(),
            },
            None => Slice::default(),
        },
        Report::Span(span) => Slice {
            events: dataset.events_in_span(span).collect(),
            figures: dataset.figures_in_span(span).collect(),
        },
        Report::Area(id) => Slice {
            events: dataset.events_in_area(id).collect(),
            figures: Vec::new(),
        },
        Report::Chronology(filter) => Slice {
            events: dataset.events_matching(filter).collect(),
            figures: Vec::new(),
        },
    }
}

/// The snapshot JSON a report's PDF attaches, or why it goes without: `None` with a warning
/// under PDF/A-2b.
pub(crate) fn json(
    dataset: &Dataset,
    report: &Report,
    date: chrono::NaiveDate,
    standards: PdfStandards,
) -> (Option<String>, Option<Diagnostic>) {
    if standards.contains(PdfStandard::A2b) {
        let warning = Diagnostic::warning(
            "the PDF carries no dataset snapshot: PDF/A-2b forbids embedded files",
        )
        .with_hint("use --pdf-standard a-3b to archive the brief with its snapshot")
        .with_note(
            "without a snapshot, this PDF cannot be the baseline of `attache diff` or --since",
        );
        return (None, Some(warning));
    }
    let slice = shown(dataset, report);
    let snapshot = Snapshot::slice(dataset, &slice.events, &slice.figures, date);
    (Some(snapshot.to_json()), None)
}

/// The snapshot a PDF carries, as JSON: `Ok(None)` for a PDF without one. Reads the
/// embedded file named [`attache_core::SNAPSHOT_FILE`] from the document's name tree.
pub fn read_snapshot(pdf: &[u8]) -> Result<Option<String>, String> {
    let document = lopdf::Document::load_mem(pdf).map_err(|e| e.to_string())?;
    let Some(spec) = embedded_file_spec(&document) else {
        return Ok(None);
    };
    let stream = (spec.get(b"EF").and_then(lopdf::Object::as_dict))
        .and_then(|ef| ef.get(b"F").or_else(|_| ef.get(b"UF")))
        .and_then(lopdf::Object::as_reference)
        .and_then(|id| document.get_object(id))
        .and_then(lopdf::Object::as_stream)
        .map_err(|e| format!("its snapshot cannot be read: {e}"))?;
    let bytes = match stream.decompressed_content() {
        Ok(bytes) => bytes,
        Err(_) => stream.content.clone(),
    };
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| "its snapshot is not UTF-8 text".to_owned())
}

/// The file specification of the snapshot in the catalog's `EmbeddedFiles` name tree (one
/// level of kids deep, as Typst and the joiner write it).
fn embedded_file_spec(document: &lopdf::Document) -> Option<&lopdf::Dictionary> {
    fn resolve<'d>(
        document: &'d lopdf::Document,
        object: &'d lopdf::Object,
    ) -> Option<&'d lopdf::Object> {
        match object {
            lopdf::Object::Reference(id) => document.get_object(*id).ok(),
            other => Some(other),
        }
    }
    let resolve = |object| resolve(document, object);
    let names = resolve(document.catalog().ok()?.get(b"Names").ok()?)?
        .as_dict()
        .ok()?;
    let root = resolve(names.get(b"EmbeddedFiles").ok()?)?.as_dict().ok()?;
    let mut nodes = vec![root];
    if let Ok(kids) = root.get(b"Kids").and_then(lopdf::Object::as_array) {
        nodes.extend(kids.iter().filter_map(|k| resolve(k)?.as_dict().ok()));
    }
    for node in nodes {
        let Ok(pairs) = node.get(b"Names").and_then(lopdf::Object::as_array) else {
            continue;
        };
        for pair in pairs.chunks(2) {
            if let [lopdf::Object::String(name, _), spec] = pair
                && name.as_slice() == attache_core::SNAPSHOT_FILE.as_bytes()
            {
                return resolve(spec)?.as_dict().ok();
            }
        }
    }
    None
}
