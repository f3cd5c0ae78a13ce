//! Lines that sit in or around a story without being part of it, told by their wording:
//! "Advertisement" and "Read more:" between paragraphs, bylines and date lines above the
//! story, "Reporting by …" and "(AFP)" below it. The wording is English, as most of the
//! collections this tool reads are; other languages fall back on structure alone.

/// Whether a paragraph ends like a sentence, closing quotes and brackets aside.
pub(super) fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(['"', '”', '’', '\'', ')', '»'])
        .ends_with(['.', '!', '?', '。', '؟'])
}

/// Short lines of page furniture that sit between paragraphs.
pub(super) fn is_boilerplate(text: &str) -> bool {
    if text.chars().count() > 120 {
        return false;
    }
    let lower = text.to_lowercase();
    let lower = lower.trim_end_matches([':', '.', '»', '›', '>', ' ']);
    const WHOLE: &[&str] = &[
        "advertisement",
        "advertising",
        "sponsored",
        "sponsored content",
        "share",
        "share this",
        "share this article",
        "share this story",
        "tweet",
        "email",
        "print",
        "comments",
        "related",
        "related articles",
        "related stories",
        "related news",
        "read more",
        "read also",
        "also read",
        "see also",
        "more",
        "continue reading",
        "scroll to continue",
        "story continues below",
        "article continues below",
        "skip advertisement",
        "subscribe",
        "sign up",
        "loading",
        "loading…",
    ];
    if WHOLE.contains(&lower) {
        return true;
    }
    const STARTS: &[&str] = &[
        "read more:",
        "read also:",
        "also read:",
        "see also:",
        "related:",
        "recommended:",
        "more:",
        "share this",
        "share on ",
        "follow us on",
        "follow our",
        "sign up for",
        "sign up to",
        "subscribe to",
        "click here",
        "download our app",
        "join our",
        "copyright ©",
        "© ",
        "all rights reserved",
        "photo:",
        "image:",
        "file photo",
        "picture:",
        "video:",
        "watch:",
        "listen:",
        "(photo",
        "(image",
    ];
    STARTS.iter().any(|s| lower.starts_with(s))
}

/// "By Jane Doe", "Published 3 March 2021", "Updated: 10:42 GMT": a byline or date line.
pub(super) fn is_byline(text: &str) -> bool {
    let words = text.split_whitespace().count();
    if words > 14 || ends_sentence(text) && words > 3 {
        return false;
    }
    let lower = text.to_lowercase();
    if let Some(rest) = lower.strip_prefix("by ") {
        // "By Jane Doe", not "By then, …".
        let rest = &text[text.len() - rest.len()..];
        let clause = rest
            .split(", ")
            .skip(1)
            .any(|part| part.chars().next().is_some_and(char::is_lowercase));
        return rest.chars().next().is_some_and(char::is_uppercase) && !clause;
    }
    const STARTS: &[&str] = &[
        "published",
        "updated",
        "last updated",
        "first published",
        "posted",
        "written by",
        "date:",
    ];
    if STARTS.iter().any(|s| lower.starts_with(s)) {
        return true;
    }
    // A line that is mostly a date: a month name or numeric date, and a year.
    let has_year = lower
        .split(|c: char| !c.is_ascii_digit())
        .any(|d| d.len() == 4 && (d.starts_with("19") || d.starts_with("20")));
    const MONTHS: &[&str] = &[
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let has_month = lower
        .split(|c: char| !c.is_alphabetic())
        .any(|w| w.len() >= 3 && MONTHS.iter().any(|m| w.starts_with(m)));
    has_year && has_month && words <= 8
}

/// A closing credit: who reported, wrote, edited or translated, where the story first ran,
/// whom to contact.
pub(super) fn is_credit(text: &str) -> bool {
    let words = text.split_whitespace().count();
    if words > 60 {
        return false;
    }
    let lower = text.to_lowercase();
    let lower = lower.trim_start_matches(['(', '[', '*', ' ']);
    const STARTS: &[&str] = &[
        "reporting by",
        "additional reporting",
        "writing by",
        "editing by",
        "edited by",
        "compiled by",
        "translated by",
        "translation of",
        "with reporting by",
        "this article was originally",
        "this article originally",
        "this story was originally",
        "this article was translated",
        "this report was produced",
        "this article was produced",
        "this story was produced",
        "a version of this article",
        "for more information",
        "for further information",
        "media contact",
        "press contact",
    ];
    const CONTAINS: &[&str] = &[
        "contributed to this report",
        "contributed to this article",
        "contributed to this story",
        "contributed reporting",
        "contributed additional reporting",
    ];
    STARTS.iter().any(|s| lower.starts_with(s))
        || words <= 30 && CONTAINS.iter().any(|s| lower.contains(s))
        || words <= 30 && is_reported_from(text)
}

/// "Jane Doe reported from Amman." at the foot of a story.
fn is_reported_from(text: &str) -> bool {
    let Some(at) = text.find(" reported from ") else {
        return false;
    };
    let name: Vec<&str> = text[..at].split_whitespace().collect();
    (2..=4).contains(&name.len())
        && name
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// A few words that are not a sentence: a label, a credit, an agency tag ("The Daily with
/// AFP", "(Reuters)").
pub(super) fn is_fragment(text: &str) -> bool {
    let words = text.split_whitespace().count();
    let parenthesised = text.starts_with('(') && text.ends_with(')') && words <= 10;
    parenthesised || words <= 6 && !ends_sentence(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_credits_are_recognised() {
        assert!(is_credit("Reporting by Jane Doe; Editing by John Roe"));
        assert!(is_credit("(Reporting by Jane Doe)"));
        assert!(is_credit("Jane Doe in Mosul contributed to this report."));
        assert!(is_credit(
            "Jane Doe reported from Amman, and John Roe from Cairo."
        ));
        assert!(!is_credit(
            "The minister said the attack was reported from the north."
        ));
        assert!(is_fragment("(AFP)"));
        assert!(is_fragment("The Daily with AFP"));
        assert!(!is_fragment("He declined to comment."));
    }

    #[test]
    fn bylines_and_date_lines_are_recognised() {
        assert!(is_byline("By Jane Doe"));
        assert!(is_byline("By Jane Doe, Reuters"));
        assert!(is_byline("Published 3 March 2021"));
        assert!(is_byline("March 3, 2021 10:42 GMT"));
        assert!(!is_byline(
            "By Friday, the rebels had taken the town and the bridge across the river."
        ));
        assert!(!is_byline("By noon, the fire was out."));
    }
}
