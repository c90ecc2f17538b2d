"""Extraction benchmark (issue 2): newstrace ingestion against trafilatura and htmldate, same run.

* trafilatura-eval (990 pages): per-segment "with"/"without" precision, recall, F1 of the article
  text, for newstrace and for trafilatura's own ``extract`` (published F1 0.924); title, author and
  date accuracy against the gold metadata.
* htmldate-eval (1,000 pages): day-level date accuracy of newstrace's ``published`` and of
  ``htmldate.find_date`` (published accuracy 0.903).

Usage: ``python -m benchmarks.bench_extraction [--limit N]`` (NEWSTRACE_SHARED points at the data).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura
from htmldate import find_date

from benchmarks.common import f1, pct, shared_dir, timed
from newstrace.errors import NewstraceError
from newstrace.ingest import ingest

_WS = re.compile(r"\s+")


def norm(text: str) -> str:
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


@dataclass
class Segments:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    meta: dict[str, list[int]] = field(default_factory=lambda: {"title": [0, 0], "author": [0, 0], "date": [0, 0]})

    def add(self, result: str, with_: list[str], without: list[str]) -> None:
        r = norm(result)
        for seg in with_:
            if norm(seg) in r:
                self.tp += 1
            else:
                self.fn += 1
        for seg in without:
            if norm(seg) in r:
                self.fp += 1
            else:
                self.tn += 1

    def add_meta(self, key: str, gold: str | list[str] | None, got: str | None) -> None:
        if isinstance(gold, list):  # several authors: trafilatura joins them with "; "
            gold = "; ".join(gold)
        if not gold:
            return
        self.meta[key][1] += 1
        if got and norm(gold).lower() == norm(got).lower():
            self.meta[key][0] += 1

    def report(self, name: str) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        acc = (self.tp + self.tn) / max(1, self.tp + self.tn + self.fp + self.fn)
        out = {"precision": p, "recall": r, "f1": f1(p, r), "accuracy": acc}
        out.update({f"{k}_acc": v[0] / v[1] if v[1] else 0.0 for k, v in self.meta.items()})
        meta = "  ".join(f"{k} {v[0]}/{v[1]}={v[0] / max(1, v[1]):.3f}" for k, v in self.meta.items())
        print(f"{name:<28} P {pct(p)}  R {pct(r)}  F1 {pct(out['f1'])}  acc {pct(acc)}  | {meta}")
        return out


def _ours(html: str, url: str) -> tuple[str, str | None, str | None, str | None]:
    try:
        got = ingest(html, url=url)
    except NewstraceError:
        return "", None, None, None
    a = got.article
    return a.text, a.title, a.author or a.outlet, a.published


def _trafilatura(html: str, url: str) -> tuple[str, str | None, str | None, str | None]:
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if doc is None:
        return "", None, None, None
    return doc.text or "", doc.title, doc.author, doc.date


def bench_segments(root: Path, limit: int | None) -> dict[str, dict[str, float]]:
    base = root / "data/extract/trafilatura-eval"
    gold = json.loads((base / "evaldata.json").read_text())
    items = list(gold.items())[:limit]
    systems: dict[str, Callable[[str, str], tuple[str, str | None, str | None, str | None]]] = {
        "trafilatura 2.3.1 (baseline)": _trafilatura, "newstrace ingest": _ours,
    }
    results: dict[str, dict[str, float]] = {}
    for name, fn in systems.items():
        seg = Segments()
        with timed() as t:
            for url, entry in items:
                html = gzip.decompress((base / "html" / (entry["file"] + ".gz")).read_bytes()).decode(
                    "utf-8", "replace")
                text, title, author, date = fn(html, url)
                seg.add(text, entry.get("with", []), entry.get("without", []))
                seg.add_meta("title", entry.get("title"), title)
                seg.add_meta("author", entry.get("author"), author)
                seg.add_meta("date", entry.get("date"), date)
        results[name] = seg.report(name)
        results[name]["pages_per_s"] = len(items) / t.seconds
        print(f"{'':<28} {len(items)} pages in {t.seconds:.1f} s ({len(items) / t.seconds:.1f} pages/s)")
    return results


def bench_dates(root: Path, limit: int | None) -> dict[str, float]:
    base = root / "data/extract/htmldate-eval"
    entries: list[tuple[str, str, Path]] = []
    for name, sub in (("eval_default.json", None), ("eval_mediacloud_2020.json", "test_set")):
        for url, e in json.loads((base / name).read_text()).items():
            candidates = [base / "html" / d / (e["file"] + ".gz") for d in ([sub] if sub else ["eval", "cache"])]
            path = next((c for c in candidates if c.exists()), None)
            if path is not None:
                entries.append((url, e["date"], path))
    entries = entries[:limit]
    counts = {"htmldate": [0, 0], "newstrace": [0, 0]}  # correct, returned
    for url, gold, path in entries:
        html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        hd = find_date(html, url=url)
        counts["htmldate"][1] += hd is not None
        counts["htmldate"][0] += hd == gold
        ours = _ours(html, url)[3]
        counts["newstrace"][1] += ours is not None
        counts["newstrace"][0] += ours == gold
    out = {}
    for name, (correct, returned) in counts.items():
        acc = correct / len(entries)
        prec = correct / returned if returned else 0.0
        out[f"{name}_accuracy"] = acc
        print(f"dates {name:<22} accuracy {pct(acc)}  precision {pct(prec)}  returned {returned}/{len(entries)}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages of each set")
    args = ap.parse_args()
    root = shared_dir()
    print("== trafilatura-eval: article text segments and metadata (published trafilatura F1 0.924)")
    bench_segments(root, args.limit)
    print("== htmldate-eval: publication date, day level (published htmldate accuracy 0.903)")
    bench_dates(root, args.limit)


if __name__ == "__main__":
    main()
