//! Joining the PDFs of a long chronology's parts into one document.
//!
//! Parts are read one at a time and their objects written straight out, so joining holds one
//! part in memory, never the whole document. The first part gives the document its metadata;
//! the pages of every part go under one page tree, the bookmarks of every part under one
//! outline, and every link to another part (written as an `attache:LABEL` address while the
//! part was laid out) becomes a named destination that points where LABEL landed.

use std::collections::{BTreeSet, HashMap};
use std::io::Write;

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

use attache_core::{Diagnostic, Diagnostics};

/// Where a label landed in the joined document.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Target {
    /// The page, counted from 0.
    pub(crate) page: usize,
    /// The height on the page in points, from the bottom edge as PDF measures it.
    pub(crate) y: f64,
}

/// The names given to the destinations of links between parts, ahead of the label, so they
/// cannot meet the names Typst gives its own destinations.
const DESTINATION_PREFIX: &str = "attache-part:";

/// Object numbers the joiner writes itself, after all parts.
const CATALOG: ObjectId = (1, 0);
const PAGE_TREE: ObjectId = (2, 0);
const FIRST_PART_OBJECT: u32 = 3;

/// Joins the parts, in order.
pub(crate) fn join(
    parts: Vec<Vec<u8>>,
    targets: &HashMap<String, Target>,
) -> Result<Vec<u8>, Diagnostics> {
    join_parts(parts, targets).map_err(|e| {
        Diagnostic::error(format!("joining the parts of the chronology failed: {e}")).into()
    })
}

/// A bookmark read from a part, to be written again under the joined outline.
struct Bookmark {
    title: Object,
    dest: Option<Object>,
    children: Vec<Bookmark>,
}

fn join_parts(parts: Vec<Vec<u8>>, targets: &HashMap<String, Target>) -> lopdf::Result<Vec<u8>> {
    let mut out = PdfWriter::new();
    let mut pages: Vec<ObjectId> = Vec::new();
    let mut bookmarks = Vec::new();
    let mut names: Vec<(Vec<u8>, Object)> = Vec::new();
    let mut first_catalog: Option<Dictionary> = None;
    let mut trailer_info: Option<Object> = None;
    let mut trailer_id: Option<Object> = None;
    let mut next_id = FIRST_PART_OBJECT;
    for bytes in parts {
        let mut part = Document::load_mem(&bytes)?;
        drop(bytes);
        part.renumber_objects_with(next_id);
        next_id = part.max_id + 1;

        let catalog = part.catalog()?.clone();
        let mut skip: BTreeSet<ObjectId> = BTreeSet::new();
        skip.insert(part.trailer.get(b"Root")?.as_reference()?);
        if let Ok(tree) = catalog.get(b"Pages").and_then(Object::as_reference) {
            page_tree_nodes(&part, tree, &mut skip);
        }
        for page in part.get_pages().into_values() {
            inherit_page_attributes(&mut part, page)?;
            part.get_dictionary_mut(page)?
                .set("Parent", Object::Reference(PAGE_TREE));
            point_cross_part_links(&mut part, page, targets)?;
            pages.push(page);
        }
        if let Ok(root) = catalog.get(b"Outlines").and_then(Object::as_reference) {
            skip.insert(root);
            let first = part.get_dictionary(root)?.get(b"First").ok().cloned();
            bookmarks.extend(read_bookmarks(&part, first, &mut skip)?);
        }
        if let Ok(tree) = catalog.get(b"Names") {
            if let Ok(id) = tree.as_reference() {
                skip.insert(id);
            }
            if let Ok(dests) = part
                .dereference(tree)?
                .1
                .as_dict()
                .and_then(|d| d.get(b"Dests"))
            {
                collect_names(&part, dests, &mut names, &mut skip)?;
            }
        }
        if first_catalog.is_none() {
            first_catalog = Some(catalog);
            trailer_info = part.trailer.get(b"Info").ok().cloned();
            trailer_id = part.trailer.get(b"ID").ok().cloned();
        } else {
            // Only the first part's metadata describes the document.
            if let Ok(id) = part.trailer.get(b"Info").and_then(Object::as_reference) {
                skip.insert(id);
            }
            if let Ok(id) = catalog.get(b"Metadata").and_then(Object::as_reference) {
                skip.insert(id);
            }
        }
        for (id, object) in &part.objects {
            let is_container = matches!(object, Object::Stream(s)
                if s.dict.has_type(b"ObjStm") || s.dict.has_type(b"XRef"));
            if !skip.contains(id) && !is_container {
                out.object(*id, object)?;
            }
        }
    }

    for (label, target) in targets {
        let Some(&page) = pages.get(target.page) else {
            continue;
        };
        names.push((
            format!("{DESTINATION_PREFIX}{label}").into_bytes(),
            xyz(page, target.y),
        ));
    }
    names.sort_by(|a, b| a.0.cmp(&b.0));
    names.dedup_by(|a, b| a.0 == b.0);

    let mut catalog = first_catalog.unwrap_or_default();
    catalog.set("Type", Object::Name(b"Catalog".to_vec()));
    catalog.set("Pages", Object::Reference(PAGE_TREE));
    // These describe the first part alone; the joined ones are written below or left out.
    for key in [&b"Outlines"[..], b"Names", b"PageLabels", b"StructTreeRoot"] {
        catalog.remove(key);
    }
    if !bookmarks.is_empty() {
        let root = out.outline(&bookmarks, &mut next_id)?;
        catalog.set("Outlines", Object::Reference(root));
    }
    if !names.is_empty() {
        let tree = out.name_tree(names, &mut next_id)?;
        catalog.set(
            "Names",
            Dictionary::from_iter([("Dests", Object::Reference(tree))]),
        );
    }
    out.object(
        PAGE_TREE,
        &Object::Dictionary(Dictionary::from_iter([
            ("Type", Object::Name(b"Pages".to_vec())),
            ("Count", Object::Integer(pages.len() as i64)),
            (
                "Kids",
                Object::Array(pages.iter().map(|&p| Object::Reference(p)).collect()),
            ),
        ])),
    )?;
    out.object(CATALOG, &Object::Dictionary(catalog))?;
    let mut trailer = Dictionary::from_iter([("Root", Object::Reference(CATALOG))]);
    if let Some(info) = trailer_info {
        trailer.set("Info", info);
    }
    if let Some(id) = trailer_id {
        trailer.set("ID", id);
    }
    out.finish(trailer)
}

