"""Quantities in news text, with their approximators read as ranges.

"more than 300" is not 300: for a fact-checker or a casualty count it is "at least 301". This module
turns the number phrases of a parsed article into ``(low, high)`` ranges with the unit, what is
counted ("militants", "residents") and, when the verb says so, the role of the count ("killed",
"injured") that the events analyzer reads as fatalities.

Hand-written over spaCy's parse because no maintained library reads approximators ("some",
"exceeded", "dozens of") as ranges; the conventions are documented in ``docs/certainty-guideline.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from newstrace.claims.numbers import VAGUE_AMOUNTS, parse_number, parse_number_words
from newstrace.nlp import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["QuantityMatch", "extract_quantities"]

# Approximators before a number, longest first; each maps to how the range is built.
#   "gt": low = n + 1 (integers)   "ge": low = n   "lt": high = n - 1   "le": high = n
#   "approx": low = high = n, approximate   "near": high = n, approximate (just under n)
_BEFORE: list[tuple[tuple[str, ...], str]] = sorted(
    [
        (("more", "than"), "gt"), (("over",), "gt"), (("in", "excess", "of"), "gt"),
        (("upwards", "of"), "gt"), (("greater", "than"), "gt"), (("higher", "than"), "gt"),
        (("above",), "gt"), (("just", "over"), "gt"), (("well", "over"), "gt"),
        (("at", "least"), "ge"), (("no", "fewer", "than"), "ge"), (("no", "less", "than"), "ge"),
        (("a", "minimum", "of"), "ge"),
        (("fewer", "than"), "lt"), (("less", "than"), "lt"), (("under",), "lt"), (("below",), "lt"),
        (("just", "under"), "lt"),
        (("up", "to"), "le"), (("as", "many", "as"), "le"), (("as", "much", "as"), "le"),
        (("at", "most"), "le"), (("no", "more", "than"), "le"), (("a", "maximum", "of"), "le"),
        (("about",), "approx"), (("around",), "approx"), (("some",), "approx"),
        (("roughly",), "approx"), (("approximately",), "approx"), (("an", "estimated"), "approx"),
        (("estimated",), "approx"), (("approx",), "approx"), (("approx.",), "approx"),
        (("circa",), "approx"), (("close", "to"), "near"), (("nearly",), "near"),
        (("almost",), "near"), (("about", "some"), "approx"),
    ],
    key=lambda item: -len(item[0]),
)  # fmt: skip
# Verbs whose object is a lower bound: "the number of fighters exceeded 4,000".
_EXCEED_VERBS = {"exceed", "surpass", "top", "pass", "outnumber"}

_UNITS: dict[str, str] = {
    "%": "%", "percent": "%", "per cent": "%", "pct": "%", "percentage points": "pp",
    "km": "km", "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km",
    "mi": "mi", "miles": "mi", "mile": "mi", "m": "m", "metres": "m", "meters": "m", "metre": "m",
    "meter": "m", "feet": "ft", "ft": "ft", "foot": "ft", "kg": "kg", "kilograms": "kg",
    "tons": "t", "tonnes": "t", "ton": "t", "tonne": "t", "hectares": "ha", "ha": "ha",
    "barrels": "bbl", "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR",
    "pounds": "GBP", "rubles": "RUB", "roubles": "RUB", "yuan": "CNY",
}  # fmt: skip
_CURRENCY_SIGNS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "US$": "USD"}

_KILLED = {"kill", "die", "dead", "slay", "murder", "death", "fatality", "execute", "behead", "perish",
           "massacre", "shoot dead", "killed", "fatally"}
_INJURED = {"injure", "wound", "hurt", "injury", "injured", "wounded", "casualty"}

_SKIP_ENTS = {"DATE", "TIME", "ORDINAL"}
_NUMBER_WORDS = {"hundred", "thousand", "million", "billion", "trillion", "dozen", "and"}


@dataclass
class QuantityMatch:
    """One quantity found in the text (offsets into the parsed text)."""

    start: int
    end: int
    text: str
    low: float | None
    high: float | None
    unit: str | None = None
    approximate: bool = False
    vague: bool = False
    counted: str | None = None
    counted_start: int | None = None
    counted_end: int | None = None
    role: str | None = None
    modifier: str | None = None


_TIME_WORDS = {"day", "week", "month", "year", "hour", "minute", "second", "decade", "century", "night",
               "morning", "evening", "weekend", "time", "am", "pm", "a.m.", "p.m."}


def _counts_plural_noun(tok: Token) -> bool:
    """"between 12 and 18 medics": spaCy may call this a DATE; a following plural noun that is not
    a unit of time shows it is a count."""
    doc = tok.doc
    j = tok.i + 1
    while j < len(doc) and (doc[j].like_num or doc[j].lower_ in ("and", "to", "-", "–")):
        j += 1
    return j < len(doc) and doc[j].tag_ == "NNS" and doc[j].lemma_.lower() not in _TIME_WORDS


def _is_number_token(tok: Token) -> bool:
    if tok.ent_type_ in _SKIP_ENTS and not (tok.ent_type_ == "DATE" and _counts_plural_noun(tok)):
        return False
    low = tok.lower_
    if low in ("and",):
        return False
    return parse_number(low) is not None or low in _NUMBER_WORDS


def _number_runs(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges [i, j) of consecutive number tokens ("two hundred", "2.5 million")."""
    runs: list[tuple[int, int]] = []
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        if (_is_number_token(tok) and tok.lower_ != "dozen") or (
            tok.lower_ == "dozen" and i > 0 and doc[i - 1].lower_ in ("a", "half")
        ):
            j = i + 1
            while j < n and (
                (_is_number_token(doc[j])
                and doc[j].lower_ in _NUMBER_WORDS | {"-"})
                or (doc[j].lower_ == "and" and j + 1 < n and doc[j - 1].lower_ == "hundred"
                    and parse_number(doc[j + 1].lower_) is not None)
            ):
                j += 1
            start = i - 1 if tok.lower_ == "dozen" else i
            runs.append((start, j))
            i = j
        else:
            i += 1
    return runs


