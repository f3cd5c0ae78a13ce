//! The article's own paragraphs, found the way Readability finds them: paragraphs vote for
//! the containers around them (more for long text with commas, less for links), the best
//! container and its like-built siblings are kept, and inside them furniture (captions,
//! share bars, related links, bylines, ads) is cleaned away block by block.
//!
//! Two departures from Readability, both measured on the fixtures: a container's class
//! words (`article-body`, `comments`) weigh at most as much as the votes it received, so a
//! far wrapper called `main-content` cannot outvote the paragraphs' own container; and the
//! lines that open or close a body (bylines, date lines, "Reporting by …", "(AFP)") are
//! trimmed by their wording.
//!
//! Every rule reads structure and general wording, never one site's markup, because the
//! extractor meets pages from outlets nobody has seen.

use std::collections::HashSet;

use super::boilerplate::{ends_sentence, is_boilerplate, is_byline, is_credit, is_fragment};
use super::dom::{Block, Dom};

/// Paragraphs shorter than this do not vote.
const MIN_VOTER_LEN: usize = 25;

/// Tags whose text does not vote: headings, list items and table headers.
const NON_VOTERS: &[&str] = &[
    "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "th", "caption", "legend", "summary",
];

/// Per-element totals used by scoring and cleaning.
struct Totals {
    /// Prefix sums of block lengths and link lengths, for sums over block ranges.
    len: Vec<usize>,
    link: Vec<usize>,
    /// Per element, counted over its subtree.
    paragraphs: Vec<u32>,
    list_items: Vec<u32>,
    images: Vec<u32>,
    inputs: Vec<u32>,
    embeds: Vec<u32>,
    /// Each element's children, in document order.
    children: Vec<Vec<usize>>,
}

impl Totals {
    fn new(dom: &Dom) -> Totals {
        let mut len = vec![0; dom.blocks.len() + 1];
        let mut link = vec![0; dom.blocks.len() + 1];
        for (i, b) in dom.blocks.iter().enumerate() {
            len[i + 1] = len[i] + b.len;
            link[i + 1] = link[i] + b.link_len;
        }
        let n = dom.elements.len();
        let mut totals = Totals {
            len,
            link,
            paragraphs: vec![0; n],
            list_items: vec![0; n],
            images: vec![0; n],
            inputs: vec![0; n],
            embeds: vec![0; n],
            children: vec![Vec::new(); n],
        };
        // Children come after their parents in the arena: one backward pass sums subtrees.
        for i in (0..n).rev() {
            let e = &dom.elements[i];
            totals.paragraphs[i] += u32::from(e.tag == "p");
            totals.list_items[i] += u32::from(e.tag == "li");
            totals.images[i] += e.images;
            totals.inputs[i] += e.inputs;
            totals.embeds[i] += e.embeds;
            if let Some(p) = e.parent {
                totals.paragraphs[p] += totals.paragraphs[i];
                totals.list_items[p] += totals.list_items[i];
                totals.images[p] += totals.images[i];
                totals.inputs[p] += totals.inputs[i];
                totals.embeds[p] += totals.embeds[i];
                totals.children[p].push(i);
            }
        }
        for children in &mut totals.children {
            children.reverse();
        }
        totals
    }

    fn len(&self, dom: &Dom, element: usize) -> usize {
        let r = &dom.elements[element].blocks;
        self.len[r.end] - self.len[r.start]
    }

    fn link_density(&self, dom: &Dom, element: usize) -> f64 {
        let r = &dom.elements[element].blocks;
        let len = self.len[r.end] - self.len[r.start];
        let link = self.link[r.end] - self.link[r.start];
        if len == 0 {
            0.0
        } else {
            link as f64 / len as f64
        }
    }
}

/// The article's paragraphs, separated by blank lines; empty when the page has none.
pub(super) fn extract(dom: &Dom, title: Option<&str>) -> String {
    if dom.blocks.is_empty() {
        return String::new();
    }
    let totals = Totals::new(dom);
    let furniture = furniture(dom);
    let scores = Scores::new(dom, &totals, &furniture);
    let roots = match top_candidate(dom, &totals, &scores, &furniture) {
        Some(top) => with_siblings(dom, &totals, &scores, &furniture, top),
        None => Vec::new(),
    };
    let blocks = if roots.is_empty() {
        fallback(dom, &furniture)
    } else {
        clean(dom, &totals, &scores, &roots, title)
    };
    blocks.join("\n\n")
}

