"""Small numeric helpers shared by the model readers (one softmax, one TF-IDF weighting, not one per module)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

__all__ = ["softmax", "sublinear_tfidf"]


def softmax(x: np.ndarray) -> np.ndarray:
    """Softmax over the last axis, shifted by the maximum so large logits do not overflow."""
    z = x - x.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=-1, keepdims=True))


def sublinear_tfidf(
    counts: Mapping[str, int], vocab: Mapping[str, int], idf: Sequence[float] | np.ndarray
) -> dict[int, float]:
    """Sparse L2-normalised sublinear TF-IDF vector (column -> value) of term ``counts`` over ``vocab``.

    Each term's weight is ``(1 + log count) * idf[column]`` (scikit-learn's ``sublinear_tf``); terms
    outside the vocabulary are dropped, and columns keep the order of ``counts``.
    """
    vec = {vocab[t]: (1.0 + math.log(c)) * float(idf[vocab[t]]) for t, c in counts.items() if t in vocab}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {j: v / norm for j, v in vec.items()}
