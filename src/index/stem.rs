//! English stemming that leaves names alone.
//!
//! A stemmer reads every word as English: it makes "Hamas" the stem of "Hama" and "sunny" the
//! stem of "Sunni", so a search for the movement finds the Syrian city and a search for the
//! sect finds the weather. This filter stems like Tantivy's English stemmer, except where the
//! stem would land on a known name of something else: then the word is kept as it is.
//! "Houthis" still becomes "houthi" (both name the Houthis) and "Sunnis" still becomes
//! "sunni" (a plural), but "hamas" stays "hamas" and "sunny" stays "sunny".
//!
//! The names are the one-word names of the shipped knowledge (actors, places, communities),
//! so that the same word is stemmed the same way at index and at query time whatever
//! knowledge directory a run uses.

use std::borrow::Cow;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use crate::knowledge::{shipped_one_word_names, NameTable};

/// The English stemmer, guarded against stemming one name into another.
#[derive(Clone)]
pub struct NameSafeStemmer {
    /// One-word names (lowercase, ASCII-folded) → which thing they name.
    names: NameTable,
    /// When set, only words whose stem could be one of these terms are stemmed.
    targets: Option<Targets>,
}

impl NameSafeStemmer {
    /// A stemmer guarded by the one-word names of the shipped knowledge.
    pub fn new() -> Self {
        NameSafeStemmer {
            names: shipped_one_word_names(),
            targets: None,
        }
    }

    /// The same stemmer for finding the words that index as one of `terms` (snippets):
    /// a word is stemmed only when its stem could be one of them, and otherwise passes on
    /// as it is. Such a word never equals a term (it would have been stemmed), so the words
    /// found are exactly those [`NameSafeStemmer::new`] indexes as a term, and the rest
    /// skip the stemmer, which is most of the work of tokenizing.
    pub fn toward<'a>(terms: impl IntoIterator<Item = &'a str>) -> Self {
        NameSafeStemmer {
            targets: Some(Targets::new(terms)),
            ..Self::new()
        }
    }
}

/// The beginnings a word must have to stem to one of some terms.
///
/// English (Porter2) stemming keeps a word's first letter and rewrites only its end:
/// suffixes are cut, or replaced by shorter ones that share all but at most their last two
/// letters with the word (`ability` → `able`, `dying` → `die`). So a word whose stem is
/// `t` begins with `t` less its last two letters, and always with its first letter; a name
/// kept unstemmed begins with itself. `tests::a_stem_keeps_the_beginning_of_its_word` checks
/// this rule on generated words.
#[derive(Debug, Clone)]
struct Targets(Arc<[Box<str>]>);

impl Targets {
    fn new<'a>(terms: impl IntoIterator<Item = &'a str>) -> Self {
        Targets(
            terms
                .into_iter()
                .map(|t| stable_beginning(t).into())
                .collect(),
        )
    }

    /// Whether `word`'s stem could be one of the terms.
    fn may_stem_to_one(&self, word: &str) -> bool {
        self.0.iter().any(|b| word.starts_with(&**b))
    }
}

/// The part of a stem that its word must begin with (see [`Targets`]).
pub(crate) fn stable_beginning(stem: &str) -> &str {
    let chars = stem.chars().count();
    let keep = chars.saturating_sub(2).max(1);
    let end = stem.char_indices().nth(keep).map_or(stem.len(), |(i, _)| i);
    &stem[..end]
}

impl Default for NameSafeStemmer {
    fn default() -> Self {
        Self::new()
    }
}

/// What `word` (lowercase) is indexed as.
fn stem<'a>(stemmer: &frostem::Stemmer, names: NameTable, word: &'a str) -> Cow<'a, str> {
    let stemmed = stemmer.stem(word);
    if stemmed == word {
        return stemmed;
    }
    let Some(target) = names.lookup(&stemmed) else {
        return stemmed;
    };
    let allowed = match names.lookup(word) {
        // "houthis" → "houthi": two names of one thing.
        Some(source) => source == target,
        // "sunnis" → "sunni" is a plural; "sunny" → "sunni" is another word.
        None => word
            .strip_prefix(stemmed.as_ref())
            .is_some_and(|rest| matches!(rest, "s" | "es")),
    };
    if allowed {
        stemmed
    } else {
        Cow::Borrowed(word)
    }
}

