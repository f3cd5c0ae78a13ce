//! Where the article is on the page: header, headline, body paragraphs, trailer.
//!
//! The body begins at the first sentence-like line after the headline (a standfirst or the
//! lede) and ends where the page's trailer begins: a comment widget, a newsletter box, a
//! copyright line, an aggregator's "Source link". Inside it, captions, related-article links,
//! share buttons, credits and dateline-only lines are dropped, a related-links block is
//! skipped up to the next paragraph, and lines repeating the headline are collapsed. Readers'
//! comments come after the trailer starts, so they never reach the body (nor the actors).

use std::collections::HashSet;

use super::page::{self, chrome, is_prose, words, Chrome, Page};
use super::{date, title};
use crate::knowledge::{fold, Knowledge};

/// The parts of a page, as line indices.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// The headline line.
    pub title: Option<usize>,
    /// Lines above the body (banners, bylines, datelines), headline excluded.
    pub header: Vec<usize>,
    /// The body's lines, in order.
    pub body: Vec<usize>,
    /// Lines after the body (trailer, comments, footer).
    pub footer: Vec<usize>,
    /// Dateline-only lines among the first paragraphs (a date under a standfirst).
    pub datelines: Vec<usize>,
}

/// Finds headline, body and chrome on a page.
pub fn layout(page: &Page<'_>, knowledge: &Knowledge) -> Layout {
    let lines = &page.lines;
    let first_prose = lines
        .iter()
        .position(|l| is_prose(l) && chrome(l).is_none() && !date::is_date_line(l))
        .or_else(|| lines.iter().position(|l| page::is_sentence_like(l)));
    let Some(first_prose) = first_prose else {
        // No paragraph at all: the best headline-like line is the title, nothing is body.
        let title = lines.iter().position(|l| title::is_candidate(l, knowledge));
        return Layout {
            title,
            header: (0..lines.len()).filter(|&i| Some(i) != title).collect(),
            ..Layout::default()
        };
    };

    let candidates: Vec<usize> = (0..first_prose)
        .filter(|&i| title::is_candidate(lines[i], knowledge))
        .collect();
    let story = &lines[first_prose..lines.len().min(first_prose + 40)];
    let title = title::choose(lines, &candidates, story);

    let title_key = title.map(|t| fold::key(&title::clean(lines[t], knowledge)));
    // A headline has at most 30 words (`title::is_candidate`); with an outlet suffix, a
    // repeat of it has a few more, never the length of a paragraph.
    let is_title_repeat = |line: &str| {
        title_key.is_some()
            && page::at_most_words(line, 40)
            && title_key.as_deref() == Some(fold::key(&title::clean(line, knowledge)).as_str())
    };
    let captions = page::labelled_captions(lines);
    let start = title.map_or(0, |t| t + 1);
    let body_start =
        opening(lines, start, &captions, &is_title_repeat, knowledge).unwrap_or(first_prose);

    let mut body = Vec::new();
    let mut end = lines.len();
    let mut in_related_block = false;
    let mut seen: HashSet<String> = HashSet::new();
    let mut datelines = Vec::new();
    for (i, line) in lines.iter().enumerate().skip(body_start) {
        if line.is_empty() {
            continue;
        }
        let kind = if captions[i] {
            Some(Chrome::Caption)
        } else {
            chrome(line)
        };
        if kind == Some(Chrome::Trailer) && !body.is_empty() {
            end = i;
            break;
        }
        if kind == Some(Chrome::RelatedBlock) {
            in_related_block = true;
            continue;
        }
        if in_related_block {
            if !is_prose(line) || kind.is_some() {
                continue;
            }
            in_related_block = false;
        }
        if kind.is_none()
            && body.len() < 3
            && (date::is_date_line(line) || is_meta_line(line, knowledge))
        {
            datelines.push(i);
            continue;
        }
        if kind.is_some()
            || page::at_most_words(line, 1)
            || date::is_date_line(line)
            || is_meta_line(line, knowledge)
        {
            continue;
        }
        if is_title_repeat(line)
            || title::is_outlet_line(line, knowledge)
            || !seen.insert(fold::key(line))
        {
            continue;
        }
        body.push(i);
    }
    // Whatever trails the last real paragraph (link titles, labels) is not the article.
    while let Some(&last) = body.last() {
        if is_paragraph_end(lines[last]) {
            break;
        }
        body.pop();
    }
    let footer_start = if end < lines.len() {
        end
    } else {
        body.last().map_or(body_start, |&i| i + 1)
    };
    Layout {
        title,
        header: (0..body_start).filter(|&i| Some(i) != title).collect(),
        footer: (footer_start..lines.len()).collect(),
        body,
        datelines,
    }
}

