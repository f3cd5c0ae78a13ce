//! Spelling-variant matching measured against exact matching and Tantivy's fuzzy queries.
//!
//! `tests/fixtures/variants.toml` lists pairs (query as typed, spelling in an article):
//! `variant` pairs are spellings of one name, `lookalike` pairs are different names that edit
//! distance confuses. Each pair's spelling is put in a short article of its own; a method
//! "matches" a pair when the query finds that article. Recall counts matched variant pairs;
//! precision counts them against matched look-alike pairs.
//!
//! `cargo test --test variants -- --nocapture` prints the table.

use std::path::PathBuf;

use gz_search::index::{self, Request, WriteOptions};
use gz_search::Knowledge;
use serde::Deserialize;
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{TantivyDocument, Value};

#[derive(Deserialize)]
struct Pairs {
    variant: Vec<Pair>,
    lookalike: Vec<Pair>,
}

#[derive(Deserialize)]
struct Pair {
    query: String,
    text: String,
}

/// Runs a query by one method and returns the file names it found.
type Matcher<'a> = Box<dyn Fn(&str) -> Vec<String> + 'a>;

struct Quiet;
impl index::Observer for Quiet {}

#[derive(Default, Debug)]
struct Score {
    variants_matched: usize,
    lookalikes_matched: usize,
}

/// Indexes `files` into `index_dir` with the default options.
fn index_files(index_dir: &std::path::Path, files: &[PathBuf], knowledge: &Knowledge) {
    index::write(
        index_dir,
        files,
        knowledge,
        &WriteOptions::default(),
        &Quiet,
    )
    .unwrap();
}

/// Recall and precision of each method on one labelled set, printed as a table.
fn measure(set: &str) -> Vec<(&'static str, f64, f64)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(set);
    let pairs: Pairs = toml::from_str(&std::fs::read_to_string(root).unwrap()).unwrap();
    assert!(pairs.variant.len() >= 40 && pairs.lookalike.len() >= 40);

    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let all: Vec<(&Pair, bool)> = pairs
        .variant
        .iter()
        .map(|p| (p, true))
        .chain(pairs.lookalike.iter().map(|p| (p, false)))
        .collect();
    for (i, (pair, _)) in all.iter().enumerate() {
        let article = format!(
            "Delegation visits the capital for talks\n\n\
             Officials in the capital reported on Monday that {} met the visiting delegation \
             to discuss security and the coming elections.\n",
            pair.text
        );
        std::fs::write(docs.join(format!("{i:03}.txt")), article).unwrap();
    }
    let index_dir = dir.path().join("index");
    let knowledge = Knowledge::builtin();
    let files: Vec<PathBuf> = (0..all.len())
        .map(|i| docs.join(format!("{i:03}.txt")))
        .collect();
    index_files(&index_dir, &files, &knowledge);

    let file_of = |i: usize| format!("{i:03}.txt");
    // Spelling rules alone, without the names of actors, places and communities.
    let no_names = Knowledge::empty();
    let gz = |query: &str, exact: bool, knowledge: &Knowledge| -> Vec<String> {
        let request = Request {
            query: query.to_string(),
            limit: 1000,
            exact,
            ..Request::default()
        };
        index::search(&index_dir, &request, knowledge)
            .unwrap()
            .hits
            .iter()
            .map(|h| h.path.file_name().unwrap().to_string_lossy().into_owned())
            .collect()
    };
    let opened = index::open(&index_dir).unwrap();
    let searcher = opened.index.reader().unwrap().searcher();
    let fuzzy = |query: &str, distance: u8| -> Vec<String> {
        let mut parser = QueryParser::for_index(&opened.index, vec![opened.fields.body]);
        parser.set_conjunction_by_default();
        parser.set_field_fuzzy(opened.fields.body, false, distance, true);
        // The grammar reads `'` as a quotation mark; for fuzzy terms the apostrophe of
        // "Kata'ib" is a word break, as the tokenizer makes it.
        let q = parser.parse_query(&query.replace('\'', " ")).unwrap();
        searcher
            .search(&q, &TopDocs::with_limit(1000).order_by_score())
            .unwrap()
            .into_iter()
            .map(|(_, addr)| {
                let doc: TantivyDocument = searcher.doc(addr).unwrap();
                let path = doc
                    .get_first(opened.fields.path)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string();
                path.rsplit('/').next().unwrap().to_string()
            })
            .collect()
    };

    let methods: [(&str, Matcher); 5] = [
        ("exact", Box::new(|q| gz(q, true, &knowledge))),
        ("tantivy fuzzy-1", Box::new(|q| fuzzy(q, 1))),
        ("tantivy fuzzy-2", Box::new(|q| fuzzy(q, 2))),
        (
            "gz-search rules only",
            Box::new(|q| gz(q, false, &no_names)),
        ),
        ("gz-search variants", Box::new(|q| gz(q, false, &knowledge))),
    ];
    let mut scores = Vec::new();
    let mut misses: Vec<String> = Vec::new();
    for (name, run) in &methods {
        let mut score = Score::default();
        for (i, (pair, is_variant)) in all.iter().enumerate() {
            let hit = run(&pair.query).contains(&file_of(i));
            match (hit, is_variant) {
                (true, true) => score.variants_matched += 1,
                (true, false) => score.lookalikes_matched += 1,
                (false, true) if *name == "gz-search variants" => {
                    misses.push(format!("missed variant {} ~ {}", pair.query, pair.text))
                }
                _ => {}
            }
            if hit && !is_variant && *name == "gz-search variants" {
                misses.push(format!("matched look-alike {} ~ {}", pair.query, pair.text));
            }
        }
        scores.push((*name, score));
    }
    let recall = |s: &Score| s.variants_matched as f64 / pairs.variant.len() as f64;
    let precision = |s: &Score| {
        let matched = s.variants_matched + s.lookalikes_matched;
        if matched == 0 {
            1.0
        } else {
            s.variants_matched as f64 / matched as f64
        }
    };
    println!(
        "\n{set}: {} variant pairs, {} look-alike pairs\nmethod               recall  precision",
        pairs.variant.len(),
        pairs.lookalike.len()
    );
    for (name, s) in &scores {
        println!("{name:<20} {:>6.3} {:>10.3}", recall(s), precision(s));
    }
    for miss in &misses {
        println!("  {miss}");
    }
    scores
        .iter()
        .map(|(name, s)| (*name, recall(s), precision(s)))
        .collect()
}

