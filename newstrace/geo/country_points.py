"""Country reference points: the GeoNames-style point pulled towards the country's centre of mass.

Why: the points GeoNames, the CIA Factbook and countryinfo give countries are whole-degree
conventions, some of them far from where the country's land lies (China's 35 N 105 E is about
250 km south-east of the centre of mass of its mainland, Australia's 27 S 133 E about 190 km
south-west of the continent's, Libya's 25 N 17 E 250 km south of the country's). A marker, and the
point a story "in China" is placed at, should sit in the middle of the country. Moving all the
way to the centre of mass, however, would part us from the GeoNames point that other tools and
data keyed to GeoNames use. So a point more than ``NEAR_CENTRE_KM`` (100 km) from the centre of
mass of the country's largest polygon moves towards it, just far enough to come within 100 km of it
but never more than ``MAX_PULL_KM`` (150 km), which keeps it within the usual 161 km tolerance of the
GeoNames point; a point already within 100 km of the centre stays exactly where GeoNames has it.
Both distances were chosen on the development halves of the geoparsing benchmarks
(``benchmarks/bench_geo.py``), which follow two conventions: LGL and GeoWebNews use GeoNames
points, GeoVirus Wikipedia's (China at 35 N 103 E rather than 105 E).

The centre of mass is hand-written because the only polygon libraries that compute it
(shapely, geopandas) are not dependencies and this runs once, at data-build time: the country's
largest Natural Earth polygon (npm ``world-atlas`` 2.0.2, ``countries-50m.json``, public domain
data) is sampled on a regular lon/lat grid, each sample weighted by its area (cos latitude), and
the mean of the samples as 3-D unit vectors is projected back onto the sphere. When that point
falls outside the polygon (a crescent-shaped country), the nearest sample inside it is used.
"""

from __future__ import annotations

import math
from typing import Any

from newstrace.geo.geodesy import destination, distance_bearing
from newstrace.geo.outlines import Ring, unwrap_ring

__all__ = ["MAX_PULL_KM", "NEAR_CENTRE_KM", "contains", "main_mass_centre", "pull_towards", "reference_point"]

#: How far a country's reference point may move towards its centre of mass (km). Below 161 km, the
#: usual tolerance of geoparsing evaluations, so the point still agrees with the GeoNames one.
MAX_PULL_KM = 150.0

#: A point this close to the centre of mass is central enough and stays where GeoNames has it, so
#: that the many countries whose GeoNames point is already central keep it exactly.
NEAR_CENTRE_KM = 100.0

_SAMPLES = 20_000  # grid samples per polygon's bounding box (about; the step is 0.02-0.25 degrees)


def _inside(xs: Any, ys: Any, ring: Ring) -> Any:
    """Even-odd point-in-polygon test of numpy arrays of points against one ring."""
    import numpy as np

    r = np.asarray(ring, dtype=float)
    x0, y0 = r[:, 0], r[:, 1]
    x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
    inside = np.zeros(xs.shape, dtype=bool)
    for a, b, c, d in zip(x0, y0, x1, y1, strict=True):
        if b == d:
            continue
        crosses = (b > ys) != (d > ys)
        inside ^= crosses & (xs < a + (ys - b) * (c - a) / (d - b))
    return inside


def _samples(polygon: list[Ring]) -> tuple[Any, Any, Any]:
    """Grid samples (lon, lat, area weight) inside one polygon (outer ring minus holes)."""
    import numpy as np

    outer = np.asarray(unwrap_ring(polygon[0]), dtype=float)
    xmin, xmax = float(outer[:, 0].min()), float(outer[:, 0].max())
    ymin, ymax = float(outer[:, 1].min()), float(outer[:, 1].max())
    step = max(0.02, min(0.25, math.sqrt((xmax - xmin) * (ymax - ymin) / _SAMPLES)))
    gx, gy = np.meshgrid(np.arange(xmin + step / 2, xmax, step), np.arange(ymin + step / 2, ymax, step))
    xs, ys = gx.ravel(), gy.ravel()
    keep = _inside(xs, ys, outer.tolist())
    for hole in polygon[1:]:
        keep &= ~_inside(xs, ys, unwrap_ring(hole))
    return xs[keep], ys[keep], np.cos(np.radians(ys[keep])) * step * step