/// The body text: kept lines as paragraphs separated by blank lines, without an end marker
/// glued to the last one ("… provinces. Enditem").
pub fn text(page: &Page<'_>, layout: &Layout) -> String {
    let mut body = layout
        .body
        .iter()
        .map(|&i| page.lines[i])
        .collect::<Vec<_>>()
        .join("\n\n");
    strip_end_marker(&mut body);
    body
}

/// A body its source states, in the form of extracted ones: each line a paragraph, trimmed,
/// whitespace runs collapsed, paragraphs separated by one blank line, no wire end marker.
pub fn tidy(text: &str) -> String {
    let mut body = text
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    strip_end_marker(&mut body);
    body
}

fn strip_end_marker(body: &mut String) {
    for marker in END_MARKERS {
        if let Some(rest) = body.strip_suffix(marker) {
            if rest.ends_with([' ', '.', '\n']) {
                body.truncate(rest.trim_end().len());
            }
        }
    }
}

/// Tokens wire services put after the last paragraph.
const END_MARKERS: [&str; 6] = ["Enditem", "(END)", "-30-", "###", "/End/", "ENDS"];

/// Where the article's own text starts after the headline.
///
/// Between headline and story, pages put standfirsts, bylines, datelines and captions. The body
/// opens with the first paragraph after the last byline or dateline, found where two
/// paragraphs follow each other without one of those in between.
fn opening(
    lines: &[&str],
    start: usize,
    captions: &[bool],
    is_title_repeat: &dyn Fn(&str) -> bool,
    knowledge: &Knowledge,
) -> Option<usize> {
    let mut first = None;
    let mut run = 0;
    for (i, line) in lines.iter().enumerate().skip(start).take(60) {
        if line.is_empty() {
            continue;
        }
        let kind = chrome(line);
        if kind == Some(Chrome::Trailer) {
            break;
        }
        if is_opening(line, knowledge) && !is_title_repeat(line) && !captions[i] {
            first = first.or(Some(i));
            run += 1;
            if run >= 2 {
                return first;
            }
        } else if is_header_line(line, kind, knowledge) || is_title_repeat(line) {
            // What separates a standfirst from the story: a byline, a dateline. (A caption
            // does not: pages put pictures after the lede too.)
            first = None;
            run = 0;
        }
    }
    first
}

/// Lines that sit between headline and story: bylines, datelines, credits, source lines.
fn is_header_line(line: &str, kind: Option<Chrome>, knowledge: &Knowledge) -> bool {
    matches!(kind, Some(Chrome::Byline | Chrome::Credit))
        || is_name_line(line)
        || date::is_date_line(line)
        || is_meta_line(line, knowledge)
        || title::is_outlet_line(line, knowledge)
}

/// A line that is only a name ("Samer Khalil"): a byline without "By".
fn is_name_line(line: &str) -> bool {
    let n = words(line);
    (2..=4).contains(&n)
        && page::capitalised_share(line) >= 0.99
        && !line.contains(|c: char| c.is_ascii_digit() || matches!(c, '.' | '!' | '?' | ':'))
}

