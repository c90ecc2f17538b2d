"""The ``source`` analyzer: publisher, original outlet, republication and the outlet's rating."""

from __future__ import annotations

from newstrace.analyzers.registry import Context, register
from newstrace.sources.assess import assess_source
from newstrace.sources.registry import load_registry

__all__ = ["run"]


@register("source", fills=("source",), order=80,
          description="publisher and original outlet, republication, rating with its basis")
def run(ctx: Context) -> None:
    """Publisher and original outlet, republication, and the outlet rating with its basis."""
    ctx.analysis.source = assess_source(ctx.article, load_registry())
