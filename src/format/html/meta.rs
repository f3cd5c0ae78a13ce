//! What a page says about itself: JSON-LD, OpenGraph and other `<meta>` tags, `<time>`
//! elements, the canonical link and the headline.
//!
//! Sources are read in one pass over the document and ranked afterwards, so that the order
//! of preference (JSON-LD article node, OpenGraph, named `<meta>` tags, microdata, `<time>`)
//! is written in one place, [`read`]. Values are kept as the page writes them; dates are
//! parsed elsewhere.

use std::collections::HashMap;

use scraper::{ElementRef, Html};
use serde_json::Value;

use super::dom::normalize;

/// Metadata found in a page; every field is optional.
#[derive(Debug, Default)]
pub(super) struct Meta {
    pub title: Option<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub publisher: Option<String>,
    pub site_name: Option<String>,
    pub url: Option<String>,
    pub authors: Vec<String>,
}

/// `<meta>` names of the publication date, most specific first.
const PUBLISHED: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "og:published_time",
    "published_time",
    "article.published",
    "datepublished",
    "date_published",
    "date-published",
    "publishdate",
    "publish-date",
    "publish_date",
    "published-date",
    "publication_date",
    "publication-date",
    "pubdate",
    "og:pubdate",
    "dc.date.issued",
    "dc:date.issued",
    "dcterms.issued",
    "dcterms:issued",
    "dc.date.created",
    "dcterms.created",
    "dcterms:created",
    "dc.date",
    "dc:date",
    "dcterms.date",
    "dcterms:date",
    "parsely-pub-date",
    "sailthru.date",
    "article_date_original",
    "original-publish-date",
    "cxenseparse:recs:publishtime",
    "rnews:datepublished",
    "citation_publication_date",
    "citation_date",
    "release_date",
    "displaydate",
    "pdate",
    "datecreated",
    "date",
];

/// `<meta>` names of the last modification.
const MODIFIED: &[&str] = &[
    "article:modified_time",
    "og:article:modified_time",
    "article:modified",
    "og:updated_time",
    "modified_time",
    "datemodified",
    "date_modified",
    "dcterms.modified",
    "dcterms:modified",
    "dc.date.modified",
    "last-modified",
    "lastmod",
    "revised",
];

/// `<meta>` names of the headline, after JSON-LD.
const TITLE: &[&str] = &[
    "og:title",
    "twitter:title",
    "parsely-title",
    "sailthru.title",
    "dc.title",
    "dcterms.title",
    "headline",
];

/// `<meta>` names of authors, after JSON-LD.
const AUTHOR: &[&str] = &[
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "citation_author",
    "byl",
];

/// JSON-LD types of a news story, best first.
const ARTICLE_TYPES: &[&str] = &[
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "askpublicnewsarticle",
    "satiricalarticle",
    "article",
    "blogposting",
    "liveblogposting",
    "report",
    "techarticle",
    "scholarlyarticle",
    "socialmediaposting",
    "posting",
];

/// JSON-LD types of the page around a story.
const PAGE_TYPES: &[&str] = &["webpage", "itempage", "aboutpage", "medicalwebpage"];

/// Everything of interest found in one pass.
#[derive(Default)]
struct Found {
    /// `<meta>` key (name, property or itemprop, lowercased) and content, first kept.
    metas: HashMap<String, String>,
    canonical: Option<String>,
    json_ld: Vec<Value>,
    title: Option<String>,
    h1: Vec<(String, bool)>,
    /// Microdata dates on elements other than `<meta>`: (itemprop, value).
    microdata: Vec<(String, String)>,
    /// `<time>` values with a score for how likely each is the publication date.
    times: Vec<(i32, String)>,
    /// Names in `itemprop=author` or `rel=author` elements.
    bylines: Vec<String>,
}

