//! Each segment's actors per document, in a file of gz-search's own, for facet counts.
//!
//! The `actors` fast column answers "which actors does this document name?" through
//! Tantivy's multi-valued column: a rank among the documents with values, two reads of a
//! compressed offset column, then one compressed value per actor. Counting the actors of
//! every hit of a common word did that tens of thousands of times a query. This segment
//! component keeps the same facts as plain arrays: where each document's actor numbers begin,
//! the numbers, and the actor names in name order. Counting is then two offset reads and
//! one read per actor, and naming the counted actors reads their names directly.
//!
//! The component is a Tantivy segment plugin: written with each segment, rebuilt on merges.
//! Indexes created before it have no such file; their facets come from the fast column.
//!
//! File layout (little-endian `u32`s, then bytes):
//! `MAGIC, docs, names, starts[docs + 1], name_ends[names], ids[starts[docs]], name bytes`.

use std::any::Any;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use tantivy::directory::{FileSlice, OwnedBytes, TerminatingWrite};
use tantivy::index::{SegmentComponent, SegmentReader};
use tantivy::indexer::doc_id_mapping::{DocIdMapping, MappingType};
use tantivy::schema::document::ErasedDocument;
use tantivy::schema::{Field, Schema, TantivyDocument, Value};
use tantivy::{
    DocId, PluginMergeContext, PluginWriter, PluginWriterContext, Segment, SegmentPlugin,
};

use super::schema;

/// The file extension of the component.
pub const EXTENSION: &str = "gzactors";
const MAGIC: u32 = 0x677a_6131; // "gza1"

/// The plugin to register on an index: it writes the component and merges it.
pub fn plugin() -> Arc<dyn SegmentPlugin> {
    Arc::new(ActorSetsPlugin)
}

/// Whether `index` was created with the component (its segments all carry it).
pub fn recorded_in(index: &tantivy::Index) -> tantivy::Result<bool> {
    Ok(index
        .load_metas()?
        .persisted_custom_extensions
        .iter()
        .any(|ext| ext == EXTENSION))
}

fn component() -> SegmentComponent {
    SegmentComponent::Custom(EXTENSION.to_string())
}

/// Actor numbers per document, being gathered (writing, merging).
struct Gathered {
    /// Name → number, numbered in order of first appearance.
    numbers: FxHashMap<String, u32>,
    names: Vec<String>,
    starts: Vec<u32>,
    ids: Vec<u32>,
    /// Bytes held by the names (twice each: in `numbers` and in `names`).
    name_bytes: usize,
}

impl Gathered {
    fn new() -> Self {
        Gathered {
            numbers: FxHashMap::default(),
            names: Vec::new(),
            starts: vec![0],
            ids: Vec::new(),
            name_bytes: 0,
        }
    }

    fn add_document<'a>(&mut self, actors: impl IntoIterator<Item = &'a str>) {
        for name in actors {
            let id = match self.numbers.get(name) {
                Some(&id) => id,
                None => {
                    let id = self.names.len() as u32;
                    self.name_bytes += 2 * name.len();
                    self.numbers.insert(name.to_string(), id);
                    self.names.push(name.to_string());
                    id
                }
            };
            self.ids.push(id);
        }
        self.starts.push(self.ids.len() as u32);
    }

    /// The file's bytes, with the names renumbered in name order.
    fn bytes(mut self) -> Vec<u8> {
        let mut by_name: Vec<u32> = (0..self.names.len() as u32).collect();
        by_name.sort_unstable_by(|&a, &b| self.names[a as usize].cmp(&self.names[b as usize]));
        let mut renumber = vec![0u32; self.names.len()];
        for (new, &old) in by_name.iter().enumerate() {
            renumber[old as usize] = new as u32;
        }
        let docs = self.starts.len() - 1;
        let starts = self.starts;
        let ids = self.ids.iter().map(|&id| renumber[id as usize]);
        let mut name_ends = Vec::with_capacity(self.names.len());
        let mut text = Vec::new();
        for &old in &by_name {
            text.extend_from_slice(std::mem::take(&mut self.names[old as usize]).as_bytes());
            name_ends.push(text.len() as u32);
        }
        let mut out = Vec::with_capacity(4 * (3 + starts.len() + name_ends.len() + self.ids.len()));
        for word in [MAGIC, docs as u32, name_ends.len() as u32]
            .into_iter()
            .chain(starts)
            .chain(name_ends)
            .chain(ids)
        {
            out.extend_from_slice(&word.to_le_bytes());
        }
        out.extend_from_slice(&text);
        out
    }
}

fn write_component(segment: &Segment, bytes: &[u8]) -> tantivy::Result<()> {
    use std::io::Write;
    let mut out = segment.open_write(component())?;
    out.write_all(bytes)?;
    out.terminate()?;
    Ok(())
}

