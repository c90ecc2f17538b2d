"""Analyzer ``times``: temporal expressions normalised to TIMEX3 values (anchored on publication)."""

from __future__ import annotations

from newstrace.analyzers.registry import Context, register
from newstrace.model import TimeExpression
from newstrace.temporal.timex import find_timexes, parse_anchor

__all__ = ["run"]


@register("times", fills=("times",), order=10)
def run(ctx: Context) -> None:
    """Dates, times, durations and sets with TIMEX3 values relative to the publication date."""
    anchor = parse_anchor(ctx.article.published)
    if anchor is None and not any(w.code == "W103" for w in ctx.analysis.warnings):
        # Without a date to anchor on, relative expressions keep X placeholders (or are skipped).
        # Ingestion already says so (W103) when the page had no date; this covers a bad --published.
        ctx.analysis.warn("W310", "no usable publication date: relative dates ('yesterday') are left unresolved")
    times: list[TimeExpression] = []
    for t in find_timexes(ctx.text, anchor):
        # a range: its bounds as extra fields beside the duration value
        bounds = {"begin": t.begin, "finish": t.finish} if t.begin is not None else {}
        times.append(TimeExpression(text=t.text, start=t.start, end=t.end, value=t.value, type=t.type, **bounds))
    ctx.analysis.times = times