impl TokenFilter for NameSafeStemmer {
    type Tokenizer<T: Tokenizer> = NameSafeStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> NameSafeStemmerFilter<T> {
        NameSafeStemmerFilter {
            names: self.names,
            targets: self.targets,
            inner: tokenizer,
            seen: StemCache::default(),
        }
    }
}

/// [`NameSafeStemmer`] applied to a tokenizer.
///
/// Each instance remembers the words it has stemmed: news vocabulary is Zipfian, so most
/// tokens are words seen before, and a lookup is cheaper than running the stemmer again. The
/// memory is bounded, and a clone (Tantivy takes one per indexing thread) starts empty.
pub struct NameSafeStemmerFilter<T> {
    names: NameTable,
    targets: Option<Targets>,
    inner: T,
    seen: StemCache,
}

impl<T: Clone> Clone for NameSafeStemmerFilter<T> {
    fn clone(&self) -> Self {
        NameSafeStemmerFilter {
            names: self.names,
            targets: self.targets.clone(),
            inner: self.inner.clone(),
            seen: StemCache::default(),
        }
    }
}

/// Word → its stem, or `None` when the word is its own stem.
type StemCache = FxHashMap<Box<str>, Option<Box<str>>>;

/// Words remembered per filter before the memory is cleared (a few tens of MB at most).
const STEM_CACHE_WORDS: usize = 200_000;

impl<T: Tokenizer> Tokenizer for NameSafeStemmerFilter<T> {
    type TokenStream<'a> = NameSafeStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        NameSafeStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
            names: self.names,
            targets: self.targets.as_ref(),
            seen: &mut self.seen,
        }
    }
}

/// The token stream of [`NameSafeStemmerFilter`].
pub struct NameSafeStemmerStream<'a, T> {
    tail: T,
    stemmer: frostem::Stemmer,
    names: NameTable,
    targets: Option<&'a Targets>,
    seen: &'a mut StemCache,
}

