"""Reading a corpus: the documents inside folders, files, archives and URL lists, one at a time.

Supported inputs (recursively inside folders): ``.html``/``.htm``/``.txt`` pages (also ``.gz``),
``.jsonl``/``.ndjson`` (also ``.gz``; one object per line with ``text``/``content``/``html`` and
optional ``url``, ``published``/``date``, ``title``), ``.csv`` with a ``content``/``text`` column
(e.g. FakeNewsCorpus exports), ``.warc``/``.warc.gz`` (HTML responses, via warcio), and URL lists
(``.urls`` files, or text files whose every line is an http(s) URL; those pages are fetched when
analysed). Each document gets a stable *origin* (path, ``path#line``, ``path#offset``, or the URL),
which is how a second run recognises what it has done. A document that cannot be read is yielded
as a :class:`CorpusItem` with ``error`` set, so one bad file never stops a corpus.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CorpusItem", "content_hash", "count_corpus", "iter_corpus"]

_PAGE = (".html", ".htm", ".xhtml", ".txt", ".text")
_JSONL = (".jsonl", ".ndjson")
_TEXT_KEYS = ("html", "content", "text", "body", "raw_content")
_DATE_KEYS = ("published", "date", "publish_date", "published_at", "date_publish")


@dataclass
class CorpusItem:
    origin: str
    content: bytes | str | None = None  # None: a URL to fetch
    url: str | None = None
    published: str | None = None
    error: str | None = None  # the document could not be read (recorded, not fatal)

    @property
    def hash(self) -> str | None:
        if self.content is None:
            return None
        return content_hash(self.content)


def content_hash(content: bytes | str) -> str:
    """The identity of a document's content (sha1 of its bytes)."""
    data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    return hashlib.sha1(data).hexdigest()


def _suffixes(p: Path) -> tuple[str, bool]:
    name = p.name.lower()
    gz = name.endswith(".gz")
    if gz:
        name = name[:-3]
    return (Path(name).suffix, gz)


def _files(paths: Iterable[str | Path]) -> Iterator[Path | str]:
    for raw in paths:
        s = str(raw)
        if s.lower().startswith(("http://", "https://")):
            yield s
            continue
        p = Path(s)
        if p.is_dir():
            yield from sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith("."))
        else:
            yield p


def _read(p: Path) -> bytes:
    data = p.read_bytes()
    return gzip.decompress(data) if p.name.lower().endswith(".gz") else data


def _is_url_list(data: bytes) -> bool:
    lines = [ln.strip() for ln in data[:200_000].splitlines() if ln.strip()]
    return bool(lines) and all(ln.startswith((b"http://", b"https://")) and b" " not in ln for ln in lines)


def _first(obj: dict, keys: tuple[str, ...]) -> str | None:
    for k in keys:
        v = obj.get(k)
        if isinstance(v, str) and v.strip():
            return v
    return None


def _jsonl(p: Path, data: bytes) -> Iterator[CorpusItem]:
    for i, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        origin = f"{p}#L{i}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield CorpusItem(origin, error=f"E100: line {i} is not JSON: {exc.msg}")
            continue
        text = _first(obj, _TEXT_KEYS) if isinstance(obj, dict) else None
        if text is None:
            yield CorpusItem(origin, error=f"E101: line {i} has none of the fields {', '.join(_TEXT_KEYS)}")
            continue
        yield CorpusItem(origin, text, url=_first(obj, ("url", "link")), published=_date(_first(obj, _DATE_KEYS)))


def _date(value: str | None) -> str | None:
    return value[:10] if value and len(value) >= 10 and value[4] == "-" else None


