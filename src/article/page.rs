//! A flattened web page as lines, and what each line looks like.
//!
//! Text saved from a news page mixes the article with the site's chrome: menus, bylines,
//! captions, share buttons, related links, comment widgets, footers. No list of exact strings
//! can cover every site, so lines are judged by general signals: length, sentence punctuation,
//! and the small vocabularies that widgets everywhere share ("share", "comments", "photo:",
//! "read more", "©"). The extractors in the sibling modules build on these judgements.

use regex::{Regex, RegexSet};
use std::sync::LazyLock;

/// The lines of a page, trimmed, with blank lines kept as empty strings.
#[derive(Debug)]
pub struct Page<'a> {
    /// Trimmed lines, in order.
    pub lines: Vec<&'a str>,
}

impl<'a> Page<'a> {
    /// Splits text into trimmed lines.
    pub fn new(text: &'a str) -> Self {
        let lines = text
            .lines()
            .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}'))
            .collect();
        Page { lines }
    }
}

/// What a chrome line is, when it is not article text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chrome {
    /// Share buttons, ads, menus, labels, cookie notices: dropped wherever they are.
    Widget,
    /// An image caption or photo credit.
    Caption,
    /// A link to another article ("Read: …", "Related: …").
    Related,
    /// The heading of a related-links block; link titles follow it.
    RelatedBlock,
    /// An author line ("By Jane Doe", "Staff Writer").
    Byline,
    /// A reporting credit ("Reporting by …", "(With inputs from agencies)").
    Credit,
    /// The start of what follows an article: comments, newsletter box, copyright, "Source link".
    Trailer,
}

/// The number of words in a line (separators such as `|` or `-` are not words).
pub fn words(line: &str) -> usize {
    count_words(line, usize::MAX)
}

/// True when a line has at most `n` words. Counting stops after `n + 1`, so a long
/// paragraph costs no more than a short line.
pub fn at_most_words(line: &str, n: usize) -> bool {
    count_words(line, n.saturating_add(1)) <= n
}

/// Whitespace-separated tokens holding a letter or digit, counted up to `stop_at`.
fn count_words(line: &str, stop_at: usize) -> usize {
    let mut count = 0;
    let mut counted = false;
    let bytes = line.as_bytes();
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        // ASCII, most of any line, is classified by table; other characters decoded.
        let class = match BYTE_CLASS[usize::from(byte)] {
            OTHER_BYTE => {
                let Some(c) = line[i..].chars().next() else {
                    break;
                };
                i += c.len_utf8();
                if c.is_whitespace() {
                    SPACE
                } else if c.is_alphanumeric() {
                    WORD
                } else {
                    MARK
                }
            }
            ascii => {
                i += 1;
                ascii
            }
        };
        if class == SPACE {
            counted = false;
        } else if !counted && class == WORD {
            counted = true;
            count += 1;
            if count >= stop_at {
                break;
            }
        }
    }
    count
}

/// Classes of [`BYTE_CLASS`]: a space, a letter or digit, any other ASCII, a non-ASCII byte.
const SPACE: u8 = 0;
const WORD: u8 = 1;
const MARK: u8 = 2;
const OTHER_BYTE: u8 = 3;

/// The class of every byte, as `char::is_whitespace` and `char::is_alphanumeric` see ASCII.
static BYTE_CLASS: [u8; 256] = {
    let mut table = [OTHER_BYTE; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_whitespace() || byte == 0x0b {
            SPACE
        } else if byte.is_ascii_alphanumeric() {
            WORD
        } else {
            MARK
        };
        b += 1;
    }
    table
};

/// True when a line reads as running prose: long, with sentence punctuation, not a
/// headline in title case.
pub fn is_prose(line: &str) -> bool {
    // Every test below is of at most 25 words.
    let n = count_words(line, 25);
    (n >= 20 || (n >= 10 && has_sentence_end(line))) && !(n < 25 && capitalised_share(line) >= 0.6)
}