impl<T: TokenStream> TokenStream for NameSafeStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if self
            .targets
            .is_some_and(|t| !t.may_stem_to_one(&token.text))
        {
            return true;
        }
        if let Some(known) = self.seen.get(token.text.as_str()) {
            if let Some(stemmed) = known {
                token.text.clear();
                token.text.push_str(stemmed);
            }
            return true;
        }
        let stemmed = stem(&self.stemmer, self.names, &token.text);
        let changed = (stemmed != token.text.as_str()).then(|| Box::<str>::from(stemmed));
        if self.seen.len() >= STEM_CACHE_WORDS {
            self.seen.clear();
        }
        self.seen
            .insert(token.text.as_str().into(), changed.clone());
        if let Some(stemmed) = changed {
            token.text = stemmed.into();
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stem_of(word: &str) -> String {
        let stemmer = frostem::Stemmer::new(frostem::Algorithm::English);
        stem(&stemmer, shipped_one_word_names(), word).into_owned()
    }

    #[test]
    fn ordinary_words_are_stemmed() {
        assert_eq!(stem_of("rockets"), "rocket");
        assert_eq!(stem_of("attacked"), "attack");
        assert_eq!(stem_of("militias"), "militia");
    }

    #[test]
    fn a_word_is_not_stemmed_into_another_name() {
        assert_eq!(stem_of("hamas"), "hamas");
        assert_eq!(stem_of("hama"), "hama");
        assert_eq!(stem_of("sunny"), "sunny");
    }

    #[test]
    fn remembered_stems_are_the_stems() {
        use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer};
        let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(NameSafeStemmer::new())
            .build();
        let mut tokens = |text: &str| {
            let mut out = Vec::new();
            let mut stream = analyzer.token_stream(text);
            while let Some(token) = stream.next() {
                out.push(token.text.clone());
            }
            out
        };
        let text = "Rockets hit Hamas offices on a sunny day; rockets again";
        let first = tokens(text);
        assert_eq!(first, tokens(text), "the second pass reads from memory");
        assert_eq!(first[0], stem_of("rockets"));
        assert_eq!(first[2], "hamas");
        assert_eq!(first[6], "sunny");
        assert_eq!(first[8], first[0]);
    }

    /// Words built from English endings, the places a stemmer rewrites.
    fn word() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let pieces = prop::sample::select(vec![
            "a", "b", "c", "d", "e", "g", "i", "l", "n", "o", "r", "s", "t", "u", "y", "ab", "at",
            "bl", "iz", "ed", "eed", "eedly", "ing", "ingly", "edly", "ies", "ied", "ss", "sses",
            "us", "ly", "li", "al", "ation", "ational", "tional", "ator", "alism", "aliti", "alli",
            "enci", "anci", "abli", "bli", "biliti", "ble", "ous", "ousli", "ness", "ful", "fulli",
            "less", "lessli", "entli", "ent", "ement", "ment", "ize", "izer", "ization", "alize",
            "icate", "iciti", "ical", "ic", "ive", "iveness", "iviti", "ative", "ance", "ence",
            "er", "able", "ible", "ant", "ism", "ate", "iti", "ion", "ogi", "ogist", "sky", "ski",
            "dy", "ty", "ly", "gener", "commun", "arsen", "news", "only", "early", "gently",
        ]);
        prop::collection::vec(pieces, 1..5).prop_map(|p| p.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]
        #[test]
        fn a_stem_keeps_the_beginning_of_its_word(word in word()) {
            let stem = stem_of(&word);
            proptest::prop_assert!(
                word.starts_with(stable_beginning(&stem)),
                "{word} → {stem}"
            );
        }
    }

    #[test]
    fn stemming_toward_terms_finds_the_same_terms() {
        use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer};
        let text = "The embassies said militias attacked; the Embassy's ability to respond, \
                    dying sirens and Hamas statements on a sunny day. Ambassadors, abilities, \
                    ABLE attackers, Houthis.";
        let tokens = |filter: NameSafeStemmer| {
            let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(filter)
                .build();
            let mut out = Vec::new();
            let mut stream = analyzer.token_stream(text);
            while let Some(token) = stream.next() {
                out.push(token.text.clone());
            }
            out
        };
        let all = tokens(NameSafeStemmer::new());
        for terms in [
            vec!["embassi", "attack"],
            vec!["abl", "die", "hamas"],
            vec!["sunny", "houthi", "the"],
            vec!["a"],
        ] {
            let toward = tokens(NameSafeStemmer::toward(terms.iter().copied()));
            assert_eq!(toward.len(), all.len());
            let matches = |tokens: &[String]| -> Vec<usize> {
                (0..tokens.len())
                    .filter(|&i| terms.contains(&tokens[i].as_str()))
                    .collect()
            };
            assert_eq!(matches(&toward), matches(&all), "{terms:?}");
            assert!(!matches(&all).is_empty(), "{terms:?} finds something");
        }
        // Words that cannot become a term pass unstemmed.
        let toward = tokens(NameSafeStemmer::toward(["embassi"]));
        assert!(toward.contains(&"militias".to_string()));
    }

    #[test]
    fn a_stable_beginning_is_all_but_two_letters_and_at_least_one() {
        assert_eq!(stable_beginning("embassi"), "embas");
        assert_eq!(stable_beginning("die"), "d");
        assert_eq!(stable_beginning("ab"), "a");
        assert_eq!(stable_beginning("é"), "é");
        assert_eq!(stable_beginning("şehir"), "şeh");
    }

    #[test]
    fn plurals_and_spellings_of_one_name_still_stem_together() {
        assert_eq!(stem_of("sunnis"), stem_of("sunni"));
        assert_eq!(stem_of("houthis"), stem_of("houthi"));
    }
}