def _csv(p: Path, data: bytes) -> Iterator[CorpusItem]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    reader = csv.DictReader(io.StringIO(data.decode("utf-8", "replace"), newline=""))
    for i, row in enumerate(reader, 1):
        origin = f"{p}#R{row.get('id') or i}"
        text = _first(row, _TEXT_KEYS)
        if text is None:
            yield CorpusItem(origin, error=f"E101: row {i} has no content/text column value")
            continue
        title = (row.get("title") or "").strip()
        # A title column is not part of the text; a one-line title keeps it with the article.
        body = f"{title}\n\n{text}" if title and not text.lstrip().startswith(title) else text
        url = row.get("url") or None
        yield CorpusItem(origin, body, url=url, published=_date(_first(row, _DATE_KEYS)))


def _warc(p: Path) -> Iterator[CorpusItem]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    with p.open("rb") as fh:
        head = fh.read(64)
        if head[:2] == b"\x1f\x8b":
            try:
                head = gzip.GzipFile(fileobj=io.BytesIO(head + fh.read(4096))).read(8)
            except (OSError, EOFError):
                head = b""
        if not head.startswith(b"WARC/"):  # warcio reads arbitrary bytes as one odd record
            yield CorpusItem(str(p), error=f"E100: {p.name} is not a WARC file")
            return
        fh.seek(0)
        it = ArchiveIterator(fh)
        try:
            for record in it:
                if record.rec_type != "response":
                    continue
                ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
                if ctype and "html" not in ctype.lower() and "text" not in ctype.lower():
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                try:
                    body, err = record.content_stream().read(), None
                except Exception as exc:  # a damaged record must not end the archive
                    body, err = b"", f"E100: unreadable WARC record: {exc}"
                # the offset is known only once the record is read (warcio reads to its end)
                origin = f"{p}#{it.get_record_offset()}"
                yield CorpusItem(origin, url=url, error=err) if err else CorpusItem(origin, body, url=url)
        except ArchiveLoadFailed as exc:
            yield CorpusItem(f"{p}#?", error=f"E100: not a readable WARC file: {exc}")


def iter_corpus(paths: Iterable[str | Path]) -> Iterator[CorpusItem]:
    """Every document under ``paths``, in a stable order."""
    for f in _files(paths):
        if isinstance(f, str):  # a URL given on the command line
            yield CorpusItem(f, url=f)
            continue
        if not f.exists():
            yield CorpusItem(str(f), error=f"E100: no such file: {f}")
            continue
        suffix, _ = _suffixes(f)
        try:
            if suffix == ".warc":
                yield from _warc(f)
                continue
            data = _read(f)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            yield CorpusItem(str(f), error=f"E100: cannot read {f}: {exc}")
            continue
        if suffix in _JSONL:
            yield from _jsonl(f, data)
        elif suffix == ".csv":
            yield from _csv(f, data)
        elif suffix == ".urls" or (suffix in (".txt", ".text", "") and _is_url_list(data)):
            for line in data.decode("utf-8", "replace").splitlines():
                if line.strip():
                    yield CorpusItem(line.strip(), url=line.strip())
        elif suffix in _PAGE or suffix == "":
            yield CorpusItem(str(f), data)
        # other files in a folder (images, .json metadata) are not documents; they are skipped


def count_corpus(paths: Iterable[str | Path]) -> int | None:
    """A quick count of the documents (for the progress bar's ETA); None when it cannot be cheap."""
    n = 0
    for f in _files(paths):
        if isinstance(f, str):
            n += 1
            continue
        suffix, _ = _suffixes(f)
        if suffix == ".warc":
            return None
        if suffix in _JSONL or suffix == ".csv" or suffix in (".urls", ".txt", ".text"):
            try:
                data = _read(f)
            except (OSError, EOFError, gzip.BadGzipFile):
                n += 1
                continue
            if suffix in _JSONL:
                n += sum(1 for ln in data.splitlines() if ln.strip())
            elif suffix == ".csv":
                n += sum(1 for _ in csv.DictReader(io.StringIO(data.decode("utf-8", "replace"), newline="")))
            elif suffix == ".urls" or _is_url_list(data):
                n += sum(1 for ln in data.splitlines() if ln.strip())
            else:
                n += 1
        elif suffix in _PAGE or suffix == "":
            n += 1
    return n
