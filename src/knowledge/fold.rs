//! Folding of names and text into a comparable form.
//!
//! Outlet names and actor aliases are written many ways: `al-Kadhimi`, `Al Kadhimi`,
//! `Hashd al-Sha'abi`, `Hashed-al-Shaabi`. Folding lowercases, strips diacritics and
//! apostrophe-like marks (ʿayn, hamza, quotes) and turns every other non-alphanumeric run into
//! one space, so that those spellings compare equal. [`Folded`] keeps a map back to the
//! original text, so a match found in folded text can be reported as the words the article
//! actually used.

use unicode_normalization::char::decompose_canonical;

/// Text folded for matching, with the byte offset in the original text of every folded byte.
#[derive(Debug, Clone)]
pub struct Folded {
    /// The folded text: lowercase letters and digits separated by single spaces.
    pub text: String,
    /// `origin[i]` is the byte range in the original text of the character that produced
    /// folded byte `i`.
    origin: Vec<(usize, usize)>,
}

impl Folded {
    /// Folds `original`, remembering where each folded byte came from.
    pub fn new(original: &str) -> Self {
        let mut origin = Vec::with_capacity(original.len());
        let text = fold(original, &mut origin);
        Folded { text, origin }
    }

    /// The byte range in the original text that produced folded bytes `start..end`.
    pub fn original_range(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        self.origin[start].0..self.origin[end - 1].1
    }
}

/// Folds a name into its comparison key (`"Hashd al-Sha'abi"` → `"hashd al shaabi"`).
pub fn key(name: &str) -> String {
    fold(name, &mut ())
}

/// Where [`fold`] records which original bytes each folded byte came from.
trait Origins {
    /// `bytes` folded bytes came from the original characters at `span`.
    fn push(&mut self, span: (usize, usize), bytes: usize);
    /// The original bytes in `run` were copied one for one.
    fn push_run(&mut self, run: std::ops::Range<usize>);
}

impl Origins for Vec<(usize, usize)> {
    fn push(&mut self, span: (usize, usize), bytes: usize) {
        self.extend(std::iter::repeat_n(span, bytes));
    }

    fn push_run(&mut self, run: std::ops::Range<usize>) {
        self.extend(run.map(|at| (at, at + 1)));
    }
}

/// Folding a key records nothing.
impl Origins for () {
    fn push(&mut self, _: (usize, usize), _: usize) {}

    fn push_run(&mut self, _: std::ops::Range<usize>) {}
}

/// The folding itself, recording in `origins` where each folded byte came from.
///
/// Runs of ASCII letters and digits, most of any English-language text, are copied
/// lowercased in one step; other ASCII is classified byte by byte; other characters are
/// decoded and decomposed.
fn fold(original: &str, origins: &mut impl Origins) -> String {
    let mut text = String::with_capacity(original.len());
    let mut pending_space = false;
    let mut offset = 0;
    let bytes = original.as_bytes();
    while let Some(&byte) = bytes.get(offset) {
        if byte.is_ascii_alphanumeric() {
            let len = bytes[offset..]
                .iter()
                .position(|b| !b.is_ascii_alphanumeric())
                .unwrap_or(bytes.len() - offset);
            if pending_space {
                text.push(' ');
                origins.push((offset, offset), 1);
                pending_space = false;
            }
            let before = text.len();
            text.push_str(&original[offset..offset + len]);
            text[before..].make_ascii_lowercase();
            origins.push_run(offset..offset + len);
            offset += len;
            continue;
        }
        let (class, c) = if byte.is_ascii() {
            // Not a letter or digit: those were copied above.
            let class = if matches!(byte, b'\'' | b'`') {
                apostrophe_class(original, offset + 1)
            } else {
                Class::Separator
            };
            (class, char::from(byte))
        } else {
            let Some(c) = original[offset..].chars().next() else {
                break;
            };
            let class = if is_apostrophe(c) {
                apostrophe_class(original, offset + c.len_utf8())
            } else {
                class(c)
            };
            (class, c)
        };
        let width = c.len_utf8();
        match class {
            Class::Drop => {}
            Class::Separator => pending_space = !text.is_empty(),
            Class::Keep => {
                if pending_space {
                    text.push(' ');
                    origins.push((offset, offset), 1);
                    pending_space = false;
                }
                let span = (offset, offset + width);
                let before = text.len();
                push_folded(c, &mut |folded| text.push(folded));
                origins.push(span, text.len() - before);
            }
        }
        offset += width;
    }
    text
}

