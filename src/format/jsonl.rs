//! JSON Lines dumps (news-please, CC-News and the like): one article per line.
//!
//! Crawlers name their fields differently (`maintext`, `text`, `body`; `date_publish`,
//! `published`, `datePublished`; `source_domain`, `source`, `url`), so each field is looked up
//! under its common names, in order; `--map field=key` names the key for a dump that uses
//! another one. A line that is not a JSON object, or has no article text, is reported with its
//! line number and the other lines are read.

use serde_json::{Map, Value};

use super::{parse_date, Contents, Format, Given, Record};

/// JSON Lines (`.jsonl`, `.ndjson`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Jsonl;

/// An article field a record can state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Headline.
    Title,
    /// Article text.
    Body,
    /// Publication date.
    Date,
    /// Outlet or publisher name, or its domain.
    Outlet,
    /// The article's address.
    Url,
}

impl Field {
    /// Every field, by the name used in `--map`.
    pub const ALL: [(&'static str, Field); 5] = [
        ("title", Field::Title),
        ("body", Field::Body),
        ("date", Field::Date),
        ("outlet", Field::Outlet),
        ("url", Field::Url),
    ];

    /// The field `--map` names (`body`, `title`, …).
    pub fn named(name: &str) -> Option<Field> {
        Self::ALL
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|&(_, f)| f)
    }

    /// Keys crawlers commonly use for the field, most specific first.
    fn common_keys(self) -> &'static [&'static str] {
        match self {
            Field::Title => &["title", "headline", "heading", "title_page"],
            Field::Body => &[
                "maintext",
                "text",
                "body",
                "content",
                "article_text",
                "articleBody",
                "full_text",
                "article",
            ],
            Field::Date => &[
                "date_publish",
                "datePublished",
                "published",
                "published_at",
                "publish_date",
                "publication_date",
                "pubdate",
                "date",
                "timestamp",
            ],
            Field::Outlet => &[
                "outlet",
                "publisher",
                "source_name",
                "site_name",
                "source",
                "source_domain",
                "domain",
                "site",
            ],
            Field::Url => &["url", "link", "canonical_url", "source_url"],
        }
    }
}

/// Keys a user names for fields (`--map body=story`); they are looked up before the common
/// ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyMap(pub Vec<(Field, String)>);

impl KeyMap {
    /// Parses `field=key`.
    pub fn add(&mut self, mapping: &str) -> Result<(), String> {
        let (field, key) = mapping
            .split_once('=')
            .ok_or_else(|| format!("`{mapping}` is not of the form field=key"))?;
        let field = Field::named(field.trim()).ok_or_else(|| {
            let names: Vec<&str> = Field::ALL.iter().map(|(n, _)| *n).collect();
            format!(
                "unknown field `{}` in `{mapping}` (fields: {})",
                field.trim(),
                names.join(", ")
            )
        })?;
        let key = key.trim();
        if key.is_empty() {
            return Err(format!("no key given in `{mapping}`"));
        }
        self.0.push((field, key.to_string()));
        Ok(())
    }

    fn keys(&self, field: Field) -> impl Iterator<Item = &str> {
        self.0
            .iter()
            .filter(move |(f, _)| *f == field)
            .map(|(_, k)| k.as_str())
            .chain(field.common_keys().iter().copied())
    }
}

impl Format for Jsonl {
    fn name(&self) -> &'static str {
        "jsonl"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["jsonl", "ndjson"]
    }

    /// Dumps are read whole; larger ones should be split (`split -l`).
    fn max_bytes(&self) -> u64 {
        256 * 1024 * 1024
    }

    fn read(&self, bytes: &[u8], options: &super::Options) -> Result<Contents, String> {
        let text = String::from_utf8_lossy(bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let mut contents = Contents::default();
        for (i, line) in text.lines().enumerate() {
            let number = i + 1;
            if line.trim().is_empty() {
                continue;
            }
            match record(line, &options.keys) {
                Ok(mut record) => {
                    record.line = Some(number);
                    contents.records.push(record);
                }
                Err(reason) => contents.bad.push((number, reason)),
            }
        }
        if contents.records.is_empty() && contents.bad.is_empty() {
            return Err("empty file".into());
        }
        Ok(contents)
    }
}

