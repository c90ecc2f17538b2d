"""Sentence-level dense signals for check-worthiness, read off a spaCy parse (benchmark-only).

The best CheckThat! 2019 systems added a handful of sentence-level facts to their lexical features:
does the sentence give a number, a percentage, a comparison, a named person / organisation / place,
which tense, how long it is, whether the speaker talks about "I" / "we" / "you", whether it is a
question. They are cheap to read from the parse the pipeline already has (no second model). Each
value is 0/1 or a small count squashed to about [0, 1], so a linear model can weigh them as they are.

Used by ``cv_checkworthy.py --dense`` only: in cross-validation on the CheckThat! 2019 training
debates they added less than 0.001 MAP to the TF-IDF model, so the shipped model does not read them
(see BENCHMARKS.md, "Claims").
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Protocol

__all__ = ["FEATURE_NAMES", "dense_features"]


class _Token(Protocol):
    text: str
    lower_: str
    tag_: str
    dep_: str
    like_num: bool
    is_punct: bool
    is_space: bool
    ent_type_: str


class _Ent(Protocol):
    label_: str


class _Span(Protocol):
    """What is read from a spaCy ``Span`` or ``Doc``: its tokens and its entities."""

    def __iter__(self) -> Iterator[_Token]: ...

    @property
    def ents(self) -> Iterable[_Ent]: ...


_ENT_GROUPS = {
    "PERSON": "ent_person",
    "ORG": "ent_org",
    "GPE": "ent_place",
    "LOC": "ent_place",
    "NORP": "ent_norp",
    "DATE": "ent_date",
    "TIME": "ent_date",
    "MONEY": "ent_money",
    "PERCENT": "ent_percent",
    "CARDINAL": "ent_number",
    "QUANTITY": "ent_number",
    "ORDINAL": "ent_ordinal",
    "LAW": "ent_law",
    "EVENT": "ent_event",
}
_FIRST_SINGULAR = {"i", "me", "my", "mine", "myself"}
_FIRST_PLURAL = {"we", "us", "our", "ours", "ourselves"}
_SECOND = {"you", "your", "yours", "yourself", "yourselves"}
_PERCENT_WORDS = {"%", "percent", "per", "percentage"}
_MONEY_WORDS = {"$", "€", "£", "dollars", "billion", "million", "trillion"}
_CHANGE_WORDS = {"increase", "increased", "decrease", "decreased", "doubled", "tripled", "rose", "fell", "cut",
                 "raised", "lowered", "grew", "dropped", "up", "down"}  # fmt: skip

#: The order of the values :func:`dense_features` returns (the columns of ``cv_checkworthy.py``'s dense block).
FEATURE_NAMES: tuple[str, ...] = (
    "length",
    "short",
    "number",
    "percent",
    "money",
    "comparative",
    "superlative",
    "than",
    "change",
    "past",
    "present",
    "modal",
    "future",
    "first_singular",
    "first_plural",
    "second",
    "question",
    "exclamation",
    "negation",
    *sorted(set(_ENT_GROUPS.values())),
)


def dense_features(span: _Span) -> list[float]:
    """The values of :data:`FEATURE_NAMES` for one sentence (a spaCy ``Span`` or ``Doc``)."""
    words = [t for t in span if not t.is_space]
    lowers = {t.lower_ for t in words}
    tags = {t.tag_ for t in words}
    n_words = sum(1 for t in words if not t.is_punct)
    last = words[-1].text if words else ""
    found: dict[str, float] = {
        # log length, saturating: long sentences carry more claims, but the tenth extra word adds little
        "length": min(1.0, math.log1p(n_words) / math.log(60)),
        "short": float(n_words < 6),
        "number": float(any(t.like_num or t.tag_ == "CD" for t in words)),
        "percent": float(bool(lowers & _PERCENT_WORDS)),
        "money": float(bool(lowers & _MONEY_WORDS)),
        "comparative": float(bool(tags & {"JJR", "RBR"})),
        "superlative": float(bool(tags & {"JJS", "RBS"})),
        "than": float("than" in lowers),
        "change": float(bool(lowers & _CHANGE_WORDS)),
        "past": float(bool(tags & {"VBD", "VBN"})),
        "present": float(bool(tags & {"VBP", "VBZ"})),
        "modal": float("MD" in tags),
        "future": float(bool(lowers & {"will", "'ll", "gonna"})),
        "first_singular": float(bool(lowers & _FIRST_SINGULAR)),
        "first_plural": float(bool(lowers & _FIRST_PLURAL)),
        "second": float(bool(lowers & _SECOND)),
        "question": float(last == "?"),
        "exclamation": float(last == "!"),
        "negation": float(any(t.dep_ == "neg" for t in words)),
    }
    for ent in span.ents:
        group = _ENT_GROUPS.get(ent.label_)
        if group:
            found[group] = 1.0
    return [found.get(name, 0.0) for name in FEATURE_NAMES]
