//! Exporting a laid-out document: PDF (optionally to a standard), PNG or SVG pages.

use attache_core::{Diagnostic, Diagnostics};
use typst::foundations::Smart;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandards, Timestamp};

use super::compile::typst_date;
use crate::request::{self, PdfStandard};

/// The PDF standards Typst is asked to check, for the requested set; Typst refuses a set
/// whose standards cannot hold together, with its reason.
pub(crate) fn standards(requested: request::PdfStandards) -> Result<PdfStandards, Diagnostics> {
    let list: Vec<typst_pdf::PdfStandard> = requested
        .iter()
        .map(|standard| match standard {
            PdfStandard::A2b => typst_pdf::PdfStandard::A_2b,
            PdfStandard::A3b => typst_pdf::PdfStandard::A_3b,
            PdfStandard::V17 => typst_pdf::PdfStandard::V_1_7,
            PdfStandard::Ua1 => typst_pdf::PdfStandard::Ua_1,
        })
        .collect();
    PdfStandards::new(&list).map_err(|e| {
        Diagnostic::error(format!(
            "these PDF standards cannot be combined: {}",
            e.message()
        ))
        .with_hints(e.hints().iter().map(ToString::to_string))
        .into()
    })
}

/// Exports a laid-out document as PDF, optionally to a PDF/A standard. `tagged` writes the
/// structure tree that screen readers use.
pub(crate) fn pdf(
    document: &PagedDocument,
    date: chrono::NaiveDate,
    ident: &str,
    standards: PdfStandards,
    tagged: bool,
) -> Result<Vec<u8>, Diagnostics> {
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_owned()),
        creator: Smart::Custom(Some(format!("attache {}", env!("CARGO_PKG_VERSION")))),
        timestamp: Some(Timestamp::new_utc(typst_date(date)?)),
        standards,
        tagged,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &options).map_err(|errors| {
        Diagnostics(
            errors
                .iter()
                .map(|e| {
                    Diagnostic::error(format!("PDF export failed: {}", e.message))
                        .with_hints(e.hints.iter().map(|h| h.v.to_string()))
                })
                .collect(),
        )
    })
}

/// Each page as PNG, at `ppi` pixels per inch (9 to 1200).
pub(crate) fn png(document: &PagedDocument, ppi: f32) -> Result<Vec<Vec<u8>>, Diagnostics> {
    if !(ppi.is_finite() && (9.0..=1200.0).contains(&ppi)) {
        return Err(Diagnostic::error(format!("--ppi {ppi} is out of range"))
            .with_hint("use a resolution from 9 to 1200 pixels per inch")
            .into());
    }
    let options = typst_render::RenderOptions {
        pixel_per_pt: typst::utils::Scalar::new(f64::from(ppi) / 72.0),
        ..Default::default()
    };
    document
        .pages()
        .iter()
        .map(|page| {
            typst_render::render(page, &options)
                .encode_png()
                .map_err(|e| Diagnostic::error(format!("PNG encoding failed: {e}")).into())
        })
        .collect()
}

/// Each page as SVG.
pub(crate) fn svg(document: &PagedDocument) -> Vec<Vec<u8>> {
    let options = typst_svg::SvgOptions::default();
    document
        .pages()
        .iter()
        .map(|page| typst_svg::svg(page, &options).into_bytes())
        .collect()
}