struct ActorSetsPlugin;

impl SegmentPlugin for ActorSetsPlugin {
    fn extensions(&self) -> &[&str] {
        &[EXTENSION]
    }

    fn create_writer(&self, ctx: &PluginWriterContext) -> tantivy::Result<Box<dyn PluginWriter>> {
        let field = ctx.segment.schema().get_field(schema::ACTORS)?;
        Ok(Box::new(ActorSetsWriter {
            field,
            gathered: Gathered::new(),
        }))
    }

    fn merge(&self, ctx: PluginMergeContext) -> tantivy::Result<()> {
        if ctx.doc_id_mapping.mapping_type() == MappingType::Shuffled {
            return Err(tantivy::TantivyError::InvalidArgument(
                "actor sets are merged in segment order; the index must not be sorted".into(),
            ));
        }
        // Segments are stacked in order, without their deleted documents. An index records
        // the component at creation, so every segment it merges has one.
        let mut gathered = Gathered::new();
        for reader in ctx.readers {
            let Some(sets) = ActorSets::open(reader)? else {
                return Err(tantivy::TantivyError::InvalidArgument(format!(
                    "segment {} has no `.{EXTENSION}` file",
                    reader.segment_id().uuid_string()
                )));
            };
            for doc in reader.doc_ids_alive() {
                gathered.add_document(sets.names_of(doc));
            }
        }
        write_component(ctx.target_segment, &gathered.bytes())
    }
}

struct ActorSetsWriter {
    field: Field,
    gathered: Gathered,
}

impl PluginWriter for ActorSetsWriter {
    fn add_document(
        &mut self,
        _doc_id: DocId,
        doc: &dyn ErasedDocument,
        _schema: &Schema,
    ) -> tantivy::Result<()> {
        let Some(doc) = doc.as_any().downcast_ref::<TantivyDocument>() else {
            return Err(tantivy::TantivyError::InvalidArgument(
                "actor sets are read from Tantivy documents".into(),
            ));
        };
        let field = self.field;
        self.gathered
            .add_document(doc.get_all(field).filter_map(|v| v.as_str()));
        Ok(())
    }

    fn serialize(
        self: Box<Self>,
        segment: &Segment,
        doc_id_map: Option<&DocIdMapping>,
    ) -> tantivy::Result<()> {
        if doc_id_map.is_some() {
            return Err(tantivy::TantivyError::InvalidArgument(
                "actor sets are written in document order; the index must not be sorted".into(),
            ));
        }
        write_component(segment, &self.gathered.bytes())
    }

    fn mem_usage(&self) -> usize {
        // Asked after every batch of documents: counted as it grows, not summed here.
        let g = &self.gathered;
        4 * (g.starts.capacity() + g.ids.capacity()) + g.name_bytes + 64 * g.names.len()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// One segment's component, read. Reads are checked, not trusted: a damaged file gives
/// wrong counts, never a panic.
pub struct ActorSets {
    bytes: OwnedBytes,
    docs: usize,
    names: usize,
    /// Where the name bytes begin.
    text: usize,
}

impl ActorSets {
    /// The segment's component, or `None` when the segment has none (an index created
    /// before it).
    pub fn open(reader: &SegmentReader) -> tantivy::Result<Option<ActorSets>> {
        let file: FileSlice = match reader.open_read(component()) {
            Ok(file) => file,
            Err(tantivy::directory::error::OpenReadError::FileDoesNotExist(_)) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let bytes = file.read_bytes()?;
        let mut sets = ActorSets {
            bytes,
            docs: 0,
            names: 0,
            text: 0,
        };
        let (magic, docs, names) = (sets.word(0), sets.word(1), sets.word(2));
        sets.docs = docs as usize;
        sets.names = names as usize;
        sets.text = 4 * (3 + sets.docs + 1 + sets.names + sets.start(sets.docs) as usize);
        if magic != MAGIC || docs != reader.max_doc() || sets.text > sets.bytes.len() {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "the `.{EXTENSION}` file of segment {} is damaged",
                reader.segment_id().uuid_string()
            )));
        }
        Ok(Some(sets))
    }

