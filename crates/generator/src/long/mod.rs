//! Long chronologies, laid out in parts so that memory stays bounded.
//!
//! One Typst compile keeps every page and every memoised step in memory until it ends, so its
//! peak grows with the document. A long chronology is therefore cut into parts of a few
//! hundred events, each starting on a new page. The parts are laid out on several cores, each
//! exported on its own (to PDF, or to images), then dropped. Page and heading numbers carry
//! across parts. The contents, the index and links between parts are filled in from where
//! each label landed, and the PDFs of the parts are joined at the end (images are simply
//! numbered on). `docs/performance.md` tells the design and its figures.
//!
//! # The contract
//!
//! Five files, each with one job, and this one to run them in order ([`generate`]):
//!
//! - `plan` is pure: no Typst, no I/O. It cuts the body, the index and the sources into
//!   parts, says what each template is told about its part (`Part`, the template's `part`),
//!   which headings earlier parts printed, and, from where labels landed (`Target`), the
//!   contents and the index's page numbers.
//! - `layout` renders `chronology.typ.j2` for one part through
//!   [`Generator::render_template`], lays it out, exports it and reads where its labels
//!   landed.
//! - `parallel` runs the layouts of a sequence of parts on several cores, each numbered from
//!   the page after the part before, evicting Typst's caches as parts finish. Each of its
//!   workers lays parts out through a `Layouter`: in this process (`layout`), or in a worker
//!   process of its own (`worker`), which lays out and exports with `layout`'s functions.
//! - `join` turns the exported parts and the labels' targets into one PDF, reading a few parts
//!   at a time; it knows nothing of Typst or templates. `spool` keeps the exported PDFs on
//!   disk until then.
//!
//! Imports run one way: this file uses them all; `layout` and `worker` use each other (a run
//! starts its worker processes; a worker process exports as a run does), `parallel` (for
//! `Layouter`) and `plan` (for `Part` and `Target`); `join` uses `plan`; `parallel` uses none
//! of them, and `plan` uses neither. Label names and the scheme of links between
//! parts come from [`crate::anchors`], which templates receive as `anchors`; nothing here
//! spells them out.

use std::collections::HashMap;
use std::ops::Range;

use attache_core::{Dataset, Diagnostic, Diagnostics, EventFilter};

use crate::Generator;
use crate::context::{self, ChronologyContext};
use crate::labels::Labels;
use crate::linemap::Rendered;
use crate::typeset::LaidOut;
use layout::{Exported, Pages, Run, Runs};
use parallel::{Finished, Parts, Weight};
use plan::{Back, BodyEvent, Printed, Target};

mod join;
mod layout;
mod parallel;
mod plan;
mod spool;
mod worker;

pub(crate) use layout::Output;
/// What a template is told about the part it renders (its `part`).
pub(crate) use plan::Part;
pub(crate) use worker::serve;

/// Chronologies with more events than this are laid out in parts, unless the generator is
/// told otherwise.
pub const LONG_CHRONOLOGY: usize = 1_500;

/// The kinds of part, which fill pages at rates of their own (see [`Weight`]): a run of the
/// body's events, of the index's page numbers, or of the sources.
const EVENTS: usize = 0;
const INDEX_PAGES: usize = 1;
const NOTES: usize = 2;

/// How many times the whole document is laid out again when the final contents turns out
/// longer or shorter than its first layout (a custom template's contents may).
const MAX_RELAYOUTS: usize = 2;

/// Why a PDF standard is refused for a chronology of more than `limit` events.
pub(crate) fn no_standard(limit: usize) -> Diagnostics {
    Diagnostic::error(format!(
        "--pdf-standard is not available for chronologies of over {limit} events, which are \
         laid out in parts and joined"
    ))
    .with_hint("narrow the selection (--partner, --type, --from, --to)")
    .into()
}

/// A long chronology, made: one PDF, or one image per page.
pub(crate) struct Long {
    pub(crate) files: Vec<Vec<u8>>,
    pub(crate) pages: usize,
    pub(crate) warnings: Vec<Diagnostic>,
}

