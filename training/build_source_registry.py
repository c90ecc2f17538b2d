"""Build the shipped outlet-rating tables in ``newstrace/data/sources`` from ../shared.

Only figures are copied (domain, score or category), each table keeps its source named in the README
beside it; free-text notes of the upstream lists are not copied. The MBFC/NewsGuard-derived idiap set
is evaluation-only and is never read here.

    NEWSTRACE_SHARED=../shared .venv/bin/python training/build_source_registry.py
"""

from __future__ import annotations

import csv
import gzip
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSTRACE_SHARED", ROOT.parent / "shared"))
OUT = ROOT / "newstrace" / "data" / "sources"


def _clean_domain(d: str) -> str:
    d = d.strip().lower()
    for prefix in ("https://", "http://"):
        d = d.removeprefix(prefix)
    return d.split("/")[0].removeprefix("www.")


def build_lin() -> int:
    src = SHARED / "data/sources/lin2023-domain-quality/domain_pc1.csv"
    rows = []
    with src.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rows.append((_clean_domain(row["domain"]), round(float(row["pc1"]), 3)))
    with gzip.open(OUT / "lin2023_pc1.csv.gz", "wt", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["domain", "pc1"])
        w.writerows(sorted(set(rows)))
    return len(rows)


def _types(row: dict[str, str], keys: tuple[str, ...]) -> str:
    seen: list[str] = []
    for k in keys:
        t = (row.get(k) or "").strip().lower()
        if t and t not in seen:
            seen.append(t)
    return "|".join(seen)


def build_categories() -> tuple[int, int]:
    n_os = 0
    with (SHARED / "data/sources/opensources/sources.csv").open(newline="", encoding="utf-8") as fh, \
            (OUT / "opensources_types.csv").open("w", newline="", encoding="utf-8") as out:
        w = csv.writer(out)
        w.writerow(["domain", "types"])
        reader = csv.reader(fh)
        next(reader)  # header: (domain), type, 2nd type, 3rd type, notes, (empty)
        for cells in reader:
            row = dict(zip(("domain", "type", "2nd type", "3rd type"), cells, strict=False))
            dom, types = _clean_domain(row["domain"]), _types(row, ("type", "2nd type", "3rd type"))
            if dom and types:
                w.writerow([dom, types])
                n_os += 1
    n_fnc = 0
    with (SHARED / "data/sources/fakenewscorpus-websites/websites.csv").open(newline="", encoding="utf-8") as fh, \
            (OUT / "fakenewscorpus_types.csv").open("w", newline="", encoding="utf-8") as out:
        w = csv.writer(out)
        w.writerow(["domain", "types"])
        for row in csv.DictReader(fh):
            dom, types = _clean_domain(row["url"]), _types(row, ("type", "2nd_type", "3rd_type"))
            if dom and types:
                w.writerow([dom, types])
                n_fnc += 1
    return n_os, n_fnc


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    print("lin2023 domains:", build_lin())
    print("opensources / fakenewscorpus domains:", build_categories())
