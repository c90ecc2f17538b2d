"""Ingestion: from what a user gives (a page, a path, a URL) to a clean :class:`Article`.

``ingest`` is the single entry: it decodes, tells HTML from plain text, extracts or cleans, and
identifies the language. Problems that still leave an article (no main text found, another
language, no date) become warnings in the analysis rather than errors.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from newstrace.errors import EmptyInputError, InputError, NoArticleError
from newstrace.ingest.content import DEFAULT_MAX_BYTES, decode_content, looks_like_html
from newstrace.ingest.fetch import Fetched, fetch_url
from newstrace.ingest.language import detect_language
from newstrace.ingest.text import clean_scraped_text
from newstrace.model import AnalysisWarning, Article

__all__ = ["DEFAULT_MAX_BYTES", "Fetched", "Ingested", "fetch_url", "ingest", "read_path"]


@dataclass
class Ingested:
    article: Article
    removed: list[str] = field(default_factory=list)
    warnings: list[AnalysisWarning] = field(default_factory=list)


def read_path(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a file (``-`` for standard input) as bytes, refusing what is over ``max_bytes``."""
    if str(path) == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        p = Path(path)
        if not p.exists():
            raise InputError(f"no such file: {p}")
        if p.is_dir():
            raise InputError(f"{p} is a folder; give a file (or use 'newstrace ingest' for a corpus)")
        with p.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        from newstrace.errors import InputTooLargeError

        raise InputTooLargeError(f"{path} is over the limit of {max_bytes:,} bytes; raise it with --max-bytes")
    return data


def _site_from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def ingest(
    content: str | bytes,
    *,
    url: str | None = None,
    published: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Ingested:
    """Clean one page into an :class:`Article`; raises :class:`~newstrace.errors.InputError`."""
    decode_notes: list[str] = []
    raw = decode_content(content, max_bytes=max_bytes, warnings=decode_notes)
    warnings = [AnalysisWarning(code="W105", message=m) for m in decode_notes]
    if looks_like_html(raw):
        from newstrace.ingest.html import extract_html  # deferred: trafilatura's import is half a second

        ex = extract_html(raw, url=url)
        warnings += [AnalysisWarning(code="W102", message=w) for w in ex.warnings]
        article = Article(
            title=ex.title, byline=ex.byline or (f"By {ex.author}" if ex.author else None),
            author=None if ex.outlet else ex.author, outlet=ex.outlet,
            site=ex.site or _site_from_url(url), url=ex.url,
            published=published or ex.published, text=ex.text, captions=ex.captions, notes=ex.notes,
        )
        removed = ex.removed
    else:
        cleaned = clean_scraped_text(raw)
        article = Article(
            title=cleaned.title, byline=cleaned.byline, author=cleaned.author, outlet=cleaned.outlet,
            site=_site_from_url(url),
            url=url, published=published or cleaned.published, text=cleaned.text,
            captions=cleaned.captions, notes=cleaned.notes,
        )
        removed = cleaned.removed
    if not article.text.strip():
        if removed or article.captions or article.notes or article.title:
            raise NoArticleError("no article text was found on the page (only navigation or notes)")
        raise EmptyInputError("the content is empty: nothing to analyse")
    lang, prob = detect_language(article.text)
    article.language = lang
    if lang is not None and lang != "en":
        warnings.append(AnalysisWarning(
            code="W101",
            message=f"the article looks like '{lang}' (p={prob:.2f}), not English: the analyzers are "
            "built for English and their results will be poor",
        ))
    if not article.published:
        warnings.append(AnalysisWarning(
            code="W103", message="no publication date found: relative dates cannot be anchored "
            "(give one with --published YYYY-MM-DD)",
        ))
    if len(article.text.split()) < 20:
        warnings.append(AnalysisWarning(code="W104", message="the article is very short; it may be truncated"))
    return Ingested(article=article, removed=removed, warnings=warnings)
