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

/// The words a filter has stemmed: a table of two-slot buckets of 32-byte slots, each
/// holding a word and its stem (how much of the word the stem keeps, and the letters it adds).
/// A lookup hashes the word and compares at most two slots, with no pointer to follow (a map
/// of boxed strings missed the cache twice a token). A word found in its bucket's second slot
/// moves to the first; a new word takes the first slot and pushes the bucket's other word
/// out. The table starts small and grows with the words missed, so a filter that stems a few
/// words (a query's) stays small.
#[derive(Default)]
struct StemCache {
    slots: Vec<Slot>,
    /// Words stemmed since the table last grew.
    misses: usize,
}

/// Longest word remembered, in bytes; longer words are stemmed every time.
const WORD_BYTES: usize = 24;
/// Most letters a remembered stem adds after what it keeps of its word (`dying` → `die`).
const SUFFIX_BYTES: usize = 5;
/// `Slot::suffix_len` of a word that is its own stem.
const UNCHANGED: u8 = u8::MAX;
/// Slots of a new table, and of the largest (2 MB: more than the distinct words of a
/// segment's worth of news, most of the time).
const FIRST_SLOTS: usize = 1 << 8;
const MAX_SLOTS: usize = 1 << 16;

#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(C, align(32))]
struct Slot {
    /// 0 for an empty slot (no token is empty).
    word_len: u8,
    /// The stem is `word[..keep]` followed by `suffix[..suffix_len]`.
    keep: u8,
    suffix_len: u8,
    suffix: [u8; SUFFIX_BYTES],
    word: [u8; WORD_BYTES],
}

impl Slot {
    const EMPTY: Slot = Slot {
        word_len: 0,
        keep: 0,
        suffix_len: 0,
        suffix: [0; SUFFIX_BYTES],
        word: [0; WORD_BYTES],
    };

    /// `word` and its stem (`None`: the word itself), if they fit in a slot.
    fn new(word: &str, stem: Option<&str>) -> Option<Slot> {
        let mut slot = Slot {
            word_len: word.len() as u8,
            word: padded(word.as_bytes())?,
            suffix_len: UNCHANGED,
            ..Slot::EMPTY
        };
        if let Some(stem) = stem {
            let mut keep = word
                .bytes()
                .zip(stem.bytes())
                .take_while(|(a, b)| a == b)
                .count();
            while !stem.is_char_boundary(keep) {
                keep -= 1;
            }
            let suffix = &stem.as_bytes()[keep..];
            slot.suffix.get_mut(..suffix.len())?.copy_from_slice(suffix);
            slot.keep = keep as u8;
            slot.suffix_len = suffix.len() as u8;
        }
        Some(slot)
    }

    fn holds(&self, word: &[u8], key: &[u8; WORD_BYTES]) -> bool {
        usize::from(self.word_len) == word.len() && self.word == *key
    }
}

/// `bytes` padded with zeros to a slot's width, or `None` if they do not fit.
fn padded(bytes: &[u8]) -> Option<[u8; WORD_BYTES]> {
    let mut out = [0; WORD_BYTES];
    out.get_mut(..bytes.len())?.copy_from_slice(bytes);
    Some(out)
}

/// What the cache knows of a word.
enum Remembered<'c> {
    /// The word is its own stem.
    Unchanged,
    /// The stem is the word's first `keep` bytes followed by `suffix`.
    Stem {
        keep: usize,
        suffix: &'c str,
    },
    Unknown,
}

impl StemCache {
    /// The first slot of `word`'s bucket.
    fn bucket_of(slots: &[Slot], word: &[u8]) -> usize {
        use std::hash::BuildHasher;
        let hash = rustc_hash::FxBuildHasher.hash_one(word);
        // The table's length is a power of two; the hash's high bits are its best mixed.
        (hash >> (u64::BITS - slots.len().trailing_zeros())) as usize & !1
    }

