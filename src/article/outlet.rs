//! Which outlet wrote the article, and which site (if another) republished it.
//!
//! Evidence is weighed, not the first name found taken: a wire dateline (`BAGHDAD (AP) —`), a
//! registered signature, a source line (`Source: Xinhua`, a header line that is only an
//! outlet's name), a byline naming an outlet (`By Jane Doe, Reuters`, `X Web Team`) or a
//! headline suffix say who *wrote* the piece; a tagline, a copyright line or a domain in the
//! chrome say whose *site* it is. When both kinds point at different outlets, the writer is
//! the outlet and the site is the host. "told CNN" in the story is weak evidence, used only
//! when nothing else names an outlet. Outlets merely cited in the story ("AFP reported") are
//! not evidence at all. No evidence means no outlet.

use regex::Regex;
use std::sync::LazyLock;

use super::body::Layout;
use super::page::{self, Chrome, Page};
use super::title;
use crate::knowledge::{fold::Folded, Knowledge};

/// The outlet that wrote an article and the site that republished it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attribution {
    /// The original outlet.
    pub outlet: Option<String>,
    /// The site the page came from, when it is not the outlet.
    pub host: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Says who wrote the article.
    Writer,
    /// Says whose site the page is.
    Site,
    /// A hint from the story itself.
    Weak,
}

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^()]{0,60}\(([^()]{2,40})\)\s*(?:-|–|—|:|--)")
        .expect("dateline pattern is valid")
});

static SOURCE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:source|sources|via|courtesy(?: of)?|originally published (?:by|in|on|at)|this (?:article|story) (?:was )?(?:first |originally )?(?:appeared|published) (?:in|on|at|by))\s*:?\s*(.{2,60}?)\.?$")
        .expect("source line pattern is valid")
});

static TOLD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:told|tells|speaking to|in an interview with|according to an? (?:exclusive )?interview with)\s+(?:the\s+)?((?:[A-Z][\w'’.-]*\s?){1,4})")
        .expect("told pattern is valid")
});

static DOMAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)((?:[a-z0-9-]+\.)+(?:com|org|net|co\.uk|co|news|tv|ir|iq|ae|sa|qa|tr|ru|cn|in|de|fr|il|lb|sy|info|uk|us|int))(?-u:\b)")
        .expect("domain pattern is valid")
});

fn is_copyright(line: &str) -> bool {
    let lower = line.to_lowercase();
    lower.contains('©') || lower.starts_with("copyright") || lower.starts_with("(c) ")
}

/// Decides outlet and host from the page's layout.
pub fn attribute(page: &Page<'_>, layout: &Layout, knowledge: &Knowledge) -> Attribution {
    let lines = &page.lines;
    let mut evidence: Vec<(u8, Role, usize)> = Vec::new();
    let outlets = &knowledge.outlets;

    if let Some(t) = layout.title {
        if let Some(id) = title::outlet_suffix(lines[t], knowledge) {
            evidence.push((85, Role::Writer, id));
        }
    }

    let title_at = layout.title.unwrap_or(0);
    for &i in layout.header.iter().chain(&layout.footer) {
        let line = lines[i];
        let folded = Folded::new(line);
        if let Some(id) = outlets.name_id(&folded.text) {
            // A name alone above the headline is the site's masthead; below it, a source line.
            let role = if i < title_at {
                Role::Site
            } else {
                Role::Writer
            };
            evidence.push((90, role, id));
            continue;
        }
        if let Some(caps) = SOURCE_LINE.captures(line) {
            if let Some(id) = outlets.resolve_id(&caps[1]) {
                evidence.push((90, Role::Writer, id));
                continue;
            }
        }
        for id in outlets.find_signatures(line) {
            evidence.push((88, Role::Writer, id));
        }
        for m in outlets.find_taglines(&folded) {
            evidence.push((60, Role::Site, m.id));
        }
        match page::chrome(line) {
            Some(Chrome::Byline | Chrome::Credit) => {
                for m in outlets.find_names(&folded) {
                    evidence.push((80, Role::Writer, m.id));
                }
            }
            Some(Chrome::Trailer) => {
                // "© 2021 The Associated Press" names who owns the text, not whose site it is.
                let role = if is_copyright(line) {
                    Role::Writer
                } else {
                    Role::Site
                };
                for m in outlets.find_names(&folded) {
                    evidence.push((70, role, m.id));
                }
            }
            // A photo credit names an agency, not the page's outlet.
            Some(Chrome::Caption) => {}
            _ => {
                for m in outlets.find_names(&folded) {
                    evidence.push((40, Role::Site, m.id));
                }
            }
        }
        for caps in DOMAIN.captures_iter(line) {
            if let Some(id) = outlets.domain(&caps[1]) {
                evidence.push((55, Role::Site, id));
            }
        }
    }

    let body_lines: Vec<&str> = layout.body.iter().map(|&i| lines[i]).collect();
    if let Some(lede) = body_lines.first() {
        if let Some(caps) = DATELINE.captures(lede) {
            if let Some(id) = outlets.resolve_id(&caps[1]) {
                evidence.push((100, Role::Writer, id));
            }
        }
    }
    // Signatures sit in the dateline or on short source lines ("Source: Xinhua").
    for (n, line) in body_lines.iter().enumerate() {
        if n == 0 || page::at_most_words(line, 12) {
            for id in outlets.find_signatures(line) {
                evidence.push((88, Role::Writer, id));
            }
        }
    }
    // "told CNN" marks the outlet's own reporting only near the top of the story.
    for line in body_lines.iter().take(2) {
        for caps in TOLD.captures_iter(line) {
            let words: Vec<&str> = caps[1].split_whitespace().collect();
            // The longest prefix of the capitalised run that names an outlet ("CNN on Sunday").
            if let Some(id) = (1..=words.len())
                .rev()
                .find_map(|n| outlets.resolve_id(&words[..n].join(" ")))
            {
                evidence.push((20, Role::Weak, id));
            }
        }
    }

    let best = |role: Role| {
        evidence
            .iter()
            .filter(|(_, r, _)| *r == role)
            .max_by_key(|(score, _, _)| *score)
            .map(|&(_, _, id)| id)
    };
    let writer = best(Role::Writer);
    // The host is the strongest site evidence for another outlet: a masthead, a tagline, a
    // domain, a footer; a name merely mentioned in the chrome is not enough.
    let host_of = |writer: usize| {
        evidence
            .iter()
            .filter(|(score, role, id)| *role == Role::Site && *score >= 55 && *id != writer)
            .max_by_key(|(score, _, _)| *score)
            .map(|&(_, _, id)| id)
    };
    let (outlet, host) = match writer {
        Some(w) => (Some(w), host_of(w)),
        None => match (best(Role::Site), best(Role::Weak)) {
            // An aggregator's page quoting "told CNN" is CNN's story on the aggregator.
            (Some(s), Some(weak)) if outlets.get(s).is_aggregator() && weak != s => {
                (Some(weak), Some(s))
            }
            (Some(s), _) => (Some(s), None),
            (None, weak) => (weak, None),
        },
    };
    Attribution {
        outlet: outlet.map(|id| outlets.get(id).name.clone()),
        host: host.map(|id| outlets.get(id).name.clone()),
    }
}
