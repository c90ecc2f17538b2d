"""Toponym resolution: choose one gazetteer record per recognised name.

Hand-written scoring (no library resolves against our index): a population prior, the country
coherence of the article (countries and demonyms it names, the countries of its unambiguous
places), hints from the context ("Iraq's Mosul", "X province") and proximity to the other places
of the article. Palmyra in a story about Syria is Tadmur, not Palmyra, Pennsylvania.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from newstrace.geo.gazetteer import PlaceEntry
from newstrace.geo.geodesy import great_circle_km
from newstrace.geo.names import name_key
from newstrace.geo.recognize import ToponymMention

__all__ = ["Resolution", "resolve_toponyms"]

_W_POP = 1.0  # per decade of population
_W_MAIN = 1.0  # the name is the record's main name, not an alternate
_W_COUNTRY = 4.0  # times the share of the article's country evidence
_W_HINT = 6.0  # an explicit country hint next to the mention
_W_ADMIN = 2.0
_W_NEAR = 3.0  # times exp(-d / 400 km) to the nearest other place of the article
_CURATED_POP = 6.0  # curated rows have no population; treat them as a town of a million
_W_STATE = 2.5  # the candidate lies in a state the article names


@dataclass
class Resolution:
    mention: ToponymMention
    entry: PlaceEntry | None
    score: float = 0.0


def _pop_score(e: PlaceEntry) -> float:
    if e.source == "supplement":
        return max(_CURATED_POP, math.log10(e.population + 1.0))
    score = math.log10(e.population + 1.0)
    if e.feature == "P.PPLC":
        score += 1.0  # a capital is named for itself far more often than its population suggests
    elif e.feature == "A.ADM1" and e.country_code == "US":
        score -= 0.5  # a state's prior is the sum of its towns, which overstates it against cities
    elif e.feature == "A.ADM1":
        score -= 1.0  # elsewhere the unit is usually named after its main town, which readers mean first
    return score


def _base(m: ToponymMention, e: PlaceEntry) -> float:
    s = _W_POP * _pop_score(e)
    if name_key(e.name) == m.key:
        s += _W_MAIN
    elif e.feature == "P.PPLC":
        s -= 1.0  # "Mexico" is the country; the capital's bonus is for its own name only
    if m.country_hint and e.country_code == m.country_hint and not e.is_country:
        s += _W_HINT
    if m.admin_hint and e.feature.startswith("A."):
        s += _W_ADMIN
    return s


def resolve_toponyms(mentions: list[ToponymMention]) -> list[Resolution]:
    """One :class:`Resolution` per mention (``entry`` None when the gazetteer has no candidate)."""
    by_key: dict[str, list[ToponymMention]] = {}
    for m in mentions:
        by_key.setdefault(m.key, []).append(m)

    # Pass 1: prior only; collect the article's country evidence.
    first: dict[str, PlaceEntry] = {}
    evidence: dict[str, float] = {}
    for key, ms in by_key.items():
        cands = ms[0].candidates
        if not cands:
            continue
        best = max(cands, key=lambda e: _base(ms[0], e))
        first[key] = best
        if best.country_code:
            # Countries and demonyms are the clearest evidence; an ambiguous town counts less.
            weight = 2.0 if best.is_country else (1.0 if len(cands) == 1 else 0.5)
            evidence[best.country_code] = evidence.get(best.country_code, 0.0) + weight * len(ms)
        for m in ms:
            if m.country_hint:
                evidence[m.country_hint] = evidence.get(m.country_hint, 0.0) + 1.0
    total = sum(evidence.values()) or 1.0
    # States named in the article ("Ga.", "Kentucky") favour towns inside them.
    states = {(e.country_code, e.admin1) for e in first.values() if e.feature == "A.ADM1" and e.admin1}

    # Pass 2: add coherence and proximity to the other names' first choices.
    chosen: dict[str, PlaceEntry] = {}
    for key, ms in by_key.items():
        cands = ms[0].candidates
        if not cands:
            continue
        others = [e for k, e in first.items() if k != key and not e.is_country and e.feature != "L.CONT"]

        def score(e: PlaceEntry, ms: list[ToponymMention] = ms, others: list[PlaceEntry] = others,
                  key: str = key) -> float:
            s = _base(ms[0], e)
            # A country's own mentions are its evidence; they must not count twice for it.
            own = 2.0 * len(ms) if first.get(key) == e and e.is_country else 0.0
            s += _W_COUNTRY * max(0.0, evidence.get(e.country_code, 0.0) - own) / total
            if (e.country_code, e.admin1) in states and e.feature not in ("A.PCLI", "A.ADM1"):
                s += _W_STATE
            if others and not e.is_country:
                d = min(great_circle_km(e.lat, e.lon, o.lat, o.lon) for o in others[:40])
                s += _W_NEAR * math.exp(-d / 400.0)
            return s

        head = ms[0]
        shortlist = sorted(cands, key=lambda e: -_base(head, e))[:25]
        chosen[key] = max(shortlist, key=score)

    out: list[Resolution] = []
    for m in mentions:
        e = chosen.get(m.key)
        out.append(Resolution(m, e, _base(m, e) if e else 0.0))
    return out
