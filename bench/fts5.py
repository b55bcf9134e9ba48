"""SQLite FTS5 (stdlib ``sqlite3``) over jieba-pretokenized text: what a user would pick instead.

One contentful FTS5 table (title, body) with the ``unicode61`` tokenizer over the stored
original text with SEP between jieba words (see ``bench/engines.py``), plus a plain ``docs``
table (year, district, doc_type) and a ``topics`` table for filters and counts. A text query
is one quoted FTS5 phrase per space-separated part (all must match); ranking is FTS5's
``bm25`` (``ORDER BY rank``); snippets come from FTS5's ``snippet()`` with private-use
markers, then SEP is removed so ``<mark>`` sits on the original characters. The counts are
``GROUP BY`` over the matching rowids, collected once per query in a temporary table.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bench.data import ExtractedDoc
from bench.engines import (
    FACETS,
    MARK_CLOSE,
    MARK_OPEN,
    SEP,
    TOP,
    Answer,
    browse_snippet,
    query_phrases,
    render_marked,
)
from bench.queries import BenchQuery

DB_NAME = "fts5.sqlite"
# About 30 jieba words (~60-80 characters of Chinese) around the best match.
SNIPPET_TOKENS = 30

_SCHEMA = """
CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 0');
CREATE TABLE docs (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, year INTEGER,
                   district TEXT, doc_type TEXT);
CREATE TABLE topics (rowid INTEGER NOT NULL, topic TEXT NOT NULL);
"""
_INDEXES = """
CREATE INDEX docs_year ON docs (year, rowid);
CREATE INDEX docs_district ON docs (district, rowid);
CREATE INDEX docs_doc_type ON docs (doc_type, rowid);
CREATE INDEX topics_topic ON topics (topic, rowid);
CREATE INDEX topics_rowid ON topics (rowid);
"""


def build_fts5(docs: list[ExtractedDoc], texts: list[tuple[str, str]], out: Path) -> None:
    """Write the database in one transaction, then FTS5's ``optimize`` (one b-tree)."""
    out.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(out / DB_NAME)
    try:
        db.execute("PRAGMA journal_mode = OFF")  # a bulk load into a fresh file
        db.execute("PRAGMA synchronous = OFF")
        db.executescript(_SCHEMA)
        with db:
            db.executemany(
                "INSERT INTO fts (rowid, title, body) VALUES (?, ?, ?)",
                ((i, t, b) for i, (t, b) in enumerate(texts, 1)),
            )
            db.executemany(
                "INSERT INTO docs VALUES (?, ?, ?, ?, ?)",
                (
                    (i, d.id, d.year, d.district or None, d.doc_type or None)
                    for i, d in enumerate(docs, 1)
                ),
            )
            db.executemany(
                "INSERT INTO topics VALUES (?, ?)",
                ((i, t) for i, d in enumerate(docs, 1) for t in d.topics),
            )
        db.executescript(_INDEXES)
        db.execute("INSERT INTO fts (fts) VALUES ('optimize')")
        db.commit()
    finally:
        db.close()


def match_expression(phrases: list[list[str]]) -> str:
    """FTS5 MATCH syntax: each phrase quoted (``"`` doubled), all of them required."""
    return " AND ".join('"' + " ".join(words).replace('"', '""') + '"' for words in phrases)


