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
/// The automaton is built on the first search, so that a command that only looks names up
/// (a query resolving `--outlet`) does not pay for it.
#[derive(Debug, Clone)]
pub struct Matcher {
    automaton: OnceLock<AhoCorasick>,
    keys: Vec<String>,
    ids: Vec<usize>,
    by_key: FxHashMap<String, usize>,
}

impl Matcher {
    /// Builds a matcher from `(folded name, entry id)` pairs; later duplicates of a key lose.
    pub fn new(names: impl IntoIterator<Item = (String, usize)>) -> Self {
        let mut by_key: FxHashMap<String, usize> = FxHashMap::default();
        let mut keys = Vec::new();
        let mut ids = Vec::new();
        for (key, id) in names {
            if key.is_empty() || by_key.contains_key(&key) {
                continue;
            }
            by_key.insert(key.clone(), id);
            keys.push(key);
            ids.push(id);
        }
        Matcher {
            automaton: OnceLock::new(),
            keys,
            ids,
            by_key,
        }
    }

    fn automaton(&self) -> &AhoCorasick {
        self.automaton.get_or_init(|| {
            // A DFA: several times faster to search than the default NFA on article-length
            // texts, for a one-off build of some milliseconds and a few MB per registry.
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&self.keys)
                .expect("folded names are short plain strings, well within automaton limits")
        })
    }

    /// The entry a whole name (already folded) denotes, if any.
    pub fn get(&self, key: &str) -> Option<usize> {
        self.by_key.get(key).copied()
    }

    /// All whole-word matches, leftmost-longest, without overlaps, in text order.
    pub fn find(&self, folded: &Folded) -> Vec<NameMatch> {
        let mut found: Vec<NameMatch> = self
            .automaton()
            .find_overlapping_iter(&folded.text)
            .filter(|m| folded.is_whole_words(m.start(), m.end()))
            .map(|m| NameMatch {
                start: m.start(),
                end: m.end(),
                id: self.ids[m.pattern().as_usize()],
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
    fn get_looks_up_whole_keys_only() {
        let m = matcher(&[("Popular Mobilization Forces", 7)]);
        assert_eq!(m.get(&key("popular mobilization forces")), Some(7));
        assert_eq!(m.get(&key("popular mobilization")), None);
    }
}
