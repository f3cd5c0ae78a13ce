//! Whole-word, many-name search over folded text.
//!
//! Registries hold thousands of names. Folded text is lowercase words separated by single
//! spaces, and so are folded names, so a whole-word match is a run of whole words that is a
//! name: the search walks the words once and, from each word, extends the run word by word
//! while it is still the beginning of some name. A name must match whole words (so
//! `Hezbollah` does not match inside `Hezbollahi`) and, where names overlap, the longest wins
//! (`Kataib Hezbollah` over `Hezbollah`).

use rustc_hash::{FxHashMap, FxHasher};
use std::hash::Hasher;
use std::sync::OnceLock;

use super::fold::Folded;
use super::shipped::NameTable;

/// One name found in folded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameMatch {
    /// Start byte in the folded text.
    pub start: usize,
    /// End byte in the folded text.
    pub end: usize,
    /// The entry the name belongs to.
    pub id: usize,
}

/// Finds known names (already folded) in folded text.
///
/// Names come from two places: pairs given at run time (a user's knowledge files, tests), and
/// a table of the shipped knowledge prepared at build time, whose ids follow the run-time
/// ones. A run-time name wins over the same shipped name. Looking a name up costs a hash
/// and a binary search; the index of name beginnings is built on the first search, so that
/// a command that only looks names up (a query) does not pay for it.
#[derive(Debug, Clone)]
pub struct Matcher {
    own: FxHashMap<String, usize>,
    shipped: NameTable,
    shipped_offset: usize,
    beginnings: OnceLock<Beginnings>,
}

/// Every run of whole words that begins a name, by its hash: whether the run is itself a
/// name (`true`) or only the beginning of longer ones. Two runs with one hash only cost a
/// lookup that finds nothing, since a name is always confirmed by [`Matcher::get`].
type Beginnings = FxHashMap<u64, bool>;

impl Matcher {
    /// Builds a matcher from `(folded name, entry id)` pairs; later duplicates of a key lose.
    pub fn new(names: impl IntoIterator<Item = (String, usize)>) -> Self {
        Self::with_shipped(names, NameTable::EMPTY, 0)
    }

    /// A matcher over `names`, then over the shipped `table`, whose entry `i` gets id
    /// `offset + i`.
    pub(crate) fn with_shipped(
        names: impl IntoIterator<Item = (String, usize)>,
        table: NameTable,
        offset: usize,
    ) -> Self {
        let mut own: FxHashMap<String, usize> = FxHashMap::default();
        for (key, id) in names {
            if !key.is_empty() {
                own.entry(key).or_insert(id);
            }
        }
        Matcher {
            own,
            shipped: table,
            shipped_offset: offset,
            beginnings: OnceLock::new(),
        }
    }

    /// The beginnings of every name, built on first use.
    fn beginnings(&self) -> &Beginnings {
        self.beginnings.get_or_init(|| {
            let mut beginnings = Beginnings::default();
            let own = self.own.keys().map(String::as_str);
            for name in own.chain(self.shipped.iter().map(|(key, _)| key)) {
                for (at, _) in name.match_indices(' ') {
                    beginnings.entry(run_hash(&name[..at])).or_insert(false);
                }
                beginnings.insert(run_hash(name), true);
            }
            beginnings
        })
    }

    /// The entry a whole name (already folded) denotes, if any.
    pub fn get(&self, key: &str) -> Option<usize> {
        self.own
            .get(key)
            .copied()
            .or_else(|| self.shipped.lookup(key).map(|id| self.shipped_offset + id))
    }