/// The share of words that start with a capital letter (menus and title-case headlines are
/// mostly capitals; prose is not).
pub fn capitalised_share(line: &str) -> f32 {
    let mut all = 0;
    let mut caps = 0;
    for word in line
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
    {
        all += 1;
        if word
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .starts_with(char::is_uppercase)
        {
            caps += 1;
        }
    }
    if all == 0 {
        0.0
    } else {
        caps as f32 / all as f32
    }
}

/// True when a line is long enough to open an article (a lede or a standfirst).
pub fn is_sentence_like(line: &str) -> bool {
    words(line) >= 10 && chrome(line).is_none()
}

/// True when a line ends like a sentence or holds a sentence break (`said. The`, not the
/// abbreviation in `U.S. Embassy`).
pub fn has_sentence_end(line: &str) -> bool {
    let trimmed = line.trim_end_matches(['"', '”', '’', '\'', ')', '»']);
    if trimmed.ends_with(['.', '!', '?', '…']) {
        return true;
    }
    let bytes = line.as_bytes();
    line.match_indices(". ").any(|(i, _)| {
        i >= 2 && bytes[i - 1].is_ascii_lowercase() && bytes[i - 2].is_ascii_lowercase()
    })
}

static TRAILER: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([
        r"^\d+\s+(comments?|responses?|replies|thoughts)(?-u:\b)",
        r"^comments?\s*(\(\d+\)|:)$",
        r"^(leave|post|add|write|submit) (a|your) (reply|comment|response)",
        r"^(join|start) the (discussion|conversation)",
        r"^(notify of|inline feedbacks|view all comments|show comments|load comments|oldest|newest|most voted)(?-u:\b)",
        r"your email address will not be published",
        r"moderates (all )?comments|comments? (submitted|are moderated|policy)|^(reader|user)s?'? comments",
        r"^(you must be )?logged in to (post|comment)",
        r"^source link$",
        r"^(sign up|subscribe|register) (for|to) (our|the|a)(?-u:\b).*(newsletter|mailing list|updates|alerts|digest)",
        r"^join (the|our) (mailing list|newsletter)",
        r"^(get|receive) (our|the)(?-u:\b).*(?-u:\b)newsletter",
        r"^(©|\(c\)\s|copyright(?-u:\b))",
        r"all rights reserved",
        r"^(our|editorial) (standards|policy|policies|principles)(?-u:\b)",
        r"(?-u:\b)(is|are) published by(?-u:\b)|website contains only|only a (part|portion) of the news|delivers independent(?-u:\b)",
        r"^(tags?|topics?|related topics|filed under|categories)\s*:?$",
        r"^(tags?|topics?|filed under|categories)\s*:",
    ])
    .expect("trailer patterns are valid")
});

static RELATED_BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(more on (the|this) (topic|story|subject)|related( articles| stories| news| coverage| posts| content| reading)?|more (stories|news|articles|from [\w\s]+|in [\w\s]+)|(you|you might|you may) (also )?(like|enjoy|be interested in)|read next|recommended( for you| stories| articles| reading)?|(most|more) (read|popular|viewed|shared)|trending( now| stories)?|latest (news|stories)|editor'?s picks|what to read next|further reading|see also|also on [\w\s]+)\s*:?$",
    )
    .expect("related-block pattern is valid")
});

static RELATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(read|also read|read also|read more|see also|related|related article|related story|watch|listen|more|recommended|further reading|don'?t miss|must read|suggested)\s*(:|>|»|\||–|—|-)\s*\S",
    )
    .expect("related pattern is valid")
});

