//! Searching: the query language, filters, ranking, snippets and facets.
//!
//! The query uses Tantivy's syntax over title and body (`"green zone"`, `rocket AND embassy`,
//! `-drone`, `outlet:WION`, `year:[2020 TO 2021]`); several words must all match, as in web
//! search, and `*` matches every document. Title matches weigh twice body matches (BM25).
//! Command-line filters (outlets, years, dates, actors) are added as required clauses; outlet
//! and actor names go through the registries first, so any alias works. One pass collects the
//! top hits, the total and the facets over every match; snippets are made for the page shown.
//! Both the pass over the segments and the snippets are shared with a second thread when the
//! query has enough work for one (see `parallel`).

use chrono::NaiveDate;
use std::ops::{Bound, Range};
use std::path::PathBuf;
use std::sync::Arc;

use tantivy::collector::{Collector, Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::query::{EnableScoring, Weight};
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};
use tantivy::{DateTime, DocAddress, Order, Searcher, Term};

use super::facets::{FacetCollector, Facets};
use super::fragment::Fragments;
use super::{open_searcher, parallel, schema, variants, Fields};
use crate::error::{Error, Result};
use crate::knowledge::Knowledge;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Most hits a page may hold.
pub const MAX_LIMIT: usize = 10_000;

/// Most hits a page may skip: the collector holds every hit up to the page's end.
pub const MAX_OFFSET: usize = 1_000_000;

/// The range of seconds an index date can hold (nanoseconds in an i64).
const MIN_DATE_SECS: i64 = i64::MIN / 1_000_000_000;
/// See [`MIN_DATE_SECS`].
const MAX_DATE_SECS: i64 = i64::MAX / 1_000_000_000;

/// Deepest nesting of brackets and `NOT`s a query may have: the parser recurses on it.
pub const MAX_NESTING: usize = 32;

/// How hits are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// Best BM25 score first.
    #[default]
    Relevance,
    /// Newest first; undated documents last.
    Date,
}

/// A search to run.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// The query text.
    pub query: String,
    /// Hits per page.
    pub limit: usize,
    /// Hits to skip.
    pub offset: usize,
    /// Keep documents from any of these outlets.
    pub outlets: Vec<String>,
    /// Keep documents from any of these years.
    pub years: Vec<i32>,
    /// Keep documents published on or after this day.
    pub from: Option<NaiveDate>,
    /// Keep documents published on or before this day.
    pub to: Option<NaiveDate>,
    /// Keep documents naming all of these actors.
    pub actors: Vec<String>,
    /// Hit order.
    pub sort: Sort,
    /// Match spellings exactly, without romanisation variants.
    pub exact: bool,
}

/// A highlighted extract of a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snippet {
    /// The extract.
    pub text: String,
    /// Byte ranges of `text` that matched the query.
    pub highlights: Vec<Range<usize>>,
}

/// One matching document.
#[derive(Debug, Clone)]
pub struct Hit {
    /// 1-based rank in the whole result list.
    pub rank: usize,
    /// BM25 score (relevance order only).
    pub score: Option<f32>,
    /// The source file.
    pub path: PathBuf,
    /// The article's line in that file, for files with one article per line.
    pub line: Option<u64>,
    /// Headline.
    pub title: Option<String>,
    /// Original outlet.
    pub outlet: Option<String>,
    /// Republishing site.
    pub host: Option<String>,
    /// Publication date.
    pub date: Option<NaiveDate>,
    /// `explicit` or `inferred`.
    pub date_source: Option<String>,
    /// Publication year.
    pub year: Option<i32>,
    /// Canonical actor names.
    pub actors: Vec<String>,
    /// Extract with the matches highlighted.
    pub snippet: Snippet,
    /// (typed, found) pairs where a spelling variant of a query word matched.
    pub matched: Vec<(String, String)>,
}

/// The answer to a [`Request`].
#[derive(Debug, Clone)]
pub struct Results {
    /// The query as given.
    pub query: String,
    /// Number of matching documents.
    pub total_hits: usize,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
    /// Counts over all matching documents.
    pub facets: Facets,
}

/// Runs a search on the index at `dir`.
pub fn search(dir: &std::path::Path, request: &Request, knowledge: &Knowledge) -> Result<Results> {
    // Before opening: a bad value is reported whatever state the index is in.
    check(request)?;
    Searchable::open(dir)?.search(request, knowledge)
}

/// An index opened for searching: one snapshot of it, for any number of requests.
pub struct Searchable {
    opened: super::Opened,
    searcher: Searcher,
}

