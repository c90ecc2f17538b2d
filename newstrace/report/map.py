"""The offline map of the HTML report (an inline SVG; no tiles, no script from elsewhere).

Until the places analyzer ships country outlines this draws the resolved places and checked
distances on a plain equirectangular frame around them.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from newstrace.model import Analysis

__all__ = ["render_map"]


def render_map(analysis: Analysis, *, width: int = 560, height: int = 360) -> Markup:
    pts = [(p.lon, p.lat, p.name, i) for i, p in enumerate(analysis.places) if p.lat is not None and p.lon is not None]
    if not pts:
        return Markup("")
    lons = [p[0] for p in pts if p[0] is not None]
    lats = [p[1] for p in pts if p[1] is not None]
    pad = 1.0
    x0, x1 = min(lons) - pad, max(lons) + pad
    y0, y1 = min(lats) - pad, max(lats) + pad

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (lon - x0) / (x1 - x0) * width, (y1 - lat) / (y1 - y0) * height

    parts = [f'<svg class="map" viewBox="0 0 {width} {height}" role="img" aria-label="map of places">',
             f'<rect width="{width}" height="{height}" class="sea"/>']
    for lon, lat, name, i in pts:
        x, y = xy(lon, lat)
        parts.append(f'<a href="#p{i}-0"><circle cx="{x:.1f}" cy="{y:.1f}" r="4" class="marker">'
                     f"<title>{escape(name)}</title></circle>"
                     f'<text x="{x + 6:.1f}" y="{y + 4:.1f}">{escape(name)}</text></a>')
    parts.append("</svg>")
    return Markup("".join(parts))
