"""CSV of the events of an analysis, with ACLED's column names so it opens in ACLED-aware tools."""

from __future__ import annotations

import csv
import io

from newstrace.model import Analysis

__all__ = ["ACLED_COLUMNS", "event_rows", "render_csv"]

#: ACLED's export columns that an article can fill, plus newstrace's provenance columns.
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "actor2", "location", "latitude", "longitude", "geo_precision", "source", "notes",
    "fatalities", "fatalities_low", "fatalities_high", "date_start", "date_end", "certainty", "mode",
    "attributed_to", "sentence_ids", "geonames_id", "source_url", "fatalities_status", "fatalities_source",
]


def event_rows(analysis: Analysis) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    art = analysis.article
    for i, e in enumerate(analysis.events):
        loc = e.location
        low = e.fatalities.low if e.fatalities else None
        high = e.fatalities.high if e.fatalities else None
        rows.append({
            "event_id_cnty": f"NT{i + 1}", "event_date": e.date_start or "", "time_precision": e.date_precision,
            "disorder_type": getattr(e, "disorder_type", "") or "", "event_type": e.event_type,
            "sub_event_type": e.sub_event_type or "", "actor1": e.actor1 or "", "actor2": e.actor2 or "",
            "location": loc.name if loc else "", "latitude": loc.lat if loc else "",
            "longitude": loc.lon if loc else "", "geo_precision": loc.precision if loc else "",
            "source": art.outlet or art.site or "", "notes": " ".join(m.text for m in e.evidence),
            # ACLED records a single, conservative figure: the low end of the range.
            "fatalities": low if low is not None else 0, "fatalities_low": low, "fatalities_high": high,
            "date_start": e.date_start, "date_end": e.date_end, "certainty": e.certainty, "mode": e.mode or "",
            "attributed_to": e.attributed_to or "", "sentence_ids": ";".join(map(str, e.sentence_ids)),
            "geonames_id": loc.geonames_id if loc else "", "source_url": art.url or "",
            # a figure one side gives ("claimed") is not an established count: say so beside it
            "fatalities_status": getattr(e.fatalities, "status", "") or "" if e.fatalities else "",
            "fatalities_source": getattr(e.fatalities, "source", "") or "" if e.fatalities else "",
        })
    return rows


def render_csv(analysis: Analysis) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in event_rows(analysis):
        writer.writerow(row)
    return buf.getvalue()
