//! Saved web pages: metadata and the article's own text.
//!
//! A page is decoded (`decode`: byte-order mark, then the `<meta>` charset, then UTF-8,
//! then a detector for legacy encodings), parsed once with html5ever (through `scraper`), and
//! read three ways: `meta` collects what the page says about itself (JSON-LD, OpenGraph,
//! `<meta>` and `<time>` dates, the canonical link, the headline), `dom` cuts the visible
//! text into blocks, and `body` picks the story's paragraphs out of those blocks,
//! Readability-style, with `boilerplate` naming the lines around a story by their wording.
//! Nothing here fails: a broken page yields fewer fields, never an error.
//!
//! The body extractor is our own, chosen by measurement over the Readability ports on
//! crates.io: release builds, body F1 of 4-word shingles as in `tests/html.rs`, on the 36
//! labelled pages of `tests/fixtures/html` and on 12 hand-written pages of other layouts
//! (WordPress with long comment threads, a layout table, an ASP.NET form, a body split by
//! an ad, hashed class names, AMP; six are in `tests/html.rs`); pages/s on the fixtures,
//! one thread:
//!
//! | extractor                  | fixtures F1 | title | other layouts F1 | pages/s |
//! |----------------------------|------------:|------:|-----------------:|--------:|
//! | ours                       | 1.000       | 1.000 | 1.000            | ~2,200  |
//! | `dom_smoothie` 0.19        | 0.933       | 0.778 | 0.812            | ~1,750  |
//! | `readabilityrs` 0.1.4      | 0.907       | 0.806 | 0.764            | ~340    |
//!
//! Both crates keep captions, standfirsts, sign-offs and teaser lists that the story-level
//! rules here drop; `dom_smoothie` is the one to revisit if ours ever falls behind (it
//! builds on the same parser; it was tried and is not compiled in).

mod body;
mod boilerplate;
mod dom;
mod meta;

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use scraper::Html as Document;

/// What a page says about itself, and its article text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// Headline as a reader sees it: the `<h1>` that matches the declared title (JSON-LD
    /// `headline`, `og:title`, `<title>`), else the declared title without the site's name.
    pub title: Option<String>,
    /// Publication date or time as the page writes it (JSON-LD `datePublished`,
    /// `article:published_time`, `<meta>` date tags, `<time datetime>`).
    pub published: Option<String>,
    /// Last modification, when stated apart from publication.
    pub modified: Option<String>,
    /// Publisher's name (JSON-LD `publisher.name`).
    pub publisher: Option<String>,
    /// Site name (`og:site_name`).
    pub site_name: Option<String>,
    /// Canonical URL (`<link rel=canonical>`, else `og:url`).
    pub url: Option<String>,
    /// Authors' names.
    pub authors: Vec<String>,
    /// The article's own paragraphs, separated by blank lines.
    pub body: String,
    /// All visible text of the page, one block per line, for rules that read whole pages.
    pub text: String,
}

/// Reads a page's bytes (charset from a BOM, the `<meta>` declaration, else UTF-8, else
/// a detected legacy charset such as Windows-1252).
pub fn extract(bytes: &[u8]) -> Page {
    let source = decode(bytes);
    let html = Document::parse_document(&source);
    let dom = dom::Dom::build(&html);
    let text = dom.text();
    let meta = meta::read(&html, &text);
    let body = body::extract(&dom, meta.title.as_deref());
    Page {
        title: meta.title,
        published: meta.published,
        modified: meta.modified,
        publisher: meta.publisher,
        site_name: meta.site_name,
        url: meta.url,
        authors: meta.authors,
        body,
        text,
    }
}

/// How far into the page a `<meta>` charset declaration is looked for.
const SNIFF_LEN: usize = 4096;

