//! Which segments the writer merges: small ones, into segments of bounded size.
//!
//! Tantivy's default policy merges eight segments of a similar size into one, whatever the
//! size: at 300k articles it merged some 200k documents at once. A merge reads every segment
//! it merges through memory maps, so the process's resident memory grew with the corpus (1.2
//! GB at 300k). Here a merge never yields more than `max_docs` documents, so memory stays
//! bounded however large the corpus grows, and every document is merged a bounded number of
//! times, so indexing time stays linear. The price is more segments on large indexes (one per
//! `max_docs / 2` documents at most), which a search visits one by one.

use tantivy::index::SegmentMeta;
use tantivy::merge_policy::{MergeCandidate, MergePolicy};

/// Most segments merged at once.
const MAX_MERGE_WIDTH: usize = 8;

/// Merges small segments until a merge would exceed `max_docs` documents.
#[derive(Debug, Clone)]
pub struct BoundedMerges {
    /// Most documents a merged segment may hold.
    pub max_docs: u32,
}

impl MergePolicy for BoundedMerges {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        // Segments of half the bound or more are finished: merging two of them would exceed it.
        let mut small: Vec<&SegmentMeta> = segments
            .iter()
            .filter(|s| s.num_docs() < self.max_docs / 2)
            .collect();
        small.sort_by_key(|s| s.num_docs());
        // Smallest first: each group takes segments until the next would overflow it (then
        // it is full and merged, if it has two segments) or until it is eight wide. A group
        // that is neither waits for more segments.
        let mut candidates = Vec::new();
        let mut group = Vec::new();
        let mut docs = 0u32;
        for segment in small {
            if docs + segment.num_docs() > self.max_docs {
                if group.len() >= 2 {
                    candidates.push(MergeCandidate(std::mem::take(&mut group)));
                }
                group.clear();
                docs = 0;
            }
            group.push(segment.id());
            docs += segment.num_docs();
            if group.len() == MAX_MERGE_WIDTH {
                candidates.push(MergeCandidate(std::mem::take(&mut group)));
                docs = 0;
            }
        }
        candidates
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::index::SegmentId;
    use tantivy::schema::{Schema, STORED, TEXT};
    use tantivy::Index;

    fn segments(sizes: &[u32]) -> Vec<SegmentMeta> {
        let mut schema = Schema::builder();
        schema.add_text_field("body", TEXT | STORED);
        let index = Index::create_in_ram(schema.build());
        sizes
            .iter()
            .map(|&n| index.new_segment_meta(SegmentId::generate_random(), n))
            .collect()
    }

    /// The sizes of the segments each candidate merges.
    fn merges(policy: &BoundedMerges, sizes: &[u32]) -> Vec<Vec<u32>> {
        let metas = segments(sizes);
        let size_of = |id| metas.iter().find(|m| m.id() == id).unwrap().num_docs();
        policy
            .compute_merge_candidates(&metas)
            .into_iter()
            .map(|c| c.0.into_iter().map(size_of).collect())
            .collect()
    }

    #[test]
    fn merges_never_exceed_the_bound() {
        let policy = BoundedMerges { max_docs: 100 };
        assert_eq!(merges(&policy, &[25, 25, 25, 25, 25]), vec![vec![25; 4]]);
        assert_eq!(merges(&policy, &[30, 30, 30, 30]), vec![vec![30; 3]]);
        assert_eq!(merges(&policy, &[45, 40, 30]), vec![vec![30, 40]]);
        for sizes in [&[49, 49, 49, 3, 1][..], &[10; 40], &[33, 34, 35, 20]] {
            for merge in merges(&policy, sizes) {
                assert!(merge.len() >= 2, "{sizes:?}: {merge:?}");
                assert!(merge.iter().sum::<u32>() <= 100, "{sizes:?}: {merge:?}");
            }
        }
    }

    #[test]
    fn finished_and_lone_segments_wait() {
        let policy = BoundedMerges { max_docs: 100 };
        assert!(merges(&policy, &[50, 60, 99]).is_empty());
        assert!(merges(&policy, &[50, 10]).is_empty());
        assert!(merges(&policy, &[20, 20, 20]).is_empty(), "not yet full");
    }

    #[test]
    fn many_small_segments_merge_eight_at_a_time() {
        let policy = BoundedMerges { max_docs: 1_000 };
        let found = merges(&policy, &[1; 20]);
        assert_eq!(found, vec![vec![1; 8], vec![1; 8]]);
    }
}
