//! Facet counts over every matching document: outlet, year, actor.
//!
//! A custom collector reads the fast columns segment by segment and counts term ordinals
//! (cheap integer increments), turning ordinals into strings once per segment at the end.
//! Actors are read from the segment's actor sets (`actor_sets`), or from the fast column
//! in an index created before them. Documents without an outlet or a year count under
//! `unknown`.

use rustc_hash::FxHashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::column_index::{MultiValueIndex, OptionalIndex};
use tantivy::columnar::{Column, ColumnIndex, ColumnValues, StrColumn};
use tantivy::index::SegmentReader;
use tantivy::{DocId, Score};

use super::actor_sets::ActorSets;
use super::schema;

/// The label for documents without a value.
pub const UNKNOWN: &str = "unknown";

/// Counts per value for each facet, most frequent first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    /// Documents per outlet.
    pub outlet: Vec<(String, u64)>,
    /// Documents per year.
    pub year: Vec<(String, u64)>,
    /// Documents per actor (a document counts once for each actor it names).
    pub actor: Vec<(String, u64)>,
}

/// Collects [`Facets`] for a query.
pub struct FacetCollector;

impl Collector for FacetCollector {
    type Fruit = Facets;
    type Child = SegmentFacets;

    fn for_segment(&self, _: u32, reader: &SegmentReader) -> tantivy::Result<SegmentFacets> {
        let fast = reader.fast_fields();
        let outlet = fast.str(schema::OUTLET)?;
        let year = fast.u64(schema::YEAR)?;
        let actors = match ActorSets::open(reader)? {
            Some(sets) => Actors::Sets(sets),
            None => match fast.str(schema::ACTORS)? {
                Some(column) => Actors::Column(column),
                None => Actors::None,
            },
        };
        let actor_count = match &actors {
            Actors::Sets(sets) => sets.num_names(),
            Actors::Column(column) => column.num_terms(),
            Actors::None => 0,
        };
        Ok(SegmentFacets {
            outlet_counts: vec![0; outlet.as_ref().map_or(0, |c| c.num_terms())],
            actor_counts: vec![0; actor_count],
            outlet,
            actors,
            years: YearCounts::new(year.min_value(), year.max_value()),
            year,
            outlet_missing: 0,
            year_missing: 0,
            pending: Vec::with_capacity(BLOCK),
            block: Block::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, parts: Vec<Counts>) -> tantivy::Result<Facets> {
        let mut total = Counts::default();
        for part in parts {
            total.outlet = merged(std::mem::take(&mut total.outlet), part.outlet);
            total.year = merged(std::mem::take(&mut total.year), part.year);
            total.actor = merged(std::mem::take(&mut total.actor), part.actor);
        }
        Ok(Facets {
            outlet: sorted(total.outlet),
            year: sorted(total.year),
            actor: sorted(total.actor),
        })
    }
}

/// Counts per value, in value order, each value once.
type Tally = Vec<(String, u64)>;

/// Raw counts from one or more segments.
#[derive(Debug, Default)]
pub struct Counts {
    outlet: Tally,
    year: Tally,
    actor: Tally,
}

/// The counts of two tallies together, in value order: one pass over both, as a segment's
/// dictionary gives its values in order.
fn merged(a: Tally, b: Tally) -> Tally {
    use std::cmp::Ordering;
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    let mut a = a.into_iter().peekable();
    let mut b = b.into_iter().peekable();
    loop {
        let order = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => x.0.cmp(&y.0),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => break,
        };
        let next = match order {
            Ordering::Less => a.next(),
            Ordering::Greater => b.next(),
            Ordering::Equal => a.next().zip(b.next()).map(|(x, y)| (x.0, x.1 + y.1)),
        };
        out.extend(next);
    }
    out
}

/// Per-segment state of [`FacetCollector`].
///
/// Matching documents are buffered and their columns read a block at a time: one batch call
/// per column and block, rather than a chain of calls per document and column.
pub struct SegmentFacets {
    outlet: Option<StrColumn>,
    actors: Actors,
    year: Column<u64>,
    outlet_counts: Vec<u64>,
    outlet_missing: u64,
    actor_counts: Vec<u64>,
    years: YearCounts,
    year_missing: u64,
    /// Documents not yet counted, in order.
    pending: Vec<DocId>,
    block: Block,
}

/// Where a segment's actors are read from.
enum Actors {
    /// gz-search's own component (see [`ActorSets`]).
    Sets(ActorSets),
    /// The fast column (an index created before the component).
    Column(StrColumn),
    None,
}

/// Documents buffered before their columns are read.
const BLOCK: usize = 64;

impl SegmentFacets {
    /// Counts the buffered documents.
    fn flush(&mut self) {
        let docs = &self.pending;
        let n = docs.len() as u64;
        let block = &mut self.block;
        match &self.outlet {
            Some(outlet) => {
                self.outlet_missing += n - block.read(outlet.ords(), docs);
                for &ord in block.values() {
                    self.outlet_counts[ord as usize] += 1;
                }
            }
            None => self.outlet_missing += n,
        }
        if let Actors::Column(actors) = &self.actors {
            block.read(actors.ords(), docs);
            for &ord in block.values() {
                self.actor_counts[ord as usize] += 1;
            }
        }
        self.year_missing += n - block.read(&self.year, docs);
        for &year in block.values() {
            self.years.add(year);
        }
        self.pending.clear();
    }
}

/// One block's values of one column, and the space to find them in.
#[derive(Default)]
struct Block {
    /// For each value, its document; for a multi-valued column, each document with values.
    docs: Vec<DocId>,
    /// For each value, its row in the column.
    rows: Vec<u32>,
    /// The values read, in `values[..read]`; the space beyond is kept, not cleared.
    values: Vec<u64>,
    read: usize,
    /// Multi-valued columns: for each document with values, its rank among them, the next
    /// rank, and where its values begin and end.
    ranks: Vec<u32>,
    next: Vec<u32>,
    starts: Vec<u32>,
    ends: Vec<u32>,
}

/// The first `n` items of `buf`, grown (never shrunk or cleared) to hold them.
fn sized<T: Copy + Default>(buf: &mut Vec<T>, n: usize) -> &mut [T] {
    if buf.len() < n {
        buf.resize(n, T::default());
    }
    &mut buf[..n]
}

impl Block {
    /// The values read by the last [`Block::read`].
    fn values(&self) -> &[u64] {
        &self.values[..self.read]
    }