static CAPTION: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([
        r"(?-u:\b)(photograph|photo|image|picture|pic|credit|credits|source image)\s*:\s*\(?",
        r"\((photo|file photo|image|picture|credit)(?-u:\b)",
        r"^(file photo|file image|file picture)(?-u:\b)",
        r"(?-u:\b)(getty images|via getty|afp via getty|shutterstock|associated press photo|ap photo|reuters photo|epa-efe|anadolu agency photo)(?-u:\b)",
        r"/(afp|reuters|ap|epa|getty|anadolu|xinhua|aa)( photo)?\)?\s*$",
        r"^click (here )?to (see|enlarge|view|expand|zoom)",
        r"^(main )?(img|image|photo|picture|video|gallery)(\s*\d+)?$",
        r"^(enlarge|expand) (this )?(image|photo)",
        r"^\(?(photo|image|picture)s?\)?$",
        r"(?-u:\b)(reuters|afp|ap|epa|getty|anadolu|xinhua|aa|un|dpa|ina|spa|wam|irna|photo)/[a-z]",
        r"\((reuters|afp|ap|epa|getty images|anadolu|aa|xinhua|spa|wam|ina|dpa|irna|file|archive|reuters archive|aa photo|afp photo|ap photo|handout|supplied)\)$",
        r"(\.|—|–)\s*(afp|reuters|ap|epa|getty images|aa|anadolu|xinhua)$",
        r"^illustrative( photo| image)?:",
        r"^(image|photo|picture|video) (caption|source|credit)s?(?-u:\b)",
        r"^\[\d+/\d+\]",
        r"\([^()]{2,40}/[^()]{2,40}\)$",
    ])
    .expect("caption patterns are valid")
});

static WIDGET: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([
        r"^(share|tweet|pin it|email|e-mail|print|whatsapp|facebook|twitter|x|telegram|linkedin|reddit|copy link|copy url|save|bookmark|gift article)(?-u:\b)",
        r"^(advertisement|advertising|advert|sponsored( content)?|ad|scroll to continue|continue reading|story continues( below)?|article continues below)(?-u:\b)",
        r"^(subscribe|sign in|log in|login|log out|register|sign up|menu|search|home|close|skip to (main )?content|back to top|main menu|navigation|toggle navigation)(?-u:\b)",
        r"^(story highlights|highlights|key points|in brief|summary|at a glance|listen to (this )?(article|story)|\d+\s*min(ute)?s? read|reading time)(?-u:\b)",
        r"^(follow|like|join) us(?-u:\b)",
        r"^(accept|reject|manage)( all)? (cookies|settings|preferences)",
        r"^(next|previous|prev) (article|story|post)(?-u:\b)",
        r"^(updated|published|posted|last updated|first published)\s*:?$",
        r"^(loading|please wait|javascript is (disabled|required))(?-u:\b)",
        r"^like this:|^like loading",
        r"^(this|the) (article|story|content) is (available|only available) ",
        r"^(breaking( news)?|live|exclusive|opinion|analysis|video|watch|explainer)$",
        r"^[\w-]+_[\w-]+$",
    ])
    .expect("widget patterns are valid")
});

static COOKIE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)cookies?(?-u:\b).*(?-u:\b)(consent|privacy|agree|accept|browsing|experience|settings|policy)(?-u:\b)",
    )
    .expect("cookie pattern is valid")
});

static PROMO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(click (here|the)|save (articles|this article|to read later)|get (email alerts|the free|our|the latest)|",
        r"keep up to date|subscribe (to|for|now)|download (the|our)|by signing up|we'?re (really )?pleased|",
        r"you'?ve read \d+|give this article|read in app|read more about|for more information,? (contact|visit|please)|",
        r"purchase licensing|please contact us|this article is more than|learn more about|listen to this|",
        r"support (our|independent) journalism|sign up (for|to)|join (us|our) on|follow (us|the latest)|",
        r"a version of this article appear|this (article|story) (was|has been) (amended|corrected)|report an error|",
        r"share (this|on|via)|copy (the )?link|related topics|more on this story|recommended by)",
    ))
    .expect("promo pattern is valid")
});

static CREDIT: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([
        r"^\(?(with inputs from|with input from|additional reporting|reporting by|writing by|written by|editing by|edited by|compiled by|translated by|produced by)(?-u:\b)",
        r"(?-u:\b)(contributed (reporting )?to this (report|story|article))\.?\)?$",
        r"^(editor|editors|reporter|reporters)\s*:\s*\S",
    ])
    .expect("credit patterns are valid")
});