impl Searchable {
    /// Opens the index at `dir` and takes a snapshot of its committed documents.
    pub fn open(dir: &std::path::Path) -> Result<Self> {
        let (opened, searcher) = open_searcher(dir)?;
        Ok(Searchable { searcher, opened })
    }

    /// Answers one request.
    pub fn search(&self, request: &Request, knowledge: &Knowledge) -> Result<Results> {
        check(request)?;
        run(&self.opened, &self.searcher, request, knowledge)
    }
}

fn check(request: &Request) -> Result<()> {
    if request.limit > MAX_LIMIT {
        return Err(Error::InvalidValue {
            what: "limit",
            value: request.limit.to_string(),
            reason: format!("at most {MAX_LIMIT} hits can be shown at once"),
        });
    }
    if request.offset > MAX_OFFSET {
        return Err(Error::InvalidValue {
            what: "offset",
            value: request.offset.to_string(),
            reason: format!(
                "hits past the first {MAX_OFFSET} cannot be paged to; narrow the query"
            ),
        });
    }
    Ok(())
}

fn run(
    opened: &super::Opened,
    searcher: &Searcher,
    request: &Request,
    knowledge: &Knowledge,
) -> Result<Results> {
    let fields = &opened.fields;
    let (text_query, keys) = parse_query(&opened.index, fields, request, knowledge)?;
    let query = with_filters(text_query, fields, request, knowledge)?;

    let limit = request.limit.max(1);
    let top = TopDocs::with_limit(limit).and_offset(request.offset);
    let (ranked, total_hits, facets): (Vec<(Option<f32>, DocAddress)>, usize, Facets) =
        match request.sort {
            Sort::Relevance => {
                let (docs, count, facets) = collect(
                    searcher,
                    &*query,
                    (top.order_by_score(), Count, FacetCollector),
                )?;
                let docs = docs.into_iter().map(|(s, a)| (Some(s), a)).collect();
                (docs, count, facets)
            }
            Sort::Date => {
                let (docs, count, facets) = collect(
                    searcher,
                    &*query,
                    (
                        top.order_by_fast_field::<DateTime>(schema::DATE, Order::Desc),
                        Count,
                        FacetCollector,
                    ),
                )?;
                let docs = docs.into_iter().map(|(_, a)| (None, a)).collect();
                (docs, count, facets)
            }
        };
    let ranked = if request.limit == 0 {
        Vec::new()
    } else {
        ranked
    };

    let snippets = Snippets::new(searcher, &*query, fields, keys)?;
    let sizes = vec![1; ranked.len()];
    let (reader, fields_of_hit, offset) = (searcher.clone(), fields.clone(), request.offset);
    let shown = move |snippets: &mut Snippets, i: usize| -> Result<Hit> {
        let (score, address) = ranked[i];
        let doc: TantivyDocument = reader.doc(address)?;
        let (snippet, matched) = snippets.make(&doc);
        let mut hit = hit(&doc, &fields_of_hit, offset + i + 1, score, snippet);
        hit.matched = matched;
        Ok(hit)
    };
    let hits = parallel::shared(&sizes, false, snippets, shown)
        .ok_or_else(search_thread_stopped)?
        .into_iter()
        .collect::<Result<Vec<Hit>>>()?;
    Ok(Results {
        query: request.query.clone(),
        total_hits,
        hits,
        facets,
    })
}

