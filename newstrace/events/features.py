"""Text features of the sub-event linear model, shared by training and inference so they never drift.

A plain TF-IDF over lower-cased word unigrams and bigrams, computed here rather than with scikit-learn
at run time so the shipped model is a small JSON file (vocabulary, idf, weights) that loads without
unpickling anything.
"""

from __future__ import annotations

import itertools
import math
import re

__all__ = ["featurize", "terms"]

_WORD = re.compile(r"[a-z][a-z'\-]+|\d+")


def terms(text: str) -> list[str]:
    """Unigrams and bigrams of lower-cased words (numbers collapse to one token: they carry no class)."""
    words = ["<num>" if w.isdigit() else w for w in _WORD.findall(text.lower())]
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


def featurize(text: str, vocab: dict[str, int], idf: list[float]) -> dict[int, float]:
    """Sparse L2-normalised sublinear TF-IDF vector of ``text`` over ``vocab``."""
    counts: dict[int, int] = {}
    for t in terms(text):
        j = vocab.get(t)
        if j is not None:
            counts[j] = counts.get(j, 0) + 1
    vec = {j: (1.0 + math.log(c)) * idf[j] for j, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {j: v / norm for j, v in vec.items()}