/// The page as text. A byte-order mark wins, then a `<meta>` declaration in the first 4 KB;
/// without either, UTF-8 when the bytes are valid UTF-8, else the legacy encoding a
/// detector finds (Windows-1252 for Western text).
///
/// A page declared in a legacy charset whose bytes are nevertheless valid, non-ASCII UTF-8
/// is read as UTF-8: such pages were re-encoded when saved, and legacy text that happens to
/// form valid multi-byte UTF-8 is vanishingly rare.
pub(crate) fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return encoding.decode_without_bom_handling(&bytes[bom_len..]).0;
    }
    let utf8 = std::str::from_utf8(bytes).ok();
    if let Some(declared) = declared_charset(&bytes[..bytes.len().min(SNIFF_LEN)]) {
        // The HTML standard reads a UTF-16 declaration in a byte stream without a BOM as
        // UTF-8: the declaration itself could not have been read otherwise.
        let declared = if declared == UTF_16LE || declared == UTF_16BE {
            UTF_8
        } else {
            declared
        };
        match utf8 {
            Some(text) if declared == UTF_8 || !text.is_ascii() => return Cow::Borrowed(text),
            _ => return declared.decode_without_bom_handling(bytes).0,
        }
    }
    if let Some(text) = utf8 {
        return Cow::Borrowed(text);
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let guess = detector.guess(None, false);
    let encoding = if guess == UTF_8 { WINDOWS_1252 } else { guess };
    encoding.decode_without_bom_handling(bytes).0
}

/// The charset named by `<meta charset=…>`, `<meta http-equiv=Content-Type
/// content="…; charset=…">` or an XML prolog, read from the bytes as ASCII.
fn declared_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.to_ascii_lowercase();
    // An XHTML page saved with its XML prolog: `<?xml version="1.0" encoding="…"?>`.
    if lower.starts_with(b"<?xml") {
        let end = find(&lower, b"?>").unwrap_or(lower.len());
        if let Some(encoding) = attribute(&lower[..end], b"encoding").and_then(Encoding::for_label)
        {
            return Some(encoding);
        }
    }
    let mut at = 0;
    while let Some(offset) = find(&lower[at..], b"<meta") {
        let start = at + offset + 5;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |p| start + p);
        let tag = &lower[start..end];
        if let Some(label) = attribute(tag, b"charset") {
            if let Some(encoding) = Encoding::for_label(label) {
                return Some(encoding);
            }
        }
        let is_content_type =
            attribute(tag, b"http-equiv").is_some_and(|v| v.eq_ignore_ascii_case(b"content-type"));
        if is_content_type {
            if let Some(content) = attribute(tag, b"content") {
                if let Some(p) = find(content, b"charset=") {
                    let label = &content[p + 8..];
                    let label = label
                        .split(|&b| b == b';' || b == b' ' || b == b'"' || b == b'\'')
                        .find(|l| !l.is_empty())
                        .unwrap_or(label);
                    if let Some(encoding) = Encoding::for_label(label) {
                        return Some(encoding);
                    }
                }
            }
        }
        at = end;
    }
    None
}

