//! Romanisation keys: one key for the spellings of a transliterated name.
//!
//! English-language press writes Arabic, Persian and Kurdish names many ways: Kadhimi,
//! Kadhemi and Kazemi; Qassem, Qasem and Ghasem; Muhandis and Mohandes; Nouri and Nuri. The
//! differences follow known patterns, so instead of generic edit distance (which also joins
//! Amiri and Amini, or Karim and Karimi), a token is rewritten into a key that erases exactly
//! those patterns:
//!
//! * consonants that render one Arabic letter: q, gh, k → k; dh, z, d → d; th, t → t;
//!   ph, f → f; w, v → w; j, dj → j; doubled letters → one;
//! * vowels by class: a; e, i, ee, y → i; o, u, ou, oo → u; diphthongs ai, ay, ei, ey → one
//!   class; a final `-ah` → `-a`;
//! * an unstressed e after the first syllable is written for either a (Haider/Haidar,
//!   Mohammed/Mohamad) or i (Kadhemi/Kadhimi): such tokens get two keys, one for each.
//!
//! The first vowel keeps its class and a final vowel is kept, because they tell different
//! names apart (Abadi/Ebadi, Karim/Karimi, Hadi/Hoda). Keys are only made for name-like
//! tokens of four letters or more, so short common words do not become variants of each other.

/// A word of a text with its romanisation keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Byte range of the word in the text.
    pub range: std::ops::Range<usize>,
    /// Position of the word among all words of the text.
    pub position: usize,
    /// Its keys (one or two).
    pub keys: Vec<String>,
}

/// The words of a text that have keys. With `names_only`, only capitalised words (names in
/// running text) get keys, so that ordinary words never become variants of each other;
/// queries, typed in any case, use `names_only = false`.
pub fn words(text: &str, names_only: bool) -> Vec<Word> {
    words_where(text, names_only, |_| true)
}

/// [`words`], skipping the words whose folded form fails `wanted` before their keys are
/// made (see [`may_share_a_key`]).
///
/// A word is a run of letters, digits and apostrophes, less any apostrophes around it and a
/// possessive `'s`. ASCII text is read a byte at a time, and with `names_only` a word that
/// begins with a lowercase ASCII letter or a digit is counted and passed over at once: it is
/// not capitalised. `tests::words_are_those_read_a_character_at_a_time` pins this to the
/// plain reading.
pub fn words_where(text: &str, names_only: bool, wanted: impl Fn(&str) -> bool) -> Vec<Word> {
    let mut out = Vec::new();
    let mut position = 0;
    let mut push = |from: usize, to: usize, position: &mut usize| {
        let raw = &text[from..to];
        if names_only && matches!(raw.as_bytes()[0], b'a'..=b'z' | b'0'..=b'9') {
            // Not empty, and not capitalised.
            *position += 1;
            return;
        }
        let (offset, word) = word_of(raw);
        let word_start = from + offset;
        if word.is_empty() {
            return;
        }
        if !names_only || word.starts_with(char::is_uppercase) {
            let folded = super::fold::key(word);
            let keys = if wanted(&folded) {
                keys(&folded)
            } else {
                Vec::new()
            };
            if !keys.is_empty() {
                out.push(Word {
                    range: word_start..word_start + word.len(),
                    position: *position,
                    keys,
                });
            }
        }
        *position += 1;
    };
    let bytes = text.as_bytes();
    let mut start = None;
    let mut i = 0;
    while i < bytes.len() {
        let (in_word, len) = match bytes[i] {
            b if b.is_ascii() => (b.is_ascii_alphanumeric() || b == b'\'', 1),
            _ => text[i..]
                .chars()
                .next()
                .map_or((false, 1), |c| (is_word_char(c), c.len_utf8())),
        };
        match (in_word, start) {
            (true, None) => start = Some(i),
            (false, Some(from)) => {
                push(from, i, &mut position);
                start = None;
            }
            _ => {}
        }
        i += len;
    }
    if let Some(from) = start {
        push(from, text.len(), &mut position);
    }
    out
}

