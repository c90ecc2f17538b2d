"""Event locations: place mentions from the places analyzer, or a fallback gazetteer lookup.

When the places analyzer ran, its resolved places (with their mention offsets) are used as they are.
Otherwise spaCy's GPE/LOC/FAC entities are looked up in the project's gazetteer (towns of at least
15,000 people and countries, the most populous match): a deliberately simple stand-in for the places
analyzer's resolution when only ``events`` runs. The
small spaCy model often labels a town as a PERSON or ORG ("Palmyra", "Homs"); such an entity counts
as a place only when it is a town of a country the article names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


def lookup_place(name: str) -> tuple[str, float | None, float | None, int | None, int, str] | None:
    """(name, lat, lon, geonames id, precision, country code) of a place name, or None when unknown.

    Reads the project's gazetteer (:mod:`newstrace.geo.gazetteer`): a country outranks any town of the
    same name, otherwise the most populous town of at least 15,000 people wins.
    """
    from newstrace.geo.gazetteer import load_gazetteer

    entries = load_gazetteer().lookup(name)
    country = next((e for e in entries if e.is_country), None)
    if country is not None:  # countries: no point coordinates here (a centroid would mislead a map)
        return country.name, None, None, country.geonames_id, 3, country.country_code
    towns = [e for e in entries if e.feature.startswith("P.") and e.population >= 15000]
    if not towns:
        return None
    best = max(towns, key=lambda e: e.population)
    return best.name, best.lat, best.lon, best.geonames_id, 1, best.country_code


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