    /// All whole-word matches, leftmost-longest, without overlaps, in text order.
    pub fn find(&self, folded: &Folded) -> Vec<NameMatch> {
        let beginnings = self.beginnings();
        let text = folded.text.as_str();
        let mut found = Vec::new();
        // Ends of the runs from `start` that may be names, shortest first.
        let mut candidates: Vec<usize> = Vec::new();
        let mut start = 0;
        while start < text.len() {
            let first_end = word_end(text, start);
            candidates.clear();
            let mut end = first_end;
            while let Some(&is_name) = beginnings.get(&run_hash(&text[start..end])) {
                if is_name {
                    candidates.push(end);
                }
                if end == text.len() {
                    break;
                }
                end = word_end(text, end + 1);
            }
            let longest = candidates.iter().rev().find_map(|&end| {
                self.get(&text[start..end])
                    .map(|id| NameMatch { start, end, id })
            });
            start = match longest {
                Some(m) => {
                    found.push(m);
                    m.end + 1
                }
                None => first_end + 1,
            };
        }
        found
    }
}

/// The end of the word of folded text that begins at `start`.
fn word_end(text: &str, start: usize) -> usize {
    let rest = &text.as_bytes()[start..];
    rest.iter()
        .position(|&b| b == b' ')
        .map_or(text.len(), |i| start + i)
}

fn run_hash(run: &str) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(run.as_bytes());
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::fold::key;

    fn matcher(names: &[(&str, usize)]) -> Matcher {
        Matcher::new(names.iter().map(|(n, id)| (key(n), *id)))
    }

    /// Each match's entry and the words of `text` it covers.
    fn found<'t>(m: &Matcher, text: &'t str) -> Vec<(usize, &'t str)> {
        let folded = Folded::new(text);
        m.find(&folded)
            .iter()
            .map(|x| (x.id, &text[folded.original_range(x.start, x.end)]))
            .collect()
    }

    #[test]
    fn longest_whole_word_match_wins() {
        let m = matcher(&[("Hezbollah", 0), ("Kataib Hezbollah", 1), ("Kata'ib", 2)]);
        let text = "Kata'ib Hezbollah and Hezbollah, not Hezbollahi.";
        let found = found(&m, text);
        assert_eq!(found, vec![(1, "Kata'ib Hezbollah"), (0, "Hezbollah")]);
    }

    #[test]
    fn a_longer_name_that_breaks_off_leaves_the_shorter_one() {
        let m = matcher(&[
            ("Hashd", 0),
            ("Hashd al-Shaabi Commission", 1),
            ("al-Shaabi", 2),
            ("Islamic State", 3),
            ("State Department", 4),
        ]);
        let text = "Hashd al-Shaabi said; the Islamic State Department; Hashd al";
        let found = found(&m, text);
        assert_eq!(
            found,
            vec![
                (0, "Hashd"),
                (2, "al-Shaabi"),
                (3, "Islamic State"),
                (0, "Hashd")
            ],
            "the longest name from each word, leftmost first, none overlapping"
        );
    }

    #[test]
    fn run_time_names_come_first_and_shipped_ids_follow_them() {
        const TABLE: NameTable = NameTable {
            text: "hashd al shaabikataib hezbollah",
            rows: &[(0, 15, 0), (15, 31, 1)],
        };
        let m = Matcher::with_shipped([(key("Kata'ib Hezbollah"), 0)], TABLE, 1);
        assert_eq!(m.get("kataib hezbollah"), Some(0), "the run-time name wins");
        assert_eq!(
            m.get("hashd al shaabi"),
            Some(1),
            "shipped entry 0 after one own"
        );
        assert_eq!(m.get("hashd"), None);
        let folded = Folded::new("Hashd al-Shaabi and Kataib Hezbollah, again Hashd al Shaabi");
        let ids: Vec<usize> = m.find(&folded).iter().map(|x| x.id).collect();
        assert_eq!(ids, vec![1, 0, 1]);
    }

    #[test]
    fn get_looks_up_whole_keys_only() {
        let m = matcher(&[("Popular Mobilization Forces", 7)]);
        assert_eq!(m.get(&key("popular mobilization forces")), Some(7));
        assert_eq!(m.get(&key("popular mobilization")), None);
    }
}
