"""The offline map of the HTML report: an inline SVG, no tiles and no script from anywhere.

Country outlines are Natural Earth (public domain) via npm world-atlas 2.0.2 (ISC), shipped as
``data/geo/countries.json`` (see :mod:`newstrace.geo.outlines`). The frame is an equirectangular
projection fitted around the resolved places and checked distances, with longitudes scaled by the
cosine of the middle latitude so shapes look right at the latitudes shown.

Rings that cross the antimeridian (Russia, Fiji) are unwrapped to continuous longitudes and drawn
once per 360-degree copy that meets the frame, so no edge streaks across the whole map.
"""

from __future__ import annotations

import math

from markupsafe import Markup, escape

from newstrace.geo.outlines import unwrap_ring
from newstrace.model import Analysis, Check

__all__ = ["render_map"]

_MIN_SPAN_DEG = 4.0
_PAD = 0.15


def _outlines() -> list[tuple[str, list[list[list[float]]]]]:
    try:
        from newstrace.geo.outlines import load_outlines

        return [(c["name"], [unwrap_ring(poly[0]) for poly in c["polygons"] if poly]) for c in load_outlines()]
    except (OSError, ValueError):  # a broken install: draw the markers on a plain frame
        return []


def render_map(analysis: Analysis, *, width: int = 640, height: int = 400) -> Markup:
    """The SVG map of the places (markers link to their first mention) and checked distances."""
    pts = [(p.lon, p.lat, p.name, i, p) for i, p in enumerate(analysis.places)
           if p.lat is not None and p.lon is not None and p.precision not in ("continent",)]
    lines: list[tuple[Check, list[list[float]]]] = [
        (c, c.line) for c in analysis.checks if getattr(c, "line", None)  # type: ignore[attr-defined]
    ]
    # events with coordinates get their own markers, linked to the sentence that reports them
    evs = [(e.location.lon, e.location.lat, i, e) for i, e in enumerate(analysis.events)
           if e.location is not None and e.location.lat is not None and e.location.lon is not None]
    if not pts and not lines and not evs:
        return Markup("")
    lons = [float(p[0]) for p in pts if p[0] is not None] + [pt[0] for _, ln in lines for pt in ln]
    lats = [float(p[1]) for p in pts if p[1] is not None] + [pt[1] for _, ln in lines for pt in ln]
    lons += [float(e[0] or 0.0) for e in evs]
    lats += [float(e[1] or 0.0) for e in evs]
    # Countries alone (a "Syrian" demonym) should not blow the frame up to a continent when towns exist.
    towns = [(p[0], p[1]) for p in pts if p[4].precision not in ("country", "region", "admin1")]
    if len(towns) >= 2:
        lons = [float(t[0]) for t in towns if t[0] is not None] + [pt[0] for _, ln in lines for pt in ln]
        lats = [float(t[1]) for t in towns if t[1] is not None] + [pt[1] for _, ln in lines for pt in ln]
    x0, x1, y0, y1 = min(lons), max(lons), min(lats), max(lats)
    mid = (y0 + y1) / 2
    kx = max(math.cos(math.radians(mid)), 0.2)
    span_x = max((x1 - x0) * kx, _MIN_SPAN_DEG)
    span_y = max(y1 - y0, _MIN_SPAN_DEG)
    # Fit the frame's aspect ratio, then pad.
    if span_x / span_y < width / height:
        span_x = span_y * width / height
    else:
        span_y = span_x * height / width
    span_x, span_y = span_x * (1 + 2 * _PAD), span_y * (1 + 2 * _PAD)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    left, right = cx - span_x / kx / 2, cx + span_x / kx / 2
    top, bottom = min(85.0, cy + span_y / 2), max(-85.0, cy - span_y / 2)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return ((lon - left) / (right - left) * width, (top - lat) / (top - bottom) * height)

    parts = [f'<svg class="map" viewBox="0 0 {width} {height}" role="img" aria-label="map of the places '
             f'mentioned" xmlns="http://www.w3.org/2000/svg">',
             f'<rect width="{width}" height="{height}" class="sea"/>']
    for name, rings in _outlines():
        ds: list[str] = []
        for ring in rings:
            rl = min(p[0] for p in ring)
            rr = max(p[0] for p in ring)
            rb = min(p[1] for p in ring)
            rt = max(p[1] for p in ring)
            if rt < bottom or rb > top:
                continue
            for shift in (-360.0, 0.0, 360.0):
                if rr + shift < left or rl + shift > right:
                    continue
                coords = [xy(lon + shift, lat) for lon, lat in ring]
                ds.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in coords) + "Z")
        if ds:
            parts.append(f'<path class="land" d="{"".join(ds)}"><title>{escape(name)}</title></path>')
    for ci, (check, ln) in enumerate(lines):
        (ax, ay), (bx, by) = xy(*ln[0]), xy(*ln[1])
        index = analysis.checks.index(check) if check in analysis.checks else ci
        parts.append(f'<a href="#c{index}"><line x1="{ax:.1f}" y1="{ay:.1f}" x2="{bx:.1f}" y2="{by:.1f}" '
                     f'class="dist verdict-{escape(check.verdict)}"><title>{escape(check.explanation)}</title>'
                     "</line></a>")
    for lon, lat, name, i, place in pts:
        x, y = xy(float(lon or 0.0), float(lat or 0.0))
        if not (0 <= x <= width and 0 <= y <= height):
            continue
        n = len(place.mentions)
        title = f"{name} ({place.country_code or '?'}, {place.precision or '?'}) — {n} mention{'s' * (n != 1)}"
        r = 3 if place.precision in ("country", "region", "admin1") else 4
        parts.append(f'<a href="#p{i}-0"><circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" class="marker">'
                     f"<title>{escape(title)}</title></circle>"
                     f'<text x="{x + 6:.1f}" y="{y + 4:.1f}">{escape(name)}</text></a>')
    for lon, lat, i, ev in evs:
        x, y = xy(float(lon or 0.0), float(lat or 0.0))
        if not (0 <= x <= width and 0 <= y <= height):
            continue
        title = (f"{ev.sub_event_type or ev.event_type}, {ev.date_start or 'undated'}, {ev.certainty}"
                 f"{' (' + ev.mode + ')' if ev.mode else ''}")
        href = f"#s{ev.sentence_ids[0]}" if ev.sentence_ids else f"#e{i}"
        parts.append(f'<a href="{href}"><rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" '
                     f'class="event-marker" fill="#2c3e50" stroke="#fff" transform="rotate(45 {x:.1f} {y:.1f})">'
                     f"<title>{escape(title)}</title></rect></a>")
    parts.append("</svg>")
    return Markup("".join(parts))