static BYLINE_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(web team|web desk|news desk|news room|online desk|digital desk|staff writer|staff reporter|staff|newsroom|correspondent|contributor|special correspondent|bureau|desk|editorial team|news service)$",
    )
    .expect("byline pattern is valid")
});

static BYLINE_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(By|BY|Written by|Words by|Author:|Reporter:)\s+\p{Lu}")
        .expect("byline prefix is valid")
});

static AUTHOR_LIST: LazyLock<Regex> = LazyLock::new(|| {
    let name = r"\p{Lu}[\p{L}'’.-]+(?: \p{Lu}[\p{L}'’.-]+){1,2}";
    Regex::new(&format!(r"^{name}(?:, {name})*,? and {name}$"))
        .expect("author list pattern is valid")
});

/// Lines that are the text of a caption announced by a label line ("Image caption," followed
/// by the caption on its own line).
pub fn labelled_captions(lines: &[&str]) -> Vec<bool> {
    let mut out = vec![false; lines.len()];
    for (i, line) in lines.iter().enumerate() {
        let lower = line.to_lowercase();
        let is_label = at_most_words(line, 3)
            && ["caption", "image", "photo", "picture"]
                .iter()
                .any(|w| lower.trim_end_matches([',', ':']).ends_with(w));
        if is_label {
            if let Some(next) = (i + 1..lines.len()).find(|&j| !lines[j].is_empty()) {
                out[next] = chrome(lines[next]).is_none() && !is_prose_paragraph(lines[next]);
            }
        }
    }
    out
}

/// A caption is one sentence at most; a multi-sentence paragraph is article text.
fn is_prose_paragraph(line: &str) -> bool {
    line.matches(". ").count() >= 2
}

/// Puts a space where flattening glued two words together at a lower-to-upper case change
/// ("New DelhiUpdated", "Skip to contentSkip").
pub fn unglue(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut prev_lower = false;
    for c in line.chars() {
        if prev_lower && c.is_uppercase() {
            out.push(' ');
        }
        prev_lower = c.is_lowercase();
        out.push(c);
    }
    out
}

/// What kind of chrome a line is, or `None` when it may be article text.
pub fn chrome(line: &str) -> Option<Chrome> {
    if at_most_words(line, 8) {
        let spaced = unglue(line);
        if spaced.len() != line.len() {
            return chrome_of(&spaced);
        }
    }
    chrome_of(line)
}

fn chrome_of(line: &str) -> Option<Chrome> {
    let lower = line.to_lowercase();
    let lower = lower.trim();
    if lower.is_empty() {
        return None;
    }
    // Every test below is of at most 60 words, so counting stops after 61.
    let n = count_words(lower, 61);
    // Word counts first: the patterns are the costly part, and most lines are prose.
    if n <= 45 && TRAILER.is_match(lower) {
        return Some(Chrome::Trailer);
    }
    if n <= 8 && RELATED_BLOCK.is_match(lower) {
        return Some(Chrome::RelatedBlock);
    }
    if RELATED.is_match(lower) && !is_prose_paragraph_after_label(line) {
        return Some(Chrome::Related);
    }
    if n <= 40 && CAPTION.is_match(lower) {
        return Some(Chrome::Caption);
    }
    if (n <= 8 && WIDGET.is_match(lower))
        || (n <= 60 && COOKIE.is_match(lower))
        || (n <= 30 && PROMO.is_match(lower))
    {
        return Some(Chrome::Widget);
    }
    if n <= 25 && CREDIT.is_match(lower) {
        return Some(Chrome::Credit);
    }
    if (n <= 8 && (BYLINE_PREFIX.is_match(line) || BYLINE_SUFFIX.is_match(lower)))
        || (n <= 14 && AUTHOR_LIST.is_match(line))
    {
        return Some(Chrome::Byline);
    }
    None
}