/// Runs `collector` over every segment, as `Searcher::search` does, but sharing the segments
/// (the largest first) with a second thread (see [`parallel::shared`]); the segments'
/// fruits are merged in segment order, so the result is the same.
fn collect<C: Collector + 'static>(
    searcher: &Searcher,
    query: &dyn Query,
    collector: C,
) -> Result<C::Fruit> {
    let readers = searcher.segment_readers().to_vec();
    if readers.len() < 2 {
        return Ok(searcher.search(query, &collector)?);
    }
    let scoring = if collector.requires_scoring() {
        EnableScoring::enabled_from_searcher(searcher)
    } else {
        EnableScoring::disabled_from_searcher(searcher)
    };
    let weight: Arc<dyn Weight> = Arc::from(query.weight(scoring)?);
    collector.check_schema(searcher.schema())?;
    let mut order: Vec<usize> = (0..readers.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(readers[i].max_doc()));
    let sizes: Vec<u64> = order
        .iter()
        .map(|&i| u64::from(readers[i].max_doc()))
        .collect();
    // The postings the query reads in the largest segment tell whether the search is worth
    // a second thread from the start; a query that reads little never starts one.
    let largest = &readers[order[0]];
    let mut postings = 0u64;
    query.query_terms(&mut |term, _| {
        if let Ok(index) = largest.inverted_index(term.field()) {
            postings += u64::from(index.doc_freq(term).unwrap_or(0));
        }
    });
    let eager = postings * readers.len() as u64 >= EAGER_POSTINGS;
    let collector = Arc::new(collector);
    let segment_collector = Arc::clone(&collector);
    let by_segment = move |_: &mut (), i: usize| {
        let segment = order[i];
        let fruit = segment_collector.collect_segment(&*weight, segment as u32, &readers[segment]);
        (segment, fruit)
    };
    let mut fruits =
        parallel::shared(&sizes, eager, (), by_segment).ok_or_else(search_thread_stopped)?;
    fruits.sort_by_key(|(segment, _)| *segment);
    let fruits = fruits
        .into_iter()
        .map(|(_, fruit)| fruit)
        .collect::<tantivy::Result<Vec<_>>>()?;
    Ok(collector.merge_fruits(fruits)?)
}

/// Postings to read, estimated over all segments, from which a search shares its segments
/// with a second thread at once.
const EAGER_POSTINGS: u64 = 1_000;

fn search_thread_stopped() -> Error {
    Error::Tantivy(tantivy::TantivyError::InternalError(
        "a search thread stopped before finishing its work".into(),
    ))
}

/// The query, and the romanisation keys of its words (empty with `exact`).
fn parse_query(
    index: &tantivy::Index,
    fields: &Fields,
    request: &Request,
    knowledge: &Knowledge,
) -> Result<(Box<dyn Query>, HashMap<String, String>)> {
    let text = request.query.as_str();
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(Error::Query {
            query: text.to_string(),
            reason: "the query is empty; use `*` to match every document".into(),
        });
    }
    if nesting(trimmed) > MAX_NESTING {
        return Err(Error::Query {
            query: text.to_string(),
            reason: format!("brackets and `NOT`s are nested more than {MAX_NESTING} deep"),
        });
    }
    let quoted = quote_apostrophes(trimmed);
    let trimmed = quoted.as_str();
    let mut keys = HashMap::new();
    if trimmed == "*" {
        return Ok((Box::new(AllQuery), keys));
    }
    let mut parser = QueryParser::for_index(index, vec![fields.title, fields.body]);
    parser.set_conjunction_by_default();
    parser.set_field_boost(fields.title, 2.0);
    let invalid = |err: tantivy::query::QueryParserError| Error::Query {
        query: text.to_string(),
        reason: diagnose(trimmed).unwrap_or_else(|| err.to_string()),
    };
    let exact_query = parser.parse_query(trimmed).map_err(invalid)?;
    if request.exact {
        return Ok((exact_query, keys));
    }
    let Ok(ast) = tantivy::query_grammar::parse_query(trimmed) else {
        return Ok((exact_query, keys));
    };
    let widened = variants::widen(&ast, &parser, fields, knowledge, &mut keys).map_err(invalid)?;
    Ok((widened, keys))
}

/// Quotes words with an apostrophe inside (`Kata'ib`, `Sha'abi`): the query grammar reads
/// `'` as a quotation mark, but in transliterated names it is a letter.
fn quote_apostrophes(query: &str) -> String {
    let mut out = String::with_capacity(query.len() + 8);
    let mut in_phrase = false;
    for (i, chunk) in query.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let bytes = chunk.as_bytes();
        let inner_apostrophe = (1..bytes.len().saturating_sub(1)).any(|j| {
            bytes[j] == b'\''
                && bytes[j - 1].is_ascii_alphabetic()
                && bytes[j + 1].is_ascii_alphabetic()
        });
        if !in_phrase && inner_apostrophe && !chunk.contains(['"', ':', '(', ')']) {
            let (sign, word) = match chunk.strip_prefix(['+', '-']) {
                Some(rest) => (&chunk[..1], rest),
                None => ("", chunk),
            };
            out.push_str(sign);
            out.push('"');
            out.push_str(word);
            out.push('"');
        } else {
            out.push_str(chunk);
        }
        if chunk.matches('"').count() % 2 == 1 {
            in_phrase = !in_phrase;
        }
    }
    out
}

