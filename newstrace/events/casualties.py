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
    r"(?:\d[\d,]*|a dozen|a few|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|"
    r"four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|dozens|scores|hundreds|thousands|"
    r"several|tens|dozen|a|an|both)"
)
_MOD = (
    r"(?:(more than|over|at least|nearly|almost|about|around|some|up to|fewer than|less than|roughly|"
    r"approximately|an estimated|as many as|at most)\s+)?"
)
_RANGE = rf"(?:between\s+({_NUM})\s+and\s+({_NUM})|({_NUM})\s*(?:-|to|or)\s*({_NUM}))"
_WHO = (
    r"(?:\s+(?:[\w'-]+\s+){0,3}?(?:people|persons?|civilians?|militants?|fighters?|soldiers?|troops|terrorists|"
    r"insurgents|rebels|jihadists|men|women|children|kids|boys?|girls?|m[ae]n|wom[ae]n|child|teens?|teenagers?|"
    r"officers?|policem[ae]n|victims?|others?|members?|residents?|students?|workers?|passengers?|"
    r"individuals?|persons|adults?|suspects?|gunm[ae]n|protesters?|demonstrators?|bystanders?|"
    r"relatives?|sons?|daughters?|brothers?|sisters?|mothers?|fathers?|wife|husband|infants?|babies|baby|"
    r"toddlers?|juveniles?|youths?|guards?|employees?|customers?|patrons?|friends?|neighbou?rs?|"
)
_WHO += r"pedestrians?|drivers?|shooters?|dead|injured|wounded))?"
_KILL = (
    r"(?:killed|dead|died|slain|murdered|shot dead|shot and killed|fatally (?:shot|wounded|injured|stabbed)|"
    r"lost (?:their|his|her) lives?|perished|executed|massacred|beheaded)"
)
_HURT = (
    r"(?:injured|wounded|hurt|hospitali[sz]ed|shot and wounded|shot and injured|suffered (?:\w+ )?injuries|"
    r"grazed|non-fatal)"
)

# "<N> <who> (were|was|have been)? killed" / "killed <N> <who>" / "death toll (rose to|of) <N>"
_NUM_FIRST = {
    kind: re.compile(
        rf"{_MOD}(?:{_RANGE}|({_NUM})){_WHO}\s+(?:(?:were|was|are|is|have been|has been|had been|"
        rf"got|reportedly|also|later|all)\s+){{0,3}}(?:(?:shot|stabbed|gunned down)\s+(?:and\s+)?)?{verb}\b",
        re.IGNORECASE,
    )
    for kind, verb in (("killed", _KILL), ("injured", _HURT))
}
_VERB_FIRST = {
    kind: re.compile(rf"\b{verb}\s+{_MOD}(?:{_RANGE}|({_NUM})){_WHO}", re.IGNORECASE)
    for kind, verb in (
        ("killed", r"(?:killed|killing|kills|kill|murdered|slaughtered|massacred|executed)"),
        ("injured", r"(?:injured|injuring|wounded|wounding|injures|wounds)"),
    )
}
_TOLL = re.compile(
    rf"\bdeath toll\b[^.]{{0,30}}?\b(?:rose to|reached|climbed to|stands at|of|is|at|to)\s+{_MOD}({_NUM})",
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


def _range(mod: str | None, groups: tuple[str | None, ...]) -> tuple[int | None, int | None] | None:
    lo_w, hi_w, lo2_w, hi2_w, single = groups
    if lo_w or lo2_w:
        lo, _ = parse_count(lo_w or lo2_w or "")
        hi, _ = parse_count(hi_w or hi2_w or "")
        if lo is None or hi is None or hi < lo:
            return None
        return lo, hi
    n, exact = parse_count(single or "")
    if n is None:
        return None
    m = (mod or "").lower()
    if m in ("more than", "over"):
        return n + 1, None
    if m in ("at least", "as many as") or not exact:
        return (n, None) if m != "as many as" else (None, n)
    if m in ("up to", "at most", "fewer than", "less than"):
        return None, (n - 1 if m in ("fewer than", "less than") else n)
    return n, n  # a plain or approximate count: the best estimate is the number itself


def find_casualties(text: str, offset: int = 0) -> list[CasualtyFigure]:
    """Killed / injured figures stated in ``text`` (offsets shifted by ``offset``), in text order."""
    out: list[CasualtyFigure] = []
    taken: list[tuple[int, int, str]] = []
    for kind in ("killed", "injured"):
        for pat in (_NUM_FIRST[kind], _VERB_FIRST[kind]):
            for m in pat.finditer(text):
                if any(k == kind and not (m.end() <= a or m.start() >= b) for a, b, k in taken):
                    continue
                g = m.groups()
                rng = _range(g[0], tuple(g[1:6]))
                if rng is None:
                    continue
                taken.append((m.start(), m.end(), kind))
                out.append(CasualtyFigure(kind, rng[0], rng[1], m.start() + offset, m.end() + offset, m.group(0)))
    for m in _TOLL.finditer(text):
        rng = _range(m.group(1), (None, None, None, None, m.group(2)))
        if rng and not any(k == "killed" and not (m.end() <= a or m.start() >= b) for a, b, k in taken):
            out.append(CasualtyFigure("killed", rng[0], rng[1], m.start() + offset, m.end() + offset, m.group(0)))
    return sorted(out, key=lambda f: f.start)
