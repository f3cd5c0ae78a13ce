//! The one word a name consists of, articles aside (`al-Kadhimi` → `kadhimi`).
//!
//! The stemmer must not stem a word into one of these (see `index::stem`). The build script
//! compiles this file too, to list the one-word names of the shipped knowledge in advance.

use super::fold::key;

/// Articles that may be written before a name ("al-Kadhimi"); a name is one word without them.
const ARTICLES: &[&str] = &["al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "the"];

/// Shortest folded word, in bytes, treated as a name: shorter ones are ordinary words too.
const MIN_LEN: usize = 3;

fn is_article(token: &str) -> bool {
    if token.is_ascii() {
        ARTICLES.iter().any(|a| a.eq_ignore_ascii_case(token))
    } else {
        ARTICLES.contains(&key(token).as_str())
    }
}

/// The folded word of a one-word name, or `None` when the name has more than one word
/// (articles aside) or its word is shorter than three bytes.
pub fn of(name: &str) -> Option<String> {
    let mut only = None;
    for token in name.split(|c: char| !c.is_alphanumeric()) {
        if token.is_empty() || is_article(token) {
            continue;
        }
        if only.replace(token).is_some() {
            return None;
        }
    }
    let folded = key(only?);
    (folded.len() >= MIN_LEN).then_some(folded)
}

#[cfg(test)]
mod tests {
    use super::of;

    #[test]
    fn articles_aside_one_word_names_give_their_word() {
        assert_eq!(of("al-Kadhimi").as_deref(), Some("kadhimi"));
        assert_eq!(of("The Houthis").as_deref(), Some("houthis"));
        assert_eq!(of("Ṣadr").as_deref(), Some("sadr"));
        assert_eq!(of("Kataib Hezbollah"), None);
        assert_eq!(of("UN"), None);
        assert_eq!(of("al-"), None);
    }
}
