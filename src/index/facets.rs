//! Facet counts over every matching document: outlet, year, actor.
//!
//! A custom collector reads the fast columns segment by segment and counts term ordinals
//! (cheap integer increments), turning ordinals into strings once per segment at the end.
//! Documents without an outlet or a year count under `unknown`.

use rustc_hash::FxHashMap;

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
        let outlet = fast.str(schema::OUTLET)?;
        let actors = fast.str(schema::ACTORS)?;
        Ok(SegmentFacets {
            outlet_counts: vec![0; outlet.as_ref().map_or(0, |c| c.num_terms())],
            actor_counts: vec![0; actors.as_ref().map_or(0, |c| c.num_terms())],
            outlet,
            actors,
            year: fast.u64(schema::YEAR)?,
            outlet_missing: 0,
            years: FxHashMap::default(),
            year_missing: 0,
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
    outlet: FxHashMap<String, u64>,
    year: FxHashMap<String, u64>,
    actor: FxHashMap<String, u64>,
}

/// Per-segment state of [`FacetCollector`].
pub struct SegmentFacets {
    outlet: Option<StrColumn>,
    actors: Option<StrColumn>,
    year: Column<u64>,
    outlet_counts: Vec<u64>,
    outlet_missing: u64,
    actor_counts: Vec<u64>,
    years: FxHashMap<u64, u64>,
    year_missing: u64,
}

impl SegmentCollector for SegmentFacets {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _: Score) {
        match self.outlet.as_ref().and_then(|c| c.ords().first(doc)) {
            Some(ord) => self.outlet_counts[ord as usize] += 1,
            None => self.outlet_missing += 1,
        }
        if let Some(actors) = &self.actors {
            for ord in actors.term_ords(doc) {
                self.actor_counts[ord as usize] += 1;
            }
        }
        match self.year.first(doc) {
            Some(y) => *self.years.entry(y).or_insert(0) += 1,
            None => self.year_missing += 1,
        }
    }

    fn harvest(self) -> Counts {
        let mut counts = Counts {
            outlet: by_term(self.outlet.as_ref(), &self.outlet_counts),
            actor: by_term(self.actors.as_ref(), &self.actor_counts),
            year: self
                .years
                .into_iter()
                .map(|(y, n)| (y.to_string(), n))
                .collect(),
        };
        if self.outlet_missing > 0 {
            counts.outlet.insert(UNKNOWN.into(), self.outlet_missing);
        }
        if self.year_missing > 0 {
            counts.year.insert(UNKNOWN.into(), self.year_missing);
        }
        counts
    }
}

fn by_term(column: Option<&StrColumn>, counts: &[u64]) -> FxHashMap<String, u64> {
    let mut out = FxHashMap::default();
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
fn sorted(map: FxHashMap<String, u64>) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = map.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}
