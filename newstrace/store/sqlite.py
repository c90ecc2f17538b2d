"""The embedded corpus store: one SQLite file (WAL) with an FTS5 index kept in sync by triggers.

Tables: ``articles`` (one row per distinct content, with the clean text and the page metadata),
``analyses`` (the full JSON of each analysis), ``places``, ``events``, ``claims``, ``techniques`` and
``sources`` (the searchable parts, one row per record), ``documents`` (each input document: its
content hash and status, which is what makes ingest idempotent and resumable) and ``articles_fts``
(external-content FTS5 over title and text).

Writes are batched in transactions (``batch`` documents) because a commit per article would
dominate ingest time; an interrupted run loses at most one batch, which the next run redoes.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newstrace.errors import StoreError
from newstrace.model import Analysis
from newstrace.store.base import NO_FILTERS, CorpusStore, DocumentStatus, SearchFilters, SearchHit, StoredArticle

__all__ = ["SCHEMA", "SQLiteStore"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY, content_hash TEXT UNIQUE NOT NULL, url TEXT, site TEXT, domain TEXT,
    title TEXT, outlet TEXT, published TEXT, language TEXT, text TEXT NOT NULL, signature BLOB,
    analyzed_at TEXT DEFAULT (datetime('now'))
);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE TABLE IF NOT EXISTS analyses (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    schema_version TEXT, json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    origin TEXT PRIMARY KEY, content_hash TEXT, article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    status TEXT NOT NULL, error_code TEXT, error_message TEXT, updated_at TEXT DEFAULT (datetime('now'))
);
CREATE INDEX IF NOT EXISTS documents_article ON documents(article_id);
CREATE TABLE IF NOT EXISTS places (
    article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE, name TEXT, geonames_id INTEGER,
    lat REAL, lon REAL, country_code TEXT, mentions INTEGER, surface_forms TEXT
);
CREATE INDEX IF NOT EXISTS places_article ON places(article_id);
CREATE INDEX IF NOT EXISTS places_name ON places(name COLLATE NOCASE);
CREATE TABLE IF NOT EXISTS events (
    article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE, event_type TEXT, sub_event_type TEXT,
    date_start TEXT, date_end TEXT, location TEXT, lat REAL, lon REAL, certainty TEXT, mode TEXT
);
CREATE INDEX IF NOT EXISTS events_article ON events(article_id);
CREATE TABLE IF NOT EXISTS claims (
    article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE, sentence_id INTEGER, text TEXT,
    certainty TEXT, attributed_to TEXT, check_worthiness REAL
);
CREATE INDEX IF NOT EXISTS claims_article ON claims(article_id);
CREATE TABLE IF NOT EXISTS techniques (
    article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE, technique TEXT, start INTEGER,
    "end" INTEGER, score REAL
);
CREATE INDEX IF NOT EXISTS techniques_article ON techniques(article_id);
CREATE TABLE IF NOT EXISTS sources (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE, domain TEXT, name TEXT,
    rating TEXT, original_outlet TEXT, republished INTEGER, cluster_origin INTEGER, rating_basis TEXT
);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_au AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
"""

_FTS_SAFE = re.compile(r"\w+", re.UNICODE)


def _fts_fallback(query: str) -> str:
    # A query that is not valid FTS5 syntax (stray quotes, operators) is searched as plain words.
    return " ".join(f'"{w}"' for w in _FTS_SAFE.findall(query))