def _value(doc: Doc, i: int, j: int) -> float | None:
    words = [t.text for t in doc[i:j]]
    return parse_number_words(words)


def _match_before(doc: Doc, i: int) -> tuple[str | None, int]:
    """The approximator ending right before token i: (kind, first token index)."""
    for words, kind in _BEFORE:
        k = i - len(words)
        if k < 0:
            continue
        if tuple(t.lower_ for t in doc[k:i]) == words:
            return kind, k
    return None, i


def _unit_after(doc: Doc, j: int) -> tuple[str | None, int]:
    if j < len(doc) - 1:
        two = f"{doc[j].lower_} {doc[j + 1].lower_}"
        if two in _UNITS:
            return _UNITS[two], j + 2
    if j < len(doc) and doc[j].lower_ in _UNITS:
        # "m" after a number is metres only when no scale word could be meant ("5m people")
        return _UNITS[doc[j].lower_], j + 1
    return None, j


def _role_of(tok: Token) -> str | None:
    """'killed' / 'injured' when the counted thing is the one killed or injured."""
    candidates = [tok, tok.head]
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
        # "hundreds of people were injured": the verb governs the amount, not the noun
        candidates += [tok.head.head, tok.head.head.head]
    candidates += [c for c in tok.children if c.dep_ in ("amod", "acl", "relcl")]
    # "shot 4 people dead": the result predicate hangs off the verb
    candidates += [c for c in candidates[1].children if c.dep_ in ("oprd", "acomp", "xcomp")]
    for cand in candidates:
        lemma = cand.lemma_.lower()
        if lemma in _KILLED or cand.lower_ in _KILLED:
            return "killed"
        if lemma in _INJURED or cand.lower_ in _INJURED:
            return "injured"
    return None


def _toll_role(tok: Token) -> str | None:
    """"the death toll rose to 12": the count belongs to the subject of the governing verb."""
    verb = tok
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX") or verb.dep_ == "ROOT":
            break
        verb = verb.head
    for subj in verb.children:
        if subj.dep_ in ("nsubj", "nsubjpass"):
            lemmas = {t.lemma_.lower() for t in subj.subtree}
            if lemmas & {"death", "fatality", "dead"}:
                return "killed"
            if lemmas & {"injury", "injured", "wounded"}:
                return "injured"
    return None


