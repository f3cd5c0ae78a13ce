//! The part of a text a snippet shows: the same choice as Tantivy's snippet generator makes,
//! found with a fraction of the work.
//!
//! Tantivy's generator runs the whole analyzer over the text, then lowercases every token
//! once more to look it up among the query's terms. Most words of a news article cannot be
//! one of those terms, and only where the words are matters for them. So here words are
//! found from the text's bytes, as the analyzer's tokenizer finds them (runs of alphanumeric
//! characters), and a word goes through the analyzer only when it could index as a term: an
//! ASCII word must begin, in any case, with a term's stable beginning (see `stem`), which
//! every word that indexes as the term does; a word with other letters always goes through,
//! since folding may change its beginning.
//!
//! Fragments are then built and chosen as Tantivy builds and chooses them: a fragment starts
//! at a word and takes the following words while it stays within `max_chars` bytes; it scores
//! the weight of each term it holds, once per occurrence; the best fragment scores highest,
//! the earliest among equals. Words of 40 bytes or more are not words to the analyzer, so
//! they are passed over here too.

use std::collections::BTreeMap;
use std::ops::Range;

use tantivy::tokenizer::TextAnalyzer;

use super::schema;
use super::stem::stable_beginning;

/// Longest word the analyzer keeps, in bytes, plus one (`RemoveLongFilter::limit(40)`).
const LONG_WORD: usize = 40;

/// Finds the best fragment of a text for some weighted terms.
#[derive(Clone)]
pub struct Fragments {
    /// Analyzed term → weight.
    weights: BTreeMap<String, f32>,
    /// Stable beginnings of the terms: an ASCII word that begins with none of them (in any
    /// case) is none of the terms.
    beginnings: Vec<String>,
    analyzer: TextAnalyzer,
    max_chars: usize,
}

/// A fragment and the words to highlight in it, as byte ranges of the whole text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment {
    /// Where the fragment lies in the text.
    pub range: Range<usize>,
    /// The matching words, in order.
    pub highlighted: Vec<Range<usize>>,
}

/// A fragment being built.
struct Candidate {
    start: usize,
    stop: usize,
    score: f32,
    highlighted: Vec<Range<usize>>,
}

impl Candidate {
    fn at(start: usize) -> Self {
        Candidate {
            start,
            stop: start,
            score: 0.0,
            highlighted: Vec::new(),
        }
    }
}

impl Fragments {
    /// A finder of fragments at most `max_chars` bytes long, scored by `weights` (analyzed
    /// term → weight).
    pub fn new(weights: BTreeMap<String, f32>, max_chars: usize) -> Self {
        let beginnings = weights
            .keys()
            .map(|t| stable_beginning(t).to_string())
            .collect();
        let analyzer = schema::text_analyzer_toward(weights.keys().map(String::as_str));
        Fragments {
            weights,
            beginnings,
            analyzer,
            max_chars,
        }
    }

    /// The best fragment of `text`, or `None` when no term occurs in it. As Tantivy's
    /// generator does with a document's text, whitespace around the text is left out (the
    /// first fragment begins after it); ranges are in `text` as given.
    pub fn best(&mut self, text: &str) -> Option<Fragment> {
        if self.weights.is_empty() {
            return None;
        }
        let lead = text.len() - text.trim_start().len();
        let text = text.trim();
        let mut best: Option<Candidate> = None;
        let mut current = Candidate::at(0);
        let mut keep = |done: Candidate| {
            // The earliest of equal scores stays.
            if done.score > 0.0 && best.as_ref().is_none_or(|b| done.score > b.score) {
                best = Some(done);
            }
        };
        for word in words(text) {
            if word.len() >= LONG_WORD {
                continue;
            }
            if word.end - current.start > self.max_chars {
                keep(std::mem::replace(&mut current, Candidate::at(word.start)));
            }
            current.stop = word.end;
            if let Some(weight) = self.weight(&text[word.clone()]) {
                current.score += weight;
                current.highlighted.push(word);
            }
        }
        keep(current);
        best.map(|b| Fragment {
            range: b.start + lead..b.stop + lead,
            highlighted: b
                .highlighted
                .into_iter()
                .map(|r| r.start + lead..r.end + lead)
                .collect(),
        })
    }

    /// The weight of the term `word` indexes as, if it is one of the terms.
    fn weight(&mut self, word: &str) -> Option<f32> {
        if word.is_ascii() {
            let could = self.beginnings.iter().any(|b| {
                word.len() >= b.len()
                    && word.as_bytes()[..b.len()].eq_ignore_ascii_case(b.as_bytes())
            });
            if !could {
                return None;
            }
        }
        let mut stream = self.analyzer.token_stream(word);
        let token = stream.next()?;
        // Tantivy looks the token up lowercased; the analyzer's output already is, bar
        // exotic folds.
        self.weights
            .get(token.text.as_str())
            .or_else(|| self.weights.get(&token.text.to_lowercase()))
            .copied()
    }
}