/// True when a line can open the article: a standfirst or a lede, not chrome, not a list of
/// capitalised menu words.
fn is_opening(line: &str, knowledge: &Knowledge) -> bool {
    page::is_sentence_like(line)
        && !date::is_date_line(line)
        && !is_meta_line(line, knowledge)
        && !title::is_outlet_line(line, knowledge)
        && page::capitalised_share(line) < 0.7
}

/// True when a line ends a paragraph the way article text does.
fn is_paragraph_end(line: &str) -> bool {
    is_prose(line)
        || (words(line) >= 2
            && line
                .trim_end_matches(['"', '”', '’', ')'])
                .ends_with(['.', '!', '?']))
}

/// True for a line of article metadata between separators: a date, a byline, an outlet
/// ("Mar. 5, 2024 6:57 a.m. ET | By Jane Doe, Reuters").
pub fn is_meta_line(line: &str, knowledge: &Knowledge) -> bool {
    let items: Vec<&str> = line.split('|').map(str::trim).collect();
    let is_meta = |item: &str| {
        date::is_date_line(item)
            || matches!(chrome(item), Some(Chrome::Byline))
            || title::is_outlet_line(item, knowledge)
    };
    items.len() >= 2
        && items.iter().all(|item| words(item) <= 3 || is_meta(item))
        && items.iter().any(|item| is_meta(item))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_of(raw: &str) -> (Option<String>, String) {
        let k = Knowledge::builtin();
        let page = Page::new(raw);
        let layout = layout(&page, &k);
        (
            layout.title.map(|t| page.lines[t].to_string()),
            text(&page, &layout),
        )
    }

    #[test]
    fn chrome_around_and_inside_the_story_is_dropped() {
        let raw = "Home | World | Middle East\n\
            Independent journalism since 1998\n\
            Militia drone strikes fuel base in Anbar\n\
            By Layla Hassan\n\
            Published: 3 May 2022\n\
            A drone hangar at the base. Photo: Reuters\n\
            Share on Facebook\n\
            Two drones struck a fuel depot at an air base in Anbar province on Tuesday, security officials said.\n\
            Also read: Who is behind the drone attacks?\n\
            The strike caused a large fire but no casualties, according to a statement from the military.\n\
            Related Stories\n\
            Rockets hit Erbil airport\n\
            Iraq condemns Turkish strike\n\
            Officials said an investigation had been opened into the attack on the base.\n\
            Advertisement\n\
            12 Comments\n\
            Omar K.\n\
            This is a disgrace and the government must act now before it is too late for all of us.\n";
        let (title, body) = body_of(raw);
        assert_eq!(
            title.as_deref(),
            Some("Militia drone strikes fuel base in Anbar")
        );
        assert!(body.starts_with("Two drones struck"), "{body}");
        assert!(
            body.ends_with("opened into the attack on the base."),
            "{body}"
        );
        for chrome in [
            "Photo: Reuters",
            "Share",
            "Also read",
            "Rockets hit Erbil",
            "Advertisement",
            "disgrace",
            "Layla",
        ] {
            assert!(!body.contains(chrome), "{chrome:?} left in {body}");
        }
    }

    #[test]
    fn a_standfirst_opens_the_body_and_a_repeated_title_is_collapsed() {
        let raw = "Protesters storm compound in Basra\n\n\
            Protesters storm compound in Basra\n\n\
            Hundreds of demonstrators broke into the provincial council building on Sunday\n\n\
            The protesters, angry at power cuts, set fire to the gate before police dispersed them.\n";
        let (title, body) = body_of(raw);
        assert_eq!(title.as_deref(), Some("Protesters storm compound in Basra"));
        assert!(body.starts_with("Hundreds of demonstrators"), "{body}");
        assert!(!body.contains("storm compound"), "{body}");
    }

    #[test]
    fn a_page_without_paragraphs_has_an_empty_body() {
        let (title, body) = body_of("Breaking news alert\nSubscribe\n");
        assert_eq!(title.as_deref(), Some("Breaking news alert"));
        assert_eq!(body, "");
    }
}
