//! Joining the PDFs of a long chronology's parts into one document.
//!
//! Parts are parsed a few at a time (as many as parts are laid out at once; one at a time on
//! the writer's thread with one job) and their objects written straight out in order, so
//! joining holds a few parsed parts in memory, never the whole document parsed: each part's
//! bytes are dropped once parsed, and its objects once written. The first part gives the
//! document its metadata; the pages of every part go under one page tree, the bookmarks of
//! every part under one outline, and every link to another part (written in the cross-part
//! scheme, [`anchors::PART_SCHEME`] followed by a label, while the part was laid out) becomes
//! a named destination that points where that label landed.
//!
//! Reading is lopdf's: it parses a part, the thread that parsed it moves its object numbers
//! past those of the parts before it ([`number_from`], by hand: lopdf's renumbering is
//! quadratic in a part's objects), and the joiner edits the few objects it must (pages,
//! links). Writing is pdf-writer's: each object of a part is copied through its writers
//! ([`write_object`] converts lopdf's objects, streams keep their bytes and filters), and the
//! page tree, outline, name tree, catalog, cross-reference table and trailer are written with
//! its typed writers.
//!
//! Two things pdf-writer cannot say, and how they are met:
//!
//! - It writes every object and reference with generation 0. A part's objects are all
//!   renumbered to distinct numbers before they are copied, so each keeps a number of its own
//!   and dropping the generation changes no reference's target.
//! - Its integers are 32-bit, as are those of every PDF reader (PDF's implementation limits);
//!   a wider integer, which Typst never writes, is clamped.
//!
//! The parts' structure trees (the tags screen readers follow) join under one root: the
//! children of each part's `Document` element become children of one joined `Document`
//! element, each part's parent-tree keys move past the previous parts' (and the pages' and
//! annotations' `/StructParents` and `/StructParent` with them), the element ids of a later
//! part take a prefix of their own (Typst numbers table cells afresh in every part), and the
//! role maps merge.
//!
//! pdf-writer's typed name-tree node writes `/Limits` as names, where the format wants strings,
//! so the leaves of the name tree are written as plain dictionaries through its generic
//! writers; no PDF syntax is written by hand.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Condvar, Mutex, MutexGuard, mpsc};

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};
use pdf_writer::types::AssociationKind;
use pdf_writer::writers::Destination;
use pdf_writer::{Dict, Name, Null, Obj, Pdf, Ref, Settings, Str, TextStr};

use attache_core::{Diagnostic, Diagnostics};

use super::plan::Target;
use super::spool::{Spool, Spooled};
use crate::anchors;

/// The names given to the destinations of links between parts, ahead of the label, so they
/// cannot meet the names Typst gives its own destinations (its labels). They never leave the
/// joined PDF: templates and the rest of the generator do not see them.
const DESTINATION_PREFIX: &str = anchors::PART_DESTINATION;

/// How the attached snapshot describes itself, as in a whole document's PDF.
const SNAPSHOT_DESCRIPTION: &str = crate::snapshot::DESCRIPTION;

/// Objects the joiner writes itself; the parts' objects are numbered after them. The
/// structure tree's two are numbered even when no part is tagged, so that every part's first
/// number follows from the parts before it alone.
const CATALOG: Ref = Ref::new(1);
const PAGE_TREE: Ref = Ref::new(2);
const STRUCTURE_ROOT: Ref = Ref::new(3);
const JOINED_DOCUMENT: Ref = Ref::new(4);
const FIRST_PART_OBJECT: Ref = Ref::new(5);

/// Written compactly: the joined file is read by viewers, not people, and pdf-writer's
/// indentation would add a few bytes to every entry of every object.
const COMPACT: Settings = Settings { pretty: false };

/// How many names one leaf of the name tree holds, so that a viewer looking a name up reads
/// one small leaf rather than every destination.
const NAMES_PER_LEAF: usize = 512;