/// The byte ranges of the words of `text`: maximal runs of alphanumeric characters, as
/// Tantivy's `SimpleTokenizer` finds them.
fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    // Whether the character at `i` (a character boundary) is alphanumeric, and its length.
    let class = move |i: usize| -> (bool, usize) {
        match bytes[i] {
            b if b.is_ascii() => (b.is_ascii_alphanumeric(), 1),
            _ => text[i..]
                .chars()
                .next()
                .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8())),
        }
    };
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let (alnum, len) = class(i);
            if !alnum {
                i += len;
                continue;
            }
            let start = i;
            i += len;
            while i < bytes.len() {
                let (alnum, len) = class(i);
                if !alnum {
                    break;
                }
                i += len;
            }
            return Some(start..i);
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::snippet::SnippetGenerator;
    use tantivy::tokenizer::{SimpleTokenizer, TokenStream, Tokenizer};

    /// What Tantivy's own generator chooses, with the full analyzer, for a document whose
    /// field holds `text`.
    fn tantivy_choice(weights: &BTreeMap<String, f32>, text: &str, max: usize) -> Option<Fragment> {
        let analyzer = schema::text_analyzer_toward(weights.keys().map(String::as_str));
        let field = tantivy::schema::Schema::builder().add_text_field("t", tantivy::schema::TEXT);
        let generator = SnippetGenerator::new(weights.clone(), analyzer, field, max);
        let mut doc = tantivy::TantivyDocument::default();
        doc.add_text(field, text);
        let snippet = generator.snippet_from_doc(&doc);
        if snippet.highlighted().is_empty() {
            return None;
        }
        // Tantivy's ranges are in the text without its surrounding whitespace.
        let lead = text.len() - text.trim_start().len();
        let range = snippet.fragment_range();
        let highlighted = snippet
            .highlighted()
            .iter()
            .map(|r| r.start + range.start + lead..r.end + range.start + lead)
            .collect();
        Some(Fragment {
            range: range.start + lead..range.end + lead,
            highlighted,
        })
    }

    fn weights(terms: &[(&str, f32)]) -> BTreeMap<String, f32> {
        terms.iter().map(|&(t, w)| (t.to_string(), w)).collect()
    }

    const TEXTS: &[&str] = &[
        "Rockets hit the US Embassy in Baghdad late on Sunday. The embassy's C-RAM defence \
         system intercepted two of them, officials said. Embassies across the region raised \
         their alert levels after the attacks on the embassy compound.",
        "  Leading spaces, then  EMBASSY in capitals, and an embassy at the very end: embassy",
        "Ünïcödé wörds: l'Ambassade de France, the Émbassy (sic), naïve coördination, \
         Şırnak, İstanbul, ǅemal; embassy.",
        "supercalifragilisticexpialidociousembassyandthensomemorewordsx embassy short",
        "the embassy, then a word too long to be one: embassyembassyembassyembassyembassyembassy",
        "",
        "no match at all in this sentence",
        "embassy",
        "attacks attacked attacking attackers; the attack. Militias, militia, militiamen.",
    ];

    #[test]
    fn words_are_the_tokenizers_tokens() {
        for text in TEXTS {
            let mut tokenizer = SimpleTokenizer::default();
            let mut stream = tokenizer.token_stream(text);
            let mut expected = Vec::new();
            while stream.advance() {
                expected.push(stream.token().offset_from..stream.token().offset_to);
            }
            assert_eq!(words(text).collect::<Vec<_>>(), expected, "{text}");
        }
    }

    #[test]
    fn the_fragment_is_the_one_tantivy_chooses() {
        let term_sets = [
            weights(&[("embassi", 0.01)]),
            weights(&[("embassi", 0.01), ("attack", 0.5)]),
            weights(&[("attack", 0.2), ("militia", 0.2)]),
            weights(&[("the", 0.001), ("rocket", 0.3)]),
            weights(&[("zzz", 1.0)]),
        ];
        for terms in &term_sets {
            for text in TEXTS {
                for max in [20, 60, 150, 220, 1000] {
                    let ours = Fragments::new(terms.clone(), max).best(text);
                    assert_eq!(
                        ours,
                        tantivy_choice(terms, text, max),
                        "{terms:?} {max} {text}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_fragment_is_found_where_the_terms_are() {
        let mut fragments = Fragments::new(weights(&[("embassi", 1.0)]), 60);
        let text = TEXTS[0];
        let found = fragments.best(text).expect("a fragment");
        assert!(found.range.len() <= 60);
        let words: Vec<&str> = found.highlighted.iter().map(|r| &text[r.clone()]).collect();
        assert!(
            words.iter().all(|w| w.to_lowercase().starts_with("embass")),
            "{words:?}"
        );
        assert!(!words.is_empty());
        assert_eq!(
            Fragments::new(weights(&[("embassi", 1.0)]), 60).best(TEXTS[5]),
            None
        );
    }
}
