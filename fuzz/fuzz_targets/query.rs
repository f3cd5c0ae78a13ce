//! Query handling: arbitrary query text and options (see `checks::request`), searched in a
//! small index of the seed articles. A search returns results or a clean error; it never
//! panics, overflows the stack or aborts on an allocation.

#![no_main]

#[allow(dead_code)]
mod checks;

use std::path::PathBuf;
use std::sync::LazyLock;

use gz_search::index::{self, WriteOptions};
use gz_search::Knowledge;
use libfuzzer_sys::fuzz_target;

static KNOWLEDGE: LazyLock<Knowledge> =
    LazyLock::new(|| Knowledge::load(None).expect("the built-in knowledge loads"));

/// An index of the seed articles, built once per fuzzing process.
static INDEX: LazyLock<(tempfile::TempDir, PathBuf)> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temp dir");
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../seeds");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&seeds)
        .expect("seeds dir")
        .map(|e| e.expect("seed entry").path())
        .collect();
    files.sort();
    let path = dir.path().join("index");
    let options = WriteOptions {
        threads: 1,
        memory_budget: 50_000_000,
        ..WriteOptions::default()
    };
    index::write(&path, &files, &KNOWLEDGE, &options, &NoProgress).expect("seed index");
    (dir, path)
});

struct NoProgress;
impl index::Observer for NoProgress {}

fuzz_target!(|data: &[u8]| {
    if let Some(request) = checks::request(data) {
        // Ok or a clean error: a panic or an abort is what the fuzzer reports.
        let _ = index::search(&INDEX.1, &request, &KNOWLEDGE);
    }
});
