"""Propaganda techniques: spans, their technique (PTC-2020's 14 names) and sentence scores.

``detect(doc)`` runs the shipped fine-tuned model (one int8 ONNX graph: MiniLM fine-tuned with a
span, a technique and a sentence head, see ``newstrace/data/propaganda/MODEL_CARD.md``) on a spaCy
Doc and returns what it found.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
from spacy.tokens import Doc

from newstrace.propaganda import finetuned, spanclf, spanlex
from newstrace.propaganda.labels import TECHNIQUES

__all__ = ["TECHNIQUES", "Detection", "FoundSpan", "SentenceScore", "detect", "span_techniques"]


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


def span_techniques(
    text: str, raw: finetuned.RawOutputs, spans: list[tuple[int, int]], dec: finetuned.Decoding
) -> np.ndarray:
    """(n_spans, 14) technique probabilities: the span classifier mixed with the multi-task head.

    The span classifier reads each span in context with article-level features (see
    ``spanclf``), asked only where the head is unsure (``tc_gate``); the lexical span model
    (``spanlex``: the span's own words) then joins every span (``lex_mix``). An install lacking
    either file goes without it.
    """
    head = finetuned.span_techniques(raw, spans)
    if not spans:
        return head
    lexical = spanlex.classify_spans(text, spans) if dec.lex_mix > 0.0 and spanlex.available() else None
    if not spanclf.available():
        dec = replace(dec, tc_mix=0.0)  # the classifier is then never asked
    return finetuned.mix_techniques(
        head, lambda rows: spanclf.classify_spans(text, [spans[i] for i in rows]), dec, lexical
    )


def detect(doc: Doc) -> Detection:
    """Find propaganda spans and score every sentence of a parsed article (fine-tuned model)."""
    if not doc.text.strip():
        return Detection()
    dec = finetuned.load_decoding()
    sents = finetuned.model_sentences(doc)
    raw = finetuned.run_model(doc, sents)
    p_in, p_b = finetuned.token_probs(doc, raw)
    spans = finetuned.decode_spans(doc, sents, p_in, p_b, dec)
    tech = span_techniques(doc.text, raw, [(s, e) for s, e, _ in spans], dec)
    scores = finetuned.sentence_scores(sents, raw, p_in, dec)
    sentences = [
        SentenceScore(s.start_char, s.end_char, round(float(z), 4), bool(z >= dec.slc_threshold))
        for s, z in zip(sents, scores, strict=True)
    ]
    return Detection(_labelled(spans, tech, dec.second_label_min), sentences)
