"""Check-worthiness: how likely a sentence states a checkable fact of public interest (0..1).

A TF-IDF (word and character n-grams) + logistic-regression model trained on CheckThat! 2019/2020 and ClaimBuster (see
``newstrace/data/checkworthy/README.md``), shipped as plain JSON (vocabulary, idf, weights) rather
than a pickle so that loading it executes no code. Scoring reuses scikit-learn's vectorizer with the
stored vocabulary and idf, so training and inference tokenise identically.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from newstrace.errors import ModelMissingError

# The package data folder (a plain directory shipped as package data).
DATA_DIR = Path(__file__).resolve().parents[1] / "data"

__all__ = ["CHAR_OPTIONS", "VECTORIZER_OPTIONS", "prepare", "score_sentences"]

#: Word n-gram options shared by training and inference (the model file records them too).
VECTORIZER_OPTIONS: dict[str, Any] = {
    "ngram_range": (1, 2),
    "sublinear_tf": True,
    "min_df": 2,
    "lowercase": True,
    "token_pattern": r"(?u)\b\w+\b|[%$€£]",
}
#: Character n-grams inside words: robust to inflection and spelling ("percent"/"per cent").
CHAR_OPTIONS: dict[str, Any] = {
    "analyzer": "char_wb",
    "ngram_range": (3, 5),
    "sublinear_tf": True,
    "min_df": 3,
    "lowercase": True,
}
_DIGITS = re.compile(r"\d")


def prepare(text: str) -> str:
    """Normalise a sentence before vectorising: every digit is "0" (the figure matters, not its value)."""
    return _DIGITS.sub("0", text)


class _Model:
    """TF-IDF blocks (word n-grams, character n-grams) side by side, then one linear layer."""

    def __init__(self, data: dict[str, Any]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.vectorizers = []
        for block in data["blocks"]:
            opts = dict(block["options"])
            opts["ngram_range"] = tuple(opts["ngram_range"])
            opts.pop("min_df", None)
            vocab = {w: i for i, w in enumerate(block["vocabulary"])}
            vec = TfidfVectorizer(vocabulary=vocab, **opts)
            vec.idf_ = np.asarray(block["idf"], dtype=np.float64)
            self.vectorizers.append(vec)
        self.coef = np.asarray(data["coef"], dtype=np.float64)
        self.intercept = float(data["intercept"])

    def scores(self, sentences: list[str]) -> list[float]:
        if not sentences:
            return []
        prepared = [prepare(s) for s in sentences]
        # the weights are laid out block after block: sum each block's share of the logit
        logits = np.full(len(prepared), self.intercept)
        offset = 0
        for vec in self.vectorizers:
            width = len(vec.vocabulary_)
            logits += vec.transform(prepared) @ self.coef[offset : offset + width]
            offset += width
        return [float(v) for v in 1.0 / (1.0 + np.exp(-logits))]


@lru_cache(maxsize=1)
def _model() -> _Model:
    try:
        raw = (DATA_DIR / "checkworthy" / "model.json").read_text("utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise ModelMissingError(f"the check-worthiness model is missing from the package ({exc})") from exc
    return _Model(json.loads(raw))


def score_sentences(sentences: list[str]) -> list[float]:
    """Check-worthiness in [0, 1] for each sentence (higher: more worth checking)."""
    return _model().scores(sentences)
