"""Alignment of an article's event with an event dataset record (UCDP GED): same place, time, dyad.

A newstrace event matches a GED event when (1) its location lies within ``max_km`` of the GED point,
geodesically, (2) the date windows overlap, and (3) the two actors map to GED's side_a / side_b in
either order (GED's one-sided and non-state dyads are compared the same way).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from geographiclib.geodesic import Geodesic

from newstrace.events.actors import UCDP_NAMES
from newstrace.model import Event

__all__ = ["Alignment", "align_event"]


@dataclass(frozen=True)
class Alignment:
    matched: bool
    distance_km: float | None
    dates_overlap: bool
    same_dyad: bool
    reason: str


def _ucdp(actor: str | None) -> str | None:
    return UCDP_NAMES.get(actor, actor) if actor else None


def align_event(event: Event, ged: Mapping[str, object], *, max_km: float = 25.0) -> Alignment:
    """Compare ``event`` with one GED row (keys: latitude, longitude, date_start, date_end, side_a, side_b)."""
    loc = event.location
    dist: float | None = None
    if loc is not None and loc.lat is not None and loc.lon is not None:
        g = Geodesic.WGS84.Inverse(loc.lat, loc.lon, float(str(ged["latitude"])), float(str(ged["longitude"])))
        dist = g["s12"] / 1000.0
    overlap = False
    if event.date_start:
        e_end = event.date_end or event.date_start
        overlap = event.date_start <= str(ged["date_end"]) and str(ged["date_start"]) <= e_end
    sides = {str(ged["side_a"]), str(ged["side_b"])}
    ours = {_ucdp(event.actor1), _ucdp(event.actor2)}
    same_dyad = ours == sides
    reasons = []
    if dist is None:
        reasons.append("event has no coordinates")
    elif dist > max_km:
        reasons.append(f"{dist:.0f} km apart")
    if not overlap:
        reasons.append("date windows do not overlap")
    if not same_dyad:
        reasons.append(f"dyad {sorted(x or '?' for x in ours)} vs {sorted(sides)}")
    matched = not reasons
    return Alignment(matched, dist, overlap, same_dyad, "; ".join(reasons) or "same place, time and dyad")
