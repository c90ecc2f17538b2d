"""The outlet registry: who an outlet is and how reliable public rating lists say it is.

Four layers, each answering with its own evidence line (``rating_basis``) so a rating is never shown
without who said it and when:

1. the curated watchlist (``data/sources/watchlist.json``): outlets named by public reports, each
   with its citation, aliases, language editions, mirrors and state affiliation;
2. Lin et al. 2023 domain quality (``pc1`` in [0, 1]) for 11,520 domains;
3. OpenSources (2017) and FakeNewsCorpus site categories;
4. user registry files (``NEWSTRACE_REGISTRY`` or ``load_registry(user_files=...)``), which override
   the shipped entries of the same domain.

An outlet no layer knows is ``"unrated"`` - never a guess. Ratings are on one coarse scale,
``low | mixed | high``; the thresholds on pc1 are fixed a priori (below) and measured in
``benchmarks/bench_sources.py`` against labels the package does not ship.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from newstrace.errors import RegistryFileError
from newstrace.sources.domains import domain_candidates, host_of, is_shortener, name_key, registered_domain

__all__ = [
    "RATINGS",
    "Assessment",
    "Outlet",
    "OutletRegistry",
    "load_registry",
    "pc1_level",
]

RATINGS = ("low", "mixed", "high", "unrated")

#: pc1 below LOW_BELOW is 'low', at or above HIGH_FROM is 'high' (Lin et al.: 0 = lowest quality).
LOW_BELOW = 0.4
HIGH_FROM = 0.7

# OpenSources / FakeNewsCorpus categories on our scale. 'political' sites are "generally verifiable
# information in support of a point of view"; 'satire' and 'unknown' say nothing about reliability.
_CATEGORY_LEVEL = {
    "fake": "low", "fake news": "low", "conspiracy": "low", "junksci": "low", "hate": "low",
    "unreliable": "low", "unrealiable": "low", "rumor": "low", "clickbait": "low", "bias": "low",
    "state": "low", "political": "mixed", "reliable": "high",
}
_CATEGORY_SOURCES = {
    "opensources_types.csv": "OpenSources (Zimdars et al., 2017 snapshot)",
    "fakenewscorpus_types.csv": "FakeNewsCorpus site list (Szpakowski, 2020)",
}


def pc1_level(pc1: float) -> str:
    return "low" if pc1 < LOW_BELOW else "high" if pc1 >= HIGH_FROM else "mixed"


@dataclass(frozen=True)
class Outlet:
    """A curated outlet: one domain, its names, editions and mirrors, and a cited rating."""

    domain: str
    name: str
    aliases: tuple[str, ...] = ()
    editions: tuple[str, ...] = ()
    mirrors: tuple[str, ...] = ()
    ownership: str | None = None
    state_affiliation: str | None = None
    rating: str | None = None
    rating_basis: tuple[str, ...] = ()
    origin: str = "watchlist"

    @classmethod
    def from_dict(cls, d: dict[str, Any], origin: str) -> Outlet:
        domain = registered_domain(str(d.get("domain") or "")) if d.get("domain") else ""
        name = str(d.get("name") or "").strip()
        if not domain and not name:
            raise RegistryFileError(f"{origin}: an entry has neither 'domain' nor 'name': {d!r}")
        rating = d.get("rating")
        if rating is not None and rating not in RATINGS:
            raise RegistryFileError(f"{origin}: rating {rating!r} of {name or domain} is not one of {RATINGS}")

        def strs(key: str) -> tuple[str, ...]:
            v = d.get(key) or []
            return tuple(str(x).strip() for x in ([v] if isinstance(v, str) else v) if str(x).strip())

        return cls(
            domain=domain, name=name or domain, aliases=strs("aliases"),
            editions=tuple(host_of(e) for e in strs("editions")),
            mirrors=tuple(host_of(m) for m in strs("mirrors")),
            ownership=d.get("ownership"), state_affiliation=d.get("state_affiliation"),
            rating=rating, rating_basis=strs("rating_basis"), origin=origin,
        )


@dataclass
class Assessment:
    """What the registry says about one outlet (by domain or by name)."""

    query: str
    domain: str | None = None
    name: str | None = None
    rating: str = "unrated"
    rating_basis: list[str] = field(default_factory=list)
    outlet: Outlet | None = None
    score: float | None = None  # Lin et al. pc1, when known

    @property
    def rated(self) -> bool:
        return self.rating != "unrated"


class OutletRegistry:
    """Look outlets up by domain (URL, host, edition, mirror) or by name (a byline's outlet)."""

    def __init__(
        self,
        outlets: Iterable[Outlet] = (),
        pc1: dict[str, float] | None = None,
        categories: dict[str, dict[str, tuple[str, ...]]] | None = None,
    ) -> None:
        self.pc1 = pc1 or {}
        self.categories = categories or {}
        self._by_domain: dict[str, Outlet] = {}
        self._by_name: dict[str, Outlet] = {}
        for o in outlets:
            self.add(o)
        self._labels: dict[str, set[str]] | None = None

    def add(self, outlet: Outlet) -> None:
        """Add (or replace, by domain) a curated outlet; its names and hosts point to it."""
        for host in (outlet.domain, *outlet.editions, *outlet.mirrors):
            if host:
                self._by_domain[host] = outlet
        for n in (outlet.name, *outlet.aliases):
            if name_key(n):
                self._by_name[name_key(n)] = outlet
        if outlet.domain:
            self._by_name.setdefault(name_key(outlet.domain.split(".")[0]), outlet)

    def __len__(self) -> int:
        return len(set(self._by_domain) | set(self.pc1) | {d for t in self.categories.values() for d in t})

    def _domain_labels(self) -> dict[str, set[str]]:
        # 'globalresearch' -> {'globalresearch.ca'}: lets a byline name find a listed domain.
        if self._labels is None:
            labels: dict[str, set[str]] = {}
            for d in [*self.pc1, *(d for t in self.categories.values() for d in t)]:
                # Most listed domains are already registered domains ("x.com"): skip the costly
                # public-suffix parse for them (it made the first by-name lookup take a second).
                reg = d if d.count(".") == 1 else registered_domain(d)
                labels.setdefault(name_key(reg.split(".")[0]), set()).add(reg)
            self._labels = labels
        return self._labels

    def by_domain(self, url_or_domain: str) -> Assessment:
        """The assessment of the outlet at a URL or domain; 'unrated' when no layer lists it."""
        cands = domain_candidates(url_or_domain)
        res = Assessment(query=url_or_domain, domain=registered_domain(url_or_domain) or None)
        if not cands:
            res.rating_basis.append(f"{url_or_domain!r} is not a domain or URL")
            return res
        if is_shortener(cands[0]):
            res.rating_basis.append(f"{cands[0]} is a URL shortener: the outlet behind it is unknown offline")
            return res
        for key in cands:
            if key in self._by_domain:
                return self._curated(res, self._by_domain[key])
        self._listed(res, cands)
        if not res.rating_basis:
            res.rating_basis.append(f"no registry lists {res.domain}")
        return res

    def by_name(self, name: str) -> Assessment:
        """The assessment of an outlet known only by name, e.g. a byline's 'Inside Syria Media Center'."""
        key = name_key(name)
        res = Assessment(query=name, name=name.strip() or None)
        if not key:
            return res
        if key in self._by_name:
            return self._curated(res, self._by_name[key])
        domains = self._domain_labels().get(key, set())
        if len(domains) == 1:  # an ambiguous name is left unrated rather than guessed
            (domain,) = domains
            found = self.by_domain(domain)
            found.query, found.name = name, name.strip()
            found.rating_basis.insert(0, f"name {name.strip()!r} matched to the listed domain {domain}")
            return found
        res.rating_basis.append(f"no registry lists an outlet named {name.strip()!r}")
        return res

    def _curated(self, res: Assessment, o: Outlet) -> Assessment:
        res.outlet, res.name = o, o.name
        res.domain = o.domain or res.domain
        if o.rating:
            res.rating = o.rating
            origin = "curated watchlist" if o.origin == "watchlist" else f"user registry {o.origin}"
            res.rating_basis += [f"{origin}: {b}" for b in o.rating_basis] or [f"{origin}: rated {o.rating}"]
        if o.domain:  # the list figures too, as secondary evidence
            listed = Assessment(query=o.domain)
            self._listed(listed, domain_candidates(o.domain))
            res.score = listed.score
            res.rating_basis += listed.rating_basis
            if not o.rating and listed.rated:
                res.rating = listed.rating
        return res

    def _listed(self, res: Assessment, cands: Sequence[str]) -> None:
        level: str | None = None
        for key in cands:
            if key in self.pc1:
                res.score = self.pc1[key]
                level = pc1_level(res.score)
                res.rating_basis.append(
                    f"Lin et al. 2023 (PNAS Nexus) domain quality pc1={res.score:.2f} for {key} "
                    f"(0 lowest, 1 highest; <{LOW_BELOW} low, >={HIGH_FROM} high) -> {level}"
                )
                break
        for table, entries in self.categories.items():
            for key in cands:
                if key in entries:
                    types = entries[key]
                    levels = [_CATEGORY_LEVEL[t] for t in types if t in _CATEGORY_LEVEL]
                    cat_level = "low" if "low" in levels else levels[0] if levels else None
                    shown = _CATEGORY_SOURCES.get(table, table)
                    res.rating_basis.append(
                        f"{shown}: {key} typed {', '.join(types)}" + (f" -> {cat_level}" if cat_level else "")
                    )
                    level = level or cat_level
                    break
        if level:
            res.rating = level


def _read_categories(path: Path) -> dict[str, tuple[str, ...]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return {r["domain"]: tuple(t.strip() for t in r["types"].split("|") if t.strip())
                for r in csv.DictReader(fh)}


def _read_user_file(path: Path) -> list[Outlet]:
    """A user registry: JSON (a list, or {"outlets": [...]}, as watchlist.json) or CSV with columns
    domain,name,aliases,rating,rating_basis (lists separated by '|')."""
    if not path.is_file():
        raise RegistryFileError(f"registry file not found: {path}")
    origin = path.name
    try:
        if path.suffix.lower() == ".csv":
            with path.open(newline="", encoding="utf-8") as fh:
                rows: list[dict[str, Any]] = []
                for r in csv.DictReader(fh):
                    row: dict[str, Any] = {k.strip(): (v or "").strip() for k, v in r.items() if k}
                    for k in ("aliases", "rating_basis", "editions", "mirrors"):
                        row[k] = [x for x in str(row.get(k, "")).split("|") if x.strip()]
                    row["rating"] = row.get("rating") or None
                    rows.append(row)
        else:
            data = json.loads(path.read_text(encoding="utf-8"))
            rows = data.get("outlets", []) if isinstance(data, dict) else data
            if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
                raise RegistryFileError(f"{path}: expected a list of outlet objects")
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, csv.Error) as exc:
        raise RegistryFileError(f"cannot read registry file {path}: {exc}") from exc
    return [Outlet.from_dict(r, origin) for r in rows]


def _user_files_from_env() -> tuple[str, ...]:
    return tuple(p for p in os.environ.get("NEWSTRACE_REGISTRY", "").split(os.pathsep) if p.strip())


@lru_cache(maxsize=8)
def _load(user_files: tuple[str, ...]) -> OutletRegistry:
    data = files("newstrace") / "data" / "sources"
    watch = json.loads((data / "watchlist.json").read_text(encoding="utf-8"))
    outlets = [Outlet.from_dict(d, "watchlist") for d in watch["outlets"]]
    with gzip.open(str(data / "lin2023_pc1.csv.gz"), "rt", encoding="utf-8", newline="") as fh:
        pc1 = {r["domain"]: float(r["pc1"]) for r in csv.DictReader(fh)}
    categories = {name: _read_categories(Path(str(data / name))) for name in _CATEGORY_SOURCES}
    for f in user_files:
        outlets += _read_user_file(Path(f))
    return OutletRegistry(outlets, pc1, categories)


def load_registry(user_files: Iterable[str | os.PathLike[str]] = ()) -> OutletRegistry:
    """The shipped registry plus user files (and those in ``NEWSTRACE_REGISTRY``), loaded once."""
    return _load(tuple(str(f) for f in user_files) + _user_files_from_env())
