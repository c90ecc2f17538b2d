"""Analyzer ``checks``: stated distances and directions between places, measured and judged."""

from __future__ import annotations

from newstrace.analyzers.registry import Context, register
from newstrace.compose.checks import distance_checks

__all__ = ["run"]


@register("checks", requires=("places",), after=("times",), fills=("checks",), order=50)
def run(ctx: Context) -> None:
    """Distance checks (kind ``distance``); other analyzers may append checks of other kinds."""
    resolutions = ctx.shared.get("places", {}).get("resolutions", [])
    ctx.analysis.checks.extend(distance_checks(ctx.text, ctx.analysis.sentences, resolutions))
