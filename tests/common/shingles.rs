//! Body extraction scored as the public article-extraction benchmark scores it: lowercase
//! words split at every non-alphanumeric character, compared as multisets of 4-word
//! shingles.

use std::collections::HashMap;

/// Words as the benchmark tokenises them.
pub fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The multiset of consecutive 4-word shingles (one shingle of all words when fewer).
pub fn shingles(text: &str) -> HashMap<String, usize> {
    let words = words(text);
    let mut out = HashMap::new();
    if !words.is_empty() {
        for window in words.windows(4.min(words.len())) {
            *out.entry(window.join(" ")).or_insert(0) += 1;
        }
    }
    out
}

/// Precision, recall and F1 of `got` against `want`.
pub fn score(got: &str, want: &str) -> (f64, f64, f64) {
    let got = shingles(got);
    let want = shingles(want);
    let got_n: usize = got.values().sum();
    let want_n: usize = want.values().sum();
    if got_n == 0 && want_n == 0 {
        return (1.0, 1.0, 1.0);
    }
    let common: usize = got
        .iter()
        .map(|(s, &n)| n.min(want.get(s).copied().unwrap_or(0)))
        .sum();
    if common == 0 {
        return (0.0, 0.0, 0.0);
    }
    let precision = common as f64 / got_n as f64;
    let recall = common as f64 / want_n as f64;
    (
        precision,
        recall,
        2.0 * precision * recall / (precision + recall),
    )
}