/// Reads the page's metadata.
pub(super) fn read(html: &Html, text: &str) -> Meta {
    let found = scan(html);
    let ld = LinkedData::new(&found.json_ld);
    let meta = |keys: &[&str]| -> Option<String> {
        keys.iter()
            .filter_map(|k| found.metas.get(*k))
            .map(|v| normalize(v))
            .find(|v| !v.is_empty())
    };
    let micro = |prop: &str| {
        found
            .microdata
            .iter()
            .find(|(p, _)| p == prop)
            .map(|(_, v)| v.clone())
    };

    let site_name = meta(&["og:site_name", "application-name"]);
    let publisher = ld.publisher().or_else(|| {
        meta(&[
            "publisher",
            "article:publisher",
            "dc.publisher",
            "citation_publisher",
        ])
        .filter(|p| !is_url(p))
    });

    let mut published = ld
        .article_field("datePublished")
        .or_else(|| meta(PUBLISHED))
        .or_else(|| parsely_date(&found))
        .or_else(|| micro("datepublished"))
        .or_else(|| ld.page_field("datePublished"))
        .or_else(|| ld.article_field("dateCreated"));
    if published.is_none() {
        published = best_time(&found.times);
    }
    let modified = ld
        .article_field("dateModified")
        .or_else(|| meta(MODIFIED))
        .or_else(|| micro("datemodified"))
        .or_else(|| ld.page_field("dateModified"));

    let named_in_text = found.title.as_deref().and_then(|t| name_in_title(t, text));
    let names: Vec<&str> = [site_name.as_deref(), publisher.as_deref(), named_in_text]
        .into_iter()
        .flatten()
        .collect();
    let declared: Vec<String> = ld
        .headline()
        .into_iter()
        .chain(
            TITLE
                .iter()
                .filter_map(|k| found.metas.get(*k))
                .map(|v| normalize(v)),
        )
        .chain(found.title.clone())
        .filter(|t| !t.is_empty())
        .map(|t| clean_title(&t, &names))
        .collect();
    let title = headline(&found.h1, &declared, &names).or_else(|| declared.first().cloned());

    let mut authors = ld.authors();
    if authors.is_empty() {
        let from_meta = AUTHOR
            .iter()
            .filter_map(|k| found.metas.get(*k))
            .map(|v| clean_byline(v))
            .find(|v| !v.is_empty() && !is_url(v));
        authors.extend(from_meta.iter().flat_map(|v| split_names(v)));
    }
    if authors.is_empty() {
        authors.extend(found.bylines.iter().map(|b| clean_byline(b)));
    }
    let mut seen = Vec::new();
    authors.retain(|a| {
        let key = a.to_lowercase();
        let keep = !a.is_empty() && !seen.contains(&key);
        seen.push(key);
        keep
    });

    let url = found
        .canonical
        .clone()
        .or_else(|| meta(&["og:url", "twitter:url"]))
        .or_else(|| ld.article_field("url"));

    Meta {
        title,
        published,
        modified,
        publisher,
        site_name,
        url,
        authors,
    }
}

/// One walk over the document, collecting every source.
fn scan(html: &Html) -> Found {
    let mut found = Found::default();
    for node in html.tree.root().descendants() {
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        let value = el.value();
        let is_html = &*value.name.ns == "http://www.w3.org/1999/xhtml";
        match value.name() {
            "meta" => {
                let content = value.attr("content").unwrap_or("");
                for attr in ["property", "name", "itemprop", "http-equiv"] {
                    if let Some(key) = value.attr(attr) {
                        for key in key.split_ascii_whitespace() {
                            found
                                .metas
                                .entry(key.to_ascii_lowercase())
                                .or_insert_with(|| content.to_owned());
                        }
                    }
                }
            }
            "link" => {
                let rel = value.attr("rel").unwrap_or("");
                if found.canonical.is_none()
                    && rel
                        .split_ascii_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                {
                    found.canonical = value
                        .attr("href")
                        .map(str::trim)
                        .filter(|h| !h.is_empty())
                        .map(str::to_owned);
                }
            }
            "script" => {
                let kind = value.attr("type").unwrap_or("").trim().to_ascii_lowercase();
                if kind == "application/ld+json" {
                    let source: String = el.text().collect();
                    found.json_ld.extend(parse_json_ld(&source));
                }
            }
            "title" if is_html && found.title.is_none() => {
                let text = normalize(&el.text().collect::<String>());
                if !text.is_empty() {
                    found.title = Some(text);
                }
            }
            "h1" => {
                let text = normalize(&el.text().collect::<String>());
                if !text.is_empty() {
                    let in_story = el.ancestors().filter_map(ElementRef::wrap).any(|a| {
                        matches!(a.value().name(), "article" | "main")
                            || a.value().attr("itemprop").is_some_and(|p| {
                                p.contains("articleBody") || p.contains("headline")
                            })
                    });
                    found.h1.push((text, in_story));
                }
            }
            "time" => {
                let raw = value
                    .attr("datetime")
                    .map(str::to_owned)
                    .unwrap_or_else(|| el.text().collect());
                let raw = normalize(&raw);
                if !raw.is_empty() {
                    found.times.push((time_score(el), raw));
                }
            }
            _ => {}
        }
        if value.name() != "meta" {
            if let Some(prop) = value.attr("itemprop") {
                let prop = prop.to_ascii_lowercase();
                if prop == "datepublished" || prop == "datemodified" {
                    let raw = value
                        .attr("content")
                        .or_else(|| value.attr("datetime"))
                        .map(str::to_owned)
                        .unwrap_or_else(|| el.text().collect());
                    let raw = normalize(&raw);
                    if !raw.is_empty() {
                        found.microdata.push((prop, raw));
                    }
                } else if prop == "author" || prop == "creator" {
                    let name = el
                        .descendants()
                        .filter_map(ElementRef::wrap)
                        .find(|d| d.value().attr("itemprop") == Some("name"))
                        .map(|d| {
                            d.value()
                                .attr("content")
                                .map(str::to_owned)
                                .unwrap_or_else(|| d.text().collect())
                        })
                        .or_else(|| value.attr("content").map(str::to_owned))
                        .unwrap_or_else(|| el.text().collect());
                    found.bylines.push(normalize(&name));
                }
            }
            if value.name() == "a"
                && value
                    .attr("rel")
                    .is_some_and(|r| r.split_ascii_whitespace().any(|r| r == "author"))
            {
                found
                    .bylines
                    .push(normalize(&el.text().collect::<String>()));
            }
        }
    }
    found
}

