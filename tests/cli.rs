//! End-to-end tests of the `gz-search` binary on the seed articles and scratch files.

mod common;

use common::TestEnv;
use serde_json::Value;

/// An environment whose index holds the five seeds, indexed from the project directory.
fn indexed_seeds() -> TestEnv {
    let env = TestEnv::new();
    env.run_in_project(&["index", "seeds/"]).expect_code(0);
    env
}

fn paths(json: &Value) -> Vec<String> {
    let mut paths: Vec<String> = json["hits"]
        .as_array()
        .expect("hits array")
        .iter()
        .map(|h| h["path"].as_str().expect("path").to_string())
        .collect();
    paths.sort();
    paths
}

fn facet_sum(json: &Value, facet: &str) -> u64 {
    json["facets"][facet]
        .as_object()
        .expect("facet object")
        .values()
        .map(|v| v.as_u64().expect("count"))
        .sum()
}

// --- the two commands of the README ---------------------------------------------------------

#[test]
fn katyusha_finds_the_two_seed_articles_that_mention_it() {
    let env = indexed_seeds();
    let run = env
        .run_in_project(&["query", "Katyusha", "--json"])
        .expect_code(0);
    let json = run.json();
    assert_eq!(json["query"], "Katyusha");
    assert_eq!(json["total_hits"], 2);
    assert_eq!(
        paths(&json),
        vec![
            "seeds/001_a2b78a51b4fe9449.txt",
            "seeds/004_10996d0db3873b60.txt"
        ]
    );
    for hit in json["hits"].as_array().unwrap() {
        let snippet = hit["snippet"].as_str().unwrap();
        assert!(
            snippet.contains("<b>Katyusha</b>"),
            "snippet without highlight: {snippet}"
        );
    }
    assert_eq!(
        json["facets"]["year"],
        serde_json::json!({"2020": 1, "2021": 1})
    );
    let outlets = json["facets"]["outlet"].as_object().unwrap();
    assert_eq!(outlets.len(), 2, "{outlets:?}");
    assert_eq!(facet_sum(&json, "outlet"), 2);
}

#[test]
fn text_output_shows_ranked_hits_snippets_and_facets() {
    let env = indexed_seeds();
    let run = env.run_in_project(&["query", "Katyusha"]).expect_code(0);
    assert!(run.stdout.contains("1. "), "{}", run.stdout);
    assert!(run.stdout.contains("2. "), "{}", run.stdout);
    assert!(run.stdout.contains("Katyusha rockets"), "{}", run.stdout);
    assert!(
        run.stdout.contains("2 matches for \"Katyusha\""),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("outlet"), "{}", run.stdout);
    assert!(
        !run.stdout.contains('\u{1b}'),
        "colour codes in piped output: {:?}",
        run.stdout
    );
    let forced = env
        .run_in_project(&["query", "Katyusha", "--color", "always"])
        .expect_code(0);
    assert!(
        forced.stdout.contains('\u{1b}'),
        "--color always must colour"
    );
}

#[test]
fn facets_count_every_match_not_just_the_page() {
    let env = indexed_seeds();
    let json = env
        .run_in_project(&["query", "*", "--json", "--limit", "1"])
        .expect_code(0)
        .json();
    assert_eq!(json["total_hits"], 5);
    assert_eq!(json["hits"].as_array().unwrap().len(), 1);
    assert_eq!(facet_sum(&json, "outlet"), 5);
    assert_eq!(facet_sum(&json, "year"), 5);
}

#[test]
fn documents_without_an_outlet_or_a_date_count_as_unknown() {
    let env = TestEnv::new();
    let dir = env.copy_seeds("pages");
    std::fs::write(
        dir.join("field-notes.txt"),
        "Field notes\n\nRockets struck near the river in the evening, witnesses said. Nobody \
         claimed the attack, and the police gave no figures for the damage nearby.\n",
    )
    .unwrap();
    env.run(&["index", dir.to_str().unwrap()]).expect_code(0);
    let json = env.query_json(&["*", "--limit", "1", "--facet-limit", "100"]);
    assert_eq!(json["total_hits"], 6);
    assert_eq!(json["facets"]["outlet"]["unknown"], 1, "{}", json["facets"]);
    assert!(json["facets"]["year"]["unknown"].as_u64().unwrap() >= 1);
    for facet in ["outlet", "year"] {
        assert_eq!(facet_sum(&json, facet), 6, "{facet}: {}", json["facets"]);
    }
}

