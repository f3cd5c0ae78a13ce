//! The corpus: which files are articles, and their text.
//!
//! Users point gz-search at folders they did not curate. Walking is recursive, follows
//! symbolic links (loops are reported, not followed forever), skips hidden files and folders,
//! and keeps only the file types gz-search can read. Reading decodes the text: a byte-order
//! mark wins, then UTF-16 told by its zero bytes, then UTF-8, then the legacy encoding that
//! chardetng guesses (mostly Windows-1252, the usual encoding of older saved pages); binary,
//! empty and oversized files are skipped with a reason rather than indexed as garbage.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

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
                        let reason = format!(
                            "not a supported file type ({})",
                            crate::format::extension_list()
                        );
                        listing.skipped.push((e.into_path(), reason));
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

/// True for files in a format gz-search reads.
pub fn is_article_file(path: &Path) -> bool {
    crate::format::of(path).is_some()
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

/// All of `reader` when it holds at most `limit` bytes, else `None`; never more than
/// `limit + 1` bytes are held. `expected` sizes the buffer.
fn read_at_most(
    reader: impl std::io::Read,
    limit: u64,
    expected: u64,
) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let capacity = usize::try_from(expected.min(limit).saturating_add(1)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// How much of the start of a file is sniffed for zero bytes (as git does).
const BINARY_SNIFF_BYTES: usize = 8192;

/// How much of the start of a file is sniffed for its legacy encoding.
const SNIFF_BYTES: usize = 64 * 1024;

/// Decodes bytes to text, or says why they are not text.
///
/// A byte-order mark wins. Without one, UTF-16 is recognised by its zero bytes, which fall
/// on every other position for Latin text; zero bytes anywhere else mean a binary file.
/// Then valid UTF-8 is taken as it is, and so is text that is mostly UTF-8 with a few bad
/// bytes (those become U+FFFD). Anything else is a legacy encoding, guessed by chardetng
/// from the start of the text: Windows-1252 for Western text, but also Central European,
/// Cyrillic, Greek, Arabic and East Asian code pages.
pub fn decode(bytes: &[u8]) -> std::result::Result<String, String> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok(text.into_owned());
    }
    let start = &bytes[..bytes.len().min(BINARY_SNIFF_BYTES)];
    if let Some(text) = utf16_without_bom(bytes, start) {
        return Ok(text);
    }
    if start.contains(&0) {
        return Err("binary file".into());
    }
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    if is_mostly_utf8(head) {
        return Ok(String::from_utf8_lossy(bytes).into_owned());
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(head, head.len() == bytes.len());
    // A Western top-level domain makes chardetng expect Windows-1252 unless the bytes
    // clearly say otherwise: the articles are in English, and without it `£` followed by
    // digits reads as Central European `Ł`. Cyrillic, Greek, Arabic, Hebrew and East Asian
    // code pages are still recognised.
    let encoding = detector.guess(Some(b"uk"), false);
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    Ok(text.into_owned())
}

/// The text of UTF-16 without a byte-order mark, when the zero bytes say it is one.
///
/// In UTF-16 text of Latin script (and the spaces and digits of any script) every other
/// byte is zero, always on the same side; binary data has zeros on both sides. The decoded
/// text must also be free of unpaired surrogates and control characters.
fn utf16_without_bom(bytes: &[u8], head: &[u8]) -> Option<String> {
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even, mut odd) = (0, 0);
    for pair in head.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let encoding = if odd * 10 >= pairs && even * 20 <= odd {
        encoding_rs::UTF_16LE
    } else if even * 10 >= pairs && odd * 20 <= even {
        encoding_rs::UTF_16BE
    } else {
        return None;
    };
    let whole = &bytes[..bytes.len() / 2 * 2];
    let text = encoding.decode_without_bom_handling_and_without_replacement(whole)?;
    let controls = text
        .chars()
        .filter(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
        .count();
    (controls * 100 <= text.chars().count()).then(|| text.into_owned())
}

/// True when bytes that are not valid UTF-8 still hold more well-formed multi-byte UTF-8
/// characters than malformed sequences: a UTF-8 text with a few stray bytes, which a
/// legacy decoding would turn into mojibake everywhere else.
fn is_mostly_utf8(head: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in head.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += usize::from(!chunk.invalid().is_empty());
    }
    good > bad
}

