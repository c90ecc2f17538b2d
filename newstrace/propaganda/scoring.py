"""Scorers for the three propaganda tasks, written from the official definitions.

- **SI** (SemEval-2020 Task 11, span identification): each predicted span ``s`` and gold span ``t``
  of the same article contribute ``|s∩t|/|s|`` to precision and ``|s∩t|/|t|`` to recall; precision
  is divided by the number of predicted spans, recall by the number of gold spans. Overlapping spans
  of one side are merged first (the task forbids them within a submission and the SI gold is merged).
- **TC** (technique classification on given spans): micro-averaged F1 over the gold (span, technique)
  pairs; a span with several gold techniques matches as many predictions of them as it has.
- **SLC** (NLP4IF-2019 sentence level): F1 of the positive ("propaganda") class.

They are reimplemented (rather than vendored) because the task's scripts are not a library and the
repository ships only its own code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = ["PRF", "merge_spans", "score_si", "score_slc", "score_tc", "score_tc_per_technique"]


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float
    support: int = 0  # gold items

    @classmethod
    def of(cls, precision: float, recall: float, support: int = 0) -> PRF:
        f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
        return cls(precision, recall, f1, support)


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans: overlapping or touching spans are joined; empty ones dropped."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def score_si(predicted: Mapping[str, Iterable[tuple[int, int]]], gold: Mapping[str, Iterable[tuple[int, int]]]) -> PRF:
    """SI precision/recall/F1 over all articles (keys are article ids; missing keys mean no spans)."""
    prec_sum = rec_sum = 0.0
    n_pred = n_gold = 0
    for aid in set(predicted) | set(gold):
        pred = merge_spans(predicted.get(aid, ()))
        ref = merge_spans(gold.get(aid, ()))
        n_pred += len(pred)
        n_gold += len(ref)
        for ps, pe in pred:
            for gs, ge in ref:
                inter = min(pe, ge) - max(ps, gs)
                if inter > 0:
                    prec_sum += inter / (pe - ps)
                    rec_sum += inter / (ge - gs)
    precision = prec_sum / n_pred if n_pred else 0.0
    recall = rec_sum / n_gold if n_gold else 0.0
    return PRF.of(precision, recall, n_gold)


Labelled = Mapping[str, Sequence[tuple[int, int, str]]]


def _matches(predicted: Labelled, gold: Labelled, only: str | None = None) -> tuple[int, int, int]:
    correct = n_pred = n_gold = 0
    for aid in set(predicted) | set(gold):
        pc = Counter(p for p in predicted.get(aid, ()) if only is None or p[2] == only)
        gc = Counter(g for g in gold.get(aid, ()) if only is None or g[2] == only)
        n_pred += sum(pc.values())
        n_gold += sum(gc.values())
        correct += sum((pc & gc).values())
    return correct, n_pred, n_gold


def score_tc(predicted: Labelled, gold: Labelled) -> PRF:
    """Micro P/R/F1 of (start, end, technique) triples per article."""
    correct, n_pred, n_gold = _matches(predicted, gold)
    return PRF.of(correct / n_pred if n_pred else 0.0, correct / n_gold if n_gold else 0.0, n_gold)


def score_tc_per_technique(predicted: Labelled, gold: Labelled, techniques: Iterable[str]) -> dict[str, PRF]:
    """P/R/F1 of each technique on its own."""
    out: dict[str, PRF] = {}
    for name in techniques:
        correct, n_pred, n_gold = _matches(predicted, gold, name)
        out[name] = PRF.of(correct / n_pred if n_pred else 0.0, correct / n_gold if n_gold else 0.0, n_gold)
    return out


def score_slc(predicted: Sequence[bool], gold: Sequence[bool]) -> PRF:
    """F1 of the positive class; the two sequences are aligned sentence by sentence."""
    if len(predicted) != len(gold):
        raise ValueError(f"{len(predicted)} predictions for {len(gold)} gold sentences")
    tp = sum(1 for p, g in zip(predicted, gold, strict=True) if p and g)
    n_pred = sum(1 for p in predicted if p)
    n_gold = sum(1 for g in gold if g)
    return PRF.of(tp / n_pred if n_pred else 0.0, tp / n_gold if n_gold else 0.0, n_gold)
