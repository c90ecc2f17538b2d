"""The logic behind ``newstrace ingest``, ``search`` and ``export`` (the CLI only declares options)."""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import nullcontext
from pathlib import Path

from newstrace.errors import InputError
from newstrace.store.base import SearchFilters, open_store
from newstrace.store.export import export_corpus
from newstrace.store.ingest import ingest_corpus

__all__ = ["filters_from_args", "run_export", "run_ingest", "run_search", "store_config"]


def store_config(args: argparse.Namespace, *, readonly: bool = False) -> dict[str, object]:
    """``--store-type``/``--db`` as a store configuration (``{"type": "sqlite", "path": ...}``).

    ``readonly`` is passed to the store's factory (search and export never write).
    """
    config: dict[str, object] = {"type": getattr(args, "store_type", "sqlite") or "sqlite", "path": args.db}
    if readonly:
        config["readonly"] = True
    return config


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
    workers = args.workers or max(1, (os.cpu_count() or 1))
    with open_store(store_config(args)) as store:
        report = ingest_corpus(store, args.paths, workers=workers, only=args.only, progress=not args.quiet,
                               link=not args.no_link, retry_errors=args.retry_errors)
    print(f"newstrace: {report.summary()}", file=sys.stderr)
    for origin, err in report.errors:
        print(f"newstrace: failed {origin}: {err}", file=sys.stderr)
    if report.failed > len(report.errors):
        print(f"newstrace: ... {report.failed - len(report.errors)} more failures are recorded in {args.db}",
              file=sys.stderr)
    return 0


def run_search(args: argparse.Namespace) -> int:
    with open_store(store_config(args, readonly=True)) as store:
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
    with open_store(store_config(args, readonly=True)) as store, (
        Path(args.output).open("w", encoding="utf-8", newline="") if args.output else nullcontext(sys.stdout)
    ) as out:
        n = export_corpus(store, out, args.format, filters=filters_from_args(args), query=args.query or "",
                          table=args.table)
    print(f"newstrace: exported {n} articles", file=sys.stderr)
    return 0
