"""Renderers of an :class:`~newstrace.model.Analysis`: JSON, Markdown, HTML, GeoJSON and CSV.

Each format is a function ``render(analysis) -> str`` registered in :data:`RENDERERS`, so the CLI and
the corpus export share them and a new format is one function.
"""

from __future__ import annotations

from collections.abc import Callable

from newstrace.model import Analysis
from newstrace.report.csv import render_csv
from newstrace.report.geojson import render_geojson
from newstrace.report.html import render_html
from newstrace.report.markdown import render_markdown

__all__ = ["RENDERERS", "render"]


def render_json(analysis: Analysis) -> str:
    return analysis.to_json()


RENDERERS: dict[str, Callable[[Analysis], str]] = {
    "json": render_json,
    "md": render_markdown,
    "html": render_html,
    "geojson": render_geojson,
    "csv": render_csv,
}


def render(analysis: Analysis, fmt: str) -> str:
    """Render in one of :data:`RENDERERS`' formats."""
    try:
        return RENDERERS[fmt](analysis)
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(RENDERERS)}") from None