/// Elements inside page furniture: a furniture tag or role (`nav`, `aside`, `footer`,
/// `role=navigation`) or furniture class words (`comments`, `related`, `share`). A wrapper
/// that holds most of the page's prose is layout, not furniture (an ASP.NET `<form>`
/// around everything, a `content-sidebar-wrap`): when it also holds the headline, or when
/// it holds nearly all the prose and is not a comment section, which can outweigh a short
/// story.
fn furniture(dom: &Dom) -> Vec<bool> {
    let prose_in = |range: std::ops::Range<usize>| -> usize {
        dom.blocks[range]
            .iter()
            .filter(|b| is_prose(b))
            .map(|b| b.len)
            .sum()
    };
    let prose = prose_in(0..dom.blocks.len());
    let headline = dom.elements.iter().position(|e| e.tag == "h1");
    let mut inside = vec![false; dom.elements.len()];
    for (i, e) in dom.elements.iter().enumerate() {
        if e.parent.is_some_and(|p| inside[p]) {
            inside[i] = true;
            continue;
        }
        if !e.is_furniture || matches!(e.tag.as_str(), "html" | "body") {
            continue;
        }
        let share = prose_in(e.blocks.clone()) as f64 / prose.max(1) as f64;
        let holds_headline = headline.is_none_or(|h| h == i || dom.contains(i, h));
        let is_wrapper = share >= 0.5 && holds_headline || share >= 0.8 && !e.is_comments;
        inside[i] = !is_wrapper;
    }
    inside
}

/// A block that reads like running text: long enough and mostly not links.
fn is_prose(b: &Block) -> bool {
    b.len >= 80 && b.link_len * 3 < b.len
}

/// Readability's scores, with the votes kept apart from the tag and class bonus.
struct Scores {
    /// Votes received from paragraphs, before link density.
    votes: Vec<f64>,
    /// Votes, tag and class bonus, times one minus link density; `None` if never voted for.
    score: Vec<Option<f64>>,
}

impl Scores {
    /// Each paragraph adds to its block ancestors, less with each level.
    fn new(dom: &Dom, totals: &Totals, furniture: &[bool]) -> Scores {
        let n = dom.elements.len();
        let mut votes = vec![0.0; n];
        let mut voted = vec![false; n];
        for b in &dom.blocks {
            let owner = &dom.elements[b.owner];
            if furniture[b.owner]
                || b.len < MIN_VOTER_LEN
                || b.link_len * 2 >= b.len
                || NON_VOTERS.contains(&owner.tag.as_str())
            {
                continue;
            }
            let vote = 1.0 + commas(&b.text) as f64 + (b.len / 100).min(3) as f64;
            // A whole `<p>` (or a `<div>` of text alone) is the paragraph: its container gets
            // the full vote. Text loose in a container beside other blocks votes for that
            // container itself.
            let start = if b.is_whole {
                owner.parent
            } else {
                Some(b.owner)
            };
            let ancestors = start
                .into_iter()
                .flat_map(|s| dom.ancestors(s))
                .filter(|&a| dom.elements[a].is_block)
                .take(5);
            for (level, a) in ancestors.enumerate() {
                let share = match level {
                    0 => 1.0,
                    1 => 2.0,
                    l => l as f64 * 3.0,
                };
                votes[a] += vote / share;
                voted[a] = true;
            }
        }
        let score = (0..n)
            .map(|i| {
                voted[i].then(|| {
                    let bonus = bonus(dom, i, votes[i]);
                    (bonus + votes[i]) * (1.0 - totals.link_density(dom, i))
                })
            })
            .collect();
        Scores { votes, score }
    }

    fn score(&self, element: usize) -> f64 {
        self.score[element].unwrap_or(0.0)
    }