/// Joins the parts, in order, and attaches the dataset `snapshot` (JSON) to the whole.
/// Parsing and renumbering are most of the work: with `jobs` above one, up to `jobs` parts
/// are parsed and renumbered at once, ahead of the one being written.
pub(super) fn join(
    spool: &Spool,
    parts: Vec<Spooled>,
    targets: &HashMap<String, Target>,
    snapshot: Option<&str>,
    jobs: usize,
) -> Result<Vec<u8>, Diagnostics> {
    // Room for the whole file up front: growing a buffer of hundreds of megabytes by
    // doubling would hold the old and the new copy at once. Room never written costs no
    // memory.
    let capacity = parts.iter().map(Spooled::len).sum::<usize>() * 3 / 2;
    let mut joiner = Joiner::new(targets, capacity);
    let count = parts.len();
    let numbering = Numbering::new(count);
    if jobs <= 1 {
        for (index, at) in parts.into_iter().enumerate() {
            let part = read(spool, at, index, &numbering)?;
            joiner.add(part).map_err(failed)?;
        }
        return Ok(joiner.finish(snapshot));
    }
    let queue = Mutex::new(parts.into_iter().enumerate());
    std::thread::scope(|scope| {
        // Each parser holds at most the part it parsed until the writer takes it. The
        // receiver is dropped on return, so that blocked parsers stop when a part fails.
        let (send, receive) = mpsc::sync_channel(0);
        for _ in 0..jobs.clamp(1, count.max(1)) {
            let send = send.clone();
            let (queue, numbering) = (&queue, &numbering);
            scope.spawn(move || {
                loop {
                    let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
                    let Some((index, at)) = next else { return };
                    let parsed = read(spool, at, index, numbering);
                    if send.send((index, parsed)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(send);
        // Parts arrive in the order they were parsed; they are written in their own.
        let mut early = BTreeMap::new();
        for next in 0..count {
            let parsed = loop {
                if let Some(parsed) = early.remove(&next) {
                    break parsed;
                }
                let Ok((index, parsed)) = receive.recv() else {
                    return Err(failed(JoinError::Lost));
                };
                early.insert(index, parsed);
            };
            joiner.add(parsed?).map_err(failed)?;
        }
        Ok(())
    })?;
    Ok(joiner.finish(snapshot))
}

/// Parses part `index` and numbers its objects on from those of the parts before it, once
/// they are parsed.
fn read(
    spool: &Spool,
    at: Spooled,
    index: usize,
    numbering: &Numbering,
) -> Result<Document, Diagnostics> {
    let parsed = spool
        .take(at)
        .and_then(|bytes| Document::load_mem(&bytes).map_err(|e| failed(e.into())));
    numbering.parsed(index, parsed.as_ref().ok().map(highest_number));
    let mut part = parsed?;
    let first = numbering.first_number(index).map_err(failed)?;
    number_from(&mut part, first);
    Ok(part)
}

/// The highest object number a part uses.
fn highest_number(part: &Document) -> usize {
    let last = part.objects.keys().next_back().map_or(0, |id| id.0);
    last.max(part.max_id) as usize
}

/// Moves a part's object numbers up so that number 1 becomes `first`, and every reference
/// with them. Written here because lopdf's own renumbering finds references by walking from
/// the trailer and checks each against a list of every reference seen so far: quadratic in a
/// part's objects, it took more time than parsing them.
fn number_from(part: &mut Document, first: u32) {
    let offset = first.saturating_sub(1);
    part.objects = std::mem::take(&mut part.objects)
        .into_iter()
        .map(|((number, generation), object)| ((number.saturating_add(offset), generation), object))
        .collect();
    for object in part.objects.values_mut() {
        shift_references(object, offset);
    }
    for (_, value) in part.trailer.iter_mut() {
        shift_references(value, offset);
    }
    part.max_id = part.max_id.saturating_add(offset);
}

/// Moves every reference inside `object` up by `offset`.
fn shift_references(object: &mut Object, offset: u32) {
    match object {
        Object::Reference((number, _)) => *number = number.saturating_add(offset),
        Object::Array(items) => {
            for item in items {
                shift_references(item, offset);
            }
        }
        Object::Dictionary(dict) => {
            for (_, value) in dict.iter_mut() {
                shift_references(value, offset);
            }
        }
        Object::Stream(stream) => {
            for (_, value) in stream.dict.iter_mut() {
                shift_references(value, offset);
            }
        }
        _ => {}
    }
}

/// Why joining failed, told to the user.
fn failed(e: JoinError) -> Diagnostics {
    Diagnostic::error(format!("joining the parts of the chronology failed: {e}")).into()
}

/// The object numbers each part uses, as the parts are parsed: a part's objects are numbered
/// after every number of the parts before it.
struct Numbering {
    /// Each part's highest object number, once parsed; `None` inside when it failed.
    highest: Mutex<Vec<Option<Option<usize>>>>,
    parsed: Condvar,
}

impl Numbering {
    fn new(parts: usize) -> Self {
        Self {
            highest: Mutex::new(vec![None; parts]),
            parsed: Condvar::new(),
        }
    }

    /// Notes the highest object number part `index` uses, or that it could not be parsed.
    fn parsed(&self, index: usize, highest: Option<usize>) {
        self.lock()[index] = Some(highest);
        self.parsed.notify_all();
    }

    /// The number that object 1 of part `index` takes, once every part before it is parsed.
    fn first_number(&self, index: usize) -> Result<u32, JoinError> {
        let highest = self
            .parsed
            .wait_while(self.lock(), |highest| {
                highest[..index].iter().any(Option::is_none)
            })
            .unwrap_or_else(|e| e.into_inner());
        let mut first = object_id(FIRST_PART_OBJECT).0 as usize;
        for number in &highest[..index] {
            first += number.flatten().ok_or(JoinError::Lost)?;
        }
        u32::try_from(first)
            .ok()
            .filter(|&first| reference((first, 0)).is_some())
            .ok_or(JoinError::TooManyObjects)
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Option<Option<usize>>>> {
        self.highest.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Why joining failed.
#[derive(Debug, thiserror::Error)]
enum JoinError {
    #[error(transparent)]
    Read(#[from] lopdf::Error),
    #[error("the parts hold more objects than a PDF can number")]
    TooManyObjects,
    #[error("a part was not parsed")]
    Lost,
}

/// A bookmark read from a part, to be written again under the joined outline.
struct Bookmark {
    title: Object,
    dest: Option<Object>,
    children: Vec<Bookmark>,
}

/// Where a named destination points: one copied from a part, or where a label landed.
enum Dest {
    Copied(Object),
    Landed(Ref, f32),
}

/// The parts' structure trees, gathered to be written as one.
#[derive(Default)]
struct Structure {
    /// The first part's `Document` element, whose entries (its language) the joined one keeps.
    document: Dictionary,
    /// The joined `Document` element's children, in reading order.
    kids: Vec<Object>,
    /// The parent tree's entries, keys already moved past the earlier parts'.
    parent_tree: Vec<(i64, Object)>,
    /// The first parent-tree key the next part's entries take.
    next_key: i64,
    /// The element ids, prefixed in later parts.
    ids: Vec<(Vec<u8>, Object)>,
    role_map: Dictionary,
    /// How many tagged parts have been read.
    parts: usize,
}

/// The joined document as it is written, and what its own structures need from the parts.
struct Joiner<'a> {
    out: Pdf,
    targets: &'a HashMap<String, Target>,
    /// Every part's pages so far, in order.
    pages: Vec<Ref>,
    bookmarks: Vec<Bookmark>,
    names: Vec<(Vec<u8>, Dest)>,
    /// The first part's catalog, which becomes the document's.
    catalog: Option<Dictionary>,
    structure: Structure,
    /// The next free object number.
    next: Ref,
}

impl<'a> Joiner<'a> {
    fn new(targets: &'a HashMap<String, Target>, capacity: usize) -> Self {
        Self {
            out: Pdf::with_settings_and_capacity(COMPACT, capacity),
            targets,
            pages: Vec::new(),
            bookmarks: Vec::new(),
            names: Vec::new(),
            catalog: None,
            structure: Structure::default(),
            next: FIRST_PART_OBJECT,
        }
    }

    /// Takes one parsed part and writes its objects out, keeping what the joined page tree,
    /// outline, name tree and catalog need. The structures those replace are not copied.
    fn add(&mut self, mut part: Document) -> Result<(), JoinError> {
        self.next =
            reference((part.max_id.saturating_add(1), 0)).ok_or(JoinError::TooManyObjects)?;

        let catalog = part.catalog()?.clone();
        let mut skip: BTreeSet<ObjectId> = BTreeSet::new();
        skip.insert(part.trailer.get(b"Root")?.as_reference()?);
        self.take_structure(&mut part, &catalog, &mut skip)?;
        self.take_pages(&mut part, &catalog, &mut skip)?;
        self.take_outline(&part, &catalog, &mut skip)?;
        self.take_names(&part, &catalog, &mut skip)?;
        let info = self.take_metadata(&part, catalog, &mut skip);
        for (&id, object) in &part.objects {
            let is_container = matches!(object, Object::Stream(s)
                if s.dict.has_type(b"ObjStm") || s.dict.has_type(b"XRef"));
            if !skip.contains(&id) && !is_container {
                write_indirect(&mut self.out, id, object, Some(id) == info);
            }
        }
        Ok(())
    }

    /// Moves a part's pages under the joined page tree, their cross-part links pointed at
    /// named destinations; its own page tree is skipped.
    fn take_pages(
        &mut self,
        part: &mut Document,
        catalog: &Dictionary,
        skip: &mut BTreeSet<ObjectId>,
    ) -> lopdf::Result<()> {
        if let Ok(tree) = catalog.get(b"Pages").and_then(Object::as_reference) {
            page_tree_nodes(part, tree, skip);
        }
        for page in part.get_pages().into_values() {
            inherit_page_attributes(part, page)?;
            let parent = Object::Reference(object_id(PAGE_TREE));
            part.get_dictionary_mut(page)?.set("Parent", parent);
            point_cross_part_links(part, page, self.targets)?;
            // Renumbering keeps every number within `next`, which is a valid reference.
            self.pages.extend(reference(page));
        }
        Ok(())
    }

    /// Reads a part's structure tree into the joined one: its root, parent tree and
    /// `Document` element are skipped (the joined ones replace them), their contents kept.
    fn take_structure(
        &mut self,
        part: &mut Document,
        catalog: &Dictionary,
        skip: &mut BTreeSet<ObjectId>,
    ) -> lopdf::Result<()> {
        let Ok(root_id) = catalog
            .get(b"StructTreeRoot")
            .and_then(Object::as_reference)
        else {
            return Ok(());
        };
        skip.insert(root_id);
        let root = part.get_dictionary(root_id)?.clone();
        let structure = &mut self.structure;
        let offset = structure.next_key;
        let mut entries = Vec::new();
        if let Ok(tree) = root.get(b"ParentTree") {
            read_tree(part, tree, b"Nums", &mut entries, skip)?;
        }
        let mut last_key = offset - 1;
        for (key, value) in entries {
            if let Object::Integer(key) = key {
                last_key = last_key.max(key + offset);
                structure.parent_tree.push((key + offset, value));
            }
        }
        let part_next = root.get(b"ParentTreeNextKey").and_then(Object::as_i64);
        structure.next_key = part_next.map_or(last_key + 1, |n| (n + offset).max(last_key + 1));
        let prefix = (structure.parts > 0).then(|| format!("p{}-", structure.parts + 1));
        structure.parts += 1;
        let mut ids = Vec::new();
        if let Ok(tree) = root.get(b"IDTree") {
            read_tree(part, tree, b"Names", &mut ids, skip)?;
        }
        for (id, value) in ids {
            if let Object::String(id, _) = id {
                structure
                    .ids
                    .push((prefixed(prefix.as_deref(), &id), value));
            }
        }
        if let Ok(roles) = root.get(b"RoleMap").and_then(|r| part.dereference(r)) {
            for (role, standard) in roles.1.as_dict().into_iter().flat_map(Dictionary::iter) {
                if !structure.role_map.has(role) {
                    structure.role_map.set(role.clone(), standard.clone());
                }
            }
        }
        let top = root.get(b"K").cloned().unwrap_or(Object::Null);
        for kid in one_or_many(part, &top) {
            adopt(part, kid, JOINED_DOCUMENT, structure, skip)?;
        }
        for object in part.objects.values_mut() {
            shift_struct_parents(object, offset, prefix.as_deref());
        }
        Ok(())
    }

    /// Reads a part's bookmarks, to be written again under the joined outline.
    fn take_outline(
        &mut self,
        part: &Document,
        catalog: &Dictionary,
        skip: &mut BTreeSet<ObjectId>,
    ) -> lopdf::Result<()> {
        if let Ok(root) = catalog.get(b"Outlines").and_then(Object::as_reference) {
            skip.insert(root);
            let first = part.get_dictionary(root)?.get(b"First").ok().cloned();
            self.bookmarks.extend(read_bookmarks(part, first, skip)?);
        }
        Ok(())
    }

    /// Reads a part's named destinations, to be written again in the joined name tree.
    fn take_names(
        &mut self,
        part: &Document,
        catalog: &Dictionary,
        skip: &mut BTreeSet<ObjectId>,
    ) -> lopdf::Result<()> {
        let Ok(tree) = catalog.get(b"Names") else {
            return Ok(());
        };
        if let Ok(id) = tree.as_reference() {
            skip.insert(id);
        }
        if let Ok(dests) = part
            .dereference(tree)?
            .1
            .as_dict()
            .and_then(|d| d.get(b"Dests"))
        {
            collect_names(part, dests, &mut self.names, skip)?;
        }
        Ok(())
    }

    /// Keeps the first part's catalog and metadata, which describe the document; later
    /// parts' are skipped. Gives the first part's document information dictionary.
    fn take_metadata(
        &mut self,
        part: &Document,
        catalog: Dictionary,
        skip: &mut BTreeSet<ObjectId>,
    ) -> Option<ObjectId> {
        let info = part
            .trailer
            .get(b"Info")
            .and_then(Object::as_reference)
            .ok();
        if self.catalog.is_some() {
            skip.extend(info);
            skip.extend(catalog.get(b"Metadata").and_then(Object::as_reference).ok());
            return None;
        }
        self.catalog = Some(catalog);
        let id = part.trailer.get(b"ID").and_then(Object::as_array).ok();
        if let Some([Object::String(first, _), Object::String(second, _)]) = id.map(Vec::as_slice) {
            self.out.set_file_id((first.clone(), second.clone()));
        }
        info
    }

    /// Writes the joined structures, the attached snapshot, the cross-reference table and
    /// the trailer.
    fn finish(mut self, snapshot: Option<&str>) -> Vec<u8> {
        let outline = (!self.bookmarks.is_empty()).then(|| self.write_outline());
        let leaves = self.write_name_tree();
        let structure = self.write_structure();
        let attached = snapshot.map(|json| self.write_attachment(json));
        let count = i32::try_from(self.pages.len()).unwrap_or(i32::MAX);
        self.out
            .pages(PAGE_TREE)
            .count(count)
            .kids(self.pages.iter().copied());

        let mut catalog = self.catalog.take().unwrap_or_default();
        // Written below from the joined document; the first part's describe that part alone.
        for key in [
            &b"Type"[..],
            b"Pages",
            b"Outlines",
            b"Names",
            b"PageLabels",
            b"StructTreeRoot",
        ] {
            catalog.remove(key);
        }
        let mut writer = self.out.catalog(CATALOG);
        write_entries(&mut writer, &catalog, &[]);
        writer.pages(PAGE_TREE);
        if let Some(root) = outline {
            writer.outlines(root);
        }
        if let Some(spec) = attached {
            writer.insert(Name(b"AF")).array().item(spec);
        }
        if !leaves.is_empty() || attached.is_some() {
            let mut names = writer.names();
            if !leaves.is_empty() {
                names.destinations().kids().items(leaves);
            }
            if let Some(spec) = attached {
                let name = Str(attache_core::SNAPSHOT_FILE.as_bytes());
                names.embedded_files().names().insert(name, spec);
            }
        }
        if let Some(root) = structure {
            writer.insert(Name(b"StructTreeRoot")).primitive(root);
        }
        drop(writer);
        self.out.finish()
    }

    /// Writes the joined structure tree: its root, parent tree, id tree, role map and one
    /// `Document` element over every part's content. Gives its root, if any part was tagged.
    fn write_structure(&mut self) -> Option<Ref> {
        if self.structure.parts == 0 {
            return None;
        }
        let (root, document) = (STRUCTURE_ROOT, JOINED_DOCUMENT);
        let structure = std::mem::take(&mut self.structure);
        let mut element = self.out.indirect(document).dict();
        write_entries(&mut element, &structure.document, &[b"K", b"P"]);
        element.pair(Name(b"P"), root);
        let mut kids = element.insert(Name(b"K")).array();
        for kid in &structure.kids {
            write_object(kids.push(), kid);
        }
        drop(kids);
        drop(element);
        let mut tree = self.out.indirect(root).dict();
        tree.pair(Name(b"Type"), Name(b"StructTreeRoot"));
        tree.pair(Name(b"K"), document);
        let mut nums = tree.insert(Name(b"ParentTree")).dict();
        let mut pairs = nums.insert(Name(b"Nums")).array();
        for (key, value) in &structure.parent_tree {
            write_object(pairs.push(), &Object::Integer(*key));
            write_object(pairs.push(), value);
        }
        drop(pairs);
        drop(nums);
        let next_key = i32::try_from(structure.next_key).unwrap_or(i32::MAX);
        tree.pair(Name(b"ParentTreeNextKey"), next_key);
        if !structure.ids.is_empty() {
            let mut ids = structure.ids;
            ids.sort_by(|a, b| a.0.cmp(&b.0));
            let mut names = tree.insert(Name(b"IDTree")).dict();
            let mut pairs = names.insert(Name(b"Names")).array();
            for (id, element) in &ids {
                pairs.item(Str(id));
                write_object(pairs.push(), element);
            }
        }
        if !structure.role_map.is_empty() {
            write_object(
                tree.insert(Name(b"RoleMap")),
                &Object::Dictionary(structure.role_map),
            );
        }
        Some(root)
    }

    /// Writes the snapshot as an embedded file and its file specification, as a whole
    /// document's PDF made by Typst carries it; gives the specification.
    fn write_attachment(&mut self, json: &str) -> Ref {
        let stream = self.next;
        let spec = stream.next();
        self.next = spec.next();
        let bytes = json.as_bytes();
        self.out
            .embedded_file(stream, bytes)
            .subtype(Name(b"application#2Fjson"))
            .params()
            .size(i32::try_from(bytes.len()).unwrap_or(i32::MAX));
        let name = attache_core::SNAPSHOT_FILE;
        self.out
            .file_spec(spec)
            .path(Str(name.as_bytes()))
            .unic_file(TextStr(name))
            .description(TextStr(SNAPSHOT_DESCRIPTION))
            .association_kind(AssociationKind::Source)
            .embedded_file_with_unicode(stream);
        spec
    }

    /// Writes the outline of every part's bookmarks; gives its root.
    fn write_outline(&mut self) -> Ref {
        let root = self.next.bump();
        let bookmarks = std::mem::take(&mut self.bookmarks);
        let (first, last, count) = self.write_bookmarks(&bookmarks, root);
        self.out.outline(root).first(first).last(last).count(count);
        root
    }

    /// Writes a chain of sibling bookmarks under `parent`: gives its first and last item,
    /// and how many items it holds at every depth.
    fn write_bookmarks(&mut self, bookmarks: &[Bookmark], parent: Ref) -> (Ref, Ref, i32) {
        let ids: Vec<Ref> = bookmarks.iter().map(|_| self.next.bump()).collect();
        let mut count = i32::try_from(ids.len()).unwrap_or(i32::MAX);
        for (i, bookmark) in bookmarks.iter().enumerate() {
            // Children first: an item can only be written once its children's numbers are known.
            let children = (!bookmark.children.is_empty())
                .then(|| self.write_bookmarks(&bookmark.children, ids[i]));
            let mut item = self.out.outline_item(ids[i]);
            item.parent(parent);
            write_object(item.insert(Name(b"Title")), &bookmark.title);
            if let Some(dest) = &bookmark.dest {
                write_object(item.insert(Name(b"Dest")), dest);
            }
            if i > 0 {
                item.prev(ids[i - 1]);
            }
            if let Some(&next) = ids.get(i + 1) {
                item.next(next);
            }
            if let Some((first, last, below)) = children {
                item.first(first).last(last).count(below);
                count = count.saturating_add(below);
            }
        }
        (ids[0], ids[ids.len() - 1], count)
    }

    /// Writes the leaves of the name tree: every part's named destinations and one for each
    /// label that landed, sorted as the format requires. Gives the leaves, in order.
    fn write_name_tree(&mut self) -> Vec<Ref> {
        let mut names = std::mem::take(&mut self.names);
        for (label, target) in self.targets {
            if let Some(&page) = self.pages.get(target.page) {
                let name = format!("{DESTINATION_PREFIX}{label}").into_bytes();
                names.push((name, Dest::Landed(page, target.y as f32)));
            }
        }
        names.sort_by(|a, b| a.0.cmp(&b.0));
        names.dedup_by(|a, b| a.0 == b.0);
        let mut leaves = Vec::new();
        for leaf in names.chunks(NAMES_PER_LEAF) {
            let id = self.next.bump();
            let mut node = self.out.indirect(id).dict();
            let (first, last) = (&leaf[0].0, &leaf[leaf.len() - 1].0);
            node.insert(Name(b"Limits"))
                .array()
                .items([Str(first), Str(last)]);
            let mut pairs = node.insert(Name(b"Names")).array();
            for (name, dest) in leaf {
                pairs.item(Str(name));
                match dest {
                    Dest::Copied(object) => write_object(pairs.push(), object),
                    // The top of the label's line, at the left edge and the viewer's zoom.
                    Dest::Landed(page, y) => pairs
                        .push()
                        .start::<Destination>()
                        .page(*page)
                        .xyz(0.0, *y, None),
                }
            }
            drop(pairs);
            leaves.push(id);
        }
        leaves
    }
}

/// A pdf-writer reference as a lopdf object number.
fn object_id(reference: Ref) -> ObjectId {
    // A reference is always positive.
    (reference.get().unsigned_abs(), 0)
}

/// A lopdf object number as a pdf-writer reference, if it is one PDF can write.
fn reference((number, _generation): ObjectId) -> Option<Ref> {
    i32::try_from(number).ok().filter(|&n| n > 0).map(Ref::new)
}

/// Writes a part's object under its own number: a stream with its bytes and filters as they
/// are, the document information dictionary where the trailer will name it.
fn write_indirect(out: &mut Pdf, id: ObjectId, object: &Object, is_info: bool) {
    let Some(id) = reference(id) else {
        return;
    };
    match object {
        Object::Stream(stream) => {
            // pdf-writer writes the length of the bytes it is given.
            write_entries(
                &mut out.stream(id, &stream.content),
                &stream.dict,
                &[b"Length"],
            );
        }
        Object::Dictionary(dict) if is_info => write_entries(&mut out.document_info(id), dict, &[]),
        other => write_object(out.indirect(id), other),
    }
}

/// Writes a dictionary's entries, but those under `except`.
fn write_entries(dict: &mut Dict<'_>, from: &Dictionary, except: &[&[u8]]) {
    for (key, value) in from.iter() {
        if !except.contains(&key.as_slice()) {
            write_object(dict.insert(Name(key)), value);
        }
    }
}

/// Writes a lopdf object with pdf-writer.
fn write_object(obj: Obj<'_>, object: &Object) {
    match object {
        Object::Null => obj.primitive(Null),
        Object::Boolean(value) => obj.primitive(*value),
        Object::Integer(value) => obj.primitive(i32::try_from(*value).unwrap_or(if *value < 0 {
            i32::MIN
        } else {
            i32::MAX
        })),
        // A real that is not a number has no PDF syntax; no part writes one.
        Object::Real(value) => obj.primitive(if value.is_finite() { *value } else { 0.0 }),
        Object::Name(name) => obj.primitive(Name(name)),
        Object::String(bytes, _) => obj.primitive(Str(bytes)),
        Object::Reference(id) => match reference(*id) {
            Some(id) => obj.primitive(id),
            None => obj.primitive(Null),
        },
        Object::Array(items) => {
            let mut array = obj.array();
            for item in items {
                write_object(array.push(), item);
            }
        }
        Object::Dictionary(dict) => write_entries(&mut obj.dict(), dict, &[]),
        // A stream is always an indirect object, written by `write_indirect`: one inside
        // another object is not PDF, and a reader would take it for null.
        Object::Stream(_) => obj.primitive(Null),
    }
}

/// Reads a number tree (`key` `Nums`) or name tree (`key` `Names`) into `entries`, in order;
/// its nodes, which the joined tree replaces, are skipped.
fn read_tree(
    document: &Document,
    node: &Object,
    key: &[u8],
    entries: &mut Vec<(Object, Object)>,
    skip: &mut BTreeSet<ObjectId>,
) -> lopdf::Result<()> {
    if let Ok(id) = node.as_reference()
        && !skip.insert(id)
    {
        return Ok(());
    }
    let dict = document.dereference(node)?.1.as_dict()?;
    if let Ok(pairs) = dict.get(key).and_then(|p| document.dereference(p)) {
        for pair in pairs.1.as_array()?.chunks_exact(2) {
            entries.push((pair[0].clone(), pair[1].clone()));
        }
    }
    if let Ok(kids) = dict.get(b"Kids").and_then(|k| document.dereference(k)) {
        for kid in kids.1.as_array()?.clone() {
            read_tree(document, &kid, key, entries, skip)?;
        }
    }
    Ok(())
}

/// An entry that holds one object or an array of them, as a list.
fn one_or_many(document: &Document, value: &Object) -> Vec<Object> {
    match document.dereference(value) {
        Ok((_, Object::Array(items))) => items.clone(),
        Ok((_, Object::Null)) | Err(_) => Vec::new(),
        _ => vec![value.clone()],
    }
}

/// Takes a child of a part's structure root into the joined `Document` element: a part's own
/// `Document` element gives its children (and is skipped), anything else comes itself.
fn adopt(
    part: &mut Document,
    kid: Object,
    joined: Ref,
    structure: &mut Structure,
    skip: &mut BTreeSet<ObjectId>,
) -> lopdf::Result<()> {
    let Ok(id) = kid.as_reference() else {
        structure.kids.push(kid);
        return Ok(());
    };
    let element = part.get_dictionary(id)?.clone();
    if element.get(b"S").and_then(Object::as_name).ok() != Some(b"Document".as_slice()) {
        part.get_dictionary_mut(id)?
            .set("P", Object::Reference(object_id(joined)));
        structure.kids.push(kid);
        return Ok(());
    }
    skip.insert(id);
    if structure.document.is_empty() {
        structure.document = element.clone();
    }
    let page = element.get(b"Pg").ok().cloned();
    let children = element.get(b"K").cloned().unwrap_or(Object::Null);
    for child in one_or_many(part, &children) {
        match (child, &page) {
            // Marked content straight under the element: it names its page, as the element did.
            (Object::Integer(mcid), Some(page)) => {
                let mut reference = Dictionary::new();
                reference.set("Type", Object::Name(b"MCR".to_vec()));
                reference.set("Pg", page.clone());
                reference.set("MCID", Object::Integer(mcid));
                structure.kids.push(Object::Dictionary(reference));
            }
            (child, _) => {
                if let Ok(child_id) = child.as_reference()
                    && let Ok(dict) = part.get_dictionary_mut(child_id)
                {
                    dict.set("P", Object::Reference(object_id(joined)));
                }
                structure.kids.push(child);
            }
        }
    }
    Ok(())
}

/// Moves an object's parent-tree keys (`/StructParents` of a page, `/StructParent` of an
/// annotation) by `offset`, and prefixes a structure element's id and the ids its table
/// headers name, so that they stay distinct from other parts'.
fn shift_struct_parents(object: &mut Object, offset: i64, prefix: Option<&str>) {
    let dict = match object {
        Object::Dictionary(dict) => dict,
        Object::Stream(stream) => &mut stream.dict,
        _ => return,
    };
    for key in [&b"StructParents"[..], b"StructParent"] {
        if let Ok(Object::Integer(n)) = dict.get_mut(key) {
            *n += offset;
        }
    }
    if prefix.is_some() && dict.get(b"S").is_ok() {
        rename_ids(dict, prefix);
    }
}

/// Prefixes the `/ID` of a structure element and every id named in its attributes'
/// `/Headers`.
fn rename_ids(dict: &mut Dictionary, prefix: Option<&str>) {
    if let Ok(Object::String(id, _)) = dict.get_mut(b"ID") {
        *id = prefixed(prefix, id);
    }
    if let Ok(Object::Array(headers)) = dict.get_mut(b"Headers") {
        for header in headers {
            if let Object::String(id, _) = header {
                *id = prefixed(prefix, id);
            }
        }
    }
    if let Ok(attributes) = dict.get_mut(b"A") {
        let attributes = match attributes {
            Object::Array(items) => items.iter_mut().collect(),
            other => vec![other],
        };
        for attribute in attributes {
            if let Object::Dictionary(attribute) = attribute {
                rename_ids(attribute, prefix);
            }
        }
    }
}

/// An element id with a part's prefix, if it has one.
fn prefixed(prefix: Option<&str>, id: &[u8]) -> Vec<u8> {
    let mut out = prefix.unwrap_or_default().as_bytes().to_vec();
    out.extend_from_slice(id);
    out
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

/// Points a page's cross-part links at the named destination of their label, and drops
/// links to labels no part printed.
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

/// The label a cross-part link's action names, if the annotation is one.
fn cross_part_label(document: &Document, annot: &Dictionary) -> Option<String> {
    let action = document
        .dereference(annot.get(b"A").ok()?)
        .ok()?
        .1
        .as_dict()
        .ok()?;
    let uri = action.get(b"URI").ok()?.as_str().ok()?;
    let label = uri.strip_prefix(anchors::PART_SCHEME.as_bytes())?;
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
    names: &mut Vec<(Vec<u8>, Dest)>,
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
                names.push((name.to_vec(), Dest::Copied(pair[1].clone())));
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

#[cfg(test)]
mod tests {
    use pdf_writer::types::{ActionType, AnnotationType};
    use pdf_writer::{Chunk, Filter, Rect, TextStr};

    use super::*;

    /// The contents of every page of a test part, encoded with a filter.
    const CONTENT: &[u8] = b"42 54 0A 45 54>";

    /// A part as Typst would export it, in miniature: `pages` pages whose size the page tree
    /// gives and whose contents are [`CONTENT`], a bookmark to the first, document
    /// information, and on the first page a link to `label` in another part, if any.
    fn part(pages: i32, bookmark: &str, link_to: Option<&str>) -> Vec<u8> {
        let [catalog, tree, outline, item, info, link, content] =
            [1, 2, 3, 4, 5, 6, 7].map(Ref::new);
        let page_ids: Vec<Ref> = (0..pages).map(|i| Ref::new(10 + i)).collect();
        let mut pdf = Pdf::new();
        pdf.catalog(catalog).pages(tree).outlines(outline);
        pdf.pages(tree)
            .kids(page_ids.iter().copied())
            .count(pages)
            .media_box(Rect::new(0.0, 0.0, 595.0, 842.0));
        for (i, &id) in page_ids.iter().enumerate() {
            let mut page = pdf.page(id);
            page.parent(tree).contents(content);
            if i == 0 && link_to.is_some() {
                page.annotations([link]);
            }
        }
        if let Some(label) = link_to {
            let uri = format!("{}{label}", anchors::PART_SCHEME);
            let mut annotation = pdf.annotation(link);
            annotation
                .subtype(AnnotationType::Link)
                .rect(Rect::new(10.0, 10.0, 50.0, 20.0));
            annotation
                .action()
                .action_type(ActionType::Uri)
                .uri(Str(uri.as_bytes()));
        }
        pdf.stream(content, CONTENT).filter(Filter::AsciiHexDecode);
        pdf.outline(outline).first(item).last(item).count(1);
        pdf.outline_item(item)
            .parent(outline)
            .title(TextStr(bookmark))
            .dest()
            .page(page_ids[0])
            .xyz(0.0, 800.0, None);
        pdf.document_info(info).title(TextStr(bookmark));
        pdf.set_file_id((bookmark.as_bytes().to_vec(), b"revision".to_vec()));
        pdf.finish()
    }

    fn dict<'a>(document: &'a Document, object: &'a Object) -> &'a Dictionary {
        document
            .dereference(object)
            .expect("resolves")
            .1
            .as_dict()
            .expect("a dictionary")
    }

    /// A value of a dictionary entry, resolved, as an array.
    fn array<'a>(document: &'a Document, dict: &'a Dictionary, key: &[u8]) -> &'a [Object] {
        let value = dict.get(key).expect("the entry is there");
        let value = document.dereference(value).expect("resolves").1;
        value.as_array().expect("an array")
    }

    /// Three parts joined on `jobs` threads: two pages linking to "b", which lands on page
    /// 4, three pages linking to a label no part printed, and one more page.
    fn joined_bytes(jobs: usize) -> Vec<u8> {
        let targets = HashMap::from([("b".to_owned(), Target { page: 3, y: 700.0 })]);
        let parts = [
            part(2, "One", Some("b")),
            part(3, "Two", Some("missing")),
            part(1, "Three", None),
        ];
        let spool = Spool::new().expect("a spool");
        let parts = parts
            .iter()
            .map(|part| spool.put(part).expect("spooled"))
            .collect();
        join(&spool, parts, &targets, None, jobs).expect("joins")
    }

    /// The parts of [`joined_bytes`], joined on two threads: the document and its pages.
    fn joined() -> (Document, Vec<ObjectId>) {
        let bytes = joined_bytes(2);
        let document = Document::load_mem(&bytes).expect("the joined PDF parses");
        let pages = document.get_pages().into_values().collect();
        (document, pages)
    }

    #[test]
    fn parts_join_to_the_same_bytes_on_one_thread_or_several() {
        let bytes = joined_bytes(1);
        assert_eq!(joined_bytes(2), bytes);
        assert_eq!(joined_bytes(3), bytes);
    }

    #[test]
    fn parts_join_under_one_page_tree_with_the_first_parts_metadata() {
        let (document, pages) = joined();
        assert_eq!(pages.len(), 6);
        for &page in &pages {
            let page = document.get_dictionary(page).expect("a page");
            assert!(page.has(b"MediaBox"), "inherited from the part's page tree");
        }
        let info = dict(&document, document.trailer.get(b"Info").expect("info"));
        let title = lopdf::decode_text_string(info.get(b"Title").expect("a title"));
        assert_eq!(title.expect("text"), "One");
        let id = array(&document, &document.trailer, b"ID");
        assert_eq!(id[0].as_str().ok(), Some(&b"One"[..]));
    }

    #[test]
    fn streams_keep_their_bytes_and_filters() {
        let (document, pages) = joined();
        for &page in &pages {
            let page = document.get_dictionary(page).expect("a page");
            let contents = page.get(b"Contents").expect("contents");
            let stream = document
                .dereference(contents)
                .and_then(|(_, s)| s.as_stream())
                .expect("a stream");
            assert_eq!(stream.content, CONTENT);
            let filter = stream.dict.get(b"Filter").and_then(Object::as_name);
            assert_eq!(filter.ok(), Some(&b"ASCIIHexDecode"[..]));
            let length = stream.dict.get(b"Length").and_then(Object::as_i64);
            assert_eq!(length.ok(), Some(CONTENT.len() as i64));
        }
    }

    #[test]
    fn every_parts_bookmarks_join_one_outline() {
        let (document, pages) = joined();
        let catalog = document.catalog().expect("a catalog");
        let outline = dict(&document, catalog.get(b"Outlines").expect("an outline"));
        let mut bookmarks = Vec::new();
        let mut item = outline.get(b"First").ok().cloned();
        while let Some(reference) = item {
            let entry = dict(&document, &reference);
            let title = lopdf::decode_text_string(entry.get(b"Title").expect("a title"));
            let page = array(&document, entry, b"Dest")[0].as_reference().ok();
            let page = pages.iter().position(|&p| Some(p) == page);
            bookmarks.push((title.expect("text"), page));
            item = entry.get(b"Next").ok().cloned();
        }
        let expected = [
            ("One".to_owned(), Some(0)),
            ("Two".to_owned(), Some(2)),
            ("Three".to_owned(), Some(5)),
        ];
        assert_eq!(bookmarks, expected, "each opens its part's first page");
    }

    #[test]
    fn links_between_parts_become_named_destinations() {
        let (document, pages) = joined();
        let first = document.get_dictionary(pages[0]).expect("a page");
        let link = dict(&document, &array(&document, first, b"Annots")[0]);
        assert!(!link.has(b"A"), "the address is gone");
        let name = link.get(b"Dest").and_then(Object::as_str).expect("a name");

        let catalog = document.catalog().expect("a catalog");
        let names = dict(&document, catalog.get(b"Names").expect("names"));
        let root = dict(&document, names.get(b"Dests").expect("destinations"));
        let leaf = dict(&document, &array(&document, root, b"Kids")[0]);
        let limits = array(&document, leaf, b"Limits");
        assert!(limits.iter().all(|l| matches!(l, Object::String(..))));
        let dest = array(&document, leaf, b"Names")
            .chunks_exact(2)
            .find(|pair| pair[0].as_str().ok() == Some(name))
            .map(|pair| pair[1].as_array().expect("a destination"))
            .expect("the name is defined");
        assert_eq!(dest[0].as_reference().ok(), Some(pages[3]));
        assert_eq!(dest[3].as_float().ok(), Some(700.0));

        // A link to a label no part printed is dropped.
        let third = document.get_dictionary(pages[2]).expect("a page");
        assert!(array(&document, third, b"Annots").is_empty());
    }

    fn written(object: &Object) -> String {
        let mut chunk = Chunk::with_settings(COMPACT);
        write_object(chunk.indirect(Ref::new(1)), object);
        let text = String::from_utf8(chunk.as_bytes().to_vec()).expect("ASCII");
        let body = text.trim().strip_prefix("1 0 obj").expect("an object");
        body.strip_suffix("endobj")
            .expect("an object")
            .trim()
            .to_owned()
    }

    #[test]
    fn lopdf_objects_are_written_through_pdf_writer() {
        assert_eq!(written(&Object::Real(12.5)), "12.5");
        assert_eq!(written(&Object::Real(f32::NAN)), "0");
        assert_eq!(written(&Object::Integer(1 << 40)), i32::MAX.to_string());
        assert_eq!(written(&Object::Name(b"A B#".to_vec())), "/A#20B#23");
        assert_eq!(written(&Object::Reference((4, 2))), "4 0 R");
        assert_eq!(written(&Object::Reference((0, 0))), "null");
        let dict = Dictionary::from_iter([
            (
                "Kids",
                Object::Array(vec![Object::Reference((4, 0)), Object::Null]),
            ),
            ("Count", Object::Integer(2)),
        ]);
        assert_eq!(
            written(&Object::Dictionary(dict)),
            "<</Kids[4 0 R null]/Count 2>>"
        );
    }
}
