"""Loading the shipped lexicons (``newstrace/data/lexicons``), once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newstrace.errors import ModelMissingError

# The package data folder (a plain directory shipped as package data).
DATA_DIR = Path(__file__).resolve().parents[1] / "data"

__all__ = ["CertaintyPattern", "attribution_cues", "certainty_patterns", "vague_sources"]


@dataclass(frozen=True)
class CertaintyPattern:
    words: tuple[str, ...]
    kind: str  # hedge | speculation | booster
    modal: bool = False  # the first word must be a non-negated modal verb


def _lines(name: str) -> list[list[str]]:
    try:
        raw = (DATA_DIR / "lexicons" / name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise ModelMissingError(f"the lexicon {name} is missing from the installed package ({exc})") from exc
    rows = []
    for line in raw.splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.rstrip("\n").split("\t"))
    return rows


@lru_cache(maxsize=1)
def certainty_patterns() -> tuple[CertaintyPattern, ...]:
    """Hedge, speculation and booster patterns, longest first (so the longest match wins)."""
    pats = [
        CertaintyPattern(tuple(row[0].split()), row[1], len(row) > 2 and row[2] == "modal")
        for row in _lines("certainty.tsv")
    ]
    return tuple(sorted(pats, key=lambda p: -len(p.words)))


@lru_cache(maxsize=1)
def attribution_cues() -> dict[str, str]:
    """Reporting-verb lemma -> 'strong' | 'weak'."""
    return {row[0]: row[1] for row in _lines("attribution.tsv")}


@lru_cache(maxsize=1)
def vague_sources() -> tuple[frozenset[str], frozenset[str]]:
    """(vague head words, vague determiners)."""
    heads: set[str] = set()
    dets: set[str] = set()
    target = heads
    for row in _lines("vague_sources.txt"):
        if row[0] == "@determiners":
            target = dets
            continue
        target.add(row[0])
    return frozenset(heads), frozenset(dets)
