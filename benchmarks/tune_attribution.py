"""Choose the attribution CRF's L1 weight (c1) on a held-out fifth of PolNeAR *train* (dev untouched).

Trains on the articles of train whose name hashes (crc32 mod 5) to 1-4 and scores exact span F1 on
the rest, with relations built as the ``claims`` analyzer builds them. Reads the parses that
``train_attribution.py --cache`` wrote.

    NEWSTRACE_SHARED=../shared OMP_NUM_THREADS=1 nice -n 19 .venv/bin/python benchmarks/tune_attribution.py \
        --cache /tmp/newstrace-polnear --c1 0.05 0.3 0.6 1.0
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pycrfsuite
from bench_attribution import KINDS, POLNEAR, cached_docs, f1, match, read_gold, rules_for
from spacy.tokens import Doc
from train_attribution import export, gold_tags

from newstrace.claims import attribution_tagger
from newstrace.claims.attribution_tagger import paragraph_tokens, sequence_features
from newstrace.nlp import trim_span


def held_out(stem: str) -> bool:
    return zlib.crc32(stem.encode()) % 5 == 0


def train_part(docs: dict[str, Doc], anns: list[Path], c1: float, c2: float, iterations: int, out: Path) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    feats: dict[str, list[list[list[str]]]] = {}
    for ann in anns:
        stem = ann.stem.rsplit("_", 1)[0]
        if held_out(stem):
            continue
        doc = docs[stem]
        if stem not in feats:
            feats[stem] = sequence_features(doc, rules_for(doc))
        tags = gold_tags(doc, read_gold(ann, doc.text))
        for para, seq in zip(paragraph_tokens(doc), feats[stem], strict=True):
            trainer.append(seq, [tags.get(t.i, "O") for t in para])
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True})
    trainer.train(str(out.with_suffix(".crfsuite")))
    export(out.with_suffix(".crfsuite"), out)


def score_part(docs: dict[str, Doc], anns: list[Path], model: Path) -> dict[str, float]:
    attribution_tagger.MODEL_PATH = model  # the tagger reads its weights from this path, once
    attribution_tagger._crf.cache_clear()
    counts = {k: [0, 0, 0] for k in KINDS}  # exact hits, predicted, gold
    preds: dict[str, dict[str, list[tuple[int, int]]]] = {}
    for ann in anns:
        stem = ann.stem.rsplit("_", 1)[0]
        if not held_out(stem):
            continue
        doc = docs[stem]
        text = doc.text
        if stem not in preds:
            pred: dict[str, list[tuple[int, int]]] = {k: [] for k in KINDS}
            for a in attribution_tagger.tagged_attributions(doc, rules_for(doc)):
                pred["Cue"].append(trim_span(text, a.cue_start, a.cue_end))
                if a.source_start is not None and a.source_end is not None:
                    pred["Source"].append(trim_span(text, a.source_start, a.source_end))
                if a.content_start is not None and a.content_end is not None:
                    pred["Content"].append(trim_span(text, a.content_start, a.content_end))
            preds[stem] = pred
        gold = read_gold(ann, text)
        for k in KINDS:
            counts[k][0] += match(preds[stem][k], gold[k], overlap=False)
            counts[k][1] += len(preds[stem][k])
            counts[k][2] += len(gold[k])
    return {k: round(100 * f1(*c)[2], 1) for k, c in counts.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/newstrace-polnear"))
    ap.add_argument("--c1", type=float, nargs="+", default=[0.3, 1.0])
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=100)
    args = ap.parse_args()
    docs = cached_docs("train", args.cache)
    anns = sorted((POLNEAR / "train" / "attributions").glob("*.ann"))
    with tempfile.TemporaryDirectory() as tmp:
        for c1 in args.c1:
            model = Path(tmp) / f"c1-{c1}.json.gz"
            train_part(docs, anns, c1, args.c2, args.iterations, model)
            print(f"c1 {c1}: held-out fifth of train, exact F1 {score_part(docs, anns, model)}", flush=True)


if __name__ == "__main__":
    main()
