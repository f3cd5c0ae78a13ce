//! Incremental indexing: parse files in parallel and keep the index in step with them.
//!
//! Each document carries its file's absolute path and a hash of the file's bytes, the extractor
//! version and the knowledge fingerprint. A run loads the (path, hash) pairs already indexed
//! from fast columns; a file whose hash is unchanged is not even parsed, a changed file
//! replaces its old document (delete by path, then add), a new file is added. Files are parsed
//! on all cores (rayon) and handed to Tantivy's writer, which indexes on its own threads.
//! The run commits every `commit_every` files, so an interrupted run keeps what it committed
//! and the next run resumes without duplicates. A rebuild commits once, at the end, so an
//! interrupted rebuild leaves the index as it was. Segments are merged one merge at a time,
//! never beyond `max_segment_docs` documents (see `merge`), which bounds the memory a run
//! needs however large the corpus.

use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tantivy::indexer::IndexWriterOptions;
use tantivy::schema::TantivyDocument;
use tantivy::{DateTime, IndexWriter, Term};

use super::merge::BoundedMerges;
use super::{open_or_create, remove, Fields, Opened};
use crate::article::{self, Article};
use crate::error::{Error, Result};
use crate::knowledge::Knowledge;

/// Version of the extraction rules; bump it to re-extract unchanged files on the next run.
pub const EXTRACTOR_VERSION: u32 = 2;

/// Most documents a merge puts in one segment by default: about 400 MB of index for
/// news-length articles, which is what a merge holds mapped at its peak.
pub const MAX_SEGMENT_DOCS: u32 = 100_000;

/// How to write.
#[derive(Debug, Clone)]
pub struct WriteOptions {
    /// Drop every document first.
    pub rebuild: bool,
    /// Tantivy's indexing memory budget, in bytes, shared by its threads.
    pub memory_budget: usize,
    /// Tantivy indexing threads.
    pub threads: usize,
    /// Commit after this many files.
    pub commit_every: usize,
    /// Most documents a merge may put in one segment (see [`BoundedMerges`]).
    pub max_segment_docs: u32,
    /// Folders walked in full: documents of files below them that no longer exist are
    /// removed from the index.
    pub prune_under: Vec<PathBuf>,
    /// How files are read.
    pub formats: crate::format::Options,
}

impl Default for WriteOptions {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        WriteOptions {
            rebuild: false,
            memory_budget: 512 * 1024 * 1024,
            threads: cores.clamp(1, 4),
            commit_every: 50_000,
            max_segment_docs: MAX_SEGMENT_DOCS,
            prune_under: Vec::new(),
            formats: crate::format::Options::default(),
        }
    }
}

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Parsed and written (new or changed).
    Indexed,
    /// Written, but only the start of an over-long text was read; the reason says why.
    IndexedInPart(String),
    /// Already indexed with the same content.
    Unchanged,
    /// Not an article (empty, binary, unsupported), with the reason.
    Skipped(String),
    /// Could not be read or written, with the reason.
    Failed(String),
}

/// Receives progress from a run; the library never prints.
pub trait Observer: Sync {
    /// The run will look at `files` files.
    fn start(&self, _files: usize) {}
    /// One file is done.
    fn file(&self, _path: &Path, _outcome: &Outcome) {}
    /// The index is being committed (this can take a moment).
    fn committing(&self) {}
}

/// Totals of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files parsed and written.
    pub indexed: usize,
    /// Files already indexed with the same content.
    pub unchanged: usize,
    /// Files that are not articles.
    pub skipped: usize,
    /// Files that could not be read.
    pub failed: usize,
    /// Documents removed because their file is gone.
    pub removed: usize,
    /// Documents in the index after the run.
    pub documents: u64,
    /// Wall time of the run.
    pub elapsed: Duration,
}

