"""Analyzer ``places``: recognise toponyms, resolve them against the embedded GeoNames gazetteer.

Fills ``analysis.places`` (one record per resolved place, with every mention) and leaves in
``ctx.shared["places"]`` the per-mention resolutions that the ``checks`` analyzer reuses.
"""

from __future__ import annotations

from typing import Any

from newstrace.analyzers.registry import Context, register
from newstrace.geo.gazetteer import load_gazetteer
from newstrace.geo.recognize import recognize_toponyms
from newstrace.geo.resolve import Resolution, resolve_toponyms
from newstrace.model import Mention, Place

__all__ = ["places_from_resolutions", "run"]


def places_from_resolutions(resolutions: list[Resolution]) -> list[Place]:
    """Group mention resolutions into places: one per gazetteer record, or per name when unresolved."""
    places: dict[Any, Place] = {}
    for r in resolutions:
        m = r.mention
        mention = Mention(start=m.start, end=m.end, text=m.text, how=m.how)
        e = r.entry
        group: Any = ("id", e.id) if e is not None else ("name", m.key)
        place = places.get(group)
        if place is None:
            if e is None:
                place = Place(name=m.text, precision=None)
            else:
                place = Place(name=e.name, geonames_id=e.geonames_id, lat=round(e.lat, 5), lon=round(e.lon, 5),
                              country_code=e.country_code or None, feature=e.feature, precision=e.precision,
                              source=e.source)
            places[group] = place
        place.mentions.append(mention)
    # Places mentioned only through a demonym ("Syrian") stay: the demonym is evidence of the country.
    return sorted(places.values(), key=lambda p: p.mentions[0].start)


@register("places", fills=("places",), order=20)
def run(ctx: Context) -> None:
    """Toponyms recognised (NER + gazetteer + cues + demonyms) and resolved to GeoNames records."""
    gaz = load_gazetteer()
    mentions = recognize_toponyms(ctx.doc, gaz)
    resolutions = resolve_toponyms(mentions)
    ctx.analysis.places = places_from_resolutions(resolutions)
    ctx.shared["places"] = {"resolutions": resolutions}
