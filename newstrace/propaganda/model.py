"""The propaganda detector: linear heads over MiniLM + spaCy token features.

Three heads share one encoding of the article (:func:`~newstrace.propaganda.features.doc_features`):

- **span identification**: a per-token probability of lying inside a propaganda span; runs of
  tokens above a tuned threshold (small gaps bridged) become spans;
- **technique classification**: a 14-way softmax over a span's pooled vectors and hashed words;
- **sentence level**: a sentence's propaganda score from its own vector and words, stacked with the
  strongest token probability inside it.

All weights are plain numpy arrays in one ``.npz`` (no pickle), loaded once per process.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from newstrace.errors import ModelMissingError
from newstrace.propaganda.encoder import DATA_DIR
from newstrace.propaganda.features import DocFeatures, hash_rows, sentence_strings, span_strings
from newstrace.propaganda.labels import TECHNIQUES

__all__ = ["MODEL_PATH", "DetectedSpan", "PropagandaModel", "load_model"]

MODEL_PATH = DATA_DIR / "heads.npz"
_LOCK = threading.Lock()
# Tokens that never start or end a span on their own (the gold spans rarely do).
_EDGE_TRIM = {"PUNCT", "SPACE", "CCONJ", "DET", "ADP"}


@dataclass
class DetectedSpan:
    start: int
    end: int
    score: float  # mean token probability over the span
    technique_probs: np.ndarray = field(default_factory=lambda: np.zeros(len(TECHNIQUES)))


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(x, -30, 30))))


def _softmax(x: np.ndarray) -> np.ndarray:
    x = x - x.max(axis=1, keepdims=True)
    e = np.exp(x)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


@dataclass
class PropagandaModel:
    """Weights and tuned thresholds of the three heads (see the model card beside the file)."""

    dense_mean: np.ndarray
    dense_std: np.ndarray
    si_w_dense: np.ndarray  # (D,)
    si_w_sparse: np.ndarray  # (H,)
    si_b: float
    tc_w_dense: np.ndarray  # (K, Dspan)
    tc_w_sparse: np.ndarray  # (K, H)
    tc_b: np.ndarray  # (K,)
    slc_w_dense: np.ndarray  # (384,)
    slc_w_sparse: np.ndarray  # (H,)
    slc_b: float
    stack_w: np.ndarray  # (3,): sentence logit, max token probability, bias
    si_threshold: float = 0.5  # a token at or above it may be part of a span ...
    si_seed: float = 0.0  # ... of which at least one token reaches this (hysteresis, as in edge tracing)
    si_gap: int = 1
    slc_threshold: float = 0.5
    meta: dict[str, object] = field(default_factory=dict)

    # --- span identification -------------------------------------------------------------------
    def token_probs(self, feats: DocFeatures) -> np.ndarray:
        if len(feats.doc) == 0:
            return np.zeros(0)
        dense = (feats.dense - self.dense_mean) / self.dense_std
        logits = dense @ self.si_w_dense + hash_rows(feats.token_strings) @ self.si_w_sparse + self.si_b
        probs = _sigmoid(logits)
        probs[[t.is_space for t in feats.doc]] = 0.0
        return probs

    def decode_spans(
        self,
        feats: DocFeatures,
        probs: np.ndarray,
        threshold: float | None = None,
        gap: int | None = None,
        seed: float | None = None,
    ) -> list[DetectedSpan]:
        """Runs of tokens above the threshold within a sentence, gaps of ``gap`` tokens bridged,
        kept when one of their tokens reaches the seed probability."""
        thr = self.si_threshold if threshold is None else threshold
        gap = self.si_gap if gap is None else gap
        seed = self.si_seed if seed is None else seed
        out: list[DetectedSpan] = []
        for sent in feats.sents:
            on = [i for i in range(sent.start, sent.end) if probs[i] >= thr]
            runs: list[list[int]] = []
            for i in on:
                if runs and i - runs[-1][-1] <= gap + 1:
                    runs[-1].append(i)
                else:
                    runs.append([i])
            for run in runs:
                if max(probs[i] for i in run) < seed:
                    continue
                a, b = run[0], run[-1]
                while a <= b and feats.doc[a].pos_ in _EDGE_TRIM:
                    a += 1
                while b >= a and feats.doc[b].pos_ in _EDGE_TRIM and feats.doc[b].text not in {'"', "”", "’"}:
                    b -= 1
                if a > b:
                    continue
                start, end = feats.doc[a].idx, feats.doc[b].idx + len(feats.doc[b].text)
                out.append(DetectedSpan(start, end, float(probs[a : b + 1].mean())))
        return out

    # --- technique classification ------------------------------------------------------------
    def span_dense(self, feats: DocFeatures, spans: list[tuple[int, int]]) -> np.ndarray:
        doc = feats.doc
        rows = np.zeros((len(spans), self.tc_w_dense.shape[1]), dtype=np.float32)
        dense = (feats.dense - self.dense_mean) / self.dense_std
        sent_of: dict[int, int] = {}
        for n, sent in enumerate(feats.sents):
            for i in range(sent.start, sent.end):
                sent_of[i] = n
        width = dense.shape[1]
        for r, (start, end) in enumerate(spans):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            rows[r, :width] = dense[span.start : span.end].mean(axis=0)
            n_sent = sent_of.get(span.start)
            if n_sent is not None:
                rows[r, width : width + feats.sent_vectors.shape[1]] = feats.sent_vectors[n_sent]
        return rows

    def classify_spans(self, feats: DocFeatures, spans: list[tuple[int, int]]) -> np.ndarray:
        """(n_spans, 14) technique probabilities of character spans."""
        if not spans:
            return np.zeros((0, len(TECHNIQUES)))
        dense = self.span_dense(feats, spans)
        hashed = hash_rows([span_strings(feats, s, e) for s, e in spans])
        logits = dense @ self.tc_w_dense.T + np.asarray(hashed @ self.tc_w_sparse.T) + self.tc_b
        return _softmax(np.asarray(logits))

    # --- sentence level ------------------------------------------------------------------------
    def sentence_scores(self, feats: DocFeatures, probs: np.ndarray) -> np.ndarray:
        """Propaganda score in [0, 1] of each sentence of ``feats.sents``."""
        if not feats.sents:
            return np.zeros(0)
        hashed = hash_rows([sentence_strings(s) for s in feats.sents])
        logit = feats.sent_vectors @ self.slc_w_dense + hashed @ self.slc_w_sparse + self.slc_b
        top = np.array([probs[s.start : s.end].max() if len(s) else 0.0 for s in feats.sents])
        z = self.stack_w[0] * logit + self.stack_w[1] * top + self.stack_w[2]
        return _sigmoid(np.asarray(z))

    # --- persistence ---------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        arrays = {
            k: np.asarray(v, dtype=np.float32)
            for k, v in self.__dict__.items()
            if k not in {"meta", "si_gap"} and not isinstance(v, dict)
        }
        # The big sparse weight vectors are mostly zero-ish; float16 halves the file at no measurable cost.
        for k in ("si_w_sparse", "tc_w_sparse", "slc_w_sparse"):
            arrays[k] = arrays[k].astype(np.float16)
        meta = dict(self.meta, si_gap=self.si_gap)
        arrays["meta"] = np.array(json.dumps(meta))
        np.savez_compressed(path, **arrays)  # type: ignore[arg-type]

    @classmethod
    def load(cls, path: Path) -> PropagandaModel:
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(str(z["meta"]))
            kw: dict[str, object] = {}
            for k in z.files:
                if k == "meta":
                    continue
                arr = z[k].astype(np.float32)
                kw[k] = float(arr) if arr.ndim == 0 else arr
        gap = int(meta.pop("si_gap", 1))
        return cls(**kw, si_gap=gap, meta=meta)  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def load_model() -> PropagandaModel:
    """The shipped heads, loaded on first use."""
    with _LOCK:
        if not MODEL_PATH.is_file():
            raise ModelMissingError(f"the propaganda model is missing: {MODEL_PATH}; reinstall newstrace")
        return PropagandaModel.load(MODEL_PATH)
