"""Propaganda techniques: spans, their technique (PTC-2020's 14 names) and sentence scores.

``detect(doc)`` runs the shipped fine-tuned model (one int8 ONNX graph: MiniLM fine-tuned with a
span, a technique and a sentence head, see ``newstrace/data/propaganda/MODEL_CARD.md``) on a spaCy
Doc and returns what it found. ``detect_linear`` keeps the earlier model (frozen MiniLM + linear
heads over spaCy features) for comparison.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from spacy.tokens import Doc

from newstrace.propaganda import finetuned
from newstrace.propaganda.labels import TECHNIQUES

if TYPE_CHECKING:
    from newstrace.propaganda.features import DocFeatures

__all__ = ["TECHNIQUES", "Detection", "FoundSpan", "SentenceScore", "detect", "detect_linear"]


@dataclass(frozen=True)
class FoundSpan:
    start: int
    end: int
    technique: str
    score: float  # span probability x technique probability
    span_score: float
    technique_score: float


@dataclass(frozen=True)
class SentenceScore:
    start: int
    end: int
    score: float
    propaganda: bool


@dataclass
class Detection:
    spans: list[FoundSpan] = field(default_factory=list)
    sentences: list[SentenceScore] = field(default_factory=list)


#: A second technique is reported for a span when the classifier gives it at least this much.
SECOND_LABEL_MIN = 0.3


def _labelled(spans: list[tuple[int, int, float]], tech: np.ndarray, second_min: float) -> list[FoundSpan]:
    """One FoundSpan per span and technique: the best one, and the runner-up when it is strong."""
    out: list[FoundSpan] = []
    for (start, end, score), p in zip(spans, tech, strict=True):
        order = p.argsort()[::-1]
        for rank, k in enumerate(order[:2]):
            if rank == 1 and p[k] < second_min:
                break
            out.append(
                FoundSpan(
                    start,
                    end,
                    TECHNIQUES[int(k)],
                    round(float(score * p[k]), 4),
                    round(score, 4),
                    round(float(p[k]), 4),
                )
            )
    return out


def detect(doc: Doc) -> Detection:
    """Find propaganda spans and score every sentence of a parsed article (fine-tuned model)."""
    if not doc.text.strip():
        return Detection()
    dec = finetuned.load_decoding()
    sents = [s for s in doc.sents if len(s) > 0 and s.text.strip()]
    raw = finetuned.run_model(doc, sents)
    p_in, p_b = finetuned.token_probs(doc, raw)
    spans = finetuned.decode_spans(doc, sents, p_in, p_b, dec)
    tech = finetuned.span_techniques(raw, [(s, e) for s, e, _ in spans])
    scores = finetuned.sentence_scores(sents, raw, p_in, dec)
    sentences = [
        SentenceScore(s.start_char, s.end_char, round(float(z), 4), bool(z >= dec.slc_threshold))
        for s, z in zip(sents, scores, strict=True)
    ]
    return Detection(_labelled(spans, tech, dec.second_label_min), sentences)


def detect_linear(doc: Doc, feats: DocFeatures | None = None) -> Detection:
    """The earlier model: frozen MiniLM + spaCy features -> linear heads (``heads.npz``).

    ``feats`` may pass features already computed for ``doc`` (its benchmark reuses them).
    """
    from newstrace.propaganda.features import doc_features
    from newstrace.propaganda.model import load_model

    if not doc.text.strip():
        return Detection()
    model = load_model()
    if feats is None:
        feats = doc_features(doc)
    probs = model.token_probs(feats)
    found = model.decode_spans(feats, probs)
    tech = model.classify_spans(feats, [(s.start, s.end) for s in found])
    spans = _labelled([(s.start, s.end, s.score) for s in found], tech, SECOND_LABEL_MIN)
    scores = model.sentence_scores(feats, probs)
    sentences = [
        SentenceScore(s.start_char, s.end_char, round(float(z), 4), bool(z >= model.slc_threshold))
        for s, z in zip(feats.sents, scores, strict=True)
    ]
    return Detection(spans, sentences)
