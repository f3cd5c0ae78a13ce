//! Facet counts over every matching document: outlet, year, actor.
//!
//! A custom collector reads the fast columns segment by segment and counts term ordinals
//! (cheap integer increments), turning ordinals into strings once per segment at the end.
//! Documents without an outlet or a year count under `unknown`.

use rustc_hash::FxHashMap as HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentReader;
use tantivy::{DocId, Score};

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
        Ok(SegmentFacets {
            outlet: fast.str(schema::OUTLET)?,
            actors: fast.str(schema::ACTORS)?,
            year: fast.u64(schema::YEAR)?,
            docs: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, parts: Vec<Counts>) -> tantivy::Result<Facets> {
        let mut total = Counts::default();
        for part in parts {
            for (map, from) in [
                (&mut total.outlet, part.outlet),
                (&mut total.year, part.year),
                (&mut total.actor, part.actor),
            ] {
                for (k, v) in from {
                    *map.entry(k).or_insert(0) += v;
                }
            }
        }
        Ok(Facets {
            outlet: sorted(total.outlet),
            year: sorted(total.year),
            actor: sorted(total.actor),
        })
    }
}

/// Raw counts from one or more segments.
#[derive(Debug, Default)]
pub struct Counts {
    outlet: HashMap<String, u64>,
    year: HashMap<String, u64>,
    actor: HashMap<String, u64>,
}

/// Per-segment state of [`FacetCollector`]: the matching documents, whose columns are read
/// in batches at the end (a batch read of an optional column finds the rows of many documents
/// in one pass, where one document at a time searches the column's index each time).
pub struct SegmentFacets {
    outlet: Option<StrColumn>,
    actors: Option<StrColumn>,
    year: Column<u64>,
    docs: Vec<DocId>,
}

impl SegmentCollector for SegmentFacets {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.docs.push(doc);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.docs.extend_from_slice(docs);
    }

    fn harvest(self) -> Counts {
        let docs = &self.docs;
        let total = docs.len() as u64;
        let mut outlet_counts = vec![0; self.outlet.as_ref().map_or(0, |c| c.num_terms())];
        let with_outlet = self.outlet.as_ref().map_or(0, |c| {
            for_values(c.ords(), docs, Values::First, |ord| {
                outlet_counts[ord as usize] += 1;
            })
        });
        let mut actor_counts = vec![0; self.actors.as_ref().map_or(0, |c| c.num_terms())];
        if let Some(actors) = &self.actors {
            for_values(actors.ords(), docs, Values::All, |ord| {
                actor_counts[ord as usize] += 1;
            });
        }
        let mut years: HashMap<u64, u64> = HashMap::default();
        let with_year = for_values(&self.year, docs, Values::First, |y| {
            *years.entry(y).or_insert(0) += 1;
        });

        let mut counts = Counts {
            outlet: by_term(self.outlet.as_ref(), &outlet_counts),
            actor: by_term(self.actors.as_ref(), &actor_counts),
            year: years.into_iter().map(|(y, n)| (y.to_string(), n)).collect(),
        };
        if total > with_outlet {
            counts.outlet.insert(UNKNOWN.into(), total - with_outlet);
        }
        if total > with_year {
            counts.year.insert(UNKNOWN.into(), total - with_year);
        }
        counts
    }
}

/// Which values of a document [`for_values`] visits.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Values {
    First,
    All,
}

/// Documents read from a column per batch.
const BATCH: usize = 1024;

/// Calls `each` with the first or every value of each document of `docs` (ascending) in
/// `column`; returns how many of the documents have a value.
fn for_values(
    column: &Column<u64>,
    docs: &[DocId],
    which: Values,
    mut each: impl FnMut(u64),
) -> u64 {
    let (mut row_docs, mut rows, mut values) = (Vec::new(), Vec::new(), Vec::new());
    let mut with_value = 0;
    for batch in docs.chunks(BATCH) {
        row_docs.clear();
        rows.clear();
        column
            .index
            .docids_to_rowids(batch, &mut row_docs, &mut rows);
        values.resize(rows.len(), 0);
        column.values.get_vals(&rows, &mut values);
        let mut previous = None;
        for (&doc, &value) in row_docs.iter().zip(&values) {
            let first = previous != Some(doc);
            if first {
                with_value += 1;
                previous = Some(doc);
            }
            if first || which == Values::All {
                each(value);
            }
        }
    }
    with_value
}

fn by_term(column: Option<&StrColumn>, counts: &[u64]) -> HashMap<String, u64> {
    let mut out = HashMap::default();
    let Some(column) = column else {
        return out;
    };
    // One pass over the dictionary in ordinal order: looking each ordinal up on its own
    // would decompress its dictionary block again for every term.
    let ords: Vec<u64> = (0..counts.len() as u64)
        .filter(|&ord| counts[ord as usize] > 0)
        .collect();
    let mut next = ords.iter();
    // A dictionary block that cannot be read leaves its terms uncounted, as before.
    let _ = column.dictionary().sorted_ords_to_term_cb(&ords, |term| {
        if let (Some(&ord), Ok(term)) = (next.next(), std::str::from_utf8(term)) {
            out.insert(term.to_string(), counts[ord as usize]);
        }
    });
    out
}

/// Most frequent first; ties in name order, so output is stable.
fn sorted(map: HashMap<String, u64>) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = map.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}
