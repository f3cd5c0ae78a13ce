//! The corpus: which files are articles, and their text.
//!
//! Users point gz-search at folders they did not curate. Walking is recursive, follows
//! symbolic links (loops are reported, not followed forever), skips hidden files and folders,
//! and keeps only the file types gz-search can read. Reading decodes the text: a byte-order
//! mark wins, then UTF-8, then Windows-1252 (the usual encoding of older saved pages); binary
//! and empty files are skipped with a reason rather than indexed as garbage.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// File extensions read as articles.
pub const EXTENSIONS: &[&str] = &["txt"];

/// Files larger than this are skipped: no news article is this long.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The files found under the paths given, and what could not be walked.
#[derive(Debug, Default)]
pub struct Listing {
    /// Article files, sorted, without duplicates.
    pub files: Vec<PathBuf>,
    /// Paths that were passed over, with the reason.
    pub skipped: Vec<(PathBuf, String)>,
    /// Paths that could not be walked (permissions, loops), with the reason.
    pub failed: Vec<(PathBuf, String)>,
}

/// Lists the article files under `paths` (files or folders).
pub fn walk(paths: &[PathBuf]) -> Result<Listing> {
    let mut listing = Listing::default();
    for root in paths {
        if std::fs::metadata(root).is_err() && std::fs::symlink_metadata(root).is_err() {
            return Err(Error::PathNotFound(root.clone()));
        }
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    if is_article_file(e.path()) {
                        listing.files.push(e.into_path());
                    } else if e.depth() == 0 {
                        listing
                            .skipped
                            .push((e.into_path(), "not a supported file type (.txt)".into()));
                    }
                }
                Ok(_) => {}
                Err(err) => {
                    let path = err.path().map_or_else(|| root.clone(), Path::to_path_buf);
                    let reason = if err.loop_ancestor().is_some() {
                        "symbolic link loop".to_string()
                    } else {
                        err.io_error()
                            .map_or_else(|| err.to_string(), |io| io.to_string())
                    };
                    listing.failed.push((path, reason));
                }
            }
        }
    }
    listing.files.sort();
    listing.files.dedup();
    Ok(listing)
}

/// True for files whose extension gz-search reads.
pub fn is_article_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

/// What reading a file gave.
#[derive(Debug)]
pub enum Content {
    /// Decoded text, and the raw bytes' hash input.
    Text { text: String, bytes: Vec<u8> },
    /// Not an article, with the reason.
    Skip(String),
}

/// Reads and decodes one file.
pub fn read(path: &Path) -> Result<Content> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io("read", path, e))?;
    if meta.len() > MAX_FILE_BYTES {
        return Ok(Content::Skip(format!(
            "larger than {} MiB",
            MAX_FILE_BYTES / 1024 / 1024
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io("read", path, e))?;
    Ok(match decode(&bytes) {
        Ok(text) if text.trim().is_empty() => Content::Skip("empty file".into()),
        Ok(text) => Content::Text { text, bytes },
        Err(reason) => Content::Skip(reason),
    })
}

/// Decodes bytes to text, or says why they are not text.
pub fn decode(bytes: &[u8]) -> std::result::Result<String, String> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok(text.into_owned());
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Err("binary file".into());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok(text.into_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_boms_utf8_and_windows_1252() {
        assert_eq!(decode("Kadhimi’s".as_bytes()).unwrap(), "Kadhimi’s");
        assert_eq!(decode(b"\x93quoted\x94 \xa3").unwrap(), "“quoted” £");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Iraq".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16).unwrap(), "Iraq");
        assert_eq!(decode(b"\x7fELF\x00\x00").unwrap_err(), "binary file");
    }

    #[test]
    fn walks_folders_skipping_hidden_and_foreign_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        for f in [
            "a/one.txt",
            "a/b/two.TXT",
            ".hidden.txt",
            ".git/x.txt",
            "a/notes.pdf",
        ] {
            std::fs::write(root.join(f), "text").unwrap();
        }
        let listing = walk(&[root.to_path_buf()]).unwrap();
        let names: Vec<_> = listing
            .files
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["a/b/two.TXT", "a/one.txt"]);
        assert!(matches!(
            walk(&[root.join("missing")]),
            Err(Error::PathNotFound(_))
        ));
    }
}
