//! The page reduced to what text extraction needs: an arena of elements (tag, parent,
//! class/id hint, the run of text blocks below it) and the visible text cut into blocks.
//!
//! A block is one paragraph as a reader sees it: a `<p>`, a heading, a list item, or a run of
//! inline text directly inside a container, split at block-level children and at `<br><br>`.
//! Blocks are stored in document order, so the blocks below any element form one contiguous
//! range; every score in [`super::body`] is a sum over such a range.

use std::ops::Range;

use ego_tree::iter::Edge;
use scraper::{Html, Node};

/// One element of the page (hidden and never-visible elements are left out).
pub(super) struct Element {
    /// Lowercase tag name.
    pub tag: String,
    /// The `class` attribute as written, to recognise siblings built alike.
    pub class: String,
    pub parent: Option<usize>,
    /// Class and id hint: positive for words like `article`/`content`, negative for
    /// `comment`/`share`/`related`, zero for neither or both.
    pub weight: i32,
    /// `itemprop="articleBody"`: the page marks this element as the story.
    pub is_marked_body: bool,
    /// A tag, ARIA role or class that holds page furniture (`nav`, `aside`, `footer`,
    /// `role=navigation`, `class=related-links`).
    pub is_furniture: bool,
    /// Named as reader comments, the one kind of furniture that can outweigh the story.
    pub is_comments: bool,
    /// Laid out as a block (starts a new line); inline elements only group text.
    pub is_block: bool,
    /// Blocks below this element, as a range of [`Dom::blocks`].
    pub blocks: Range<usize>,
    /// Images, form inputs and embeds directly inside, for conditional cleaning.
    pub images: u32,
    pub inputs: u32,
    pub embeds: u32,
}

/// One paragraph of visible text.
pub(super) struct Block {
    /// The nearest block-level element around the text.
    pub owner: usize,
    /// Whitespace-normalised text.
    pub text: String,
    /// Characters of `text`, and of the part of it inside links.
    pub len: usize,
    pub link_len: usize,
    /// The owner holds nothing else: the block is the whole element (`<p>`, a leaf `<div>`).
    pub is_whole: bool,
}

/// The element arena and the text blocks of one page.
pub(super) struct Dom {
    pub elements: Vec<Element>,
    pub blocks: Vec<Block>,
}

/// Never rendered as text.
#[rustfmt::skip]
const INVISIBLE: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "base",
    "svg", "math", "iframe", "frame", "object", "embed", "canvas", "video", "audio",
    "select", "option", "optgroup", "datalist", "textarea", "input", "button", "map",
    "source", "track", "img", "picture", "param",
];

/// Laid out as blocks; any other standard tag is inline.
#[rustfmt::skip]
const BLOCK: &[&str] = &[
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
    "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
    "footer", "form", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
    "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
];

/// Tags whose content is page furniture rather than story.
#[rustfmt::skip]
const FURNITURE_TAGS: &[&str] = &[
    "nav", "aside", "footer", "header", "figure", "figcaption", "form", "dialog", "menu",
    "fieldset", "legend", "caption", "details",
];

/// ARIA roles of page furniture.
#[rustfmt::skip]
const FURNITURE_ROLES: &[&str] = &[
    "navigation", "complementary", "contentinfo", "banner", "menu", "menubar", "dialog",
    "alertdialog", "search", "toolbar", "tablist", "alert", "figure", "note",
];

/// Class and id words of story containers.
#[rustfmt::skip]
const POSITIVE: &[&str] = &[
    "article", "articlebody", "body", "content", "entry", "main", "post", "story", "blog",
    "richtext", "wysiwyg", "prose", "paragraph", "paragraphs", "hentry", "detail",
    "details",
];

/// Class and id words of page furniture: text inside does not vote for the story.
#[rustfmt::skip]
const FURNITURE_WORDS: &[&str] = &[
    "comment", "comments", "disqus", "reply", "replies", "respond", "discussion", "related",
    "recommended", "recommendation", "recommendations", "recirc", "recirculation",
    "outbrain", "taboola", "sidebar", "rail", "widget", "widgets", "footer", "nav",
    "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "share", "sharing",
    "sharebar", "social", "newsletter", "subscribe", "subscription", "signup", "login",
    "promo", "promotion", "sponsor", "sponsored", "advert", "advertisement", "advertising",
    "ad", "ads", "adv", "adslot", "adunit", "dfp", "banner", "cookie", "cookies", "consent",
    "gdpr", "popup", "modal", "trending", "popular", "mostread", "caption", "credit",
    "credits", "byline", "author", "authors", "bio", "tags", "tag", "keywords", "topics",
    "pagination", "pager", "masthead", "teaser", "teasers", "skip", "donate", "donation",
    "follow", "feedback", "shoutbox", "combx", "community", "sitemap", "copyright",
    "disclaimer", "standfirst", "chapo", "dek", "strapline", "subtitle", "subheadline",
    "subhead", "sapo", "kicker", "eyebrow", "thumbnail", "thumb", "tweet", "twitter",
    "facebook", "whatsapp", "telegram", "pullquote", "callout", "infobox", "toc",
    "highlights", "summary", "excerpt", "description", "spot", "toolbar",
];

