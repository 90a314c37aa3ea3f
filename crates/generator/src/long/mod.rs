//! Long chronologies, laid out in parts so that memory stays bounded.
//!
//! One Typst compile keeps every page and every memoised step in memory until it ends, so its
//! peak grows with the document. A long chronology is therefore cut into parts of a few
//! hundred events. Each part is laid out and exported to PDF on its own, then Typst's caches
//! are evicted before the next. Page and heading numbers carry across parts. The contents, the
//! index and links between parts are filled in from where each label landed, and the PDFs of
//! the parts are joined at the end. `docs/performance.md` tells the design and its figures.
//!
//! # The contract
//!
//! Three files, each with one job, and this one to run them in order ([`pdf`]):
//!
//! - `plan` is pure: no Typst, no I/O. It cuts the body, the index and the sources into
//!   parts, says what each template is told about its part (`Part`, the template's `part`),
//!   which pages of a body part are kept and which events carry over to the next, which
//!   headings earlier parts printed, and, from where labels landed (`Target`), the contents
//!   and the index's page numbers.
//! - `layout` is the only file that calls Typst: it renders `chronology.typ.j2` for one part
//!   through [`Generator::render_template`], lays it out, reads where its labels landed, trims
//!   the pages the plan drops and exports the rest, then evicts Typst's caches.
//! - `join` turns the exported parts and the labels' targets into one PDF, reading one part
//!   at a time; it knows nothing of Typst or templates.
//!
//! Imports run one way: this file uses all three, `layout` and `join` use `plan` (for
//! `Part` and `Target`), and `plan` uses neither. Label names and the scheme of links between
//! parts come from [`crate::anchors`], which templates receive as `anchors`; nothing here
//! spells them out.

use std::collections::HashMap;

use attache_core::{Dataset, Diagnostic, Diagnostics, EventFilter};

use crate::Generator;
use crate::context::{self, ChronologyContext};
use crate::labels::Labels;
use layout::{LaidOut, Run, Runs};
use plan::{Back, BodyEvent, Printed, Target};

mod join;
mod layout;
mod plan;

/// What a template is told about the part it renders (its `part`).
pub(crate) use plan::Part;

/// Chronologies with more events than this are laid out in parts, unless the generator is
/// told otherwise.
pub const LONG_CHRONOLOGY: usize = 1_500;

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

/// A long chronology as one PDF.
pub(crate) struct LongPdf {
    pub(crate) bytes: Vec<u8>,
    pub(crate) pages: usize,
    pub(crate) warnings: Vec<Diagnostic>,
}

/// The parts laid out so far, in order, and where their labels landed.
struct Laid {
    pdfs: Vec<Vec<u8>>,
    targets: HashMap<String, Target>,
    /// The number of the page the next part starts on.
    next_page: usize,
}

/// Lays out a long chronology part by part and joins the parts into one PDF.
///
/// PDF standards are not offered here: Typst checks a standard on each part alone, and no
/// check vouches for the joined file. Its structure tree is kept, joined across the parts.
pub(crate) fn pdf(
    generator: &Generator,
    dataset: &Dataset,
    filter: &EventFilter,
    labels: &Labels,
    ident: &str,
    snapshot: Option<&str>,
    changes: Option<context::ChangesView>,
) -> Result<LongPdf, Diagnostics> {
    let mut chronology = context::chronology(dataset, filter, generator.settings(), labels);
    chronology.changes = changes;
    let body = plan::flatten(&mut chronology.groups);
    let mut run = Run::new(generator, labels, ident);

    // The contents' length does not depend on its page numbers, so a first layout of the
    // front with placeholder numbers tells how many pages come before the body.
    let guess = plan::contents(&chronology, labels, &HashMap::new(), true);
    let mut front_pages = front(&mut run, &chronology, guess)?.0.page_count;
    let mut relayouts = 0;
    loop {
        let mut laid = lay_out_body(&mut run, &chronology, &body, front_pages + 1)?;
        plan::fill_index_pages(&mut chronology.index, &laid.targets);
        lay_out_back(&mut run, &chronology, &mut laid)?;
        let contents = plan::contents(&chronology, labels, &laid.targets, false);
        let (front, front_targets) = front(&mut run, &chronology, contents)?;
        if front.page_count != front_pages && relayouts < MAX_RELAYOUTS {
            // A custom contents changed length once the numbers were in: lay out again.
            relayouts += 1;
            front_pages = front.page_count;
            continue;
        }
        laid.targets.extend(front_targets);
        laid.pdfs.insert(0, front.pdf);
        return Ok(LongPdf {
            bytes: join::join(laid.pdfs, &laid.targets, snapshot)?,
            pages: laid.next_page - 1,
            warnings: run.warnings,
        });
    }
}

/// Lays out the front (title and contents) and where its labels landed.
fn front(
    run: &mut Run<'_>,
    chronology: &ChronologyContext,
    contents: Vec<plan::ContentsEntry>,
) -> Result<(LaidOut, HashMap<String, Target>), Diagnostics> {
    let part = Part::front(contents, chronology.groups.len());
    let mut targets = HashMap::new();
    let laid = run.part(chronology, &part, Runs::default(), &mut targets)?;
    Ok((laid, targets))
}

/// Lays out the body in parts from page `first_page`, each part dropping its last page for
/// the next to lay out again (see [`plan::keep`]).
fn lay_out_body(
    run: &mut Run<'_>,
    chronology: &ChronologyContext,
    body: &[BodyEvent],
    first_page: usize,
) -> Result<Laid, Diagnostics> {
    let mut laid = Laid {
        pdfs: Vec::new(),
        targets: HashMap::new(),
        next_page: first_page,
    };
    let mut printed = Printed::default();
    let mut start = 0;
    while start < body.len() {
        let end = (start + plan::EVENTS_PER_PART).min(body.len());
        let events = &body[start..end];
        let part = Part::body(laid.next_page, printed.headings(), chronology.groups.len());
        let groups = plan::regroup(&chronology.groups, events, &printed);
        let runs = Runs {
            groups: &groups,
            ..Runs::default()
        };
        let document = run.lay_out(chronology, &part, runs)?;
        let offset = laid.next_page - 1;
        let landed: HashMap<String, Target> =
            layout::labelled(&document, offset).into_iter().collect();
        let kept = plan::keep(events, document.pages().len(), end == body.len(), |a| {
            landed.get(a).map(|t| t.page - offset)
        });
        laid.targets.extend(
            landed
                .into_iter()
                .filter(|(_, t)| t.page < offset + kept.pages),
        );
        printed.record(
            &chronology.groups,
            events,
            &events[..kept.events],
            &laid.targets,
        );
        laid.pdfs
            .push(run.export(layout::trim(document, kept.pages))?);
        laid.next_page += kept.pages;
        start += kept.events;
    }
    Ok(laid)
}

/// Lays out the back parts (the index, then the sources) after the body, once the index
/// knows its page numbers.
fn lay_out_back(
    run: &mut Run<'_>,
    chronology: &ChronologyContext,
    laid: &mut Laid,
) -> Result<(), Diagnostics> {
    let back = Back::cut(chronology);
    for back_part in back.parts(plan::NOTES_PER_PART) {
        let part = back_part.part(laid.next_page);
        let runs = Runs {
            groups: &[],
            index: back_part.index,
            notes: back_part.notes,
        };
        let out = run.part(chronology, &part, runs, &mut laid.targets)?;
        laid.next_page += out.page_count;
        laid.pdfs.push(out.pdf);
    }
    Ok(())
}
