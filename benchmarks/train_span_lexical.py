"""Train the lexical span technique model (``newstrace/propaganda/spanlex.py``) and write it as gzipped JSON.

    NEWSTRACE_SHARED=../shared OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python benchmarks/train_span_lexical.py \
        [--cv 5] [--c 3.0] [--out newstrace/data/propaganda/span-lexical.json.gz]

Data: PTC-2020 train technique labels, the fit articles only (every 10th article by id is the
held-out slice the decoding and the mix weights are tuned on, as for the MiniLM models); the dev
gold is never read. One example per unique span; a span carrying k techniques gets weight 1/k on
each (as the soft targets of the span classifier). Multinomial logistic regression (scikit-learn, a
training-only dependency) over the features that ``spanlex.vectorise`` builds, so training and run
time share the vectoriser. ``--cv N`` first prints the article-grouped N-fold accuracy of the top
technique (a fold's vocabulary and idf are built on its own training part).
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import shared_dir  # noqa: E402
from newstrace.propaganda import spanlex  # noqa: E402
from newstrace.propaganda.labels import TECHNIQUES, technique_index  # noqa: E402
from newstrace.propaganda.ptc import PTCArticle, read_articles  # noqa: E402
from newstrace.propaganda.spaninput import N_FEATURES  # noqa: E402

K = len(TECHNIQUES)
MIN_DF = {"w": 2, "b": 2, "c": 3}  # words and bigrams seen in two training spans, character n-grams in three


def span_examples(arts: list[PTCArticle]) -> list[tuple[int, str, int, int, np.ndarray]]:
    """(article index, text, start, end, soft target) per unique gold span, in article order."""
    out = []
    for ai, a in enumerate(arts):
        by: dict[tuple[int, int], Counter[str]] = {}
        for g in a.spans:
            by.setdefault((g.start, g.end), Counter())[g.technique or ""] += 1
        for (s, e), techs in sorted(by.items()):
            y = np.zeros(K)
            for t, n in techs.items():
                y[technique_index(t)] += n
            out.append((ai, a.text, s, e, y / y.sum()))
    return out


def build_vocab(examples: list[tuple[int, str, int, int, np.ndarray]]) -> tuple[dict[str, int], np.ndarray]:
    """Terms kept by their document frequency over the spans, and their smooth idf."""
    df: Counter[str] = Counter()
    for _, text, s, e, _ in examples:
        words, chars = spanlex.span_terms(text[s:e])
        df.update(set(words) | set(chars))
    terms = sorted(t for t, n in df.items() if n >= MIN_DF[t[0]])
    n = len(examples)
    idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in terms], dtype=np.float32)
    return {t: i for i, t in enumerate(terms)}, idf


def matrix(
    vocab: dict[str, int], idf: np.ndarray, examples: list[tuple[int, str, int, int, np.ndarray]]
) -> sparse.csr_matrix:
    rows, cols, vals = [], [], []
    by_text: dict[int, list[int]] = {}
    for r, (_, text, _, _, _) in enumerate(examples):
        by_text.setdefault(id(text), []).append(r)
    for idxs in by_text.values():
        text = examples[idxs[0]][1]
        for r, (c, v) in zip(idxs, spanlex.vectorise(vocab, idf, text, [examples[i][2:4] for i in idxs]), strict=True):
            rows.extend([r] * len(c))
            cols.extend(c.tolist())
            vals.extend(v.tolist())
    return sparse.csr_matrix((vals, (rows, cols)), shape=(len(examples), len(vocab) + N_FEATURES))


def fit(x: sparse.csr_matrix, y: np.ndarray, c: float) -> LogisticRegression:
    """Soft targets as weighted rows: a span with k techniques appears k times, weight 1/k each."""
    r, k = np.nonzero(y)
    model = LogisticRegression(C=c, max_iter=500)
    model.fit(x[r], k, sample_weight=y[r, k])
    return model


def proba(model: LogisticRegression, x: sparse.csr_matrix) -> np.ndarray:
    out = np.zeros((x.shape[0], K))
    out[:, model.classes_] = model.predict_proba(x)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--c", type=float, default=3.0, help="inverse L2 strength")
    ap.add_argument("--cv", type=int, default=0, help="print the article-grouped N-fold accuracy first")
    ap.add_argument("--out", default=str(spanlex.MODEL_PATH))
    args = ap.parse_args()
    base = shared_dir() / "data" / "propaganda" / "ptc2020" / "datasets"
    arts = read_articles(base / "train-articles", base / "train-task2-TC.labels")
    fit_arts = [a for i, a in enumerate(arts) if i % 10 != 9]
    ex = span_examples(fit_arts)
    y = np.stack([e[4] for e in ex])
    print(f"{len(fit_arts)} fit articles, {len(ex)} unique spans", flush=True)
    if args.cv:
        art = np.array([e[0] for e in ex])
        hits = 0.0
        for f in range(args.cv):
            tr, te = np.flatnonzero(art % args.cv != f), np.flatnonzero(art % args.cv == f)
            vocab, idf = build_vocab([ex[i] for i in tr])
            m = fit(matrix(vocab, idf, [ex[i] for i in tr]), y[tr], args.c)
            p = proba(m, matrix(vocab, idf, [ex[i] for i in te]))
            hits += float((y[te, p.argmax(axis=1)] > 0).sum())
        print(f"{args.cv}-fold top technique in the gold set: {hits / len(ex):.4f} (C {args.c})", flush=True)
    t0 = time.perf_counter()
    vocab, idf = build_vocab(ex)
    model = fit(matrix(vocab, idf, ex), y, args.c)
    print(f"{len(vocab)} terms; fitted in {time.perf_counter() - t0:.0f}s", flush=True)
    terms = sorted(vocab, key=vocab.__getitem__)
    out = {
        "terms": terms,
        "idf": [round(float(v), 5) for v in idf],
        # Rounded to 4 decimals (the probabilities move by < 1e-3; the file is a third the size).
        "coef": [[round(float(v), 4) for v in row] for row in full_coef(model).T],
        "intercept": [round(float(v), 4) for v in full_intercept(model)],
        "meta": {
            "data": f"PTC-2020 train, {len(fit_arts)} fit articles (every 10th by id held out), {len(ex)} spans",
            "model": f"multinomial logistic regression, C {args.c}, min df {MIN_DF}",
            "techniques": list(TECHNIQUES),
        },
    }
    dst = Path(args.out)
    with gzip.open(dst, "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump(out, fh, separators=(",", ":"))
    print(f"wrote {dst} ({dst.stat().st_size / 1e6:.2f} MB)")
    return 0


def full_coef(model: LogisticRegression) -> np.ndarray:
    """(14, columns) weights, zero rows for techniques absent from training (none in PTC train)."""
    coef = np.zeros((K, model.coef_.shape[1]))
    coef[model.classes_] = model.coef_
    return coef


def full_intercept(model: LogisticRegression) -> np.ndarray:
    out = np.full(K, -30.0)
    out[model.classes_] = model.intercept_
    return out


if __name__ == "__main__":
    sys.exit(main())
