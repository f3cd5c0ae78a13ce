//! gz-search: an offline search engine that understands news articles.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! files ──corpus──▶ raw text ──article::parse──▶ Article ──index::write──▶ Tantivy index
//! query ──index::search──▶ Results { hits + snippets, facets } ──(binary renders)
//! ```
//!
//! * [`corpus`] walks the paths given, skips what is not an article and decodes text;
//! * [`article`] extracts outlet, date, title, clean body and actors from one page, using
//! * [`knowledge`]: the outlet registry and the actor gazetteer (shipped data, user-extendable);
//! * [`index`] holds the schema, the incremental writer and the searcher with facets.
//!
//! The library never prints; progress and per-file problems reach the caller through
//! [`index::Observer`].

pub mod article;
pub mod corpus;
pub mod error;
pub mod format;
pub mod index;
pub mod knowledge;

pub use article::{parse, Article};
pub use error::{Error, Result};
pub use knowledge::Knowledge;