    /// Reads every value `column` holds for `docs` (ascending) into [`Block::values`]; returns
    /// how many of the documents have at least one.
    fn read(&mut self, column: &Column<u64>, docs: &[DocId]) -> u64 {
        self.docs.clear();
        self.rows.clear();
        let with = match &column.index {
            ColumnIndex::Multivalued(MultiValueIndex::MultiValueIndexV2(index)) => {
                self.ranges(&index.optional_index, &*index.start_index_column, docs)
            }
            _ => {
                column.row_ids_for_docs(docs, &mut self.docs, &mut self.rows);
                // The value's documents come in order, repeated when a document has several.
                let starts = self.docs.windows(2).filter(|w| w[0] != w[1]).count();
                (starts + usize::from(!self.docs.is_empty())) as u64
            }
        };
        self.read = self.rows.len();
        column
            .values
            .get_vals(&self.rows, sized(&mut self.values, self.read));
        with
    }

    /// The rows of a multi-valued column's values for `docs`, found a block at a time where
    /// Tantivy's `row_ids_for_docs` looks up each document's range on its own: the
    /// documents' ranks among those with values (`with_values`), then where each rank's
    /// values begin and end (`starts`). Returns how many of the documents have a value.
    fn ranges(
        &mut self,
        with_values: &OptionalIndex,
        starts: &dyn ColumnValues<u32>,
        docs: &[DocId],
    ) -> u64 {
        self.ranks.clear();
        with_values.rank_if_exists_batch(docs, &mut self.docs, &mut self.ranks);
        self.next.clear();
        self.next.extend(self.ranks.iter().map(|&rank| rank + 1));
        for (out, ranks) in [
            (&mut self.starts, &self.ranks),
            (&mut self.ends, &self.next),
        ] {
            starts.get_vals(ranks, sized(out, ranks.len()));
        }
        let mut with = 0;
        let found = self.ranks.len();
        for (&start, &end) in self.starts[..found].iter().zip(&self.ends[..found]) {
            with += u64::from(end > start);
            self.rows.extend(start..end);
        }
        with
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Actors::Sets(sets) = &self.actors {
            sets.count(doc, &mut self.actor_counts);
        }
        self.pending.push(doc);
        if self.pending.len() == BLOCK {
            self.flush();
        }
    }

