"""Event certainty, attribution and PLOVER modes (historical, future, hypothetical, negated).

Certainty and attribution come from the claims layer when it ran (per sentence); the fallback here
reads the same cues itself so that a hedged movement ("might have arrived from Raqqa") is never
coded as an asserted one. PLOVER's auxiliary modes are read from the dependency parse around the
event's trigger: a negation attached to it, a future or conditional auxiliary, a condition clause,
or an event date well before the article's publication. No event coder implements these modes, so
the rules are our own, written from the PLOVER manual's definitions.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["attribution_of", "certainty_of", "mode_of"]

_SPECULATIVE = re.compile(
    r"\b(it (could|can|may|might) be (supposed|assumed|presumed|guessed|speculated)|presumably|supposedly|"
    r"speculat\w*|rumou?r\w*|conjectur\w*|one (could|can|might) (assume|suppose|imagine)|it is possible that|"
    r"perhaps|maybe)\b",
    re.IGNORECASE,
)
_HEDGED = re.compile(
    r"\b(might|may|could|seems?|seemed|appears?|appeared|reportedly|allegedly|possibly|apparently|"
    r"probably|likely|suspected|believed to|thought to|unconfirmed|purportedly|claimed to)\b",
    re.IGNORECASE,
)
_REPORTED = re.compile(
    r"\b(said|says|told|reported|reports|according to|announced|stated|claimed|claims|confirmed|added|"
    r"quoted|cited|declared|tweeted|wrote)\b",
    re.IGNORECASE,
)

_SPEECH_LEMMAS = {
    "say",
    "tell",
    "report",
    "announce",
    "state",
    "claim",
    "confirm",
    "add",
    "declare",
    "write",
    "tweet",
    "accord",
    "quote",
    "cite",
}
_FUTURE_AUX = {"will", "shall", "'ll"}
_FUTURE_WORDS = re.compile(
    r"\b(upcoming|planned|plans? to|planning to|is to|are to|is expected to|are expected to|"
    r"going to|intends? to|threaten\w* to|vow\w* to|prepar\w* (to|for))\b",
    re.IGNORECASE,
)
_CONDITION = re.compile(r"\b(if|unless|in case|whether|would have|would not have|wouldn't have)\b", re.IGNORECASE)


def certainty_of(text: str) -> tuple[str, list[str]]:
    """(certainty, cues) of a sentence or clause from its own wording (fallback for the claims layer)."""
    for label, pat in (("speculative", _SPECULATIVE), ("hedged", _HEDGED), ("reported", _REPORTED)):
        cues = [m.group(0) for m in pat.finditer(text)]
        if cues:
            return label, cues
    return "asserted", []


def attribution_of(sent: Span) -> str | None:
    """Who a sentence attributes its content to: the subject of a speech verb, or the 'according to' object."""
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
            for child in tok.doc[tok.i + 1].children:
                if child.dep_ == "pobj":
                    return _phrase([child])
        if tok.lemma_ in _SPEECH_LEMMAS and tok.pos_ == "VERB":
            # the small model sometimes splits a hyphenated name into several nsubj tokens: join them all
            subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects:
                return _phrase(subjects)
    return None


def _phrase(toks: list[Token]) -> str:
    """The noun phrase spanned by ``toks`` and their dependents, cut before a relative clause."""
    doc = toks[0].doc
    lo = min(t.left_edge.i for t in toks)
    hi = max(t.right_edge.i for t in toks)
    for t in doc[lo : hi + 1]:
        if t.dep_ in ("relcl", "acl") and t.i > lo:
            hi = min(hi, t.left_edge.i - 1)
            break
    return doc[lo : hi + 1].text.strip(" ,")


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
