//! The HTML road: a report's context rendered by its `*.html.j2` template into one
//! self-contained, accessible page, and for `report all` an index page that links every report
//! of the site.
//!
//! The pages come from minijinja templates fed the same context as the Typst ones, not from
//! Typst's own HTML export: that export is still experimental in Typst 0.15, drops the page
//! layout and most styling, and would give a page whose headings, tables and notes follow
//! the PDF's drawing rather than HTML's semantics. Templates keep the same sections, facts,
//! dates, note numbers and markings as the PDF, escape every data value as HTML (minijinja's
//! HTML auto-escape, through `escape::html`), and can be restyled file by file like the Typst
//! ones (`*.html.j2` beside `*.typ.j2`).

use std::path::Path;

use attache_core::{Dataset, Diagnostic, Diagnostics};
use base64::Engine;
use minijinja::{Value, context};

use crate::Generator;
use crate::context::{self, ChangesView, Subject};
use crate::labels::Labels;
use crate::request::{Generated, Output, Report};

/// The index page of a site of reports.
pub const SITE_INDEX: &str = "index.html";

/// The HTML template beside a Typst one: `partner.typ.j2` → `partner.html.j2`.
fn html_template(typst: &str) -> String {
    let stem = typst.strip_suffix(".typ.j2").unwrap_or(typst);
    format!("{stem}.html.j2")
}

impl Generator {
    /// A report as one HTML page. `site` says it is one page of a site, which links to the
    /// index page and to the other reports.
    pub(crate) fn html(
        &self,
        dataset: &Dataset,
        subject: &Subject<'_>,
        labels: &Labels,
        changes: Option<ChangesView>,
        site: bool,
    ) -> Result<Vec<u8>, Diagnostics> {
        let context = subject.context(dataset, &self.settings, labels, changes);
        let logo = self.logo_data()?;
        let rendered = self.render_template(
            &html_template(subject.template()),
            labels,
            Value::from(()),
            context! { site => site, site_index => SITE_INDEX, logo => logo, ..context },
        )?;
        Ok(rendered.into_text().into_bytes())
    }

    /// Writes the index page of a site of reports into `folder`: a link to each of
    /// `reports`, by kind.
    pub fn site_index(
        &self,
        dataset: &Dataset,
        folder: &Path,
        reports: &[Report],
    ) -> Result<Generated, Diagnostics> {
        let labels = self.labels(dataset)?;
        let index = context::site_index(dataset, &self.settings, &labels, reports);
        let rendered = self.render_template(
            "index.html.j2",
            &labels,
            Value::from(()),
            context! {
                site => true,
                site_index => SITE_INDEX,
                logo => self.logo_data()?,
                ..Value::from(minijinja::value::Serde(index))
            },
        )?;
        let page = rendered.into_text().into_bytes();
        self.write_files(
            Generated::default(),
            &Output::Folder(folder.to_owned()),
            vec![(folder.join(SITE_INDEX), page)],
            Vec::new(),
        )
    }

    /// The briefing's logo as a `data:` address, so that a page that shows it stays one
    /// self-contained file; none when the settings name no logo.
    fn logo_data(&self) -> Result<Option<String>, Diagnostics> {
        let (Some(logo), Some(folder)) = (&self.settings.logo, &self.folder) else {
            return Ok(None);
        };
        let name = logo.trim_start_matches('/');
        let cannot =
            |why: String| Diagnostic::error(format!("cannot read the logo `{name}`: {why}"));
        let path = folder
            .resolve(name)
            .map_err(|why| cannot(why.to_string()))?;
        let bytes = std::fs::read(&path).map_err(|e| cannot(e.to_string()))?;
        let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase());
        let mime = match extension.as_deref() {
            Some("svg") => "image/svg+xml",
            Some("jpg" | "jpeg") => "image/jpeg",
            Some("gif") => "image/gif",
            Some("webp") => "image/webp",
            _ => "image/png",
        };
        let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
        Ok(Some(format!("data:{mime};base64,{encoded}")))
    }
}