/// Brings the index at `dir` in step with `files`.
pub fn write(
    dir: &Path,
    files: &[PathBuf],
    knowledge: &Knowledge,
    options: &WriteOptions,
    observer: &dyn Observer,
) -> Result<Summary> {
    let started = Instant::now();
    let opened = match open_or_create(dir) {
        Err(Error::IncompatibleIndex { .. }) if options.rebuild => {
            remove(dir)?;
            open_or_create(dir)?
        }
        other => other?,
    };
    let Opened { index, fields } = opened;
    let threads = options.threads.max(1);
    let writer_options = IndexWriterOptions::builder()
        .num_worker_threads(threads)
        .memory_budget_per_thread(options.memory_budget / threads)
        // One merge at a time: each holds its segments mapped, and parsing keeps the cores
        // busy anyway.
        .num_merge_threads(1)
        .build();
    let mut writer: IndexWriter =
        index
            .writer_with_options(writer_options)
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(..) => Error::IndexLocked(dir.to_path_buf()),
                other => Error::Tantivy(other),
            })?;
    writer.set_merge_policy(Box::new(BoundedMerges {
        max_docs: options.max_segment_docs,
    }));

    let known = if options.rebuild {
        writer.delete_all_documents()?;
        HashMap::new()
    } else {
        indexed_hashes(&index)?
    };
    let version = format!("{EXTRACTOR_VERSION:x}-{:016x}", knowledge.fingerprint());

    observer.start(files.len());
    let counts = [
        AtomicUsize::new(0),
        AtomicUsize::new(0),
        AtomicUsize::new(0),
        AtomicUsize::new(0),
    ];
    for chunk in files.chunks(options.commit_every.max(1)) {
        chunk.par_iter().for_each(|path| {
            let outcome = index_file(path, &known, &version, knowledge, &fields, &writer, options);
            let slot = match outcome {
                Outcome::Indexed | Outcome::IndexedInPart(_) => 0,
                Outcome::Unchanged => 1,
                Outcome::Skipped(_) => 2,
                Outcome::Failed(_) => 3,
            };
            counts[slot].fetch_add(1, Ordering::Relaxed);
            observer.file(path, &outcome);
        });
        // A rebuild commits once, at the end, so that the old documents stay until the new
        // ones are all in.
        if !options.rebuild {
            observer.committing();
            writer.commit()?;
        }
    }
    if options.rebuild {
        observer.committing();
        writer.commit()?;
    }
    let removed = prune(&known, files, &options.prune_under, &fields, &writer);
    if removed > 0 {
        writer.commit()?;
    }
    writer.wait_merging_threads()?;

    let documents = index.reader()?.searcher().num_docs();
    let [indexed, unchanged, skipped, failed] = counts.map(AtomicUsize::into_inner);
    Ok(Summary {
        indexed,
        unchanged,
        skipped,
        failed,
        removed,
        documents,
        elapsed: started.elapsed(),
    })
}

fn index_file(
    path: &Path,
    known: &HashMap<String, String>,
    version: &str,
    knowledge: &Knowledge,
    fields: &Fields,
    writer: &IndexWriter,
    options: &WriteOptions,
) -> Outcome {
    let key = identity(path);
    let crate::format::Input { format, bytes } = match crate::format::open(path) {
        Ok(Ok(found)) => found,
        Ok(Err(reason)) => return Outcome::Skipped(reason),
        Err(err) => return Outcome::Failed(error_chain(&err)),
    };
    let hash = format!("{:032x}-{version}", xxhash_rust::xxh3::xxh3_128(&bytes));
    let previous = known.get(&key);
    if previous == Some(&hash) {
        return Outcome::Unchanged;
    }
    let contents = match format.read(&bytes, &options.formats) {
        Ok(contents) => contents,
        Err(reason) => return Outcome::Skipped(reason),
    };
    drop(bytes);
    // A dump holds many articles: they are parsed in parallel too.
    let articles: Vec<Article> = contents
        .records
        .par_iter()
        .map(|record| article::extract(path, record, knowledge))
        .filter(|a| !a.body.is_empty() || a.title.is_some())
        .collect();
    let bad_lines = || {
        let shown: Vec<String> = contents
            .bad
            .iter()
            .take(5)
            .map(|(line, reason)| format!("line {line}: {reason}"))
            .collect();
        let more = contents.bad.len().saturating_sub(shown.len());
        let more = if more > 0 {
            format!("; and {more} more")
        } else {
            String::new()
        };
        format!("{}{more}", shown.join("; "))
    };
    if articles.is_empty() {
        return if contents.bad.is_empty() {
            Outcome::Skipped("no article text found".into())
        } else {
            Outcome::Failed(bad_lines())
        };
    }
    if previous.is_some() {
        writer.delete_term(Term::from_field_text(fields.path, &key));
    }
    for article in &articles {
        if let Err(err) = writer.add_document(document(fields, article, &key, &hash)) {
            return Outcome::Failed(format!("cannot index: {err}"));
        }
    }
    if !contents.bad.is_empty() {
        let read = articles.len();
        return Outcome::IndexedInPart(format!(
            "{read} record{} read, {} not: {}",
            if read == 1 { "" } else { "s" },
            contents.bad.len(),
            bad_lines()
        ));
    }
    if articles.iter().any(|a| a.truncated) {
        return Outcome::IndexedInPart(format!(
            "only the first {} MiB of the text was read",
            article::MAX_TEXT_BYTES / 1024 / 1024
        ));
    }
    Outcome::Indexed
}