/// How likely a `<time>` element is the publication date: its own markup first, then where
/// it stands (the article's header scores, comments and related lists do not).
fn time_score(el: ElementRef<'_>) -> i32 {
    let value = el.value();
    let mut score = 0;
    if value.attr("pubdate").is_some() {
        score += 4;
    }
    let itemprop = value.attr("itemprop").unwrap_or("").to_ascii_lowercase();
    if itemprop.contains("datepublished") {
        score += 5;
    }
    if itemprop.contains("datemodified") {
        score -= 3;
    }
    let hint = |el: &scraper::node::Element| {
        format!(
            "{} {}",
            el.attr("class").unwrap_or(""),
            el.attr("id").unwrap_or("")
        )
        .to_ascii_lowercase()
    };
    let own = hint(value);
    if own.contains("publish") || own.contains("posted") || own.contains("created") {
        score += 2;
    }
    if own.contains("update") || own.contains("modif") {
        score -= 2;
    }
    for (depth, ancestor) in el.ancestors().filter_map(ElementRef::wrap).enumerate() {
        let a = ancestor.value();
        let name = a.name();
        let h = hint(a);
        if depth < 4 {
            if h.contains("byline") || h.contains("dateline") || h.contains("meta") {
                score += 2;
            }
            if h.contains("publish") || h.contains("posted") {
                score += 1;
            }
            if h.contains("update") || h.contains("modif") {
                score -= 1;
            }
        }
        if name == "header" || h.contains("header") {
            score += 1;
        }
        if matches!(name, "article" | "main") {
            score += 1;
        }
        if matches!(name, "aside" | "nav" | "footer")
            || [
                "comment",
                "related",
                "sidebar",
                "footer",
                "recommend",
                "popular",
                "teaser",
            ]
            .iter()
            .any(|w| h.contains(w))
        {
            score -= 6;
        }
    }
    score
}

/// The best `<time>` value, the first of equals; none if all stand in page furniture.
fn best_time(times: &[(i32, String)]) -> Option<String> {
    let best = times.iter().map(|(s, _)| *s).max()?;
    if best < 0 {
        return None;
    }
    times
        .iter()
        .find(|(s, _)| *s == best)
        .map(|(_, v)| v.clone())
}

/// `parsely-page` carries its metadata as a JSON object.
fn parsely_date(found: &Found) -> Option<String> {
    let page: Value = serde_json::from_str(found.metas.get("parsely-page")?).ok()?;
    page.get("pub_date")?.as_str().map(normalize)
}

