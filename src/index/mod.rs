//! The Tantivy index: where it lives, how it is opened, written and searched.
//!
//! An index directory holds Tantivy's files plus `gz-search.json`, which records the format
//! version. Opening checks that version and the schema's fields, and opens every segment, so
//! an index from an incompatible gz-search, or one with a file missing or cut short, gives a
//! clear message suggesting `--rebuild` rather than a panic; [`verify`] checks the files'
//! checksums when something went wrong further in.

pub mod actor_sets;
pub mod facets;
pub mod fragment;
pub mod merge;
pub mod parallel;
pub mod schema;
pub mod search;
pub mod stem;
pub mod variants;
pub mod writer;

use std::path::{Path, PathBuf};

pub use facets::Facets;
pub use schema::Fields;
pub use search::{search, Hit, Request, Results, Searchable, Snippet, Sort};
pub use writer::{write, Observer, Outcome, Summary, WriteOptions};

use crate::error::{Error, Result};

/// Version of the on-disk format; bump when the schema changes incompatibly.
pub const FORMAT_VERSION: u32 = 3;

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

/// Opens an existing index for writing to it.
///
/// Every segment is opened here once, so that a damaged index (a file deleted or cut short)
/// is reported as damaged, with the way out, rather than as an error deep inside a run.
pub fn open(dir: &Path) -> Result<Opened> {
    let mut opened = open_unchecked(dir)?;
    // An index created with the actor sets keeps writing them (an older one has none).
    if actor_sets::recorded_in(&opened.index).map_err(|e| opening_error(dir, e))? {
        opened.index.register_plugin(actor_sets::plugin());
    }
    {
        // As Tantivy's own reader does: the lock keeps a writer in another process from
        // deleting merged-away segment files between reading the list and opening them.
        let _lock = tantivy::directory::Directory::acquire_lock(
            opened.index.directory(),
            &tantivy::directory::META_LOCK,
        )
        .map_err(|e| opening_error(dir, e.into()))?;
        let segments = opened
            .index
            .searchable_segments()
            .map_err(|e| opening_error(dir, e))?;
        for segment in &segments {
            tantivy::SegmentReader::open(segment).map_err(|e| opening_error(dir, e))?;
        }
    }
    Ok(opened)
}

/// Opens an existing index for searching: one snapshot of it, with every segment open.
///
/// Opening the reader opens every segment (under Tantivy's lock, as [`open`] does), so a
/// damaged index is reported the same way.
pub fn open_searcher(dir: &Path) -> Result<(Opened, tantivy::Searcher)> {
    let opened = open_unchecked(dir)?;
    // One snapshot: no thread watching the index for new commits.
    let reader: tantivy::IndexReader = opened
        .index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()
        .map_err(|e| opening_error(dir, e))?;
    Ok((opened, reader.searcher()))
}

/// The index at `dir` with its schema checked and analyzers registered; segments not yet
/// opened.
fn open_unchecked(dir: &Path) -> Result<Opened> {
    let marker = dir.join(MARKER_FILE);
    if !dir.join("meta.json").exists() {
        if marker.exists() {
            return Err(damaged(dir, "`meta.json` is missing".into()));
        }
        return Err(Error::NoIndex(dir.to_path_buf()));
    }
    check_marker(dir, &marker)?;
    let index = tantivy::Index::open_in_dir(dir).map_err(|e| opening_error(dir, e))?;
    let fields = Fields::of(&index.schema()).map_err(|reason| Error::IncompatibleIndex {
        path: dir.to_path_buf(),
        reason,
    })?;
    schema::register_analyzers(&index);
    Ok(Opened { index, fields })
}

/// Checks every segment file of the index at `dir` against the checksum in its footer.
///
/// Opening an index only looks at the files' ends, and Tantivy trusts what is inside: a
/// flipped byte can give an odd error, or a panic, in the middle of a search. This reads the
/// whole index, so it is meant for telling damage from other failures after one, not for
/// every search. `Err` names the damaged files; no index at all is not damage.
pub fn verify(dir: &Path) -> Result<()> {
    if !dir.join("meta.json").exists() {
        if dir.join(MARKER_FILE).exists() {
            return Err(damaged(dir, "`meta.json` is missing".into()));
        }
        return Ok(());
    }
    let index = tantivy::Index::open_in_dir(dir).map_err(|e| opening_error(dir, e))?;
    let damaged_files = index
        .validate_checksum()
        .map_err(|e| opening_error(dir, e))?;
    let mut names: Vec<String> = damaged_files
        .iter()
        .map(|path| format!("`{}`", path.display()))
        .collect();
    names.sort();
    match names.len() {
        0 => Ok(()),
        1 => Err(damaged(dir, format!("{} fails its checksum", names[0]))),
        _ => Err(damaged(
            dir,
            format!("{} fail their checksums", names.join(", ")),
        )),
    }
}

fn damaged(dir: &Path, reason: String) -> Error {
    Error::IncompatibleIndex {
        path: dir.to_path_buf(),
        reason: format!("is damaged: {reason}"),
    }
}

/// Says what is wrong when Tantivy cannot open an index: a missing, cut short or corrupt
/// file means the index is damaged (and `--rebuild` is the way out); other I/O errors, such
/// as a permission denied, are reported as they are.
fn opening_error(dir: &Path, err: tantivy::TantivyError) -> Error {
    use std::io::ErrorKind;
    use tantivy::directory::error::OpenReadError;
    use tantivy::TantivyError;
    let name = |path: &Path| {
        path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    };
    match err {
        TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(path)) => {
            damaged(dir, format!("`{}` is missing", name(&path)))
        }
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath })
            if matches!(
                io_error.kind(),
                ErrorKind::InvalidData | ErrorKind::UnexpectedEof
            ) =>
        {
            damaged(
                dir,
                format!("`{}` is cut short or corrupt", name(&filepath)),
            )
        }
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath }) => Error::io(
            "read",
            dir.join(filepath),
            std::io::Error::new(io_error.kind(), io_error.to_string()),
        ),
        TantivyError::DataCorruption(corruption) => {
            // Tantivy's message about a bad `meta.json` quotes the whole file; keep the
            // sentence that says what is wrong.
            let text = format!("{corruption:?}");
            let text = text.split(" Content: ").next().unwrap_or_default();
            damaged(dir, text.trim_end_matches('.').to_string())
        }
        TantivyError::IncompatibleIndex(incompatibility)
        | TantivyError::OpenReadError(OpenReadError::IncompatibleIndex(incompatibility)) => {
            Error::IncompatibleIndex {
                path: dir.to_path_buf(),
                reason: format!("was written by another version of Tantivy ({incompatibility:?})"),
            }
        }
        other => Error::Tantivy(other),
    }
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

/// Bytes of stored documents compressed together. A query shows ten documents and
/// decompresses each one's whole block; Tantivy's default (16 KB) holds three or four
/// articles, so most of that work was for documents not shown. A block now closes once it
/// passes 4 KB: about one article each, for a slightly larger store.
const STORE_BLOCK_BYTES: usize = 4096;

/// Opens the index at `dir` for writing, creating it (and the directory) when absent.
fn open_or_create(dir: &Path) -> Result<Opened> {
    // With the marker but without `meta.json`, the index is damaged, not absent.
    if dir.join("meta.json").exists() || dir.join(MARKER_FILE).exists() {
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
    let settings = tantivy::IndexSettings {
        docstore_blocksize: STORE_BLOCK_BYTES,
        ..Default::default()
    };
    let index = tantivy::Index::builder()
        .schema(schema)
        .settings(settings)
        .register_plugin(actor_sets::plugin())
        .create_in_dir(dir)?;
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
