//! The headline: the header line that the story is about.
//!
//! Above the first paragraph a page may show banners, section names, taglines, bylines,
//! datelines and captions as well as the headline. Chrome is ruled out by `page::chrome`;
//! among what is left, the headline is the line whose content words the body repeats most
//! (a tagline or a banner shares few words with the story). An outlet suffix such as
//! ` - Reuters` or ` | Al Jazeera` is removed.

use std::collections::HashSet;

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
        && !is_menu(line)
        && !super::body::is_meta_line(line, knowledge)
}

/// True for a site's menu or section line: only short items between `|` separators
/// ("World | Middle East | Business"), or a site name with its slogan.
fn is_menu(line: &str) -> bool {
    let items: Vec<&str> = line.split(['|', '•', '·', '»']).collect();
    items.len() >= 2 && items.iter().all(|item| words(item) <= 4)
}

/// True when a line only names an outlet or shows its tagline ("Iran Press TV").
pub fn is_outlet_line(line: &str, knowledge: &Knowledge) -> bool {
    // Names and taglines are short; most lines can be ruled out without folding them.
    if words(line) > 12 {
        return false;
    }
    let folded = fold::Folded::new(line);
    if knowledge.outlets.name_id(&folded.text).is_some() {
        return true;
    }
    knowledge
        .outlets
        .find_taglines(&folded)
        .iter()
        .any(|m| m.end - m.start + 12 >= folded.text.len())
}

/// The index of the headline among `candidates`, judged against the body's vocabulary.
///
/// The best-sharing line wins, except that an earlier line sharing nearly as much is
/// preferred: the headline comes before the standfirst that paraphrases it.
pub fn choose(lines: &[&str], candidates: &[usize], body_words: &HashSet<String>) -> Option<usize> {
    let scored: Vec<(f32, usize)> = candidates
        .iter()
        .filter_map(|&i| {
            let content = content_words(lines[i]);
            let shared = content.iter().filter(|w| body_words.contains(*w)).count();
            // A section label ("Israel & the Region") may share all of its two words with the
            // story; a headline has more to say.
            let fullness = (content.len() as f32 / 4.0).min(1.0);
            (!content.is_empty()).then(|| (fullness * shared as f32 / content.len() as f32, i))
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
        let is_section = cut_outlet && words(tail) <= 3 && page::capitalised_share(tail) >= 0.99;
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
pub fn content_words(text: &str) -> HashSet<String> {
    fold::key(text)
        .split(' ')
        .filter(|w| w.len() >= 3 && !stopwords::is_stopword(w))
        .map(|w| w.strip_suffix('s').unwrap_or(w).to_string())
        .collect()
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
        let body = content_words(
            "A drone strike hit a convoy of militia vehicles near the border town of Qaim.",
        );
        assert_eq!(choose(&lines, &[0, 1, 2], &body), Some(1));
        // A standfirst that repeats the story more closely does not displace the headline.
        let lines = [
            "Drone strike hits militia convoy",
            "A drone hit a convoy of militia vehicles near the border town of Qaim",
        ];
        assert_eq!(choose(&lines, &[0, 1], &body), Some(0));
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
