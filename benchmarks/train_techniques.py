"""Train the propaganda heads from PTC-2020 train and write newstrace/data/propaganda/heads.npz.

    nice -n 10 .venv/bin/python benchmarks/train_techniques.py [--shared ../shared]

Every tenth train article (sorted by id) is held out as the tuning slice: it picks the span
threshold and gap, the sentence threshold and the stacking weights. The dev set is never read.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
import time
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression, SGDClassifier

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newstrace.nlp import parse  # noqa: E402
from newstrace.propaganda.features import (  # noqa: E402
    DocFeatures,
    doc_features,
    hash_rows,
    sentence_strings,
    span_strings,
)
from newstrace.propaganda.labels import TECHNIQUES, technique_index  # noqa: E402
from newstrace.propaganda.model import MODEL_PATH, PropagandaModel  # noqa: E402
from newstrace.propaganda.ptc import PTCArticle, read_articles  # noqa: E402
from newstrace.propaganda.scoring import score_si, score_slc  # noqa: E402


def featurize(arts: list[PTCArticle], cache: Path) -> list[DocFeatures]:
    if cache.is_file():
        with cache.open("rb") as fh:
            return pickle.load(fh)
    t0 = time.time()
    out = [doc_features(parse(a.text)) for a in arts]
    print(f"featurized {len(arts)} articles in {time.time() - t0:.0f}s", flush=True)
    part = cache.with_suffix(".part")  # written whole, then renamed: no half cache after a crash
    with part.open("wb") as fh:
        pickle.dump(out, fh)
    part.replace(cache)
    return out


def token_labels(f: DocFeatures, art: PTCArticle) -> np.ndarray:
    y = np.zeros(len(f.doc), dtype=np.int8)
    for s in art.spans:
        for tok in f.doc.char_span(s.start, s.end, alignment_mode="expand") or []:
            y[tok.i] = 1
    return y


def sentence_labels(f: DocFeatures, art: PTCArticle) -> list[bool]:
    return [any(s.start < sent.end_char and s.end > sent.start_char for s in art.spans) for sent in f.sents]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.environ.get("NEWSTRACE_SHARED", str(ROOT.parent / "shared")))
    ap.add_argument("--cache", default="/tmp/newstrace-ptc-train.pkl")
    ap.add_argument("--retune", action="store_true", help="only re-tune the span decoding of heads.npz")
    ap.add_argument("--tc-c", type=float, default=0.1, help="regularisation C of the technique head")
    ap.add_argument("--refit-tc", action="store_true", help="only refit the technique head of heads.npz")
    args = ap.parse_args()
    ptc = Path(args.shared) / "data" / "propaganda" / "ptc2020" / "datasets"
    arts = read_articles(ptc / "train-articles", ptc / "train-labels-task2-technique-classification")
    feats = featurize(arts, Path(args.cache))
    tune = [i for i in range(len(arts)) if i % 10 == 0]
    fit = [i for i in range(len(arts)) if i % 10 != 0]
    print(f"{len(fit)} articles to fit, {len(tune)} to tune", flush=True)
    if args.retune:
        return retune(feats, arts, tune)
    if args.refit_tc:
        return refit_tc(feats, arts, fit, tune, args.tc_c)

    # Dense scaling from the fitting articles.
    dense_all = np.vstack([feats[i].dense for i in fit])
    mean, std = dense_all.mean(axis=0), dense_all.std(axis=0) + 1e-4
    del dense_all

    def token_matrix(idx: list[int]) -> tuple[sparse.csr_matrix, np.ndarray]:
        xs, ys = [], []
        for i in idx:
            f = feats[i]
            keep = np.array([not t.is_space for t in f.doc], dtype=bool)
            d = (f.dense - mean) / std
            x = sparse.hstack([sparse.csr_matrix(d), hash_rows(f.token_strings)]).tocsr()
            xs.append(x[keep])
            ys.append(token_labels(f, arts[i])[keep])
        return sparse.vstack(xs).tocsr(), np.concatenate(ys)

    t0 = time.time()
    x_si, y_si = token_matrix(fit)
    print(f"SI: {x_si.shape[0]} tokens, {y_si.mean():.3f} positive", flush=True)
    si = SGDClassifier(loss="log_loss", alpha=2e-5, max_iter=20, tol=1e-4, random_state=0)
    si.fit(x_si, y_si)
    print(f"SI fit in {time.time() - t0:.0f}s", flush=True)
    del x_si
    d = mean.shape[0]
    w = si.coef_[0]

    k = len(TECHNIQUES)
    span_width = d + feats[0].sent_vectors.shape[1]
    model = PropagandaModel(
        dense_mean=mean,
        dense_std=std,
        si_w_dense=w[:d],
        si_w_sparse=w[d:],
        si_b=float(si.intercept_[0]),
        tc_w_dense=np.zeros((k, span_width)),
        tc_w_sparse=np.zeros((k, w.shape[0] - d)),
        tc_b=np.zeros(k),
        slc_w_dense=np.zeros(feats[0].sent_vectors.shape[1]),
        slc_w_sparse=np.zeros(w.shape[0] - d),
        slc_b=0.0,
        stack_w=np.array([1.0, 0.0, 0.0]),
    )
    t0 = time.time()
    acc = fit_tc(model, feats, arts, fit, tune, args.tc_c)
    print(f"TC fit in {time.time() - t0:.0f}s; tune-slice accuracy on gold spans {acc:.3f}", flush=True)

    # Sentence head.
    t0 = time.time()
    sx_d, sx_s, sy = [], [], []
    for i in fit:
        f = feats[i]
        sx_d.append(f.sent_vectors)
        sx_s += [sentence_strings(s) for s in f.sents]
        sy += sentence_labels(f, arts[i])
    sx = sparse.hstack([sparse.csr_matrix(np.vstack(sx_d)), hash_rows(sx_s)]).tocsr()
    slc = LogisticRegression(C=0.3, max_iter=500)
    slc.fit(sx, np.array(sy))
    sv = feats[0].sent_vectors.shape[1]
    model.slc_w_dense, model.slc_w_sparse, model.slc_b = slc.coef_[0, :sv], slc.coef_[0, sv:], float(slc.intercept_[0])
    print(f"SLC fit in {time.time() - t0:.0f}s", flush=True)

    # Tuning slice: stacking weights, thresholds.
    logits, tops, gold_s = [], [], []
    probs_by = {}
    for i in tune:
        f = feats[i]
        p = model.token_probs(f)
        probs_by[i] = p
        hashed = hash_rows([sentence_strings(s) for s in f.sents])
        logits += list(f.sent_vectors @ model.slc_w_dense + hashed @ model.slc_w_sparse + model.slc_b)
        tops += [p[s.start : s.end].max() if len(s) else 0.0 for s in f.sents]
        gold_s += sentence_labels(f, arts[i])
    stack = LogisticRegression(C=1.0).fit(np.c_[logits, tops], np.array(gold_s))
    model.stack_w = np.array([stack.coef_[0, 0], stack.coef_[0, 1], stack.intercept_[0]])
    best_slc = (0.0, 0.5)
    z = _sig(model.stack_w[0] * np.array(logits) + model.stack_w[1] * np.array(tops) + model.stack_w[2])
    for thr in np.arange(0.2, 0.7, 0.025):
        f1 = score_slc(list(z >= thr), gold_s).f1
        best_slc = max(best_slc, (f1, float(thr)))
    model.slc_threshold = best_slc[1]
    print(f"SLC tune F1 {best_slc[0]:.3f} at {best_slc[1]:.3f}; stack {model.stack_w.round(3)}", flush=True)

    best = tune_spans(model, feats, arts, tune, probs_by)
    model.meta = {
        "trained_on": "PTC-2020 (SemEval-2020 Task 11) train, 9 of every 10 articles",
        "tuned_on": "PTC-2020 train, every 10th article by sorted id",
        "tune_si_f1": round(best, 4),
        "tune_tc_accuracy": round(acc, 4),
        "tc_c": args.tc_c,
        "tune_slc_f1": round(best_slc[0], 4),
    }
    model.save(MODEL_PATH)
    print(json.dumps(model.meta), f"-> {MODEL_PATH} ({MODEL_PATH.stat().st_size / 1e6:.1f} MB)")
    return 0


def span_rows(
    model: PropagandaModel, feats: list[DocFeatures], arts: list[PTCArticle], idx: list[int]
) -> tuple[np.ndarray, sparse.csr_matrix, np.ndarray]:
    """Dense and hashed features and technique ids of the gold spans of some articles."""
    dense, strings, ys = [], [], []
    for i in idx:
        spans = [(s.start, s.end) for s in arts[i].spans]
        if not spans:
            continue
        dense.append(model.span_dense(feats[i], spans))
        strings += [span_strings(feats[i], s, e) for s, e in spans]
        ys += [technique_index(s.technique or "") for s in arts[i].spans]
    return np.vstack(dense), hash_rows(strings), np.array(ys)


def fit_tc(
    model: PropagandaModel,
    feats: list[DocFeatures],
    arts: list[PTCArticle],
    fit: list[int],
    tune: list[int],
    c: float,
) -> float:
    """Fit the technique head on the gold spans of ``fit``; its accuracy on the ``tune`` spans."""
    xd, xh, yt = span_rows(model, feats, arts, fit)
    sd_mean, sd_std = xd.mean(axis=0), xd.std(axis=0) + 1e-4
    xt = sparse.hstack([sparse.csr_matrix((xd - sd_mean) / sd_std), xh]).tocsr()
    tc = LogisticRegression(C=c, max_iter=300)
    tc.fit(xt, yt)
    width = xd.shape[1]
    # Fold the span-vector scaling into the weights so the runtime needs no second scaler.
    wd = tc.coef_[:, :width] / sd_std
    model.tc_w_dense = wd
    model.tc_w_sparse = tc.coef_[:, width:]
    model.tc_b = tc.intercept_ - wd @ sd_mean
    vd, vh, vy = span_rows(model, feats, arts, tune)
    return float((model_tc_predict(model, vd, vh) == vy).mean())


def refit_tc(feats: list[DocFeatures], arts: list[PTCArticle], fit: list[int], tune: list[int], c: float) -> int:
    """Refit only the technique head of heads.npz with regularisation ``c``; keep it if it tunes better."""
    model = PropagandaModel.load(MODEL_PATH)
    before = float(model.meta.get("tune_tc_accuracy", 0.0))  # type: ignore[arg-type]
    acc = fit_tc(model, feats, arts, fit, tune, c)
    print(f"TC C={c}: tune accuracy {acc:.4f} (shipped {before:.4f})", flush=True)
    if acc > before:
        model.meta["tune_tc_accuracy"] = round(acc, 4)
        model.meta["tc_c"] = c
        model.save(MODEL_PATH)
        print(f"-> {MODEL_PATH}")
    return 0


def tune_spans(
    model: PropagandaModel,
    feats: list[DocFeatures],
    arts: list[PTCArticle],
    tune: list[int],
    probs_by: dict[int, np.ndarray],
) -> float:
    """Pick the span threshold, seed and gap that maximise SI F1 on the tuning slice."""
    gold_si = {arts[i].id: [(s.start, s.end) for s in arts[i].spans] for i in tune}
    best = (0.0, 0.5, 0.5, 1)
    for thr in np.arange(0.05, 0.55, 0.05):
        for seed in np.arange(thr, 0.95, 0.05):
            for gap in (0, 1, 2, 3, 5):
                pred = {
                    arts[i].id: [(s.start, s.end) for s in model.decode_spans(feats[i], probs_by[i], thr, gap, seed)]
                    for i in tune
                }
                f1 = score_si(pred, gold_si).f1
                if f1 > best[0]:
                    best = (f1, float(thr), float(seed), gap)
    model.si_threshold, model.si_seed, model.si_gap = best[1], best[2], best[3]
    print(f"SI tune F1 {best[0]:.3f} at threshold {best[1]:.2f}, seed {best[2]:.2f}, gap {best[3]}", flush=True)
    return best[0]


def retune(feats: list[DocFeatures], arts: list[PTCArticle], tune: list[int]) -> int:
    """Re-pick the span decoding of the shipped heads (the weights stay as they are)."""
    model = PropagandaModel.load(MODEL_PATH)
    probs_by = {i: model.token_probs(feats[i]) for i in tune}
    model.meta["tune_si_f1"] = round(tune_spans(model, feats, arts, tune, probs_by), 4)
    model.save(MODEL_PATH)
    print(json.dumps(model.meta), f"-> {MODEL_PATH}")
    return 0


def _sig(x: np.ndarray) -> np.ndarray:
    return np.asarray(1 / (1 + np.exp(-x)))


def model_tc_predict(model: PropagandaModel, xd: np.ndarray, xh: sparse.csr_matrix) -> np.ndarray:
    logits = xd @ model.tc_w_dense.T + np.asarray(xh @ model.tc_w_sparse.T) + model.tc_b
    return np.asarray(logits.argmax(axis=1))


if __name__ == "__main__":
    sys.exit(main())