/// A destination: the top of the given height on a page, at the viewer's zoom.
fn xyz(page: ObjectId, y: f64) -> Object {
    Object::Array(vec![
        Object::Reference(page),
        Object::Name(b"XYZ".to_vec()),
        Object::Null,
        Object::Real(y as f32),
        Object::Null,
    ])
}

/// Every node of a part's page tree, which the joined page tree replaces.
fn page_tree_nodes(document: &Document, node: ObjectId, found: &mut BTreeSet<ObjectId>) {
    let Ok(dict) = document.get_dictionary(node) else {
        return;
    };
    if !dict.has_type(b"Pages") {
        return;
    }
    found.insert(node);
    if let Ok(kids) = dict.get(b"Kids").and_then(Object::as_array) {
        for kid in kids.iter().filter_map(|k| k.as_reference().ok()) {
            page_tree_nodes(document, kid, found);
        }
    }
}

/// Copies the attributes a page inherits from its part's page tree onto the page itself,
/// since that tree is left behind.
fn inherit_page_attributes(document: &mut Document, page: ObjectId) -> lopdf::Result<()> {
    let mut inherited = Vec::new();
    let mut parent = document
        .get_dictionary(page)?
        .get(b"Parent")
        .and_then(Object::as_reference)
        .ok();
    while let Some(id) = parent {
        let node = document.get_dictionary(id)?;
        for key in [&b"MediaBox"[..], b"CropBox", b"Resources", b"Rotate"] {
            if let Ok(value) = node.get(key) {
                inherited.push((key.to_vec(), value.clone()));
            }
        }
        parent = node.get(b"Parent").and_then(Object::as_reference).ok();
    }
    let page = document.get_dictionary_mut(page)?;
    for (key, value) in inherited {
        if !page.has(&key) {
            page.set(key, value);
        }
    }
    Ok(())
}