/// Says what is wrong with a query's punctuation, which the parser only reports as a
/// syntax error.
fn diagnose(query: &str) -> Option<String> {
    if query.matches('"').count() % 2 == 1 {
        return Some("a phrase is missing its closing `\"`".into());
    }
    let mut stack = Vec::new();
    let mut in_phrase = false;
    for c in query.chars() {
        match c {
            '"' => in_phrase = !in_phrase,
            '(' | '[' | '{' if !in_phrase => stack.push(c),
            ')' | ']' | '}' if !in_phrase => {
                let open = match c {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                if stack.pop() != Some(open) {
                    return Some(format!("`{c}` has no matching `{open}`"));
                }
            }
            _ => {}
        }
    }
    stack.pop().map(|open| {
        let close = match open {
            '(' => ')',
            '[' => ']',
            _ => '}',
        };
        format!("`{open}` is never closed with `{close}`")
    })
}

/// How deeply a query nests: brackets, plus the `NOT`s in a row before an operand (each is a
/// level of the parse tree too). Brackets inside a phrase do not count.
fn nesting(query: &str) -> usize {
    // For each open bracket, the `NOT`s in a row that preceded it; `saved` is their sum.
    let mut open: Vec<usize> = Vec::new();
    let (mut saved, mut nots, mut deepest) = (0, 0, 0);
    let mut in_phrase = false;
    let mut word_start = None;
    for (i, c) in query.char_indices().chain([(query.len(), ' ')]) {
        let is_delimiter = c.is_whitespace() || "()[]{}\"".contains(c);
        if !is_delimiter {
            word_start = word_start.or(Some(i));
            continue;
        }
        if let Some(start) = word_start.take() {
            if !in_phrase {
                nots = if &query[start..i] == "NOT" {
                    nots + 1
                } else {
                    0
                };
            }
        }
        match c {
            '"' => in_phrase = !in_phrase,
            _ if in_phrase => {}
            '(' | '[' | '{' => {
                open.push(nots);
                saved += nots;
                nots = 0;
            }
            ')' | ']' | '}' => {
                saved -= open.pop().unwrap_or(0);
                nots = 0;
            }
            _ => {}
        }
        deepest = deepest.max(open.len() + saved + nots);
    }
    deepest
}

fn with_filters(
    query: Box<dyn Query>,
    fields: &Fields,
    request: &Request,
    knowledge: &Knowledge,
) -> Result<Box<dyn Query>> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
    let keyword = |field, value: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, &value.to_lowercase()),
            IndexRecordOption::Basic,
        ))
    };
    if !request.outlets.is_empty() {
        let any: Vec<(Occur, Box<dyn Query>)> = request
            .outlets
            .iter()
            .map(|o| {
                let name = knowledge
                    .outlets
                    .resolve(o)
                    .map_or(o.as_str(), |x| x.name.as_str());
                (Occur::Should, keyword(fields.outlet, name))
            })
            .collect();
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
    }
    if !request.years.is_empty() {
        let any: Vec<(Occur, Box<dyn Query>)> = request
            .years
            .iter()
            .filter_map(|&y| u64::try_from(y).ok())
            .map(|y| -> (Occur, Box<dyn Query>) {
                (
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_u64(fields.year, y),
                        IndexRecordOption::Basic,
                    )),
                )
            })
            .collect();
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
    }
    if request.from.is_some() || request.to.is_some() {
        let bound = |d: Option<NaiveDate>, inclusive: bool| match d {
            Some(d) => {
                let secs = d
                    .and_hms_opt(0, 0, 0)
                    .expect("midnight exists on every day")
                    .and_utc()
                    .timestamp();
                // Index dates are nanoseconds in an i64 (1677 to 2262); a bound beyond them
                // is as good as the end of that range, and would overflow.
                let secs = secs.clamp(MIN_DATE_SECS, MAX_DATE_SECS);
                let term = Term::from_field_date(fields.date, DateTime::from_timestamp_secs(secs));
                if inclusive {
                    Bound::Included(term)
                } else {
                    Bound::Excluded(term)
                }
            }
            None => Bound::Unbounded,
        };
        // `--to` names a whole day: include it by stopping before the next midnight.
        let upper = request.to.and_then(|d| d.succ_opt());
        clauses.push((
            Occur::Must,
            Box::new(RangeQuery::new(
                bound(request.from, true),
                bound(upper, false),
            )),
        ));
    }
    for actor in &request.actors {
        let name = knowledge
            .actors
            .resolve(actor)
            .map_or(actor.as_str(), |a| a.name.as_str());
        clauses.push((Occur::Must, keyword(fields.actors, name)));
    }
    if clauses.len() == 1 {
        let (_, query) = clauses.pop().expect("one clause");
        return Ok(query);
    }
    Ok(Box::new(BooleanQuery::new(clauses)))
}

