#!/usr/bin/env python3
"""gz-search beside the Tantivy "ceiling" and its peers, in one run, on one corpus.

    python3 bench/run.py [--sizes 10000,100000] [--seed 1] [--work /tmp/gzbench]
    python3 bench/run.py --smoke            # 1k documents, every step, for CI (< 60 s after build)

For each corpus size it generates (once) the corpus with `examples/corpus`
(WORK/c<N>/txt/... raw pages and WORK/c<N>/corpus.jsonl), then measures:

* index build: gz-search over the raw pages; the ceiling (`examples/ceiling`,
  the Tantivy library over the JSONL); tantivy-cli over the JSONL; SQLite FTS5
  over the JSONL; and gz-search's re-index of the unchanged corpus.  Wall and CPU
  time (os.wait4 rusage of the process and its children), docs/s, MB/s of its
  own input, peak RSS, index size on disk.
* queries, each a whole process (start-up, index open, search, output), median
  of --runs runs: rare term, common term, two-term AND, phrase, and a term
  filtered by outlet and year; each with top-10 snippets and outlet/year facets
  where the tool can give them (see BENCHMARKS.md for what each peer returns).
* in-process warm latency, p50 and p99 of --latency-runs searches after 5 warm-up
  ones: gz-search through its library (`examples/latency`: index opened once, top 10
  with snippets and all facets) and SQLite FTS5 through Python's sqlite3 module (one
  connection, the same two statements as its whole-process query).

--solo-sizes runs gz-search alone (build, re-index, queries, latency) at sizes too
large to wait for every peer (the 1M-document run).

Peers missing from PATH are skipped and named in the report; --install-peers
installs tantivy-cli (cargo install tantivy-cli --locked) and ripgrep (apt-get).
Tables (markdown, with ratios) go to --results (default WORK/results.md,
appended).  Exit status 1 when any step failed.  Python 3.11 standard library.
"""
import argparse
import json
import math
import os
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

# The five queries, in each tool's spelling. gz-search's filter is its --outlet/--year options.
QUERIES = [
    dict(id="rare", desc="rare term `katyusha`", gz=["katyusha"], tantivy="katyusha",
         fts="katyusha", rg=[["katyusha"]]),
    dict(id="common", desc="common term `embassy`", gz=["embassy"], tantivy="embassy",
         fts="embassy", rg=[["embassy"]]),
    dict(id="and", desc="two-term AND `rocket AND embassy`", gz=["rocket AND embassy"],
         tantivy="rocket AND embassy", fts="rocket AND embassy", rg=[["rocket"], ["embassy"]]),
    dict(id="phrase", desc='phrase `"green zone"`', gz=['"green zone"'], tantivy='"green zone"',
         fts='"green zone"', rg=[["green zone"]]),
    dict(id="filter", desc="`embassy`, outlet WION, year 2020",
         gz=["embassy", "--outlet", "WION", "--year", "2020"],
         tantivy="embassy AND outlet:WION AND year:2020",
         fts=("embassy", "WION", 2020), rg=[["WION"], ["2020"], ["embassy"]]),
]

TANTIVY_SCHEMA = [
    {"name": "id", "type": "text", "options": {"indexing": None, "stored": True, "fast": False}},
    {"name": "outlet", "type": "text", "options": {
        "indexing": {"record": "basic", "fieldnorms": False, "tokenizer": "raw"},
        "stored": True, "fast": True}},
    {"name": "year", "type": "u64", "options": {"indexed": True, "fieldnorms": False,
                                                "fast": True, "stored": True}},
    {"name": "date", "type": "date", "options": {"indexed": True, "fieldnorms": False,
                                                 "fast": True, "stored": True,
                                                 "precision": "seconds"}},
    {"name": "title", "type": "text", "options": {
        "indexing": {"record": "position", "fieldnorms": True, "tokenizer": "default"},
        "stored": True, "fast": False}},
    {"name": "body", "type": "text", "options": {
        "indexing": {"record": "position", "fieldnorms": True, "tokenizer": "default"},
        "stored": True, "fast": False}},
]
TANTIVY_AGG = json.dumps({"outlet": {"terms": {"field": "outlet", "size": 100}},
                          "year": {"terms": {"field": "year", "size": 100}}},
                         separators=(",", ":"))

failures = []


