//! Laying out and exporting one part of a long chronology with Typst.
//!
//! A part is the chronology template rendered with `part` set and with only the part's own
//! run of groups, index or sources. It is laid out in a compile of its own, in this process
//! or in a worker process ([`super::worker`]), exported to PDF or to images, and where its
//! labels landed is read back ([`labelled`]). Its layout is then dropped and Typst's caches
//! evicted: that is what bounds the peak of a long chronology.

use serde::{Deserialize, Serialize};
use typst::introspection::Introspector;
use typst_layout::PagedDocument;

use attache_core::Diagnostics;

use super::parallel::{Layouter, Sketch};
use super::plan::{Part, Target};
use super::spool::{Spool, Spooled};
use super::worker::WorkerProcess;
use crate::Generator;
use crate::context::{
    ChangesView, ChronologyContext, IndexEntry, Meta, Network, NoteView, PeriodGroup, Timeline,
    TranslationView,
};
use crate::labels::Labels;
use crate::linemap::Rendered;
use crate::typeset::{self, LaidOut, export};

/// The template every part is rendered from.
const TEMPLATE: &str = "chronology.typ.j2";

/// The context of one part: the whole chronology's, with only this part's groups, index and
/// sources.
#[derive(Serialize)]
struct PartContext<'a> {
    meta: &'a Meta,
    description: &'a str,
    count: usize,
    period_count: usize,
    groups: &'a [PeriodGroup],
    index: &'a [IndexEntry],
    /// The pictures at the front, which only the front part prints.
    network: Option<&'a Network>,
    timeline: Option<&'a Timeline>,
    notes: &'a [NoteView],
    /// The sourcing summary, printed above the first run of sources only.
    sourcing: &'a str,
    translation: &'a TranslationView,
    /// What changed since an older version (`--since`), printed in the front part.
    changes: &'a Option<ChangesView>,
}

/// What one part prints besides its heading and page numbers: a run of the body's groups,
/// of the index, or of the sources (or none of them, for the front).
#[derive(Clone, Copy, Default)]
pub(super) struct Runs<'a> {
    pub(super) groups: &'a [PeriodGroup],
    pub(super) index: &'a [IndexEntry],
    pub(super) notes: &'a [NoteView],
}

/// What a long chronology is made into.
#[derive(Clone, Copy, Serialize, Deserialize)]
pub(crate) enum Output {
    /// One PDF, joined from the parts' PDFs.
    Pdf,
    /// One PNG image per page, at this many pixels per inch.
    Png { ppi: f32 },
    /// One SVG image per page.
    Svg,
}

/// One part, exported: its PDF or its pages as images, and where its labels landed.
pub(super) struct Exported {
    pub(super) pages: Pages,
    pub(super) targets: Vec<(String, Target)>,
}

/// A part's pages as exported.
pub(super) enum Pages {
    /// Its PDF, in the spool until the parts are joined.
    Pdf(Spooled),
    /// One image per page.
    Images(Vec<Vec<u8>>),
}

/// How every part of one long chronology is exported: the same in this process and in a
/// worker process.
#[derive(Clone, Serialize, Deserialize)]
pub(super) struct Export {
    pub(super) output: Output,
    /// The document date.
    pub(super) date: chrono::NaiveDate,
    /// Names the PDFs, as for a whole document.
    pub(super) ident: String,
}

/// One part, exported to bytes: its PDF or its pages as images, and where its labels landed.
pub(super) struct PartFiles {
    pub(super) files: Vec<Vec<u8>>,
    pub(super) targets: Vec<(String, Target)>,
}

impl Export {
    /// Exports a laid-out part whose pages are numbered from `first_page`. PDFs are tagged:
    /// the joiner merges the parts' structure trees.
    pub(super) fn part(
        &self,
        document: &PagedDocument,
        first_page: usize,
    ) -> Result<PartFiles, Diagnostics> {
        let files = match self.output {
            Output::Pdf => vec![export::pdf(
                document,
                self.date,
                &self.ident,
                Default::default(),
                true,
            )?],
            Output::Png { ppi } => export::png(document, ppi)?,
            Output::Svg => export::svg(document),
        };
        Ok(PartFiles {
            files,
            targets: labelled(document, first_page - 1),
        })
    }
}

/// The state shared by the layouts of one long chronology.
pub(super) struct Run<'a> {
    generator: &'a Generator,
    labels: &'a Labels,
    /// How its parts are exported.
    pub(super) exporting: Export,
    jobs: usize,
    /// Where exported PDFs wait to be joined.
    pub(super) spool: Spool,
}

impl<'a> Run<'a> {
    /// Starts a run; `ident` names the PDFs it exports, as for a whole document. Fails only
    /// when no temporary file can be made to hold the parts' PDFs.
    pub(super) fn new(
        generator: &'a Generator,
        labels: &'a Labels,
        ident: &'a str,
        output: Output,
    ) -> Result<Self, Diagnostics> {
        Ok(Self {
            generator,
            labels,
            exporting: Export {
                output,
                date: generator.settings().date,
                ident: ident.to_owned(),
            },
            jobs: generator.jobs,
            spool: Spool::new()?,
        })
    }

    /// How many parts may be laid out at once.
    pub(super) fn jobs(&self) -> usize {
        self.jobs
    }

    /// Renders and lays out one part in this process.
    pub(super) fn lay_out(
        &self,
        chronology: &ChronologyContext,
        part: &Part,
        runs: Runs<'_>,
    ) -> Result<LaidOut, Diagnostics> {
        self.typeset(&self.render(chronology, part, runs)?)
    }

