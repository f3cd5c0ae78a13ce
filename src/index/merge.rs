//! Which segments the writer merges: small ones, into segments of bounded size.
//!
//! Tantivy's default policy merges eight segments of a similar size into one, whatever the
//! size: at 300k articles it merged some 200k documents at once. A merge reads every segment
//! it merges through memory maps, so the process's resident memory grew with the corpus (1.2
//! GB at 300k). Here a merge never yields more than `max_docs` documents, so memory stays
//! bounded however large the corpus grows, and a merge yields at least 1.5 times its largest
//! segment, so a document is merged a logarithmic number of times at most (once, on the
//! benchmark corpus), and merging costs time linear in the documents. The price is more
//! segments on large indexes (up to one per `max_docs / 2` documents), which a search visits
//! one by one.

use tantivy::index::{SegmentId, SegmentMeta};
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
        let max_docs = u64::from(self.max_docs);
        // Segments of half the bound or more are finished: merging two of them would exceed it.
        let mut small: Vec<(u64, SegmentId)> = segments
            .iter()
            .map(|s| (u64::from(s.num_docs()), s.id()))
            .filter(|&(docs, _)| docs < max_docs / 2)
            .collect();
        small.sort_unstable_by_key(|&(docs, _)| docs);
        // Smallest first, each group takes segments until the next would overflow it (then it
        // is full and merged, if it has two segments) or until it is eight wide. A segment more
        // than twice the size of the group so far starts a group of its own, and the smaller
        // one waits: so a merge yields at least 1.5 times its largest segment, and a document
        // is merged a logarithmic number of times at most, however small the commits.
        let mut candidates = Vec::new();
        let mut group = Vec::new();
        let mut group_docs = 0;
        for (docs, id) in small {
            if group_docs + docs > max_docs {
                if group.len() >= 2 {
                    candidates.push(MergeCandidate(std::mem::take(&mut group)));
                }
                group.clear();
                group_docs = 0;
            } else if docs > 2 * group_docs {
                group.clear();
                group_docs = 0;
            }
            group.push(id);
            group_docs += docs;
            if group.len() == MAX_MERGE_WIDTH {
                candidates.push(MergeCandidate(std::mem::take(&mut group)));
                group_docs = 0;
            }
        }
        candidates
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
        for sizes in [
            &[49, 49, 49, 3, 1][..],
            &[10; 40],
            &[33, 34, 35, 20],
            &[1, 2, 4, 9, 17],
        ] {
            for merge in merges(&policy, sizes) {
                let total: u32 = merge.iter().sum();
                let largest = *merge.iter().max().unwrap();
                assert!(merge.len() >= 2, "{sizes:?}: {merge:?}");
                assert!(total <= 100, "{sizes:?}: {merge:?}");
                assert!(
                    2 * total >= 3 * largest,
                    "{sizes:?}: {merge:?} grows too little"
                );
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
    fn small_commits_do_not_drag_a_large_segment_into_merges() {
        let policy = BoundedMerges { max_docs: 100 };
        let mut sizes = vec![1; 7];
        sizes.push(40);
        assert!(merges(&policy, &sizes).is_empty());
        sizes.push(1);
        assert_eq!(merges(&policy, &sizes), vec![vec![1; 8]]);
    }

    #[test]
    fn many_small_segments_merge_eight_at_a_time() {
        let policy = BoundedMerges { max_docs: 1_000 };
        let found = merges(&policy, &[1; 20]);
        assert_eq!(found, vec![vec![1; 8], vec![1; 8]]);
    }
}
