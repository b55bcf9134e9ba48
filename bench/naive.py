"""The naive baseline: what jieba's README suggests for Whoosh.

``jieba.analyse.ChineseAnalyzer`` (search mode, jieba's bundled dictionary) on title/body
TEXT(stored) fields plus year/district ID fields, one plain ``ix.writer()``; queries with
``QueryParser`` over body, year/district counts via ``groupedby`` (``maptype=Count``), and
``hit.highlights("body")`` for the top 10 only. It has no topic field, so topic filters are
dropped for it.

With ``groupedby``, Whoosh 2.7 always collects every match (an unlimited collector, whatever
``limit`` says), so iterating the results would highlight every hit, not the top 10: the
first published baseline did that (3,138 highlights for the query 可以). Only
``results[:10]`` is highlighted here, as a page of results would be.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from bench.data import ExtractedDoc
from bench.engines import TOP, Answer, browse_snippet
from bench.queries import BenchQuery

NAIVE_FACETS = ("year", "district")


def _analyzer():
    import jieba
    from jieba.analyse import ChineseAnalyzer

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()  # dictionary load is start-up, not indexing
    return ChineseAnalyzer()


def naive_schema():
    from whoosh import fields

    analyzer = _analyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(stored=True, analyzer=analyzer),
        body=fields.TEXT(stored=True, analyzer=analyzer),
        year=fields.ID(stored=True),
        district=fields.ID(stored=True),
    )


def build_naive(docs: list[ExtractedDoc], index_dir: Path) -> float:
    """Index ``docs`` into a fresh naive index; returns the seconds taken (writer + commit)."""
    from whoosh import index

    index_dir.mkdir(parents=True, exist_ok=True)
    schema = naive_schema()
    started = time.perf_counter()
    ix = index.create_in(str(index_dir), schema)
    writer = ix.writer()
    for d in docs:
        fields = {"id": d.id, "title": d.title, "body": d.body}
        if d.year:
            fields["year"] = str(d.year)
        if d.district:
            fields["district"] = d.district
        writer.add_document(**fields)
    writer.commit()
    return time.perf_counter() - started


class NaiveEngine:
    name = "naive"

    def __init__(self, index_dir: Path):
        from whoosh import index
        from whoosh.qparser import QueryParser

        _analyzer()
        self.ix = index.open_dir(str(index_dir))
        self.searcher = self.ix.searcher()
        self.parser = QueryParser("body", self.ix.schema)

    def close(self) -> None:
        self.searcher.close()

    def search(self, bq: BenchQuery) -> Answer:
        """Top 10 with highlights, year/district counts; topic filters dropped."""
        from whoosh import query, sorting

        q = self.parser.parse(bq.q) if bq.q else query.Every()
        terms = []
        if bq.year is not None:
            terms.append(query.Term("year", str(bq.year)))
        if bq.district:
            terms.append(query.Term("district", bq.district))
        flt = query.And(terms) if terms else None
        results = self.searcher.search(
            q, limit=TOP, filter=flt, groupedby=list(NAIVE_FACETS), maptype=sorting.Count
        )
        counts = {f: {str(k): n for k, n in results.groups(f).items()} for f in NAIVE_FACETS}
        top = results[:TOP]  # not ``for hit in results``: that is every match
        snippets = [hit.highlights("body") if bq.q else browse_snippet(hit["body"]) for hit in top]
        return Answer(len(results), [hit["id"] for hit in top], snippets, counts)

    def matching_ids(self, q: str) -> set[str]:
        results = self.searcher.search(self.parser.parse(q), limit=None)
        return {self.searcher.stored_fields(d)["id"] for d in results.docs()}