#[derive(Clone)]
struct Snippets {
    body: Fragments,
    title: Fragments,
    fields: Fields,
    keys: HashMap<String, String>,
}

/// Longest snippet, in bytes.
const SNIPPET_CHARS: usize = 220;

/// Longest title snippet, in bytes: Tantivy's default.
const TITLE_SNIPPET_CHARS: usize = 150;

/// The fragment finder for `field`, weighing terms as Tantivy's snippet generator does: each
/// of the query's terms on the field that some document holds weighs
/// `1 / (1 + document frequency)`.
fn generator(
    searcher: &Searcher,
    query: &dyn Query,
    field: tantivy::schema::Field,
    max_chars: usize,
) -> Result<Fragments> {
    let mut terms: BTreeSet<&Term> = BTreeSet::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field {
            terms.insert(term);
        }
    });
    let mut weights: BTreeMap<String, f32> = BTreeMap::new();
    for term in terms {
        let value = term.value();
        let Some(text) = value.as_str() else {
            continue;
        };
        let doc_freq = searcher.doc_freq(term)?;
        if doc_freq > 0 {
            weights.insert(text.to_string(), 1.0 / (1.0 + doc_freq as f32));
        }
    }
    Ok(Fragments::new(weights, max_chars))
}

impl Snippets {
    fn new(
        searcher: &Searcher,
        query: &dyn Query,
        fields: &Fields,
        keys: HashMap<String, String>,
    ) -> Result<Self> {
        let body = generator(searcher, query, fields.body, SNIPPET_CHARS)?;
        let title = generator(searcher, query, fields.title, TITLE_SNIPPET_CHARS)?;
        Ok(Snippets {
            body,
            title,
            fields: fields.clone(),
            keys,
        })
    }

    /// A body extract around the best match (exact words and spelling variants highlighted);
    /// the title when only it matched; else the lede. Also the variant spellings that matched.
    fn make(&mut self, doc: &TantivyDocument) -> (Snippet, Vec<(String, String)>) {
        let body = first_text(doc, self.fields.body).unwrap_or_default();
        let title = first_text(doc, self.fields.title).unwrap_or_default();
        let (variant_ranges, mut pairs) = variants::spellings(&body, &self.keys);
        pairs.extend(variants::spellings(&title, &self.keys).1);
        let matched = pairs.into_iter().collect();

        if let Some(found) = self.body.best(&body) {
            let window = found.range;
            let ranges = found
                .highlighted
                .iter()
                .chain(&variant_ranges)
                .filter(|r| window.start <= r.start && r.end <= window.end)
                .map(|r| r.start - window.start..r.end - window.start)
                .collect();
            return (highlighted(&body[window], ranges), matched);
        }
        if let Some(first) = variant_ranges.first() {
            let window = around(&body, first.start);
            let ranges = variant_ranges
                .iter()
                .filter(|r| window.start <= r.start && r.end <= window.end)
                .map(|r| r.start - window.start..r.end - window.start)
                .collect();
            return (highlighted(&body[window], ranges), matched);
        }
        if let Some(found) = self.title.best(&title) {
            let window = found.range;
            let ranges = found
                .highlighted
                .iter()
                .map(|r| r.start - window.start..r.end - window.start)
                .collect();
            return (highlighted(&title[window], ranges), matched);
        }
        let window = around(&body, 0);
        (squash_whitespace(&body[window], &[]), matched)
    }
}

/// About `SNIPPET_CHARS` bytes of `text` around byte `at`, cut at spaces.
fn around(text: &str, at: usize) -> Range<usize> {
    let floor = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = floor(at.saturating_sub(60));
    let start = if start == 0 {
        0
    } else {
        text[start..at].find(' ').map_or(start, |s| start + s + 1)
    };
    let end = floor((start + SNIPPET_CHARS).min(text.len()));
    let end = if end == text.len() {
        end
    } else {
        text[start..end].rfind(' ').map_or(end, |e| start + e)
    };
    start..end.max(start)
}

fn highlighted(text: &str, mut ranges: Vec<Range<usize>>) -> Snippet {
    ranges.sort_by_key(|r| (r.start, r.end));
    let ranges = tantivy::snippet::collapse_overlapped_ranges(&ranges);
    squash_whitespace(text, &ranges)
}

