"""A single self-contained, offline HTML report: the article with its annotations highlighted and
the findings in tables beside it. No script or style is fetched from anywhere; an offline map is
added by :mod:`newstrace.report.map` when the analysis has coordinates.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from newstrace.model import Analysis

__all__ = ["Mark", "annotation_marks", "highlight", "render_html"]


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    css: str
    title: str
    anchor: str | None = None  # an id so tables and the map can link to the mention


def annotation_marks(analysis: Analysis) -> list[Mark]:
    """Every annotation of the analysis as a highlight over ``article.text``."""
    marks: list[Mark] = []
    claims = {c.sentence_id: c for c in analysis.claims}
    for s in analysis.sentences:
        c = claims.get(s.id)
        if c is not None:
            who = f" — according to {c.attributed_to}" if c.attributed_to else ""
            cues = f" (cues: {', '.join(c.cues)})" if c.cues else ""
            marks.append(Mark(s.start, s.end, f"sent cert-{c.certainty}", f"{c.certainty}{who}{cues}",
                              f"s{s.id}"))
        else:
            marks.append(Mark(s.start, s.end, "sent", "", f"s{s.id}"))
    for e in analysis.entities:
        marks.append(Mark(e.start, e.end, "ent", f"{e.label}: {e.canonical or e.text}"))
    for i, p in enumerate(analysis.places):
        for j, m in enumerate(p.mentions):
            where = f"{p.name} ({p.country_code or '?'}; {p.lat}, {p.lon}; GeoNames {p.geonames_id})"
            marks.append(Mark(m.start, m.end, "place", where, f"p{i}-{j}"))
    for tx in analysis.times:
        marks.append(Mark(tx.start, tx.end, "time", f"{tx.type} {tx.value}"))
    for q in analysis.quantities:
        rng = f"{q.low if q.low is not None else '…'}–{q.high if q.high is not None else '…'}"
        marks.append(Mark(q.start, q.end, "qty", f"{rng} {q.unit or ''}".strip()))
    for t in analysis.techniques:
        marks.append(Mark(t.start, t.end, "tech", f"{t.technique} ({t.score:.2f})"))
    for i, ck in enumerate(analysis.checks):
        marks.append(Mark(ck.start, ck.end, f"check verdict-{ck.verdict}", ck.explanation, f"c{i}"))
    return [m for m in marks if 0 <= m.start < m.end <= len(analysis.article.text)]


def highlight(text: str, marks: list[Mark]) -> Markup:
    """HTML of ``text`` where every stretch carries the classes and titles of the marks covering it.

    Marks may overlap freely (a place inside a technique inside a sentence): the text is cut at every
    mark boundary and each piece gets the union of its marks, so nothing needs to nest.
    """
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    starts = sorted(marks, key=lambda m: m.start)
    start_keys = [m.start for m in starts]
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        upto = bisect.bisect_right(start_keys, a)
        covering = [m for m in starts[:upto] if m.end > a and m.start <= a]
        piece = escape(text[a:b])
        anchors = "".join(f'<a id="{m.anchor}"></a>' for m in covering if m.anchor and m.start == a)
        if not covering:
            out.append(anchors + piece)
            continue
        css = " ".join(dict.fromkeys(c for m in covering for c in m.css.split()))
        title = " · ".join(dict.fromkeys(m.title for m in covering if m.title))
        tip = f' title="{escape(title)}"' if title else ""
        out.append(f'{anchors}<span class="{css}"{tip}>{piece}</span>')
    return Markup("".join(out))


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(loader=PackageLoader("newstrace.report", "templates"),
                       autoescape=select_autoescape(["html", "j2"]))


def render_html(analysis: Analysis) -> str:
    from newstrace.report.map import render_map

    return _env().get_template("report.html.j2").render(
        a=analysis, art=analysis.article, body=highlight(analysis.article.text, annotation_marks(analysis)),
        map_svg=render_map(analysis),
    )