    fn get(&mut self, word: &str) -> Remembered<'_> {
        let Some(key) = padded(word.as_bytes()) else {
            return Remembered::Unknown;
        };
        if self.slots.is_empty() {
            return Remembered::Unknown;
        }
        let at = Self::bucket_of(&self.slots, word.as_bytes());
        if !self.slots[at].holds(word.as_bytes(), &key) {
            if !self.slots[at + 1].holds(word.as_bytes(), &key) {
                return Remembered::Unknown;
            }
            self.slots.swap(at, at + 1);
        }
        let slot = &self.slots[at];
        if slot.suffix_len == UNCHANGED {
            return Remembered::Unchanged;
        }
        // The suffix was cut from a `&str` at a character boundary.
        match std::str::from_utf8(&slot.suffix[..usize::from(slot.suffix_len)]) {
            Ok(suffix) => Remembered::Stem {
                keep: usize::from(slot.keep),
                suffix,
            },
            Err(_) => Remembered::Unknown,
        }
    }

    /// Remembers `word`'s stem (`None`: the word itself).
    fn insert(&mut self, word: &str, stem: Option<&str>) {
        self.misses += 1;
        if self.slots.len() < MAX_SLOTS && self.misses > self.slots.len() / 2 {
            self.grow();
        }
        if let Some(slot) = Slot::new(word, stem) {
            Self::place(&mut self.slots, slot);
        }
    }

    fn place(slots: &mut [Slot], slot: Slot) {
        let at = Self::bucket_of(slots, &slot.word[..usize::from(slot.word_len)]);
        slots[at + 1] = slots[at];
        slots[at] = slot;
    }

    /// A table four times larger, holding the words of this one.
    fn grow(&mut self) {
        let size = (self.slots.len() * 4).clamp(FIRST_SLOTS, MAX_SLOTS);
        let old = std::mem::replace(&mut self.slots, vec![Slot::EMPTY; size]);
        // Second slots first, so that each bucket's first word stays first.
        for second in [true, false] {
            for slot in old.iter().skip(usize::from(second)).step_by(2) {
                if *slot != Slot::EMPTY {
                    Self::place(&mut self.slots, *slot);
                }
            }
        }
        self.misses = 0;
    }
}

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
        match self.seen.get(&token.text) {
            Remembered::Unchanged => return true,
            Remembered::Stem { keep, suffix } => {
                token.text.truncate(keep);
                token.text.push_str(suffix);
                return true;
            }
            Remembered::Unknown => {}
        }
        let stemmed = stem(&self.stemmer, self.names, &token.text);
        if stemmed == token.text.as_str() {
            self.seen.insert(&token.text, None);
        } else {
            let stemmed = stemmed.into_owned();
            self.seen.insert(&token.text, Some(&stemmed));
            token.text = stemmed;
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
    fn the_stem_memory_gives_every_word_its_own_stem() {
        use tantivy::tokenizer::{SimpleTokenizer, TextAnalyzer};
        // More distinct words than the largest table has slots, so that words share slots
        // and replace each other; some longer than a slot holds, some not ASCII.
        let endings = [
            "", "s", "es", "ing", "ed", "ation", "ies", "ly", "ness", "é", "ış",
        ];
        let mut state = 7u64;
        let mut words = Vec::new();
        for i in 0..60_000 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = 1 + (state >> 59) as usize + if i % 97 == 0 { 30 } else { 0 };
            let stem: String = (0..len)
                .map(|k| char::from(b'a' + ((state >> (k % 50)) % 26) as u8))
                .collect();
            words.push(format!("{stem}{}", endings[i % endings.len()]));
        }
        // Frequent words come back between the rare ones, as in text.
        let text: Vec<&str> = words
            .iter()
            .enumerate()
            .flat_map(|(i, w)| [w.as_str(), words[i % 50].as_str()])
            .collect();
        let text = text.join(" ");
        let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(NameSafeStemmer::new())
            .build();
        for pass in 0..2 {
            let mut stream = analyzer.token_stream(&text);
            let mut expected = text.split(' ');
            while let Some(token) = stream.next() {
                let word = expected.next().expect("one token per word");
                assert_eq!(token.text, stem_of(word), "pass {pass}: {word}");
            }
            assert!(expected.next().is_none());
        }
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