    /// The votes after link density.
    fn net_votes(&self, dom: &Dom, totals: &Totals, element: usize) -> f64 {
        self.votes[element] * (1.0 - totals.link_density(dom, element))
    }
}

/// Readability's tag bonus, and its ±25 for class words, where a positive class counts at
/// most as much as the votes themselves.
fn bonus(dom: &Dom, element: usize, votes: f64) -> f64 {
    let e = &dom.elements[element];
    let tag = match e.tag.as_str() {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    let class = if e.is_marked_body {
        votes.min(50.0)
    } else if e.weight > 0 {
        votes.min(f64::from(e.weight))
    } else {
        f64::from(e.weight)
    };
    tag + class
}

fn commas(text: &str) -> usize {
    text.chars()
        .filter(|c| matches!(c, ',' | '،' | '，'))
        .count()
}

fn is_top_level(dom: &Dom, element: usize) -> bool {
    matches!(dom.elements[element].tag.as_str(), "body" | "html")
}

/// The best-scored container, moved up when its score is shared with its parent.
fn top_candidate(dom: &Dom, totals: &Totals, scores: &Scores, furniture: &[bool]) -> Option<usize> {
    let mut ranked: Vec<(usize, f64)> = scores
        .score
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Some((i, (*s)?)))
        .filter(|&(i, _)| !furniture[i] && dom.elements[i].tag != "html")
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let &(mut top, top_score) = ranked.first()?;

    // Several near-equal candidates under one ancestor: the story is split into parts.
    let alternatives: Vec<usize> = ranked[1..]
        .iter()
        .take(5)
        .filter(|&&(_, s)| s / top_score >= 0.75)
        .map(|&(i, _)| i)
        .collect();
    if alternatives.len() >= 3 {
        let mut parent = dom.elements[top].parent;
        while let Some(p) = parent.filter(|&p| !is_top_level(dom, p)) {
            if alternatives.iter().filter(|&&a| dom.contains(p, a)).count() >= 3 {
                top = p;
                break;
            }
            parent = dom.elements[p].parent;
        }
    }

    // An ancestor that scores better than the best container holds more of the story.
    // (Readability compares each ancestor with the one below it, which climbs to a far
    // wrapper whenever scores dip and recover on the way up.)
    let best = scores.score(top);
    let mut parent = dom.elements[top].parent;
    while let Some(p) = parent.filter(|&p| !is_top_level(dom, p)) {
        if let Some(s) = scores.score[p] {
            if s < best / 3.0 {
                break;
            }
            if s > best {
                top = p;
                break;
            }
        }
        parent = dom.elements[p].parent;
    }

    // A lone child stands for its parent.
    while let Some(p) = dom.elements[top].parent {
        if is_top_level(dom, p) || furniture[p] {
            break;
        }
        let blocks = totals.children[p]
            .iter()
            .filter(|&&c| dom.elements[c].is_block)
            .count();
        if blocks != 1 {
            break;
        }
        top = p;
    }
    Some(top)
}

/// The top candidate and the siblings that continue it: built alike and voted for, strongly
/// voted for, or plain paragraphs.
fn with_siblings(
    dom: &Dom,
    totals: &Totals,
    scores: &Scores,
    furniture: &[bool],
    top: usize,
) -> Vec<usize> {
    let Some(parent) = dom.elements[top].parent else {
        return vec![top];
    };
    if dom.elements[parent].tag == "html" {
        return vec![top];
    }
    let top_votes = scores.net_votes(dom, totals, top);
    let threshold = (top_votes * 0.2).max(10.0);
    let top_class = &dom.elements[top].class;
    let headline = dom.elements.iter().position(|e| e.tag == "h1");
    let mut after_headline = false;
    let mut before_top = true;
    let mut roots = Vec::new();
    for &i in &totals.children[parent] {
        let e = &dom.elements[i];
        if headline.is_some_and(|h| dom.contains(i, h)) {
            after_headline = true;
        }
        if i == top {
            roots.push(i);
            before_top = false;
            continue;
        }
        if !e.is_block || furniture[i] || totals.len(dom, i) == 0 {
            continue;
        }
        let votes = scores.net_votes(dom, totals, i);
        let alike = !top_class.is_empty() && e.class == *top_class;
        // Between the headline and the story sit the standfirst, byline and lead image:
        // only a part built like the story itself belongs to it.
        // A part built like the story (the same class) continues it past an ad break.
        let keep = if alike {
            votes > 0.0
        } else if before_top && after_headline {
            false
        } else if votes >= threshold && votes >= top_votes * 0.5 {
            true
        } else if e.tag == "p" {
            let len = totals.len(dom, i);
            let density = totals.link_density(dom, i);
            let text = dom.blocks[e.blocks.clone()]
                .last()
                .map(|b| b.text.as_str())
                .unwrap_or("");
            (len > 80 && density < 0.25) || (len < 80 && density == 0.0 && ends_sentence(text))
        } else {
            false
        };
        if keep {
            roots.push(i);
        }
    }
    roots
}

