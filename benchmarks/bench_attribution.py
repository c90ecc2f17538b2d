"""Attribution benchmark on PolNeAR dev: Source, Cue and Content span F1, exact and overlap.

Anchor: BBC's citron on PARC 3.0 (exact-match F1: cue 82.3, source 82.0, content 59.3).

    NEWSTRACE_SHARED=../shared .venv/bin/python benchmarks/bench_attribution.py [--split dev] [--limit N]
        [--method tagger|rules] [--cache DIR]

``tagger`` (the default) is what the ``claims`` analyzer runs: the CRF trained on PolNeAR train
(``train_attribution.py``) over the rules; ``rules`` is the hand-written extractor alone. ``--cache``
reads the parses ``train_attribution.py`` cached (same pipeline) instead of parsing again.

Exact: the predicted span equals a gold span (white space trimmed at both ends). Overlap: the spans
share at least one character; predictions and gold are matched one to one, greedily.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from spacy.tokens import Doc, DocBin

from newstrace.claims.attribution import Attribution, extract_attributions
from newstrace.claims.attribution_tagger import tagged_attributions
from newstrace.nlp import load_nlp, trim_span

SHARED = Path(os.environ.get("NEWSTRACE_SHARED", Path(__file__).resolve().parents[1] / ".." / "shared"))
POLNEAR = SHARED / "data" / "attribution" / "polnear" / "data"
KINDS = ("Source", "Cue", "Content")


def read_gold(ann: Path, text: str) -> dict[str, list[tuple[int, int]]]:
    gold: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if not line.startswith("T") or len(parts) < 2:
            continue
        info = parts[1]
        kind, _, offs = info.partition(" ")
        if kind not in KINDS:
            continue
        pieces = [tuple(map(int, p.split())) for p in offs.split(";")]
        gold[kind].append(trim_span(text, min(p[0] for p in pieces), max(p[1] for p in pieces)))
    return gold


def rules_for(doc: Doc) -> list[Attribution]:
    """The hand-written extractor's attributions over every sentence of ``doc``."""
    return [a for sent in doc.sents for a in extract_attributions(doc, sent)]


def cached_docs(split: str, cache: Path) -> dict[str, Doc]:
    """Article stem -> Doc, from the parses ``train_attribution.py`` cached for ``split``."""
    names = (cache / f"{split}.names").read_text(encoding="utf-8").split("\n")
    return dict(zip(names, DocBin().from_disk(cache / f"{split}.spacy").get_docs(load_nlp().vocab), strict=True))


def predict(text: str, method: str = "tagger", doc: Doc | None = None) -> dict[str, list[tuple[int, int]]]:
    doc = doc if doc is not None else load_nlp()(text)
    pred: dict[str, list[tuple[int, int]]] = defaultdict(list)
    rules = rules_for(doc)
    for a in tagged_attributions(doc, rules) if method == "tagger" else rules:
        pred["Cue"].append(trim_span(text, a.cue_start, a.cue_end))
        if a.source_start is not None and a.source_end is not None:
            pred["Source"].append(trim_span(text, a.source_start, a.source_end))
        if a.content_start is not None and a.content_end is not None:
            pred["Content"].append(trim_span(text, a.content_start, a.content_end))
    return pred


def match(pred: list[tuple[int, int]], gold: list[tuple[int, int]], overlap: bool) -> int:
    used: set[int] = set()
    hits = 0
    for p in pred:
        for gi, g in enumerate(gold):
            if gi in used:
                continue
            ok = (p[0] < g[1] and g[0] < p[1]) if overlap else p == g
            if ok:
                used.add(gi)
                hits += 1
                break
    return hits


def f1(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(
    split: str = "dev", limit: int | None = None, method: str = "tagger", cache: Path | None = None
) -> dict[str, dict[str, tuple[float, float, float]]]:
    texts = POLNEAR / split / "text"
    docs = cached_docs(split, cache) if cache is not None else {}
    anns = sorted((POLNEAR / split / "attributions").glob("*.ann"))
    if limit:
        anns = anns[:limit]
    counts = {k: {"exact": 0, "overlap": 0, "pred": 0, "gold": 0} for k in KINDS}
    preds: dict[str, dict[str, list[tuple[int, int]]]] = {}
    for ann in anns:
        stem = ann.stem.rsplit("_", 1)[0]
        text = (texts / f"{stem}.txt").read_text(encoding="utf-8")
        if stem not in preds:
            preds[stem] = predict(text, method, docs.get(stem))
        pred, gold = preds[stem], read_gold(ann, text)
        for k in KINDS:
            counts[k]["exact"] += match(pred[k], gold[k], overlap=False)
            counts[k]["overlap"] += match(pred[k], gold[k], overlap=True)
            counts[k]["pred"] += len(pred[k])
            counts[k]["gold"] += len(gold[k])
    return {
        k: {m: f1(c[m], c["pred"], c["gold"]) for m in ("exact", "overlap")} for k, c in counts.items()
    } | {"_files": {"n": (len(anns), len(preds), 0.0)}}


ANCHOR = {"Cue": 82.3, "Source": 82.0, "Content": 59.3}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--method", choices=("tagger", "rules"), default="tagger")
    ap.add_argument("--cache", type=Path, help="folder of cached parses written by train_attribution.py")
    args = ap.parse_args()
    res = evaluate(args.split, args.limit, args.method, args.cache)
    n = res.pop("_files")["n"]
    print(f"PolNeAR {args.split} ({args.method}): {n[0]} annotation files over {n[1]} articles")
    print(f"{'span':8} {'exact P/R/F1':>22} {'overlap P/R/F1':>22}  anchor (citron, PARC 3.0, exact F1)")
    for k in ("Source", "Cue", "Content"):
        e, o = res[k]["exact"], res[k]["overlap"]
        print(f"{k:8} {e[0]*100:6.1f} {e[1]*100:6.1f} {e[2]*100:6.1f}   {o[0]*100:6.1f} {o[1]*100:6.1f} "
              f"{o[2]*100:6.1f}   {ANCHOR[k]}")


if __name__ == "__main__":
    main()
