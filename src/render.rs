//! Output: search results and parsed articles as text for people or JSON for programs.
//!
//! Text output is written with ANSI styles into an `anstream` stream, which strips them when
//! the stream is not a terminal, when `NO_COLOR` is set, or with `--color never`. JSON output
//! has a fixed set of keys, documented in the README; snippets there are HTML-escaped with
//! `<b>…</b>` around matches.

use anstyle::{AnsiColor, Style};
use serde_json::{json, Map, Value};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use gz_search::article::Article;
use gz_search::index::{Results, Snippet, Summary};

const BOLD: Style = Style::new().bold();
const MATCH: Style = AnsiColor::Red.on_default().bold();
const DIM: Style = Style::new().dimmed();
const TITLE: Style = AnsiColor::Cyan.on_default().bold();

/// Writes results for people: hits with snippets, then facet counts.
pub fn results_text(out: &mut dyn Write, results: &Results, facet_limit: usize) -> io::Result<()> {
    for hit in &results.hits {
        let title = hit.title.as_deref().unwrap_or("(untitled)");
        writeln!(out, "{BOLD}{}.{BOLD:#} {TITLE}{title}{TITLE:#}", hit.rank)?;
        let mut meta = vec![
            hit.outlet
                .clone()
                .unwrap_or_else(|| "unknown outlet".into()),
            hit.date
                .map_or_else(|| "undated".into(), |d| d.format("%Y-%m-%d").to_string()),
            match hit.line {
                Some(line) => format!("{}:{line}", display_path(&hit.path).display()),
                None => display_path(&hit.path).display().to_string(),
            },
        ];
        if let Some(host) = &hit.host {
            meta.insert(1, format!("via {host}"));
        }
        writeln!(out, "   {DIM}{}{DIM:#}", meta.join(" · "))?;
        if !hit.snippet.text.is_empty() {
            writeln!(out, "   {}", highlight_ansi(&hit.snippet))?;
        }
        writeln!(out)?;
    }
    let shown = results.hits.len();
    let first = results.hits.first().map_or(0, |h| h.rank);
    let noun = if results.total_hits == 1 {
        "match"
    } else {
        "matches"
    };
    if shown > 0 && shown < results.total_hits {
        writeln!(
            out,
            "{BOLD}{} {noun}{BOLD:#} for {:?} (showing {}–{})",
            results.total_hits,
            results.query,
            first,
            first + shown - 1
        )?;
    } else {
        writeln!(
            out,
            "{BOLD}{} {noun}{BOLD:#} for {:?}",
            results.total_hits, results.query
        )?;
    }
    if results.total_hits > 0 {
        let f = &results.facets;
        facet_line(out, "outlet", &f.outlet, usize::MAX)?;
        facet_line(out, "year", &f.year, usize::MAX)?;
        facet_line(out, "actors", &f.actor, facet_limit)?;
    }
    Ok(())
}

fn facet_line(
    out: &mut dyn Write,
    name: &str,
    counts: &[(String, u64)],
    limit: usize,
) -> io::Result<()> {
    if counts.is_empty() || limit == 0 {
        return Ok(());
    }
    let shown: Vec<String> = counts
        .iter()
        .take(limit)
        .map(|(k, v)| format!("{k} {BOLD}{v}{BOLD:#}"))
        .collect();
    let more = counts.len().saturating_sub(limit);
    let tail = if more > 0 {
        format!(" · … {more} more")
    } else {
        String::new()
    };
    writeln!(out, "  {DIM}{name:<7}{DIM:#} {}{tail}", shown.join(" · "))
}

fn highlight_ansi(snippet: &Snippet) -> String {
    let mut out = String::new();
    let mut at = 0;
    for r in &snippet.highlights {
        out.push_str(&snippet.text[at..r.start]);
        out.push_str(&format!("{MATCH}{}{MATCH:#}", &snippet.text[r.clone()]));
        at = r.end;
    }
    out.push_str(&snippet.text[at..]);
    out
}

