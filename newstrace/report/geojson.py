"""GeoJSON (RFC 7946) of the places, events and checked distances of an analysis."""

from __future__ import annotations

import json
from typing import Any

from newstrace.model import Analysis

__all__ = ["geojson_features", "render_geojson"]


def _point(lon: float, lat: float, props: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props}


def geojson_features(analysis: Analysis) -> list[dict[str, Any]]:
    """Features: a Point per resolved place and per located event, a LineString per checked distance."""
    feats: list[dict[str, Any]] = []
    for p in analysis.places:
        if p.lat is None or p.lon is None:
            continue
        feats.append(_point(p.lon, p.lat, {
            "kind": "place", "name": p.name, "geonames_id": p.geonames_id, "country_code": p.country_code,
            "feature": p.feature, "precision": p.precision, "mentions": len(p.mentions),
            "first_mention": [p.mentions[0].start, p.mentions[0].end] if p.mentions else None,
        }))
    for i, e in enumerate(analysis.events):
        loc = e.location
        if loc is None or loc.lat is None or loc.lon is None:
            continue
        feats.append(_point(loc.lon, loc.lat, {
            "kind": "event", "event_index": i, "event_type": e.event_type, "sub_event_type": e.sub_event_type,
            "date_start": e.date_start, "date_end": e.date_end, "location": loc.name,
            "actor1": e.actor1, "actor2": e.actor2, "certainty": e.certainty, "mode": e.mode,
            "fatalities_low": e.fatalities.low if e.fatalities else None,
            "fatalities_high": e.fatalities.high if e.fatalities else None,
            "fatalities_status": getattr(e.fatalities, "status", None) if e.fatalities else None,
            "attributed_to": e.attributed_to,
            "sentence_ids": e.sentence_ids,
        }))
    for c in analysis.checks:
        coords = getattr(c, "line", None)  # [[lon, lat], [lon, lat]] when the check measured one
        if not coords:
            continue
        feats.append({
            "type": "Feature", "geometry": {"type": "LineString", "coordinates": coords},
            "properties": {"kind": "check", "check": c.kind, "verdict": c.verdict, "stated": c.stated,
                           "measured": c.measured, "explanation": c.explanation, "start": c.start, "end": c.end},
        })
    return feats


def render_geojson(analysis: Analysis) -> str:
    collection = {
        "type": "FeatureCollection",
        "features": geojson_features(analysis),
        "properties": {"title": analysis.article.title, "url": analysis.article.url,
                       "published": analysis.article.published},
    }
    return json.dumps(collection, ensure_ascii=False, indent=2)
