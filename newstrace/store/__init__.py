"""The corpus store: articles and their analyses in a searchable store chosen by configuration."""

from newstrace.store.base import (
    CorpusStore,
    DocumentStatus,
    SearchFilters,
    SearchHit,
    open_store,
    register_store,
    store_types,
)
from newstrace.store.corpus import CorpusItem, content_hash, iter_corpus
from newstrace.store.export import EXPORT_FORMATS, export_corpus
from newstrace.store.ingest import IngestReport, ingest_corpus, link_republications

__all__ = [
    "EXPORT_FORMATS",
    "CorpusItem",
    "CorpusStore",
    "DocumentStatus",
    "IngestReport",
    "SearchFilters",
    "SearchHit",
    "content_hash",
    "export_corpus",
    "ingest_corpus",
    "iter_corpus",
    "link_republications",
    "open_store",
    "register_store",
    "store_types",
]