def _counted(doc: Doc, last: Token, unit_end: int) -> Token | None:
    """The noun whose amount the number gives, when the parse shows it."""
    # "80 per cent of Palmyra residents", "dozens of vehicles": the object of the following "of"
    if unit_end < len(doc) - 1 and doc[unit_end].lower_ == "of":
        for child in doc[unit_end].children:
            if child.dep_ == "pobj":
                return child
    if last.lower_ in VAGUE_AMOUNTS:
        return None
    if last.dep_ in ("nummod", "quantmod", "compound") and last.head.pos_ in ("NOUN", "PROPN"):
        head = last.head
        if head.lower_ in _UNITS or head.lower_ in ("cent", "percent"):
            return None
        return head
    # "the total number of IS fighters exceeded 4,000"
    if last.dep_ in ("dobj", "attr") and last.head.lemma_ in _EXCEED_VERBS | {"be", "reach", "stand"}:
        for subj in last.head.children:
            if subj.dep_ in ("nsubj", "nsubjpass") and subj.lemma_ in ("number", "toll", "total", "count"):
                for prep in subj.children:
                    if prep.dep_ == "prep" and prep.lower_ == "of":
                        for pobj in prep.children:
                            if pobj.dep_ == "pobj":
                                return pobj
                return subj
    return None


def _range(value: float, kind: str | None) -> tuple[float | None, float | None, bool]:
    integral = value == int(value)
    if kind == "gt":
        return (value + 1 if integral else value), None, False
    if kind == "ge":
        return value, None, False
    if kind == "lt":
        return None, (value - 1 if integral else value), False
    if kind == "le":
        return None, value, False
    if kind == "approx":
        return value, value, True
    if kind == "near":
        return None, value, True
    return value, value, False


def extract_quantities(doc: Doc) -> list[QuantityMatch]:
    """All quantities in a parsed text, in text order."""
    text = doc_text(doc)
    out: list[QuantityMatch] = []
    runs = _number_runs(doc)
    used: set[int] = set()
    for idx, (i, j) in enumerate(runs):
        if i in used:
            continue
        value = _value(doc, i, j)
        if value is None:
            continue
        if doc[i].lower_ == "one" and j == i + 1 and doc[i].dep_ not in ("nummod", "quantmod"):
            continue  # "one of them", "no one": a pronoun, not a count
        if doc[i].pos_ == "PROPN" or (doc[j - 1].dep_ == "appos" and doc[j - 1].head.pos_ == "PROPN"):
            continue  # part of a name ("Eight Trey"), or an age after a name ("Antwone Price, 11")
        kind, first = _match_before(doc, i)
        high_value: float | None = None
        last = j
        # ranges: "between 10 and 20", "10 to 20", "3-5", "from 10 to 20"
        if idx + 1 < len(runs):
            ni, nj = runs[idx + 1]
            joiner = [t.lower_ for t in doc[j:ni]]
            if joiner in (["to"], ["-"], ["–"], ["and"]) and (
                joiner != ["and"] or (i > 0 and doc[i - 1].lower_ == "between")
            ):
                high_value = _value(doc, ni, nj)
                if high_value is not None:
                    used.add(ni)
                    last = nj
                    if i > 0 and doc[i - 1].lower_ in ("between", "from"):
                        first = i - 1
        currency = None
        if first > 0 and doc[first - 1].text in _CURRENCY_SIGNS:
            currency = _CURRENCY_SIGNS[doc[first - 1].text]
            first -= 1
            kind2, first2 = _match_before(doc, first)
            if kind is None and kind2 is not None:
                kind, first = kind2, first2
        elif doc[i - 1].text in _CURRENCY_SIGNS if i > 0 else False:
            currency = _CURRENCY_SIGNS[doc[i - 1].text]
        unit, unit_end = _unit_after(doc, last)
        unit = currency or unit
        modifier = None
        if kind is not None:
            modifier = " ".join(t.text for t in doc[first:i] if t.text not in _CURRENCY_SIGNS)
        head = doc[last - 1]
        if kind is None and head.dep_ in ("dobj",) and head.head.lemma_ in _EXCEED_VERBS:
            kind, modifier = "gt", head.head.text
        # trailing "or more" / "or so" / "-plus"
        tail = [t.lower_ for t in doc[unit_end : unit_end + 2]]
        end_tok = unit_end
        if tail == ["or", "more"]:
            kind, modifier, end_tok = "ge", "or more", unit_end + 2
        elif tail == ["or", "so"]:
            kind, modifier, end_tok = "approx", "or so", unit_end + 2
        low: float | None
        high: float | None
        if high_value is not None:
            low, high, approx = value, high_value, kind in ("approx", "near")
        else:
            low, high, approx = _range(value, kind)
        counted_tok = _counted(doc, head, unit_end)
        if counted_tok is not None and counted_tok.tag_ == "NNP" and head.head == counted_tok:
            continue  # "11700 Robertson": an address, not a count
        if counted_tok is None and last != j:  # a range: the first number carries the dependency
            counted_tok = _counted(doc, doc[j - 1], unit_end)
        start = doc[first].idx
        end = doc[end_tok - 1].idx + len(doc[end_tok - 1].text)
        role = _role_of(counted_tok) if counted_tok is not None else _role_of(head)
        if role is None:
            role = _toll_role(head)
        out.append(
            QuantityMatch(
                start=start, end=end, text=text[start:end], low=low, high=high, unit=unit,
                approximate=approx, counted=counted_tok.text if counted_tok is not None else None,
                counted_start=counted_tok.idx if counted_tok is not None else None,
                counted_end=counted_tok.idx + len(counted_tok.text) if counted_tok is not None else None,
                role=role, modifier=modifier,
            )
        )  # fmt: skip
    out.extend(_vague_amounts(doc))
    out.sort(key=lambda q: q.start)
    return out