/// The bytes of one file, decompressed when its name ends in `.gz`, or why it is skipped
/// (a directory or device, empty, or larger than `limit` bytes before or after
/// decompression). No more than `limit + 1` bytes are ever held.
pub fn read_bytes(path: &Path, limit: u64) -> Result<std::result::Result<Vec<u8>, String>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io("read", path, e))?;
    if meta.is_dir() {
        return Ok(Err("a directory, not a file".into()));
    }
    // Opening a named pipe would wait for a writer forever.
    if !meta.is_file() {
        return Ok(Err("not a regular file".into()));
    }
    let too_large = || Err(format!("larger than {} MiB", limit / 1024 / 1024));
    if meta.len() > limit {
        return Ok(too_large());
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io("read", path, e))?;
    let read = if crate::format::is_compressed(path) {
        read_at_most(
            flate2::read::MultiGzDecoder::new(file),
            limit,
            meta.len() * 4,
        )
    } else {
        read_at_most(file, limit, meta.len())
    };
    Ok(match read.map_err(|e| Error::io("read", path, e))? {
        Some(bytes) if bytes.iter().all(u8::is_ascii_whitespace) => Err("empty file".into()),
        Some(bytes) => Ok(bytes),
        None => too_large(),
    })
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

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let units = bom.then_some(0xFEFF).into_iter().chain(text.encode_utf16());
        if big_endian {
            units.flat_map(u16::to_be_bytes).collect()
        } else {
            units.flat_map(u16::to_le_bytes).collect()
        }
    }

    #[test]
    fn decodes_legacy_encodings_of_a_whole_article() {
        let cases: [(&str, &[u8], &str); 4] = [
            (
                "windows-1252 smart quotes and pound sign",
                b"The minister\x92s \x93plan\x94 costs \xa3400m \x96 a sum critics call \x85 vast.",
                "The minister’s “plan” costs £400m – a sum critics call … vast.",
            ),
            (
                "latin-1 accents",
                b"Caf\xe9 owners in Erbil said the na\xefve r\xe9gime rules were lifted.",
                "Café owners in Erbil said the naïve régime rules were lifted.",
            ),
            (
                "utf-8 with one stray byte",
                b"Kadhimi\xe2\x80\x99s \xe2\x80\x9cvisit\xe2\x80\x9d to Erbil\xff ended.",
                "Kadhimi’s “visit” to Erbil\u{fffd} ended.",
            ),
            (
                "windows-1251 cyrillic",
                &[
                    0xcf, 0xf0, 0xe5, 0xec, 0xfc, 0xe5, 0xf0, 0x20, 0xc8, 0xf0, 0xe0, 0xea, 0xe0,
                    0x20, 0xef, 0xee, 0xf1, 0xe5, 0xf2, 0xe8, 0xeb, 0x20, 0xdd, 0xf0, 0xe1, 0xe8,
                    0xeb, 0xfc, 0x20, 0xe8, 0x20, 0xe2, 0xf1, 0xf2, 0xf0, 0xe5, 0xf2, 0xe8, 0xeb,
                    0xf1, 0xff, 0x20, 0xf1, 0x20, 0xeb, 0xe8, 0xe4, 0xe5, 0xf0, 0xe0, 0xec, 0xe8,
                    0x2e,
                ],
                "Премьер Ирака посетил Эрбиль и встретился с лидерами.",
            ),
        ];
        for (what, bytes, want) in cases {
            assert_eq!(decode(bytes).as_deref(), Ok(want), "{what}");
        }
    }

    #[test]
    fn decodes_utf16_with_and_without_a_bom() {
        let text = "Kadhimi’s “visit” to Erbil\nرئيس الوزراء مصطفى الكاظمي في أربيل\n";
        for big_endian in [false, true] {
            for bom in [true, false] {
                let bytes = utf16(text, big_endian, bom);
                assert_eq!(
                    decode(&bytes).as_deref(),
                    Ok(text),
                    "big endian {big_endian}, bom {bom}"
                );
            }
        }
        // Arabic alone has zero bytes only in its spaces.
        let arabic = "قال رئيس الوزراء مصطفى الكاظمي إن الحكومة ستحقق في الهجوم على المطار";
        assert_eq!(decode(&utf16(arabic, false, false)).as_deref(), Ok(arabic));
        // An odd trailing byte is dropped rather than failing the file.
        let mut odd = utf16("Erbil airport", false, false);
        odd.push(b'x');
        assert_eq!(decode(&odd).as_deref(), Ok("Erbil airport"));
    }

    #[test]
    fn binary_data_with_zero_bytes_is_not_taken_for_utf16() {
        // Little-endian integers: zeros on one side, but they decode to control characters.
        let integers: Vec<u8> = (1u16..200).flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(&integers).unwrap_err(), "binary file");
        let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00";
        assert_eq!(decode(png).unwrap_err(), "binary file");
    }

    #[test]
    fn reading_stops_one_byte_past_the_limit() {
        // An endless reader: reading must stop on its own, whatever the size said.
        assert!(read_at_most(std::io::repeat(b'a'), 1000, 10)
            .unwrap()
            .is_none());
        let small = read_at_most(&b"Erbil"[..], 5, 5).unwrap();
        assert_eq!(small.as_deref(), Some(&b"Erbil"[..]));
        assert!(read_at_most(&b"Erbil!"[..], 5, 0).unwrap().is_none());
    }

    fn skip_reason(path: &Path) -> String {
        match read_bytes(path, MAX_FILE_BYTES).unwrap() {
            Err(reason) => reason,
            Ok(bytes) => panic!("read: {bytes:?}"),
        }
    }

    #[test]
    fn reading_skips_what_is_not_an_article_and_fails_what_cannot_be_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("empty.txt"), "").unwrap();
        std::fs::write(root.join("blank.txt"), " \n\t\r\n").unwrap();
        let big = std::fs::File::create(root.join("big.txt")).unwrap();
        big.set_len(200 * 1024 * 1024).unwrap();
        for (name, want) in [
            ("empty.txt", "empty file"),
            ("blank.txt", "empty file"),
            ("big.txt", "larger than 64 MiB"),
            ("", "a directory, not a file"),
        ] {
            assert_eq!(skip_reason(&root.join(name)), want, "{name}");
        }
        let err = read_bytes(&root.join("missing.txt"), MAX_FILE_BYTES).unwrap_err();
        assert!(
            matches!(&err, Error::Io { action: "read", path, .. } if path.ends_with("missing.txt")),
            "{err:?}"
        );
        std::fs::write(root.join("ok.txt"), b"Caf\xe9 in Erbil").unwrap();
        let bytes = read_bytes(&root.join("ok.txt"), MAX_FILE_BYTES)
            .unwrap()
            .unwrap();
        assert_eq!(bytes, b"Caf\xe9 in Erbil");
        assert_eq!(decode(&bytes).unwrap(), "Café in Erbil");
    }

    #[cfg(unix)]
    #[test]
    fn reading_a_named_pipe_does_not_wait_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.txt");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        assert_eq!(skip_reason(&fifo), "not a regular file");
    }

    proptest::proptest! {
        #[test]
        fn decoding_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..2048)) {
            if let Ok(text) = decode(&bytes) {
                // Decoding never invents more text than the bytes could hold.
                proptest::prop_assert!(text.chars().count() <= bytes.len());
            }
        }

        #[test]
        fn utf8_text_is_kept_as_it_is(text in "[^\u{0}\u{feff}][^\u{0}]{0,300}") {
            proptest::prop_assert_eq!(decode(text.as_bytes()), Ok(text.clone()));
        }

        #[test]
        fn utf16_with_a_bom_round_trips(text in "\\PC{0,200}", big_endian in proptest::bool::ANY) {
            proptest::prop_assert_eq!(decode(&utf16(&text, big_endian, true)), Ok(text.clone()));
        }
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