/// "Watch: …" or "Read: …" labels introduce links; a label followed by a long paragraph with
/// several sentences is an article paragraph that happens to begin with such a word.
fn is_prose_paragraph_after_label(line: &str) -> bool {
    words(line) >= 30 && line.matches(". ").count() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn word_counts_agree_with_a_count_over_characters(
            line in "[ a-zA-Z0-9\t\u{b}\u{85}\u{a0}\u{2003}é漢Ω,.|'-]{0,60}",
            stop_at in 1usize..12,
        ) {
            let mut expected = 0;
            for token in line.split(char::is_whitespace) {
                if expected < stop_at && token.chars().any(char::is_alphanumeric) {
                    expected += 1;
                }
            }
            proptest::prop_assert_eq!(count_words(&line, stop_at), expected);
        }
    }

    #[test]
    fn chrome_lines_are_recognised_by_kind() {
        let cases = [
            ("Share this article", Some(Chrome::Widget)),
            ("Advertisement", Some(Chrome::Widget)),
            ("Story highlights", Some(Chrome::Widget)),
            ("page_header", Some(Chrome::Widget)),
            ("We use cookies to improve your experience. By browsing you agree to our policy.", Some(Chrome::Widget)),
            ("A damaged car near the site of the blast. Photo: Reuters", Some(Chrome::Caption)),
            ("Security forces at a checkpoint (File photo)", Some(Chrome::Caption)),
            ("Smoke rises over the city. AFP via Getty Images", Some(Chrome::Caption)),
            ("Click to enlarge", Some(Chrome::Caption)),
            ("READ: Militias vow revenge after strike", Some(Chrome::Related)),
            ("Also read: What we know about the drone attack", Some(Chrome::Related)),
            ("Related Stories", Some(Chrome::RelatedBlock)),
            ("You may also like", Some(Chrome::RelatedBlock)),
            ("By Sarah Connolly", Some(Chrome::Byline)),
            ("Gulf Desk Staff Writer", Some(Chrome::Byline)),
            ("Lina Haddad, Omar Saleh and Dan Brook", Some(Chrome::Byline)),
            ("Skip to contentSkip to site index", Some(Chrome::Widget)),
            ("Reporting by Ali Hassan; Editing by Mark Potter", Some(Chrome::Credit)),
            ("(With inputs from agencies)", Some(Chrome::Credit)),
            ("12 Comments", Some(Chrome::Trailer)),
            ("Leave a comment", Some(Chrome::Trailer)),
            ("© 2021 Example Media Group. All rights reserved.", Some(Chrome::Trailer)),
            ("Sign up for our daily newsletter", Some(Chrome::Trailer)),
            ("Tags:", Some(Chrome::Trailer)),
            ("Two rockets struck the area near the embassy at dawn, police said.", None),
            ("Security tightened", None),
            ("By the end of the day, three more rockets had landed near the airport, officials said.", None),
        ];
        for (line, want) in cases {
            assert_eq!(chrome(line), want, "{line:?}");
        }
    }

    #[test]
    fn words_are_tokens_with_a_letter_or_digit() {
        let line = "World | Middle East — 2021 … al-Kadhimi’s";
        assert_eq!(words(line), 5);
        assert!(at_most_words(line, 5));
        assert!(!at_most_words(line, 4));
        assert!(at_most_words("", 0));
        assert_eq!(count_words(line, 3), 3);
    }

    #[test]
    fn prose_needs_length_and_sentences() {
        assert!(is_prose(
            "Two rockets struck the area near the embassy at dawn, police said."
        ));
        assert!(!is_prose("Rockets fired near US embassy in Baghdad"));
        assert!(!is_prose("Subscribe"));
        assert!(!is_prose(
            "Two Rockets Target U.S. Embassy In Baghdad In Rejection Of Training Mission"
        ));
        assert!(!has_sentence_end("Militias near U.S. Embassy"));
        assert!(has_sentence_end("They left. Police came"));
    }
}