fn highlight_html(snippet: &Snippet) -> String {
    let mut out = String::new();
    let mut at = 0;
    for r in &snippet.highlights {
        out.push_str(&escape(&snippet.text[at..r.start]));
        out.push_str("<b>");
        out.push_str(&escape(&snippet.text[r.clone()]));
        out.push_str("</b>");
        at = r.end;
    }
    out.push_str(&escape(&snippet.text[at..]));
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The results as one JSON object (schema in the README).
pub fn results_json(results: &Results, facet_limit: usize) -> Value {
    let hits: Vec<Value> = results
        .hits
        .iter()
        .map(|h| {
            json!({
                "rank": h.rank,
                "score": h.score,
                "path": display_path(&h.path),
                "line": h.line,
                "title": h.title,
                "outlet": h.outlet,
                "host": h.host,
                "date": h.date.map(|d| d.format("%Y-%m-%d").to_string()),
                "date_source": h.date_source,
                "year": h.year,
                "actors": h.actors,
                "snippet": highlight_html(&h.snippet),
                "matched": h.matched.iter().map(|(q, t)| json!({"query": q, "text": t})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let counts = |c: &[(String, u64)], limit: usize| -> Value {
        Value::Object(
            c.iter()
                .take(limit)
                .map(|(k, v)| (k.clone(), json!(v)))
                .collect::<Map<String, Value>>(),
        )
    };
    json!({
        "query": results.query,
        "total_hits": results.total_hits,
        "hits": hits,
        "facets": {
            "outlet": counts(&results.facets.outlet, usize::MAX),
            "year": counts(&results.facets.year, usize::MAX),
            "actor": counts(&results.facets.actor, facet_limit),
        },
    })
}

/// One parsed article as a JSON object.
pub fn article_json(article: &Article) -> Value {
    let mut value = serde_json::to_value(article).expect("articles serialise to JSON");
    value["path"] = json!(display_path(&article.path));
    value
}

/// One parsed article for people.
pub fn article_text(out: &mut dyn Write, article: &Article) -> io::Result<()> {
    let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    let line = article.line.map(|l| format!(":{l}")).unwrap_or_default();
    writeln!(
        out,
        "{BOLD}{}{line}{BOLD:#}",
        display_path(&article.path).display()
    )?;
    writeln!(out, "  {DIM}title{DIM:#}   {}", or_none(&article.title))?;
    writeln!(out, "  {DIM}outlet{DIM:#}  {}", or_none(&article.outlet))?;
    if let Some(host) = &article.host {
        writeln!(out, "  {DIM}host{DIM:#}    {host}")?;
    }
    let date = match (article.date, article.date_source) {
        (Some(d), Some(s)) => format!("{} ({})", d.format("%Y-%m-%d"), s.as_str()),
        _ => "—".into(),
    };
    writeln!(out, "  {DIM}date{DIM:#}    {date}")?;
    for actor in &article.actors {
        writeln!(
            out,
            "  {DIM}actor{DIM:#}   {} ({}): {}",
            actor.name,
            actor.kind.as_str(),
            actor.mentions.join(", ")
        )?;
    }
    let words = article.body.split_whitespace().count();
    writeln!(out, "  {DIM}body{DIM:#}    {words} words")?;
    for para in article.body.split("\n\n") {
        writeln!(out, "    {para}")?;
    }
    writeln!(out)
}

/// The closing line of an index run.
pub fn summary_line(summary: &Summary, index: &Path) -> String {
    format!(
        "indexed {}, unchanged {}, skipped {}, failed {}, removed {} in {:.2}s; {} documents in `{}`",
        summary.indexed,
        summary.unchanged,
        summary.skipped,
        summary.failed,
        summary.removed,
        summary.elapsed.as_secs_f64(),
        summary.documents,
        index.display()
    )
}

/// A path relative to the working directory when it lies below it.
pub fn display_path(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| {
            let cwd = std::fs::canonicalize(&cwd).unwrap_or(cwd);
            path.strip_prefix(&cwd).ok().map(Path::to_path_buf)
        })
        .unwrap_or_else(|| path.to_path_buf())
}
