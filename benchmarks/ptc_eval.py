"""Scoring the fine-tuned propaganda model on PTC-style articles (shared by the benchmark and tuning).

The graph runs once per article (:func:`infer`); decoding settings can then be varied cheaply
(:func:`evaluate`), which is how the tuning script searches them on the held-out train slice.
"""

from __future__ import annotations

import pickle
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Span

from newstrace.nlp import parse
from newstrace.propaganda import finetuned, spanclf, spanlex
from newstrace.propaganda.labels import TECHNIQUES
from newstrace.propaganda.ptc import GoldSpan, PTCArticle, lines_of
from newstrace.propaganda.scoring import PRF, score_si, score_slc, score_tc

__all__ = ["Inferred", "Scores", "evaluate", "infer", "infer_all", "tc_gold", "tc_predictions"]


@dataclass
class Inferred:
    art: PTCArticle
    si_gold: list[tuple[int, int]]
    doc: Doc
    sents: list[Span]
    raw: finetuned.RawOutputs
    p_in: np.ndarray
    p_b: np.ndarray
    # Technique probabilities of the unique gold spans (sorted): the span classifier's and the
    # multi-task head's, kept apart so that their mix can be tuned without re-running either.
    gold_spans: list[tuple[int, int]]
    tc_span: np.ndarray
    tc_head: np.ndarray
    # The lexical span model's (cheap, so computed on first use when a cache written before it lacks it).
    tc_lex: np.ndarray | None = None

    # spaCy spans cannot be pickled (they are views of the Doc): store their token bounds instead.
    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["sents"] = [(s.start, s.end) for s in self.sents]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        bounds = state.pop("sents")
        self.__dict__.update(state)
        self.sents = [self.doc[a:b] for a, b in bounds]  # type: ignore[attr-defined]


@dataclass
class Scores:
    si: PRF
    tc: PRF
    slc: PRF
    n_pred: int


def infer(art: PTCArticle, si_gold: list[tuple[int, int]]) -> Inferred:
    doc = parse(art.text)
    sents = finetuned.model_sentences(doc)
    raw = finetuned.run_model(doc, sents)
    p_in, p_b = finetuned.token_probs(doc, raw)
    uniq = sorted({(s.start, s.end) for s in art.spans})
    head = finetuned.span_techniques(raw, uniq)
    span = spanclf.classify_spans(art.text, uniq) if spanclf.available() and uniq else head
    return Inferred(art, si_gold, doc, sents, raw, p_in, p_b, uniq, span, head)


def infer_all(arts: list[PTCArticle], si_gold: dict[str, list[GoldSpan]], cache: Path | None) -> list[Inferred]:
    """:func:`infer` on every article; ``cache`` (our own scratch pickle, in article order) is read
    when it exists, else written whole, so that new decoding settings can be scored without the graphs."""
    if cache is not None and cache.is_file():
        with cache.open("rb") as fh:
            items: list[Inferred] = pickle.load(fh)
        return items[: len(arts)]
    items = [infer(a, [(s.start, s.end) for s in si_gold.get(a.id, [])]) for a in arts]
    if cache is not None:
        part = cache.with_suffix(".part")  # written whole, then renamed
        with part.open("wb") as fh:
            pickle.dump(items, fh)
        part.replace(cache)
    return items


def tc_gold(item: Inferred) -> list[tuple[int, int, str]]:
    """The gold (start, end, technique) triples of the article, as the TC scorers take them."""
    return [(s.start, s.end, s.technique or "") for s in item.art.spans]


def tc_predictions(item: Inferred, dec: finetuned.Decoding) -> list[tuple[int, int, str]]:
    """Techniques of the gold spans (the task gives them); a span listed k times gets the top k.

    The span classifier, the multi-task head and the lexical span model combine as in ``detect``
    (``tc_mix``, ``tc_gate``, ``lex_mix``).
    """
    if item.tc_lex is None and spanlex.available():
        item.tc_lex = spanlex.classify_spans(item.art.text, item.gold_spans)
    probs = finetuned.mix_techniques(item.tc_head, lambda rows: item.tc_span[rows], dec, item.tc_lex)
    listed = Counter((s.start, s.end) for s in item.art.spans)
    out = []
    for (s, e), p in zip(item.gold_spans, probs, strict=True):
        for k in p.argsort()[::-1][: listed[(s, e)]]:
            out.append((s, e, TECHNIQUES[int(k)]))
    return out


def evaluate(items: list[Inferred], dec: finetuned.Decoding, with_tc: bool = True) -> Scores:
    pred_si: dict[str, list[tuple[int, int]]] = {}
    gold_si: dict[str, list[tuple[int, int]]] = {}
    pred_tc: dict[str, list[tuple[int, int, str]]] = {}
    gold_tc: dict[str, list[tuple[int, int, str]]] = {}
    slc_pred: list[bool] = []
    slc_gold: list[bool] = []
    for it in items:
        aid = it.art.id
        spans = finetuned.decode_spans(it.doc, it.sents, it.p_in, it.p_b, dec)
        pred_si[aid] = [(s, e) for s, e, _ in spans]
        gold_si[aid] = it.si_gold
        if with_tc:
            pred_tc[aid] = tc_predictions(it, dec)
            gold_tc[aid] = tc_gold(it)
        scores = finetuned.sentence_scores(it.sents, it.raw, it.p_in, dec)
        starts = np.array([s.start_char for s in it.sents])
        ends = np.array([s.end_char for s in it.sents])
        for ls, le in lines_of(it.art.text):
            hit = (starts < le) & (ends > ls)
            slc_pred.append(bool(hit.any()) and float(scores[hit].max()) >= dec.slc_threshold)
            slc_gold.append(any(gs < le and ge > ls for gs, ge in it.si_gold))
    tc = score_tc(pred_tc, gold_tc) if with_tc else PRF.of(0.0, 0.0)
    n_pred = sum(len(v) for v in pred_si.values())
    return Scores(score_si(pred_si, gold_si), tc, score_slc(slc_pred, slc_gold), n_pred)