/// The headline as a reader sees it: the `<h1>` that matches what the page declares
/// (JSON-LD, OpenGraph, `<title>`), which may differ in punctuation or be longer; without
/// declarations, the `<h1>` inside the article, else the first. An `<h1>` holding the site's
/// name (a logo) is never the headline.
fn headline(h1: &[(String, bool)], declared: &[String], names: &[&str]) -> Option<String> {
    let candidates = h1.iter().filter(|(text, _)| {
        !names.iter().any(|n| n.eq_ignore_ascii_case(text)) && text.chars().count() <= 300
    });
    if declared.is_empty() {
        let candidates: Vec<_> = candidates.collect();
        return candidates
            .iter()
            .find(|(_, in_story)| *in_story)
            .or(candidates.first())
            .map(|(t, _)| t.clone());
    }
    let mut best: Option<(f64, bool, &String)> = None;
    for (text, in_story) in candidates {
        let words = title_words(text);
        let similarity = declared
            .iter()
            .map(|d| {
                let other = title_words(d);
                let shared = words.iter().filter(|w| other.contains(w)).count();
                shared as f64 / words.len().max(other.len()).max(1) as f64
            })
            .fold(0.0, f64::max);
        let better = best
            .is_none_or(|(s, story, _)| similarity > s || similarity == s && *in_story && !story);
        if similarity >= 0.5 && better {
            best = Some((similarity, *in_story, text));
        }
    }
    best.map(|(_, _, t)| t.clone())
}

/// The site's name at the end or start of a `<title>` ("Headline - The Daily Courier")
/// when the page names no site: a few capitalised words that the visible text repeats (in a
/// copyright line, a logo).
fn name_in_title<'a>(title: &'a str, text: &str) -> Option<&'a str> {
    for sep in [" | ", " - ", " – ", " — ", " » ", " · "] {
        let Some((head, tail)) = title.rsplit_once(sep).or_else(|| title.split_once(sep)) else {
            continue;
        };
        for part in [tail.trim(), head.trim()] {
            let words: Vec<&str> = part.split_whitespace().collect();
            let is_name = (1..=5).contains(&words.len())
                && words
                    .iter()
                    .all(|w| !w.chars().next().is_some_and(char::is_lowercase));
            if is_name && part.len() * 2 < title.len() && text.contains(part) {
                return Some(part);
            }
        }
    }
    None
}

/// Lowercase words of a title, for comparing spellings of one headline.
fn title_words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Drops a site name appended to or prefixed before the headline ("Headline | Site").
fn clean_title(title: &str, names: &[&str]) -> String {
    let title = normalize(title);
    for sep in [" | ", " - ", " – ", " — ", " :: ", " » ", " · ", " / "] {
        let parts: Vec<&str> = title.split(sep).collect();
        if parts.len() < 2 {
            continue;
        }
        let is_name = |p: &str| {
            let p = p.trim().to_lowercase();
            names.iter().any(|n| {
                let n = n.to_lowercase();
                p == n || n.contains(&p) && p.len() > 2 || p.contains(&n) && n.len() > 2
            })
        };
        let (first, last) = (parts[0], parts[parts.len() - 1]);
        if is_name(last) {
            return parts[..parts.len() - 1].join(sep).trim().to_owned();
        }
        if is_name(first) {
            return parts[1..].join(sep).trim().to_owned();
        }
    }
    title
}

fn is_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://") || s.starts_with("//")
}

/// "By Jane Doe" → "Jane Doe".
fn clean_byline(s: &str) -> String {
    let s = normalize(s);
    match s.get(..3) {
        Some(by) if by.eq_ignore_ascii_case("by ") => s[3..].trim().to_owned(),
        _ => s,
    }
}

/// "Jane Doe and John Roe" → both names, when every part looks like a name (one to four
/// capitalised words); anything else is kept whole.
fn split_names(byline: &str) -> Vec<String> {
    let parts: Vec<&str> = byline
        .split(", ")
        .flat_map(|p| p.split(" and "))
        .flat_map(|p| p.split(" & "))
        .map(str::trim)
        .collect();
    let is_name = |p: &&str| {
        let words: Vec<&str> = p.split_whitespace().collect();
        (1..=4).contains(&words.len())
            && words
                .iter()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase))
    };
    if parts.len() > 1 && parts.iter().all(is_name) {
        parts.into_iter().map(str::to_owned).collect()
    } else {
        vec![byline.to_owned()]
    }
}

