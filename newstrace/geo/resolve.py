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
from newstrace.geo.names import name_key
from newstrace.geo.recognize import ToponymMention

__all__ = ["Resolution", "resolve_toponyms"]

_W_POP = 1.0  # per decade of population
_W_MAIN = 1.0  # the name is the record's main name, not an alternate
_W_COUNTRY = 4.0  # times the share of the article's country evidence
_W_HINT = 6.0  # an explicit country hint next to the mention
_W_ADMIN = 2.0
_W_NEAR = 3.0  # times the proximity support (see _support)
_NEAR_KM = 400.0  # the distance at which support falls to 1/e
_NEAR_CAP = 1.5  # at most this much support, however many neighbours
_W_OTHER = 0.0  # a neighbour that is not the other name's current choice
_SHORTLIST = 25
_PASSES = 2
_W_COUNTRY_NAME = 3.0  # a town that only shares a country's name (see resolve_toponyms)
_OWN: bool | str = True
_SUM = False
_STATE_FEATURES: tuple[str, ...] = ("A.ADM1",)
_NO_SUPPORT: tuple[str, ...] = ("L.CONT",)
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
    elif e.feature == "A.ADM1" or (e.feature == "A.ADM2" and e.country_code != "US"):
        score -= 1.0  # elsewhere the unit is usually named after its main town, which readers mean first
    return score


def _is_unit_name(m: ToponymMention) -> bool:
    return any(c.is_country or (c.feature == "A.ADM1" and c.country_code == "US") for c in m.candidates)


def _base(m: ToponymMention, e: PlaceEntry) -> float:
    s = _W_POP * _pop_score(e)
    if name_key(e.name) == m.key:
        s += _W_MAIN
    elif e.feature == "P.PPLC":
        s -= 1.0  # "Mexico" is the country; the capital's bonus is for its own name only
    # Hints qualify a town ("Springfield, Ill."); a name that is itself a country or US state is more
    # likely an item of a list ("Georgia, Oklahoma, Pennsylvania", "Iraq, Iran and Syria").
    if not _is_unit_name(m):
        if m.country_hint and e.country_code == m.country_hint and not e.is_country:
            s += _W_HINT
        if m.state_hint and (e.country_code, e.admin1) == m.state_hint and e.feature != "A.ADM1":
            s += _W_HINT
    if m.admin_hint and e.feature.startswith("A."):
        s += _W_ADMIN
    return s


def _support(shortlists: dict[str, list[PlaceEntry]], first: dict[str, PlaceEntry]) -> dict[tuple[str, int], float]:
    """Proximity support of every shortlisted candidate: (key, candidate id) -> score.

    For each other name of the article, the nearest of its shortlisted candidates counts (its first
    choice fully, the others at half weight), decaying with distance; the support is the sum over
    the other names, capped. This lets two small places that lie together ("Paris and Henry County"
    in a Tennessee paper) pull each other away from the famous namesakes each would get alone.
    Vectorised with numpy because a long article has a few thousand candidate pairs.
    """
    import numpy as np

    keys = [k for k, c in shortlists.items() if c]
    rows: list[tuple[int, float, float, float]] = []  # (key index, lat, lon, weight)
    for ki, k in enumerate(keys):
        for e in shortlists[k]:
            if e.is_country or e.feature in _NO_SUPPORT:
                continue  # large units say little about where a town is
            rows.append((ki, e.lat, e.lon, 1.0 if first.get(k) == e else _W_OTHER))
    out: dict[tuple[str, int], float] = {}
    if len(keys) < 2 or not rows:
        return out
    arr = np.array(rows, dtype=float)
    owner, lat, lon, weight = arr[:, 0].astype(int), np.radians(arr[:, 1]), np.radians(arr[:, 2]), arr[:, 3]
    for ki, k in enumerate(keys):
        cands = shortlists[k]
        clat = np.radians(np.array([e.lat for e in cands]))[:, None]
        clon = np.radians(np.array([e.lon for e in cands]))[:, None]
        h = np.sin((lat - clat) / 2) ** 2 + np.cos(clat) * np.cos(lat) * np.sin((lon - clon) / 2) ** 2
        d = 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
        sup = weight * np.exp(-d / _NEAR_KM)
        sup[:, owner == ki] = 0.0
        best = np.zeros((len(cands), len(keys)))
        for j in range(len(keys)):  # the best-supporting candidate of each other name
            mask = owner == j
            if j != ki and mask.any():
                best[:, j] = sup[:, mask].max(axis=1)
        total = np.minimum(best.sum(axis=1) if _SUM else best.max(axis=1), _NEAR_CAP)
        for e, v in zip(cands, total, strict=True):
            out[(k, e.id)] = float(v)
    return out