def main_mass_centre(polygons: list[list[Ring]]) -> tuple[float, float, float] | None:
    """(lat, lon, area in square degrees at the equator) of the centre of mass of the largest polygon.

    None when no polygon is large enough to hold a grid sample.
    """
    import numpy as np

    best: tuple[Any, Any, Any] | None = None
    for poly in polygons:
        if not poly or len(poly[0]) < 4:
            continue
        xs, ys, w = _samples(poly)
        if len(xs) and (best is None or float(w.sum()) > float(best[2].sum())):
            best = (xs, ys, w)
    if best is None:
        return None
    xs, ys, w = best
    lat, lon = np.radians(ys), np.radians(xs)
    v = [float((w * np.cos(lat) * np.cos(lon)).sum()), float((w * np.cos(lat) * np.sin(lon)).sum()),
         float((w * np.sin(lat)).sum())]
    c_lat = math.degrees(math.atan2(v[2], math.hypot(v[0], v[1])))
    c_lon = math.degrees(math.atan2(v[1], v[0]))
    # Is the centre inside? Compare with the nearest sample (samples are one grid step apart).
    # The samples are in unwrapped longitudes; compare on the circle.
    dlon = (xs - c_lon + 180.0) % 360.0 - 180.0
    d2 = (ys - c_lat) ** 2 + (dlon * np.cos(math.radians(c_lat))) ** 2
    i = int(d2.argmin())
    step = math.sqrt(float(w[i]) / math.cos(math.radians(float(ys[i]))))
    if d2[i] > 2 * step * step:  # outside the polygon: the nearest inside sample stands for it
        c_lat, c_lon = float(ys[i]), (float(xs[i]) + 180.0) % 360.0 - 180.0
    return c_lat, c_lon, float(w.sum())


def pull_towards(lat: float, lon: float, target_lat: float, target_lon: float,
                 max_km: float = MAX_PULL_KM) -> tuple[float, float]:
    """The point ``max_km`` (or less, if it is nearer) along the geodesic from (lat, lon) to the target."""
    km, bearing = distance_bearing(lat, lon, target_lat, target_lon)
    return destination(lat, lon, bearing, min(max_km, km))


def contains(polygons: list[list[Ring]], lat: float, lon: float) -> bool:
    """Whether (lat, lon) lies in one of the polygons (outer ring minus its holes)."""
    import numpy as np

    for poly in polygons:
        if not poly:
            continue
        outer = unwrap_ring(poly[0])
        lo = min(p[0] for p in outer)
        x = np.array([lo + (lon - lo) % 360.0])  # the point's longitude in the ring's unwrapped range
        y = np.array([lat])
        if _inside(x, y, outer)[0] and not any(_inside(x, y, unwrap_ring(h))[0] for h in poly[1:]):
            return True
    return False


def reference_point(lat: float, lon: float, centre_lat: float, centre_lon: float,
                    polygons: list[list[Ring]]) -> tuple[float, float]:
    """The GeoNames-style point (lat, lon), moved the least that brings it within ``NEAR_CENTRE_KM`` of
    the centre of mass, and never more than ``MAX_PULL_KM``.

    The pull is shortened (in fifths) when the full pull would take a point out of the country: a
    straight line can cross a bay or a strait (Indonesia, Somalia, the Solomon Islands).
    """
    off_km = distance_bearing(lat, lon, centre_lat, centre_lon)[0]
    pull = min(MAX_PULL_KM, off_km - NEAR_CENTRE_KM)
    if pull <= 0:
        return lat, lon
    if not contains(polygons, lat, lon):
        return pull_towards(lat, lon, centre_lat, centre_lon, pull)
    for k in range(5, 0, -1):
        p = pull_towards(lat, lon, centre_lat, centre_lon, pull * k / 5)
        if contains(polygons, *p):
            return p
    return lat, lon