/// What a long chronology is made from, besides the generator.
pub(crate) struct Subject<'a> {
    pub(crate) dataset: &'a Dataset,
    pub(crate) filter: &'a EventFilter,
    pub(crate) labels: &'a Labels,
    /// Names the PDFs the parts export, as for a whole document.
    pub(crate) ident: &'a str,
    /// What changed since an older version (`--since`).
    pub(crate) changes: Option<context::ChangesView>,
}

/// The parts exported so far, in order, and where their labels landed.
#[derive(Default)]
struct Laid {
    parts: Vec<Pages>,
    targets: HashMap<String, Target>,
    warnings: Vec<Diagnostic>,
    /// The number of the page the next part starts on.
    next_page: usize,
}

impl Laid {
    /// Adds the finished parts after those laid so far.
    fn extend(&mut self, finished: Vec<Finished<Exported>>) {
        for part in finished {
            self.next_page = part.first_page + part.pages;
            self.targets.extend(part.value.targets);
            self.parts.push(part.value.pages);
            self.warn(part.warnings);
        }
    }

    /// Notes warnings, each once however many parts raised it.
    fn warn(&mut self, warnings: Vec<Diagnostic>) {
        for warning in warnings {
            if !self.warnings.iter().any(|w| w.message == warning.message) {
                self.warnings.push(warning);
            }
        }
    }
}

/// Lays out a long chronology part by part, on up to `jobs` cores, and joins the parts into
/// one PDF (with the `snapshot` attached) or numbers their pages on as images.
///
/// PDF standards are not offered here: Typst checks a standard on each part alone, and no
/// check vouches for the joined file. Its structure tree is kept, joined across the parts.
pub(crate) fn generate(
    generator: &Generator,
    subject: Subject<'_>,
    output: Output,
    snapshot: Option<&str>,
) -> Result<Long, Diagnostics> {
    let labels = subject.labels;
    let mut chronology = context::chronology(
        subject.dataset,
        subject.filter,
        generator.settings(),
        labels,
    );
    chronology.changes = subject.changes;
    let body = plan::flatten(&mut chronology.groups);
    let cuts = plan::cut_body(&body, plan::EVENTS_PER_PART);
    let run = Run::new(generator, labels, subject.ident, output)?;

    // The contents' length does not depend on its page numbers, so a first layout of the
    // front with placeholder numbers tells how many pages come before the body.
    let guess = plan::contents(&chronology, labels, &HashMap::new(), true);
    let mut front_pages = front(&run, &chronology, guess)?.document.pages().len();
    let mut relayouts = 0;
    loop {
        let mut laid = lay_out_body(&run, &chronology, &body, &cuts, front_pages + 1)?;
        plan::fill_index_pages(&mut chronology.index, &laid.targets);
        lay_out_back(&run, &chronology, &mut laid)?;
        let contents = plan::contents(&chronology, labels, &laid.targets, false);
        let front = front(&run, &chronology, contents)?;
        if front.document.pages().len() != front_pages && relayouts < MAX_RELAYOUTS {
            // A custom contents changed length once the numbers were in: lay out again.
            relayouts += 1;
            front_pages = front.document.pages().len();
            continue;
        }
        let exported = run.export(&front.document, 1)?;
        drop(front.document);
        laid.targets.extend(exported.targets);
        laid.parts.insert(0, exported.pages);
        laid.warn(front.warnings);
        // Joining needs only the exported parts and where labels landed: the chronology's
        // context, which grows with the dataset, and Typst's memoised layouts, of no more use,
        // are let go first.
        drop(body);
        drop(chronology);
        typst::comemo::evict(0);
        return finish(&run, laid, output, snapshot);
    }
}

