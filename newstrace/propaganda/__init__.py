"""Propaganda techniques: spans, their technique (PTC-2020's 14 names) and sentence scores.

``detect(doc)`` runs the shipped models (an int8 ONNX MiniLM encoder and three linear heads, see
``newstrace/data/propaganda/MODEL_CARD.md``) on a spaCy Doc and returns what it found.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from newstrace.propaganda.features import DocFeatures, doc_features
from newstrace.propaganda.labels import TECHNIQUES
from newstrace.propaganda.model import load_model

__all__ = ["TECHNIQUES", "Detection", "FoundSpan", "SentenceScore", "detect"]


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


def detect(doc: Doc, feats: DocFeatures | None = None) -> Detection:
    """Find propaganda spans and score every sentence of a parsed article.

    ``feats`` may pass features already computed for ``doc`` (the benchmark reuses them).
    """
    if not doc.text.strip():
        return Detection()
    model = load_model()
    if feats is None:
        feats = doc_features(doc)
    probs = model.token_probs(feats)
    found = model.decode_spans(feats, probs)
    tech = model.classify_spans(feats, [(s.start, s.end) for s in found])
    spans: list[FoundSpan] = []
    for span, p in zip(found, tech, strict=True):
        order = p.argsort()[::-1]
        for rank, k in enumerate(order[:2]):
            if rank == 1 and p[k] < SECOND_LABEL_MIN:
                break
            spans.append(
                FoundSpan(
                    span.start,
                    span.end,
                    TECHNIQUES[int(k)],
                    round(float(span.score * p[k]), 4),
                    round(span.score, 4),
                    round(float(p[k]), 4),
                )
            )
    scores = model.sentence_scores(feats, probs)
    sentences = [
        SentenceScore(s.start_char, s.end_char, round(float(z), 4), bool(z >= model.slc_threshold))
        for s, z in zip(feats.sents, scores, strict=True)
    ]
    return Detection(spans, sentences)
