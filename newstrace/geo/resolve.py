"""Toponym resolution: choose one gazetteer record per recognised name.

Hand-written scoring (no library resolves against our index): a population prior, the country
coherence of the article (countries and demonyms it names, the countries of its unambiguous places),
the states it names or where its other places cluster (the local-news prior), hints from the context
("Iraq's Mosul", "Springfield, Ill.", "X province"), proximity to the other places of the article,
county/town containment and "town, unit" pairs ("Mississauga, Ontario"). Palmyra in a story about
Syria is Tadmur, not Palmyra, Pennsylvania. The weights were set on the development halves of LGL,
GeoVirus and GeoWebNews (``benchmarks/bench_geo.py``); the held-out halves are reported, not tuned
on.
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
_SHORTLIST = 25
_PASSES = 2
_CLOSE_KM = 40.0  # a town this close to a county's centre counts as inside it
_W_CLOSE = 0.5  # support per other name with a town/county candidate that close, up to two
_BIG_CITY = 100_000  # "New York" and "Washington" may well mean the cities
_W_COUNTRY_NAME = 3.0  # a town that only shares a country's name (see resolve_toponyms)
_CURATED_POP = 6.0  # curated rows have no population; treat them as a town of a million
_W_STATE = 2.5  # the candidate lies in a state the article names
_W_LOCAL = 1.0  # ... or in a state where two other places of the article lie


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
    if (m.country_hint or m.state_hint) and not _is_unit_name(m):  # the scan only when a hint could apply
        if m.country_hint and e.country_code == m.country_hint and not e.is_country:
            s += _W_HINT
        if m.state_hint and (e.country_code, e.admin1) == m.state_hint and e.feature != "A.ADM1":
            s += _W_HINT
    if m.admin_hint and e.feature.startswith("A."):
        s += _W_ADMIN
    return s


def _contains(unit: PlaceEntry, place: PlaceEntry | None) -> bool:
    """Whether ``place`` lies in the country or admin-1 ``unit`` (by codes; curated units have no admin-1 code)."""
    if place is None or place is unit or place.is_country or not unit.country_code:
        return False
    if place.country_code != unit.country_code:
        return False
    return unit.is_country or not unit.admin1 or unit.admin1 == place.admin1


def _support(shortlists: dict[str, list[PlaceEntry]], chosen: dict[str, PlaceEntry]) -> dict[tuple[str, int], float]:
    """Proximity support of every shortlisted candidate: (key, candidate id) -> score.

    Two terms. Nearness: exp(-d / 400 km) to the closest current choice of another name (a town
    near the article's other places). Containment: a county and a town within 40 km of its centre
    support each other whichever each name would pick alone ("Paris and Henry County" in a
    Tennessee paper, "Lebanon police and the Boone County sheriff"), one step per other name, up to
    two. Vectorised with numpy because a long article has a few thousand candidate pairs.
    """
    import numpy as np  # kept out of module import time (start-up cost)

    keys = [k for k, c in shortlists.items() if c]
    rows: list[tuple[int, float, float, float, float]] = []  # (key index, lat, lon, is choice, is county)
    for ki, k in enumerate(keys):
        for e in shortlists[k]:
            if e.is_country or e.feature == "L.CONT":
                continue  # they say nothing about where a town is
            rows.append((ki, e.lat, e.lon, float(chosen.get(k) == e), float(e.feature == "A.ADM2")))
    out: dict[tuple[str, int], float] = {}
    if len(keys) < 2 or not rows:
        return out
    arr = np.array(rows, dtype=float)
    owner, lat, lon = arr[:, 0].astype(int), np.radians(arr[:, 1]), np.radians(arr[:, 2])
    is_choice, county_rows = arr[:, 3], arr[:, 4] > 0
    for ki, k in enumerate(keys):
        cands = shortlists[k]
        clat = np.radians(np.array([e.lat for e in cands]))[:, None]
        clon = np.radians(np.array([e.lon for e in cands]))[:, None]
        h = np.sin((lat - clat) / 2) ** 2 + np.cos(clat) * np.cos(lat) * np.sin((lon - clon) / 2) ** 2
        d = 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
        others = owner != ki
        near = (is_choice * others * np.exp(-d / _NEAR_KM)).max(axis=1)
        is_county = np.array([e.feature == "A.ADM2" for e in cands])
        pair = (is_county[:, None] != county_rows[None, :]) & (d < _CLOSE_KM) & others[None, :]
        close = [len(set(owner[row].tolist())) for row in pair]
        for e, v, c in zip(cands, near, close, strict=True):
            out[(k, e.id)] = float(v) + _W_CLOSE * min(c, 2)
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

    # Then _PASSES rounds of coherence with the article's countries and states and of proximity to the other
    # names (each round starts from the choices of the one before).
    chosen: dict[str, PlaceEntry] = dict(first)
    for _ in range(_PASSES):
        # States named in the article ("Ga.", "Kentucky") favour places inside them.
        states = {(e.country_code, e.admin1) for e in chosen.values()
                  if e.feature == "A.ADM1" and e.admin1}
        support = _support(shortlists, chosen)
        # The article's implicit states: where at least two of its other names lie (a local paper
        # rarely names its own state, but its towns cluster in it).
        local: dict[tuple[str, str], set[str]] = {}
        for k, place in chosen.items():
            if place.admin1 and place.feature.startswith(("P", "A.ADM2")):
                local.setdefault((place.country_code, place.admin1), set()).add(k)
        nxt: dict[str, PlaceEntry] = {}
        for key, ms in by_key.items():
            if not shortlists[key]:
                continue

            # "Mexico", "Kuwait": a country's own name means the country, not a town that has it as an
            # alternate name (its capital, or a village near the article's other places); "Oklahoma"
            # means the state, not the small Pennsylvania town of that name.
            country_named = any(c.is_country for c in shortlists[key])
            state_named = any(c.feature == "A.ADM1" and (c.country_code == "US" or c.source == "supplement")
                              and name_key(c.name) == key for c in shortlists[key])

            # "Mississauga, Ontario": the place written right before this name and a comma.
            follows = next((m.follows for m in ms if m.follows), None)
            town = chosen.get(follows) if follows else None

            def score(e: PlaceEntry, ms: list[ToponymMention] = ms, key: str = key, town: PlaceEntry | None = town,
                      states: set[tuple[str, str]] = states, support: dict[tuple[str, int], float] = support,
                      country_named: bool = country_named, state_named: bool = state_named,
                      local: dict[tuple[str, str], set[str]] = local) -> float:
                s = _base(ms[0], e)
                if country_named and not e.is_country and name_key(e.name) != key:
                    s -= _W_COUNTRY_NAME
                if state_named and e.feature.startswith("P") and e.population < _BIG_CITY:
                    s -= _W_COUNTRY_NAME
                # A name's own mentions are not evidence for itself.
                mine = own[key][1] if key in own and own[key][0] == e.country_code else 0.0
                s += _W_COUNTRY * max(0.0, evidence.get(e.country_code, 0.0) - mine) / total
                if (e.country_code, e.admin1) in states and e.feature not in ("A.PCLI", "A.ADM1"):
                    s += _W_STATE
                elif len(local.get((e.country_code, e.admin1), set()) - {key}) >= 2 and not e.is_country:
                    s += _W_LOCAL
                if not e.is_country:
                    s += _W_NEAR * support.get((key, e.id), 0.0)
                if (e.feature == "A.ADM1" or e.is_country) and _contains(e, town):
                    s += _W_HINT  # "Mississauga, Ontario", "Atlanta, Georgia": the unit the town before lies in
                return s

            nxt[key] = max(shortlists[key], key=score)
        chosen = nxt

    out: list[Resolution] = []
    for m in mentions:
        e = chosen.get(m.key)
        out.append(Resolution(m, e, _base(m, e) if e else 0.0))
    return out