/// Deletes the documents of files that were indexed below `roots` but are no longer there.
fn prune(
    known: &HashMap<String, String>,
    files: &[PathBuf],
    roots: &[PathBuf],
    fields: &Fields,
    writer: &IndexWriter,
) -> usize {
    if roots.is_empty() || known.is_empty() {
        return 0;
    }
    let listed: std::collections::HashSet<String> = files.iter().map(|f| identity(f)).collect();
    let mut removed = 0;
    for path in known.keys() {
        let below_a_root = roots.iter().any(|root| Path::new(path).starts_with(root));
        if below_a_root && !listed.contains(path) && !Path::new(path).exists() {
            writer.delete_term(Term::from_field_text(fields.path, path));
            removed += 1;
        }
    }
    removed
}

/// The path that identifies a file across runs: absolute, with links resolved.
pub fn identity(path: &Path) -> String {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

fn error_chain(err: &Error) -> String {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

fn document(fields: &Fields, article: &Article, path: &str, hash: &str) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.path, path);
    doc.add_text(fields.hash, hash);
    if let Some(line) = article.line {
        doc.add_u64(fields.line, line as u64);
    }
    if let Some(title) = &article.title {
        doc.add_text(fields.title, title);
        doc.add_text(fields.title_variants, title);
    }
    doc.add_text(fields.body, &article.body);
    doc.add_text(fields.body_variants, &article.body);
    if let Some(outlet) = &article.outlet {
        doc.add_text(fields.outlet, outlet);
    }
    if let Some(host) = &article.host {
        doc.add_text(fields.host, host);
    }
    if let (Some(date), Some(source)) = (article.date, article.date_source) {
        let midnight = date
            .and_hms_opt(0, 0, 0)
            .expect("midnight exists on every day")
            .and_utc()
            .timestamp();
        doc.add_date(fields.date, DateTime::from_timestamp_secs(midnight));
        doc.add_text(fields.date_source, source.as_str());
    }
    if let Some(year) = article.year.and_then(|y| u64::try_from(y).ok()) {
        doc.add_u64(fields.year, year);
    }
    for actor in &article.actors {
        doc.add_text(fields.actors, &actor.name);
    }
    doc
}

/// The (path, hash) pairs of every live document, read from fast columns.
fn indexed_hashes(index: &tantivy::Index) -> Result<HashMap<String, String>> {
    let searcher = index.reader()?.searcher();
    let mut known = HashMap::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let (Some(paths), Some(hashes)) = (
            fast.str(super::schema::PATH)?,
            fast.str(super::schema::HASH)?,
        ) else {
            continue;
        };
        let (path_terms, hash_terms) = (all_terms(&paths)?, all_terms(&hashes)?);
        let alive = segment.alive_bitset();
        for doc in 0..segment.max_doc() {
            if alive.is_some_and(|a| !a.is_alive(doc)) {
                continue;
            }
            let (Some(p), Some(h)) = (paths.ords().first(doc), hashes.ords().first(doc)) else {
                continue;
            };
            if let (Some(path), Some(hash)) =
                (path_terms.get(p as usize), hash_terms.get(h as usize))
            {
                known.insert(path.clone(), hash.clone());
            }
        }
    }
    Ok(known)
}

/// Every term of a string column, by ordinal: one pass over its dictionary, where a lookup
/// per document would decompress a dictionary block each time.
fn all_terms(column: &tantivy::columnar::StrColumn) -> Result<Vec<String>> {
    let mut terms = Vec::with_capacity(column.num_terms());
    let mut stream = column
        .dictionary()
        .stream()
        .map_err(tantivy::TantivyError::from)?;
    while stream.advance() {
        terms.push(String::from_utf8_lossy(stream.key()).into_owned());
    }
    Ok(terms)
}
