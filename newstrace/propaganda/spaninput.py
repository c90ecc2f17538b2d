"""Inputs of the span technique classifier: a marked context window and article-level features.

Shared, byte for byte, by training (``benchmarks/train_span_techniques.py``, in the torch venv) and
run time (``newstrace.propaganda.spanclf``), so this module imports only the standard library and
numpy (no spaCy, no newstrace package import): the training script loads it by file path.

A span is classified IN CONTEXT, the way the SemEval-2020 TC runners-up did: the word pieces of the
text around it, with the span wrapped in two marker tokens (BERT's unused vocabulary rows
``[unused0]`` / ``[unused1]``), cut to a fixed budget with the nearest context kept. The sentence
model never sees the rest of the article, so a few article-level features are added beside the
encoder's pooled vectors; they are what Repetition (14 % of the TC spans) depends on: how often the
span's words recur in the article and whether they already appeared before it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "MAX_PIECES",
    "N_FEATURES",
    "SpanInput",
    "build_inputs",
    "context_bounds",
    "span_features",
    "to_batch",
    "word_positions",
]

MAX_PIECES = 128  # whole input, [CLS] ... [SEP] with the two markers
_MAX_SPAN_PIECES = 80
_CLS, _SEP, _OPEN, _CLOSE = 101, 102, 1, 2
_CONTEXT_CHARS = 400  # characters looked at on each side before the piece budget cuts

_WORD = re.compile(r"\w+", re.UNICODE)
# Words too common to make a repetition (a short list is enough: only recurrences of content matter).
_STOP = frozenset(
    _WORD.findall(
        "the a an and or but of to in on at for by with from as is are was were be been being it its this "
        "that these those he she they we you i his her their our your my him them us me not no so if than "
        "then there here what which who whom whose when where why how all any some more most such only also "
        "very can could will would should may might must do does did has have had said says say just about "
        "into over after before up out "
    )
)
N_FEATURES = 9


@dataclass(frozen=True)
class SpanInput:
    ids: list[int]
    span_from: int  # first span piece (after the open marker), index into ids
    span_to: int  # one past the last span piece
    features: np.ndarray  # (N_FEATURES,) float32


def context_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The line (paragraph) holding the span, at most ``_CONTEXT_CHARS`` characters either side."""
    left = text.rfind("\n", max(0, start - _CONTEXT_CHARS), start) + 1
    left = max(left, start - _CONTEXT_CHARS)
    right = text.find("\n", end, min(len(text), end + _CONTEXT_CHARS))
    if right < 0:
        right = min(len(text), end + _CONTEXT_CHARS)
    return left, max(end, right)


def _is_content(word: str) -> bool:
    return word not in _STOP and len(word) > 2


def _content_words(s: str) -> list[str]:
    return [w for w in _WORD.findall(s.lower()) if _is_content(w)]


def span_features(text: str, start: int, end: int, words: dict[str, list[int]] | None = None) -> np.ndarray:
    """Article-level features of one span; ``words`` (from :func:`word_positions`) may be shared across spans."""
    if words is None:
        words = word_positions(text)
    span = text[start:end]
    norm = " ".join(_WORD.findall(span.lower()))
    low = text.lower()
    # Whole-phrase recurrences (on word boundaries) and whether one comes before this span.
    n_same = n_before = 0
    if norm:
        pat = re.compile(r"(?<!\w)" + r"\W+".join(re.escape(w) for w in norm.split()) + r"(?!\w)")
        for m in pat.finditer(low):
            if m.start() < start or m.start() >= end:
                n_same += 1
                n_before += m.start() < start
    content = _content_words(span)
    # Per content word: its occurrences outside the span; the span's mean and max.
    rec = [sum(1 for p in words.get(w, ()) if p < start or p >= end) for w in content]
    earlier = [any(p < start for p in words.get(w, ())) for w in content]
    n_words = len(_WORD.findall(span))
    before = text[max(0, start - 1) : start]
    after = text[end : end + 1]
    quoted = float((before in "\"“'‘" and before != "") or span[:1] in '"“' or after in '"”')
    return np.array(
        [
            math.log1p(n_same),
            float(n_before > 0),
            math.log1p(float(np.mean(rec))) if rec else 0.0,
            math.log1p(max(rec)) if rec else 0.0,
            float(np.mean(earlier)) if earlier else 0.0,
            math.log1p(n_words),
            float(n_words <= 4),
            quoted,
            float("!" in span or "!" in after),
        ],
        dtype=np.float32,
    )


def word_positions(text: str) -> dict[str, list[int]]:
    """Character positions of each lower-cased content word of ``text``."""
    out: dict[str, list[int]] = {}
    for m in _WORD.finditer(text.lower()):
        w = m.group(0)
        if _is_content(w):
            out.setdefault(w, []).append(m.start())
    return out


def build_inputs(tokenizer: Any, text: str, spans: list[tuple[int, int]]) -> list[SpanInput]:
    """Marked, budgeted piece ids and features for each (start, end) span of ``text``.

    ``tokenizer`` is a ``tokenizers.Tokenizer`` of the MiniLM vocabulary (no truncation, no padding).
    """
    words = word_positions(text)
    bounds = [context_bounds(text, s, e) for s, e in spans]
    encs = tokenizer.encode_batch([text[a:b] for a, b in bounds], add_special_tokens=False) if spans else []
    out: list[SpanInput] = []
    for (s, e), (a, _), enc in zip(spans, bounds, encs, strict=True):
        ids = enc.ids
        offs = [(x + a, y + a) for x, y in enc.offsets]
        inside = [j for j, (x, y) in enumerate(offs) if x < e and y > s]
        if inside:
            i0, i1 = inside[0], inside[-1] + 1
        else:  # a span of white space only: an empty span between the markers where it would be
            i0 = i1 = next((j for j, (x, _) in enumerate(offs) if x >= s), len(ids))
        core = ids[i0:i1][:_MAX_SPAN_PIECES]
        budget = MAX_PIECES - 4 - len(core)
        left, right = ids[:i0], ids[i1:]
        # The nearest context first, shared evenly; what one side does not use goes to the other.
        n_left = min(len(left), max(budget // 2, budget - len(right)))
        n_right = min(len(right), budget - n_left)
        left = left[len(left) - n_left :]
        right = right[:n_right]
        seq = [_CLS, *left, _OPEN, *core, _CLOSE, *right, _SEP]
        out.append(SpanInput(seq, len(left) + 2, len(left) + 2 + len(core), span_features(text, s, e, words)))
    return out


def to_batch(items: list[SpanInput]) -> dict[str, np.ndarray]:
    """Padded arrays for the graph: input_ids, attention_mask, span_mask (float) and features."""
    width = max(len(it.ids) for it in items)
    ids = np.zeros((len(items), width), dtype=np.int64)
    mask = np.zeros((len(items), width), dtype=np.int64)
    span = np.zeros((len(items), width), dtype=np.float32)
    for r, it in enumerate(items):
        ids[r, : len(it.ids)] = it.ids
        mask[r, : len(it.ids)] = 1
        # The markers belong to the span pool, so an empty span still pools something.
        span[r, it.span_from - 1 : it.span_to + 1] = 1.0
    feats = np.stack([it.features for it in items]).astype(np.float32)
    return {"input_ids": ids, "attention_mask": mask, "span_mask": span, "features": feats}
