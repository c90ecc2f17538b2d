"""``newstrace export``: every matching stored analysis as JSON Lines, CSV or GeoJSON, without a cap.

Rows are streamed from the store to the output, so an export of a large corpus holds one article in
memory at a time. CSV has one row per article (metadata and source) or, with ``table="events"``, the
ACLED-named event rows of :mod:`newstrace.report.csv`; GeoJSON is one FeatureCollection of the
features :mod:`newstrace.report.geojson` gives per article, each tagged with its article id.
"""

from __future__ import annotations

import csv
import json
from typing import TextIO

from newstrace.report.csv import ACLED_COLUMNS, event_rows
from newstrace.report.geojson import geojson_features
from newstrace.store.base import NO_FILTERS, CorpusStore, SearchFilters

__all__ = ["ARTICLE_COLUMNS", "EXPORT_FORMATS", "export_corpus"]

EXPORT_FORMATS = ("jsonl", "csv", "geojson")
ARTICLE_COLUMNS = [
    "article_id", "url", "title", "published", "language", "outlet", "site", "domain", "source_name",
    "rating", "republished", "original_outlet", "cluster_origin", "places", "events", "claims", "techniques",
]


def export_corpus(store: CorpusStore, out: TextIO, fmt: str = "jsonl", *, filters: SearchFilters = NO_FILTERS,
                  query: str = "", table: str = "articles") -> int:
    """Write every matching article to ``out``; returns how many articles were exported."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    n = 0
    rows = store.iter_analyses(filters, query)
    if fmt == "jsonl":
        for st in rows:
            data = st.analysis.to_dict()
            data["article_id"] = st.article_id
            out.write(json.dumps(data, ensure_ascii=False) + "\n")
            n += 1
    elif fmt == "csv":
        events = table == "events"
        w = csv.DictWriter(out, fieldnames=["article_id", *ACLED_COLUMNS] if events else ARTICLE_COLUMNS,
                           lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        for st in rows:
            a, s = st.analysis, st.analysis.source
            if events:
                for r in event_rows(a):
                    w.writerow({"article_id": st.article_id, **r})
            else:
                w.writerow({
                    "article_id": st.article_id, "url": a.article.url, "title": a.article.title,
                    "published": a.article.published, "language": a.article.language,
                    "outlet": a.article.outlet, "site": a.article.site, "domain": s.domain,
                    "source_name": s.name, "rating": s.rating, "republished": s.republished,
                    "original_outlet": s.original_outlet, "cluster_origin": getattr(s, "cluster_origin", None),
                    "places": len(a.places), "events": len(a.events), "claims": len(a.claims),
                    "techniques": len(a.techniques),
                })
            n += 1
    else:
        out.write('{"type": "FeatureCollection", "features": [\n')
        first = True
        for st in rows:
            for feat in geojson_features(st.analysis):
                feat["properties"].update({"article_id": st.article_id, "url": st.analysis.article.url,
                                           "published": st.analysis.article.published})
                out.write(("" if first else ",\n") + json.dumps(feat, ensure_ascii=False))
                first = False
            n += 1
        out.write("\n]}\n")
    return n
