//! Command-line interface: clap types only. Their `///` comments are the help text.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// gz-search: search a collection of news articles, offline.
///
/// gz-search reads saved news pages, works out each article's outlet, date, title, clean body
/// and named actors (people and organisations, with every alias resolved), and searches them
/// with ranked, highlighted results and counts by outlet, year and actor.
#[derive(Debug, Parser)]
#[command(name = "gz-search", version, max_term_width = 100)]
#[command(after_help = "\
Index location: --index DIR, else $GZ_SEARCH_INDEX, else the platform data directory
(Linux: ~/.local/share/gz-search/index; macOS: ~/Library/Application Support/gz-search/index).

Exit status:
  0  success (query: at least one hit)
  1  query: no document matched; index/parse: some files failed (each is listed on stderr)
  2  usage error or fatal error (no index, bad query, unreadable index, missing path)")]
pub struct Cli {
    /// Index directory [default: platform data directory, see below]
    #[arg(long, global = true, env = "GZ_SEARCH_INDEX", value_name = "DIR")]
    pub index: Option<PathBuf>,

    /// Directory with extra knowledge files (outlets.toml, actors.toml) [default: platform
    /// config directory, e.g. ~/.config/gz-search]
    #[arg(long, global = true, env = "GZ_SEARCH_KNOWLEDGE", value_name = "DIR")]
    pub knowledge: Option<PathBuf>,

    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// gz-search's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add articles to the index (files and folders, recursively; unchanged files are skipped)
    Index(IndexArgs),
    /// Search the index
    Query(QueryArgs),
    /// Show what the indexer extracts from files, without indexing them
    Parse(ParseArgs),
}

/// Arguments of `gz-search index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Files or folders to index (.txt, .html, .htm, .html.gz, .jsonl, .ndjson; hidden files
    /// are skipped)
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Drop everything in the index first and index the paths from scratch
    #[arg(long)]
    pub rebuild: bool,

    /// Indexing memory budget in MiB (bounds memory use on large runs)
    #[arg(long, value_name = "MIB", default_value_t = 512, value_parser = clap::value_parser!(u64).range(32..=16384))]
    pub memory: u64,

    /// Indexing threads [default: number of cores, at most 4]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=64))]
    pub threads: Option<u64>,

    /// Commit after this many files, so an interrupted run keeps its progress (a --rebuild
    /// commits once, at the end)
    #[arg(long, value_name = "N", default_value_t = 50_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub commit_every: u64,

    /// Print only errors and the summary
    #[arg(long, short)]
    pub quiet: bool,

    /// In JSON Lines dumps, read FIELD (title, body, date, outlet, url) from KEY; repeatable
    #[arg(long = "map", value_name = "FIELD=KEY")]
    pub map: Vec<String>,
}

/// Arguments of `gz-search query`.
#[derive(Debug, Args)]
#[command(after_help = "\
Query syntax (Tantivy): words must all match (rocket embassy); \"green zone\" is a phrase;
OR, AND, NOT and +word / -word; field:value for title, body, outlet, host, actors, year;
ranges such as year:[2020 TO 2021] or date:[2020-01-01T00:00:00Z TO 2021-01-01T00:00:00Z];
* matches every document (useful with filters).")]
pub struct QueryArgs {
    /// The query (see below)
    #[arg(value_name = "QUERY")]
    pub query: String,

    /// Hits to show
    #[arg(long, short = 'n', default_value_t = 10, value_name = "N")]
    pub limit: usize,

    /// Hits to skip (for paging)
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,

    /// Only these outlets (any alias; repeat for any of several)
    #[arg(long, value_name = "NAME")]
    pub outlet: Vec<String>,

    /// Only these years (repeat for any of several)
    #[arg(long, value_name = "YYYY")]
    pub year: Vec<i32>,

    /// Only articles published on or after this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,

    /// Only articles published on or before this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,

    /// Only articles naming this actor (any alias; repeat to require all of several)
    #[arg(long, value_name = "NAME")]
    pub actor: Vec<String>,

    /// Order of hits
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,

    /// Match spellings exactly: no romanisation variants (Kadhimi will not find Kadhemi)
    #[arg(long)]
    pub exact: bool,

    /// How many actors to list in the actor facet
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub facet_limit: usize,

    /// Print one JSON object instead of text
    #[arg(long)]
    pub json: bool,

    /// When to use colour in text output (NO_COLOR is honoured with `auto`)
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

/// Arguments of `gz-search parse`.
#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Files to parse
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Print JSON Lines (one article per line) instead of text
    #[arg(long)]
    pub json: bool,

    /// In JSON Lines dumps, read FIELD (title, body, date, outlet, url) from KEY; repeatable
    #[arg(long = "map", value_name = "FIELD=KEY")]
    pub map: Vec<String>,
}

/// `--sort` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SortArg {
    /// Best match first
    Relevance,
    /// Newest first
    Date,
}

/// `--color` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorArg {
    /// Colour on a terminal, unless NO_COLOR is set
    Auto,
    /// Always colour
    Always,
    /// Never colour
    Never,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
