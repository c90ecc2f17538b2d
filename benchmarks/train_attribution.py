"""Train the attribution tagger (``newstrace/claims/attribution_tagger.py``) on PolNeAR train.

Parses PolNeAR with the shared pipeline (cached as spaCy DocBins under ``--cache``), labels every
token with the gold Source / Cue / Content spans (BILOU by default, or BIO), trains a linear-chain CRF with
python-crfsuite (benchmark-only: ``benchmarks/requirements.txt``), keeps the non-zero weights and
writes them as gzipped JSON. Dev is used for reporting only (``bench_attribution.py``).

    NEWSTRACE_SHARED=../shared nice -n 10 .venv/bin/python benchmarks/train_attribution.py \
        [--c1 1.0] [--c2 0.01] [--iterations 200] [--scheme bilou|bio] [--limit N] \
        [--out newstrace/data/claims/attribution_crf.json.gz]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pycrfsuite
from bench_attribution import POLNEAR, cached_docs, read_gold, rules_for
from spacy.tokens import Doc, DocBin

from newstrace.claims.attribution_tagger import MODEL_PATH, paragraph_tokens, sequence_features
from newstrace.nlp import load_nlp

_ATTRS = ["ORTH", "TAG", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "LEMMA", "POS", "SENT_START", "MORPH"]


def parsed(split: str, cache: Path) -> list[tuple[str, Doc]]:
    """(article stem, Doc) for every text of the split, parsed once and cached."""
    files = sorted((POLNEAR / split / "text").glob("*.txt"))
    path = cache / f"{split}.spacy"
    nlp = load_nlp()
    if path.exists():
        return list(cached_docs(split, cache).items())
    db = DocBin(attrs=_ATTRS, store_user_data=False)
    texts = [f.read_text(encoding="utf-8") for f in files]
    docs = []
    for doc in nlp.pipe(texts, batch_size=16):
        db.add(doc)
        docs.append(doc)
    cache.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)
    (cache / f"{split}.names").write_text("\n".join(f.stem for f in files), encoding="utf-8")
    return list(zip([f.stem for f in files], docs, strict=True))


def gold_tags(doc: Doc, gold: dict[str, list[tuple[int, int]]]) -> dict[int, str]:
    """BIO tags of the gold spans. A content interrupted by its cue ("“A,” she said. “B.”") is one
    span from its first to its last piece; its source and cue overwrite it, so the piece after them
    starts with I-Content: the tagger learns to continue a content across its cue."""
    tags: dict[int, str] = {}
    for kind in ("Content", "Source", "Cue"):
        for s, e in gold.get(kind, []):
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None:
                continue
            first = True
            for t in span:
                if t.is_space:
                    continue
                tags[t.i] = ("B-" if first else "I-") + kind
                first = False
    return tags


def sequences(
    split: str, cache: Path, limit: int | None, keep: Callable[[str], bool] | None = None, scheme: str = "bio"
) -> list[tuple[list[list[str]], list[str]]]:
    """(features, BIO tags) per paragraph of every annotation file (of articles whose stem ``keep`` accepts)."""
    docs = dict(parsed(split, cache))
    anns = sorted((POLNEAR / split / "attributions").glob("*.ann"))
    if limit:
        anns = anns[:limit]
    feats_cache: dict[str, list[list[list[str]]]] = {}
    out = []
    for ann in anns:
        stem = ann.stem.rsplit("_", 1)[0]
        if keep is not None and not keep(stem):
            continue
        doc = docs[stem]
        if stem not in feats_cache:
            feats_cache[stem] = sequence_features(doc, rules_for(doc))
        tags = gold_tags(doc, read_gold(ann, doc.text))
        for para, seq in zip(paragraph_tokens(doc), feats_cache[stem], strict=True):
            bio = [tags.get(t.i, "O") for t in para]
            out.append((seq, to_bilou(bio) if scheme == "bilou" else bio))
    return out


def to_bilou(tags: list[str]) -> list[str]:
    """BIO -> BILOU: the last token of a span (L) and a one-token span (U) get labels of their own,
    so the CRF scores where a span ends as it scores where one begins. A content resumed after its
    cue (I- after the cue) stays I-, the tagger's signal to join the two pieces."""
    out = []
    for k, tag in enumerate(tags):
        prefix, _, kind = tag.partition("-")
        ends = k + 1 == len(tags) or tags[k + 1] != f"I-{kind}"
        if prefix in ("B", "I") and ends:
            prefix = "U" if prefix == "B" else "L"
        out.append(f"{prefix}-{kind}" if kind else tag)
    return out


def export(model_file: Path, out: Path) -> dict[str, int]:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_file))
    info = tagger.info()
    labels = sorted(info.labels)
    lab_index = {lab: i for i, lab in enumerate(labels)}
    by_feat: dict[str, list[list[float]]] = {}
    for (feat, lab), w in info.state_features.items():
        w = round(float(w), 3)
        if w:
            by_feat.setdefault(feat, []).append([lab_index[lab], w])
    feats = sorted(by_feat)
    trans = [[0.0] * len(labels) for _ in labels]
    for (a, b), w in info.transitions.items():
        trans[lab_index[a]][lab_index[b]] = round(float(w), 3)
    data = {
        "format": "newstrace-crf-1",
        "labels": labels,
        "features": feats,
        "weights": [by_feat[f] for f in feats],
        "transitions": [v for row in trans for v in row],
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump(data, fh, separators=(",", ":"))
    return {"features": len(feats), "weights": sum(len(v) for v in by_feat.values())}


def train_crf(
    data: list[tuple[list[list[str]], list[str]]], c1: float, c2: float, iterations: int, raw: Path, out: Path
) -> dict[str, int]:
    """Train the CRF on ``data`` (crfsuite file ``raw``) and export it to ``out`` as the tagger reads it."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in data:
        trainer.append(x, y)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True})
    trainer.train(str(raw))
    return export(raw, out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/newstrace-polnear"))
    ap.add_argument("--c1", type=float, default=1.0)  # chosen by tune_attribution.py
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=200)  # 200 beat 100 on the train fifth
    ap.add_argument("--limit", type=int)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--scheme", choices=("bio", "bilou"), default="bilou")  # chosen by tune_attribution.py
    args = ap.parse_args()
    t0 = time.time()
    data = sequences("train", args.cache, args.limit, scheme=args.scheme)
    print(f"{len(data)} paragraphs, {sum(len(y) for _, y in data)} tokens ({time.time() - t0:.0f} s)", flush=True)
    stats = train_crf(data, args.c1, args.c2, args.iterations, args.cache / "attribution.crfsuite", args.out)
    print(json.dumps({**stats, "c1": args.c1, "c2": args.c2, "iterations": args.iterations, "scheme": args.scheme,
                      "seconds": round(time.time() - t0)}),
          f"-> {args.out} ({args.out.stat().st_size // 1024} KiB)")  # fmt: skip


if __name__ == "__main__":
    main()
