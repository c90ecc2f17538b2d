"""Event certainty, attribution and PLOVER modes (historical, future, hypothetical, negated).

Certainty and attribution come from the claims layer when it ran (per sentence); when it did not,
the same public functions of :mod:`newstrace.claims` are called here on the sentence, so a hedged
movement ("might have arrived from Raqqa") is never coded as an asserted one and both paths agree.
PLOVER's auxiliary modes are read from the dependency parse around the event's trigger: a negation
attached to it, a future or conditional auxiliary, a condition clause, or an event date well before
the article's publication. No event coder implements these modes, so
the rules are our own, written from the PLOVER manual's definitions.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from newstrace.claims.attribution import Attribution

__all__ = ["attribution_of", "certainty_of", "mode_of"]

_FUTURE_AUX = {"will", "shall", "'ll"}
_FUTURE_WORDS = re.compile(
    r"\b(upcoming|planned|plans? to|planning to|is to|are to|is expected to|are expected to|"
    r"going to|intends? to|threaten\w* to|vow\w* to|prepar\w* (to|for))\b",
    re.IGNORECASE,
)
_CONDITION = re.compile(r"\b(if|unless|in case|whether|would have|would not have|wouldn't have)\b", re.IGNORECASE)


@lru_cache(maxsize=64)
def _attributions(sent: Span) -> tuple[Attribution, ...]:
    # compose asks for a sentence's attribution more than once (certainty, source of a figure)
    from newstrace.claims.attribution import extract_attributions

    return tuple(extract_attributions(sent.doc, sent))


def certainty_of(sent: Span) -> tuple[str, list[str]]:
    """(certainty, cue labels) of a sentence, by the claims layer's own rules (for when it did not run)."""
    from newstrace.claims.certainty import classify_certainty

    result = classify_certainty(sent, list(_attributions(sent)))
    return str(result.certainty), [c.label() for c in result.cues]


def attribution_of(sent: Span) -> str | None:
    """Who a sentence attributes its content to (the claims layer's source of its main attribution)."""
    attrs = [a for a in _attributions(sent) if a.source]
    main = next((a for a in attrs if a.main), attrs[0] if attrs else None)
    return main.source.strip(" ,") if main is not None and main.source else None


def mode_of(trigger: Token, clause_text: str, date_start: str | None, published: str | None) -> str | None:
    """The PLOVER mode of an event mention, or None for a plain, current, actual event."""
    # the trigger and the verbs that govern it, up to the sentence root: "would not have been able to deploy"
    chain = [trigger, *trigger.ancestors]
    near = [c for t in chain for c in t.children]
    own = [trigger, *trigger.children]
    if (
        any(t.lower_ in ("if", "unless") and t.dep_ == "mark" for t in near)
        or _CONDITION.search(clause_text)
        or (any(t.lower_ == "would" for t in near) and any(t.lower_ == "have" for t in near))
    ):
        return "hypothetical"
    if any(t.dep_ == "neg" for t in near) or re.search(
        r"\b(denied|no (one|casualties)|never|failed to)\b", clause_text, re.IGNORECASE
    ):
        return "negated"
    future_words = " ".join(t.lower_ for t in own)
    if (
        any(t.lower_ in _FUTURE_AUX for t in near)
        or _FUTURE_WORDS.search(future_words)
        or any(t.lemma_ in ("plan", "intend", "threaten", "vow", "prepare", "expect") for t in chain[1:])
    ):
        return "future"
    if date_start and published:
        try:
            gap = (date.fromisoformat(published[:10]) - date.fromisoformat(date_start[:10])).days
        except ValueError:
            gap = 0
        # PLOVER: "historical" is background, not the news: more than a month before publication.
        if gap > 31:
            return "historical"
        if gap < -1:
            return "future"
    return None
