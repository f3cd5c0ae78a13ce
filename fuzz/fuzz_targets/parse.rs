//! Arbitrary bytes, decoded as a file would be, then parsed as an article: parsing never
//! panics, and the body holds only text from the input (every word of it occurs there).

#![no_main]

#[allow(dead_code)]
mod checks;

use std::sync::LazyLock;

use gz_search::Knowledge;
use libfuzzer_sys::fuzz_target;

static KNOWLEDGE: LazyLock<Knowledge> =
    LazyLock::new(|| Knowledge::load(None).expect("the built-in knowledge loads"));

fuzz_target!(|data: &[u8]| {
    checks::parse_keeps_to_the_input(data, &KNOWLEDGE);
});
