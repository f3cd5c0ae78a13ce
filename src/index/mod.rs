//! The Tantivy index: where it lives, how it is opened, written and searched.
//!
//! An index directory holds Tantivy's files plus `gz-search.json`, which records the format
//! version. Opening checks that version and the schema's fields, so an index from an
//! incompatible gz-search gives a clear message suggesting `--rebuild` rather than a panic.

pub mod facets;
pub mod schema;
pub mod search;
pub mod variants;
pub mod writer;

use std::path::{Path, PathBuf};

pub use facets::Facets;
pub use schema::Fields;
pub use search::{search, Hit, Request, Results, Snippet, Sort};
pub use writer::{write, Observer, Outcome, Summary, WriteOptions};

use crate::error::{Error, Result};

/// Version of the on-disk format; bump when the schema changes incompatibly.
pub const FORMAT_VERSION: u32 = 2;

/// The file that marks a directory as a gz-search index.
pub const MARKER_FILE: &str = "gz-search.json";

/// The default index location: the platform data directory (`~/.local/share/gz-search/index`
/// on Linux), or `None` when the platform has no home directory.
pub fn default_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "gz-search").map(|d| d.data_dir().join("index"))
}

/// An open index with its field handles.
pub struct Opened {
    /// The Tantivy index.
    pub index: tantivy::Index,
    /// Its fields.
    pub fields: Fields,
}

/// Opens an existing index for reading.
pub fn open(dir: &Path) -> Result<Opened> {
    let marker = dir.join(MARKER_FILE);
    if !dir.join("meta.json").exists() {
        return Err(Error::NoIndex(dir.to_path_buf()));
    }
    check_marker(dir, &marker)?;
    let index = tantivy::Index::open_in_dir(dir).map_err(|e| Error::IncompatibleIndex {
        path: dir.to_path_buf(),
        reason: format!("cannot be opened ({e})"),
    })?;
    let fields = Fields::of(&index.schema()).map_err(|reason| Error::IncompatibleIndex {
        path: dir.to_path_buf(),
        reason,
    })?;
    schema::register_analyzers(&index);
    Ok(Opened { index, fields })
}

fn check_marker(dir: &Path, marker: &Path) -> Result<()> {
    let incompatible = |reason: String| Error::IncompatibleIndex {
        path: dir.to_path_buf(),
        reason,
    };
    let text = std::fs::read_to_string(marker)
        .map_err(|_| incompatible(format!("has no `{MARKER_FILE}`")))?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|_| incompatible(format!("has a corrupt `{MARKER_FILE}`")))?;
    match value.get("format").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(FORMAT_VERSION) => Ok(()),
        Some(v) => Err(incompatible(format!(
            "has format version {v}, this gz-search reads version {FORMAT_VERSION}"
        ))),
        None => Err(incompatible(format!("has a corrupt `{MARKER_FILE}`"))),
    }
}

/// Opens the index at `dir` for writing, creating it (and the directory) when absent.
fn open_or_create(dir: &Path) -> Result<Opened> {
    if dir.join("meta.json").exists() {
        return open(dir);
    }
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| Error::io("read", dir, e))?;
        if entries.next().is_some() {
            return Err(Error::InvalidValue {
                what: "index directory",
                value: dir.display().to_string(),
                reason: "it exists, is not empty and holds no gz-search index".into(),
            });
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
    let (schema, fields) = Fields::build();
    let index = tantivy::Index::create_in_dir(dir, schema)?;
    schema::register_analyzers(&index);
    let marker =
        serde_json::json!({ "format": FORMAT_VERSION, "created_by": env!("CARGO_PKG_VERSION") });
    std::fs::write(dir.join(MARKER_FILE), marker.to_string())
        .map_err(|e| Error::io("write", dir.join(MARKER_FILE), e))?;
    Ok(Opened { index, fields })
}

/// Removes an index directory, refusing directories that are not gz-search indexes.
fn remove(dir: &Path) -> Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.join(MARKER_FILE).exists() && !dir.join("meta.json").exists() {
        let empty = std::fs::read_dir(dir)
            .map_err(|e| Error::io("read", dir, e))?
            .next()
            .is_none();
        if empty {
            return Ok(());
        }
        return Err(Error::InvalidValue {
            what: "index directory",
            value: dir.display().to_string(),
            reason: "it is not a gz-search index; refusing to delete it".into(),
        });
    }
    std::fs::remove_dir_all(dir).map_err(|e| Error::io("remove", dir, e))
}
