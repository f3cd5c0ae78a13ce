//! The commands: resolve arguments into settings, call the library, render the outcome.

use anyhow::{Context, Result};
use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::{Cli, ColorArg, Command, IndexArgs, ParseArgs, QueryArgs, SortArg};
use crate::render;
use gz_search::index::{self, Observer, Outcome, Request, Sort, WriteOptions};
use gz_search::{corpus, format, Error, Knowledge};

/// What a command reports back, as an exit status.
pub enum Status {
    /// Everything worked (and, for queries, something matched).
    Success,
    /// No match, or some files failed.
    Partial,
}

/// Runs the command the user asked for.
pub fn run(cli: Cli) -> Result<Status> {
    let index_dir = match cli.index {
        Some(dir) => dir,
        None => index::default_dir()
            .context("cannot find a data directory for the index; pass --index DIR")?,
    };
    let knowledge_dir = cli.knowledge.or_else(|| {
        directories::ProjectDirs::from("", "", "gz-search").map(|d| d.config_dir().to_path_buf())
    });
    let knowledge = Knowledge::load(knowledge_dir.as_deref())?;
    match cli.command {
        Command::Index(args) => index(&index_dir, &knowledge, args),
        Command::Query(args) => query(&index_dir, &knowledge, args),
        Command::Parse(args) => parse(&knowledge, args),
    }
}

fn index(dir: &Path, knowledge: &Knowledge, args: IndexArgs) -> Result<Status> {
    let listing = corpus::walk(&args.paths)?;
    if listing.files.is_empty() && listing.failed.is_empty() {
        let shown: Vec<String> = args
            .paths
            .iter()
            .map(|p| format!("`{}`", p.display()))
            .collect();
        anyhow::bail!(
            "no files to index in {} (gz-search reads {})",
            shown.join(", "),
            format::extension_list()
        );
    }
    let mut options = WriteOptions {
        rebuild: args.rebuild,
        memory_budget: usize::try_from(args.memory * 1024 * 1024).unwrap_or(usize::MAX),
        commit_every: usize::try_from(args.commit_every).unwrap_or(usize::MAX),
        formats: format_options(&args.map)?,
        ..WriteOptions::default()
    };
    // Documents of files deleted from a folder given here are removed.
    options.prune_under = args
        .paths
        .iter()
        .filter(|p| p.is_dir())
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    if let Some(threads) = args.threads {
        options.threads = usize::try_from(threads).unwrap_or(1);
    }
    let progress = Progress::new(args.quiet);
    for (path, reason) in &listing.skipped {
        progress.report(path, &format!("skipped: {reason}"));
    }
    for (path, reason) in &listing.failed {
        progress.report(path, reason);
    }
    let mut summary = on_index(dir, || {
        index::write(dir, &listing.files, knowledge, &options, &progress)
    })?;
    progress.bar.finish_and_clear();
    summary.skipped += listing.skipped.len();
    summary.failed += listing.failed.len();
    eprintln!("{}", render::summary_line(&summary, dir));
    Ok(if summary.failed > 0 {
        Status::Partial
    } else {
        Status::Success
    })
}

/// Progress bar on a terminal (hidden when stderr is not one) and per-file messages.
struct Progress {
    bar: ProgressBar,
    quiet: bool,
}

impl Progress {
    fn new(quiet: bool) -> Self {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} files ({per_sec}, eta {eta}) {msg}",
            )
            .expect("progress template is valid"),
        );
        Progress { bar, quiet }
    }

    fn report(&self, path: &Path, message: &str) {
        self.bar
            .suspend(|| eprintln!("gz-search: {}: {message}", path.display()));
    }
}

impl Observer for Progress {
    fn start(&self, files: usize) {
        self.bar.set_length(files as u64);
    }

    fn file(&self, path: &Path, outcome: &Outcome) {
        self.bar.inc(1);
        match outcome {
            Outcome::Failed(reason) => self.report(path, reason),
            Outcome::IndexedInPart(reason) => self.report(path, &format!("warning: {reason}")),
            Outcome::Skipped(reason) if !self.quiet => {
                self.report(path, &format!("skipped: {reason}"))
            }
            _ => {}
        }
    }

    fn committing(&self) {
        self.bar.set_message("committing…");
    }
}

