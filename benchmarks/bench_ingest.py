"""Corpus ingest throughput (1 vs 2 workers), resume cost, and search latency on the store.

Corpus: the 990 trafilatura-eval pages (.html.gz) and the 250-article FakeNewsCorpus sample (CSV).
Baseline, measured in the same run: the spaCy parse alone of the same article texts, one process.
The analysis run by ingest is ``--only`` (default ``source``: extraction, language, parse, source
rating, MinHash signature; the full analyzer set is far slower and is measured by its own issues).

    NEWSTRACE_SHARED=../shared nice -n 10 .venv/bin/python benchmarks/bench_ingest.py [--only source]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newstrace.store import SearchFilters, ingest_corpus  # noqa: E402
from newstrace.store.sqlite import SQLiteStore  # noqa: E402

SHARED = Path(os.environ.get("NEWSTRACE_SHARED", ROOT.parent / "shared"))
HTML = SHARED / "data/extract/trafilatura-eval/html"
CSV = SHARED / "data/corpora/fakenewscorpus-sample/news_sample.csv"
PATHS: list[Path] = [HTML, CSV]


def subset(tmp: Path, pages: int, rows: int) -> list[Path]:
    """The first ``pages`` HTML pages and ``rows`` CSV rows (a smaller corpus for a loaded machine)."""
    folder = tmp / "pages"
    folder.mkdir()
    for f in sorted(HTML.glob("*.gz"))[:pages]:
        (folder / f.name).symlink_to(f)
    sample = tmp / "sample.csv"
    with CSV.open(encoding="utf-8", newline="") as src, sample.open("w", encoding="utf-8", newline="") as dst:
        csv.writer(dst).writerows(itertools.islice(csv.reader(src), rows + 1))  # the header and ``rows`` rows
    return [folder, sample]


def run(db: Path, workers: int, only: list[str] | None) -> tuple[float, int, int, int]:
    with SQLiteStore(db) as store:
        r = ingest_corpus(store, PATHS, workers=workers, only=only, progress=False)
    print(f"  workers={workers}: {r.summary()}")
    return r.seconds, r.analysed, r.skipped + r.linked, r.failed


def baseline(db: Path, limit: int) -> float:
    from newstrace.nlp import load_nlp

    with SQLiteStore(db, readonly=True) as store:
        texts = [row[1] for row, _ in zip(store.sketches(), range(limit), strict=False)]
    nlp = load_nlp()
    nlp("warm up")
    t0 = time.perf_counter()
    for t in texts:
        nlp(t)
    dt = time.perf_counter() - t0
    print(f"  baseline: spaCy parse of {len(texts)} stored article texts in one process: {dt:.1f} s "
          f"({len(texts) / dt:.2f} texts/s)")
    return len(texts) / dt


def search_latency(db: Path, n: int, seed: int) -> None:
    rng = random.Random(seed)
    with SQLiteStore(db, readonly=True) as store:
        words = [w for row in store.sketches() for w in re.findall(r"[A-Za-z]{5,}", row[1][:2000])]
        filters = [SearchFilters(), SearchFilters(rating="low"), SearchFilters(date_from="2015-01-01"),
                   SearchFilters(outlet="news"), SearchFilters(rating="high", date_to="2019-12-31")]
        times = []
        hits = 0
        for i in range(n):
            q = " ".join(rng.sample(words, rng.choice((1, 1, 2))))
            f = filters[i % len(filters)]
            t0 = time.perf_counter()
            hits += len(store.search(q, f, limit=20))
            times.append(time.perf_counter() - t0)
        empty = []
        for f in filters[1:]:
            t0 = time.perf_counter()
            store.search("", f, limit=20)
            empty.append(time.perf_counter() - t0)
    times.sort()
    print(f"  search latency over {n} queries (1-2 corpus words, 5 filter mixes, top 20 with snippets): "
          f"p50 {statistics.median(times) * 1000:.2f} ms, p95 {times[int(0.95 * len(times))] * 1000:.2f} ms, "
          f"max {times[-1] * 1000:.1f} ms; {hits / n:.1f} hits/query; filter-only queries "
          f"max {max(empty) * 1000:.1f} ms")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="source", help="analyzers to run ('all' for every analyzer)")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--pages", type=int, default=0, help="use only the first N HTML pages (0: all 990)")
    ap.add_argument("--rows", type=int, default=250, help="use only the first N CSV rows (default all 250)")
    args = ap.parse_args()
    only = None if args.only == "all" else [x for x in args.only.split(",") if x]
    print(f"bench_ingest  shared={SHARED}  only={args.only}  cores={os.cpu_count()}  "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    with tempfile.TemporaryDirectory() as tmp:
        if args.pages:
            PATHS[:] = subset(Path(tmp), args.pages, args.rows)
            print(f"  corpus subset: {args.pages} HTML pages + {args.rows} CSV rows")
        db1, db2 = Path(tmp) / "w1.db", Path(tmp) / "w2.db"
        t1, n1, _, f1 = run(db1, 1, only)
        t2, n2, _, f2 = run(db2, 2, only)
        t3, n3, s3, _ = run(db2, 2, only)
        r1, r2 = n1 / t1, n2 / t2
        print(f"  throughput: 1 worker {r1:.2f} articles/s, 2 workers {r2:.2f} articles/s; speed-up "
              f"{r2 / r1:.2f}x, scaling efficiency {r2 / r1 / 2:.0%}; failed documents {f1}/{f2} (recorded)")
        print(f"  resume: second run re-analysed {n3}, skipped {s3}, in {t3:.1f} s = {t3 / t2:.1%} of the first run")
        base = baseline(db1, 400)
        print(f"  ratio: 1-worker ingest rate / spaCy-parse-alone rate = {r1 / base:.2f} "
              f"(ingest includes reading, HTML extraction, language id, parse, source, signature, store)")
        search_latency(db2, args.queries, 5)
        print(f"  store size {db2.stat().st_size / 2**20:.1f} MB (+WAL) for {n2} articles")


if __name__ == "__main__":
    main()
