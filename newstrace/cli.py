"""The ``newstrace`` command line.

Each subcommand is a pair of functions, ``_add_NAME(subparsers)`` declaring its options and
``_cmd_NAME(args) -> int`` running it. Errors a user can cause print one line to stderr and exit
with the code of their class (see ``newstrace --help``); tracebacks are for bugs only.
"""

from __future__ import annotations

import argparse
import json
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


COMMANDS = {
    "analyze": (_add_analyze, _cmd_analyze),
    "schema": (_add_schema, _cmd_schema),
    "analyzers": (_add_analyzers, _cmd_analyzers),
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


if __name__ == "__main__":
    sys.exit(main())