/// Joins the exported parts into one PDF, or gathers their pages as images.
fn finish(
    run: &Run<'_>,
    laid: Laid,
    output: Output,
    snapshot: Option<&str>,
) -> Result<Long, Diagnostics> {
    let pages = laid.next_page - 1;
    let mut pdfs = Vec::new();
    let mut images = Vec::new();
    for pages in laid.parts {
        match pages {
            Pages::Pdf(spooled) => pdfs.push(spooled),
            Pages::Images(pages) => images.extend(pages),
        }
    }
    let files = match output {
        Output::Pdf => vec![join::join(
            &run.spool,
            pdfs,
            &laid.targets,
            snapshot,
            run.jobs(),
        )?],
        Output::Png { .. } | Output::Svg => images,
    };
    Ok(Long {
        files,
        pages,
        warnings: laid.warnings,
    })
}

/// Lays out the front (title and contents).
fn front(
    run: &Run<'_>,
    chronology: &ChronologyContext,
    contents: Vec<plan::ContentsEntry>,
) -> Result<LaidOut, Diagnostics> {
    let part = Part::front(contents, chronology.groups.len());
    run.lay_out(chronology, &part, Runs::default())
}

/// Lays out the body in the parts `cuts` gives, from page `first_page`.
fn lay_out_body(
    run: &Run<'_>,
    chronology: &ChronologyContext,
    body: &[BodyEvent],
    cuts: &[Range<usize>],
    first_page: usize,
) -> Result<Laid, Diagnostics> {
    // The headings each part finds printed by the parts before it.
    let mut printed = Vec::with_capacity(cuts.len());
    let mut so_far = Printed::default();
    for cut in cuts {
        printed.push(so_far.clone());
        so_far.record(&body[cut.clone()]);
    }
    let weights: Vec<Weight> = cuts
        .iter()
        .map(|cut| Weight {
            kind: EVENTS,
            amount: cut.len(),
        })
        .collect();
    let render = |part: usize, first_page: usize| -> Result<Rendered, Diagnostics> {
        let headings = printed[part].headings();
        let groups = plan::regroup(
            &chronology.groups,
            &body[cuts[part].clone()],
            &printed[part],
        );
        let runs = Runs {
            groups: &groups,
            ..Runs::default()
        };
        run.render(
            chronology,
            &Part::body(first_page, headings, chronology.groups.len()),
            runs,
        )
    };
    let mut laid = Laid {
        next_page: first_page,
        ..Laid::default()
    };
    laid.extend(lay_out_parts(run, first_page, &weights, &render)?);
    Ok(laid)
}

/// Lays out the back parts (the index, then the sources) after the body, once the index
/// knows its page numbers.
fn lay_out_back(
    run: &Run<'_>,
    chronology: &ChronologyContext,
    laid: &mut Laid,
) -> Result<(), Diagnostics> {
    let back = Back::cut(chronology);
    let parts: Vec<_> = back.parts(plan::NOTES_PER_PART).collect();
    // Runs of the index are weighed by their page numbers, runs of the sources by their notes.
    let weights: Vec<Weight> = parts
        .iter()
        .map(|part| match part.notes.len() {
            0 => Weight {
                kind: INDEX_PAGES,
                amount: part.index.iter().map(|entry| entry.pages.len()).sum(),
            },
            notes => Weight {
                kind: NOTES,
                amount: notes,
            },
        })
        .collect();
    let render = |part: usize, first_page: usize| -> Result<Rendered, Diagnostics> {
        let back_part = &parts[part];
        let runs = Runs {
            groups: &[],
            index: back_part.index,
            notes: back_part.notes,
        };
        run.render(chronology, &back_part.part(first_page), runs)
    };
    laid.extend(lay_out_parts(run, laid.next_page, &weights, &render)?);
    Ok(())
}

/// Lays out a run of parts on up to `jobs` cores from page `first_page`, and exports each.
fn lay_out_parts(
    run: &Run<'_>,
    first_page: usize,
    weights: &[Weight],
    render: &(dyn Fn(usize, usize) -> Result<Rendered, Diagnostics> + Sync),
) -> Result<Vec<Finished<Exported>>, Diagnostics> {
    Parts {
        jobs: run.jobs(),
        first_page,
        weights,
        render,
        layouter: &|| run.layouter(),
    }
    .run()
}
