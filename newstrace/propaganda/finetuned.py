"""The fine-tuned propaganda model: one int8 ONNX graph (MiniLM + three heads), no torch.

``minilm-l6-ft-int8.onnx`` (trained by ``benchmarks/finetune_techniques.py``, see the model card)
reads a window of word pieces and returns, per piece, BIO logits (outside / begins / inside a
propaganda span) and 14 technique logits, and one sentence logit per window. This module runs it
over the sentences of a spaCy Doc (one encoder pass per sentence window, batched by length) and
turns the outputs into spaCy-token probabilities, spans, span techniques and sentence scores with
the decoding settings tuned on a held-out slice of PTC train (``finetuned.json``).

The decoding is hand-written because it is specific to this model: hysteresis over token
probabilities (as in edge tracing: weak tokens join a span only when a strong one anchors it),
small gaps bridged, a new span where the model says one begins, edge function words trimmed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from spacy.tokens import Doc, Span

from newstrace.mathutil import softmax as _softmax
from newstrace.propaganda.encoder import DATA_DIR, load_session, windowed_batches
from newstrace.propaganda.labels import TECHNIQUES

__all__ = [
    "CONFIG_PATH",
    "ONNX_PATH",
    "Decoding",
    "RawOutputs",
    "decode_spans",
    "load_decoding",
    "mix_techniques",
    "model_sentences",
    "run_model",
    "sentence_scores",
    "span_techniques",
    "token_probs",
]

ONNX_PATH = DATA_DIR / "minilm-l6-ft-int8.onnx"
CONFIG_PATH = DATA_DIR / "finetuned.json"
# Tokens that never start or end a span on their own (the gold spans rarely do).
_EDGE_TRIM = {"PUNCT", "SPACE", "CCONJ", "DET", "ADP"}
_KEEP_AT_END = {'"', "”", "’"}


@dataclass(frozen=True)
class Decoding:
    """Decoding settings, tuned on the held-out train slice (see ``benchmarks/tune_techniques_ft.py``)."""

    threshold: float = 0.4  # a token at or above it may be part of a span ...
    seed: float = 0.5  # ... of which at least one token must reach this
    gap: int = 1  # runs this many tokens apart are joined
    split: float = 1.1  # a token whose "begins" probability reaches this starts a new span (>1: never)
    slc_mix: float = 0.5  # sentence score = mix * sentence head + (1 - mix) * strongest token
    slc_threshold: float = 0.5
    second_label_min: float = 0.3  # a span's second technique is reported from this probability
    tc_mix: float = 1.0  # span technique = mix * span classifier + (1 - mix) * this graph's technique head
    # The span classifier costs about as much as the graph itself, so it is asked only about spans
    # whose head (mixed with the lexical model when ``lex_mix`` > 0) is unsure: top technique
    # probability below this (above 1: every span).
    tc_gate: float = 1.1
    # The lexical span model (``spanlex``) joins in a geometric mix with this weight (0: not asked):
    # technique probabilities proportional to mixed ** (1 - lex_mix) * lexical ** lex_mix.
    lex_mix: float = 0.0
    meta: dict[str, object] = field(default_factory=dict)


@dataclass
class RawOutputs:
    """The graph's outputs for one Doc, word pieces in text order with absolute character offsets."""

    offsets: np.ndarray  # (n, 2) int64
    bio: np.ndarray  # (n, 3) probabilities: outside, begins, inside
    tech: np.ndarray  # (n, 14) logits
    sent_logits: np.ndarray  # (n_sents,) the strongest window logit of each sentence


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(x, -30, 30))))


@lru_cache(maxsize=1)
def _load() -> tuple[Any, Any]:
    return load_session(ONNX_PATH, "the fine-tuned propaganda model")


@lru_cache(maxsize=1)
def load_decoding() -> Decoding:
    """The tuned decoding settings (defaults when the file is absent, e.g. before tuning)."""
    if not CONFIG_PATH.is_file():
        return Decoding()
    raw = json.loads(CONFIG_PATH.read_text(encoding="utf-8"))
    known = {k: v for k, v in raw.items() if k in Decoding.__dataclass_fields__}
    return Decoding(**known)


def model_sentences(doc: Doc) -> list[Span]:
    """The sentences the model reads: spaCy's, without the empty and white-space-only ones."""
    return [s for s in doc.sents if len(s) > 0 and s.text.strip()]


def run_model(doc: Doc, sents: list[Span]) -> RawOutputs:
    """Run the graph over every sentence of ``doc`` (long ones in windows); pieces in text order."""
    session, tokenizer = _load()
    texts = [s.text for s in sents]
    encs = tokenizer.encode_batch(texts, add_special_tokens=False) if texts else []
    bio = [np.zeros((len(e.ids), 3), dtype=np.float32) for e in encs]
    tech = [np.zeros((len(e.ids), len(TECHNIQUES)), dtype=np.float32) for e in encs]
    sent_logits = np.full(len(sents), -30.0, dtype=np.float32)
    for batch, ids, mask in windowed_batches(encs):
        out_bio, out_tech, out_sent = session.run(None, {"input_ids": ids, "attention_mask": mask})
        for row, (si, s, e) in enumerate(batch):
            bio[si][s:e] = _softmax(out_bio[row, 1 : e - s + 1])
            tech[si][s:e] = out_tech[row, 1 : e - s + 1]
            sent_logits[si] = max(sent_logits[si], float(out_sent[row]))
    offsets = [
        np.asarray(e.offsets, dtype=np.int64).reshape(-1, 2) + sent.start_char
        for e, sent in zip(encs, sents, strict=True)
    ]
    if not offsets:
        return RawOutputs(np.zeros((0, 2), np.int64), np.zeros((0, 3)), np.zeros((0, len(TECHNIQUES))), sent_logits)
    return RawOutputs(np.concatenate(offsets), np.concatenate(bio), np.concatenate(tech), sent_logits)


