"""A Markdown report: the article's facts, then one table per kind of finding."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from newstrace.model import Analysis

__all__ = ["render_markdown"]


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def _table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines + [""]


def render_markdown(analysis: Analysis) -> str:
    a = analysis.article
    out = [f"# {a.title or 'Untitled article'}", ""]
    facts = [("Outlet", a.outlet), ("Author", a.author), ("Site", a.site), ("Published", a.published),
             ("URL", a.url), ("Language", a.language), ("Byline", a.byline)]
    out += [f"- **{k}:** {_cell(v)}" for k, v in facts if v]
    s = analysis.source
    if s.rating or s.original_outlet:
        out.append(f"- **Source rating:** {_cell(s.rating)} ({_cell('; '.join(s.rating_basis))})")
        if s.republished:
            out.append(f"- **Republished from:** {_cell(s.original_outlet)}")
    out.append("")
    for w in analysis.warnings:
        out.append(f"> **Warning {w.code}:** {w.message}")
    if analysis.warnings:
        out.append("")
    if analysis.checks:
        out += ["## Checks", ""] + _table(
            ["kind", "text", "verdict", "explanation"],
            [(c.kind, c.text, c.verdict, c.explanation) for c in analysis.checks])
    if analysis.events:
        out += ["## Events", ""] + _table(
            ["type", "sub-event", "date", "location", "actors", "fatalities", "certainty", "mode", "source"],
            [(e.event_type, e.sub_event_type, e.date_start, e.location.name if e.location else "",
              " vs ".join(x for x in (e.actor1, e.actor2) if x),
              f"{e.fatalities.low}-{e.fatalities.high}" if e.fatalities else "",
              e.certainty, e.mode, e.attributed_to) for e in analysis.events])
    if analysis.claims:
        out += ["## Claims", ""] + _table(
            ["#", "certainty", "attributed to", "cues", "check-worthiness", "sentence"],
            [(c.sentence_id, c.certainty, c.attributed_to, ", ".join(c.cues),
              f"{c.check_worthiness:.2f}" if c.check_worthiness is not None else "", c.text)
             for c in analysis.claims])
    if analysis.places:
        out += ["## Places", ""] + _table(
            ["name", "GeoNames", "lat", "lon", "country", "mentions"],
            [(p.name, p.geonames_id, p.lat, p.lon, p.country_code, len(p.mentions)) for p in analysis.places])
    if analysis.times:
        out += ["## Times", ""] + _table(["text", "value", "type"],
                                         [(t.text, t.value, t.type) for t in analysis.times])
    if analysis.quantities:
        out += ["## Quantities", ""] + _table(["text", "low", "high", "unit"],
                                              [(q.text, q.low, q.high, q.unit) for q in analysis.quantities])
    if analysis.techniques:
        out += ["## Techniques", ""] + _table(["technique", "text", "score"],
                                              [(t.technique, t.text, f"{t.score:.2f}") for t in analysis.techniques])
    out += ["## Text", "", a.text, ""]
    if a.captions:
        out += ["## Captions", ""] + [f"- {c}" for c in a.captions] + [""]
    if a.notes:
        out += ["## Publisher notes", ""] + [f"> {n}" for n in a.notes] + [""]
    if analysis.removed:
        out += ["## Removed boilerplate", ""] + [f"- {_cell(r)}" for r in analysis.removed] + [""]
    return "\n".join(out)