    fn harvest(mut self) -> Counts {
        self.flush();
        let mut year: Tally = self
            .years
            .counts()
            .map(|(y, n)| (y.to_string(), n))
            .collect();
        year.sort_unstable();
        let unknown = |n: u64| (n > 0).then(|| vec![(UNKNOWN.to_string(), n)]);
        let mut counts = Counts {
            outlet: by_term(self.outlet.as_ref(), &self.outlet_counts),
            actor: match &self.actors {
                Actors::Sets(sets) => (0..self.actor_counts.len())
                    .filter(|&number| self.actor_counts[number] > 0)
                    .map(|number| (sets.name(number).to_string(), self.actor_counts[number]))
                    .collect(),
                Actors::Column(column) => by_term(Some(column), &self.actor_counts),
                Actors::None => Tally::new(),
            },
            year,
        };
        if let Some(missing) = unknown(self.outlet_missing) {
            counts.outlet = merged(counts.outlet, missing);
        }
        if let Some(missing) = unknown(self.year_missing) {
            counts.year = merged(counts.year, missing);
        }
        counts
    }
}

/// Documents per year: a counter per year between the column's least and greatest value
/// when that span is short (every real corpus), and a map for any other year.
struct YearCounts {
    first: u64,
    span: Vec<u64>,
    /// Years outside the span: all of them when the span is too long, else none (the column's
    /// bounds hold its values; a damaged column's stray value is still counted).
    others: FxHashMap<u64, u64>,
}

/// Longest span of years counted in a vector.
const YEAR_SPAN: u64 = 4096;

impl YearCounts {
    /// Counters for years from `first` to `last`.
    fn new(first: u64, last: u64) -> Self {
        let span = match last.checked_sub(first) {
            Some(span) if span < YEAR_SPAN => vec![0; span as usize + 1],
            _ => Vec::new(),
        };
        YearCounts {
            first,
            span,
            others: FxHashMap::default(),
        }
    }

    fn add(&mut self, year: u64) {
        let slot = year
            .checked_sub(self.first)
            .and_then(|i| self.span.get_mut(usize::try_from(i).ok()?));
        match slot {
            Some(n) => *n += 1,
            None => *self.others.entry(year).or_insert(0) += 1,
        }
    }

