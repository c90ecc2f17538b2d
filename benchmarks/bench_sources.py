"""Outlet registry: coverage and agreement on the FakeNewsCorpus sample sites and the idiap set.

Two views, because our registry contains OpenSources and FakeNewsCorpus categories itself: the
"full" registry (every layer), and "Lin only" (Lin et al. 2023 pc1 alone), which shares no labels
with the FakeNewsCorpus sample and so is an independent check. The idiap labels (MBFC / NewsGuard /
Wikipedia / manual; reliability_label 1 reliable, 0 mixed, -1/-2 unreliable) are read here only and
never shipped.

    NEWSTRACE_SHARED=../shared .venv/bin/python benchmarks/bench_sources.py
"""

from __future__ import annotations

import csv
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newstrace.sources import load_registry, registered_domain  # noqa: E402
from newstrace.sources.registry import _CATEGORY_LEVEL, OutletRegistry  # noqa: E402

SHARED = Path(os.environ.get("NEWSTRACE_SHARED", ROOT.parent / "shared"))


def _lin_only(full: OutletRegistry) -> OutletRegistry:
    return OutletRegistry(pc1=full.pc1)


def _binary(level: str) -> str | None:
    return {"low": "unreliable", "high": "reliable"}.get(level)


def fakenewscorpus(full: OutletRegistry) -> None:
    rows = list(csv.DictReader((SHARED / "data/corpora/fakenewscorpus-sample/news_sample.csv")
                               .open(encoding="utf-8", newline="")))
    print(f"\nFakeNewsCorpus sample: {len(rows)} articles from {len({r['domain'] for r in rows})} sites "
          "(labels: the sample's OpenSources type per site)")
    for name, reg in (("full registry", full), ("Lin only", _lin_only(full))):
        rated_sites: set[str] = set()
        sites: set[str] = set()
        agree = total = rated_articles = 0
        confusion: Counter[tuple[str, str]] = Counter()
        for r in rows:
            site = registered_domain(r["domain"])
            sites.add(site)
            a = reg.by_domain(site)
            if a.rated:
                rated_sites.add(site)
                rated_articles += 1
            gold = _CATEGORY_LEVEL.get((r["type"] or "").strip().lower())
            if gold and a.rated:
                total += 1
                agree += a.rating == gold
                confusion[(gold, a.rating)] += 1
        print(f"  {name:<14} rated sites {len(rated_sites)}/{len(sites)}, rated articles {rated_articles}/{len(rows)}; "
              f"agreement with the type->level map on {total} labelled+rated articles: {agree / max(1, total):.3f}")
        print(f"  {'':<14} (gold, ours): " + ", ".join(f"{g}->{o} {n}" for (g, o), n in sorted(confusion.items())))


def idiap(full: OutletRegistry) -> None:
    path = SHARED / "data/sources/idiap-news-media-reliability/golden_truth_dataset.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    gold = {registered_domain(r["domain"]): int(r["reliability_label"]) for r in rows if r["domain"].strip()}
    print(f"\nidiap golden truth (Burdisso et al. 2024): {len(gold)} domains; "
          f"labels {dict(sorted(Counter(gold.values()).items()))}")
    for name, reg in (("full registry", full), ("Lin only", _lin_only(full))):
        rated = 0
        pairs: Counter[tuple[str, str]] = Counter()
        for d, lab in gold.items():
            a = reg.by_domain(d)
            if not a.rated:
                continue
            rated += 1
            g = "reliable" if lab > 0 else "unreliable" if lab < 0 else "mixed"
            pairs[(g, a.rating)] += 1
        strict = [(g, o) for (g, o), n in pairs.items() for _ in range(n) if g != "mixed" and o != "mixed"]
        acc = sum(1 for g, o in strict if _binary(o) == g) / max(1, len(strict))
        # recall of the unreliable class and precision of our 'low'
        low_tp = pairs[("unreliable", "low")]
        low_pred = sum(n for (g, o), n in pairs.items() if o == "low")
        unrel = sum(n for (g, o), n in pairs.items() if g == "unreliable")
        print(f"  {name:<14} rated {rated}/{len(gold)} ({rated / len(gold):.1%}); binary accuracy on "
              f"{len(strict)} domains rated low/high with a reliable/unreliable label: {acc:.3f}; "
              f"'low' precision {low_tp / max(1, low_pred):.3f}, unreliable recall {low_tp / max(1, unrel):.3f}")
        print(f"  {'':<14} (label, ours): " + ", ".join(f"{g}->{o} {n}" for (g, o), n in sorted(pairs.items())))


def seed(full: OutletRegistry) -> None:
    from newstrace.pipeline import analyze_path

    a = analyze_path(SHARED / "seed/000_eeff659715a18b85.txt", only=["source"])
    s = a.source
    print(f"\nseed: original_outlet={s.original_outlet!r} republished={s.republished} rating={s.rating!r}")
    for b in s.rating_basis:
        print(f"  basis: {b}")
    ok = s.original_outlet == "Inside Syria Media Center" and s.republished and s.rating not in (None, "unrated")
    print(f"  seed expectation {'met' if ok else 'NOT met'}")


def main() -> None:
    print(f"bench_sources  shared={SHARED}  {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    t0 = time.perf_counter()
    full = load_registry()
    print(f"registry: {len(full)} domains, loaded in {time.perf_counter() - t0:.2f} s")
    fakenewscorpus(full)
    idiap(full)
    seed(full)


if __name__ == "__main__":
    main()
