//! Saved web pages and JSON Lines dumps through the whole article pipeline.
//!
//! `tests/fixtures/html/` holds labelled pages in many outlets' styles (JSON-LD, OpenGraph
//! only, `<meta>` dates, `<time>` elements, no metadata, legacy charsets); each `NAME.json`
//! gives the outlet, title, date and body a reader would take from `NAME.html`. Body quality
//! is word 4-gram shingle overlap, the metric of the public article-extraction benchmark.
//! `tests/fixtures/jsonl/` holds two crawler dumps with their expectations per line.
//!
//! `cargo test --test formats -- --nocapture` prints the figures.

mod common;

use std::collections::HashMap;
use std::path::PathBuf;

use common::shingles::score;
use common::TestEnv;
use gz_search::format::{self, Options};
use gz_search::{article, Knowledge};
use serde::Deserialize;

fn fixtures(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[derive(Deserialize)]
struct Expected {
    outlet: Option<String>,
    title: Option<String>,
    date: Option<String>,
    body: String,
}

fn normalised(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn saved_pages_give_outlet_date_title_and_body() {
    let knowledge = Knowledge::builtin();
    let mut pages: Vec<PathBuf> = std::fs::read_dir(fixtures("html"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| format::of(p).is_some_and(|f| f.name() == "html"))
        .collect();
    pages.sort();
    assert!(pages.len() >= 25, "{} pages", pages.len());

    let (mut outlets, mut dates, mut titles) = (0, 0, 0);
    let (mut precision, mut recall, mut f1_sum) = (0.0, 0.0, 0.0);
    println!(
        "\n{:<44} {:>5} {:>5} {:>5} {:>6} {:>6}",
        "page", "outl", "date", "title", "P", "R"
    );
    for page in &pages {
        let expected: Expected =
            serde_json::from_str(&std::fs::read_to_string(page.with_extension("json")).unwrap())
                .unwrap();
        let format::Input { format, bytes } = format::open(page).unwrap().unwrap();
        let contents = format.read(&bytes, &Options::default()).unwrap();
        assert_eq!(contents.records.len(), 1, "{}", page.display());
        let got = article::extract(page, &contents.records[0], &knowledge);

        let outlet_ok = got.outlet == expected.outlet;
        let date_ok = got.date.map(|d| d.to_string()) == expected.date;
        let title_ok =
            got.title.as_deref().map(normalised) == expected.title.as_deref().map(normalised);
        let (p, r, f) = score(&got.body, &expected.body);
        outlets += usize::from(outlet_ok);
        dates += usize::from(date_ok);
        titles += usize::from(title_ok);
        precision += p;
        recall += r;
        f1_sum += f;
        let name = page.file_name().unwrap().to_string_lossy();
        let mark = |ok: bool| if ok { "ok" } else { "MISS" };
        println!(
            "{name:<44} {:>5} {:>5} {:>5} {p:>6.3} {r:>6.3}",
            mark(outlet_ok),
            mark(date_ok),
            mark(title_ok)
        );
        if !outlet_ok || !date_ok || !title_ok {
            println!(
                "    got outlet {:?} date {:?} title {:?}",
                got.outlet,
                got.date.map(|d| d.to_string()),
                got.title
            );
        }
    }
    let n = pages.len() as f64;
    let (outlet, date, title) = (outlets as f64 / n, dates as f64 / n, titles as f64 / n);
    let body_f1 = f1_sum / n;
    println!(
        "{} pages: outlet {outlet:.3}, date {date:.3}, title {title:.3}, body precision {:.3}, \
         recall {:.3}, F1 {body_f1:.3}",
        pages.len(),
        precision / n,
        recall / n
    );
    assert!(outlet >= 0.95, "outlet accuracy {outlet:.3}");
    assert!(date >= 0.95, "date accuracy {date:.3}");
    assert!(title >= 0.90, "title accuracy {title:.3}");
    assert!(body_f1 >= 0.95, "body F1 {body_f1:.3}");
}

#[derive(Deserialize)]
struct ExpectedLine {
    line: usize,
    fail: bool,
    outlet: Option<String>,
    title: Option<String>,
    date: Option<String>,
}

#[test]
fn crawler_dumps_map_their_fields_and_report_bad_lines() {
    let expected: HashMap<String, serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(fixtures("jsonl/expected.json")).unwrap())
            .unwrap();
    let env = TestEnv::new();
    let dumps = env.root().join("dumps");
    std::fs::create_dir_all(&dumps).unwrap();
    let mut total = 0;
    for name in ["newsplease.jsonl", "ccnews.jsonl"] {
        std::fs::copy(fixtures("jsonl").join(name), dumps.join(name)).unwrap();
    }
    // One dump keeps its text under a key of its own.
    let run = env
        .run(&["index", dumps.to_str().unwrap(), "--map", "body=story"])
        .expect_code(0);
    assert!(
        run.stderr.contains("newsplease.jsonl") && run.stderr.contains("line 4"),
        "the bad line is reported with its number:\n{}",
        run.stderr
    );

    let hits = env.query_json(&["*", "--limit", "100"]);
    let hits = hits["hits"].as_array().unwrap();
    for (name, lines) in &expected {
        let Ok(lines) = serde_json::from_value::<Vec<ExpectedLine>>(lines.clone()) else {
            continue;
        };
        for want in lines {
            let hit = hits.iter().find(|h| {
                h["path"].as_str().unwrap().ends_with(name.as_str())
                    && h["line"].as_u64() == Some(want.line as u64)
            });
            if want.fail {
                assert!(hit.is_none(), "{name}:{} should have failed", want.line);
                continue;
            }
            total += 1;
            let hit = hit.unwrap_or_else(|| panic!("{name}:{} not indexed", want.line));
            let field = |k: &str| hit[k].as_str().map(str::to_string);
            assert_eq!(field("outlet"), want.outlet, "{name}:{} outlet", want.line);
            assert_eq!(field("title"), want.title, "{name}:{} title", want.line);
            assert_eq!(field("date"), want.date, "{name}:{} date", want.line);
        }
    }
    assert_eq!(hits.len(), total);

    // Without the mapping, the record without a known text key is a bad line too.
    let env = TestEnv::new();
    let run = env.run(&["index", dumps.join("ccnews.jsonl").to_str().unwrap()]);
    assert!(
        run.stderr.contains("--map body="),
        "a hint names --map:\n{}",
        run.stderr
    );
}

#[test]
fn compressed_pages_and_unknown_map_fields() {
    let env = TestEnv::new();
    let pages = env.root().join("pages");
    std::fs::create_dir_all(&pages).unwrap();
    let page = std::fs::read_dir(fixtures("html"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "html"))
        .unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, &std::fs::read(&page).unwrap()).unwrap();
    std::fs::write(pages.join("saved.html.gz"), gz.finish().unwrap()).unwrap();
    std::fs::write(pages.join("broken.html.gz"), b"not gzip at all").unwrap();

    let run = env.run(&["index", pages.to_str().unwrap()]).expect_code(1);
    assert!(run.stderr.contains("broken.html.gz"), "{}", run.stderr);
    let expected: Expected =
        serde_json::from_str(&std::fs::read_to_string(page.with_extension("json")).unwrap())
            .unwrap();
    let hits = env.query_json(&["*"]);
    assert_eq!(hits["total_hits"], 1);
    assert_eq!(hits["hits"][0]["title"].as_str(), expected.title.as_deref());

    let run = env.run(&["index", pages.to_str().unwrap(), "--map", "headline=title"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown field `headline`"),
        "{}",
        run.stderr
    );
}
