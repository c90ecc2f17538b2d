"""Sentence vectors for the sub-event classifier, and the small softmax head that reads them.

The vectors are the mean of the word-piece vectors of the frozen int8 MiniLM that the propaganda
layer already ships (``newstrace.propaganda.encoder``; reused, never modified), L2-normalised: the
usual sentence-transformers pooling of all-MiniLM-L6-v2, written here because the encoder module
returns word-piece vectors, not sentence vectors. The head is a multinomial logistic regression over
those 384 numbers, trained by ``benchmarks/train_events.py`` on sentences we wrote ourselves from the
ACLED / CASE class definitions; it ships as plain JSON (``newstrace/data/events/subevent_embed.json``).

Encoding costs far more than the cue lexicon, so :mod:`newstrace.events.classify` asks for it only
when the lexicon is not decisive, and results are cached per text.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from newstrace.errors import ModelMissingError

__all__ = ["EMBED_MODEL_PATH", "embed_model", "embed_probs", "sentence_vectors"]

EMBED_MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "events" / "subevent_embed.json"


def sentence_vectors(texts: list[str]) -> np.ndarray:
    """L2-normalised mean-pooled MiniLM vectors, one row per text (zeros for a text with no word piece).

    Raises :class:`~newstrace.errors.ModelMissingError` when the shared encoder is not installed.
    """
    from newstrace.propaganda.encoder import DIM, encode

    out = np.zeros((len(texts), DIM), dtype=np.float32)
    for i, enc in enumerate(encode(texts)):
        if len(enc.vectors):
            v = enc.vectors.mean(axis=0)
            norm = float(np.linalg.norm(v))
            out[i] = v / norm if norm > 0 else v
    return out


@lru_cache(maxsize=1)
def embed_model() -> dict[str, Any] | None:
    """The shipped head (classes, coef, intercept, combination settings), or None when it is absent."""
    try:
        raw = EMBED_MODEL_PATH.read_text("utf-8")
    except OSError:  # an install without the head still classifies with the lexicon and TF-IDF model
        return None
    model: dict[str, Any] = json.loads(raw)
    model["_coef"] = np.asarray(model["coef"], dtype=np.float32)
    model["_intercept"] = np.asarray(model["intercept"], dtype=np.float32)
    return model


def _softmax_rows(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    out: np.ndarray = e / e.sum(axis=1, keepdims=True)
    return out


@lru_cache(maxsize=4096)
def embed_probs(text: str) -> dict[str, float]:
    """Class probabilities of ``text`` from the embedding head; empty when the head or encoder is missing."""
    model = embed_model()
    if model is None or not text.strip():
        return {}
    try:
        vec = sentence_vectors([text])
    except ModelMissingError:
        return {}
    probs = _softmax_rows(vec @ model["_coef"].T + model["_intercept"])[0]
    return {c: float(p) for c, p in zip(model["classes"], probs, strict=True)}