/// Class and id words that lower a container's score without making it furniture: they
/// also appear in the names of story wrappers (`article-body--with-video`).
#[rustfmt::skip]
const WEAK_NEGATIVE: &[&str] = &[
    "header", "meta", "date", "time", "published", "updated", "dateline", "timestamp",
    "headline", "title", "label", "icon", "gallery", "slideshow", "video", "player",
    "embed", "inline", "more", "also", "readmore", "hidden", "print", "tools", "alert",
    "jump", "corrections", "aside", "infographic", "deck", "abstract", "remark", "paywall",
];

/// Class and id words of reader comments, which can outweigh the story they follow.
#[rustfmt::skip]
const COMMENT_WORDS: &[&str] = &[
    "comment", "comments", "disqus", "reply", "replies", "respond", "discussion",
];

impl Dom {
    /// Builds the arena from a parsed document.
    pub fn build(html: &Html) -> Dom {
        let mut builder = Builder::default();
        let mut skip_depth = 0usize;
        for edge in html.tree.root().traverse() {
            match edge {
                Edge::Open(node) => {
                    if skip_depth > 0 {
                        if node.value().is_element() {
                            skip_depth += 1;
                        }
                        continue;
                    }
                    match node.value() {
                        Node::Element(el) => {
                            let tag = el.name();
                            if INVISIBLE.contains(&tag) || is_hidden(el) {
                                builder.count_media(tag);
                                skip_depth = 1;
                            } else {
                                builder.open(el);
                            }
                        }
                        Node::Text(text) => builder.text(text),
                        _ => {}
                    }
                }
                Edge::Close(node) => {
                    if node.value().is_element() {
                        if skip_depth > 0 {
                            skip_depth -= 1;
                        } else {
                            builder.close();
                        }
                    }
                }
            }
        }
        builder.flush();
        let mut dom = Dom {
            elements: builder.elements,
            blocks: builder.blocks,
        };
        for block in &mut dom.blocks {
            block.is_whole = dom.elements[block.owner].blocks.len() == 1;
        }
        dom
    }

    /// The element and its ancestors, nearest first.
    pub fn ancestors(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(Some(index), move |&i| self.elements[i].parent)
    }

    /// Whether `inner` is `outer` or lies inside it.
    pub fn contains(&self, outer: usize, inner: usize) -> bool {
        let range = &self.elements[outer].blocks;
        // Cheap rejection first: subtrees own contiguous block ranges.
        let inner_range = &self.elements[inner].blocks;
        if !inner_range.is_empty()
            && (inner_range.start < range.start || inner_range.end > range.end)
        {
            return false;
        }
        self.ancestors(inner).any(|a| a == outer)
    }

    /// All visible text, one block per line.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            out.push_str(&block.text);
            out.push('\n');
        }
        out
    }
}

#[derive(Default)]
struct Builder {
    elements: Vec<Element>,
    blocks: Vec<Block>,
    /// Open elements, innermost last.
    stack: Vec<usize>,
    /// Open block-level elements, innermost last.
    block_stack: Vec<usize>,
    run: String,
    run_link_len: usize,
    run_has_text: bool,
    links_open: usize,
    pending_breaks: usize,
}

impl Builder {
    fn open(&mut self, el: &scraper::node::Element) {
        let tag = el.name();
        let is_block = BLOCK.contains(&tag) || tag.contains('-');
        if tag == "br" {
            self.pending_breaks += 1;
            // A void element: it gets no arena entry, and traverse() still closes it.
            self.stack.push(usize::MAX);
            return;
        }
        if is_block {
            self.flush();
        }
        let role = el.attr("role").unwrap_or("").to_ascii_lowercase();
        let itemprop = el.attr("itemprop").unwrap_or("");
        let hint = class_hint(el);
        let index = self.elements.len();
        self.elements.push(Element {
            tag: tag.to_owned(),
            class: el.attr("class").unwrap_or("").trim().to_owned(),
            parent: self.stack.iter().rev().copied().find(|&i| i != usize::MAX),
            weight: hint.weight,
            is_marked_body: itemprop
                .split_ascii_whitespace()
                .any(|p| p.eq_ignore_ascii_case("articleBody")),
            is_furniture: FURNITURE_TAGS.contains(&tag)
                || role
                    .split_ascii_whitespace()
                    .any(|r| FURNITURE_ROLES.contains(&r))
                || hint.is_furniture,
            is_comments: hint.is_comments,
            is_block,
            blocks: self.blocks.len()..self.blocks.len(),
            images: 0,
            inputs: 0,
            embeds: 0,
        });
        self.stack.push(index);
        if is_block {
            self.block_stack.push(index);
        }
        if tag == "a" {
            self.links_open += 1;
        }
        if tag == "hr" {
            self.flush();
        }
    }

