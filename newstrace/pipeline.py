"""One article end to end: ingest, parse, run the analyzers, return the :class:`Analysis`."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from newstrace.analyzers.registry import Context, resolve
from newstrace.errors import NewstraceError
from newstrace.ingest import DEFAULT_MAX_BYTES, fetch_url, ingest, read_path
from newstrace.model import Analysis
from newstrace.nlp import entities_of, parse, sentences_of

__all__ = ["analyze", "analyze_path", "analyze_url"]

log = logging.getLogger("newstrace")


def analyze(
    content: str | bytes,
    *,
    url: str | None = None,
    published: str | None = None,
    only: Iterable[str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Analysis:
    """Analyse one page (HTML or plain text, str or bytes; HTML is detected).

    ``only`` names the analyzers to run (their requirements run too); ``None`` runs all and ``[]``
    stops after ingestion and parsing. ``published`` (YYYY-MM-DD) overrides the page's own date.
    Raises a :class:`~newstrace.errors.NewstraceError` subclass for input that cannot be analysed.
    """
    specs = resolve(None if only is None else list(only))
    ingested = ingest(content, url=url, published=published, max_bytes=max_bytes)
    analysis = Analysis(article=ingested.article, removed=ingested.removed, warnings=ingested.warnings)
    doc = parse(analysis.article.text)
    analysis.sentences = sentences_of(doc)
    analysis.entities = entities_of(doc)
    ctx = Context(analysis=analysis, doc=doc)
    for spec in specs:
        try:
            spec.run(ctx)
        except NewstraceError:
            raise
        except Exception as exc:  # an analyzer bug must not cost the user the rest of the analysis
            log.exception("analyzer %s failed", spec.name)
            analysis.warn("W300", f"analyzer '{spec.name}' failed and its output is missing: {exc!r}")
        else:
            analysis.analyzers.append(spec.name)
    return analysis


def analyze_path(path: str | Path, **kwargs: object) -> Analysis:
    """Analyse a file (``.html``, ``.txt``, ``.gz`` or ``-`` for standard input)."""
    max_bytes = int(kwargs.get("max_bytes", DEFAULT_MAX_BYTES))  # type: ignore[call-overload]
    return analyze(read_path(path, max_bytes=max_bytes), **kwargs)  # type: ignore[arg-type]


def analyze_url(url: str, **kwargs: object) -> Analysis:
    """Fetch a URL and analyse it; raises :class:`~newstrace.errors.FetchError` when it cannot."""
    max_bytes = int(kwargs.get("max_bytes", DEFAULT_MAX_BYTES))  # type: ignore[call-overload]
    transport = kwargs.pop("transport", None)
    fetched = fetch_url(url, max_bytes=max_bytes, transport=transport)  # type: ignore[arg-type]
    return analyze(fetched.content, url=fetched.url, **kwargs)  # type: ignore[arg-type]