/// The value of `name=value`, `name="value"` or `name='value'` inside a tag.
fn attribute<'a>(tag: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut at = 0;
    while let Some(offset) = find(&tag[at..], name) {
        let start = at + offset;
        at = start + name.len();
        let before_ok =
            start == 0 || !tag[start - 1].is_ascii_alphanumeric() && tag[start - 1] != b'-';
        let mut i = at;
        while tag.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if !before_ok || tag.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while tag.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let (quote, from) = match tag.get(i) {
            Some(&q @ (b'"' | b'\'')) => (Some(q), i + 1),
            _ => (None, i),
        };
        let len = tag[from..]
            .iter()
            .position(|&b| match quote {
                Some(q) => b == q,
                None => b.is_ascii_whitespace() || matches!(b, b'/' | b';' | b'"' | b'\'' | b'>'),
            })
            .unwrap_or(tag.len() - from);
        return Some(&tag[from..from + len]);
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Saved web pages (`.html`, `.htm`, and either gzip-compressed).
#[derive(Debug, Clone, Copy, Default)]
pub struct Html;

impl super::Format for Html {
    fn name(&self) -> &'static str {
        "html"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["html", "htm"]
    }

    fn read(&self, bytes: &[u8], _options: &super::Options) -> Result<super::Contents, String> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err("empty file".into());
        }
        let page = extract(bytes);
        if page.body.is_empty() && page.text.trim().is_empty() {
            return Err("no visible text".into());
        }
        let outlets = [&page.publisher, &page.site_name]
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        let given = super::Given {
            title: page.title,
            date: page.published.as_deref().and_then(super::parse_date),
            outlets,
            url: page.url,
            body: (!page.body.is_empty()).then_some(page.body),
        };
        Ok(super::Contents {
            records: vec![super::Record {
                line: None,
                text: page.text,
                given,
            }],
            bad: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(html: &str) -> Page {
        extract(html.as_bytes())
    }

    const PARAGRAPHS: &str = "<p>The first paragraph of the story tells what happened, where, and to whom, at some length.</p>\
        <p>The second paragraph adds a quote from an official, who spoke on condition of anonymity.</p>\
        <p>The third paragraph gives the background, with dates, places, and numbers, as news does.</p>";

    #[test]
    fn json_ld_graph_gives_headline_date_publisher_and_authors() {
        let html = r#"<html><head><script type="application/ld+json">
            {"@context": "https://schema.org", "@graph": [
              {"@type": "WebPage", "@id": "https://x.example/a#page", "datePublished": "2019-01-01"},
              {"@type": "Organization", "@id": "https://x.example/#org", "name": "Example News"},
              {"@type": "Person", "@id": "https://x.example/#jane", "name": "Jane Doe"},
              {"@type": ["NewsArticle"], "headline": "Rockets hit the base",
               "datePublished": "2021-07-29T10:00:00+03:00", "dateModified": "2021-07-30",
               "publisher": {"@id": "https://x.example/#org"},
               "author": [{"@id": "https://x.example/#jane"}, {"@type": "Person", "name": "John Roe"}]}
            ]}</script><title>Something else | Example</title></head><body></body></html>"#;
        let p = page(html);
        assert_eq!(p.title.as_deref(), Some("Rockets hit the base"));
        assert_eq!(p.published.as_deref(), Some("2021-07-29T10:00:00+03:00"));
        assert_eq!(p.modified.as_deref(), Some("2021-07-30"));
        assert_eq!(p.publisher.as_deref(), Some("Example News"));
        assert_eq!(p.authors, ["Jane Doe", "John Roe"]);
    }

    #[test]
    fn broken_json_ld_is_skipped_and_the_rest_still_read() {
        let html = format!(
            r#"<html><head>
            <script type="application/ld+json">{{"@type": "NewsArticle", "headline": </script>
            <meta property="og:title" content="Headline from OpenGraph">
            <meta name="pubdate" content="2020-11-18">
            </head><body><article>{PARAGRAPHS}</article></body></html>"#
        );
        let p = page(&html);
        assert_eq!(p.title.as_deref(), Some("Headline from OpenGraph"));
        assert_eq!(p.published.as_deref(), Some("2020-11-18"));
        assert_eq!(p.body.split("\n\n").count(), 3);
    }

    #[test]
    fn opengraph_alone_gives_title_site_url_and_dates() {
        let html = r#"<html><head>
            <meta property="og:site_name" content="The Gazette">
            <meta property="og:title" content="Talks resume in Baghdad">
            <meta property="og:url" content="https://gazette.example/talks">
            <meta property="article:published_time" content="2022-03-01T08:00:00Z">
            <meta property="article:modified_time" content="2022-03-02T09:00:00Z">
            <title>Talks resume in Baghdad | The Gazette</title></head><body></body></html>"#;
        let p = page(html);
        assert_eq!(p.title.as_deref(), Some("Talks resume in Baghdad"));
        assert_eq!(p.site_name.as_deref(), Some("The Gazette"));
        assert_eq!(p.url.as_deref(), Some("https://gazette.example/talks"));
        assert_eq!(p.published.as_deref(), Some("2022-03-01T08:00:00Z"));
        assert_eq!(p.modified.as_deref(), Some("2022-03-02T09:00:00Z"));
    }

    #[test]
    fn meta_charset_windows_1252_is_honoured() {
        let mut bytes = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head><body><p>Caf".to_vec();
        bytes.extend([0xe9, b' ', 0x93, b'q', 0x94]);
        bytes.extend(b"</p></body></html>");
        assert!(page_text(&bytes).contains("Café “q”"));
        // The same bytes without a declaration are not UTF-8, and read as Windows-1252.
        let plain = b"<p>Caf\xe9 \x93q\x94</p>";
        assert!(page_text(plain).contains("Café “q”"));
        // A page re-encoded to UTF-8 when saved, its old declaration left in place.
        let resaved = "<meta charset=windows-1252><p>Café “q”</p>";
        assert!(page_text(resaved.as_bytes()).contains("Café “q”"));
        // A BOM beats the declaration.
        let bom = b"\xef\xbb\xbf<meta charset=windows-1252><p>Caf\xc3\xa9</p>";
        assert!(page_text(bom).contains("Café"));
    }

    #[test]
    fn charset_declarations_are_sniffed_in_their_usual_forms() {
        let sniff = |head: &str| declared_charset(head.as_bytes()).map(Encoding::name);
        assert_eq!(sniff("<meta charset=\"ISO-8859-7\">"), Some("ISO-8859-7"));
        assert_eq!(sniff("<META CHARSET=windows-1256 />"), Some("windows-1256"));
        assert_eq!(
            sniff("<meta content='text/html; charset=koi8-r' http-equiv='Content-Type'>"),
            Some("KOI8-R")
        );
        assert_eq!(
            sniff("<?xml version=\"1.0\" encoding=\"iso-8859-2\"?>"),
            Some("ISO-8859-2")
        );
        assert_eq!(
            sniff("<meta name=\"charset\" content=\"utf-8\"><p>charset=x</p>"),
            None
        );
    }

    fn page_text(bytes: &[u8]) -> String {
        extract(bytes).text
    }

    #[test]
    fn comment_sections_are_not_body() {
        let comment = "<p>I completely disagree with this article, and here is why, at some considerable length.</p>";
        let html = format!(
            r#"<html><body><div class="article-body">{PARAGRAPHS}</div>
            <section id="comments" class="comments-area"><h3>12 comments</h3>
            <div class="comment">{comment}</div><div class="comment">{comment}</div>
            <div class="comment">{comment}</div></section></body></html>"#
        );
        let p = page(&html);
        assert_eq!(p.body.split("\n\n").count(), 3, "{}", p.body);
        assert!(!p.body.contains("disagree"));
        assert!(
            p.text.contains("disagree"),
            "comments are still visible text"
        );
    }

    #[test]
    fn double_line_breaks_split_paragraphs() {
        let html = "<html><body><div class=\"story\">\
            The first paragraph of the story tells what happened, where, and to whom, at length.<br><br>\
            The second paragraph adds a quote from an official, who spoke on condition of anonymity.<br>\n<br>\
            The third paragraph gives the background, with dates, places, and numbers.<br>It goes on.\
            </div><div class=\"footer\"><a href=\"/\">Home</a> <a href=\"/a\">About</a></div></body></html>";
        let p = page(html);
        let paragraphs: Vec<&str> = p.body.split("\n\n").collect();
        assert_eq!(paragraphs.len(), 3, "{}", p.body);
        assert!(paragraphs[2].ends_with("numbers. It goes on."));
    }

    #[test]
    fn time_in_the_article_header_beats_other_times() {
        let html = format!(
            r#"<html><body><aside class="related"><time datetime="2018-05-05">old</time></aside>
            <article><header><h1>Headline</h1><div class="byline">By Jane Doe
            <time datetime="2021-02-03T04:05:06Z">3 February</time></div></header>{PARAGRAPHS}
            <footer><time datetime="2021-03-01">Updated</time></footer></article></body></html>"#
        );
        let p = page(&html);
        assert_eq!(p.published.as_deref(), Some("2021-02-03T04:05:06Z"));
        assert_eq!(p.title.as_deref(), Some("Headline"));
        assert!(!p.body.contains("Jane Doe"));
    }

    #[test]
    fn entities_are_decoded_and_whitespace_normalised() {
        let html = "<html><body><article><p>Iraq&rsquo;s  prime\n minister &amp; his\u{a0}cabinet met on Sunday, officials said, in Baghdad.</p></article></body></html>";
        assert_eq!(
            page(html).body,
            "Iraq’s prime minister & his cabinet met on Sunday, officials said, in Baghdad."
        );
    }
}
