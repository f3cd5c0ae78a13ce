//! The "ceiling": how fast the Tantivy library alone indexes the benchmark corpus.
//!
//! ```sh
//! cargo run --release --example ceiling -- corpus.jsonl --index /tmp/ceiling [--threads 2] [--memory-mb 1024]
//! ```
//!
//! It reads the generator's `corpus.jsonl` (already parsed: no article extraction at all), with
//! one thread parsing JSON and feeding the writer through a bounded channel, into the schema
//! gz-search needs at least: title and body as TEXT with positions (stored, for snippets), outlet
//! as a fast STRING, year as a fast indexed u64, date as a fast date. The writer is tuned the way
//! a careful user would tune it (N indexing threads, one memory budget, the default
//! LogMergePolicy, a single commit at the end, merges waited for). gz-search's indexing
//! throughput is measured against this number. Prints `{"docs": N, "seconds": S}`.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::sync::mpsc::sync_channel;
use std::time::Instant;

use anyhow::{bail, Context};
use tantivy::merge_policy::LogMergePolicy;
use tantivy::schema::{Schema, FAST, INDEXED, STORED, STRING, TEXT};
use tantivy::{DateTime, Index, IndexWriter, TantivyDocument};

/// One line of `corpus.jsonl`; a typed struct parses faster than a `serde_json::Value`.
#[derive(serde::Deserialize)]
struct Record {
    #[serde(default)]
    id: String,
    #[serde(default)]
    outlet: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    year: u64,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
}

struct Args {
    jsonl: PathBuf,
    index: PathBuf,
    threads: usize,
    memory_mb: usize,
}

fn parse_args() -> anyhow::Result<Args> {
    let usage = "ceiling CORPUS.jsonl --index DIR [--threads N] [--memory-mb MB]";
    let mut jsonl = None;
    let mut index = None;
    let (mut threads, mut memory_mb) = (2, 1024);
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().with_context(|| format!("`{arg}` needs a value"));
        match arg.as_str() {
            "--index" => index = Some(PathBuf::from(value()?)),
            "--threads" => threads = value()?.parse().context("--threads")?,
            "--memory-mb" => memory_mb = value()?.parse().context("--memory-mb")?,
            "-h" | "--help" => {
                println!("{usage}");
                std::process::exit(0);
            }
            s if !s.starts_with('-') && jsonl.is_none() => jsonl = Some(PathBuf::from(s)),
            other => bail!("unknown argument `{other}`; usage: {usage}"),
        }
    }
    match (jsonl, index) {
        (Some(jsonl), Some(index)) => Ok(Args {
            jsonl,
            index,
            threads,
            memory_mb,
        }),
        _ => bail!("usage: {usage}"),
    }
}

fn main() -> anyhow::Result<()> {
    let args = parse_args()?;
    let started = Instant::now();

    let mut builder = Schema::builder();
    let title = builder.add_text_field("title", TEXT | STORED);
    let body = builder.add_text_field("body", TEXT | STORED);
    let outlet = builder.add_text_field("outlet", STRING | FAST | STORED);
    let year = builder.add_u64_field("year", INDEXED | FAST | STORED);
    let date = builder.add_date_field("date", INDEXED | FAST | STORED);
    let id = builder.add_text_field("id", STRING | STORED);
    let schema = builder.build();

    if args.index.exists() {
        std::fs::remove_dir_all(&args.index)
            .with_context(|| format!("removing `{}`", args.index.display()))?;
    }
    std::fs::create_dir_all(&args.index)
        .with_context(|| format!("creating `{}`", args.index.display()))?;
    let index = Index::create_in_dir(&args.index, schema)?;
    let mut writer: IndexWriter =
        index.writer_with_num_threads(args.threads, args.memory_mb << 20)?;
    writer.set_merge_policy(Box::new(LogMergePolicy::default()));

    let (tx, rx) = sync_channel::<TantivyDocument>(4096);
    let path = args.jsonl.clone();
    let parser = std::thread::spawn(move || -> anyhow::Result<()> {
        let file = File::open(&path).with_context(|| format!("opening `{}`", path.display()))?;
        for (n, line) in BufReader::with_capacity(1 << 20, file).lines().enumerate() {
            let line = line?;
            let r: Record =
                serde_json::from_str(&line).with_context(|| format!("line {}", n + 1))?;
            let mut doc = TantivyDocument::default();
            doc.add_text(id, r.id);
            doc.add_text(title, r.title);
            doc.add_text(body, r.body);
            doc.add_text(outlet, r.outlet);
            doc.add_u64(year, r.year);
            if let Ok(d) = chrono::DateTime::parse_from_rfc3339(&r.date) {
                doc.add_date(date, DateTime::from_timestamp_secs(d.timestamp()));
            }
            if tx.send(doc).is_err() {
                break;
            }
        }
        Ok(())
    });

    let mut docs = 0u64;
    for doc in rx {
        writer.add_document(doc)?;
        docs += 1;
    }
    parser
        .join()
        .map_err(|_| anyhow::anyhow!("the JSON parser thread panicked"))??;
    writer.commit()?;
    writer.wait_merging_threads()?;
    println!(
        "{}",
        serde_json::json!({"docs": docs, "seconds": started.elapsed().as_secs_f64()})
    );
    Ok(())
}
