"""The events analyzer: ACLED-style event records with provenance, certainty and PLOVER modes."""

from __future__ import annotations

from newstrace.analyzers.registry import Context, register
from newstrace.compose.events import compose_events

__all__ = ["run"]


@register("events", after=("times", "places", "quantities", "claims"), fills=("events",), order=70)
def run(ctx: Context) -> None:
    """Events: what happened, where, when, who, how many, how certain (ACLED / UCDP / PLOVER fields)."""
    ctx.analysis.events = compose_events(ctx.analysis, ctx.doc)
