"""The logic behind ``newstrace ingest``, ``search`` and ``export`` (the CLI only declares options)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from newstrace.errors import InputError
from newstrace.store.base import SearchFilters, open_store
from newstrace.store.export import export_corpus
from newstrace.store.ingest import ingest_corpus

__all__ = ["add_filter_options", "filters_from_args", "run_export", "run_ingest", "run_search", "store_config"]


def store_config(args: argparse.Namespace) -> dict[str, object]:
    """``--store-type``/``--db`` as a store configuration (``{"type": "sqlite", "path": ...}``)."""
    return {"type": getattr(args, "store_type", "sqlite") or "sqlite", "path": args.db}


def add_filter_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("filters (combine with AND)")
    g.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="published on or after")
    g.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="published on or before")
    g.add_argument("--place", help="mentions this place (name, case-insensitive)")
    g.add_argument("--bbox", metavar="W,S,E,N", help="mentions a place inside this box (lon/lat degrees)")
    g.add_argument("--outlet", help="publisher domain/name or original outlet contains this")
    g.add_argument("--rating", choices=("low", "mixed", "high", "unrated"), help="outlet rating")
    g.add_argument("--technique", help="uses this propaganda technique, e.g. Loaded_Language")
    g.add_argument("--certainty", choices=("asserted", "reported", "hedged", "speculative"),
                   help="has a claim of this certainty")
    g.add_argument("--republished", action=argparse.BooleanOptionalAction, default=None,
                   help="only republished pages (--no-republished: only originals)")


def filters_from_args(args: argparse.Namespace) -> SearchFilters:
    bbox = None
    if args.bbox:
        try:
            w, s, e, n = (float(x) for x in args.bbox.split(","))
        except ValueError:
            raise InputError(f"--bbox wants W,S,E,N in degrees, e.g. 35,33,40,37; got {args.bbox!r}") from None
        bbox = (w, s, e, n)
    return SearchFilters(date_from=args.date_from, date_to=args.date_to, place=args.place, bbox=bbox,
                         outlet=args.outlet, rating=args.rating, technique=args.technique,
                         certainty=args.certainty, republished=args.republished)


def run_ingest(args: argparse.Namespace) -> int:
    only = None if args.only is None else [v.strip() for v in args.only.split(",") if v.strip()]
    workers = args.workers or max(1, (os.cpu_count() or 1))
    with open_store(store_config(args)) as store:
        report = ingest_corpus(store, args.paths, workers=workers, only=only, progress=not args.quiet,
                               link=not args.no_link, retry_errors=args.retry_errors)
    print(f"newstrace: {report.summary()}", file=sys.stderr)
    for origin, err in report.errors:
        print(f"newstrace: failed {origin}: {err}", file=sys.stderr)
    if report.failed > len(report.errors):
        print(f"newstrace: ... {report.failed - len(report.errors)} more failures are recorded in {args.db}",
              file=sys.stderr)
    return 0


def run_search(args: argparse.Namespace) -> int:
    from newstrace.store.sqlite import SQLiteStore

    store = SQLiteStore(args.db, readonly=True) if (args.store_type or "sqlite") == "sqlite" \
        else open_store(store_config(args))
    with store:
        hits = store.search(" ".join(args.query), filters_from_args(args), limit=args.limit)
    for h in hits:
        rating = h.rating or "unrated"
        print(f"[{h.article_id}] {h.published or '????-??-??'}  {h.domain or '-'} ({rating})  {h.title or ''}".rstrip())
        if h.url:
            print(f"    {h.url}")
        print(f"    {h.snippet}")
    if not hits:
        print("newstrace: no matches", file=sys.stderr)
    return 0


def run_export(args: argparse.Namespace) -> int:
    from newstrace.store.sqlite import SQLiteStore

    store = SQLiteStore(args.db, readonly=True) if (args.store_type or "sqlite") == "sqlite" \
        else open_store(store_config(args))
    with store:
        if args.output:
            with Path(args.output).open("w", encoding="utf-8", newline="") as out:
                n = export_corpus(store, out, args.format, filters=filters_from_args(args),
                                  query=args.query or "", table=args.table)
        else:
            n = export_corpus(store, sys.stdout, args.format, filters=filters_from_args(args),
                              query=args.query or "", table=args.table)
    print(f"newstrace: exported {n} articles", file=sys.stderr)
    return 0