/// One line of text: runs of whitespace (paragraph breaks included) become one space, and
/// highlight ranges are moved to match.
fn squash_whitespace(text: &str, ranges: &[Range<usize>]) -> Snippet {
    let mut out = String::with_capacity(text.len());
    // new_offset[i] is where byte i of `text` lands in `out`.
    let mut new_offset = vec![0; text.len() + 1];
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        new_offset[i] = out.len();
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
        for slot in &mut new_offset[i + 1..i + c.len_utf8()] {
            *slot = out.len();
        }
    }
    new_offset[text.len()] = out.len();
    let highlights = ranges
        .iter()
        .map(|r| new_offset[r.start]..new_offset[r.end])
        .filter(|r| r.start < r.end)
        .collect();
    Snippet {
        text: out,
        highlights,
    }
}

fn first_text(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

fn hit(
    doc: &TantivyDocument,
    fields: &Fields,
    rank: usize,
    score: Option<f32>,
    snippet: Snippet,
) -> Hit {
    let date = doc
        .get_first(fields.date)
        .and_then(|v| v.as_datetime())
        .and_then(|d| chrono::DateTime::from_timestamp(d.into_timestamp_secs(), 0))
        .map(|d| d.date_naive());
    Hit {
        rank,
        score,
        path: PathBuf::from(first_text(doc, fields.path).unwrap_or_default()),
        line: doc.get_first(fields.line).and_then(|v| v.as_u64()),
        title: first_text(doc, fields.title),
        outlet: first_text(doc, fields.outlet),
        host: first_text(doc, fields.host),
        date,
        date_source: first_text(doc, fields.date_source),
        year: doc
            .get_first(fields.year)
            .and_then(|v| v.as_u64())
            .and_then(|y| i32::try_from(y).ok()),
        actors: doc
            .get_all(fields.actors)
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        snippet,
        matched: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apostrophes_inside_names_are_quoted() {
        assert_eq!(
            quote_apostrophes("Kata'ib Hezbollah"),
            "\"Kata'ib\" Hezbollah"
        );
        assert_eq!(quote_apostrophes("-Sha'abi rocket"), "-\"Sha'abi\" rocket");
        assert_eq!(
            quote_apostrophes("\"Hashd al-Sha'abi\""),
            "\"Hashd al-Sha'abi\""
        );
        assert_eq!(quote_apostrophes("'green zone'"), "'green zone'");
    }

    #[test]
    fn unbalanced_punctuation_is_named() {
        let cases = [
            ("\"green zone", Some("a phrase is missing its closing `\"`")),
            ("title:(rocket", Some("`(` is never closed with `)`")),
            ("year:[2020 TO 2021", Some("`[` is never closed with `]`")),
            ("rocket)", Some("`)` has no matching `(`")),
            ("\"(green)\" zone", None),
            ("(rocket OR drone) AND embassy", None),
        ];
        for (query, want) in cases {
            assert_eq!(diagnose(query).as_deref(), want, "{query}");
        }
    }

    #[test]
    fn nesting_counts_brackets_and_nots_in_a_row() {
        let cases = [
            ("rocket embassy", 0),
            ("(rocket OR drone) AND embassy", 1),
            ("year:[2020 TO 2021]", 1),
            ("NOT NOT rocket", 2),
            ("* AND NOT drone AND NOT rocket", 1),
            ("NOT (NOT (rocket))", 4),
            ("\"((( NOT NOT\" rocket", 0),
            ("((a) (b)) c", 2),
        ];
        for (query, want) in cases {
            assert_eq!(nesting(query), want, "{query}");
        }
        let deep = format!("{}a{}", "(".repeat(100_000), ")".repeat(100_000));
        assert_eq!(nesting(&deep), 100_000);
    }

    #[test]
    fn squashing_whitespace_keeps_highlights_on_their_words() {
        let text = "two  Katyusha\n\nrockets “hit”\n Baghdad";
        let k = text.find("Katyusha").unwrap();
        let b = text.find("Baghdad").unwrap();
        let s = squash_whitespace(text, &[k..k + 8, b..b + 7]);
        assert_eq!(s.text, "two Katyusha rockets “hit” Baghdad");
        let words: Vec<&str> = s.highlights.iter().map(|r| &s.text[r.clone()]).collect();
        assert_eq!(words, vec!["Katyusha", "Baghdad"]);
    }
}