fn get(scores: &[(&str, f64, f64)], name: &str) -> (f64, f64) {
    let &(_, recall, precision) = scores.iter().find(|(n, ..)| *n == name).unwrap();
    (recall, precision)
}

#[test]
fn variant_matching_beats_fuzzy_matching() {
    let scores = measure("variants.toml");
    let (recall, precision) = get(&scores, "gz-search variants");
    assert!(recall >= 0.95, "variant recall {recall:.3}");
    assert!(precision >= 0.95, "variant precision {precision:.3}");
    for fuzzy in ["tantivy fuzzy-1", "tantivy fuzzy-2"] {
        let (r, p) = get(&scores, fuzzy);
        assert!(recall > r && precision > p, "{fuzzy}: {r:.3} {p:.3}");
    }
    // The spelling rules alone, without the names gz-search knows.
    let (recall, precision) = get(&scores, "gz-search rules only");
    assert!(
        recall >= 0.85 && precision >= 0.93,
        "rules: {recall:.3} {precision:.3}"
    );
}

/// A second set, written without looking at the spelling rules or at the names gz-search
/// knows: how the method does on names it was not tuned on.
#[test]
fn held_out_pairs_still_beat_fuzzy_matching() {
    let scores = measure("variants_heldout.toml");
    let (recall, precision) = get(&scores, "gz-search variants");
    for fuzzy in ["tantivy fuzzy-1", "tantivy fuzzy-2"] {
        let (r, p) = get(&scores, fuzzy);
        assert!(
            recall > r && precision > p,
            "{fuzzy}: {r:.3} {p:.3} vs {recall:.3} {precision:.3}"
        );
    }
    // Regression guard at the level reached (0.932 / 0.932).
    assert!(
        recall >= 0.90 && precision >= 0.90,
        "{recall:.3} {precision:.3}"
    );
}

/// A phrase that is a known name is searched by its own spellings and by the other names of
/// what it names: knowing the name adds one constant to every document that matches any of
/// them, once, however many of the names it uses.
#[test]
fn a_typed_name_adds_the_names_constant_once() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let places = [
        ("exact", "the Green Zone"),
        ("spelled", "the Grin Zone"),
        ("alias", "the International Zone"),
        ("both", "the International Zone, the Green Zone,"),
        ("neither", "the river bank"),
    ];
    let mut files = Vec::new();
    for (name, place) in places {
        let path = docs.join(format!("{name}.txt"));
        let article = format!(
            "Rockets land in the capital\n\n\
             Officials said on Monday that two rockets landed near {place} overnight and \
             that nobody was hurt in the attack.\n"
        );
        std::fs::write(&path, article).unwrap();
        files.push(path);
    }
    let index_dir = dir.path().join("index");
    let knowledge = Knowledge::builtin();
    index_files(&index_dir, &files, &knowledge);

    let scores = |knowledge: &Knowledge| -> Vec<(String, f32)> {
        let request = Request {
            query: "\"green zone\"".to_string(),
            limit: 10,
            ..Request::default()
        };
        index::search(&index_dir, &request, knowledge)
            .unwrap()
            .hits
            .iter()
            .map(|h| {
                let name = h.path.file_stem().unwrap().to_string_lossy().into_owned();
                (name, h.score.unwrap())
            })
            .collect()
    };
    let with_names = scores(&knowledge);
    let spelling_only = scores(&Knowledge::empty());
    let found: Vec<&str> = with_names.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(found.len(), 4, "{with_names:?}");
    assert!(!found.contains(&"neither"));
    assert_eq!(
        found.last(),
        Some(&"alias"),
        "the other name alone ranks last"
    );
    let score_of =
        |list: &[(String, f32)], name: &str| list.iter().find(|(n, _)| n == name).map(|(_, s)| *s);
    assert_eq!(score_of(&spelling_only, "alias"), None);
    let constant = score_of(&with_names, "alias").unwrap();
    assert!((constant - 0.5).abs() < 1e-6, "{constant}");
    for name in ["exact", "spelled", "both"] {
        let added = score_of(&with_names, name).unwrap() - score_of(&spelling_only, name).unwrap();
        assert!(
            (added - constant).abs() < 1e-4,
            "{name}: the name adds {added}"
        );
    }
}
