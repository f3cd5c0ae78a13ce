//! The headline: the header line that the story is about.
//!
//! Above the first paragraph a page may show banners, section names, taglines, bylines,
//! datelines and captions as well as the headline. Chrome is ruled out by `page::chrome`;
//! among what is left, the headline is the line whose content words the body repeats most
//! (a tagline or a banner shares few words with the story). An outlet suffix such as
//! ` - Reuters` or ` | Al Jazeera` is removed.

use rustc_hash::FxHashSet;

use super::page::{self, words};
use super::{date, stopwords};
use crate::knowledge::{fold, Knowledge};

/// True when a header line could be a headline.
pub fn is_candidate(line: &str, knowledge: &Knowledge) -> bool {
    let n = words(line);
    (3..=30).contains(&n)
        && line.chars().count() <= 250
        && !line.ends_with(':')
        && page::chrome(line).is_none()
        && !date::is_date_line(line)
        && !is_outlet_line(line, knowledge)
        && !is_menu(line, knowledge)
        && !super::body::is_meta_line(line, knowledge)
}

/// True for a site's menu or section line: only short items between `|` separators
/// ("World | Middle East | Business"), or a site name with its slogan. A short headline
/// followed by the site's name ("Militia vows revenge for strike | Rudaw") is no menu.
fn is_menu(line: &str, knowledge: &Knowledge) -> bool {
    let items: Vec<&str> = line.split(['|', '•', '·', '»']).collect();
    if let [head, tail] = items.as_slice() {
        if !page::at_most_words(head, 2) && knowledge.outlets.resolve_id(tail.trim()).is_some() {
            return false;
        }
    }
    items.len() >= 2 && items.iter().all(|item| page::at_most_words(item, 4))
}

/// True when a line only names an outlet or shows its tagline ("Iran Press TV").
pub fn is_outlet_line(line: &str, knowledge: &Knowledge) -> bool {
    // Names and taglines are short; most lines can be ruled out without folding them.
    if !page::at_most_words(line, 12) {
        return false;
    }
    let folded = fold::Folded::new(line);
    if knowledge.outlets.name_id(&folded.text).is_some() {
        return true;
    }
    // A site's title bar: its name or domain first, then a slogan ("rudaw.net - Latest
    // news", "Al Mayadeen | Breaking News"). A headline puts the outlet last, if at all.
    let title_bar = SEPARATORS.iter().any(|sep| {
        line.split_once(sep).is_some_and(|(head, rest)| {
            page::at_most_words(rest, 6) && knowledge.outlets.resolve_id(head.trim()).is_some()
        })
    });
    if title_bar {
        return true;
    }
    knowledge
        .outlets
        .find_taglines(&folded)
        .iter()
        .any(|m| m.end - m.start + 12 >= folded.text.len())
}

/// The index of the headline among `candidates`, judged against the vocabulary of the
/// story's opening lines.
///
/// The best-sharing line wins, except that an earlier line sharing nearly as much is
/// preferred: the headline comes before the standfirst that paraphrases it.
pub fn choose(lines: &[&str], candidates: &[usize], story: &[&str]) -> Option<usize> {
    let contents: Vec<(usize, FxHashSet<String>)> = candidates
        .iter()
        .map(|&i| (i, content_words(lines[i])))
        .filter(|(_, content)| !content.is_empty())
        .collect();
    if contents.len() <= 1 {
        // Nothing to compare: a lone line with content is the headline.
        return contents.first().map(|&(i, _)| i);
    }
    // Only the candidates' words matter, so the story is not collected word by word.
    let wanted: FxHashSet<&str> = contents
        .iter()
        .flat_map(|(_, content)| content.iter().map(String::as_str))
        .collect();
    let mut shared_words: FxHashSet<&str> = FxHashSet::default();
    for line in story {
        let key = fold::key(line);
        for word in content_word_forms(&key) {
            if let Some(&known) = wanted.get(word) {
                shared_words.insert(known);
            }
        }
    }
    let scored: Vec<(f32, usize)> = contents
        .iter()
        .map(|(i, content)| {
            let shared = content
                .iter()
                .filter(|w| shared_words.contains(w.as_str()))
                .count();
            // A section label ("Israel & the Region") may share all of its two words with the
            // story; a headline has more to say.
            let fullness = (content.len() as f32 / 4.0).min(1.0);
            (fullness * shared as f32 / content.len() as f32, *i)
        })
        .collect();
    let best = scored.iter().map(|(s, _)| *s).fold(0.0_f32, f32::max);
    scored
        .iter()
        .find(|(s, _)| *s >= best - 0.25 && (*s >= 0.3 || *s >= best))
        .map(|&(_, i)| i)
}