/// An apostrophe glues a transliterated name together (`Kata'ib`), except before a
/// possessive `s`, where it separates words like a space.
fn apostrophe_class(text: &str, after: usize) -> Class {
    if is_possessive(text, after) {
        Class::Separator
    } else {
        Class::Drop
    }
}

enum Class {
    Keep,
    Drop,
    Separator,
}

/// The class of a character other than an apostrophe (see [`apostrophe_class`]).
fn class(c: char) -> Class {
    if c.is_alphanumeric() {
        Class::Keep
    } else if is_combining_mark(c) {
        Class::Drop
    } else {
        Class::Separator
    }
}

/// True when the text after an apostrophe is a possessive `s` (`Kadhemi's visit`), which must
/// not glue onto the name the way the apostrophe in `Kata'ib` does.
fn is_possessive(text: &str, after: usize) -> bool {
    let mut rest = text[after..].chars();
    matches!(rest.next(), Some('s' | 'S')) && !rest.next().is_some_and(char::is_alphanumeric)
}

/// Apostrophe-like marks inside transliterated names: `Kata'ib`, `Sha’abi`, `ʿAli`.
fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '’' | '‘' | 'ʼ' | 'ʻ' | 'ʿ' | 'ʾ' | '`' | '´' | '′'
    )
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}')
}

/// Pushes the lowercase, diacritic-free form of `c` (one or more chars).
fn push_folded(c: char, push: &mut impl FnMut(char)) {
    if c.is_ascii() {
        push(c.to_ascii_lowercase());
        return;
    }
    match c {
        'ß' => {
            push('s');
            push('s');
        }
        'ø' | 'Ø' => push('o'),
        'æ' | 'Æ' => {
            push('a');
            push('e');
        }
        'ı' => push('i'),
        'đ' | 'Đ' => push('d'),
        'ł' | 'Ł' => push('l'),
        _ => decompose_canonical(c, |part| {
            if !is_combining_mark(part) {
                for lower in part.to_lowercase() {
                    push(lower);
                }
            }
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn every_folded_word_maps_back_to_words_with_its_key(
            text in "[ a-zA-Z0-9'’,.-]{0,30}|[ a-zA-Z0-9'’éŁßÆ\u{301}ğ漢,.-]{0,30}",
        ) {
            let folded = Folded::new(&text);
            proptest::prop_assert_eq!(&folded.text, &key(&text));
            let mut start = 0;
            for word in folded.text.split(' ').filter(|w| !w.is_empty()) {
                let at = start + folded.text[start..].find(word).unwrap();
                let range = folded.original_range(at, at + word.len());
                proptest::prop_assert_eq!(key(&text[range]), word);
                start = at + word.len();
            }
        }
    }

    #[test]
    fn keys_equal_across_spellings() {
        let cases = [
            ("Hashd al-Sha'abi", "hashd al shaabi"),
            ("Hashed-al-Shaabi", "hashed al shaabi"),
            ("al-Kadhimi", "al kadhimi"),
            ("Al Kadhimi", "al kadhimi"),
            ("Kata’ib Hezbollah", "kataib hezbollah"),
            ("Erdoğan", "erdogan"),
            ("  U.S.  Embassy ", "u s embassy"),
            ("Qāsem Soleymānī", "qasem soleymani"),
            ("", ""),
        ];
        for (name, want) in cases {
            assert_eq!(key(name), want, "key({name:?})");
        }
    }

    #[test]
    fn original_range_maps_back_to_the_source_words() {
        let text = "Prime Minister  Mustafa al-Kadhemi, who was flying…";
        let folded = Folded::new(text);
        let start = folded.text.find("mustafa al kadhemi").unwrap();
        let end = start + "mustafa al kadhemi".len();
        assert_eq!(
            &text[folded.original_range(start, end)],
            "Mustafa al-Kadhemi"
        );
    }

    #[test]
    fn original_range_handles_multibyte_characters() {
        let text = "said Erdoğan’s aide";
        let folded = Folded::new(text);
        let start = folded.text.find("erdogan").unwrap();
        let range = folded.original_range(start, start + "erdogan".len());
        assert_eq!(&text[range], "Erdoğan");
        assert_eq!(key("Kadhemi's visit"), "kadhemi s visit");
        assert_eq!(key("Kata'ib"), "kataib");
    }
}
