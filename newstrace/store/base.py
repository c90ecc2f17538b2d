"""The corpus store interface, and the configuration that picks an implementation.

Callers (ingest, search, export, the web UI later) talk to :class:`CorpusStore` only. Which store
backs it is configuration, as in datasketch's storage config: ``{"type": "sqlite", "path":
"corpus.db"}`` is the embedded default; a server store registers another ``type`` with
:func:`register_store` and no caller changes.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from newstrace.errors import StoreError
from newstrace.model import Analysis

__all__ = [
    "NO_FILTERS",
    "CorpusStore",
    "DocumentStatus",
    "SearchFilters",
    "SearchHit",
    "open_store",
    "register_store",
    "store_types",
]


@dataclass(frozen=True)
class SearchFilters:
    """Filters of a search or an export; every field is optional and they combine with AND."""

    date_from: str | None = None  # YYYY-MM-DD, inclusive
    date_to: str | None = None
    place: str | None = None  # a place name mentioned in the article (case-insensitive)
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    outlet: str | None = None  # matches publisher domain/name or original outlet (substring)
    rating: str | None = None  # low | mixed | high | unrated
    technique: str | None = None  # e.g. Loaded_Language
    certainty: str | None = None  # a claim with this certainty
    republished: bool | None = None


NO_FILTERS = SearchFilters()


@dataclass
class SearchHit:
    article_id: int
    title: str | None
    url: str | None
    domain: str | None
    published: str | None
    rating: str | None
    snippet: str
    score: float = 0.0


@dataclass
class DocumentStatus:
    origin: str
    content_hash: str | None
    status: str  # ok | error
    article_id: int | None = None
    error_code: str | None = None
    error_message: str | None = None


@dataclass
class StoredArticle:
    article_id: int
    analysis: Analysis
    extra: dict[str, Any] = field(default_factory=dict)


class CorpusStore(ABC):
    """Articles with their analyses, places, events, claims and sources, plus per-document status."""

    @abstractmethod
    def status(self, origin: str) -> DocumentStatus | None:
        """What was recorded for an input document (path, path#member, URL), or None."""

    @abstractmethod
    def article_id_for_hash(self, content_hash: str) -> int | None:
        """The article already analysed from identical content, if any."""

    @abstractmethod
    def put_analysis(self, origin: str, content_hash: str, analysis: Analysis,
                     signature: bytes | None = None) -> int:
        """Store (or replace) the analysis of ``origin``; returns the article id."""

    @abstractmethod
    def link(self, origin: str, content_hash: str, article_id: int) -> None:
        """Record ``origin`` as another copy of an already-analysed article (identical content)."""

    @abstractmethod
    def put_error(self, origin: str, content_hash: str | None, code: str, message: str) -> None:
        """Record that ``origin`` could not be analysed (never fatal to a run)."""

    @abstractmethod
    def search(self, query: str, filters: SearchFilters = NO_FILTERS, *,
               limit: int = 20) -> list[SearchHit]:
        """Full-text search (empty query: filters only, newest first) with snippets."""

    @abstractmethod
    def iter_analyses(self, filters: SearchFilters = NO_FILTERS, query: str = "") -> Iterator[StoredArticle]:
        """Every stored analysis that matches, in article id order, without a cap."""

    @abstractmethod
    def errors(self) -> list[DocumentStatus]:
        """The documents whose analysis failed, with their error codes."""

    @abstractmethod
    def sketches(self) -> Iterator[tuple[int, str, str | None, str | None, str | None, bytes | None]]:
        """(article id, text, published, domain, outlet, MinHash signature) of every article."""

    @abstractmethod
    def update_source(self, article_id: int, fields: dict[str, Any]) -> None:
        """Merge ``fields`` into the stored ``source`` of an article (used by republication linking)."""

    @abstractmethod
    def stats(self) -> dict[str, int]:
        """Counts of articles, documents, errors and of the related tables."""

    @abstractmethod
    def flush(self) -> None:
        """Make every write so far durable (writes may be batched until then)."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> CorpusStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_STORES: dict[str, Callable[..., CorpusStore]] = {}


def register_store(type_name: str, factory: Callable[..., CorpusStore]) -> None:
    """Make ``{"type": type_name, ...}`` open a store built by ``factory(**other_keys)``."""
    _STORES[type_name] = factory


def store_types() -> list[str]:
    _ensure_builtin()
    return sorted(_STORES)


def _ensure_builtin() -> None:
    if "sqlite" not in _STORES:
        from newstrace.store.sqlite import SQLiteStore

        register_store("sqlite", SQLiteStore)


def open_store(config: dict[str, Any] | str) -> CorpusStore:
    """Open the store a configuration names; a plain string is the path of an SQLite store."""
    _ensure_builtin()
    cfg = {"type": "sqlite", "path": config} if isinstance(config, str) else dict(config)
    kind = cfg.pop("type", "sqlite")
    if kind not in _STORES:
        raise StoreError(f"unknown store type {kind!r}; available: {', '.join(sorted(_STORES))}")
    return _STORES[kind](**cfg)
