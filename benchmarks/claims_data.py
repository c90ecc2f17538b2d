"""Readers for the check-worthiness data in ../shared (CheckThat! 2019/2020, ClaimBuster).

Shared by ``train_checkworthy.py``, ``cv_checkworthy.py`` and ``bench_claims.py``; reads ``NEWSTRACE_SHARED``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

__all__ = ["SHARED", "Debate", "ap", "checkthat", "checkthat_speakers", "claimbuster", "mean_ap", "norm"]

SHARED = Path(os.environ.get("NEWSTRACE_SHARED", Path(__file__).resolve().parents[1] / ".." / "shared"))
CLAIMS = SHARED / "data" / "claims"

Debate = tuple[str, list[str], list[int]]  # name, sentences, labels


def norm(text: str) -> str:
    return " ".join(text.lower().split())


def _rows(path: Path) -> list[list[str]]:
    """The fields of each line with all four columns (line number, speaker, sentence, label)."""
    rows = [line.rstrip("\r").split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    return [parts for parts in rows if len(parts) >= 4]


def _read_tsv(path: Path) -> Debate:
    rows = _rows(path)
    return path.stem, [parts[2] for parts in rows], [int(parts[3]) for parts in rows]


def checkthat(year: int, split: str) -> list[Debate]:
    """Debates of CheckThat! ``year`` (2019 or 2020), ``split`` 'train' or 'test'."""
    return [_read_tsv(p) for p in sorted(_folder(year, split).glob("*.tsv"))]


def _folder(year: int, split: str) -> Path:
    if year == 2019:
        return CLAIMS / "checkthat2019" / "data" / ("training" if split == "train" else "test_annotated")
    return CLAIMS / "checkthat2020" / ("data/v2.0/training" if split == "train" else "test-input/test-gold")


def checkthat_speakers(year: int, split: str) -> dict[str, list[str]]:
    """Debate name -> the speaker of each line (same order as :func:`checkthat`'s sentences)."""
    out: dict[str, list[str]] = {}
    for path in sorted(_folder(year, split).glob("*.tsv")):
        out[path.stem] = [parts[1] for parts in _rows(path)]
    return out


def claimbuster(split: str) -> tuple[list[str], list[int]]:
    """ClaimBuster two-class ``split``: 'train', 'test', or another file of the folder ('kfold_30ncs')."""
    data = json.loads((CLAIMS / "claimbuster" / "data" / "two_class" / f"{split}.json").read_text("utf-8"))
    return [d["text"] for d in data], [int(d["label"]) for d in data]


def ap(scores: list[float], labels: list[int]) -> float:
    """Average precision of a ranking (the CheckThat! per-debate measure)."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    hits, total = 0, 0.0
    for rank, i in enumerate(order, 1):
        if labels[i]:
            hits += 1
            total += hits / rank
    positives = sum(labels)
    return total / positives if positives else 0.0


def mean_ap(per_debate: list[tuple[list[float], list[int]]]) -> float:
    vals = [ap(s, y) for s, y in per_debate if sum(y)]
    return sum(vals) / len(vals) if vals else 0.0
