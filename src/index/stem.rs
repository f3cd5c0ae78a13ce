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

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use crate::knowledge::{shipped_one_word_names, NameTable};

/// The English stemmer, guarded against stemming one name into another.
#[derive(Clone)]
pub struct NameSafeStemmer {
    /// One-word names (lowercase, ASCII-folded) → which thing they name.
    names: NameTable,
}

impl NameSafeStemmer {
    /// A stemmer guarded by the one-word names of the shipped knowledge.
    pub fn new() -> Self {
        NameSafeStemmer {
            names: shipped_one_word_names(),
        }
    }
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
    inner: T,
    seen: StemCache,
}

impl<T: Clone> Clone for NameSafeStemmerFilter<T> {
    fn clone(&self) -> Self {
        NameSafeStemmerFilter {
            names: self.names,
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
            seen: &mut self.seen,
        }
    }
}

/// The token stream of [`NameSafeStemmerFilter`].
pub struct NameSafeStemmerStream<'a, T> {
    tail: T,
    stemmer: frostem::Stemmer,
    names: NameTable,
    seen: &'a mut StemCache,
}

impl<T: TokenStream> TokenStream for NameSafeStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
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

    #[test]
    fn plurals_and_spellings_of_one_name_still_stem_together() {
        assert_eq!(stem_of("sunnis"), stem_of("sunni"));
        assert_eq!(stem_of("houthis"), stem_of("houthi"));
    }
}