/// The word in a run of word characters: less the apostrophes around it and a possessive
/// `'s`; with its offset in the run. Empty when the run has no letter or digit.
fn word_of(raw: &str) -> (usize, &str) {
    let trimmed = raw.trim_start_matches(|c: char| !c.is_alphanumeric());
    let mut word = trimmed.trim_end_matches(|c: char| !c.is_alphanumeric());
    for possessive in ["'s", "’s"] {
        word = word.strip_suffix(possessive).unwrap_or(word);
    }
    (raw.len() - trimmed.len(), word)
}

/// Whether `c` belongs to a word: letters, digits, and the apostrophes and ayn/hamza signs
/// that transliterations put inside names.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\'' | '’' | 'ʼ' | 'ʿ' | 'ʾ')
}

/// The romanisation keys of a lowercase token, or none when the token is too short to be
/// treated as a name.
pub fn keys(token: &str) -> Vec<String> {
    if token.len() < 3 || !token.bytes().all(|b| b.is_ascii_lowercase()) {
        return Vec::new();
    }
    let units = units(token);
    let mut out = vec![key(&units, Some('i'))];
    if units.iter().any(|u| matches!(u, Unit::OpenE | Unit::FullE)) {
        for alternative in [key(&units, Some('a')), key(&units, None)] {
            if !out.contains(&alternative) {
                out.push(alternative);
            }
        }
    }
    out
}

/// Whether some key of `token` (lowercase) could be one of `keys`, judged by first letters
/// alone: every key of a token begins with the class of its first sound (a consonant's class,
/// or a vowel class when it begins with a vowel), so a token whose first sound begins none of
/// `keys` shares none of them, and making its keys can be skipped.
pub fn may_share_a_key<'a>(token: &str, mut keys: impl Iterator<Item = &'a str>) -> bool {
    if token.is_empty() {
        return false;
    }
    let first = match digraph(token) {
        Some((unit, _)) => unit,
        None => single(token.as_bytes(), 0),
    };
    keys.any(|key| match (first, key.chars().next()) {
        (Unit::Consonant(c), Some(k)) => c == k,
        (_, Some(k)) => matches!(k, 'a' | 'i' | 'u' | 'y'),
        (_, None) => false,
    })
}

/// A sound of the token: a consonant class, a vowel class, an `e` inside the word that may
/// stand for `a`, for `i`, or for nothing (Hashed/Hashd), or an `e` after a doubled
/// consonant, which marks a syllable of its own (Nasser is not Nasr) and so stands for `a`
/// or `i` only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Consonant(char),
    Vowel(char),
    OpenE,
    FullE,
}

fn units(token: &str) -> Vec<Unit> {
    let bytes = token.as_bytes();
    let mut out: Vec<Unit> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let (unit, len) = match digraph(&token[i..]) {
            Some(found) => found,
            None => (single(bytes, i), 1),
        };
        i += len;
        // Doubled letters read as one.
        if out.last() != Some(&unit) {
            out.push(unit);
        }
    }
    // "Abd" joined to the article of the name after it (Abdul, Abdel, Abdol, Abdal Aziz): the
    // article's vowel is written every way.
    if token.starts_with("abd") {
        if let Some(vowel @ (Unit::Vowel(_) | Unit::OpenE | Unit::FullE)) = out.get_mut(3) {
            *vowel = Unit::Vowel('a');
        }
    }
    // A final "-ah" is the feminine ending, written with or without the h (Fatimah/Fatima).
    if out.len() > 3 && out.ends_with(&[Unit::Vowel('a'), Unit::Consonant('h')]) {
        out.pop();
    }
    out
}

fn digraph(rest: &str) -> Option<(Unit, usize)> {
    const PAIRS: &[(&str, char)] = &[
        ("kh", 'x'),
        ("gh", 'k'),
        ("dh", 'd'),
        ("th", 't'),
        ("sh", '$'),
        ("ch", 'c'),
        ("ph", 'f'),
        ("dj", 'j'),
        ("ck", 'k'),
    ];
    PAIRS
        .iter()
        .find(|(p, _)| rest.starts_with(p))
        .map(|&(_, c)| (Unit::Consonant(c), 2))
}

