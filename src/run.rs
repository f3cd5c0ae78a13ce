//! The commands: resolve arguments into settings, call the library, render the outcome.

use anyhow::{Context, Result};
use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::{Cli, ColorArg, Command, IndexArgs, ParseArgs, QueryArgs, SortArg};
use crate::render;
use gz_search::index::{self, Observer, Outcome, Request, Sort, WriteOptions};
use gz_search::{corpus, Error, Knowledge};

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
            "no .txt files found in {}; nothing to index",
            shown.join(", ")
        );
    }
    let mut options = WriteOptions {
        rebuild: args.rebuild,
        memory_budget: usize::try_from(args.memory * 1024 * 1024).unwrap_or(usize::MAX),
        commit_every: usize::try_from(args.commit_every).unwrap_or(usize::MAX),
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
    let mut summary = index::write(dir, &listing.files, knowledge, &options, &progress)?;
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
    let results = index::search(dir, &request, knowledge)?;
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
    let mut failed = false;
    for path in &args.files {
        match read_article(path, knowledge) {
            Ok(article) if args.json => {
                serde_json::to_writer(&mut out, &render::article_json(&article))?;
                writeln!(out)?;
            }
            Ok(article) => render::article_text(&mut out, &article)?,
            Err(err) => {
                failed = true;
                eprintln!("gz-search: {err:#}");
            }
        }
    }
    Ok(if failed {
        Status::Partial
    } else {
        Status::Success
    })
}

fn read_article(path: &PathBuf, knowledge: &Knowledge) -> Result<gz_search::Article> {
    let text = match corpus::read(path)? {
        corpus::Content::Text { text, .. } => text,
        corpus::Content::Skip(reason) => anyhow::bail!("{}: {reason}", path.display()),
    };
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.clone());
    Ok(gz_search::parse(&absolute, &text, knowledge))
}
