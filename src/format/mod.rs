//! Input formats: how each kind of file becomes article records.
//!
//! A file's format is chosen by its name: plain text (`.txt`), saved web pages (`.html`,
//! `.htm`, and either gzip-compressed) and JSON Lines dumps (`.jsonl`, `.ndjson`). Each
//! format is one module implementing [`Format`]: it turns the file's bytes into records,
//! each the text of one article plus the fields the source states itself ([`Given`]). The
//! article pipeline then extracts what is missing; stated fields win. Adding a format is one
//! new module and one line in [`FORMATS`].

pub mod html;
pub mod jsonl;
pub mod text;

use chrono::NaiveDate;
use std::path::Path;

/// Fields a source states about an article; each wins over what extraction would find.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Given {
    /// Headline.
    pub title: Option<String>,
    /// Publication date.
    pub date: Option<NaiveDate>,
    /// Outlet or publisher names, as the source gives them, most trusted first (resolved
    /// through the registry).
    pub outlets: Vec<String>,
    /// The article's address; its domain names the outlet when nothing else does.
    pub url: Option<String>,
    /// The article's own text, already separated from page chrome.
    pub body: Option<String>,
}

/// One article read from a file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    /// Line of the file the record came from, for formats with several articles per file.
    pub line: Option<usize>,
    /// Text for the extraction rules: a flattened page, or the article text itself.
    pub text: String,
    /// What the source states.
    pub given: Given,
}

/// What a file held.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contents {
    /// The articles read.
    pub records: Vec<Record>,
    /// Parts that could not be read (line, reason); the rest of the file still counts.
    pub bad: Vec<(usize, String)>,
}

/// A kind of input file.
pub trait Format: Sync {
    /// Short name, as shown in messages.
    fn name(&self) -> &'static str;
    /// File-name endings of this format, lowercase, without the leading dot.
    fn extensions(&self) -> &'static [&'static str];
    /// Largest file read, decompressed; larger ones are skipped with a reason.
    fn max_bytes(&self) -> u64 {
        crate::corpus::MAX_FILE_BYTES
    }
    /// The articles in a file's bytes (already decompressed), or why it holds none.
    fn read(&self, bytes: &[u8], options: &Options) -> Result<Contents, String>;
}

/// How to read files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Keys of record fields in JSON Lines dumps, beyond the common ones.
    pub keys: jsonl::KeyMap,
}

/// Every format gz-search reads.
pub static FORMATS: &[&dyn Format] = &[&text::Text, &html::Html, &jsonl::Jsonl];

/// The format of a file, by its name (`x.html.gz` is HTML); `None` for files not read.
pub fn of(path: &Path) -> Option<&'static dyn Format> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let extension = name.rsplit_once('.')?.1;
    FORMATS
        .iter()
        .copied()
        .find(|f| f.extensions().contains(&extension))
}

/// A file ready to be read: its format and its (decompressed) bytes.
pub struct Input {
    /// The file's format.
    pub format: &'static dyn Format,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// A file's format and bytes, or why it is passed over (not a format gz-search reads, not a
/// regular file, empty, too large).
pub fn open(path: &Path) -> crate::Result<Result<Input, String>> {
    let Some(format) = of(path) else {
        return Ok(Err(format!(
            "not a supported file type ({})",
            extension_list()
        )));
    };
    Ok(crate::corpus::read_bytes(path, format.max_bytes())?.map(|bytes| Input { format, bytes }))
}

/// True when the file is gzip-compressed, by its name.
pub fn is_compressed(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

/// The extensions of every format, for messages (".txt, .html, …").
pub fn extension_list() -> String {
    let all: Vec<String> = FORMATS
        .iter()
        .flat_map(|f| f.extensions().iter().map(|e| format!(".{e}")))
        .collect();
    all.join(", ")
}

/// A date as sources write it in metadata: RFC 3339 (`2022-08-29T21:05:00+03:00`), ISO
/// date-time with a space, a bare ISO date, or a date in words. The date is the one printed,
/// in the writer's own time zone.
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    let head = raw.get(..10).unwrap_or(raw);
    if let Ok(date) = NaiveDate::parse_from_str(head, "%Y-%m-%d") {
        return Some(date);
    }
    if let Ok(date) = NaiveDate::parse_from_str(head, "%Y/%m/%d") {
        return Some(date);
    }
    // Compact ISO 8601 (`20190915`, `20190915T0800Z`).
    if let Some(compact) = raw
        .get(..8)
        .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))
    {
        if raw.len() == 8 || raw.as_bytes()[8] == b'T' {
            return NaiveDate::parse_from_str(compact, "%Y%m%d").ok();
        }
    }
    if let Ok(time) = chrono::DateTime::parse_from_rfc2822(raw) {
        return Some(time.date_naive());
    }
    let written = crate::article::date::mentions(raw).into_iter().next()?;
    NaiveDate::from_ymd_opt(written.year?, written.month, written.day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_chosen_by_name() {
        let name = |p: &str| of(Path::new(p)).map(|f| f.name());
        assert_eq!(name("a/story.txt"), Some("text"));
        assert_eq!(name("page.HTML"), Some("html"));
        assert_eq!(name("page.htm.gz"), Some("html"));
        assert_eq!(name("dump.ndjson"), Some("jsonl"));
        assert_eq!(name("notes.pdf"), None);
        assert_eq!(name("archive.gz"), None);
        assert_eq!(name("README"), None);
    }

    #[test]
    fn metadata_dates_are_read_as_printed() {
        let date = |s: &str| parse_date(s).map(|d| d.to_string());
        assert_eq!(
            date("2022-08-29T21:05:00+03:00").as_deref(),
            Some("2022-08-29")
        );
        assert_eq!(date("2021-03-07 10:12:00").as_deref(), Some("2021-03-07"));
        assert_eq!(date("2020-01-05").as_deref(), Some("2020-01-05"));
        assert_eq!(date("20190915").as_deref(), Some("2019-09-15"));
        assert_eq!(date("20190915T0800Z").as_deref(), Some("2019-09-15"));
        assert_eq!(
            date("Tue, 05 Jan 2021 08:00:00 GMT").as_deref(),
            Some("2021-01-05")
        );
        assert_eq!(date("5 January 2021").as_deref(), Some("2021-01-05"));
        assert_eq!(date("soon"), None);
    }
}