#[test]
fn hits_have_the_documented_json_keys() {
    let env = indexed_seeds();
    let json = env.query_json(&["rockets"]);
    for key in ["query", "total_hits", "hits", "facets"] {
        assert!(json.get(key).is_some(), "missing top-level key {key}");
    }
    for key in ["outlet", "year", "actor"] {
        assert!(json["facets"].get(key).is_some(), "missing facet {key}");
    }
    let hit = &json["hits"][0];
    for key in [
        "rank",
        "score",
        "path",
        "title",
        "outlet",
        "host",
        "date",
        "date_source",
        "year",
        "actors",
        "snippet",
    ] {
        assert!(hit.get(key).is_some(), "missing hit key {key} in {hit}");
    }
    assert_eq!(hit["rank"], 1);
    assert!(hit["actors"].is_array());
}

// --- incremental indexing -------------------------------------------------------------------

#[test]
fn indexing_twice_adds_no_duplicates() {
    let env = indexed_seeds();
    let again = env.run_in_project(&["index", "seeds/"]).expect_code(0);
    assert!(
        again.stderr.contains("indexed 0, unchanged 5"),
        "{}",
        again.stderr
    );
    let json = env.query_json(&["*"]);
    assert_eq!(json["total_hits"], 5);
}

#[test]
fn a_changed_file_replaces_its_old_version() {
    let env = TestEnv::new();
    let dir = env.copy_seeds("corpus");
    env.run(&["index", "corpus"]).expect_code(0);
    let file = dir.join("003_67ae329aaebf6e6d.txt");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("Dora neighborhood", "Zafaraniya neighborhood"),
    )
    .unwrap();
    let run = env.run(&["index", "corpus"]).expect_code(0);
    assert!(
        run.stderr.contains("indexed 1, unchanged 4"),
        "{}",
        run.stderr
    );
    let json = env.run(&["query", "*", "--json"]).expect_code(0).json();
    assert_eq!(json["total_hits"], 5);
    let json = env
        .run(&["query", "Zafaraniya", "--json"])
        .expect_code(0)
        .json();
    assert_eq!(json["total_hits"], 1);
    env.run(&["query", "Dora", "--json"]).expect_code(1);
}

#[test]
fn rebuild_starts_over() {
    let env = TestEnv::new();
    let dir = env.copy_seeds("corpus");
    env.run(&["index", "corpus"]).expect_code(0);
    std::fs::remove_file(dir.join("000_eab3ddcf4eff578d.txt")).unwrap();
    let run = env.run(&["index", "--rebuild", "corpus"]).expect_code(0);
    assert!(run.stderr.contains("indexed 4"), "{}", run.stderr);
    let json = env.run(&["query", "*", "--json"]).expect_code(0).json();
    assert_eq!(json["total_hits"], 4);
}

// --- filters and sorting ----------------------------------------------------------------------

#[test]
fn filters_narrow_the_matches() {
    let env = indexed_seeds();
    let by_year = env.query_json(&["*", "--year", "2020"]);
    assert_eq!(
        by_year["facets"]["year"],
        serde_json::json!({"2020": by_year["total_hits"]})
    );
    let by_range = env
        .run_in_project(&[
            "query",
            "*",
            "--from",
            "2021-01-01",
            "--to",
            "2021-12-31",
            "--json",
        ])
        .expect_code(0)
        .json();
    for hit in by_range["hits"].as_array().unwrap() {
        assert!(hit["date"].as_str().unwrap().starts_with("2021-"), "{hit}");
    }
    let newest_first = env.query_json(&["*", "--sort", "date"]);
    let dates: Vec<&str> = newest_first["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["date"].as_str())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
}

// --- parse ----------------------------------------------------------------------------------

#[test]
fn parse_prints_one_json_article_per_line() {
    let env = TestEnv::new();
    let run = env
        .run_in_project(&[
            "parse",
            "--json",
            "seeds/000_eab3ddcf4eff578d.txt",
            "seeds/004_10996d0db3873b60.txt",
        ])
        .expect_code(0);
    let lines: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 2);
    for article in &lines {
        for key in [
            "path",
            "outlet",
            "title",
            "date",
            "date_source",
            "year",
            "body",
            "actors",
        ] {
            assert!(article.get(key).is_some(), "missing {key}");
        }
        for actor in article["actors"].as_array().unwrap() {
            assert!(actor["name"].is_string() && actor["kind"].is_string());
            assert!(!actor["mentions"].as_array().unwrap().is_empty());
        }
    }
    assert_eq!(lines[0]["path"], "seeds/000_eab3ddcf4eff578d.txt");
}