/// Points a page's `attache:LABEL` links at the named destination for LABEL, and drops links
/// to labels no part printed.
fn point_cross_part_links(
    document: &mut Document,
    page: ObjectId,
    targets: &HashMap<String, Target>,
) -> lopdf::Result<()> {
    let Ok(annots) = document.get_dictionary(page)?.get(b"Annots") else {
        return Ok(());
    };
    let annots: Vec<Object> = document.dereference(annots)?.1.as_array()?.clone();
    let mut kept = Vec::with_capacity(annots.len());
    for annot in annots {
        let label = {
            let dict = document.dereference(&annot)?.1.as_dict()?;
            cross_part_label(document, dict)
        };
        let Some(label) = label else {
            kept.push(annot);
            continue;
        };
        if !targets.contains_key(&label) {
            continue;
        }
        let name = format!("{DESTINATION_PREFIX}{label}").into_bytes();
        let mut dict = document.dereference(&annot)?.1.as_dict()?.clone();
        dict.remove(b"A");
        dict.set("Dest", Object::String(name, StringFormat::Literal));
        match annot.as_reference() {
            Ok(id) => {
                document.objects.insert(id, Object::Dictionary(dict));
                kept.push(annot);
            }
            Err(_) => kept.push(Object::Dictionary(dict)),
        }
    }
    document
        .get_dictionary_mut(page)?
        .set("Annots", Object::Array(kept));
    Ok(())
}

/// The label an `attache:LABEL` link action names, if the annotation is one.
fn cross_part_label(document: &Document, annot: &Dictionary) -> Option<String> {
    let action = document
        .dereference(annot.get(b"A").ok()?)
        .ok()?
        .1
        .as_dict()
        .ok()?;
    let uri = action.get(b"URI").ok()?.as_str().ok()?;
    let label = uri.strip_prefix(crate::anchors::PART_SCHEME.as_bytes())?;
    String::from_utf8(label.to_vec()).ok()
}

/// A chain of bookmarks starting at `first`, with their children; their objects are skipped,
/// as the joined outline is written afresh.
fn read_bookmarks(
    document: &Document,
    first: Option<Object>,
    skip: &mut BTreeSet<ObjectId>,
) -> lopdf::Result<Vec<Bookmark>> {
    let mut found = Vec::new();
    let mut item = first.and_then(|f| f.as_reference().ok());
    while let Some(id) = item {
        if !skip.insert(id) {
            break;
        }
        let dict = document.get_dictionary(id)?;
        let dest = match dict.get(b"Dest") {
            Ok(dest) => Some(dest.clone()),
            Err(_) => dict
                .get(b"A")
                .and_then(|a| document.dereference(a))
                .and_then(|(_, a)| a.as_dict())
                .and_then(|a| a.get(b"D"))
                .ok()
                .cloned(),
        };
        found.push(Bookmark {
            title: dict.get(b"Title")?.clone(),
            dest,
            children: read_bookmarks(document, dict.get(b"First").ok().cloned(), skip)?,
        });
        item = dict.get(b"Next").and_then(Object::as_reference).ok();
    }
    Ok(found)
}

/// Every name and destination in a name tree; its nodes are skipped, as the joined tree is
/// written afresh.
fn collect_names(
    document: &Document,
    node: &Object,
    names: &mut Vec<(Vec<u8>, Object)>,
    skip: &mut BTreeSet<ObjectId>,
) -> lopdf::Result<()> {
    let (id, node) = document.dereference(node)?;
    if let Some(id) = id {
        skip.insert(id);
    }
    let node = node.as_dict()?;
    if let Ok(pairs) = node.get(b"Names").and_then(Object::as_array) {
        for pair in pairs.chunks_exact(2) {
            if let Ok(name) = pair[0].as_str() {
                names.push((name.to_vec(), pair[1].clone()));
            }
        }
    }
    if let Ok(kids) = node.get(b"Kids").and_then(Object::as_array) {
        for kid in kids {
            collect_names(document, kid, names, skip)?;
        }
    }
    Ok(())
}

/// Writes PDF objects as they come and the cross-reference table at the end. lopdf writes
/// only whole documents; this writes one object at a time, so no document is held whole.
struct PdfWriter {
    out: Vec<u8>,
    offsets: Vec<(u32, usize)>,
}

impl PdfWriter {
    fn new() -> Self {
        Self {
            out: b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec(),
            offsets: Vec::new(),
        }
    }

    fn object(&mut self, id: ObjectId, object: &Object) -> lopdf::Result<()> {
        self.offsets.push((id.0, self.out.len()));
        writeln!(self.out, "{} {} obj", id.0, id.1)?;
        write_object(&mut self.out, object)?;
        self.out.extend_from_slice(b"\nendobj\n");
        Ok(())
    }

