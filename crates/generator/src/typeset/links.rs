//! Links to labels, pointed at their targets after layout.
//!
//! A link that finds its label through the layout makes Typst lay out the whole paragraph
//! holding it a second time, with the table, list or grid around it: the first pass sees an
//! empty document. When attache compiles, `sys.inputs` carries [`INPUT`], and the built-in
//! templates' `#xref` writes an `attache:` address instead (the scheme the parts of a long
//! chronology use for links between parts), which asks the layout nothing. Once the document
//! is laid out, [`resolve`] points each address whose label the document holds at that label,
//! with the alternative text Typst gives a link to a label ("Page 8"), and drops the link of
//! an address whose label is missing, as `#xref` does. In a part of a long chronology, an
//! address whose label is in another part is left for the joiner.

use std::collections::{HashMap, HashSet};

use typst::foundations::{Content, Dict, Label, Value};
use typst::introspection::{Introspector, Location, MetadataElem, Tag};
use typst::layout::{Frame, FrameItem, PageElem};
use typst::model::Document;
use typst::model::{Destination, LinkMarker, Refable};
use typst::text::LocalName;
use typst::utils::PicoStr;
use typst_layout::{Page, PagedDocument};

use crate::anchors;

/// The `sys.inputs` key that tells templates how to write links to labels.
pub(crate) const INPUT: &str = "attache-links";
/// Its value: write them as `attache:` addresses; attache points them after layout.
pub(crate) const LATE: &str = "late";

/// Points the document's `attache:` addresses at the labels it holds.
pub(crate) fn resolve(document: &mut PagedDocument) {
    let introspector = document.introspector();
    let settings = page_settings(introspector.as_ref());
    let locale = document.info().locale.custom().unwrap_or_default();
    let targets: HashMap<String, Target> = introspector
        .query_labelled()
        .iter()
        .filter_map(|element| {
            let label = element.label()?.resolve().to_string();
            let location = element.location()?;
            let page = introspector.page(location)?.get() + settings.pages_before;
            let page_name = PageElem::local_name(locale.lang, locale.region);
            let alt = match element.with::<dyn Refable>() {
                Some(refable) => {
                    format!("{}, {page_name} {page}", refable.supplement().plain_text())
                }
                None => format!("{page_name} {page}"),
            };
            Some((label, Target { location, alt }))
        })
        .collect();
    let links = Links {
        targets: &targets,
        in_parts: settings.in_parts,
    };
    let mut pages: Vec<Page> = document.pages().to_vec();
    let mut unlinked = HashSet::new();
    for page in &mut pages {
        links.rewrite(&mut page.frame, &mut unlinked);
    }
    *document = PagedDocument::new(pages.into_iter().collect(), document.info().clone());
}

/// Where a label landed, and what a screen reader says of a link to it.
struct Target {
    location: Location,
    alt: String,
}

/// What the running header and footer read back: the links need the part's page offset and
/// whether the document is a part of a long chronology.
struct PageSettings {
    pages_before: usize,
    in_parts: bool,
}

/// The page settings the built-in `base.typ.j2` writes; a template without them is a whole
/// document starting on page 1.
fn page_settings(introspector: &dyn Introspector) -> PageSettings {
    let value = Label::new(PicoStr::intern(anchors::PAGE))
        .and_then(|label| introspector.query_label(label).ok())
        .and_then(|element| element.to_packed::<MetadataElem>().map(|m| m.value.clone()));
    let dict = match value {
        Some(Value::Dict(dict)) => dict,
        _ => Dict::new(),
    };
    let pages_before = match dict.get("pages-before") {
        Ok(Value::Int(n)) => usize::try_from(*n).unwrap_or(0),
        _ => 0,
    };
    let in_parts = matches!(dict.get("in-parts"), Ok(Value::Bool(true)));
    PageSettings {
        pages_before,
        in_parts,
    }
}

/// The rewrite of one document's frames.
struct Links<'a> {
    targets: &'a HashMap<String, Target>,
    in_parts: bool,
}

impl Links<'_> {
    /// The label an `attache:` address names.
    fn label(url: &str) -> Option<&str> {
        url.strip_prefix(anchors::PART_SCHEME)
    }

    /// Points the links in `frame` (and the frames it holds) at their labels and keeps the
    /// link tags' alternative text in step. A link whose label is missing is dropped with its
    /// tags (`unlinked` holds the tags dropped so far), leaving its text, as `#xref` does.
    fn rewrite(&self, frame: &mut Frame, unlinked: &mut HashSet<Location>) {
        frame.retain(|item| match item {
            FrameItem::Group(group) => {
                self.rewrite(&mut group.frame, unlinked);
                true
            }
            FrameItem::Link(destination, _) => self.relink(destination),
            FrameItem::Tag(Tag::Start(element, _)) => {
                let kept = self.retext(element);
                if !kept && let Some(location) = element.location() {
                    unlinked.insert(location);
                }
                kept
            }
            FrameItem::Tag(Tag::End(location, ..)) => !unlinked.contains(location),
            _ => true,
        });
    }

    /// Points one link at its label; false when the link is to be dropped.
    fn relink(&self, destination: &mut Destination) -> bool {
        let Destination::Url(url) = destination else {
            return true;
        };
        let Some(label) = Self::label(url.as_str()) else {
            return true;
        };
        match self.targets.get(label) {
            Some(target) => {
                *destination = Destination::Location(target.location);
                true
            }
            None => self.in_parts,
        }
    }

    /// Gives the tag of a link to an `attache:` address the text of a link to its label;
    /// false when the label is missing and the tag is to be dropped.
    fn retext(&self, element: &mut Content) -> bool {
        let Some(marker) = element.to_packed_mut::<LinkMarker>() else {
            return true;
        };
        let Some(label) = marker.alt.as_deref().and_then(Self::label) else {
            return true;
        };
        match self.targets.get(label) {
            Some(target) => {
                marker.alt = Some(target.alt.as_str().into());
                true
            }
            None => self.in_parts,
        }
    }
}