/// The JSON values of one `ld+json` script. A block that is not valid JSON is repaired
/// where the fault is a common one (raw newlines in strings, trailing commas, HTML comment
/// wrappers, several objects in a row); what still fails is skipped.
pub(super) fn parse_json_ld(source: &str) -> Vec<Value> {
    let mut text = source.trim();
    for wrapper in ["<!--", "//<![CDATA[", "/*<![CDATA[*/", "<![CDATA["] {
        text = text.strip_prefix(wrapper).unwrap_or(text).trim();
    }
    for wrapper in ["-->", "//]]>", "/*]]>*/", "]]>", ";"] {
        text = text.strip_suffix(wrapper).unwrap_or(text).trim();
    }
    if let Ok(value) = serde_json::from_str::<Value>(text) {
        return vec![value];
    }
    let values = json_stream(text);
    if !values.is_empty() {
        return values;
    }
    // Raw control characters are invalid inside JSON strings and harmless outside them.
    let repaired: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let repaired = remove_trailing_commas(&repaired);
    json_stream(&repaired)
}

/// Values parsed one after another until the first error.
fn json_stream(text: &str) -> Vec<Value> {
    serde_json::Deserializer::from_str(text)
        .into_iter::<Value>()
        .map_while(Result::ok)
        .collect()
}

/// `, }` and `, ]` outside strings become `}` and `]`.
fn remove_trailing_commas(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else if c == ',' {
            let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            if matches!(next, Some('}' | ']')) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// The JSON-LD nodes of a page, flattened, with the article and page nodes picked out.
struct LinkedData<'a> {
    nodes: Vec<&'a Value>,
    by_id: HashMap<&'a str, &'a Value>,
    article: Option<&'a Value>,
    page: Option<&'a Value>,
}

impl<'a> LinkedData<'a> {
    fn new(values: &'a [Value]) -> Self {
        let mut nodes = Vec::new();
        for value in values {
            flatten(value, &mut nodes, 0);
        }
        let by_id = nodes
            .iter()
            .filter_map(|n| Some((n.get("@id")?.as_str()?, *n)))
            .collect();
        let rank = |node: &Value, types: &[&str]| {
            types_of(node)
                .iter()
                .filter_map(|t| types.iter().position(|k| k == t))
                .min()
        };
        let article = nodes
            .iter()
            .filter_map(|n| Some((rank(n, ARTICLE_TYPES)?, n.get("headline").is_none(), *n)))
            .min_by_key(|(rank, no_headline, _)| (*no_headline, *rank))
            .map(|(_, _, n)| n);
        let page = nodes
            .iter()
            .find(|n| rank(n, PAGE_TYPES).is_some())
            .copied();
        LinkedData {
            nodes,
            by_id,
            article,
            page,
        }
    }

    /// A node referred to by `{"@id": …}` alone is looked up; others are themselves.
    fn resolve(&self, value: &'a Value) -> &'a Value {
        if let Some(object) = value.as_object() {
            if object.len() == 1 {
                if let Some(id) = object.get("@id").and_then(Value::as_str) {
                    return self.by_id.get(id).copied().unwrap_or(value);
                }
            }
        }
        value
    }

    fn article_field(&self, key: &str) -> Option<String> {
        self.article.and_then(|n| text_of(n.get(key)?))
    }

    fn page_field(&self, key: &str) -> Option<String> {
        self.page.and_then(|n| text_of(n.get(key)?))
    }

    fn headline(&self) -> Option<String> {
        let article = self.article?;
        text_of(article.get("headline")?).or_else(|| text_of(article.get("name")?))
    }

    fn publisher(&self) -> Option<String> {
        let from = |node: &'a Value| {
            let publisher = node.get("publisher")?;
            let publisher = match publisher {
                Value::Array(items) => items.first()?,
                other => other,
            };
            match self.resolve(publisher) {
                Value::String(s) => Some(normalize(&decode_entities(s))),
                other => text_of(other.get("name")?),
            }
            .filter(|p| !p.is_empty())
        };
        self.article
            .and_then(from)
            .or_else(|| self.page.and_then(from))
            .or_else(|| {
                self.nodes
                    .iter()
                    .filter(|n| types_of(n).iter().any(|t| t == "website"))
                    .find_map(|n| from(n))
            })
    }

    fn authors(&self) -> Vec<String> {
        let Some(author) = self
            .article
            .and_then(|a| a.get("author").or(a.get("creator")))
        else {
            return Vec::new();
        };
        let items: Vec<&Value> = match author {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        items
            .into_iter()
            .filter_map(|item| match self.resolve(item) {
                Value::String(s) => Some(normalize(&decode_entities(s))),
                other => text_of(other.get("name")?),
            })
            .filter(|name| !name.is_empty() && !is_url(name))
            .collect()
    }
}

/// Arrays, `@graph` and `mainEntity` opened up into a flat list of nodes.
fn flatten<'a>(value: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
    if depth > 8 {
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items {
                flatten(item, out, depth + 1);
            }
        }
        Value::Object(object) => {
            if object.contains_key("@type") {
                out.push(value);
            }
            for key in ["@graph", "mainEntity"] {
                if let Some(inner) = object.get(key) {
                    flatten(inner, out, depth + 1);
                }
            }
        }
        _ => {}
    }
}

