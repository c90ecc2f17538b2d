"""Sub-event classification of a sentence or snippet into the ACLED (+ CASE security) classes.

Three signals are combined: the weighted cue lexicon of :mod:`newstrace.events.cues` (specific, written
from ACLED's definitions), a small TF-IDF linear model (:mod:`newstrace.events.features`) and MiniLM
fine-tuned as a sentence classifier (:mod:`newstrace.events.finetuned`, three fold models averaged),
all trained on sentences we wrote ourselves (see ``newstrace/data/events/README.md``). The score of a
class is its lexicon evidence plus ``weight`` times the models' probability (fine-tuned and TF-IDF
mixed ``mix`` : 1 - ``mix``), then ACLED's decision rules inside a family of classes. ``weight``,
``mix``, ``trust`` and a lexicon gate (encoding is skipped when a strong specific cue is well ahead of
the rest; the shipped settings never skip) are chosen on out-of-fold predictions for our own sentences,
never on CASE, and ship in ``subevent_combine.json``. Running the three graphs on every event clause
costs about the parse time again, five times the events budget (see BENCHMARKS.md), so articles use
the fast path (lexicon + TF-IDF, its own weight) unless asked. Everything loads lazily, once.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from newstrace.events.actors import find_actor_mentions
from newstrace.events.cues import EVENT_TRIGGER, compiled_cues
from newstrace.events.taxonomy import CASE_CODES, SUB_EVENT_OF_CODE
from newstrace.mathutil import softmax

__all__ = [
    "Prediction",
    "Settings",
    "classify",
    "combine",
    "decisive",
    "is_event_sentence",
    "linear_probs",
    "model_probs",
    "rule_scores",
    "settings",
]

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "events" / "subevent_linear.json"


@dataclass(frozen=True)
class Prediction:
    """The best class of a text: its CASE code, its ACLED sub-event type (None outside ACLED), a score."""

    code: str
    sub_event_type: str | None
    score: float
    rule_score: float


@lru_cache(maxsize=1)
def _cues() -> dict[str, list[tuple[Any, float, str | None]]]:
    return compiled_cues()


def rule_scores(text: str) -> dict[str, float]:
    """Sum of matched cue weights per class (each pattern counts once) for lower-cased ``text``."""
    low = text.lower()
    scores: dict[str, float] = {}
    for code, pats in _cues().items():
        s = sum(w for pat, w, lit in pats if (lit is None or lit in low) and pat.search(low))
        if s > 0:
            scores[code] = s
    return scores


@lru_cache(maxsize=1)
def _linear_model() -> dict[str, Any] | None:
    """The shipped linear model (vocabulary, idf, per-class weights), or None when it is absent."""
    try:
        raw = MODEL_PATH.read_text("utf-8")
    except OSError:  # an install without the model still classifies, with the lexicon alone
        return None
    model: dict[str, Any] = json.loads(raw)
    return model


def model_probs(text: str) -> dict[str, float]:
    """Class probabilities of ``text`` from the shipped TF-IDF linear model (empty when it is absent)."""
    model = _linear_model()
    return {} if model is None else linear_probs(model, text)


def linear_probs(model: dict[str, Any], text: str) -> dict[str, float]:
    """Softmax of a linear model in the shipped JSON form (also used by the training script's tuning)."""
    from newstrace.events.features import featurize

    vec = featurize(text, model["vocab"], model["idf"])
    classes: list[str] = model["classes"]
    logits = []
    for ci, _ in enumerate(classes):
        w = model["coef"][ci]  # sparse: {feature index as str: weight}
        logits.append(model["intercept"][ci] + sum(w.get(str(j), 0.0) * v for j, v in vec.items()))
    probs = softmax(np.asarray(logits))
    return {c: float(p) for c, p in zip(classes, probs, strict=True)}


_PROTEST_FAMILY = {"PEACE_PROTEST", "PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST", "VIOL_DEMONSTR", "ARREST"}
_EXPLOSIVES = {"REM_EXPLOS", "GRENADE", "ART_MISS_ATTACK", "AIR_STRIKE", "SUIC_BOMB", "CHEM_WEAP"}
_TERRITORY = {"GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER", "NON_VIOL_TERRIT_TRANSFER"}
_CIVILIAN = re.compile(r"\b(civilians?|villagers|residents|worshippers|passengers|women|children|students|farmers)\b")


def _family_rules(best: str, scores: dict[str, float], text: str) -> str:
    """ACLED's own decision order inside a family of related sub-events, applied after scoring.

    Protests: a demonstration met with lethal force is "Excessive force", one that turned violent is a
    "Violent demonstration", one dispersed or with arrests is "Protest with intervention", else peaceful.
    Territory: who takes it decides between the government regaining and a non-state actor overtaking.
    Attack vs clash: ACLED's "Attack" targets civilians; armed state and non-state sides fighting is a clash.
    Explosives that were defused, intercepted or seized are "Disrupted weapons use", not an explosion.
    """
    if best in _EXPLOSIVES and scores.get("DISR_WEAP", 0.0) >= 3.0:
        return "DISR_WEAP"  # a bomb defused, a missile intercepted, a cache seized: the weapon was not used
    if best in _PROTEST_FAMILY and scores.get("PEACE_PROTEST", 0.0) >= 2.0:
        if scores.get("FORCE_AGAINST_PROTEST", 0.0) >= 3.0:
            return "FORCE_AGAINST_PROTEST"
        if scores.get("VIOL_DEMONSTR", 0.0) >= 2.5:
            return "VIOL_DEMONSTR"
        if scores.get("PROTEST_WITH_INTER", 0.0) >= 2.5 or scores.get("ARREST", 0.0) >= 2.5:
            return "PROTEST_WITH_INTER"
        return "PEACE_PROTEST"
    if best in _TERRITORY or best == "ARMED_CLASH":
        if best != "ARMED_CLASH" and scores.get("NON_VIOL_TERRIT_TRANSFER", 0.0) >= 3.0:
            return "NON_VIOL_TERRIT_TRANSFER"
        if best in _TERRITORY or max(scores.get(c, 0.0) for c in _TERRITORY) >= 2.5:
            kind = _subject_kind(text)
            if kind == "state":
                return "GOV_REGAINS_TERIT"
            if kind == "nonstate":
                return "NON_STATE_ACTOR_OVERTAKES_TER"
    if best == "ATTACK" and not _CIVILIAN.search(text.lower()):
        kinds = {m.kind for m in find_actor_mentions(text)}
        if {"state", "nonstate"} <= kinds:
            return "ARMED_CLASH"
    return best


def _subject_kind(text: str) -> str | None:
    """Kind of the first armed actor named before the first capture verb (the one who takes the place)."""
    low = text.lower()
    cue = re.search(r"\b(recaptur|retak|retook|regain|liberat|captur|seiz|took control|taken control|took over|"
                    r"overr[au]n|fell to|pushed out|drove out)", low)
    if cue is None:
        return None
    if low[cue.start():].startswith("fell to"):  # "the town fell to X": the taker comes after
        after = [m for m in find_actor_mentions(text[cue.end():]) if m.kind in ("state", "nonstate")]
        return after[0].kind if after else None
    before = [m for m in find_actor_mentions(text[: cue.start()]) if m.kind in ("state", "nonstate")]
    return before[-1].kind if before else None


@dataclass(frozen=True)
class Settings:
    """How the signals combine: model weight, fine-tuned model share, and when the lexicon alone decides."""

    weight: float = 2.0
    mix: float = 0.0
    gate_top: float = 4.0
    gate_margin: float = 2.0
    weight_fast: float = 2.0  # the model weight when no sentence is encoded (lexicon + TF-IDF only)
    # the fine-tuned model's probability at which ACLED's family rules (read off the lexicon) no longer
    # override its class; above 1, they always do
    trust: float = 2.0


COMBINE_PATH = MODEL_PATH.with_name("subevent_combine.json")


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The combination settings chosen by ``benchmarks/train_events.py`` (defaults without its file)."""
    try:
        raw: dict[str, Any] = json.loads(COMBINE_PATH.read_text("utf-8"))
    except OSError:  # no tuned settings: the defaults still combine lexicon and models sensibly
        return Settings()
    known = {k: float(v) for k, v in raw.items() if k in Settings.__dataclass_fields__}
    return Settings(**known)


def decisive(scores: dict[str, float], s: Settings) -> bool:
    """True when the lexicon's best class has a strong cue well ahead of the next one."""
    top = sorted(scores.values(), reverse=True) + [0.0, 0.0]
    return top[0] >= s.gate_top and top[0] - top[1] >= s.gate_margin


def combine(
    scores: dict[str, float],
    lin: dict[str, float],
    emb: dict[str, float],
    text: str,
    s: Settings,
    allowed: tuple[str, ...] = CASE_CODES,
) -> Prediction | None:
    """Best class from lexicon scores and model probabilities (shared with the training script's tuning)."""
    scores = {c: v for c, v in scores.items() if c in allowed}
    mix = s.mix if emb else 0.0
    probs = {c: mix * emb.get(c, 0.0) + (1.0 - mix) * lin.get(c, 0.0) for c in set(lin) | set(emb) if c in allowed}
    if not scores and not probs:
        return None
    combined = {c: scores.get(c, 0.0) + s.weight * probs.get(c, 0.0) for c in set(scores) | set(probs)}
    best = max(sorted(combined), key=lambda c: combined[c])
    refined = _family_rules(best, scores, text)
    if emb and emb.get(best, 0.0) >= s.trust:
        refined = best  # the fine-tuned model read the whole text and is sure: the cue words do not overrule it
    if refined in allowed and refined != best:
        combined[refined] = max(combined.get(refined, 0.0), combined[best])
        best = refined
    if not scores and probs.get(best, 0.0) < 0.4:
        return None  # no cue at all and a diffuse model: not an event sentence
    return Prediction(best, SUB_EVENT_OF_CODE.get(best), combined[best], scores.get(best, 0.0))


def classify(
    text: str,
    *,
    allowed: tuple[str, ...] = CASE_CODES,
    use_embedding: bool = True,
) -> Prediction | None:
    """The most likely class of ``text`` among ``allowed`` CASE codes, or None when nothing points to one.

    ``use_embedding`` runs the fine-tuned MiniLM (unless the lexicon is decisive); without it, or
    without the installed graph, the lexicon and the TF-IDF model decide with their own weight.
    """
    s = settings()
    scores = rule_scores(text)
    emb: dict[str, float] = {}
    if use_embedding and s.mix > 0 and not decisive({c: v for c, v in scores.items() if c in allowed}, s):
        from newstrace.events.finetuned import ft_probs

        emb = ft_probs(text)
    if not emb:
        s = replace(s, weight=s.weight_fast)
    return combine(scores, model_probs(text), emb, text, s, allowed)


def is_event_sentence(text: str) -> bool:
    """True when a sentence has an event trigger word at all (cheap pre-filter before classification)."""
    return EVENT_TRIGGER.search(text.lower()) is not None