/// The headline text, without a trailing outlet name and the section names before it
/// (`… - Reuters`, `… | Middle East News | Al Jazeera`).
pub fn clean(line: &str, knowledge: &Knowledge) -> String {
    let mut title = line.trim();
    let mut cut_outlet = false;
    loop {
        let split = SEPARATORS
            .iter()
            .filter_map(|sep| title.rsplit_once(sep))
            .max_by_key(|(head, _)| head.len());
        let Some((head, tail)) = split else { break };
        let is_outlet = knowledge.outlets.resolve(tail).is_some();
        // After the outlet, short capitalised segments are section names.
        let is_section =
            cut_outlet && page::at_most_words(tail, 3) && page::capitalised_share(tail) >= 0.99;
        if words(head) < 3 || !(is_outlet || is_section) {
            break;
        }
        cut_outlet = true;
        title = head.trim();
    }
    title.to_string()
}

const SEPARATORS: [&str; 6] = [" | ", " - ", " – ", " — ", " :: ", " · "];

/// The id of the outlet named by a headline suffix, if any.
pub fn outlet_suffix(line: &str, knowledge: &Knowledge) -> Option<usize> {
    SEPARATORS
        .iter()
        .filter_map(|sep| line.rsplit_once(sep))
        .find(|(head, _)| words(head) >= 3)
        .and_then(|(_, tail)| knowledge.outlets.resolve_id(tail))
}

/// Lowercase content words of a text, crudely singularised, for overlap tests.
pub fn content_words(text: &str) -> FxHashSet<String> {
    content_word_forms(&fold::key(text))
        .map(str::to_string)
        .collect()
}

/// The content words of a folded text, in the form [`content_words`] keeps.
fn content_word_forms(key: &str) -> impl Iterator<Item = &str> {
    key.split(' ')
        .filter(|w| w.len() >= 3 && !stopwords::is_stopword(w))
        .map(|w| w.strip_suffix('s').unwrap_or(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_the_body_talks_about_is_the_headline() {
        let lines = [
            "Independent journalism since 1998",
            "Drone strike hits militia convoy near Qaim",
            "Politics | Security",
        ];
        let story =
            ["A drone strike hit a convoy of militia vehicles near the border town of Qaim."];
        assert_eq!(choose(&lines, &[0, 1, 2], &story), Some(1));
        // A standfirst that repeats the story more closely does not displace the headline.
        let lines = [
            "Drone strike hits militia convoy",
            "A drone hit a convoy of militia vehicles near the border town of Qaim",
        ];
        assert_eq!(choose(&lines, &[0, 1], &story), Some(0));
        // A lone candidate is the headline if it has content words at all.
        assert_eq!(choose(&lines, &[1], &story), Some(1));
        assert_eq!(choose(&["The and of"], &[0], &story), None);
    }

    #[test]
    fn site_title_bars_are_no_headlines_and_suffixed_headlines_are() {
        let k = Knowledge::builtin();
        assert!(is_outlet_line("rudaw.net - Latest news", &k));
        assert!(is_outlet_line("Al Jazeera | Breaking News, World News", &k));
        assert!(!is_candidate("aljazeera.com - Latest news", &k));
        assert!(!is_outlet_line("Drone strike hits convoy - Reuters", &k));
        assert!(is_candidate("Militia vows revenge for strike | Rudaw", &k));
        assert!(!is_candidate("World | Middle East | Rudaw", &k));
        assert!(!is_candidate("Politics | Rudaw", &k));
    }

    #[test]
    fn outlet_suffixes_are_removed() {
        let k = Knowledge::builtin();
        assert_eq!(
            clean("Rockets hit Baghdad airport - Reuters", &k),
            "Rockets hit Baghdad airport"
        );
        assert_eq!(
            clean("Drone strike kills two | Middle East News | Al Jazeera", &k),
            "Drone strike kills two"
        );
        assert_eq!(
            clean("Iraq: a year of living - dangerously", &k),
            "Iraq: a year of living - dangerously"
        );
    }
}