    /// Writes an outline holding `bookmarks`; returns its root.
    fn outline(&mut self, bookmarks: &[Bookmark], next_id: &mut u32) -> lopdf::Result<ObjectId> {
        let root = (take_id(next_id), 0);
        let (first, last, count) = self.bookmark_chain(bookmarks, root, next_id)?;
        self.object(
            root,
            &Object::Dictionary(Dictionary::from_iter([
                ("Type", Object::Name(b"Outlines".to_vec())),
                ("First", Object::Reference(first)),
                ("Last", Object::Reference(last)),
                ("Count", Object::Integer(count)),
            ])),
        )?;
        Ok(root)
    }

    /// Writes a chain of sibling bookmarks under `parent`: its first and last item, and how
    /// many items it holds at every depth.
    fn bookmark_chain(
        &mut self,
        bookmarks: &[Bookmark],
        parent: ObjectId,
        next_id: &mut u32,
    ) -> lopdf::Result<(ObjectId, ObjectId, i64)> {
        let ids: Vec<ObjectId> = bookmarks.iter().map(|_| (take_id(next_id), 0)).collect();
        let mut count = ids.len() as i64;
        for (i, bookmark) in bookmarks.iter().enumerate() {
            let mut item = Dictionary::from_iter([
                ("Title", bookmark.title.clone()),
                ("Parent", Object::Reference(parent)),
            ]);
            if let Some(dest) = &bookmark.dest {
                item.set("Dest", dest.clone());
            }
            if i > 0 {
                item.set("Prev", Object::Reference(ids[i - 1]));
            }
            if let Some(&next) = ids.get(i + 1) {
                item.set("Next", Object::Reference(next));
            }
            if !bookmark.children.is_empty() {
                let (first, last, below) =
                    self.bookmark_chain(&bookmark.children, ids[i], next_id)?;
                item.set("First", Object::Reference(first));
                item.set("Last", Object::Reference(last));
                item.set("Count", Object::Integer(below));
                count += below;
            }
            self.object(ids[i], &Object::Dictionary(item))?;
        }
        Ok((ids[0], ids[ids.len() - 1], count))
    }

    /// Writes a name tree of sorted `names`, in leaves of a bounded size; returns its root.
    fn name_tree(
        &mut self,
        names: Vec<(Vec<u8>, Object)>,
        next_id: &mut u32,
    ) -> lopdf::Result<ObjectId> {
        const LEAF: usize = 512;
        let mut kids = Vec::new();
        for leaf in names.chunks(LEAF) {
            let id = (take_id(next_id), 0);
            let limits = vec![
                Object::String(leaf[0].0.clone(), StringFormat::Literal),
                Object::String(leaf[leaf.len() - 1].0.clone(), StringFormat::Literal),
            ];
            let pairs = leaf
                .iter()
                .flat_map(|(name, dest)| {
                    [
                        Object::String(name.clone(), StringFormat::Literal),
                        dest.clone(),
                    ]
                })
                .collect();
            self.object(
                id,
                &Object::Dictionary(Dictionary::from_iter([
                    ("Limits", Object::Array(limits)),
                    ("Names", Object::Array(pairs)),
                ])),
            )?;
            kids.push(Object::Reference(id));
        }
        let root = (take_id(next_id), 0);
        self.object(
            root,
            &Object::Dictionary(Dictionary::from_iter([("Kids", Object::Array(kids))])),
        )?;
        Ok(root)
    }

    /// The cross-reference table and trailer; object numbers no part used are marked free.
    fn finish(mut self, mut trailer: Dictionary) -> lopdf::Result<Vec<u8>> {
        self.offsets.sort_unstable();
        let size = self.offsets.last().map_or(1, |(id, _)| id + 1);
        let xref = self.out.len();
        write!(self.out, "xref\n0 {size}\n0000000000 65535 f\r\n")?;
        let mut offsets = self.offsets.iter().peekable();
        for id in 1..size {
            match offsets.peek() {
                Some(&&(at, offset)) if at == id => {
                    write!(self.out, "{offset:010} 00000 n\r\n")?;
                    offsets.next();
                }
                _ => self.out.extend_from_slice(b"0000000000 65535 f\r\n"),
            }
        }
        trailer.set("Size", Object::Integer(i64::from(size)));
        self.out.extend_from_slice(b"trailer\n");
        write_object(&mut self.out, &Object::Dictionary(trailer))?;
        write!(self.out, "\nstartxref\n{xref}\n%%EOF\n")?;
        Ok(self.out)
    }
}

