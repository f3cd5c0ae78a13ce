//! Plain text: one article per file, as flattened from a web page.

use super::{Contents, Format, Record};

/// Plain-text articles (`.txt`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Text;

impl Format for Text {
    fn name(&self) -> &'static str {
        "text"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["txt"]
    }

    fn read(&self, bytes: &[u8], _options: &super::Options) -> Result<Contents, String> {
        let text = crate::corpus::decode(bytes)?;
        if text.trim().is_empty() {
            return Err("empty file".into());
        }
        Ok(Contents {
            records: vec![Record {
                text,
                ..Record::default()
            }],
            bad: Vec::new(),
        })
    }
}
