"""Country outlines for the offline map and country centroids for the gazetteer.

The package ships ``data/geo/countries.json``: Natural Earth admin-0 outlines (public domain) taken
from the TopoJSON of npm ``world-atlas`` 2.0.2 (ISC), decoded here into plain rings of rounded
[lon, lat] pairs keyed by ISO 3166 numeric code. A TopoJSON decoder is a few lines; a dependency
for it (and for shapely-style centroids) would be heavier than the code. Rebuild with::

    python -m newstrace.geo.outlines ../shared/data/geo/world-atlas/countries-50m.json
"""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["Country", "decode_topojson", "load_outlines", "ring_centroid", "unwrap_ring"]

Ring = list[list[float]]
Country = dict[str, Any]  # {"id": "760", "name": "Syria", "polygons": [[outer, hole...], ...]}

_FILE = "countries.json"


def decode_topojson(topo: dict[str, Any], obj: str = "countries", digits: int = 2) -> list[Country]:
    """Decode a quantised TopoJSON object into countries with polygons of absolute [lon, lat] rings."""
    tf = topo.get("transform")
    arcs: list[Ring] = []
    for arc in topo["arcs"]:
        x = y = 0.0
        pts: Ring = []
        for p in arc:
            if tf:  # delta-encoded, quantised positions
                x, y = x + p[0], y + p[1]
                lon = x * tf["scale"][0] + tf["translate"][0]
                lat = y * tf["scale"][1] + tf["translate"][1]
            else:
                lon, lat = p[0], p[1]
            pts.append([round(lon, digits), round(lat, digits)])
        arcs.append(pts)

    def ring(indices: list[int]) -> Ring:
        out: Ring = []
        for k in indices:
            pts = arcs[k] if k >= 0 else arcs[~k][::-1]
            out.extend(pts if not out else pts[1:])
        return out

    countries: list[Country] = []
    for geom in topo["objects"][obj]["geometries"]:
        if geom.get("type") == "Polygon":
            polys = [geom["arcs"]]
        elif geom.get("type") == "MultiPolygon":
            polys = geom["arcs"]
        else:
            continue
        polygons = [[_dedupe(ring(r)) for r in poly] for poly in polys]
        countries.append({"id": str(geom.get("id", "")), "name": geom.get("properties", {}).get("name", ""),
                          "polygons": polygons})
    return countries


def _dedupe(ring: Ring) -> Ring:
    out: Ring = []
    for p in ring:
        if not out or p != out[-1]:
            out.append(p)
    return out


def unwrap_ring(ring: Ring) -> Ring:
    """The ring with longitudes made continuous (jumps over 180 degrees folded by ±360)."""
    out: Ring = []
    shift = 0.0
    prev: float | None = None
    for lon, lat in ring:
        if prev is not None:
            d = lon + shift - prev
            if d > 180:
                shift -= 360
            elif d < -180:
                shift += 360
        prev = lon + shift
        out.append([prev, lat])
    return out


def ring_centroid(ring: Ring) -> tuple[float, float, float]:
    """(lon, lat, |area|) of a ring by the shoelace formula on lon/lat (fine for a label point)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=False):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(a) < 1e-12:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return sum(xs) / len(xs), sum(ys) / len(ys), 0.0
    return cx / (3 * a), cy / (3 * a), abs(a) / 2


@lru_cache(maxsize=1)
def load_outlines() -> list[Country]:
    """The shipped country outlines (loaded once per process)."""
    with resources.files("newstrace").joinpath("data", "geo", _FILE).open("r", encoding="utf-8") as fh:
        data: list[Country] = json.load(fh)
    return data


def _main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m newstrace.geo.outlines <world-atlas countries-*.json>", file=sys.stderr)
        return 2
    topo = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    countries = decode_topojson(topo)
    target = Path(__file__).resolve().parent.parent / "data" / "geo" / _FILE
    target.write_text(json.dumps(countries, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {len(countries)} countries to {target} ({target.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