fn query(dir: &Path, knowledge: &Knowledge, args: QueryArgs) -> Result<Status> {
    let request = Request {
        query: args.query,
        limit: args.limit,
        offset: args.offset,
        outlets: args.outlet,
        years: args.year,
        from: args.from.as_deref().map(|d| day("--from", d)).transpose()?,
        to: args.to.as_deref().map(|d| day("--to", d)).transpose()?,
        actors: args.actor,
        sort: match args.sort {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Date => Sort::Date,
        },
        exact: args.exact,
    };
    let searchable = on_index(dir, || index::Searchable::open(dir))?;
    let results = on_index(dir, || searchable.search(&request, knowledge))?;
    // The process ends after printing: the kernel drops the index's file maps all at once,
    // faster than unmapping them one by one.
    std::mem::forget(searchable);
    let stdout = std::io::stdout();
    if args.json {
        let mut out = stdout.lock();
        serde_json::to_writer(&mut out, &render::results_json(&results, args.facet_limit))?;
        writeln!(out)?;
    } else {
        let choice = match args.color {
            ColorArg::Auto => anstream::ColorChoice::Auto,
            ColorArg::Always => anstream::ColorChoice::Always,
            ColorArg::Never => anstream::ColorChoice::Never,
        };
        let mut out = anstream::AutoStream::new(stdout.lock(), choice);
        render::results_text(&mut out, &results, args.facet_limit)?;
    }
    Ok(if results.total_hits > 0 {
        Status::Success
    } else {
        Status::Partial
    })
}

/// Runs `work` on the index at `dir`, telling a damaged index from other failures.
///
/// Tantivy trusts the inside of its files: on an index damaged where its footers do not
/// show it (a flipped byte), a search can fail with an odd error or panic. Then the index's
/// checksums are checked, and damage is reported as damage, with the way out; a panic on an
/// intact index is reported as the bug it is, in one line like every other error.
fn on_index<T>(dir: &Path, work: impl FnOnce() -> Result<T, Error>) -> Result<T> {
    use std::sync::{Arc, Mutex};
    let panic_message: Arc<Mutex<Option<String>>> = Arc::default();
    let slot = Arc::clone(&panic_message);
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if let Ok(mut slot) = slot.lock() {
            slot.get_or_insert_with(|| info.to_string().replace('\n', " "));
        }
    }));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
    std::panic::set_hook(default_hook);
    let damage = || match index::verify(dir) {
        Err(err @ Error::IncompatibleIndex { .. }) => Err(err),
        _ => Ok(()),
    };
    match outcome {
        Ok(Err(err @ Error::Tantivy(_))) => {
            damage()?;
            Err(err.into())
        }
        Ok(outcome) => Ok(outcome?),
        Err(_) => {
            damage()?;
            let message = panic_message
                .lock()
                .ok()
                .and_then(|m| m.clone())
                .unwrap_or_else(|| "a panic".into());
            anyhow::bail!("internal error (a bug in gz-search, please report it): {message}")
        }
    }
}

fn day(flag: &'static str, text: &str) -> Result<NaiveDate, Error> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|err| Error::InvalidValue {
        what: flag,
        value: text.to_string(),
        reason: format!("{err}; expected YYYY-MM-DD"),
    })
}

fn parse(knowledge: &Knowledge, args: ParseArgs) -> Result<Status> {
    let stdout = std::io::stdout();
    let mut out = anstream::AutoStream::auto(stdout.lock());
    let options = format_options(&args.map)?;
    let mut failed = false;
    for path in &args.files {
        let articles = match read_articles(path, knowledge, &options) {
            Ok(articles) => articles,
            Err(err) => {
                failed = true;
                eprintln!("gz-search: {err:#}");
                continue;
            }
        };
        for article in &articles {
            if args.json {
                serde_json::to_writer(&mut out, &render::article_json(article))?;
                writeln!(out)?;
            } else {
                render::article_text(&mut out, article)?;
            }
        }
    }
    Ok(if failed {
        Status::Partial
    } else {
        Status::Success
    })
}

/// The reading options `--map field=key` give.
fn format_options(map: &[String]) -> Result<format::Options> {
    let mut options = format::Options::default();
    for mapping in map {
        options
            .keys
            .add(mapping)
            .map_err(|reason| Error::InvalidValue {
                what: "--map",
                value: mapping.clone(),
                reason,
            })?;
    }
    Ok(options)
}

fn read_articles(
    path: &PathBuf,
    knowledge: &Knowledge,
    options: &format::Options,
) -> Result<Vec<gz_search::Article>> {
    let format::Input { format, bytes } = match format::open(path)? {
        Ok(found) => found,
        Err(reason) => anyhow::bail!("{}: {reason}", path.display()),
    };
    let contents = format
        .read(&bytes, options)
        .map_err(|reason| anyhow::anyhow!("{}: {reason}", path.display()))?;
    for (line, reason) in &contents.bad {
        eprintln!("gz-search: {}:{line}: {reason}", path.display());
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.clone());
    Ok(contents
        .records
        .iter()
        .map(|record| gz_search::article::extract(&absolute, record, knowledge))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_on_an_intact_index_is_one_line_naming_the_bug() {
        let dir = tempfile::tempdir().expect("temp dir");
        let err = on_index(dir.path(), || -> Result<(), Error> { panic!("boom") })
            .expect_err("a panic is an error");
        let text = format!("{err:#}");
        assert!(
            text.starts_with("internal error (a bug in gz-search, please report it): panicked at"),
            "{text}"
        );
        assert!(text.contains("boom") && !text.contains('\n'), "{text}");
    }
}
