#!/usr/bin/env python3
"""Whole-process query times of several gz-search builds and tantivy-cli, interleaved.

    python3 bench/interleave.py --size 100000 [--seed 1] [--work /tmp/gzbench] [--runs 31] \\
        OLD_GZ_SEARCH NEW_GZ_SEARCH[=INDEX_DIR] ...

On a shared machine a burst of load can double a median that `run.py` takes one tool at a
time. Here every round runs each binary once, then tantivy-cli, for the no-hit query and the
five query types of `run.py`, on the indexes a `run.py` run left in WORK; one warm-up round
is not counted. It prints each median and its ratio to tantivy-cli's (skipped when
tantivy-cli or its index is missing). A binary given as `BINARY=INDEX_DIR` queries that
index instead of WORK's (a build whose index layout changed, on an index it built). Python
3.11 standard library.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import NO_HIT, QUERIES, TANTIVY_AGG  # noqa: E402


def wall_ms(argv):
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", default="/tmp/gzbench")
    ap.add_argument("--runs", type=int, default=31)
    ap.add_argument("binaries", nargs="+", help="gz-search binaries to compare, each as "
                    "BINARY or BINARY=INDEX_DIR")
    args = ap.parse_args()

    corpus = os.path.join(args.work, f"c{args.size}-s{args.seed}")
    gz_index = os.path.join(corpus, "idx-gz")
    if not os.path.isdir(gz_index):
        sys.exit(f"no gz-search index at {gz_index}: run bench/run.py at this size first")
    index_of = {}
    for b in args.binaries:
        binary, _, index = b.partition("=")
        index_of[b] = (binary, index or gz_index)
        if not os.path.isdir(index_of[b][1]):
            sys.exit(f"no index at {index_of[b][1]}")
    tantivy_index = os.path.join(corpus, "idx-tantivy")
    peer = shutil.which("tantivy") and os.path.isdir(tantivy_index)

    queries = [("no-hit", [NO_HIT], NO_HIT)] + [(q["id"], q["gz"], q["tantivy"]) for q in QUERIES]
    for name, gz_args, tantivy_query in queries:
        times = {b: [] for b in args.binaries}
        peer_times = []
        for round_ in range(args.runs + 1):
            for b in args.binaries:
                binary, index = index_of[b]
                t = wall_ms([binary, "query", *gz_args, "--index", index, "--json", "--limit", "10"])
                if round_:
                    times[b].append(t)
            if peer:
                t = wall_ms(["tantivy", "search", "-i", tantivy_index, "-q", tantivy_query,
                             "-a", TANTIVY_AGG])
                if round_:
                    peer_times.append(t)
        base = statistics.median(peer_times) if peer else None
        cells = []
        for b, ts in times.items():
            m = statistics.median(ts)
            cells.append(f"{b}={m:.2f} ms" + (f" ({m / base:.2f}×)" if base else ""))
        if base:
            cells.append(f"tantivy-cli={base:.2f} ms")
        print(f"{name:8s} " + "  ".join(cells), flush=True)


if __name__ == "__main__":
    main()
