"""Casualty figures: how many were killed or injured, as a UCDP-style low/high range.

A figure is read from the words around a casualty verb ("killed more than 300 militants", "two people
were injured", "a man was shot dead", "the death toll rose to 12"). "more than 300" is low 301 and no
high; "at least 5" is low 5; "about 40" is 40-40; "between 3 and 5" is 3-5; "dozens" is low 24. The
quantities analyzer, when it ran, supplies the numbers; otherwise the small reader below does. The
reader is hand-written because what matters here is the link between a number and the casualty verb,
which no number parser gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["CasualtyFigure", "find_casualties", "parse_count"]

_UNITS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "a dozen": 12,
    "dozen": 12,
    "both": 2,
    "single": 1,
    "lone": 1,
}
# Vague plurals: the smallest number the word can mean, and no upper bound.
_VAGUE = {
    "dozens": 24,
    "scores": 40,
    "hundreds": 200,
    "thousands": 2000,
    "several": 3,
    "many": 3,
    "some": 2,
    "tens": 20,
    "a few": 2,
    "few": 2,
}

_NUM = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+|a dozen|a few|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|dozens|scores|hundreds|thousands|"
    r"several|tens|dozen|a|an|both)"
)
_MOD = (
    r"(?:(?P<mod>more than|over|at least|nearly|almost|about|around|some|up to|fewer than|less than|roughly|"
    r"approximately|an estimated|as many as|at most)\s+)?"
)
_RANGE = rf"(?:between\s+(?P<lo>{_NUM})\s+and\s+(?P<hi>{_NUM})|(?P<lo2>{_NUM})\s*(?:-|to|or)\s*(?P<hi2>{_NUM}))"
_PERSONS = (
    r"people|persons?|civilians?|militants?|fighters?|soldiers?|troops|terrorists|insurgents|rebels|jihadists|"
    r"men|women|children|kids|boys?|girls?|man|woman|child|teens?|teenagers?|officers?|policem[ae]n|victims?|"
    r"others?|members?|residents?|students?|workers?|passengers?|individuals?|adults?|suspects?|gunm[ae]n|"
    r"protesters?|demonstrators?|bystanders?|relatives?|sons?|daughters?|brothers?|sisters?|mothers?|fathers?|"
    r"wife|husband|infants?|babies|baby|toddlers?|juveniles?|youths?|guards?|employees?|customers?|patrons?|"
    r"friends?|neighbou?rs?|pedestrians?|drivers?|shooters?|deputies|deputy|agents?|inmates?|males?|females?"
)
# up to three words between the count and the person noun ("two young men", "a 23-year-old woman"), on one line
_WHO = rf"(?:[ \t]+(?:[\w'-]+[ \t]+){{0,3}}?(?P<who>{_PERSONS}))"
_KILL = (
    r"(?:killed|dead|died|slain|murdered|shot dead|shot and killed|shot to death|fatally (?:shot|wounded|injured|"
    r"stabbed)|lost (?:their|his|her) lives?|perished|executed|massacred|beheaded|pronounced dead)"
)
_HURT = (
    r"(?:injured|wounded|hurt|hospitali[sz]ed|shot and wounded|shot and injured|suffered (?:\w+ )?injuries|"
    r"grazed|shot(?!\s+(?:and\s+)?(?:killed|dead|to death)))"
)
# auxiliaries and the adverbs that may stand before the verb: "two others were critically wounded"
# ("fatally" is not among them: "fatally wounded" is a killing, read by _KILL)
_BE = (
    r"(?:(?:were|was|are|is|have been|has been|had been|got|reportedly|also|later|all|both|each|being|"
    r"critically|seriously|severely|badly|slightly|gravely|lightly|superficially|non-fatally)\s+){0,3}"
)

# "<N> <who> (were|was|have been)? killed" / "killed <N> <who>" / "death toll (rose to|of) <N>"
_NUM_FIRST = {
    kind: re.compile(
        rf"\b{_MOD}(?:{_RANGE}|(?P<n>{_NUM})){_WHO}?[ \t]+{_BE}(?:(?:shot|stabbed|gunned down)\s+(?:and\s+)?)?"
        rf"{verb}\b",
        re.IGNORECASE,
    )
    for kind, verb in (("killed", _KILL), ("injured", _HURT))
}
_VERB_FIRST = {
    kind: re.compile(rf"\b{verb}\s+{_MOD}(?:{_RANGE}|(?P<n>{_NUM})){_WHO}", re.IGNORECASE)
    for kind, verb in (
        ("killed", r"(?:killed|killing|kills|kill|murdered|slaughtered|massacred|executed)"),
        ("injured", r"(?:injured|injuring|wounded|wounding|injures|wounds)"),
    )
}
# "John Doe, 25, was shot and killed": one named (or described) person, no count word at all
_SINGLE = {
    "killed": re.compile(
        r"\b(?:was|has been|had been|is)\s+(?:fatally\s+)?(?:shot and killed|shot dead|"
        r"killed|murdered|found dead|pronounced dead|shot to death|fatally shot)\b",
        re.IGNORECASE,
    ),
    "injured": re.compile(
        r"\b(?:was|has been|had been|is)\s+(?:shot|wounded|injured|hospitali[sz]ed|grazed)\b"
        r"(?!\s+(?:and\s+)?(?:killed|dead|to death))",
        re.IGNORECASE,
    ),
}
_TOLL = re.compile(
    rf"\bdeath toll\b[^.]{{0,30}}?\b(?:rose to|reached|climbed to|stands at|of|is|at|to)\s+{_MOD}(?P<n>{_NUM})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CasualtyFigure:
    kind: str  # "killed" | "injured"
    low: int | None
    high: int | None
    start: int
    end: int
    text: str


def parse_count(word: str) -> tuple[int | None, bool]:
    """(number, exact?) of a count word or numeral; (None, False) when it is not one."""
    w = word.lower().strip()
    if re.fullmatch(r"\d[\d,]*", w):
        try:
            return int(w.replace(",", "")), True
        except ValueError:
            return None, False
    if w in _VAGUE:
        return _VAGUE[w], False
    if w in _UNITS:
        return _UNITS[w], True
    parts = re.split(r"[- ]", w)
    if len(parts) == 2 and parts[0] in _UNITS and parts[1] in _UNITS:
        return _UNITS[parts[0]] + _UNITS[parts[1]], True
    return None, False


def _range(m: re.Match[str]) -> tuple[int | None, int | None] | None:
    g = m.groupdict()
    lo_w, hi_w = g.get("lo") or g.get("lo2"), g.get("hi") or g.get("hi2")
    if lo_w and hi_w:
        lo, _ = parse_count(lo_w)
        hi, _ = parse_count(hi_w)
        if lo is not None and hi is not None and hi < lo:  # "twenty-one" is one number, not a range
            n, _ = parse_count(f"{lo_w}-{hi_w}")
            return (n, n) if n is not None else None
        if lo is None or hi is None:
            return None
        return lo, hi
    single = (g.get("n") or "").lower()
    if single in ("a", "an", "both", "single", "lone") and not g.get("who"):
        return None  # "kill a ...": an article is a count only before a person noun
    n, exact = parse_count(single)
    if n is None:
        return None
    mod = (g.get("mod") or "").lower()
    if mod in ("more than", "over"):
        return n + 1, None
    if mod == "as many as":
        return None, n
    if mod == "at least" or not exact:
        return n, None
    if mod in ("up to", "at most"):
        return None, n
    if mod in ("fewer than", "less than"):
        return None, n - 1
    return n, n  # a plain or approximate count: the best estimate is the number itself


_ANY_CASUALTY = re.compile(
    r"kill|dead|die|slain|murder|shot|fatal|lives|perish|execut|massacr|behead|injur|wound|hurt|hospital|graz|"
    r"death|slaughter",
    re.IGNORECASE,
)


def find_casualties(text: str, offset: int = 0) -> list[CasualtyFigure]:
    """Killed / injured figures stated in ``text`` (offsets shifted by ``offset``), in text order."""
    out: list[CasualtyFigure] = []
    if not _ANY_CASUALTY.search(text):  # cheap gate: most sentences state no casualties at all
        return out
    taken: list[tuple[int, int, str]] = []

    def overlaps(s: int, e: int, kind: str) -> bool:
        return any(k == kind and not (e <= a or s >= b) for a, b, k in taken)

    for kind in ("killed", "injured"):
        for pat in (_NUM_FIRST[kind], _VERB_FIRST[kind]):
            for m in pat.finditer(text):
                rng = _range(m)
                if rng is None or overlaps(m.start(), m.end(), kind):
                    continue
                taken.append((m.start(), m.end(), kind))
                out.append(CasualtyFigure(kind, rng[0], rng[1], m.start() + offset, m.end() + offset, m.group(0)))
    for m in _TOLL.finditer(text):
        rng = _range(m)
        if rng and not overlaps(m.start(), m.end(), "killed"):
            taken.append((m.start(), m.end(), "killed"))
            out.append(CasualtyFigure("killed", rng[0], rng[1], m.start() + offset, m.end() + offset, m.group(0)))
    for kind, pat in _SINGLE.items():
        if any(k == kind for _, _, k in taken):
            continue  # a counted figure in the same text says more than "was shot"
        for m in pat.finditer(text):
            out.append(CasualtyFigure(kind, 1, 1, m.start() + offset, m.end() + offset, m.group(0)))
            taken.append((m.start(), m.end(), kind))
            break
    return sorted(out, key=lambda f: f.start)
