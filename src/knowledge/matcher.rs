//! Whole-word, many-name search over folded text.
//!
//! Registries hold thousands of names; an Aho-Corasick automaton finds all of them in one pass
//! over an article. Matches must start and end on word boundaries (so `Hezbollah` does not match
//! inside `Hezbollahi`) and, where names overlap, the longest wins (`Kataib Hezbollah` over
//! `Hezbollah`).

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use rustc_hash::FxHashMap;
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
/// and a binary search; the automaton is built on the first search, so that a command that
/// only looks names up (a query) does not pay for it.
#[derive(Debug, Clone)]
pub struct Matcher {
    own: FxHashMap<String, usize>,
    shipped: NameTable,
    shipped_offset: usize,
    automaton: OnceLock<(AhoCorasick, Vec<usize>)>,
}

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
            automaton: OnceLock::new(),
        }
    }

    /// The automaton over every name, and the entry id of each of its patterns.
    fn automaton(&self) -> &(AhoCorasick, Vec<usize>) {
        self.automaton.get_or_init(|| {
            let shipped = self
                .shipped
                .iter()
                .filter(|(key, _)| !self.own.contains_key(*key))
                .map(|(key, id)| (key, self.shipped_offset + id));
            // Keys are unique and every match is sorted afterwards, so pattern order is free.
            let (keys, ids): (Vec<&str>, Vec<usize>) = self
                .own
                .iter()
                .map(|(key, id)| (key.as_str(), *id))
                .chain(shipped)
                .unzip();
            // A DFA: several times faster to search than the default NFA on article-length
            // texts, for a one-off build of some milliseconds and a few MB per registry.
            let automaton = AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .build(keys)
                .expect("folded names are short plain strings, well within automaton limits");
            (automaton, ids)
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
        let (automaton, ids) = self.automaton();
        let mut found: Vec<NameMatch> = automaton
            .find_overlapping_iter(&folded.text)
            .filter(|m| folded.is_whole_words(m.start(), m.end()))
            .map(|m| NameMatch {
                start: m.start(),
                end: m.end(),
                id: ids[m.pattern().as_usize()],
            })
            .collect();
        found.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        let mut kept: Vec<NameMatch> = Vec::with_capacity(found.len());
        for m in found {
            if kept.last().is_none_or(|last| m.start >= last.end) {
                kept.push(m);
            }
        }
        kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::fold::key;

    fn matcher(names: &[(&str, usize)]) -> Matcher {
        Matcher::new(names.iter().map(|(n, id)| (key(n), *id)))
    }

    #[test]
    fn longest_whole_word_match_wins() {
        let m = matcher(&[("Hezbollah", 0), ("Kataib Hezbollah", 1), ("Kata'ib", 2)]);
        let text = "Kata'ib Hezbollah and Hezbollah, not Hezbollahi.";
        let folded = Folded::new(text);
        let found: Vec<(usize, &str)> = m
            .find(&folded)
            .iter()
            .map(|x| (x.id, &text[folded.original_range(x.start, x.end)]))
            .collect();
        assert_eq!(found, vec![(1, "Kata'ib Hezbollah"), (0, "Hezbollah")]);
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
