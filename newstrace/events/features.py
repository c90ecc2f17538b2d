"""Text features of the sub-event linear model, shared by training and inference so they never drift.

A plain TF-IDF over lower-cased word unigrams and bigrams, computed here rather than with scikit-learn
at run time so the shipped model is a small JSON file (vocabulary, idf, weights) that loads without
unpickling anything.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

from newstrace.mathutil import sublinear_tfidf

__all__ = ["featurize", "terms"]

_WORD = re.compile(r"[a-z][a-z'\-]+|\d+")


def terms(text: str) -> list[str]:
    """Unigrams and bigrams of lower-cased words (numbers collapse to one token: they carry no class)."""
    words = ["<num>" if w.isdigit() else w for w in _WORD.findall(text.lower())]
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


def featurize(text: str, vocab: dict[str, int], idf: list[float]) -> dict[int, float]:
    """Sparse L2-normalised sublinear TF-IDF vector of ``text`` over ``vocab``."""
    return sublinear_tfidf(Counter(terms(text)), vocab, idf)
