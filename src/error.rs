//! The library's error type.
//!
//! Variants carry the value the user gave (a path, a query) so that the binary can print one
//! clear line; causes are kept as `#[source]` and are not repeated in the message.

use std::path::PathBuf;

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No index exists at the given location yet.
    #[error("no index at `{}`; run `gz-search index DIR` first", .0.display())]
    NoIndex(PathBuf),

    /// The directory holds an index that this version cannot read.
    #[error("the index at `{}` {reason}; run `gz-search index --rebuild DIR` to build it again", path.display())]
    IncompatibleIndex { path: PathBuf, reason: String },

    /// Another process holds the index writer lock.
    #[error("index at `{}` is being written by another gz-search process", .0.display())]
    IndexLocked(PathBuf),

    /// The query text could not be parsed.
    #[error("invalid query `{query}`: {reason}")]
    Query { query: String, reason: String },

    /// A command-line value (date, limit, ...) is not acceptable.
    #[error("invalid {what} `{value}`: {reason}")]
    InvalidValue {
        what: &'static str,
        value: String,
        reason: String,
    },

    /// A path given on the command line does not exist.
    #[error("`{}` does not exist", .0.display())]
    PathNotFound(PathBuf),

    /// Reading or writing a file failed.
    #[error("cannot {action} `{}`", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A knowledge file (outlet registry, actor gazetteer) is malformed.
    #[error("cannot read knowledge file `{origin}`: {reason}")]
    Knowledge { origin: String, reason: String },

    /// The search engine reported an error.
    #[error("index error")]
    Tantivy(#[from] tantivy::TantivyError),
}

impl Error {
    /// Wraps an I/O error with the action and the path it concerned.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
