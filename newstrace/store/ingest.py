"""``newstrace ingest``: analyse a corpus into a store, in parallel, resumably.

The main process reads documents, hashes them and asks the store what is already done: an origin
whose content hash is unchanged is skipped (a second run costs only reading and hashing), identical
content seen under another origin is linked without analysis, and everything else goes to a pool
of worker processes. Each worker loads the models once (its initializer runs the first parse), and
sends back the analysis JSON, or the error code and message; the main process is the only writer
of the store, which SQLite wants. Errors of one document are recorded and counted, never fatal.
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, as_completed, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newstrace.errors import NewstraceError
from newstrace.model import Analysis
from newstrace.store.base import CorpusStore
from newstrace.store.corpus import CorpusItem, count_corpus, iter_corpus

__all__ = ["IngestReport", "ingest_corpus", "link_republications"]

_ONLY: list[str] | None = None


@dataclass
class IngestReport:
    seen: int = 0
    analysed: int = 0
    skipped: int = 0  # unchanged since a previous run
    linked: int = 0  # identical content under another origin
    failed: int = 0
    seconds: float = 0.0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (origin, "Exxx: message"), first 20
    clusters: int | None = None  # None: linking did not run (nothing new)
    republished: int = 0

    @property
    def rate(self) -> float:
        return self.analysed / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        return (f"{self.seen} documents: {self.analysed} analysed, {self.skipped} unchanged, {self.linked} "
                f"duplicates, {self.failed} failed in {self.seconds:.1f} s ({self.rate:.2f} articles/s); "
                + (f"{self.clusters} republication clusters, {self.republished} pages marked republished"
                   if self.clusters is not None else "no new articles, republication links unchanged"))


def _init_worker(only: list[str] | None) -> None:
    global _ONLY
    _ONLY = only
    from newstrace.analyzers.registry import resolve
    from newstrace.nlp import load_nlp

    resolve(only)  # imports the analyzers
    load_nlp()  # the model loads once per worker, before the first document


_Result = tuple[str, str | None, str | None, bytes | None, str | None]


def _work(item: CorpusItem) -> _Result:
    """(origin, content hash, analysis JSON, MinHash signature, error) of one document."""
    from newstrace.ingest import fetch_url
    from newstrace.pipeline import analyze
    from newstrace.sources.republication import signature

    h = item.hash
    try:
        content, url = item.content, item.url
        if content is None:
            fetched = fetch_url(item.url or item.origin)
            content, url = fetched.content, fetched.url
            h = CorpusItem(item.origin, content).hash
        analysis = analyze(content, url=url, published=item.published, only=_ONLY)
        return item.origin, h, analysis.to_json(indent=None), signature(analysis.article.text), None
    except NewstraceError as exc:
        return item.origin, h, None, None, str(exc)
    except Exception as exc:  # a bug on one document is recorded, and the corpus goes on
        return item.origin, h, None, None, f"E000: internal error: {exc!r}"


def _todo(store: CorpusStore, items: Iterable[CorpusItem], report: IngestReport,
          tick: Callable[[], None], retry_errors: bool = False) -> Iterator[CorpusItem]:
    for item in items:
        report.seen += 1
        if item.error:
            code, _, msg = item.error.partition(": ")
            store.put_error(item.origin, None, code, msg)
            report.failed += 1
            _note(report, item.origin, item.error)
            tick()
            continue
        h = item.hash
        st = store.status(item.origin)
        if st is not None and retry_errors and st.status == "error":
            st = None  # asked to try failed documents again (e.g. after installing a missing model)
        if st is not None and ((h is None and st.status == "ok") or (h is not None and st.content_hash == h)):
            report.skipped += 1  # done before (a URL is not fetched again once it is in the store)
            tick()
            continue
        if h is not None and (aid := store.article_id_for_hash(h)) is not None:
            store.link(item.origin, h, aid)
            report.linked += 1
            tick()
            continue
        yield item


def _note(report: IngestReport, origin: str, err: str) -> None:
    if len(report.errors) < 20:
        report.errors.append((origin, err))


def ingest_corpus(
    store: CorpusStore,
    paths: Sequence[str | Path],
    *,
    workers: int = 1,
    only: list[str] | None = None,
    progress: bool = True,
    link: bool = True,
    retry_errors: bool = False,
) -> IngestReport:
    """Analyse every new or changed document under ``paths`` into ``store``.

    A document whose content is unchanged since it was recorded is skipped, also when it failed
    (``retry_errors`` analyses failed ones again); a URL is fetched again only when it failed.
    """
    from tqdm import tqdm

    report = IngestReport()
    t0 = time.perf_counter()
    total = count_corpus(paths) if progress else None
    bar = tqdm(total=total, unit="doc", disable=not progress, file=sys.stderr, dynamic_ncols=True,
               desc="ingest", smoothing=0.1)
    todo = _todo(store, iter_corpus(paths), report, bar.update, retry_errors)

    def record(result: _Result) -> None:
        origin, h, js, sig, err = result
        if js is None:
            code, _, msg = (err or "E000: unknown").partition(": ")
            store.put_error(origin, h, code, msg)
            report.failed += 1
            _note(report, origin, err or "")
        else:
            store.put_analysis(origin, h or origin, Analysis.model_validate_json(js), sig)
            report.analysed += 1
        bar.update()

    # Models load only when there is work: a re-run over an unchanged corpus reads and hashes only.
    first = next(todo, None)
    if first is None:
        pass
    elif workers <= 1:
        _init_worker(only)
        for item in itertools.chain([first], todo):
            record(_work(item))
    else:
        # Workers are forked before any model is loaded in the parent, so each loads its own once.
        ctx = mp.get_context("forkserver" if sys.platform != "win32" else "spawn")
        # The main thread reads, filters and writes (SQLite connections stay in their thread); a
        # bounded window of submitted documents keeps every worker busy without reading ahead far.
        window = workers * 4
        with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker, initargs=(only,)) as pool:
            pending: set[Future[_Result]] = set()
            for item in itertools.chain([first], todo):
                pending.add(pool.submit(_work, item))
                if len(pending) >= window:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for fut in done:
                        record(fut.result())
            for fut in as_completed(pending):
                record(fut.result())
    store.flush()
    bar.close()
    if link and (report.analysed or report.linked):  # nothing new: the clusters are unchanged
        report.clusters, report.republished = link_republications(store)
        store.flush()
    report.seconds = time.perf_counter() - t0
    return report


def link_republications(store: CorpusStore) -> tuple[int, int]:
    """Cluster copies of the same article across the store and fill ``republished`` / ``original_outlet``.

    Returns (clusters, pages newly marked republished). A page already marked republished from its
    byline keeps its own original outlet.
    """
    from newstrace.sources.republication import DocSketch, RepublicationIndex, republication_fields

    idx = RepublicationIndex()
    for aid, text, published, domain, outlet, sig in store.sketches():
        idx.add(DocSketch(str(aid), text, published, domain, outlet, sig or None))
    clusters = idx.clusters()
    marked = 0
    for cl in clusters:
        for key, fields in republication_fields(cl, idx.docs).items():
            update: dict[str, Any] = {"cluster_origin": int(fields["cluster_origin"]),
                                      "cluster_size": fields["cluster_size"]}
            if fields["republished"]:
                update["republished"] = True
                update["original_outlet"] = fields["original_outlet"]
                marked += 1
            store.update_source(int(key), update)
    return len(clusters), marked
