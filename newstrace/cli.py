"""The ``newstrace`` command line.

Each subcommand is a pair of functions, ``_add_NAME(subparsers)`` declaring its options and
``_cmd_NAME(args) -> int`` running it. Errors a user can cause print one line to stderr and exit
with the code of their class (see ``newstrace --help``); tracebacks are for bugs only.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from newstrace import __version__
from newstrace.errors import NewstraceError

__all__ = ["main"]

EXIT_CODES = """exit codes:
  0  success (warnings, if any, are in the output)
  1  other newstrace error
  2  bad input: empty, binary, too large, no article text, missing file (E1xx)
  3  a URL could not be fetched: offline, HTTP error, not a web page (E2xx)
  4  analyzer or model problem: unknown --only name, model package missing (E3xx)
  5  corpus store error (E4xx)
  64 bad command-line usage
"""

FORMATS = ("json", "md", "html", "geojson", "csv")


def _split_only(value: str | None) -> list[str] | None:
    if value is None:
        return None
    if value.strip().lower() == "none":
        return []
    return [v.strip() for v in value.split(",") if v.strip()]


def _add_analyze(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "analyze", help="analyse one page (file, URL, .gz, or - for stdin)",
        description="Analyse one news page and write the analysis.", epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("source", help="a path (.html, .txt, .gz), an http(s) URL, or - for standard input")
    g = p.add_argument_group("output")
    g.add_argument("--format", "-f", choices=FORMATS, default="json", help="output format (default: json)")
    g.add_argument("-o", "--output", help="write to this file instead of standard output")
    g = p.add_argument_group("analysis")
    g.add_argument("--only", help="comma-separated analyzers to run (their requirements run too); "
                   "'none' stops after ingestion and parsing; see 'newstrace analyzers'")
    g.add_argument("--url", help="the page's URL, when analysing a saved copy")
    g.add_argument("--published", help="publication date YYYY-MM-DD, overriding the page's own")
    g.add_argument("--max-bytes", type=int, default=None, help="refuse inputs larger than this (default 20 MB)")


def _cmd_analyze(args: argparse.Namespace) -> int:
    from newstrace.ingest import DEFAULT_MAX_BYTES
    from newstrace.pipeline import analyze_path, analyze_url
    from newstrace.report import render

    kwargs: dict[str, object] = {
        "only": _split_only(args.only), "published": args.published,
        "max_bytes": args.max_bytes or DEFAULT_MAX_BYTES,
    }
    if args.source.lower().startswith(("http://", "https://")):
        analysis = analyze_url(args.source, **kwargs)
    else:
        analysis = analyze_path(args.source, url=args.url, **kwargs)
    text = render(analysis, args.format)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    for w in analysis.warnings:
        print(f"newstrace: warning {w.code}: {w.message}", file=sys.stderr)
    return 0


def _add_schema(sub: argparse._SubParsersAction) -> None:
    sub.add_parser("schema", help="print the JSON Schema of the analysis output")


def _cmd_schema(args: argparse.Namespace) -> int:
    from newstrace.model import json_schema

    print(json.dumps(json_schema(), indent=2))
    return 0


def _add_analyzers(sub: argparse._SubParsersAction) -> None:
    sub.add_parser("analyzers", help="list the registered analyzers (names for --only)")


def _cmd_analyzers(args: argparse.Namespace) -> int:
    from newstrace.analyzers import available

    for spec in available().values():
        req = f" (requires {', '.join(spec.requires)})" if spec.requires else ""
        print(f"{spec.name:<14} {spec.description}{req}")
    return 0


def _add_store_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("store")
    g.add_argument("--db", default="corpus.db", help="the corpus store file (default: corpus.db)")
    g.add_argument("--store-type", default="sqlite", help="store implementation (default: sqlite)")


def _add_filter_options(p: argparse.ArgumentParser) -> None:
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


def _add_ingest(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "ingest", help="analyse a corpus into a searchable store (resumable)",
        description="Analyse folders of HTML/text (.gz), JSONL, CSV, WARC files and URL lists into a "
        "corpus store. Re-running skips what is done and re-analyses only what changed; documents that "
        "fail are recorded and reported, never fatal.", epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", help="files, folders or URLs")
    _add_store_options(p)
    g = p.add_argument_group("analysis")
    g.add_argument("--workers", "-j", type=int, default=0, help="worker processes (default: one per core)")
    g.add_argument("--only", help="comma-separated analyzers to run (default: all)")
    g.add_argument("--no-link", action="store_true", help="skip clustering republished copies after ingest")
    g.add_argument("--retry-errors", action="store_true", help="analyse documents that failed before again")
    g.add_argument("--quiet", "-q", action="store_true", help="no progress bar")


def _cmd_ingest(args: argparse.Namespace) -> int:
    from newstrace.store.commands import run_ingest

    args.only = _split_only(args.only)
    return run_ingest(args)


def _add_search(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("search", help="full-text search of a corpus store, with filters and snippets",
                       epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("query", nargs="*", help="words or an FTS5 query (empty: filters only)")
    _add_store_options(p)
    p.add_argument("--limit", "-n", type=int, default=20, help="at most this many hits (default 20)")
    _add_filter_options(p)


def _cmd_search(args: argparse.Namespace) -> int:
    from newstrace.store.commands import run_search

    return run_search(args)


def _add_export(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="export stored analyses as JSONL, CSV or GeoJSON (no cap)",
                       epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    _add_store_options(p)
    p.add_argument("--format", "-f", choices=("jsonl", "csv", "geojson"), default="jsonl")
    p.add_argument("--table", choices=("articles", "events"), default="articles",
                   help="CSV rows: one per article, or ACLED-named event rows")
    p.add_argument("--query", help="only articles matching this full-text query")
    p.add_argument("-o", "--output", help="write to this file instead of standard output")
    _add_filter_options(p)


def _cmd_export(args: argparse.Namespace) -> int:
    from newstrace.store.commands import run_export

    return run_export(args)


COMMANDS = {
    "analyze": (_add_analyze, _cmd_analyze),
    "schema": (_add_schema, _cmd_schema),
    "analyzers": (_add_analyzers, _cmd_analyzers),
    "ingest": (_add_ingest, _cmd_ingest),
    "search": (_add_search, _cmd_search),
    "export": (_add_export, _cmd_export),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newstrace",
        description="Read news articles the way a careful analyst does.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"newstrace {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add, _ in COMMANDS.values():
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors; 2 is ours for bad input
        return 0 if exc.code == 0 else 64
    try:
        return COMMANDS[args.command][1](args)
    except NewstraceError as exc:
        print(f"newstrace: error {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("newstrace: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: still one line for the user, the traceback only on request
        if os.environ.get("NEWSTRACE_DEBUG"):
            raise
        print(f"newstrace: internal error {type(exc).__name__}: {exc} (set NEWSTRACE_DEBUG=1 for the "
              "traceback, and please report it)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
