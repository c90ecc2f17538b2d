"""A lexical model of a span's own words: TF-IDF of word and character n-grams -> 14 techniques.

Several techniques show in the words of the span itself (Loaded_Language and Name_Calling are
single charged words, Slogans and Flag-Waving set phrases, Repetition a phrase that recurs), and a
linear model of the span text is a cheap second opinion beside the MiniLM span classifier: on the
held-out slice of PTC train the two mixed name more spans right than either alone (model card).

The vectoriser is hand-written (not scikit-learn's, which is a training-only dependency) so that
the run time needs only numpy and a JSON file; ``benchmarks/train_span_lexical.py`` builds its
training matrix with the very functions below, so training and run time see the same features:

- word unigrams and bigrams of the lower-cased span (punctuation marks are words here: "!" and
  quotes matter for Slogans), and character 2-4-grams of each white-space word padded with
  spaces (as scikit-learn's ``char_wb``), each block TF-IDF weighted (sublinear tf, smooth idf) and
  L2-normalised on its own;
- the span classifier's nine article-level features (``spaninput.span_features``: recurrences of the
  span's phrase and words in the article, length, quoted, exclamation).
"""

from __future__ import annotations

import gzip
import itertools
import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from newstrace.errors import ModelMissingError
from newstrace.mathutil import softmax, sublinear_tfidf
from newstrace.propaganda.encoder import DATA_DIR
from newstrace.propaganda.labels import TECHNIQUES
from newstrace.propaganda.spaninput import N_FEATURES, span_features, word_positions

__all__ = ["MODEL_PATH", "LexicalModel", "available", "classify_spans", "span_terms", "vectorise"]

MODEL_PATH = DATA_DIR / "span-lexical.json.gz"
_TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)
_CHAR_N = (2, 4)
_MAX_CHARS = 400  # longer spans are read from their start only: n-grams past this add nothing


def span_terms(span: str) -> tuple[Counter[str], Counter[str]]:
    """Term counts of one span: (word n-grams, character n-grams), each term prefixed by its kind."""
    low = span[:_MAX_CHARS].lower()
    toks = _TOKEN.findall(low)
    words: Counter[str] = Counter("w " + t for t in toks)
    words.update("b " + a + " " + b for a, b in itertools.pairwise(toks))
    chars: Counter[str] = Counter()
    for w in low.split():
        padded = f" {w} "
        for n in range(_CHAR_N[0], _CHAR_N[1] + 1):
            chars.update("c" + padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))
    return words, chars


@dataclass(frozen=True)
class LexicalModel:
    """Vocabulary (term -> column), idf per column, weights (columns + features, 14) and biases."""

    vocab: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray

    @classmethod
    def from_json(cls, raw: dict[str, object]) -> LexicalModel:
        terms = raw["terms"]
        if not isinstance(terms, list):
            raise ValueError("span lexical model: 'terms' must be a list")
        coef = np.asarray(raw["coef"], dtype=np.float32)
        idf = np.asarray(raw["idf"], dtype=np.float32)
        intercept = np.asarray(raw["intercept"], dtype=np.float32)
        if coef.shape != (len(terms) + N_FEATURES, len(TECHNIQUES)) or idf.shape != (len(terms),):
            raise ValueError(f"span lexical model: shapes {coef.shape}, {idf.shape} do not fit {len(terms)} terms")
        return cls({str(t): i for i, t in enumerate(terms)}, idf, coef, intercept)


def vectorise(
    vocab: dict[str, int], idf: np.ndarray, text: str, spans: list[tuple[int, int]]
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per span: the (column indices, values) of its TF-IDF terms, then the article features.

    Feature columns follow the vocabulary: column ``len(vocab) + j`` is article feature ``j``.
    """
    words = word_positions(text)
    n_terms = len(vocab)
    out = []
    for s, e in spans:
        cols: list[int] = []
        vals: list[float] = []
        for block in span_terms(text[s:e]):
            vec = sublinear_tfidf(block, vocab, idf)
            cols.extend(vec)
            vals.extend(vec.values())
        feats = span_features(text, s, e, words)
        cols.extend(range(n_terms, n_terms + N_FEATURES))
        vals.extend(feats.tolist())
        out.append((np.asarray(cols, dtype=np.int64), np.asarray(vals, dtype=np.float32)))
    return out


@lru_cache(maxsize=1)
def _load(path: Path = MODEL_PATH) -> LexicalModel:
    if not path.is_file():
        raise ModelMissingError(f"the span lexical model is missing ({path}); reinstall newstrace")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return LexicalModel.from_json(json.load(fh))


def available() -> bool:
    """Whether the lexical span model ships in this install."""
    return MODEL_PATH.is_file()


def classify_spans(text: str, spans: list[tuple[int, int]]) -> np.ndarray:
    """(n_spans, 14) technique probabilities of each (start, end) character span of ``text``."""
    out = np.zeros((len(spans), len(TECHNIQUES)), dtype=np.float64)
    for s, e in spans:
        if not 0 <= s <= e <= len(text):
            raise ValueError(f"span ({s}, {e}) outside a text of {len(text)} characters")
    if not spans:
        return out
    model = _load()
    for r, (cols, vals) in enumerate(vectorise(model.vocab, model.idf, text, spans)):
        out[r] = vals @ model.coef[cols] + model.intercept
    return softmax(out)