def _piece_range(raw: RawOutputs, start: int, end: int) -> tuple[int, int]:
    """Indices [i, j) of the pieces overlapping characters [start, end) (pieces are in text order)."""
    i = int(np.searchsorted(raw.offsets[:, 1], start, side="right"))
    j = int(np.searchsorted(raw.offsets[:, 0], end, side="left"))
    return i, max(i, j)


def token_probs(doc: Doc, raw: RawOutputs) -> tuple[np.ndarray, np.ndarray]:
    """Per spaCy token: probability of lying in a span (its strongest piece) and of beginning one."""
    p_in = np.zeros(len(doc))
    p_b = np.zeros(len(doc))
    if len(raw.offsets) == 0:
        return p_in, p_b
    for t in doc:
        if t.is_space:
            continue
        i, j = _piece_range(raw, t.idx, t.idx + len(t.text))
        if i < j:
            p_in[t.i] = float((1.0 - raw.bio[i:j, 0]).max())
            p_b[t.i] = float(raw.bio[i, 1])
    return p_in, p_b


def decode_spans(
    doc: Doc, sents: list[Span], p_in: np.ndarray, p_b: np.ndarray, dec: Decoding
) -> list[tuple[int, int, float]]:
    """Character spans (start, end, mean token probability) from token probabilities."""
    out: list[tuple[int, int, float]] = []
    for sent in sents:
        runs: list[list[int]] = []
        for i in range(sent.start, sent.end):
            if p_in[i] < dec.threshold:
                continue
            begins = p_b[i] >= dec.split
            if runs and not begins and i - runs[-1][-1] <= dec.gap + 1:
                runs[-1].append(i)
            else:
                runs.append([i])
        for run in runs:
            if max(p_in[i] for i in run) < dec.seed:
                continue
            a, b = run[0], run[-1]
            while a <= b and doc[a].pos_ in _EDGE_TRIM:
                a += 1
            while b >= a and doc[b].pos_ in _EDGE_TRIM and doc[b].text not in _KEEP_AT_END:
                b -= 1
            if a > b:
                continue
            out.append((doc[a].idx, doc[b].idx + len(doc[b].text), float(p_in[a : b + 1].mean())))
    return out


def span_techniques(raw: RawOutputs, spans: list[tuple[int, int]]) -> np.ndarray:
    """(n_spans, 14) technique probabilities: softmax of the mean piece logits over each span."""
    out = np.full((len(spans), len(TECHNIQUES)), 1.0 / len(TECHNIQUES))
    for r, (s, e) in enumerate(spans):
        i, j = _piece_range(raw, s, e)
        if i < j:
            out[r] = _softmax(raw.tech[i:j].mean(axis=0))
    return out


def mix_techniques(
    head: np.ndarray,
    classify: Callable[[np.ndarray], np.ndarray],
    dec: Decoding,
    lexical: np.ndarray | None = None,
) -> np.ndarray:
    """Span technique probabilities: the head's, mixed with the span classifier's where the head is unsure,
    then with the lexical span model's.

    ``classify(rows)`` gives the classifier's (len(rows), 14) probabilities for those rows of ``head``;
    it is called once, and only for the rows whose top technique is below ``dec.tc_gate`` (never when
    ``dec.tc_mix`` is 0). ``lexical`` (n_spans, 14), when given, joins every row in a geometric mix of
    weight ``dec.lex_mix`` (a product of experts: a technique that one model rules out loses even
    when the other hesitates), and the gate then reads the head and the lexical model together, so
    the costly classifier is asked only where those two cheap ones are unsure.
    """
    lexical = lexical if lexical is not None and dec.lex_mix > 0.0 and len(head) else None
    if lexical is not None and lexical.shape != head.shape:
        raise ValueError(f"lexical probabilities {lexical.shape} for {head.shape} spans")

    def with_lexical(p: np.ndarray) -> np.ndarray:
        if lexical is None:
            return p
        return _softmax((1.0 - dec.lex_mix) * np.log(p + 1e-9) + dec.lex_mix * np.log(lexical + 1e-9))

    unsure = with_lexical(head).max(axis=1) < dec.tc_gate
    rows = np.flatnonzero(unsure) if dec.tc_mix > 0.0 else np.zeros(0, dtype=np.int64)
    out = head.copy()
    if len(rows):
        out[rows] = dec.tc_mix * classify(rows) + (1.0 - dec.tc_mix) * head[rows]
    return with_lexical(out)


def sentence_scores(sents: list[Span], raw: RawOutputs, p_in: np.ndarray, dec: Decoding) -> np.ndarray:
    """Propaganda score in [0, 1] of each sentence: sentence head mixed with its strongest token."""
    if not sents:
        return np.zeros(0)
    head = _sigmoid(raw.sent_logits)
    top = np.array([p_in[s.start : s.end].max() if len(s) else 0.0 for s in sents])
    return np.asarray(dec.slc_mix * head + (1.0 - dec.slc_mix) * top)