/// The kept blocks of the chosen containers, with furniture inside them removed and the
/// lines that open or close a story without being part of it trimmed.
fn clean(
    dom: &Dom,
    totals: &Totals,
    scores: &Scores,
    roots: &[usize],
    title: Option<&str>,
) -> Vec<String> {
    let content_len: usize = roots.iter().map(|&r| totals.len(dom, r)).sum();
    let mut kept: Vec<(&Block, bool)> = Vec::new();
    for &root in roots {
        let removed = removed_within(dom, totals, scores, root, content_len);
        for b in &dom.blocks[dom.elements[root].blocks.clone()] {
            let mut path = dom.ancestors(b.owner).take_while(|&a| a != root);
            if path.any(|a| removed[a]) {
                continue;
            }
            let tag = dom.elements[b.owner].tag.as_str();
            if tag == "h1"
                || b.link_len * 2 > b.len
                || is_boilerplate(&b.text)
                || !b.text.chars().any(char::is_alphanumeric)
            {
                continue;
            }
            if is_caption(dom, totals, b) {
                continue;
            }
            let heading = matches!(tag, "h2" | "h3" | "h4" | "h5" | "h6");
            kept.push((b, heading));
        }
    }
    // Headings stay only between paragraphs (a standfirst in an `<h2>` above the story is
    // not a subhead), and not when they repeat the title.
    let title = title.map(str::to_lowercase);
    let mut out: Vec<&Block> = Vec::new();
    let mut seen = HashSet::new();
    let mut after_text = false;
    for (i, &(b, heading)) in kept.iter().enumerate() {
        if heading {
            let before_text = kept
                .get(i + 1)
                .is_some_and(|&(next, h)| !h && next.len >= 40);
            if !after_text
                || !before_text
                || title.as_deref() == Some(b.text.to_lowercase().as_str())
            {
                continue;
            }
        }
        // Pull quotes and teasers repeat a paragraph word for word.
        if !seen.insert(b.text.as_str()) {
            continue;
        }
        after_text |= is_prose(b);
        out.push(b);
    }
    trim_edges(dom, &mut out, title.as_deref());
    out.into_iter().map(|b| b.text.clone()).collect()
}

/// A photo caption left in the body: a short line ending in a credit ("(Agency/Name)"),
/// next to or just after an image.
fn is_caption(dom: &Dom, totals: &Totals, b: &Block) -> bool {
    let text = b.text.trim_end();
    let words = text.split_whitespace().count();
    if words > 50 || !text.ends_with(')') {
        return false;
    }
    let credit_words = text
        .rfind('(')
        .map_or(usize::MAX, |open| text[open..].split_whitespace().count());
    if credit_words > 6 {
        return false;
    }
    let owner = b.owner;
    if totals.images[owner] > 0 {
        return true;
    }
    let Some(parent) = dom.elements[owner].parent else {
        return false;
    };
    let siblings = &totals.children[parent];
    let Some(at) = siblings.iter().position(|&s| s == owner) else {
        return false;
    };
    at.checked_sub(1)
        .map(|p| siblings[p])
        .is_some_and(|p| totals.images[p] > 0 && totals.len(dom, p) == 0)
}

