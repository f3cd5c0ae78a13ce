//! Warm, in-process query latency: what a search costs once the process is running and the
//! index is open (the whole-process figure adds start-up and output).
//!
//! ```sh
//! cargo run --release --example latency -- --index DIR [--runs 200] [--outlet NAME] [--year Y] QUERY
//! ```
//!
//! Opens the index once, answers the query `--runs` times through the library (top 10 with
//! snippets and all facets, as `gz-search query --limit 10` does) after 5 warm-up runs, and
//! prints `{"runs": N, "hits": H, "p50_ms": …, "p99_ms": …, "max_ms": …}`.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context};
use gz_search::index::{Request, Searchable, Sort};
use gz_search::knowledge::Knowledge;

struct Args {
    index: PathBuf,
    runs: usize,
    query: String,
    outlets: Vec<String>,
    years: Vec<i32>,
}

fn parse_args() -> anyhow::Result<Args> {
    let usage = "latency --index DIR [--runs N] [--outlet NAME] [--year Y] QUERY";
    let (mut index, mut query) = (None, None);
    let (mut runs, mut outlets, mut years) = (200, Vec::new(), Vec::new());
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().with_context(|| format!("`{arg}` needs a value"));
        match arg.as_str() {
            "--index" => index = Some(PathBuf::from(value()?)),
            "--runs" => runs = value()?.parse().context("--runs")?,
            "--outlet" => outlets.push(value()?),
            "--year" => years.push(value()?.parse().context("--year")?),
            "-h" | "--help" => {
                println!("{usage}");
                std::process::exit(0);
            }
            s if !s.starts_with("--") && query.is_none() => query = Some(s.to_string()),
            other => bail!("unknown argument `{other}`; usage: {usage}"),
        }
    }
    match (index, query) {
        (Some(index), Some(query)) if runs > 0 => Ok(Args {
            index,
            runs,
            query,
            outlets,
            years,
        }),
        _ => bail!("usage: {usage}"),
    }
}

/// The value below which `share` of the sorted samples fall (nearest rank).
fn percentile(sorted: &[f64], share: f64) -> f64 {
    let rank = (share * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn main() -> anyhow::Result<()> {
    let args = parse_args()?;
    let knowledge = Knowledge::builtin();
    let index = Searchable::open(&args.index)?;
    let request = Request {
        query: args.query,
        limit: 10,
        offset: 0,
        outlets: args.outlets,
        years: args.years,
        from: None,
        to: None,
        actors: Vec::new(),
        sort: Sort::Relevance,
        exact: false,
    };
    let mut hits = 0;
    for _ in 0..5 {
        hits = index.search(&request, &knowledge)?.total_hits;
    }
    let mut samples = Vec::with_capacity(args.runs);
    for _ in 0..args.runs {
        let started = Instant::now();
        let results = index.search(&request, &knowledge)?;
        samples.push(started.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(results);
    }
    samples.sort_by(f64::total_cmp);
    println!(
        "{}",
        serde_json::json!({
            "runs": args.runs,
            "hits": hits,
            "p50_ms": percentile(&samples, 0.50),
            "p99_ms": percentile(&samples, 0.99),
            "max_ms": samples[samples.len() - 1],
        })
    );
    Ok(())
}