/// A node's types, lowercased and without a schema.org prefix.
fn types_of(node: &Value) -> Vec<String> {
    let strip = |t: &str| {
        let t = t.trim();
        let t = t.rsplit(['/', ':']).next().unwrap_or(t);
        t.to_ascii_lowercase()
    };
    match node.get("@type") {
        Some(Value::String(s)) => vec![strip(s)],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).map(strip).collect(),
        _ => Vec::new(),
    }
}

/// A string, a number, a typed `{"@value": …}` or the first of an array, entity-decoded
/// and normalised.
fn text_of(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(s) => decode_entities(s),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => return items.iter().find_map(text_of),
        Value::Object(object) => return object.get("@value").and_then(text_of),
        _ => return None,
    };
    Some(normalize(&text)).filter(|t| !t.is_empty())
}

/// Decodes the HTML entities some sites leave in JSON-LD strings (`&#8217;`, `&amp;`).
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let c = if let Some(num) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
            } else if let Some(num) = name.strip_prefix('#') {
                num.parse().ok().and_then(char::from_u32)
            } else {
                named_entity(name)
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_repairs() {
        assert_eq!(parse_json_ld("{\"a\": \"x\ny\",}").len(), 1);
        assert_eq!(parse_json_ld("<!-- {\"a\": 1} -->").len(), 1);
        assert_eq!(parse_json_ld("{\"a\": 1}{\"b\": 2}").len(), 2);
        assert!(parse_json_ld("{\"a\": ").is_empty());
    }

    #[test]
    fn titles_lose_the_site_name() {
        let names = ["The Post"];
        assert_eq!(
            clean_title("Rockets hit base | The Post", &names),
            "Rockets hit base"
        );
        assert_eq!(
            clean_title("The Post - Rockets hit base", &names),
            "Rockets hit base"
        );
        assert_eq!(clean_title("Iraq - a view", &[]), "Iraq - a view");
    }

    #[test]
    fn the_headline_is_the_h1_that_matches_the_declared_title() {
        let h1 = |t: &str, story| (t.to_owned(), story);
        let declared = ["Rockets hit base near Baghdad".to_owned()];
        let found = [
            h1("The Post", false),
            h1("Rockets hit base near Baghdad, officials say", false),
        ];
        assert_eq!(
            headline(&found, &declared, &[]).as_deref(),
            Some("Rockets hit base near Baghdad, officials say")
        );
        // A logo in an <h1> is not the headline, even when the title ends with it.
        let declared = ["Rockets hit base near Baghdad | The Post".to_owned()];
        assert_eq!(headline(&[h1("The Post", false)], &declared, &[]), None);
        assert_eq!(
            headline(
                &[h1("Rockets", false), h1("Ceasefire holds", true)],
                &[],
                &[]
            )
            .as_deref(),
            Some("Ceasefire holds")
        );
    }

    #[test]
    fn bylines_split_into_names() {
        assert_eq!(
            split_names("Jane Doe and John Roe"),
            ["Jane Doe", "John Roe"]
        );
        assert_eq!(
            split_names("Jane Doe, John Roe & Ann Poe"),
            ["Jane Doe", "John Roe", "Ann Poe"]
        );
        assert_eq!(split_names("Staff and agencies"), ["Staff and agencies"]);
    }

    #[test]
    fn entities_in_json_strings_are_decoded() {
        assert_eq!(
            decode_entities("Iraq&#8217;s &amp; Syria&#x2019;s"),
            "Iraq’s & Syria’s"
        );
        assert_eq!(decode_entities("A & B"), "A & B");
    }
}