    fn close(&mut self) {
        let Some(index) = self.stack.pop() else {
            return;
        };
        if index == usize::MAX {
            return;
        }
        let element = &self.elements[index];
        if element.tag == "a" {
            self.links_open = self.links_open.saturating_sub(1);
        }
        if element.is_block {
            self.flush();
            self.block_stack.pop();
        }
        let end = self.blocks.len();
        self.elements[index].blocks.end = end;
    }

    fn count_media(&mut self, tag: &str) {
        let Some(&owner) = self.stack.iter().rev().find(|&&i| i != usize::MAX) else {
            return;
        };
        let element = &mut self.elements[owner];
        match tag {
            "img" | "picture" => element.images += 1,
            "input" | "select" | "textarea" | "button" => element.inputs += 1,
            "iframe" | "video" | "audio" | "object" | "embed" => element.embeds += 1,
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        let has_text = text.chars().any(|c| !is_space(c));
        if has_text {
            if self.pending_breaks >= 2 {
                self.flush();
            } else if self.pending_breaks == 1 {
                self.run.push(' ');
            }
            self.pending_breaks = 0;
            self.run_has_text = true;
            if self.links_open > 0 {
                self.run_link_len += text.chars().filter(|&c| !is_space(c)).count();
            }
        }
        self.run.push_str(text);
    }

    fn flush(&mut self) {
        self.pending_breaks = 0;
        if !self.run_has_text {
            self.run.clear();
            return;
        }
        let text = normalize(&self.run);
        self.run.clear();
        self.run_has_text = false;
        let link_len = std::mem::take(&mut self.run_link_len);
        let Some(&owner) = self.block_stack.last() else {
            return;
        };
        if text.is_empty() {
            return;
        }
        let len = text.chars().count();
        // Link text was counted without spaces; scale it to the block's spaced length.
        let solid = text.chars().filter(|&c| c != ' ').count().max(1);
        let link_len = (link_len * len / solid).min(len);
        self.blocks.push(Block {
            owner,
            text,
            len,
            link_len,
            is_whole: false,
        });
    }
}

/// Display:none, the `hidden` attribute: not shown to a reader.
fn is_hidden(el: &scraper::node::Element) -> bool {
    if el.attr("hidden").is_some() {
        return true;
    }
    if let Some(style) = el.attr("style") {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

/// What an element's class, id and component names say about it.
#[derive(Default)]
struct Hint {
    /// +25 for story words, -25 for furniture words, 0 for neither or both.
    weight: i32,
    /// Named as page furniture (and by no story word).
    is_furniture: bool,
    /// Named as reader comments.
    is_comments: bool,
}

/// Reads the hint of an element's class and id. A class naming both kinds
/// (`article-comments`, `related-stories`) counts as furniture: the furniture word is the
/// more specific one.
fn class_hint(el: &scraper::node::Element) -> Hint {
    let mut positive = false;
    let mut negative = false;
    let mut furniture = false;
    let mut comments = false;
    let names = el
        .attr("class")
        .into_iter()
        .flat_map(|c| c.split_ascii_whitespace())
        .chain(el.attr("id"))
        .chain(el.attr("data-component"))
        .chain(el.attr("data-testid"));
    for name in names {
        let words = words(name);
        let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
        if has(FURNITURE_WORDS) {
            negative = true;
            furniture = true;
            comments |= has(COMMENT_WORDS);
        } else if has(WEAK_NEGATIVE) {
            negative = true;
        } else if has(POSITIVE) {
            positive = true;
        }
    }
    let weight = match (positive, negative) {
        (true, false) => 25,
        (false, true) => -25,
        _ => 0,
    };
    Hint {
        weight,
        is_furniture: furniture && weight < 0,
        is_comments: comments && weight < 0,
    }
}

/// The words of a class or id: split at punctuation, digits and camelCase humps, lowercased.
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if c.is_ascii_alphabetic() {
            if c.is_ascii_uppercase() && previous_lower && !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            previous_lower = c.is_ascii_lowercase();
            word.push(c.to_ascii_lowercase());
        } else {
            previous_lower = false;
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Whitespace that separates words (no-break space included).
pub(super) fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}'
}

/// Collapses whitespace to single spaces, drops zero-width characters and trims.
pub(super) fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}'
        ) {
            continue;
        }
        if is_space(c) {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_words_split_at_humps_and_punctuation() {
        assert_eq!(words("articleBody"), ["article", "body"]);
        assert_eq!(words("story-body__text2"), ["story", "body", "text"]);
        assert_eq!(
            words("RichTextStoryBody"),
            ["rich", "text", "story", "body"]
        );
    }
}