/// One line as a record.
fn record(line: &str, keys: &KeyMap) -> Result<Record, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let Value::Object(object) = value else {
        return Err("not a JSON object".into());
    };
    let body = text_of(&object, keys, Field::Body).ok_or_else(|| {
        let tried: Vec<&str> = keys.keys(Field::Body).collect();
        format!(
            "no article text (looked for {}; name the key with --map body=KEY)",
            tried.join(", ")
        )
    })?;
    let title = text_of(&object, keys, Field::Title);
    let date = keys
        .keys(Field::Date)
        .find_map(|k| object.get(k).and_then(date_of));
    let url = text_of(&object, keys, Field::Url);
    let outlet = text_of(&object, keys, Field::Outlet);
    // The flattened form the extraction rules read: the headline, then the text.
    let paragraphs = crate::article::body::tidy(&body);
    let text = match &title {
        Some(title) => format!("{title}\n\n{paragraphs}"),
        None => paragraphs,
    };
    Ok(Record {
        line: None,
        text,
        given: Given {
            title,
            date,
            outlets: outlet.into_iter().collect(),
            url,
            body: Some(body),
        },
    })
}

/// The first non-empty text under the field's keys; an object stands for its `name`
/// (`"source": {"name": "Reuters"}`).
fn text_of(object: &Map<String, Value>, keys: &KeyMap, field: Field) -> Option<String> {
    keys.keys(field).find_map(|k| match object.get(k)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Object(inner) => match inner.get("name").or_else(|| inner.get("title"))? {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            _ => None,
        },
        _ => None,
    })
}

/// A date written as text, or as a Unix timestamp in seconds or milliseconds.
fn date_of(value: &Value) -> Option<chrono::NaiveDate> {
    match value {
        Value::String(s) => parse_date(s),
        Value::Number(n) => {
            let secs = n.as_i64()?;
            let secs = if secs > 100_000_000_000 {
                secs / 1000
            } else {
                secs
            };
            chrono::DateTime::from_timestamp(secs, 0).map(|t| t.date_naive())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Options;

    fn read(text: &str, options: &Options) -> Contents {
        Jsonl.read(text.as_bytes(), options).unwrap()
    }

    #[test]
    fn common_field_names_are_mapped() {
        let dump = concat!(
            r#"{"title": "Drone hits airport", "maintext": "A drone struck.", "date_publish": "2021-03-07 10:12:00", "source_domain": "www.rudaw.net"}"#,
            "\n",
            r#"{"headline": "Talks resume", "text": "Delegations met.", "published": 1609459200, "source": {"name": "Al-Monitor"}, "url": "https://www.al-monitor.com/x"}"#,
            "\n",
        );
        let contents = read(dump, &Options::default());
        assert!(contents.bad.is_empty());
        let [first, second] = contents.records.as_slice() else {
            panic!("two records expected: {contents:?}");
        };
        assert_eq!(first.line, Some(1));
        assert_eq!(first.given.title.as_deref(), Some("Drone hits airport"));
        assert_eq!(first.given.body.as_deref(), Some("A drone struck."));
        assert_eq!(
            first.given.date.map(|d| d.to_string()).as_deref(),
            Some("2021-03-07")
        );
        assert_eq!(
            first.given.outlets.first().map(String::as_str),
            Some("www.rudaw.net")
        );
        assert_eq!(second.given.title.as_deref(), Some("Talks resume"));
        assert_eq!(
            second.given.date.map(|d| d.to_string()).as_deref(),
            Some("2021-01-01")
        );
        assert_eq!(
            second.given.outlets.first().map(String::as_str),
            Some("Al-Monitor")
        );
        assert_eq!(
            second.given.url.as_deref(),
            Some("https://www.al-monitor.com/x")
        );
    }

    #[test]
    fn bad_lines_are_reported_with_their_number_and_the_rest_is_read() {
        let dump = "{\"text\": \"one\"}\n{broken\n\n[1, 2]\n{\"title\": \"no text\"}\n{\"body\": \"five\"}\n";
        let contents = read(dump, &Options::default());
        let lines: Vec<Option<usize>> = contents.records.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![Some(1), Some(6)]);
        let bad: Vec<usize> = contents.bad.iter().map(|(n, _)| *n).collect();
        assert_eq!(bad, vec![2, 4, 5]);
        assert!(
            contents.bad[2].1.contains("--map body="),
            "{:?}",
            contents.bad
        );
    }

    #[test]
    fn a_user_mapping_names_other_keys() {
        let mut options = Options::default();
        options.keys.add("body=story").unwrap();
        options.keys.add("outlet = paper").unwrap();
        let contents = read(r#"{"story": "Rockets fell.", "paper": "Rudaw"}"#, &options);
        assert_eq!(
            contents.records[0].given.body.as_deref(),
            Some("Rockets fell.")
        );
        assert_eq!(
            contents.records[0]
                .given
                .outlets
                .first()
                .map(String::as_str),
            Some("Rudaw")
        );
        assert!(options
            .keys
            .add("bodies=x")
            .unwrap_err()
            .contains("unknown field"));
        assert!(options.keys.add("body").unwrap_err().contains("field=key"));
    }
}
