"""Geodesic distance and bearing (WGS84, geographiclib) and the compass words of news text."""

from __future__ import annotations

import math
from functools import lru_cache

__all__ = [
    "COMPASS_16",
    "angle_difference",
    "compass_bearing",
    "compass_name",
    "destination",
    "distance_bearing",
    "great_circle_km",
]

#: The 16 points of the compass, clockwise from north; each sector is 22.5 degrees wide.
COMPASS_16 = ("N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW")

_WORDS = {
    "north": 0.0, "northeast": 45.0, "north-east": 45.0, "north east": 45.0, "east": 90.0,
    "southeast": 135.0, "south-east": 135.0, "south east": 135.0, "south": 180.0,
    "southwest": 225.0, "south-west": 225.0, "south west": 225.0, "west": 270.0,
    "northwest": 315.0, "north-west": 315.0, "north west": 315.0,
    "north-northeast": 22.5, "east-northeast": 67.5, "east-southeast": 112.5, "south-southeast": 157.5,
    "south-southwest": 202.5, "west-southwest": 247.5, "west-northwest": 292.5, "north-northwest": 337.5,
}


@lru_cache(maxsize=1)
def _geod():  # type: ignore[no-untyped-def]
    from geographiclib.geodesic import Geodesic

    return Geodesic.WGS84


def distance_bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> tuple[float, float]:
    """(distance in km, initial bearing in degrees 0-360 clockwise from north) from point 1 to 2."""
    g = _geod().Inverse(lat1, lon1, lat2, lon2)
    return g["s12"] / 1000.0, g["azi1"] % 360.0


def destination(lat: float, lon: float, bearing: float, km: float) -> tuple[float, float]:
    """The point ``km`` along the geodesic leaving (lat, lon) at ``bearing`` degrees from north."""
    g = _geod().Direct(lat, lon, bearing, km * 1000.0)
    return float(g["lat2"]), float(g["lon2"])


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance on a sphere: 0.5 % from the geodesic, and many times faster for ranking."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def compass_bearing(word: str) -> float | None:
    """The bearing of a direction word ("north", "south-east", "NNE"), or None."""
    w = word.strip().lower().replace("–", "-")
    if w in _WORDS:
        return _WORDS[w]
    up = word.strip().upper()
    if up in COMPASS_16:
        return COMPASS_16.index(up) * 22.5
    return None


def compass_name(bearing: float) -> str:
    """The 16-point compass name of a bearing: 23 -> "NNE"."""
    return COMPASS_16[int(((bearing % 360.0) + 11.25) // 22.5) % 16]


def angle_difference(a: float, b: float) -> float:
    """The smallest absolute difference between two bearings, 0-180 degrees."""
    d = abs(a - b) % 360.0
    return 360.0 - d if d > 180.0 else d