class SQLiteStore(CorpusStore):
    """The embedded default store (``{"type": "sqlite", "path": "corpus.db"}``)."""

    def __init__(self, path: str | Path = "corpus.db", *, batch: int = 50, readonly: bool = False) -> None:
        self.path = str(path)
        self.batch = max(1, batch)
        self._pending = 0
        try:
            if readonly:
                if not Path(self.path).exists():
                    raise StoreError(f"no corpus store at {self.path}; create it with 'newstrace ingest'")
                self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            else:
                self.db = sqlite3.connect(self.path)
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
                self.db.executescript(SCHEMA)
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.row_factory = sqlite3.Row
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the corpus store {self.path}: {exc}") from exc

    # -- writing ---------------------------------------------------------------------------------
    def _tick(self) -> None:
        self._pending += 1
        if self._pending >= self.batch:
            self.flush()

    def flush(self) -> None:
        try:
            self.db.commit()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write the corpus store {self.path}: {exc}") from exc
        self._pending = 0

    def status(self, origin: str) -> DocumentStatus | None:
        row = self.db.execute("SELECT * FROM documents WHERE origin=?", (origin,)).fetchone()
        if row is None:
            return None
        return DocumentStatus(row["origin"], row["content_hash"], row["status"], row["article_id"],
                              row["error_code"], row["error_message"])

    def article_id_for_hash(self, content_hash: str) -> int | None:
        row = self.db.execute("SELECT id FROM articles WHERE content_hash=?", (content_hash,)).fetchone()
        return int(row[0]) if row else None

    def _set_document(self, origin: str, content_hash: str | None, article_id: int | None, status: str,
                      code: str | None = None, message: str | None = None) -> None:
        old = self.db.execute("SELECT article_id FROM documents WHERE origin=?", (origin,)).fetchone()
        self.db.execute(
            "INSERT INTO documents(origin, content_hash, article_id, status, error_code, error_message) "
            "VALUES (?,?,?,?,?,?) ON CONFLICT(origin) DO UPDATE SET content_hash=excluded.content_hash, "
            "article_id=excluded.article_id, status=excluded.status, error_code=excluded.error_code, "
            "error_message=excluded.error_message, updated_at=datetime('now')",
            (origin, content_hash, article_id, status, code, message),
        )
        if old and old[0] is not None and old[0] != article_id:  # the document changed: drop the orphan
            self.db.execute("DELETE FROM articles WHERE id=? AND NOT EXISTS "
                            "(SELECT 1 FROM documents WHERE article_id=?)", (old[0], old[0]))

    def put_analysis(self, origin: str, content_hash: str, analysis: Analysis,
                     signature: bytes | None = None) -> int:
        a = analysis.article
        src = analysis.source
        try:
            existing = self.article_id_for_hash(content_hash)
            if existing is not None:
                self.db.execute("DELETE FROM articles WHERE id=?", (existing,))
            cur = self.db.execute(
                "INSERT INTO articles(id, content_hash, url, site, domain, title, outlet, published, language, "
                "text, signature) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (existing, content_hash, a.url, a.site, src.domain, a.title, a.outlet, a.published, a.language,
                 a.text, signature),
            )
            aid = int(existing if existing is not None else cur.lastrowid or 0)
            self.db.execute("INSERT INTO analyses VALUES (?,?,?)",
                            (aid, analysis.schema_version, analysis.to_json(indent=None)))
            # Surface forms ('Palmyra') are kept beside the gazetteer name ('Tadmur') for the place filter.
            self.db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?)", [
                (aid, p.name, p.geonames_id, p.lat, p.lon, p.country_code, len(p.mentions),
                 "|" + "|".join(sorted({m.text for m in p.mentions})) + "|")
                for p in analysis.places])
            self.db.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?)", [
                (aid, e.event_type, e.sub_event_type, e.date_start, e.date_end,
                 e.location.name if e.location else None, e.location.lat if e.location else None,
                 e.location.lon if e.location else None, e.certainty, e.mode) for e in analysis.events])
            self.db.executemany("INSERT INTO claims VALUES (?,?,?,?,?,?)", [
                (aid, c.sentence_id, c.text, c.certainty, c.attributed_to, c.check_worthiness)
                for c in analysis.claims])
            self.db.executemany("INSERT INTO techniques VALUES (?,?,?,?,?)", [
                (aid, t.technique, t.start, t.end, t.score) for t in analysis.techniques])
            self.db.execute("INSERT INTO sources VALUES (?,?,?,?,?,?,?,?)", (
                aid, src.domain, src.name, src.rating, src.original_outlet, int(src.republished),
                getattr(src, "cluster_origin", None), json.dumps(src.rating_basis, ensure_ascii=False)))
            self._set_document(origin, content_hash, aid, "ok")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write the corpus store {self.path}: {exc}") from exc
        self._tick()
        return aid

    def link(self, origin: str, content_hash: str, article_id: int) -> None:
        self._set_document(origin, content_hash, article_id, "ok")
        self._tick()

    def put_error(self, origin: str, content_hash: str | None, code: str, message: str) -> None:
        self._set_document(origin, content_hash, None, "error", code, message[:1000])
        self._tick()

    def update_source(self, article_id: int, fields: dict[str, Any]) -> None:
        row = self.db.execute("SELECT json FROM analyses WHERE article_id=?", (article_id,)).fetchone()
        if row is None:
            return
        data = json.loads(row[0])
        data.setdefault("source", {}).update(fields)
        s = data["source"]
        self.db.execute("UPDATE analyses SET json=? WHERE article_id=?",
                        (json.dumps(data, ensure_ascii=False), article_id))
        self.db.execute("UPDATE sources SET original_outlet=?, republished=?, cluster_origin=? "
                        "WHERE article_id=?", (s.get("original_outlet"), int(bool(s.get("republished"))),
                                               s.get("cluster_origin"), article_id))
        self._tick()

    # -- reading ---------------------------------------------------------------------------------
    def _where(self, f: SearchFilters) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if f.date_from:
            where.append("a.published >= ?")
            params.append(f.date_from)
        if f.date_to:
            where.append("a.published <= ?")
            params.append(f.date_to)
        if f.place:
            where.append("EXISTS (SELECT 1 FROM places p WHERE p.article_id=a.id AND (p.name = ? COLLATE NOCASE "
                         "OR p.surface_forms LIKE ? ESCAPE '\\'))")
            like = f.place.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params += [f.place, f"%|{like}|%"]
        if f.bbox:
            where.append("EXISTS (SELECT 1 FROM places p WHERE p.article_id=a.id AND p.lon BETWEEN ? AND ? "
                         "AND p.lat BETWEEN ? AND ?)")
            params += [f.bbox[0], f.bbox[2], f.bbox[1], f.bbox[3]]
        if f.outlet:
            where.append("(s.domain LIKE ? OR s.name LIKE ? OR s.original_outlet LIKE ? OR a.outlet LIKE ?)")
            params += [f"%{f.outlet}%"] * 4
        if f.rating:
            where.append("COALESCE(s.rating, 'unrated') = ?")
            params.append(f.rating)
        if f.technique:
            where.append("EXISTS (SELECT 1 FROM techniques t WHERE t.article_id=a.id AND t.technique = ?)")
            params.append(f.technique)
        if f.certainty:
            where.append("EXISTS (SELECT 1 FROM claims c WHERE c.article_id=a.id AND c.certainty = ?)")
            params.append(f.certainty)
        if f.republished is not None:
            where.append("COALESCE(s.republished, 0) = ?")
            params.append(int(f.republished))
        return where, params

    def search(self, query: str, filters: SearchFilters = NO_FILTERS, *,
               limit: int = 20) -> list[SearchHit]:
        if query.strip():
            cols = ("a.id, a.title, a.url, a.published, s.domain, s.rating, "
                    "bm25(articles_fts, 4.0, 1.0) AS score, snippet(articles_fts, 1, '[', ']', ' … ', 16) AS snip")
            tail = "ORDER BY score LIMIT ?"
        else:
            cols = ("a.id, a.title, a.url, a.published, s.domain, s.rating, 0.0 AS score, "
                    "substr(a.text, 1, 160) AS snip")
            tail = "ORDER BY a.published DESC, a.id LIMIT ?"
        rows = self._select_limited(query, filters, cols, tail, limit)
        return [SearchHit(r["id"], r["title"], r["url"], r["domain"], r["published"], r["rating"],
                          " ".join((r["snip"] or "").split()), float(r["score"])) for r in rows]

    def _select_limited(self, query: str, f: SearchFilters, cols: str, tail: str,
                        limit: int) -> list[sqlite3.Row]:
        where, params = self._where(f)
        base = "FROM articles a LEFT JOIN sources s ON s.article_id=a.id"
        if query.strip():
            base = ("FROM articles_fts JOIN articles a ON a.id=articles_fts.rowid "
                    "LEFT JOIN sources s ON s.article_id=a.id")
            where.insert(0, "articles_fts MATCH ?")
        sql = f"SELECT {cols} {base} {'WHERE ' + ' AND '.join(where) if where else ''} {tail}"
        attempts = [query, _fts_fallback(query)] if query.strip() else [""]
        for i, attempt in enumerate(attempts):
            args = ([attempt] if query.strip() else []) + params + [limit]
            try:
                return self.db.execute(sql, args).fetchall()
            except sqlite3.OperationalError as exc:
                if i + 1 == len(attempts) or not _fts_fallback(query):
                    raise StoreError(f"search failed: {exc}") from exc
        return []

    def iter_analyses(self, filters: SearchFilters = NO_FILTERS,
                      query: str = "") -> Iterator[StoredArticle]:
        where, params = self._where(filters)
        base = "FROM articles a LEFT JOIN sources s ON s.article_id=a.id JOIN analyses n ON n.article_id=a.id"
        if query.strip():
            base += " JOIN articles_fts ON articles_fts.rowid=a.id"
            where.insert(0, "articles_fts MATCH ?")
            params.insert(0, _fts_fallback(query))
        sql = f"SELECT a.id, n.json {base} {'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY a.id"
        # A separate cursor streams the rows, so an export of millions never holds them all.
        for row in self.db.cursor().execute(sql, params):
            yield StoredArticle(int(row[0]), Analysis.model_validate_json(row[1]))

    def errors(self) -> list[DocumentStatus]:
        return [DocumentStatus(r["origin"], r["content_hash"], r["status"], None, r["error_code"],
                               r["error_message"])
                for r in self.db.execute("SELECT * FROM documents WHERE status='error' ORDER BY origin")]

    def sketches(self) -> Iterator[tuple[int, str, str | None, str | None, str | None, bytes | None]]:
        for r in self.db.cursor().execute(
                "SELECT a.id, a.text, a.published, COALESCE(s.domain, a.site), COALESCE(a.outlet, s.name, a.site), "
                "a.signature FROM articles a LEFT JOIN sources s ON s.article_id=a.id ORDER BY a.id"):
            yield int(r[0]), r[1], r[2], r[3], r[4], r[5]

    def stats(self) -> dict[str, int]:
        out = {}
        for name, sql in {
            "articles": "SELECT count(*) FROM articles",
            "documents": "SELECT count(*) FROM documents",
            "errors": "SELECT count(*) FROM documents WHERE status='error'",
            "places": "SELECT count(*) FROM places", "events": "SELECT count(*) FROM events",
            "claims": "SELECT count(*) FROM claims", "techniques": "SELECT count(*) FROM techniques",
            "republished": "SELECT count(*) FROM sources WHERE republished=1",
        }.items():
            out[name] = int(self.db.execute(sql).fetchone()[0])
        return out

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self.db.close()