fn take_id(next_id: &mut u32) -> u32 {
    *next_id += 1;
    *next_id - 1
}

/// One object in PDF syntax. Strings are written in hexadecimal, which needs no escaping.
fn write_object(out: &mut Vec<u8>, object: &Object) -> std::io::Result<()> {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => write!(out, "{i}")?,
        Object::Real(r) => write_real(out, *r)?,
        Object::Name(name) => write_name(out, name),
        Object::String(bytes, _) => {
            out.push(b'<');
            for byte in bytes {
                write!(out, "{byte:02X}")?;
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(out, item)?;
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => write_dictionary(out, dict)?,
        Object::Stream(stream) => {
            let mut dict = stream.dict.clone();
            dict.set("Length", Object::Integer(stream.content.len() as i64));
            write_dictionary(out, &dict)?;
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((id, generation)) => write!(out, "{id} {generation} R")?,
    }
    Ok(())
}

fn write_dictionary(out: &mut Vec<u8>, dict: &Dictionary) -> std::io::Result<()> {
    out.extend_from_slice(b"<<");
    for (key, value) in dict.iter() {
        write_name(out, key);
        out.push(b' ');
        write_object(out, value)?;
        out.push(b' ');
    }
    out.extend_from_slice(b">>");
    Ok(())
}

/// A real number with no exponent, as PDF requires.
fn write_real(out: &mut Vec<u8>, value: f32) -> std::io::Result<()> {
    let text = format!("{:.4}", if value.is_finite() { value } else { 0.0 });
    out.extend_from_slice(text.trim_end_matches('0').trim_end_matches('.').as_bytes());
    Ok(())
}

/// A name, with the characters PDF does not allow in names written as `#XX`.
fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &byte in name {
        if byte.is_ascii_graphic() && !b"()<>[]{}/%#".contains(&byte) {
            out.push(byte);
        } else {
            out.extend_from_slice(format!("#{byte:02X}").as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(object: &Object) -> String {
        let mut out = Vec::new();
        write_object(&mut out, object).expect("writes");
        String::from_utf8(out).expect("ASCII")
    }

    #[test]
    fn objects_are_written_in_pdf_syntax() {
        assert_eq!(written(&Object::Real(12.5)), "12.5");
        assert_eq!(written(&Object::Real(3.0)), "3");
        assert_eq!(written(&Object::Real(f32::NAN)), "0");
        assert_eq!(
            written(&Object::Name(b"A B#(x)".to_vec())),
            "/A#20B#23#28x#29"
        );
        assert_eq!(
            written(&Object::String(b"(a)".to_vec(), StringFormat::Literal)),
            "<286129>"
        );
        let dict = Dictionary::from_iter([
            (
                "Kids",
                Object::Array(vec![Object::Reference((4, 0)), Object::Null]),
            ),
            ("Count", Object::Integer(2)),
        ]);
        assert_eq!(
            written(&Object::Dictionary(dict)),
            "<</Kids [4 0 R null] /Count 2 >>"
        );
    }

    #[test]
    fn the_cross_reference_table_marks_unused_numbers_free() {
        let mut writer = PdfWriter::new();
        writer.object((1, 0), &Object::Integer(7)).expect("writes");
        writer.object((3, 0), &Object::Integer(9)).expect("writes");
        let bytes = writer.finish(Dictionary::new()).expect("finishes");
        let text = String::from_utf8_lossy(&bytes);
        let xref = text.split("xref\n").nth(1).expect("an xref table");
        let lines: Vec<&str> = xref.lines().take(5).collect();
        assert_eq!(lines[0], "0 4");
        assert!(lines[2].ends_with(" 00000 n"), "{lines:?}");
        assert_eq!(lines[3], "0000000000 65535 f");
        assert!(lines[4].ends_with(" 00000 n"));
        // Each entry is exactly 20 bytes, as the format requires.
        assert!(xref.contains("\n0000000000 65535 f\r\n"));
        let offset: usize = lines[4][..10].parse().expect("an offset");
        assert!(bytes[offset..].starts_with(b"3 0 obj\n9\nendobj"));
    }
}