class Fts5Engine:
    name = "fts5"

    def __init__(self, index_dir: Path, analyzer):
        self.analyzer = analyzer
        self.db = sqlite3.connect(index_dir / DB_NAME, check_same_thread=False)
        self.db.execute("CREATE TEMP TABLE m (rowid INTEGER PRIMARY KEY)")

    def close(self) -> None:
        self.db.close()

    def _filters(self, bq: BenchQuery) -> tuple[str, list]:
        """SQL over ``docs`` selecting the rowids the filters allow ("" = no filter)."""
        where, args = [], []
        if bq.year is not None:
            where.append("year = ?")
            args.append(bq.year)
        if bq.district:
            where.append("district = ?")
            args.append(bq.district)
        if bq.topic:
            where.append("rowid IN (SELECT rowid FROM topics WHERE topic = ?)")
            args.append(bq.topic)
        if not where:
            return "", []
        return "SELECT rowid FROM docs WHERE " + " AND ".join(where), args

    def _counts(self) -> dict[str, dict[str, int]]:
        db = self.db
        out = {}
        for facet in ("year", "district", "doc_type"):
            rows = db.execute(
                f"SELECT d.{facet}, count(*) FROM m JOIN docs d ON d.rowid = m.rowid "
                f"WHERE d.{facet} IS NOT NULL GROUP BY d.{facet}"
            )
            out[facet] = {str(v): n for v, n in rows}
        rows = db.execute(
            "SELECT t.topic, count(*) FROM m JOIN topics t ON t.rowid = m.rowid GROUP BY t.topic"
        )
        out["topic"] = dict(rows)
        assert set(out) == set(FACETS)
        return out

    def _ids(self, rowids: list[int]) -> list[str]:
        by_rowid = dict(
            self.db.execute(
                f"SELECT rowid, id FROM docs WHERE rowid IN ({','.join('?' * len(rowids))})",
                rowids,
            )
        )
        return [by_rowid[r] for r in rowids]

    def search(self, bq: BenchQuery) -> Answer:
        db = self.db
        flt, fargs = self._filters(bq)
        db.execute("DELETE FROM m")
        phrases = query_phrases(bq.q, self.analyzer) if bq.q else []
        if bq.q and not phrases:
            return Answer(0, [], [], {f: {} for f in FACETS})
        if phrases:
            expr = match_expression(phrases)
            # "+rowid": the filter is checked on the matches; a bare "rowid IN" is handed to
            # FTS5, which then runs the MATCH once per allowed rowid (slow for big districts).
            in_filter = f" AND +rowid IN ({flt})" if flt else ""
            total = db.execute(
                f"INSERT INTO m SELECT rowid FROM fts WHERE fts MATCH ?{in_filter}", [expr, *fargs]
            ).rowcount
            top = [
                r
                for (r,) in db.execute(
                    f"SELECT rowid FROM fts WHERE fts MATCH ?{in_filter} ORDER BY rank LIMIT {TOP}",
                    [expr, *fargs],
                )
            ]
            # snippet() for these 10 only: in the ranking statement, SQLite would compute it
            # for every match before sorting whenever a filter takes the ordering from FTS5.
            marked = dict(
                db.execute(
                    "SELECT rowid, snippet(fts, -1, ?, ?, '…', ?) FROM fts WHERE fts MATCH ? "
                    f"AND rowid IN ({','.join('?' * len(top))})",
                    [MARK_OPEN, MARK_CLOSE, SNIPPET_TOKENS, expr, *top],
                )
            )
            rows = [(r, None) for r in top]
            snippets = [render_marked(marked[r]) for r in top]
        else:
            total = db.execute(f"INSERT INTO m {flt or 'SELECT rowid FROM docs'}", fargs).rowcount
            top = [
                r
                for (r,) in db.execute(
                    f"SELECT rowid FROM docs WHERE rowid IN (SELECT rowid FROM m) "
                    f"ORDER BY year DESC NULLS LAST, rowid LIMIT {TOP}"
                )
            ]
            bodies = dict(
                db.execute(
                    f"SELECT rowid, body FROM fts WHERE rowid IN ({','.join('?' * len(top))})", top
                )
            )
            rows = [(r, None) for r in top]
            snippets = [browse_snippet(bodies[r]) for r in top]
        return Answer(total, self._ids([r for r, _ in rows]), snippets, self._counts())

    def matching_ids(self, q: str) -> set[str]:
        phrases = query_phrases(q, self.analyzer)
        if not phrases:
            return set()
        rows = self.db.execute(
            "SELECT d.id FROM fts JOIN docs d ON d.rowid = fts.rowid WHERE fts MATCH ?",
            [match_expression(phrases)],
        )
        return {i for (i,) in rows}


assert SEP not in (MARK_OPEN, MARK_CLOSE)