    /// Renders one part's Typst source.
    pub(super) fn render(
        &self,
        chronology: &ChronologyContext,
        part: &Part,
        runs: Runs<'_>,
    ) -> Result<Rendered, Diagnostics> {
        let context = PartContext {
            meta: &chronology.meta,
            description: &chronology.description,
            count: chronology.count,
            period_count: chronology.period_count,
            groups: runs.groups,
            index: runs.index,
            network: chronology.network.as_ref(),
            timeline: chronology.timeline.as_ref(),
            notes: runs.notes,
            sourcing: match runs.notes.first() {
                Some(first) if std::ptr::eq(first, chronology.notes.as_ptr()) => {
                    &chronology.sourcing
                }
                _ => "",
            },
            translation: &chronology.translation,
            changes: &chronology.changes,
        };
        self.generator.render_template(
            TEMPLATE,
            self.labels,
            minijinja::Value::from(minijinja::value::Serde(part)),
            minijinja::Value::from(minijinja::value::Serde(&context)),
        )
    }

    /// Lays out a part's source in this process.
    fn typeset(&self, source: &Rendered) -> Result<LaidOut, Diagnostics> {
        typeset::layout(source, &self.generator.files, self.exporting.date, None)
    }

    /// Exports a laid-out part whose pages are numbered from `first_page`.
    pub(super) fn export(
        &self,
        document: &PagedDocument,
        first_page: usize,
    ) -> Result<Exported, Diagnostics> {
        self.exported(self.exporting.part(document, first_page)?)
    }

    /// A part's exported files and label targets, its PDF put in the spool until the join.
    pub(super) fn exported(&self, part: PartFiles) -> Result<Exported, Diagnostics> {
        let pages = match self.exporting.output {
            // One file: the part's PDF.
            Output::Pdf => Pages::Pdf(self.spool.put(&part.files.concat())?),
            Output::Png { .. } | Output::Svg => Pages::Images(part.files),
        };
        Ok(Exported {
            pages,
            targets: part.targets,
        })
    }

    /// Where one worker lays its parts out: in a worker process of its own when several
    /// parts are laid out at once and the generator names the program to start
    /// ([`Generator::layout_workers`]), otherwise in this process. A worker process that
    /// cannot be started leaves the work to this process.
    pub(super) fn layouter(&self) -> Box<dyn Layouter<Exported> + '_> {
        if self.jobs > 1
            && let Some(program) = self.generator.layout_workers.as_deref()
            && let Ok(worker) = WorkerProcess::start(program, self)
        {
            return Box::new(worker);
        }
        Box::new(InProcess {
            run: self,
            laid: None,
        })
    }

    /// The user's templates folder, which a worker process reads its files from.
    pub(super) fn templates(&self) -> Option<&std::path::Path> {
        self.generator.folder.as_ref().map(|folder| folder.root())
    }

    /// Notes files a worker process read from the templates folder, as this process notes
    /// its own: no output may replace them.
    pub(super) fn note_read(&self, paths: &[std::path::PathBuf]) {
        if let Some(folder) = &self.generator.folder {
            for path in paths {
                let _ = folder.check(path);
            }
        }
    }
}

/// Lays parts out in this process, keeping the last layout until it is finished.
struct InProcess<'r> {
    run: &'r Run<'r>,
    laid: Option<PagedDocument>,
}

impl Layouter<Exported> for InProcess<'_> {
    fn lay_out(&mut self, source: &Rendered) -> Result<Sketch, Diagnostics> {
        // The last layout goes first, so that two are never held at once.
        self.laid = None;
        let laid = self.run.typeset(source)?;
        let sketch = Sketch {
            pages: laid.document.pages().len(),
            warnings: laid.warnings,
        };
        self.laid = Some(laid.document);
        Ok(sketch)
    }

    fn finish(&mut self, first_page: usize) -> Result<Exported, Diagnostics> {
        let document = self
            .laid
            .take()
            .expect("a part is laid out before it is finished");
        self.run.export(&document, first_page)
    }
}

/// Where each label of a laid-out part landed, counting pages from `first_page` (from 0).
pub(super) fn labelled(document: &PagedDocument, first_page: usize) -> Vec<(String, Target)> {
    let introspector = document.introspector();
    introspector
        .query_labelled()
        .iter()
        .filter_map(|element| {
            let label = element.label()?;
            let position = introspector.position(element.location()?)?;
            let page = document.pages().get(position.page.get() - 1)?;
            Some((
                label.resolve().to_string(),
                Target {
                    page: first_page + position.page.get() - 1,
                    y: (page.frame.height() - position.point.y).to_pt(),
                },
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::linemap::Rendered;

    /// Three small pages: a link on the first to a heading on the third.
    fn laid_out() -> PagedDocument {
        let source = "#set page(width: 120pt, height: 120pt)\n\
                      #link(<there>)[Onward]\n#pagebreak()\nBetween\n#pagebreak()\n\
                      = Arrival <there>\n";
        let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date");
        let generator = Generator::new(None, crate::Briefing::new(date)).expect("templates");
        let rendered = Rendered::plain(source.to_owned());
        typeset::layout(&rendered, &generator.files, date, None)
            .expect("lays out")
            .document
    }

    #[test]
    fn labels_land_on_pages_counted_from_the_parts_first() {
        let document = laid_out();
        assert_eq!(document.pages().len(), 3);
        let landed: HashMap<String, Target> = labelled(&document, 10).into_iter().collect();
        let there = landed.get("there").expect("the label landed");
        assert_eq!(there.page, 12);
        assert!(there.y > 0.0 && there.y < 120.0, "{there:?}");
    }
}