// --- errors ---------------------------------------------------------------------------------

#[test]
fn querying_without_an_index_says_how_to_make_one() {
    let env = TestEnv::new();
    let run = env.run(&["query", "Katyusha"]).expect_code(2);
    assert!(run.stderr.contains("no index at"), "{}", run.stderr);
    assert!(
        run.stderr.contains("run `gz-search index DIR` first"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

#[test]
fn bad_query_syntax_is_one_clear_error() {
    let env = indexed_seeds();
    for bad in ["\"green zone", "title:(rocket", "nosuchfield:x", ""] {
        let run = env.run(&["query", bad]).expect_code(2);
        assert!(
            run.stderr.starts_with("gz-search: invalid query"),
            "{bad:?}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
}

#[test]
fn bad_dates_and_limits_are_rejected() {
    let env = indexed_seeds();
    let run = env
        .run(&["query", "*", "--from", "2021-13-01"])
        .expect_code(2);
    assert!(
        run.stderr.contains("invalid --from `2021-13-01`"),
        "{}",
        run.stderr
    );
    let run = env
        .run(&["query", "*", "--limit", "100000000"])
        .expect_code(2);
    assert!(run.stderr.contains("invalid limit"), "{}", run.stderr);
}

#[test]
fn a_missing_path_is_an_error() {
    let env = TestEnv::new();
    let run = env.run(&["index", "no/such/folder"]).expect_code(2);
    assert!(
        run.stderr.contains("`no/such/folder` does not exist"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_empty_folder_is_an_error() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.root().join("empty")).unwrap();
    let run = env.run(&["index", "empty"]).expect_code(2);
    assert!(
        run.stderr.contains("no files to index in `empty`"),
        "{}",
        run.stderr
    );
}

#[test]
fn no_match_exits_with_one() {
    let env = indexed_seeds();
    let run = env.run(&["query", "zeppelin", "--json"]).expect_code(1);
    assert_eq!(run.json()["total_hits"], 0);
}

#[test]
fn a_bad_file_does_not_stop_the_run() {
    let env = TestEnv::new();
    let dir = env.copy_seeds("corpus");
    std::fs::write(dir.join("empty.txt"), "   \n").unwrap();
    std::fs::write(dir.join("blob.txt"), b"\x00\x01\x02binary").unwrap();
    let run = env.run(&["index", "corpus"]).expect_code(0);
    assert!(
        run.stderr.contains("indexed 5, unchanged 0, skipped 2"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("empty.txt: skipped: empty file"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("blob.txt: skipped: binary file"),
        "{}",
        run.stderr
    );
}

// --- spelling variants ----------------------------------------------------------------------

fn hit_files(json: &Value) -> Vec<String> {
    let mut files: Vec<String> = paths(json)
        .iter()
        .map(|p| p.rsplit('/').next().unwrap()[..3].to_string())
        .collect();
    files.sort();
    files
}

#[test]
fn a_name_finds_its_other_spellings_highlighted() {
    let env = indexed_seeds();
    let json = env.query_json(&["Kadhimi"]);
    assert_eq!(hit_files(&json), vec!["000", "001", "002"]);
    let variant_hit = json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["path"].as_str().unwrap().contains("000_"))
        .unwrap();
    assert!(
        variant_hit["snippet"]
            .as_str()
            .unwrap()
            .contains("<b>Kadhemi</b>"),
        "{variant_hit}"
    );
    assert_eq!(
        variant_hit["matched"],
        serde_json::json!([{"query": "Kadhimi", "text": "Kadhemi"}])
    );
    // Exact spellings rank above variants.
    assert_eq!(json["hits"][2]["path"], variant_hit["path"]);

    let json = env.query_json(&["Soleimani"]);
    assert_eq!(hit_files(&json), vec!["001", "003", "004"]);
    let json = env.query_json(&["\"Muqtada al-Sadr\""]);
    assert_eq!(hit_files(&json), vec!["003"]);
}

#[test]
fn exact_turns_variants_off() {
    let env = indexed_seeds();
    let json = env.query_json(&["Kadhimi", "--exact"]);
    assert_eq!(hit_files(&json), vec!["001", "002"]);
    for hit in json["hits"].as_array().unwrap() {
        assert_eq!(hit["matched"], serde_json::json!([]));
    }
}

#[test]
fn an_actor_alias_filters_by_the_actor() {
    let env = indexed_seeds();
    let by_alias = env.query_json(&["*", "--actor", "PMU"]);
    let by_other_alias = env.query_json(&["*", "--actor", "Hashd al-Shaabi"]);
    assert_eq!(paths(&by_alias), paths(&by_other_alias));
    assert!(
        hit_files(&by_alias).contains(&"000".to_string()),
        "{by_alias}"
    );
}

#[test]
fn negation_applies_to_variant_queries() {
    let env = indexed_seeds();
    for query in ["Kadhimi -Biden", "Kadhimi AND NOT Biden"] {
        let json = env.query_json(&[query]);
        assert_eq!(hit_files(&json), vec!["002"], "{query}");
    }
}

#[test]
fn a_deleted_file_leaves_the_index() {
    let env = TestEnv::new();
    let dir = env.copy_seeds("corpus");
    env.run(&["index", "corpus"]).expect_code(0);
    std::fs::remove_file(dir.join("000_eab3ddcf4eff578d.txt")).unwrap();
    let run = env.run(&["index", "corpus"]).expect_code(0);
    assert!(run.stderr.contains("unchanged 4"), "{}", run.stderr);
    assert!(run.stderr.contains("removed 1"), "{}", run.stderr);
    let json = env.run(&["query", "*", "--json"]).expect_code(0).json();
    assert_eq!(json["total_hits"], 4);
    // A file given by name, not a folder walked in full, removes nothing else.
    let run = env
        .run(&["index", "corpus/001_a2b78a51b4fe9449.txt"])
        .expect_code(0);
    assert!(run.stderr.contains("removed 0"), "{}", run.stderr);
    let json = env.run(&["query", "*", "--json"]).expect_code(0).json();
    assert_eq!(json["total_hits"], 4);
}

#[test]
fn an_over_long_one_line_file_is_indexed_in_part_with_a_warning() {
    let env = TestEnv::new();
    let dir = env.root().join("odd");
    std::fs::create_dir_all(&dir).unwrap();
    let sentence =
        "Militia leader Hadi Karim said the Popular Mobilization Forces rejected the deal. ";
    std::fs::write(dir.join("huge.txt"), sentence.repeat(40_000)).unwrap();
    let run = env.run(&["index", "odd"]).expect_code(0);
    assert!(
        run.stderr
            .contains("huge.txt: warning: only the first 1 MiB"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("indexed 1,"), "{}", run.stderr);
    let json = env
        .run(&["query", "militia", "--json"])
        .expect_code(0)
        .json();
    assert_eq!(json["total_hits"], 1);
}

/// Start-up: on Linux the binary is linked at a fixed address, so the loader has no pointers
/// to relocate before `main` (see `build.rs`), unless the build asked to keep the default.
#[cfg(target_os = "linux")]
#[test]
fn the_binary_is_linked_at_a_fixed_address() {
    if std::env::var_os("GZ_SEARCH_PIE").is_some() {
        return;
    }
    let bytes = std::fs::read(env!("CARGO_BIN_EXE_gz-search")).unwrap();
    assert_eq!(&bytes[..4], b"\x7fELF");
    // `e_type`, in the byte order `EI_DATA` names: 2 is an executable, 3 a shared object
    // (which a position-independent executable is).
    let e_type = [bytes[16], bytes[17]];
    let e_type = match bytes[5] {
        1 => u16::from_le_bytes(e_type),
        _ => u16::from_be_bytes(e_type),
    };
    assert_eq!(e_type, 2, "ELF type {e_type}");
}
