"""Sub-event classification of a sentence or snippet into the ACLED (+ CASE security) classes.

Two signals are combined: the weighted cue lexicon of :mod:`newstrace.events.cues` (specific, written
from ACLED's definitions) and, when it ships, a small TF-IDF linear model trained on the PLOVER gold
records and NGEC synthetic stories mapped to ACLED classes (see ``newstrace/data/events/README.md``).
The lexicon decides when its best class is clearly ahead; the model breaks ties and covers wording the
lexicon misses. Both load lazily, once per process.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from newstrace.events.actors import find_actor_mentions
from newstrace.events.cues import EVENT_TRIGGER, compiled_cues
from newstrace.events.taxonomy import CASE_CODES, SUB_EVENT_OF_CODE

__all__ = ["Prediction", "classify", "is_event_sentence", "rule_scores"]

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


def _model_probs(text: str) -> dict[str, float]:
    model = _linear_model()
    if model is None:
        return {}
    from newstrace.events.features import featurize

    vec = featurize(text, model["vocab"], model["idf"])
    classes: list[str] = model["classes"]
    logits = []
    for ci, _ in enumerate(classes):
        w = model["coef"][ci]  # sparse: {feature index as str: weight}
        logits.append(model["intercept"][ci] + sum(w.get(str(j), 0.0) * v for j, v in vec.items()))
    top = max(logits)
    exps = [math.exp(x - top) for x in logits]
    z = sum(exps)
    return {c: e / z for c, e in zip(classes, exps, strict=True)}


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


def classify(text: str, *, allowed: tuple[str, ...] = CASE_CODES) -> Prediction | None:
    """The most likely class of ``text`` among ``allowed`` CASE codes, or None when nothing points to one."""
    scores = {c: s for c, s in rule_scores(text).items() if c in allowed}
    probs = {c: p for c, p in _model_probs(text).items() if c in allowed}
    if not scores and not probs:
        return None
    # The lexicon's evidence is scaled to roughly a probability; the model adds up to 2 points, so a
    # lexicon lead of a specific cue (weight >= 3) is never overturned by the model alone.
    combined = {c: scores.get(c, 0.0) + 2.0 * probs.get(c, 0.0) for c in set(scores) | set(probs)}
    best = max(sorted(combined), key=lambda c: combined[c])
    refined = _family_rules(best, scores, text)
    if refined in allowed and refined != best:
        combined[refined] = max(combined.get(refined, 0.0), combined[best])
        best = refined
    if not scores and probs.get(best, 0.0) < 0.4:
        return None
    return Prediction(best, SUB_EVENT_OF_CODE.get(best), combined[best], scores.get(best, 0.0))


def is_event_sentence(text: str) -> bool:
    """True when a sentence has an event trigger word at all (cheap pre-filter before classification)."""
    return EVENT_TRIGGER.search(text.lower()) is not None