fn is_vowel_letter(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

fn single(bytes: &[u8], i: usize) -> Unit {
    let first = i == 0;
    let last = i + 1 == bytes.len();
    let next_is_vowel = bytes
        .get(i + 1)
        .is_some_and(|&b| is_vowel_letter(b) || b == b'y');
    let prev_is_vowel = i > 0 && is_vowel_letter(bytes[i - 1]);
    match bytes[i] {
        b'a' => Unit::Vowel('a'),
        b'e' if first || last => Unit::Vowel('i'),
        b'e' if i >= 2 && bytes[i - 1] == bytes[i - 2] && !is_vowel_letter(bytes[i - 1]) => {
            Unit::FullE
        }
        b'e' => Unit::OpenE,
        b'i' => Unit::Vowel('i'),
        // y and w between a vowel and a consonant are vowels (Soleymani, Rowhani).
        b'y' if !next_is_vowel && !first => Unit::Vowel('i'),
        b'w' if prev_is_vowel && !next_is_vowel => Unit::Vowel('u'),
        b'o' | b'u' => Unit::Vowel('u'),
        b'q' | b'k' | b'c' | b'g' => Unit::Consonant('k'),
        b'z' | b'd' => Unit::Consonant('d'),
        b'v' | b'w' => Unit::Consonant('w'),
        b => Unit::Consonant(b as char),
    }
}

/// The key: consonant classes in order, each run of vowels as one class. `open_e` is what an
/// inner `e` stands for (`None`: nothing).
fn key(units: &[Unit], open_e: Option<char>) -> String {
    let mut out = String::with_capacity(units.len());
    let mut vowels: Vec<char> = Vec::new();
    let flush = |vowels: &mut Vec<char>, out: &mut String| {
        if let Some(class) = vowel_class(vowels) {
            out.push(class);
        }
        vowels.clear();
    };
    for unit in units {
        match unit {
            Unit::Consonant(c) => {
                flush(&mut vowels, &mut out);
                if !out.ends_with(*c) {
                    out.push(*c);
                }
            }
            Unit::Vowel(v) => vowels.push(*v),
            Unit::OpenE => vowels.extend(open_e),
            Unit::FullE => vowels.push(open_e.unwrap_or('i')),
        }
    }
    flush(&mut vowels, &mut out);
    out
}

/// One class for a run of vowels: a diphthong (ai, ei, ay, ae: `y`), a back vowel (ou, oo,
/// ow: `u`), a front vowel (ee, ie: `i`), or the single vowel's own class.
fn vowel_class(run: &[char]) -> Option<char> {
    match run {
        [] => None,
        [only] => Some(*only),
        _ if run.windows(2).all(|w| w[0] == w[1]) => Some(run[0]),
        _ if run.contains(&'u') => Some('u'),
        _ if run.contains(&'a') => Some('y'),
        _ => Some('i'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`words_where`] as it was first written, a character at a time and with no word
    /// passed over early: the reference for the byte-reading one.
    fn words_read_by_character(text: &str, names_only: bool) -> Vec<Word> {
        let mut out = Vec::new();
        let mut position = 0;
        let mut start = None;
        let mut push = |from: usize, to: usize, position: &mut usize| {
            let (offset, word) = word_of(&text[from..to]);
            let word_start = from + offset;
            if word.is_empty() {
                return;
            }
            if !names_only || word.starts_with(char::is_uppercase) {
                let keys = keys(&crate::knowledge::fold::key(word));
                if !keys.is_empty() {
                    out.push(Word {
                        range: word_start..word_start + word.len(),
                        position: *position,
                        keys,
                    });
                }
            }
            *position += 1;
        };
        for (i, c) in text.char_indices() {
            match (is_word_char(c), start) {
                (true, None) => start = Some(i),
                (false, Some(from)) => {
                    push(from, i, &mut position);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(from) = start {
            push(from, text.len(), &mut position);
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3_000))]
        #[test]
        fn words_are_those_read_a_character_at_a_time(
            text in "([A-Za-z]{1,9}|[ÉéÖöŞşİı’ʿʾʼ'\\-.,;0-9]|al-|'s|’s| |  |\n|Kadhimi|Qassem|Şırnak|9th){0,24}"
        ) {
            for names_only in [true, false] {
                proptest::prop_assert_eq!(
                    words(&text, names_only),
                    words_read_by_character(&text, names_only),
                    "names_only {}", names_only
                );
            }
        }
    }

    fn same(a: &str, b: &str) -> bool {
        let (ka, kb) = (keys(a), keys(b));
        ka.iter().any(|k| kb.contains(k))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3_000))]
        // Every key of a token passes its own test, so a token whose key is a query's key is
        // never passed over.
        #[test]
        fn a_token_is_never_passed_over_by_its_own_keys(
            a in "(kh|gh|dh|th|sh|ch|ph|dj|ck|abd|ai|ay|ei|ou|ee|[a-z]){2,7}"
        ) {
            for key in keys(&a) {
                proptest::prop_assert!(may_share_a_key(&a, std::iter::once(key.as_str())));
            }
        }
    }

    #[test]
    fn tokens_are_passed_over_by_their_first_sound() {
        let known = keys("kadhimi");
        let of = |t: &str| may_share_a_key(t, known.iter().map(String::as_str));
        assert!(of("kazemi") && of("qassem") && of("ghasem") && of("cadhimi"));
        assert!(!of("baghdad") && !of("embassy") && !of("hadi") && !of("khamenei"));
        let vowel = keys("abadi");
        assert!(may_share_a_key("ebadi", vowel.iter().map(String::as_str)));
        assert!(!may_share_a_key("", vowel.iter().map(String::as_str)));
    }

    #[test]
    fn spellings_of_one_name_share_a_key() {
        let pairs = [
            ("kadhimi", "kadhemi"),
            ("kadhimi", "kazemi"),
            ("qassem", "qasem"),
            ("qassem", "ghasem"),
            ("qassem", "qasim"),
            ("soleimani", "suleimani"),
            ("soleimani", "sulaimani"),
            ("soleimani", "soleymani"),
            ("muhandis", "mohandes"),
            ("muqtada", "moqtada"),
            ("nouri", "nuri"),
            ("maliki", "maleki"),
            ("sistani", "seestani"),
            ("amiri", "ameri"),
            ("haider", "haidar"),
            ("mohammed", "mohamad"),
            ("muhammad", "mohammed"),
            ("hassan", "hasan"),
            ("salih", "saleh"),
            ("fatima", "fatimah"),
            ("hezbollah", "hizbollah"),
            ("shaabi", "shabi"),
            ("abdul", "abdel"),
            ("abdulaziz", "abdelaziz"),
        ];
        for (a, b) in pairs {
            assert!(same(a, b), "{a} ~ {b}: {:?} {:?}", keys(a), keys(b));
        }
    }

    #[test]
    fn different_names_that_look_alike_do_not() {
        let pairs = [
            ("amiri", "amini"),
            ("karim", "karimi"),
            ("hadi", "hoda"),
            ("abadi", "ebadi"),
            ("hakim", "halim"),
            ("sadr", "saddam"),
            ("maliki", "malik"),
            ("hassan", "hussein"),
            ("salih", "salah"),
            ("zarif", "sharif"),
            ("qasim", "hashim"),
            ("abdul", "abdullah"),
            ("nasser", "nasr"),
        ];
        for (a, b) in pairs {
            assert!(!same(a, b), "{a} !~ {b}: {:?} {:?}", keys(a), keys(b));
        }
    }

    #[test]
    fn words_of_a_text_carry_positions_offsets_and_keys() {
        let text = "PM Mustafa al-Kadhemi's office, the militia said";
        let found = words(text, true);
        let names: Vec<(&str, usize)> = found
            .iter()
            .map(|w| (&text[w.range.clone()], w.position))
            .collect();
        assert_eq!(names, vec![("Mustafa", 1), ("Kadhemi", 3)]);
        assert!(found[1].keys.contains(&keys("kadhimi")[0]));
        // Queries are typed in any case: every long word gets keys.
        assert_eq!(words("militia kadhimi", false).len(), 2);
    }

    #[test]
    fn short_and_non_letter_tokens_get_no_key() {
        assert!(keys("al").is_empty());
        assert!(keys("2021").is_empty());
        assert_eq!(keys("baghdad").len(), 1);
    }
}
