"""The ``quantities`` analyzer: numbers with approximators as ranges, unit, what is counted, role."""

from __future__ import annotations

from newstrace.analyzers.registry import Context, register
from newstrace.claims.quantities import extract_quantities
from newstrace.model import Quantity

__all__ = ["run"]


@register("quantities", fills=("quantities",), order=30)
def run(ctx: Context) -> None:
    """Quantities with ranges ("more than 300" -> low 301), units, counted nouns and roles."""
    matches = extract_quantities(ctx.doc)
    ctx.analysis.quantities = [
        Quantity(
            text=m.text, start=m.start, end=m.end, low=m.low, high=m.high, unit=m.unit,
            approximate=m.approximate, vague=m.vague, counted=m.counted,
            counted_start=m.counted_start, counted_end=m.counted_end, role=m.role, modifier=m.modifier,
        )
        for m in matches
    ]  # fmt: skip
