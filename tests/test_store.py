"""Corpus store: schema, FTS search with filters, export, resumable ingest, corpus readers."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest

from newstrace.errors import StoreError
from newstrace.model import Analysis, Article, Claim, Mention, Place, Source, Technique
from newstrace.store import (
    SearchFilters,
    export_corpus,
    ingest_corpus,
    iter_corpus,
    open_store,
    register_store,
    store_types,
)
from newstrace.store.sqlite import SQLiteStore

TEXT_A = ("Heavy rain flooded the lower town of Riverford on Monday. The mayor said about 40 homes were "
          "damaged and the bridge to Millbrook stayed closed.")
TEXT_B = ("The regional council of Millbrook approved a new budget for schools. Critics called the plan a "
          "disgraceful waste, while supporters said it might help rural pupils.")


def _analysis(text: str, *, published: str, domain: str, rating: str, place: str, lat: float, lon: float,
              technique: str | None = None, certainty: str = "asserted") -> Analysis:
    a = Analysis(article=Article(text=text, title=text.split(".")[0], url=f"https://{domain}/x",
                                 site=domain, published=published))
    start = text.index(place)
    a.places = [Place(name=place, lat=lat, lon=lon,
                      mentions=[Mention(start=start, end=start + len(place), text=place)])]
    a.claims = [Claim(sentence_id=0, start=0, end=10, text=text[:10], certainty=certainty)]
    if technique:
        a.techniques = [Technique(technique=technique, start=0, end=5, text=text[:5], score=0.9)]
    a.source = Source(domain=domain, name=domain, rating=rating)
    return a


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    s = SQLiteStore(tmp_path / "c.db", batch=1)
    s.put_analysis("a.html", "h1", _analysis(TEXT_A, published="2020-05-04", domain="wire.example",
                                             rating="high", place="Riverford", lat=51.0, lon=-1.0))
    s.put_analysis("b.html", "h2", _analysis(TEXT_B, published="2021-01-02", domain="blog.example",
                                             rating="low", place="Millbrook", lat=52.5, lon=0.5,
                                             technique="Loaded_Language", certainty="hedged"))
    return s


def test_open_store_by_configuration(tmp_path: Path) -> None:
    assert "sqlite" in store_types()
    with open_store({"type": "sqlite", "path": str(tmp_path / "x.db")}) as s:
        assert s.stats()["articles"] == 0
    with pytest.raises(StoreError):
        open_store({"type": "no-such-store"})

    class Fake(SQLiteStore):
        pass

    register_store("fake", Fake)
    with open_store({"type": "fake", "path": str(tmp_path / "y.db")}) as s:
        assert isinstance(s, Fake)


def test_wal_and_readonly_errors(tmp_path: Path, store: SQLiteStore) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with pytest.raises(StoreError):
        SQLiteStore(tmp_path / "missing.db", readonly=True)
    not_db = tmp_path / "junk.db"
    not_db.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError):
        SQLiteStore(not_db)


def test_full_text_search_with_snippets_and_filters(store: SQLiteStore) -> None:
    hits = store.search("bridge")
    assert [h.domain for h in hits] == ["wire.example"] and "[bridge]" in hits[0].snippet
    assert {h.domain for h in store.search("Millbrook")} == {"wire.example", "blog.example"}
    assert [h.domain for h in store.search("Millbrook", SearchFilters(rating="low"))] == ["blog.example"]
    assert [h.domain for h in store.search("", SearchFilters(date_from="2021-01-01"))] == ["blog.example"]
    assert [h.domain for h in store.search("", SearchFilters(date_to="2020-12-31"))] == ["wire.example"]
    assert [h.domain for h in store.search("", SearchFilters(place="riverford"))] == ["wire.example"]
    assert [h.domain for h in store.search("", SearchFilters(bbox=(0.0, 52.0, 1.0, 53.0)))] == ["blog.example"]
    assert [h.domain for h in store.search("", SearchFilters(technique="Loaded_Language"))] == ["blog.example"]
    assert [h.domain for h in store.search("", SearchFilters(certainty="hedged"))] == ["blog.example"]
    assert [h.domain for h in store.search("", SearchFilters(outlet="wire"))] == ["wire.example"]
    assert store.search("bridge", SearchFilters(rating="low")) == []
    # invalid FTS5 syntax is searched as plain words instead of failing
    assert [h.domain for h in store.search('bridge" AND (')] == ["wire.example"]


def test_replacing_a_changed_document_keeps_fts_in_sync(store: SQLiteStore) -> None:
    new = _analysis("Snow closed every road into Riverford for two days in a row this winter.",
                    published="2020-05-05", domain="wire.example", rating="high", place="Riverford",
                    lat=51.0, lon=-1.0)
    store.put_analysis("a.html", "h1-changed", new)
    assert store.search("bridge") == []
    assert [h.published for h in store.search("snow")] == ["2020-05-05"]
    assert store.stats()["articles"] == 2  # the old version is gone, not orphaned
    assert store.db.execute("SELECT count(*) FROM places").fetchone()[0] == 2


def test_export_formats_stream_everything(store: SQLiteStore) -> None:
    out = io.StringIO()
    assert export_corpus(store, out, "jsonl") == 2
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert {x["source"]["domain"] for x in lines} == {"wire.example", "blog.example"}
    assert all(Analysis.model_validate({k: v for k, v in x.items() if k != "article_id"}) for x in lines)
    out = io.StringIO()
    export_corpus(store, out, "csv", filters=SearchFilters(rating="low"))
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["domain"] for r in rows] == ["blog.example"] and rows[0]["techniques"] == "1"
    out = io.StringIO()
    export_corpus(store, out, "geojson")
    geo = json.loads(out.getvalue())
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 2
    assert {f["properties"]["article_id"] for f in geo["features"]} == {1, 2}
    with pytest.raises(ValueError):
        export_corpus(store, io.StringIO(), "xml")


def _write_corpus(root: Path) -> None:
    root.mkdir()
    (root / "one.html").write_text(
        "<html><head><title>Harbour crane collapses</title></head><body><article><h1>Harbour crane collapses"
        "</h1><p>A crane at the northern harbour of Saltmere collapsed on Tuesday evening, officials said. "
        "Nobody was hurt, but two ships were moved away from the damaged quay while engineers checked it.</p>"
        "<p>The port authority said work would resume next week once inspectors finish.</p></article>"
        "</body></html>", encoding="utf-8")
    (root / "two.txt.gz").write_bytes(gzip.compress(
        b"Farmers near Oakvale reported the driest spring in thirty years. The water board asked "
         b"households to save water and said restrictions could follow in June.\n"))
    (root / "feed.jsonl").write_text(
        json.dumps({"url": "https://paper.example/a", "published": "2022-02-03T10:00:00Z",
                    "text": "The town library of Eastham reopened after a long renovation, with a new "
                            "children's wing and longer opening hours on weekends."}) + "\n"
        + "{broken json\n" + json.dumps({"url": "https://paper.example/b"}) + "\n", encoding="utf-8")
    (root / "empty.txt").write_text("   \n", encoding="utf-8")
    (root / "links.urls").write_text("http://127.0.0.1:9/unreachable-page\n", encoding="utf-8")
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)


def test_corpus_readers(tmp_path: Path) -> None:
    _write_corpus(tmp_path / "c")
    items = list(iter_corpus([tmp_path / "c"]))
    origins = [Path(i.origin.split("#")[0]).name if "://" not in i.origin else i.origin for i in items]
    assert "image.png" not in origins
    assert sum(1 for i in items if i.error) == 2  # the broken JSON line and the line without text
    jl = next(i for i in items if i.url == "https://paper.example/a")
    assert jl.published == "2022-02-03" and jl.origin.endswith("#L1")
    gz = next(i for i in items if i.origin.endswith("two.txt.gz")).content
    assert isinstance(gz, bytes) and gz.startswith(b"Farmers")
    url_item = next(i for i in items if i.origin.startswith("http://127.0.0.1"))
    assert url_item.content is None


def test_warc_reader(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "pages.warc.gz"
    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        body = b"<html><body><p>A short page about the Saltmere regatta and its boats.</p></body></html>"
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://regatta.example/", "response",
                                            payload=io.BytesIO(body), http_headers=headers, length=len(body)))
        img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://regatta.example/a.png", "response",
                                            payload=io.BytesIO(b"\x89PNG"), http_headers=img, length=4))
    items = list(iter_corpus([path]))
    assert len(items) == 1 and items[0].url == "https://regatta.example/"
    assert isinstance(items[0].content, bytes) and b"regatta" in items[0].content
    bad = tmp_path / "bad.warc"
    bad.write_bytes(b"definitely not a warc file")
    assert all(i.error for i in iter_corpus([bad]))


def test_ingest_is_resumable_and_records_errors(tmp_path: Path) -> None:
    _write_corpus(tmp_path / "c")
    db = tmp_path / "c.db"
    with SQLiteStore(db) as s:
        r1 = ingest_corpus(s, [tmp_path / "c"], workers=1, only=["source"], progress=False)
        assert r1.analysed == 3  # html, txt.gz, the good JSONL line
        assert r1.failed == 4  # 2 bad JSONL lines, the empty page, the unreachable URL
        codes = {e.error_code for e in s.errors()}
        assert {"E100", "E101"} <= codes and any((c or "").startswith("E2") for c in codes)
        assert s.stats()["articles"] == 3
        assert s.search("crane")[0].title == "Harbour crane collapses"
    with SQLiteStore(db) as s:
        r2 = ingest_corpus(s, [tmp_path / "c"], workers=1, only=["source"], progress=False)
        assert r2.analysed == 0 and r2.skipped == 4  # the three articles and the empty page (same hash)
        r2b = ingest_corpus(s, [tmp_path / "c"], workers=1, only=["source"], progress=False, retry_errors=True)
        assert r2b.skipped == 3 and r2b.failed == 4  # the empty page is tried again, and fails again
    (tmp_path / "c" / "copy.html").write_bytes((tmp_path / "c" / "one.html").read_bytes())
    (tmp_path / "c" / "two.txt.gz").write_bytes(gzip.compress(
        b"Farmers near Oakvale now report that heavy rain ended the drought, and the water board lifted its "
        b"request to households to save water.\n"))
    with SQLiteStore(db) as s:
        r3 = ingest_corpus(s, [tmp_path / "c"], workers=1, only=["source"], progress=False)
        assert (r3.analysed, r3.linked) == (1, 1)  # the changed file; the identical copy is linked
        assert s.search("drought") and not s.search("driest")
        assert s.stats()["articles"] == 3


def test_cli_ingest_search_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from newstrace.cli import main

    _write_corpus(tmp_path / "c")
    db = str(tmp_path / "cli.db")
    assert main(["ingest", str(tmp_path / "c"), "--db", db, "-j", "1", "--only", "source", "-q"]) == 0
    err = capsys.readouterr().err
    assert "3 analysed" in err and "4 failed" in err and "failed " in err
    assert main(["search", "crane", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "Harbour crane collapses" in out and "[crane]" in out
    assert main(["search", "crane", "--db", db, "--from", "2030-01-01"]) == 0
    assert "no matches" in capsys.readouterr().err
    out_file = tmp_path / "all.jsonl"
    assert main(["export", "--db", db, "-f", "jsonl", "-o", str(out_file)]) == 0
    assert len(out_file.read_text(encoding="utf-8").splitlines()) == 3
    assert main(["search", "x", "--db", str(tmp_path / "none.db")]) == 5  # StoreError exit code
    assert main(["search", "x", "--db", db, "--bbox", "1,2,3"]) == 2  # bad input
