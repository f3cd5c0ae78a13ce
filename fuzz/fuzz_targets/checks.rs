//! What the fuzz targets check, shared with the normal test suite (`tests/reliability.rs`
//! runs these on the saved inputs in `tests/fixtures/fuzz/`), so that an input that once
//! broke a target stays a regression test.

use std::path::Path;

use gz_search::index::{Request, Sort};
use gz_search::{corpus, Knowledge};

/// Decodes `data` as a file would be and parses it as an article; panics when parsing
/// panics or when a word of the body does not occur in the decoded input.
pub fn parse_keeps_to_the_input(data: &[u8], knowledge: &Knowledge) {
    let Ok(text) = corpus::decode(data) else {
        return;
    };
    let article = gz_search::parse(Path::new("fuzz.txt"), &text, knowledge);
    for word in article.body.split_whitespace() {
        assert!(
            text.contains(word),
            "body word {word:?} does not occur in the input"
        );
    }
}

/// The search an input of the query target stands for: byte 0 picks options (sort, exact,
/// date filters, a year), bytes 1 and 2 the limit and offset (up to far beyond what is
/// allowed), the rest is the query text.
pub fn request(data: &[u8]) -> Option<Request> {
    let [options, limit, offset, rest @ ..] = data else {
        return None;
    };
    Some(Request {
        query: String::from_utf8_lossy(rest).into_owned(),
        limit: usize::from(*limit) * usize::from(*limit) * 64,
        offset: if offset & 0x80 != 0 {
            usize::MAX >> (offset & 0x3f)
        } else {
            usize::from(*offset)
        },
        sort: if options & 1 == 0 {
            Sort::Relevance
        } else {
            Sort::Date
        },
        exact: options & 2 != 0,
        from: day(options >> 2, *limit),
        to: day(options >> 4, *offset),
        years: if options & 0x40 != 0 {
            vec![i32::from(*limit) * 100 - 12_800]
        } else {
            Vec::new()
        },
        ..Request::default()
    })
}

/// A day from two bytes, across and beyond the range of dates an index can hold.
fn day(choice: u8, value: u8) -> Option<chrono::NaiveDate> {
    let year = match choice % 4 {
        0 => 1990 + i32::from(value % 40),
        1 => i32::from(value) * 1000 - 128_000,
        2 => 262_000 + i32::from(value),
        _ => return None,
    };
    chrono::NaiveDate::from_ymd_opt(year, u32::from(value % 12) + 1, 1)
}
