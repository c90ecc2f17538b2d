"""Benchmark of the propaganda techniques analyzer on the PTC-2020 dev set (75 articles with gold).

    NEWSTRACE_SHARED=../shared nice -n 10 .venv/bin/python benchmarks/bench_techniques.py [--limit N]

Prints SI F1 (SemEval-2020 Task 11 partial-overlap definition), TC micro-F1 on the gold spans with
per-technique F1, SLC F1 (a line of the article is propaganda when a gold span overlaps it), the
speed as a ratio to the spaCy parse of the same texts, and the seed check.
"""

from __future__ import annotations

import argparse
import os
import pickle
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newstrace.nlp import parse  # noqa: E402
from newstrace.propaganda import TECHNIQUES, detect  # noqa: E402
from newstrace.propaganda.features import doc_features  # noqa: E402
from newstrace.propaganda.model import load_model  # noqa: E402
from newstrace.propaganda.ptc import read_articles, read_labels  # noqa: E402
from newstrace.propaganda.scoring import (  # noqa: E402
    score_si,
    score_slc,
    score_tc,
    score_tc_per_technique,
)

ANCHORS = {
    "SI": "0.491 (3rd, RoBERTa-CRF); ~0.516 (1st, ensemble of six large transformers); goal >= 0.45",
    "TC": "0.62 (2nd, RoBERTa); ~0.621 (1st, RoBERTa ensemble + self-training); goal >= 0.58",
    "SLC": "~0.63 (NLP4IF-2019 best, BERT); goal >= 0.60",
}


def lines_of(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.environ.get("NEWSTRACE_SHARED", str(ROOT.parent / "shared")))
    ap.add_argument("--limit", type=int, default=0, help="only the first N dev articles")
    ap.add_argument("--speed-articles", type=int, default=20, help="articles timed afresh for the speed")
    ap.add_argument(
        "--cache", default="", help="pickle of the dev features (the encoder is fixed; retrained heads reuse it)"
    )
    args = ap.parse_args()
    shared = Path(args.shared)
    ptc = shared / "data" / "propaganda" / "ptc2020" / "datasets"
    gold_dir = shared / "data" / "propaganda" / "ptc2020-dev-gold" / "data"
    arts = read_articles(ptc / "dev-articles", gold_dir / "dev-tc" / "labels")
    si_gold = read_labels(gold_dir / "dev-si" / "labels")
    if args.limit:
        arts = arts[: args.limit]
    model = load_model()
    parse("warm up")
    detect(parse("Warm up the encoder once."))

    pred_si: dict[str, list[tuple[int, int]]] = {}
    gold_si: dict[str, list[tuple[int, int]]] = {}
    pred_tc: dict[str, list[tuple[int, int, str]]] = {}
    gold_tc: dict[str, list[tuple[int, int, str]]] = {}
    slc_pred: list[bool] = []
    slc_gold: list[bool] = []
    t_parse = t_detect = t_tc = 0.0
    n_sents = 0
    # Speed: the first articles, parsed and analysed afresh, the parse timed as the baseline.
    for art in arts[: args.speed_articles]:
        t0 = time.perf_counter()
        doc = parse(art.text)
        t1 = time.perf_counter()
        found = detect(doc)
        t_detect += time.perf_counter() - t1
        t_parse += t1 - t0
        n_sents += len(found.sentences)
    n_speed = min(len(arts), args.speed_articles)
    cache = Path(args.cache) if args.cache else None
    if cache is not None and cache.is_file():
        with cache.open("rb") as fh:
            all_feats = pickle.load(fh)[: len(arts)]  # our own scratch file, in article order
    else:
        all_feats = [doc_features(parse(a.text)) for a in arts]
        if cache is not None:
            part = cache.with_suffix(".part")  # written whole, then renamed
            with part.open("wb") as fh:
                pickle.dump(all_feats, fh)
            part.replace(cache)
    for art, feats in zip(arts, all_feats, strict=True):
        found = detect(feats.doc, feats)
        pred_si[art.id] = sorted({(s.start, s.end) for s in found.spans})
        gold_si[art.id] = [(s.start, s.end) for s in si_gold.get(art.id, [])]
        # TC on the gold spans (the task gives them); a span listed k times gets the top-k techniques.
        gold_tc[art.id] = [(s.start, s.end, s.technique or "") for s in art.spans]
        t3 = time.perf_counter()
        uniq = sorted({(s.start, s.end) for s in art.spans})
        probs = model.classify_spans(feats, uniq)
        t_tc += time.perf_counter() - t3
        times_listed = Counter((s.start, s.end) for s in art.spans)
        pred_tc[art.id] = []
        for (s, e), p in zip(uniq, probs, strict=True):
            for k in p.argsort()[::-1][: times_listed[(s, e)]]:
                pred_tc[art.id].append((s, e, TECHNIQUES[int(k)]))
        for ls, le in lines_of(art.text):
            scores = [x.score for x in found.sentences if x.start < le and x.end > ls]
            slc_pred.append(bool(scores) and max(scores) >= model.slc_threshold)
            slc_gold.append(any(g.start < le and g.end > ls for g in art.spans))

    si = score_si(pred_si, gold_si)
    tc = score_tc(pred_tc, gold_tc)
    slc = score_slc(slc_pred, slc_gold)
    print(
        f"PTC-2020 dev: {len(arts)} articles, {sum(len(v) for v in gold_si.values())} SI gold spans, "
        f"{sum(len(v) for v in gold_tc.values())} TC gold spans, {len(slc_gold)} lines"
    )
    print(
        f"SI   P {si.precision:.3f}  R {si.recall:.3f}  F1 {si.f1:.3f}   "
        f"({sum(len(v) for v in pred_si.values())} predicted)  anchor {ANCHORS['SI']}"
    )
    print(f"TC   micro-F1 {tc.f1:.3f}   anchor {ANCHORS['TC']}")
    print(f"SLC  P {slc.precision:.3f}  R {slc.recall:.3f}  F1 {slc.f1:.3f}   anchor {ANCHORS['SLC']}")
    print("TC per technique (F1, gold count):")
    for name, prf in score_tc_per_technique(pred_tc, gold_tc, TECHNIQUES).items():
        print(f"  {name:38s} {prf.f1:.3f}  P {prf.precision:.3f}  R {prf.recall:.3f}  n={prf.support}")
    # The techniques predicted on the gold spans, against the gold mix.
    mix = Counter(t for v in pred_tc.values() for *_, t in v)
    print("TC predicted mix:", dict(mix.most_common()))
    print(
        f"speed ({n_speed} articles, {n_sents} sentences): spaCy parse {t_parse:.1f}s, techniques {t_detect:.1f}s"
        f" = {1000 * t_detect / max(1, n_sents):.2f} ms/sentence, {n_sents / max(t_detect, 1e-9):.0f} sentences/s,"
        f" {1000 * t_detect / max(1, n_speed):.0f} ms/article; ratio techniques/parse {t_detect / t_parse:.2f}"
    )
    print(f"(TC on the gold spans: {1000 * t_tc / len(arts):.0f} ms/article, not in the speed)")
    seed_check(shared)
    return 0