    /// The `i`th word of the file, 0 past its end.
    #[inline]
    fn word(&self, i: usize) -> u32 {
        match self.bytes.as_slice().get(4 * i..4 * i + 4) {
            Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]),
            _ => 0,
        }
    }

    #[inline]
    fn start(&self, doc: usize) -> u32 {
        self.word(3 + doc)
    }

    fn name_end(&self, number: usize) -> usize {
        self.word(3 + self.docs + 1 + number) as usize
    }

    #[inline]
    fn id(&self, value: usize) -> usize {
        self.word(3 + self.docs + 1 + self.names + value) as usize
    }

    /// How many distinct actors the segment names.
    pub fn num_names(&self) -> usize {
        self.names
    }

    /// Adds one to `counts[number]` for each actor `doc` names.
    #[inline]
    pub fn count(&self, doc: DocId, counts: &mut [u64]) {
        let doc = doc as usize;
        for value in self.start(doc) as usize..self.start(doc + 1) as usize {
            if let Some(n) = counts.get_mut(self.id(value)) {
                *n += 1;
            }
        }
    }

    /// The name of actor `number`.
    pub fn name(&self, number: usize) -> &str {
        let begin = match number {
            0 => 0,
            _ => self.name_end(number - 1),
        };
        let end = self.name_end(number);
        let bytes = self
            .bytes
            .as_slice()
            .get(self.text + begin..self.text + end)
            .unwrap_or_default();
        std::str::from_utf8(bytes).unwrap_or_default()
    }

    /// The names `doc` holds.
    pub fn names_of(&self, doc: DocId) -> impl Iterator<Item = &str> + '_ {
        let doc = doc as usize;
        (self.start(doc) as usize..self.start(doc + 1) as usize)
            .map(move |value| self.name(self.id(value)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::facets::FacetCollector;
    use tantivy::indexer::NoMergePolicy;
    use tantivy::query::AllQuery;
    use tantivy::{Index, IndexWriter, Searcher, Term};

    /// The same documents (0 to 6 actors each, some deleted) in an index with the component
    /// or without it, in three segments, then merged into one when `merge` is set.
    fn index(with_sets: bool, merge: bool) -> Searcher {
        let (schema, fields) = schema::Fields::build();
        let mut builder = Index::builder().schema(schema);
        if with_sets {
            builder = builder.register_plugin(plugin());
        }
        let index = builder.create_in_ram().unwrap();
        schema::register_analyzers(&index);
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.set_merge_policy(Box::new(NoMergePolicy));
        for i in 0..900u64 {
            let mut doc = TantivyDocument::default();
            doc.add_text(fields.path, format!("/{i}"));
            for k in 0..(i * 7 % 11).saturating_sub(4) {
                let name = ["Zarif", "al-Kadhimi", "Ḥashd", "Pompeo", "Blinken"][(k % 5) as usize];
                doc.add_text(fields.actors, format!("{name} {}", (i + k * 13) % 40));
            }
            writer.add_document(doc).unwrap();
            if i % 300 == 299 {
                writer.commit().unwrap();
            }
        }
        for i in (0..900).step_by(7) {
            writer.delete_term(Term::from_field_text(fields.path, &format!("/{i}")));
        }
        writer.commit().unwrap();
        if merge {
            let ids = index.searchable_segment_ids().unwrap();
            writer.merge(&ids).wait().unwrap();
        }
        writer.wait_merging_threads().unwrap();
        index.reader().unwrap().searcher()
    }

    fn column_names_of(reader: &SegmentReader, doc: DocId) -> Vec<String> {
        let column = reader.fast_fields().str(schema::ACTORS).unwrap().unwrap();
        column
            .term_ords(doc)
            .map(|ord| {
                let mut name = String::new();
                assert!(column.ord_to_str(ord, &mut name).unwrap());
                name
            })
            .collect()
    }

    #[test]
    fn each_document_holds_the_actors_of_its_column_before_and_after_a_merge() {
        for merge in [false, true] {
            let searcher = index(true, merge);
            assert_eq!(searcher.segment_readers().len(), if merge { 1 } else { 3 });
            for reader in searcher.segment_readers() {
                let sets = ActorSets::open(reader)
                    .unwrap()
                    .expect("every segment has one");
                let mut names = 0;
                for doc in reader.doc_ids_alive() {
                    let mut from_sets: Vec<&str> = sets.names_of(doc).collect();
                    let mut from_column = column_names_of(reader, doc);
                    from_sets.sort_unstable();
                    from_column.sort_unstable();
                    assert_eq!(from_sets, from_column, "merge {merge}, doc {doc}");
                    names += from_sets.len();
                }
                assert!(names > 300, "the documents name actors: {names}");
            }
        }
    }

    #[test]
    fn facets_are_the_same_with_the_component_and_without_it() {
        for merge in [false, true] {
            let with = index(true, merge)
                .search(&AllQuery, &FacetCollector)
                .unwrap();
            let without = index(false, merge)
                .search(&AllQuery, &FacetCollector)
                .unwrap();
            assert!(with.actor.len() > 100);
            assert_eq!(with, without, "merge {merge}");
        }
    }

    #[test]
    fn an_index_without_the_component_has_no_sets() {
        let searcher = index(false, false);
        for reader in searcher.segment_readers() {
            assert!(ActorSets::open(reader).unwrap().is_none());
        }
    }
}
