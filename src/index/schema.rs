//! The index schema: one Tantivy field per `Article` field, and the analyzers they use.
//!
//! * `title`, `body`: full text with positions (phrases, snippets), stemmed English with
//!   accents folded, stored for snippets;
//! * `outlet`, `host`, `actors`: keyword fields, lowercased for filters and `field:term`
//!   queries, with a fast column in the original case for facet counts; `actors` is
//!   multi-valued;
//! * `year` (u64) and `date` (date, day precision) are indexed and fast, for filters, ranges,
//!   facets and sorting;
//! * `title_variants`, `body_variants`: the romanisation keys of capitalised words, for
//!   spelling-variant search (see `variants`);
//! * `path` identifies the file (absolute), `hash` its content and extractor version, both
//!   fast so that an incremental run can load them without touching stored documents.

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::Index;

use super::stem::NameSafeStemmer;

/// Field names, as used in queries (`outlet:WION`) and in the index.
pub const PATH: &str = "path";
/// See [`PATH`].
pub const HASH: &str = "hash";
/// See [`PATH`]: the line of a file holding one article per line.
pub const LINE: &str = "line";
/// See [`PATH`].
pub const TITLE: &str = "title";
/// See [`PATH`].
pub const BODY: &str = "body";
/// See [`PATH`].
pub const OUTLET: &str = "outlet";
/// See [`PATH`].
pub const HOST: &str = "host";
/// See [`PATH`].
pub const DATE: &str = "date";
/// See [`PATH`].
pub const DATE_SOURCE: &str = "date_source";
/// See [`PATH`].
pub const YEAR: &str = "year";
/// See [`PATH`].
pub const ACTORS: &str = "actors";
/// See [`PATH`]: the romanisation keys of the title's names.
pub const TITLE_VARIANTS: &str = "title_variants";
/// See [`PATH`]: the romanisation keys of the body's names.
pub const BODY_VARIANTS: &str = "body_variants";

/// Analyzer for title and body.
pub const TEXT_ANALYZER: &str = "gz_text";
/// Analyzer for keyword fields: the whole value, lowercased.
pub const KEYWORD_ANALYZER: &str = "gz_keyword";
/// Analyzer for the variant fields: romanisation keys of capitalised words.
pub const VARIANT_ANALYZER: &str = "gz_variant";

/// Handles to every field of the schema.
#[derive(Debug, Clone)]
pub struct Fields {
    /// Absolute path of the source file.
    pub path: Field,
    /// Content hash (content, extractor version, knowledge).
    pub hash: Field,
    /// Line of the article in its file, for files with one article per line.
    pub line: Field,
    /// Headline.
    pub title: Field,
    /// Clean body.
    pub body: Field,
    /// Original outlet.
    pub outlet: Field,
    /// Republishing site.
    pub host: Field,
    /// Publication date.
    pub date: Field,
    /// `explicit` or `inferred`.
    pub date_source: Field,
    /// Publication year.
    pub year: Field,
    /// Canonical actor names.
    pub actors: Field,
    /// Romanisation keys of the title's names.
    pub title_variants: Field,
    /// Romanisation keys of the body's names.
    pub body_variants: Field,
}

impl Fields {
    /// Builds the schema and its field handles.
    pub fn build() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let text = TextOptions::default().set_stored().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TEXT_ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let keyword = TextOptions::default()
            .set_stored()
            .set_fast("raw")
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(KEYWORD_ANALYZER)
                    .set_index_option(IndexRecordOption::Basic),
            );
        let variants = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(VARIANT_ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let fields = Fields {
            path: b.add_text_field(PATH, STRING | STORED | FAST),
            hash: b.add_text_field(HASH, STRING | FAST),
            line: b.add_u64_field(LINE, STORED),
            title: b.add_text_field(TITLE, text.clone()),
            body: b.add_text_field(BODY, text),
            outlet: b.add_text_field(OUTLET, keyword.clone()),
            host: b.add_text_field(HOST, keyword.clone()),
            date: b.add_date_field(
                DATE,
                DateOptions::default()
                    .set_indexed()
                    .set_fast()
                    .set_stored()
                    .set_precision(DateTimePrecision::Seconds),
            ),
            date_source: b.add_text_field(DATE_SOURCE, STRING | STORED),
            year: b.add_u64_field(
                YEAR,
                NumericOptions::default()
                    .set_indexed()
                    .set_fast()
                    .set_stored(),
            ),
            actors: b.add_text_field(ACTORS, keyword),
            title_variants: b.add_text_field(TITLE_VARIANTS, variants.clone()),
            body_variants: b.add_text_field(BODY_VARIANTS, variants),
        };
        (b.build(), fields)
    }

    /// The field handles of an existing index's schema, or the name of a missing field.
    pub fn of(schema: &Schema) -> Result<Fields, String> {
        let get = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| format!("has no `{name}` field"))
        };
        Ok(Fields {
            path: get(PATH)?,
            hash: get(HASH)?,
            line: get(LINE)?,
            title: get(TITLE)?,
            body: get(BODY)?,
            outlet: get(OUTLET)?,
            host: get(HOST)?,
            date: get(DATE)?,
            date_source: get(DATE_SOURCE)?,
            year: get(YEAR)?,
            actors: get(ACTORS)?,
            title_variants: get(TITLE_VARIANTS)?,
            body_variants: get(BODY_VARIANTS)?,
        })
    }
}

/// Registers gz-search's analyzers on an index (they are not stored in it).
pub fn register_analyzers(index: &Index) {
    let tokenizers = index.tokenizers();
    tokenizers.register(TEXT_ANALYZER, text_analyzer(NameSafeStemmer::new()));
    tokenizers.register(
        VARIANT_ANALYZER,
        TextAnalyzer::from(super::variants::VariantTokenizer),
    );
    tokenizers.register(
        KEYWORD_ANALYZER,
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .build(),
    );
}

/// The title and body analyzer, ending in `stemmer`.
fn text_analyzer(stemmer: NameSafeStemmer) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(stemmer)
        .build()
}

/// An analyzer that finds in title or body text the same tokens equal to one of `terms` as
/// [`TEXT_ANALYZER`] does, and stems no word that cannot become one (for snippets).
pub fn text_analyzer_toward<'a>(terms: impl IntoIterator<Item = &'a str>) -> TextAnalyzer {
    text_analyzer(NameSafeStemmer::toward(terms))
}
