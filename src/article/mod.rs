//! An article and how it is extracted from a raw page.
//!
//! [`parse`] turns the text of one saved page into an [`Article`]: outlet (and republishing
//! host), title, publication date, clean body and named actors. Each field has its own module
//! of pure functions; `page` and `body` find where the article is, the others read it.

pub mod actors;
pub mod body;
pub mod date;
pub mod outlet;
pub mod page;
pub mod stopwords;
pub mod title;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::path::{Path, PathBuf};

pub use actors::Actor;
pub use date::DateSource;

use crate::format::{Given, Record};
use crate::knowledge::Knowledge;

/// One news article, as gz-search understands it.
#[derive(Debug, Clone, Serialize)]
pub struct Article {
    /// The file the article was read from.
    pub path: PathBuf,
    /// Its line in that file, for files with one article per line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The outlet that wrote it, when the page names it.
    pub outlet: Option<String>,
    /// The site that republished it, when that is another outlet.
    pub host: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// The publication date.
    #[serde(serialize_with = "serialize_date")]
    pub date: Option<NaiveDate>,
    /// Whether the date was printed in full or its year inferred.
    pub date_source: Option<DateSource>,
    /// The publication year.
    pub year: Option<i32>,
    /// The article's own paragraphs, separated by blank lines.
    pub body: String,
    /// People and organisations the body names.
    pub actors: Vec<Actor>,
    /// True when the text was longer than [`MAX_TEXT_BYTES`] and only its start was read.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
}

/// Longest text read as one article; no news article comes near it, and the rest of a larger
/// file is ignored so that one odd file cannot stall a run.
pub const MAX_TEXT_BYTES: usize = 1024 * 1024;

fn serialize_date<S: serde::Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => s.serialize_str(&d.format("%Y-%m-%d").to_string()),
        None => s.serialize_none(),
    }
}

/// The article's own outlet in its dateline ("(Reuters) -") is a byline, not an actor.
fn own_outlet_removed(
    mut actors: Vec<Actor>,
    own: &[&Option<String>],
    knowledge: &Knowledge,
) -> Vec<Actor> {
    actors.retain(|a| {
        let outlet = knowledge.outlets.resolve(&a.name).map(|o| &o.name);
        !own.iter().any(|o| o.is_some() && o.as_ref() == outlet)
    });
    actors
}

/// Extracts an article from the text of a saved page.
pub fn parse(path: &Path, text: &str, knowledge: &Knowledge) -> Article {
    read(path, text, None, knowledge)
}

/// [`parse`], with the body taken as given when the source states it.
fn read(path: &Path, text: &str, given_body: Option<String>, knowledge: &Knowledge) -> Article {
    let truncated = text.len() > MAX_TEXT_BYTES;
    let text = if truncated {
        let mut end = MAX_TEXT_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        &text[..end]
    } else {
        text
    };
    let page = page::Page::new(text);
    let layout = body::layout(&page, knowledge);
    let lines_of = |idx: &[usize]| idx.iter().map(|&i| page.lines[i]).collect::<Vec<_>>();

    let mut header = lines_of(&layout.header);
    header.extend(lines_of(&layout.datelines));
    let footer = lines_of(&layout.footer);
    let lede = layout.body.first().map(|&i| page.lines[i]);
    let published = date::publication(&header, lede, &footer, text);
    let attribution = outlet::attribute(&page, &layout, knowledge);
    let body = given_body.unwrap_or_else(|| body::text(&page, &layout));
    let own = [&attribution.outlet, &attribution.host];
    let actors = own_outlet_removed(actors::find(&body, knowledge), &own, knowledge);

    Article {
        path: path.to_path_buf(),
        line: None,
        outlet: attribution.outlet,
        host: attribution.host,
        title: layout.title.map(|t| title::clean(page.lines[t], knowledge)),
        date: published.map(|(d, _)| d),
        date_source: published.map(|(_, s)| s),
        year: published.map(|(d, _)| d.year()),
        body,
        actors,
        truncated,
    }
}

/// Extracts an article from a record of any format: the fields the source states win, the
/// others are extracted from the record's text as from a flattened page.
pub fn extract(path: &Path, record: &Record, knowledge: &Knowledge) -> Article {
    let Given {
        title,
        date,
        outlets,
        url,
        body,
    } = &record.given;
    let mut article = read(
        path,
        &record.text,
        body.as_deref().map(body::tidy),
        knowledge,
    );
    article.line = record.line;
    if let Some(title) = title {
        article.title = Some(title.clone());
    }
    if let Some(date) = date {
        article.date = Some(*date);
        article.date_source = Some(DateSource::Explicit);
        article.year = Some(date.year());
    }
    // A name the registry knows, then the address's domain; a name it does not know still
    // wins over the text, unless it is only a domain.
    let known = |name: &str| {
        knowledge
            .outlets
            .resolve(name)
            .or_else(|| knowledge.outlets.resolve(&host_of(name)?))
            .map(|o| o.name.clone())
    };
    let stated = outlets
        .iter()
        .find_map(|name| known(name))
        .or_else(|| known(url.as_deref()?))
        .or_else(|| {
            let name = outlets.first()?;
            host_of(name).is_none().then(|| name.clone())
        });
    // A stated site that the text shows republishing another outlet's story keeps that
    // split (outlet = writer, host = the site); otherwise the stated name is the outlet.
    if let Some(stated) = stated {
        if article.host.as_ref() != Some(&stated) {
            article.outlet = Some(stated);
            article.host = None;
        }
    }
    article
}

/// The host of a URL or a bare domain (`https://www.rudaw.net/x` → `www.rudaw.net`).
fn host_of(address: &str) -> Option<String> {
    let rest = address.trim();
    let rest = rest.split_once("://").map_or(rest, |(_, r)| r);
    let host = rest
        .split(['/', '?', '#', ':'])
        .next()?
        .to_ascii_lowercase();
    (host.contains('.') && !host.contains(' ')).then_some(host)
}