    /// `(year, documents)` for every year counted at least once.
    fn counts(self) -> impl Iterator<Item = (u64, u64)> {
        let first = self.first;
        let spanned = self.span.into_iter().enumerate();
        spanned
            .filter(|&(_, n)| n > 0)
            .map(move |(i, n)| (first + i as u64, n))
            .chain(self.others)
    }
}

/// The counted values of a segment's string column, in value order.
fn by_term(column: Option<&StrColumn>, counts: &[u64]) -> Tally {
    let mut out = Tally::new();
    let Some(column) = column else {
        return out;
    };
    // One pass over the dictionary in ordinal order: looking each ordinal up on its own
    // would decompress its dictionary block again for every term.
    let ords: Vec<u64> = (0..counts.len() as u64)
        .filter(|&ord| counts[ord as usize] > 0)
        .collect();
    out.reserve(ords.len());
    let mut next = ords.iter();
    // A dictionary block that cannot be read leaves its terms uncounted, as before.
    let _ = column.dictionary().sorted_ords_to_term_cb(&ords, |term| {
        if let (Some(&ord), Ok(term)) = (next.next(), std::str::from_utf8(term)) {
            out.push((term.to_string(), counts[ord as usize]));
        }
    });
    out
}

/// Most frequent first; ties in name order, so output is stable.
fn sorted(mut tally: Tally) -> Vec<(String, u64)> {
    // The tally is in name order, so a stable sort by count keeps ties in it.
    tally.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    tally
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::TantivyDocument;
    use tantivy::{Index, IndexWriter};

    /// A segment whose documents have 0 to 6 actors, some deleted.
    fn actors_segment() -> tantivy::Searcher {
        let (schema, fields) = schema::Fields::build();
        let index = Index::create_in_ram(schema);
        schema::register_analyzers(&index);
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for i in 0..700u64 {
            let mut doc = TantivyDocument::default();
            doc.add_text(fields.path, format!("/{i}"));
            for k in 0..(i * 7 % 11).saturating_sub(4) {
                doc.add_text(fields.actors, format!("Actor {}", (i + k * 13) % 40));
            }
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        for i in (0..700).step_by(9) {
            writer.delete_term(tantivy::Term::from_field_text(
                fields.path,
                &format!("/{i}"),
            ));
        }
        writer.commit().unwrap();
        index.reader().unwrap().searcher()
    }

    #[test]
    fn a_block_reads_what_each_document_holds() {
        let searcher = actors_segment();
        assert_eq!(searcher.segment_readers().len(), 1);
        let reader = &searcher.segment_readers()[0];
        let actors = reader.fast_fields().str(schema::ACTORS).unwrap().unwrap();
        let column = actors.ords();
        assert!(matches!(column.index, ColumnIndex::Multivalued(_)));
        let mut block = Block::default();
        // Blocks of different densities and lengths, each one read into the same space.
        for (step, len) in [(1, 64), (3, 64), (7, 20), (2, 1), (13, 64), (1, 5)] {
            for start in (0..reader.max_doc()).step_by(97) {
                let docs: Vec<DocId> = (start..reader.max_doc()).step_by(step).take(len).collect();
                let with = block.read(column, &docs);
                let expected: Vec<u64> = docs
                    .iter()
                    .flat_map(|&d| column.values_for_doc(d))
                    .collect();
                let expected_with = docs
                    .iter()
                    .filter(|&&d| column.values_for_doc(d).next().is_some())
                    .count() as u64;
                assert_eq!(block.values(), expected, "docs {docs:?}");
                assert_eq!(with, expected_with, "docs {docs:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn merged_tallies_sum_each_value_once_in_order(
            parts in proptest::collection::vec(
                proptest::collection::btree_map("[a-d]{0,3}", 1u64..50, 0..12),
                0..5,
            )
        ) {
            let mut expected = std::collections::BTreeMap::new();
            let mut total = Tally::new();
            for part in parts {
                for (k, v) in &part {
                    *expected.entry(k.clone()).or_insert(0) += v;
                }
                total = merged(total, part.into_iter().collect());
            }
            proptest::prop_assert_eq!(total, expected.into_iter().collect::<Tally>());
        }
    }

    #[test]
    fn facets_are_most_frequent_first_then_in_name_order() {
        let tally: Tally = [("Ali", 2), ("Bakr", 5), ("Cyrus", 2), ("Dara", 7)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        let names: Vec<_> = sorted(tally).into_iter().map(|(k, _)| k).collect();
        assert_eq!(names, ["Dara", "Bakr", "Ali", "Cyrus"]);
    }

    fn counted(years: YearCounts) -> Vec<(u64, u64)> {
        let mut v: Vec<_> = years.counts().collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn years_are_counted_inside_and_outside_the_span() {
        let mut years = YearCounts::new(2020, 2022);
        for y in [2020, 2022, 2022, 2031, 1999] {
            years.add(y);
        }
        assert_eq!(counted(years), [(1999, 1), (2020, 1), (2022, 2), (2031, 1)]);

        // Too long a span for counters: every year goes to the map.
        let mut years = YearCounts::new(0, u64::MAX);
        for y in [7, u64::MAX, 7] {
            years.add(y);
        }
        assert!(years.span.is_empty());
        assert_eq!(counted(years), [(7, 2), (u64::MAX, 1)]);
    }
}