def resolve_toponyms(mentions: list[ToponymMention]) -> list[Resolution]:
    """One :class:`Resolution` per mention (``entry`` None when the gazetteer has no candidate)."""
    by_key: dict[str, list[ToponymMention]] = {}
    for m in mentions:
        by_key.setdefault(m.key, []).append(m)

    # Pass 1: prior only; collect the article's country evidence, remembering what each name added.
    first: dict[str, PlaceEntry] = {}
    evidence: dict[str, float] = {}
    own: dict[str, tuple[str, float]] = {}
    for key, ms in by_key.items():
        cands = ms[0].candidates
        if not cands:
            continue
        best = max(cands, key=lambda e: _base(ms[0], e))
        first[key] = best
        if best.country_code:
            # Countries and demonyms are the clearest evidence; an ambiguous town counts less.
            weight = (2.0 if best.is_country else (1.0 if len(cands) == 1 else 0.5)) * len(ms)
            evidence[best.country_code] = evidence.get(best.country_code, 0.0) + weight
            own[key] = (best.country_code, weight)
        for m in ms:
            if m.country_hint:
                evidence[m.country_hint] = evidence.get(m.country_hint, 0.0) + 1.0
    total = sum(evidence.values()) or 1.0
    shortlists = {key: sorted(ms[0].candidates, key=lambda e, m=ms[0]: -_base(m, e))[:_SHORTLIST]  # type: ignore[misc]
                  for key, ms in by_key.items()}

    # Passes 2 and 3: coherence with the article's countries and states, and proximity to the other
    # names' candidates (pass 3 starts from the choices of pass 2).
    chosen: dict[str, PlaceEntry] = dict(first)
    for _ in range(_PASSES):
        # States named in the article ("Ga.", "Kentucky", "Laurel County") favour places inside them.
        states = {(e.country_code, e.admin1) for e in chosen.values()
                  if e.feature in _STATE_FEATURES and e.admin1}
        support = _support(shortlists, chosen)
        nxt: dict[str, PlaceEntry] = {}
        for key, ms in by_key.items():
            if not shortlists[key]:
                continue

            # "Mexico", "Kuwait": a country's own name means the country, not a town that has it as an
            # alternate name (its capital, or a village near the article's other places).
            country_named = any(c.is_country for c in shortlists[key])

            def score(e: PlaceEntry, ms: list[ToponymMention] = ms, key: str = key,
                      states: set[tuple[str, str]] = states, support: dict[tuple[str, int], float] = support,
                      country_named: bool = country_named) -> float:
                s = _base(ms[0], e)
                if country_named and not e.is_country and name_key(e.name) != key:
                    s -= _W_COUNTRY_NAME
                # A name's own mentions are not evidence for itself.
                mine = own[key][1] if key in own and own[key][0] == e.country_code and (
                    _OWN is True or (_OWN == "country" and e.is_country)) else 0.0
                s += _W_COUNTRY * max(0.0, evidence.get(e.country_code, 0.0) - mine) / total
                if (e.country_code, e.admin1) in states and e.feature not in ("A.PCLI", "A.ADM1"):
                    s += _W_STATE
                if not e.is_country:
                    s += _W_NEAR * support.get((key, e.id), 0.0)
                return s

            nxt[key] = max(shortlists[key], key=score)
        chosen = nxt

    out: list[Resolution] = []
    for m in mentions:
        e = chosen.get(m.key)
        out.append(Resolution(m, e, _base(m, e) if e else 0.0))
    return out