def log(msg):
    print(f"[run.py {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def fail(step, detail):
    failures.append(f"{step}: {detail}")
    log(f"FAILED {step}: {detail}")


def measure(argv, stdout_path=os.devnull, cwd=None):
    """Run argv to completion; return wall s, CPU s (user+sys, children included), peak RSS MB,
    exit code and stderr tail."""
    with open(stdout_path, "wb") as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdout=out, stderr=err, cwd=cwd)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read()[-600:].decode("utf-8", "replace")
    return dict(wall=wall, cpu=ru.ru_utime + ru.ru_stime, rss=ru.ru_maxrss / 1024,
                rc=p.returncode, stderr=tail)


def du(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            try:
                total += os.path.getsize(os.path.join(root, f))
            except OSError:
                pass
    return total


def which(name):
    return shutil.which(name)


def install_peers():
    if not which("tantivy"):
        log("installing tantivy-cli (cargo install tantivy-cli --locked)")
        r = subprocess.run(["cargo", "install", "tantivy-cli", "--locked"])
        if r.returncode:
            # 0.24.0's lock file pins traitobject 0.1.0, which recent rustc rejects (E0119);
            # unlocked, cargo picks the fixed 0.1.1
            log("locked install failed; retrying without --locked")
            r = subprocess.run(["cargo", "install", "tantivy-cli"])
        if r.returncode:
            fail("install tantivy-cli", f"exit {r.returncode}")
    if not which("rg"):
        log("installing ripgrep (apt-get install -y ripgrep)")
        r = subprocess.run(["apt-get", "install", "-y", "ripgrep"])
        if r.returncode:
            fail("install ripgrep", f"exit {r.returncode}")


def binaries(args):
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(REPO, "target")
    rel = os.path.join(target, "release")
    bins = dict(gz=args.gz or os.path.join(rel, "gz-search"),
                corpus=os.path.join(rel, "examples", "corpus"),
                ceiling=os.path.join(rel, "examples", "ceiling"),
                latency=os.path.join(rel, "examples", "latency"))
    if args.build or not all(os.path.exists(b) for b in bins.values()):
        log("building (cargo build --release --bin gz-search --example corpus --example ceiling"
            " --example latency)")
        r = subprocess.run(["cargo", "build", "--release", "--bin", "gz-search",
                            "--example", "corpus", "--example", "ceiling",
                            "--example", "latency"], cwd=REPO)
        if r.returncode:
            fail("cargo build", f"exit {r.returncode}")
            sys.exit(1)
    return bins


def corpus(bins, work, n, seed):
    d = os.path.join(work, f"c{n}-s{seed}")
    done = os.path.join(d, ".complete")
    if not os.path.exists(done):
        shutil.rmtree(d, ignore_errors=True)
        log(f"generating {n} documents (seed {seed}) in {d}")
        m = measure([bins["corpus"], "--docs", str(n), "--seed", str(seed), "--out", d])
        if m["rc"]:
            fail("corpus", m["stderr"])
            return None
        log(f"corpus: {m['wall']:.1f}s wall, {m['cpu']:.1f}s CPU")
        open(done, "w").close()
    return dict(dir=d, txt=os.path.join(d, "txt"), jsonl=os.path.join(d, "corpus.jsonl"),
                txt_bytes=du(os.path.join(d, "txt")), jsonl_bytes=du(os.path.join(d, "corpus.jsonl")))


# ---------------------------------------------------------------- SQLite FTS5

def fts_build(jsonl, db):
    """Runs in its own process (`run.py _fts-build`), so that rusage is its own."""
    if os.path.exists(db):
        os.remove(db)
    con = sqlite3.connect(db)
    con.executescript("""
        PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;
        CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, outlet UNINDEXED, year UNINDEXED,
                                             title, body, tokenize='unicode61');
    """)
    with open(jsonl, encoding="utf-8") as f, con:
        rows = (tuple(d[k] for k in ("id", "outlet", "year", "title", "body"))
                for d in map(json.loads, f))
        con.executemany("INSERT INTO docs(id, outlet, year, title, body) VALUES (?,?,?,?,?)", rows)
    con.execute("INSERT INTO docs(docs) VALUES('optimize')")
    con.commit()
    con.close()


def fts_sql(q):
    if isinstance(q, tuple):
        term, outlet, year = q
        where = f"docs MATCH '{term}' AND outlet = '{outlet}' AND year = {int(year)}"
    else:
        where = "docs MATCH '" + q.replace("'", "''") + "'"
    # top 10 by bm25 with a snippet, then one GROUP BY over the match set for both facets
    return (f"SELECT id, outlet, year, bm25(docs), snippet(docs, 4, '[', ']', '...', 16) "
            f"FROM docs WHERE {where} ORDER BY rank LIMIT 10;"
            f"SELECT 'facet', outlet, year, count(*) FROM docs WHERE {where} GROUP BY outlet, year;")


def fts_query(db, sql):
    """Runs in its own process (`run.py _fts-query`) when the sqlite3 shell is missing."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    for stmt in sql.split(";"):
        if stmt.strip():
            for row in con.execute(stmt):
                print("|".join(map(str, row)))


# ---------------------------------------------------------------- hit counts

def hits(tool, path):
    try:
        s = open(path, encoding="utf-8", errors="replace").read()
        if tool == "gz-search":
            return json.loads(s)["total_hits"]
        if tool == "tantivy-cli":
            o = json.loads(s)["outlet"]
            return sum(b["doc_count"] for b in o["buckets"]) + o.get("sum_other_doc_count", 0)
        if tool == "sqlite-fts5":
            return sum(int(ln.rsplit("|", 1)[1]) for ln in s.splitlines() if ln.startswith("facet|"))
        if tool == "ripgrep":
            return len([ln for ln in s.splitlines() if ln.strip()])
    except (OSError, ValueError, KeyError, IndexError) as e:
        return f"? ({type(e).__name__})"
    return None


def rg_argv(terms, txt):
    """rg -l passes chained by xargs: files containing every term (case-insensitive, substring)."""
    first = shlex.join(["rg", "-l", "-i", "-F", terms[0][0], txt])
    rest = "".join(" | xargs -d '\\n' -r " + shlex.join(["rg", "-l", "-i", "-F", t[0]]) for t in terms[1:])
    return ["bash", "-c", "set -o pipefail; " + first + rest + " | sort"]


# ---------------------------------------------------------------- one size

def percentile(sorted_samples, share):
    """Nearest-rank percentile, as `examples/latency` computes it."""
    rank = min(len(sorted_samples), max(1, math.ceil(share * len(sorted_samples))))
    return sorted_samples[rank - 1]


def fts_latency(db, sql, runs):
    """p50/p99 ms of the FTS5 query's statements on one open connection, after 5 warm-ups."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    stmts = [s for s in sql.split(";") if s.strip()]

    def once():
        for stmt in stmts:
            con.execute(stmt).fetchall()
    for _ in range(5):
        once()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        once()
        samples.append((time.perf_counter() - t0) * 1000)
    con.close()
    samples.sort()
    return dict(p50_ms=percentile(samples, 0.5), p99_ms=percentile(samples, 0.99))


def latencies(args, bins, res, idx, solo):
    for Q in QUERIES:
        row = res["latency"].setdefault(Q["id"], {})
        if "gz-search" in res["builds"]:
            gz_args = list(Q["gz"][1:])
            p = subprocess.run([bins["latency"], "--index", idx["gz"], "--runs",
                                str(args.latency_runs), *gz_args, Q["gz"][0]],
                               capture_output=True, text=True)
            if p.returncode:
                fail(f"{res['n']} latency {Q['id']} gz-search", p.stderr.strip()[-400:])
            else:
                row["gz-search"] = json.loads(p.stdout)
        if not solo and "sqlite-fts5" in res["builds"]:
            row["sqlite-fts5"] = fts_latency(idx["fts"], fts_sql(Q["fts"]), args.latency_runs)
        log(f"{res['n']}: latency {Q['id']}: " + ", ".join(
            f"{k} p50 {v['p50_ms']:.2f} ms p99 {v['p99_ms']:.2f} ms" for k, v in row.items()))


# A word no generated article contains: the query's time is the process's start-up, loading
# what it needs and opening the index.
NO_HIT = "zqxjvwk"


def startup(args, bins, res, idx):
    """Whole-process medians of the commands that do no search work."""
    cmds = [("version", "gz-search", [bins["gz"], "--version"])]
    if "gz-search" in res["builds"]:
        cmds.append(("no-hit", "gz-search", [bins["gz"], "query", NO_HIT, "--index", idx["gz"],
                                             "--json", "--limit", "10"]))
    if "tantivy-cli" in res["builds"]:
        cmds.append(("no-hit", "tantivy-cli", ["tantivy", "search", "-i", idx["tantivy"],
                                               "-q", NO_HIT, "-a", TANTIVY_AGG]))
    runs = max(3 * args.runs, 30)
    for what, name, argv in cmds:
        first = measure(argv)
        if first["rc"] not in (0, 1):
            fail(f"{res['n']} start-up {what} {name}", f"exit {first['rc']}: {first['stderr']}")
            continue
        times = [measure(argv)["wall"] for _ in range(runs)]
        res["startup"].setdefault(what, {})[name] = statistics.median(times)
    log(f"{res['n']}: start-up: " + ", ".join(
        f"{what} {name} {t * 1000:.1f} ms" for what, row in res["startup"].items()
        for name, t in row.items()))


def run_size(args, bins, n, solo=False):
    c = corpus(bins, args.work, n, args.seed)
    if c is None:
        return None
    d = c["dir"]
    out = os.path.join(d, "out")
    os.makedirs(out, exist_ok=True)
    have_tantivy, have_rg, have_sqlite3 = which("tantivy"), which("rg"), which("sqlite3")
    if solo:
        have_tantivy = have_rg = False
    res = dict(n=n, corpus=c, builds={}, queries={}, latency={}, startup={}, missing=[],
               solo=solo)
    if solo:
        res["missing"].append("peers (gz-search alone at this size)")
    elif not have_tantivy:
        res["missing"].append("tantivy-cli (not on PATH; pass --install-peers)")
    if not have_rg and not solo:
        res["missing"].append("ripgrep (not on PATH; pass --install-peers)")

    idx = {k: os.path.join(d, f"idx-{k}") for k in ("gz", "ceiling", "tantivy")}
    idx["fts"] = os.path.join(d, "idx-fts5.db")
    builds = [("gz-search", [bins["gz"], "index", c["txt"], "--index", idx["gz"], "--quiet"],
               idx["gz"], c["txt_bytes"]),
              ("ceiling", [bins["ceiling"], c["jsonl"], "--index", idx["ceiling"],
                           "--threads", str(args.threads)], idx["ceiling"], c["jsonl_bytes"])]
    if solo:
        builds = builds[:1]
    if have_tantivy:
        builds.append(("tantivy-cli", ["tantivy", "index", "-i", idx["tantivy"], "-f", c["jsonl"]],
                       idx["tantivy"], c["jsonl_bytes"]))
    if not solo:
        builds.append(("sqlite-fts5", [sys.executable, os.path.abspath(__file__), "_fts-build",
                                       c["jsonl"], idx["fts"]], idx["fts"], c["jsonl_bytes"]))

    if args.queries_only:
        # The indexes an earlier run built, as they are: only the queries are timed.
        res["queries_only"] = True
        for name, _, path, _ in builds:
            if os.path.exists(path):
                res["builds"][name] = None
            else:
                fail(f"{n} {name}", f"--queries-only: no index at {path}")
        builds = []
    for name, argv, path, in_bytes in builds:
        if os.path.isdir(path):
            shutil.rmtree(path)
        elif os.path.exists(path):
            os.remove(path)
        if name == "tantivy-cli":
            os.makedirs(path)
            with open(os.path.join(path, "meta.json"), "w") as f:
                json.dump({"index_settings": {"docstore_compression": "lz4",
                                              "docstore_blocksize": 16384},
                           "segments": [], "opstamp": 0, "schema": TANTIVY_SCHEMA}, f)
        log(f"{n}: building {name}")
        m = measure(argv, os.path.join(out, f"build-{name}.out"))
        if m["rc"]:
            fail(f"{n} build {name}", f"exit {m['rc']}: {m['stderr'].strip()}")
            continue
        m.update(size=du(path), in_bytes=in_bytes)
        res["builds"][name] = m
        log(f"{n}: {name} {m['wall']:.2f}s wall, {m['cpu']:.2f}s CPU, {m['rss']:.0f} MB RSS")
    if res["builds"].get("gz-search"):
        log(f"{n}: re-indexing gz-search (unchanged corpus)")
        m = measure([bins["gz"], "index", c["txt"], "--index", idx["gz"], "--quiet"])
        if m["rc"]:
            fail(f"{n} re-index gz-search", m["stderr"])
        else:
            m.update(size=du(idx["gz"]), in_bytes=c["txt_bytes"])
            res["builds"]["gz-search re-index"] = m

    for Q in QUERIES:
        cmds = []
        if "gz-search" in res["builds"]:
            cmds.append(("gz-search", [bins["gz"], "query", *Q["gz"], "--index", idx["gz"],
                                       "--json", "--limit", "10"]))
        if "tantivy-cli" in res["builds"]:
            cmds.append(("tantivy-cli", ["tantivy", "search", "-i", idx["tantivy"],
                                         "-q", Q["tantivy"], "-a", TANTIVY_AGG]))
        if "sqlite-fts5" in res["builds"]:
            sql = fts_sql(Q["fts"])
            cmds.append(("sqlite-fts5", ["sqlite3", "-readonly", idx["fts"], sql] if have_sqlite3
                         else [sys.executable, os.path.abspath(__file__), "_fts-query", idx["fts"], sql]))
        if have_rg:
            cmds.append(("ripgrep", rg_argv(Q["rg"], c["txt"])))
        for name, argv in cmds:
            outp = os.path.join(out, f"q-{Q['id']}-{name}.out")
            first = measure(argv, outp)  # warm-up run, also the captured output
            # 1 is "no match" for gz-search and rg (grep's convention), 123 is xargs passing it on
            if first["rc"] not in (0, 1, 123):
                fail(f"{n} query {Q['id']} {name}", f"exit {first['rc']}: {first['stderr'].strip()}")
                continue
            times = [measure(argv)["wall"] for _ in range(args.runs)]
            res["queries"].setdefault(Q["id"], {})[name] = dict(
                median=statistics.median(times), min=min(times), hits=hits(name, outp),
                rss=first["rss"])
        log(f"{n}: query {Q['id']}: " + ", ".join(
            f"{k} {v['median']*1000:.1f} ms ({v['hits']} hits)"
            for k, v in res["queries"].get(Q["id"], {}).items()))
    latencies(args, bins, res, idx, solo)
    startup(args, bins, res, idx)
    return res


# ---------------------------------------------------------------- report

def ratio(a, b):
    return f"{a / b:.2f}×" if a and b else "–"


def report(res, args):
    n, c, B = res["n"], res["corpus"], res["builds"]
    L = [f"### {n:,} documents (seed {args.seed})", "",
         f"Corpus: {c['txt_bytes'] / 1e6:.1f} MB of raw pages (gz-search, ripgrep read these), "
         f"{c['jsonl_bytes'] / 1e6:.1f} MB of JSONL (ceiling, tantivy-cli, SQLite read these).", "",
         "**Index build** (one run each; ratios are wall-time ratios, below 1 = faster than the other)", "",
         "| tool | wall s | CPU s | docs/s | input MB/s | peak RSS MB | index MB | wall ÷ ceiling | docs/s ÷ ceiling |",
         "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    if res.get("queries_only"):
        L[-4:] = ["Queries only (`--queries-only`): on the indexes an earlier run built; "
                  "no build was timed."]
        B = {}
    ceil = B.get("ceiling")
    for name, m in B.items():
        dps = n / m["wall"]
        L.append(f"| {name} | {m['wall']:.2f} | {m['cpu']:.2f} | {dps:,.0f} | "
                 f"{m['in_bytes'] / 1e6 / m['wall']:.1f} | {m['rss']:.0f} | {m['size'] / 1e6:.1f} | "
                 f"{ratio(m['wall'], ceil and ceil['wall'])} | "
                 f"{ratio(dps, ceil and n / ceil['wall'])} |")
    gz = B.get("gz-search")
    peers = [k for k in B if k not in ("gz-search", "gz-search re-index")]
    if gz and peers:
        L += ["", "gz-search build wall ÷ " + ", ".join(
            f"{k}: {ratio(gz['wall'], B[k]['wall'])}" for k in peers)]
    tools = []
    for q in res["queries"].values():
        for k in q:
            if k not in tools:
                tools.append(k)
    L += ["", f"**Queries**: whole process, median of {args.runs} runs after one warm-up, ms "
          "(hits in parentheses)", "",
          "| " + " | ".join(["query", *tools, *(f"gz ÷ {t}" for t in tools if t != "gz-search")])
          + " |",
          "|---|" + "---:|" * (len(tools) + len([t for t in tools if t != "gz-search"]))]
    for Q in QUERIES:
        q = res["queries"].get(Q["id"], {})
        cells = [f"{q[t]['median'] * 1000:.1f} ({q[t]['hits']})" if t in q else "–" for t in tools]
        g = q.get("gz-search")
        rat = [ratio(g and g["median"], q[t]["median"] if t in q else None)
               for t in tools if t != "gz-search"]
        L.append("| " + " | ".join([Q["desc"], *cells, *rat]) + " |")
    lat_tools = []
    for q in res["latency"].values():
        for k in q:
            if k not in lat_tools:
                lat_tools.append(k)
    if lat_tools:
        L += ["", f"**In-process warm latency**: p50 / p99 of {args.latency_runs} searches on an "
              "open index after 5 warm-ups, ms", "",
              "| query | " + " | ".join(lat_tools) + " |",
              "|---|" + "---:|" * len(lat_tools)]
        for Q in QUERIES:
            q = res["latency"].get(Q["id"], {})
            L.append(f"| {Q['desc']} | " + " | ".join(
                f"{q[t]['p50_ms']:.2f} / {q[t]['p99_ms']:.2f}" if t in q else "–"
                for t in lat_tools) + " |")
    st = res.get("startup", {})
    if st:
        L += ["", f"**Start-up**: whole process, median of {max(3 * args.runs, 30)} runs, ms", "",
              "| command | gz-search | tantivy-cli | gz ÷ tantivy-cli |", "|---|---:|---:|---:|"]
        for what, desc in (("version", "`--version`"),
                           ("no-hit", f"query matching nothing (`{NO_HIT}`), all facets")):
            row = st.get(what, {})
            g, t = row.get("gz-search"), row.get("tantivy-cli")
            L.append(f"| {desc} | " + " | ".join(f"{v * 1000:.1f}" if v else "–" for v in (g, t))
                     + f" | {ratio(g, t)} |")
    if res["missing"]:
        L += ["", "Not measured: " + "; ".join(res["missing"])]
    return "\n".join(L) + "\n"


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "_fts-build":
        return fts_build(sys.argv[2], sys.argv[3])
    if len(sys.argv) > 1 and sys.argv[1] == "_fts-query":
        return fts_query(sys.argv[2], sys.argv[3])
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=10000, help="corpus size (default 10000)")
    ap.add_argument("--sizes", help="comma-separated sizes, overrides --docs (e.g. 10000,100000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "gzbench"))
    ap.add_argument("--solo-sizes", help="comma-separated sizes for gz-search alone (e.g. 1000000)")
    ap.add_argument("--runs", type=int, default=10, help="timed runs per query (default 10)")
    ap.add_argument("--latency-runs", type=int, default=200,
                    help="in-process searches per query (default 200)")
    ap.add_argument("--threads", type=int, default=2, help="ceiling indexing threads (default 2)")
    ap.add_argument("--results", help="markdown file to append to (default WORK/results.md)")
    ap.add_argument("--gz", help="gz-search binary (default: the release build)")
    ap.add_argument("--build", action="store_true", help="run cargo build --release first")
    ap.add_argument("--install-peers", action="store_true",
                    help="cargo install tantivy-cli, apt-get install ripgrep when missing")
    ap.add_argument("--smoke", action="store_true", help="1k documents, 3 runs per query: for CI")
    ap.add_argument("--queries-only", action="store_true",
                    help="time the queries on the indexes an earlier run left in --work; build nothing")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [args.docs]
    solo_sizes = [int(s) for s in args.solo_sizes.split(",")] if args.solo_sizes else []
    if args.smoke:
        sizes, solo_sizes, args.runs, args.latency_runs = [1000], [], 3, 20
    os.makedirs(args.work, exist_ok=True)
    if args.install_peers:
        install_peers()
    bins = binaries(args)
    results_path = args.results or os.path.join(args.work, "results.md")
    started = time.perf_counter()
    chunks = [f"## gz-search benchmark, {time.strftime('%Y-%m-%d %H:%M:%S %Z')}, "
              f"`{os.uname().nodename}`, {os.cpu_count()} CPUs", ""]
    for n, solo in [(n, False) for n in sizes] + [(n, True) for n in solo_sizes]:
        res = run_size(args, bins, n, solo)
        if res:
            chunks.append(report(res, args))
    if failures:
        chunks += ["**Failed steps**:", ""] + [f"- {f}" for f in failures] + [""]
    text = "\n".join(chunks) + "\n"
    with open(results_path, "a", encoding="utf-8") as f:
        f.write(text)
    print(text)
    log(f"done in {time.perf_counter() - started:.0f}s; results appended to {results_path}")
    if failures:
        log(f"{len(failures)} step(s) failed")
        sys.exit(1)


if __name__ == "__main__":
    main()