def seed_check(shared: Path) -> None:
    from newstrace.pipeline import analyze

    seed = shared / "seed" / "000_eeff659715a18b85.txt"
    if not seed.is_file():
        print("seed: not found, skipped")
        return
    analysis = analyze(seed.read_text(encoding="utf-8"), only=["techniques"])
    text = analysis.article.text
    n = len(text)
    print(f"seed: {len(analysis.techniques)} technique spans in {n} characters")
    for t in analysis.techniques:
        where = "last third" if t.start >= 2 * n // 3 else ("first third" if t.end <= n // 3 else "middle")
        print(f"  [{where:11s}] {t.technique:32s} {t.score:.2f}  {t.text!r}")
    # Every occurrence of the phrases the issue names, where it lies and what (if anything) covers it.
    for w in ["terrorists", "West-backed terror groups"]:
        for m in re.finditer(re.escape(w), text):
            cover = [t for t in analysis.techniques if t.start < m.end() and t.end > m.start()]
            label = sorted({t.technique for t in cover}) if cover else "not flagged"
            print(f"  seed check: {w!r} at {m.start() / n:.0%} of the text -> {label}")
    para_end = text.find("\n\n", text.find("On December 10"))
    first = [t for t in analysis.techniques if t.end <= para_end]
    covered = sum(t.end - t.start for t in first)
    print(f"  seed check: first paragraph {len(first)} spans, {covered} of {para_end} characters flagged")
    sents = getattr(analysis, "sentence_propaganda", [])
    flagged = [s for s in sents if s["propaganda"]]
    print(f"  seed sentences flagged as propaganda: {len(flagged)} of {len(sents)}")
    by = defaultdict(list)
    for s in sents:
        by[s["propaganda"]].append(s["score"])
    print("  mean sentence score:", {k: round(float(np.mean(v)), 3) for k, v in by.items()})


if __name__ == "__main__":
    sys.exit(main())