def _vague_amounts(doc: Doc) -> list[QuantityMatch]:
    """"dozens of vehicles", "hundreds of people", "tens of thousands of residents"."""
    out: list[QuantityMatch] = []
    text = doc_text(doc)
    skip_to = -1
    for tok in doc:
        if tok.i < skip_to:
            continue
        low_word = tok.lower_
        span_start = tok.i
        rng: tuple[float, float] | None = None
        if low_word in VAGUE_AMOUNTS:
            rng = VAGUE_AMOUNTS[low_word]
            # "hundreds of thousands": multiply by the second order of magnitude
            if tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ == "of" and doc[tok.i + 2].lower_ in VAGUE_AMOUNTS:
                inner = VAGUE_AMOUNTS[doc[tok.i + 2].lower_][0] // 2
                rng = (rng[0] * inner, (rng[1] + 1) * inner - 1)
                tok_end = tok.i + 3
            else:
                tok_end = tok.i + 1
        elif low_word == "tens" and tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ == "of" and \
                doc[tok.i + 2].lower_ in VAGUE_AMOUNTS:
            inner = VAGUE_AMOUNTS[doc[tok.i + 2].lower_][0] // 2
            rng = (20 * inner, 100 * inner - 1)
            tok_end = tok.i + 3
        elif low_word == "several" and tok.dep_ in ("amod", "nummod", "det") and tok.head.tag_ == "NNS":
            rng = (3, 9)
            tok_end = tok.i + 1
        if rng is None:
            continue
        if tok.i > 0 and doc[tok.i - 1].lower_ in ("several", "many"):
            span_start = tok.i - 1
        skip_to = tok_end
        last = doc[tok_end - 1]
        counted_tok = _counted(doc, last, tok_end)
        if counted_tok is None and low_word == "several":
            counted_tok = tok.head
        start, end = doc[span_start].idx, last.idx + len(last.text)
        out.append(
            QuantityMatch(
                start=start, end=end, text=text[start:end], low=float(rng[0]), high=float(rng[1]),
                approximate=True, vague=True,
                counted=counted_tok.text if counted_tok is not None else None,
                counted_start=counted_tok.idx if counted_tok is not None else None,
                counted_end=counted_tok.idx + len(counted_tok.text) if counted_tok is not None else None,
                role=_role_of(counted_tok if counted_tok is not None else tok), modifier=low_word,
            )
        )  # fmt: skip
    return out