/// Drops the bylines, date lines, labels and credits that open or close a story.
fn trim_edges(dom: &Dom, blocks: &mut Vec<&Block>, title: Option<&str>) {
    while let Some(first) = blocks.first() {
        // The headline repeated above the story, with perhaps a date after it.
        let lower = first.text.to_lowercase();
        let repeats_title = title.is_some_and(|t| {
            lower.starts_with(t) && lower[t.len()..].split_whitespace().count() <= 8
        });
        if repeats_title {
            blocks.remove(0);
            continue;
        }
        // A short unpunctuated first line in a paragraph of its own can be a dateline
        // ("ANKARA"); outside a paragraph it is a label ("Reports", "Analysis").
        let is_label = is_fragment(&first.text) && dom.elements[first.owner].tag != "p";
        if is_byline(&first.text) || is_label {
            blocks.remove(0);
        } else {
            break;
        }
    }
    while let Some(last) = blocks.last() {
        if is_byline(&last.text) || is_credit(&last.text) || is_fragment(&last.text) {
            blocks.pop();
        } else {
            break;
        }
    }
}

/// Elements below `root` that are furniture: by tag or role, by class words, or by
/// Readability's conditional tests (link-heavy, image-heavy, form-heavy containers).
fn removed_within(
    dom: &Dom,
    totals: &Totals,
    scores: &Scores,
    root: usize,
    content_len: usize,
) -> Vec<bool> {
    let mut removed = vec![false; dom.elements.len()];
    let mut stack: Vec<usize> = totals.children[root].clone();
    while let Some(i) = stack.pop() {
        let e = &dom.elements[i];
        // Never drop most of the chosen text: then the hint names a wrapper. A weaker hint
        // (`inline`, `video`, `date`) drops only what holds little prose.
        let len = totals.len(dom, i);
        let is_wrapper = len * 2 > content_len;
        let is_weak_furniture = e.weight < 0 && {
            let prose: usize = dom.blocks[e.blocks.clone()]
                .iter()
                .filter(|b| is_prose(b))
                .map(|b| b.len)
                .sum();
            prose * 4 < content_len
        };
        if !is_wrapper
            && (e.is_furniture || is_weak_furniture || is_cluttered(dom, totals, scores, i))
        {
            removed[i] = true;
            continue;
        }
        stack.extend(&totals.children[i]);
    }
    removed
}

/// Readability's conditional cleaning of lists, tables and generic containers.
fn is_cluttered(dom: &Dom, totals: &Totals, scores: &Scores, i: usize) -> bool {
    let e = &dom.elements[i];
    let is_list = matches!(e.tag.as_str(), "ul" | "ol");
    if !matches!(
        e.tag.as_str(),
        "div" | "section" | "ul" | "ol" | "table" | "form" | "dl"
    ) {
        return false;
    }
    let weight = f64::from(e.weight);
    if weight + scores.score(i) < 0.0 {
        return true;
    }
    let text = totals.len(dom, i);
    let comma_count: usize = dom.blocks[e.blocks.clone()]
        .iter()
        .map(|b| commas(&b.text))
        .sum();
    if comma_count >= 10 {
        return false;
    }
    let p = f64::from(totals.paragraphs[i]);
    let img = f64::from(totals.images[i]);
    let li = f64::from(totals.list_items[i]);
    let input = f64::from(totals.inputs[i]);
    let embeds = totals.embeds[i];
    let density = totals.link_density(dom, i);
    (img > 1.0 && p / img < 0.5)
        || (!is_list && li > p + 1.0 && density > 0.2)
        || input > (p / 3.0).floor()
        || (!is_list && totals.paragraphs[i] == 0 && text < 25 && (img == 0.0 || img > 2.0))
        || (!is_list && weight < 25.0 && density > 0.2 && text < 600)
        || (weight >= 25.0 && density > 0.5)
        || (embeds == 1 && text < 75)
        || embeds > 1
}

/// Without a clear container: every paragraph outside page furniture.
fn fallback(dom: &Dom, furniture: &[bool]) -> Vec<String> {
    dom.blocks
        .iter()
        .filter(|b| !furniture[b.owner] && is_prose(b) && !is_boilerplate(&b.text))
        .map(|b| b.text.clone())
        .collect()
}
