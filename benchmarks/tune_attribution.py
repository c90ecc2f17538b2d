"""Choose the attribution CRF's L1 weight (c1) and label scheme (BIO or BILOU) on a held-out fifth of
PolNeAR *train* (dev untouched).

Trains on the articles of train whose name hashes (crc32 mod 5) to 1-4 and scores exact span F1 on
the rest, with relations built as the ``claims`` analyzer builds them. Reads the parses that
``train_attribution.py --cache`` wrote.

    NEWSTRACE_SHARED=../shared OMP_NUM_THREADS=1 nice -n 19 .venv/bin/python benchmarks/tune_attribution.py \
        --cache /tmp/newstrace-polnear --c1 0.05 0.3 0.6 1.0 [--scheme bio bilou]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_attribution import KINDS, POLNEAR, cached_docs, f1, match, predict, read_gold
from spacy.tokens import Doc
from train_attribution import sequences, train_crf

from newstrace.claims import attribution_tagger


def held_out(stem: str) -> bool:
    return zlib.crc32(stem.encode()) % 5 == 0


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
        if stem not in preds:
            preds[stem] = predict(doc.text, "tagger", doc)
        gold = read_gold(ann, doc.text)
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
    ap.add_argument("--scheme", choices=("bio", "bilou"), nargs="+", default=["bilou"])
    args = ap.parse_args()
    docs = cached_docs("train", args.cache)
    anns = sorted((POLNEAR / "train" / "attributions").glob("*.ann"))
    with tempfile.TemporaryDirectory() as tmp:
        for scheme in args.scheme:
            data = sequences("train", args.cache, None, keep=lambda stem: not held_out(stem), scheme=scheme)
            for c1 in args.c1:
                model = Path(tmp) / f"{scheme}-c1-{c1}.json.gz"
                train_crf(data, c1, args.c2, args.iterations, model.with_suffix(".crfsuite"), model)
                print(f"{scheme}, c1 {c1}: held-out fifth of train, exact F1 {score_part(docs, anns, model)}",
                      flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
