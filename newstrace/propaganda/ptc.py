"""Reading corpora in the Propaganda Techniques Corpus (PTC) layout.

An article is ``article<ID>.txt``; its labels are tab-separated lines ``id  technique  start  end``
(technique classification) or ``id  start  end`` (span identification), with character offsets
into the decoded text. The reader is written here because no maintained library reads this format;
it is used by training and the benchmark, and by anyone scoring their own PTC-style data.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["GoldSpan", "PTCArticle", "lines_of", "read_articles", "read_labels"]

_ARTICLE_ID = re.compile(r"article(\d+)")


@dataclass(frozen=True)
class GoldSpan:
    start: int
    end: int
    technique: str | None = None  # None for span-identification labels


@dataclass
class PTCArticle:
    id: str
    text: str
    spans: list[GoldSpan] = field(default_factory=list)


def _article_id(path: Path) -> str:
    m = _ARTICLE_ID.search(path.name)
    if not m:
        raise ValueError(f"not a PTC file name (article<ID>...): {path.name}")
    return m.group(1)


def read_labels(path: Path) -> dict[str, list[GoldSpan]]:
    """Labels from one file or a folder of per-article files, by article id.

    Lines with 4 fields are ``id technique start end``; with 3, ``id start end``. Blank lines are
    skipped; a malformed line raises ``ValueError`` naming the file and line.
    """
    files = sorted(path.glob("*.labels")) if path.is_dir() else [path]
    out: dict[str, list[GoldSpan]] = defaultdict(list)
    for f in files:
        for lineno, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            parts = line.strip().split("\t")
            if parts == [""]:
                continue
            try:
                if len(parts) == 4:
                    span = GoldSpan(int(parts[2]), int(parts[3]), parts[1])
                elif len(parts) == 3:
                    span = GoldSpan(int(parts[1]), int(parts[2]))
                else:
                    raise ValueError(f"{len(parts)} fields")
            except ValueError as exc:
                raise ValueError(f"{f}:{lineno}: malformed label line ({exc})") from exc
            out[parts[0]].append(span)
    return dict(out)


def read_articles(folder: Path, labels: Path | None = None) -> list[PTCArticle]:
    """The articles of a folder (sorted by id), with their spans from ``labels`` when given.

    Newlines are kept as they are in the file (``newline=""``) so that offsets stay valid.
    """
    gold = read_labels(labels) if labels is not None else {}
    out: list[PTCArticle] = []
    for f in sorted(folder.glob("article*.txt")):
        with f.open(encoding="utf-8", newline="") as fh:
            text = fh.read()
        aid = _article_id(f)
        out.append(PTCArticle(aid, text, sorted(gold.get(aid, []), key=lambda s: (s.start, s.end))))
    return out


def lines_of(text: str) -> list[tuple[int, int]]:
    """Non-empty lines as character ranges: a PTC line is about a sentence (the SLC unit, and the
    training windows' unit)."""
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out
