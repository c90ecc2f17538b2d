"""Check-worthiness: how likely a sentence states a checkable fact of public interest (0..1).

A TF-IDF (word and character n-grams) + logistic-regression model trained on CheckThat! 2019/2020 and ClaimBuster (see
``newstrace/data/checkworthy/README.md``), shipped as plain JSON (vocabulary, idf, weights) rather
than a pickle so that loading it executes no code.

Training uses scikit-learn's ``TfidfVectorizer``; scoring re-implements its ``transform`` for the two
analyzers used (word n-grams with a token pattern, ``char_wb`` n-grams; sublinear tf, stored idf, l2
norm) in a few lines, because importing scikit-learn costs more than two seconds of every start-up.
``tests/test_claims.py`` pins that both give the same scores.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import numpy as np

from newstrace.claims.lexicon import DATA_DIR
from newstrace.errors import ModelMissingError

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


_RUNS_OF_SPACE = re.compile(r"\s\s+")


class _Block:
    """One TF-IDF block with a fixed vocabulary: what ``TfidfVectorizer.transform`` computes."""

    def __init__(self, block: dict[str, Any], coef: np.ndarray) -> None:
        opts = block["options"]
        self.char_wb = opts.get("analyzer") == "char_wb"
        self.low, self.high = opts["ngram_range"]
        self.lowercase = opts.get("lowercase", True)
        self.token = re.compile(opts.get("token_pattern", r"(?u)\b\w\w+\b"))
        self.sublinear = opts.get("sublinear_tf", False)
        self.index = {w: i for i, w in enumerate(block["vocabulary"])}
        self.idf = np.asarray(block["idf"], dtype=np.float64)
        self.coef = coef

    def _grams(self, text: str) -> Iterator[str]:
        if self.lowercase:
            text = text.lower()
        if self.char_wb:
            for word in _RUNS_OF_SPACE.sub(" ", text).split():
                padded = f" {word} "
                for n in range(self.low, self.high + 1):
                    for i in range(max(1, len(padded) - n + 1)):
                        yield padded[i : i + n]
                    if len(padded) <= n:  # a short word counts once, whole
                        break
            return
        tokens = self.token.findall(text)
        for n in range(self.low, self.high + 1):
            for i in range(len(tokens) - n + 1):
                yield " ".join(tokens[i : i + n])

    def logit(self, text: str) -> float:
        counts = Counter(self.index[g] for g in self._grams(text) if g in self.index)
        if not counts:
            return 0.0
        cols = np.fromiter(counts.keys(), dtype=np.int64)
        tf = np.fromiter((1.0 + math.log(c) if self.sublinear else float(c) for c in counts.values()), dtype=np.float64)
        weights = tf * self.idf[cols]
        return float(weights @ self.coef[cols] / np.linalg.norm(weights))


class _Model:
    """TF-IDF blocks (word n-grams, character n-grams) side by side, then one linear layer."""

    def __init__(self, data: dict[str, Any]) -> None:
        coef = np.asarray(data["coef"], dtype=np.float64)
        self.blocks: list[_Block] = []
        offset = 0
        for block in data["blocks"]:  # the weights are laid out block after block
            width = len(block["vocabulary"])
            self.blocks.append(_Block(block, coef[offset : offset + width]))
            offset += width
        self.intercept = float(data["intercept"])

    def scores(self, sentences: list[str]) -> list[float]:
        out = []
        for sentence in sentences:
            prepared = prepare(sentence)
            logit = self.intercept + sum(b.logit(prepared) for b in self.blocks)
            out.append(1.0 / (1.0 + math.exp(-logit)))
        return out


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
