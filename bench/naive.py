"""The naive baseline: what jieba's README suggests for Whoosh.

``jieba.analyse.ChineseAnalyzer`` (search mode, jieba's bundled dictionary) on title/body
TEXT(stored) fields plus year/district ID fields, one plain ``ix.writer()``; queries with
``QueryParser`` over body, top 10 with ``hit.highlights("body")`` and year/district facets
via ``groupedby``. It has no topic field, so topic filters are dropped for it.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from bench.data import ExtractedDoc
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
        fields = {"title": d.title, "body": d.body}
        if d.year:
            fields["year"] = str(d.year)
        if d.district:
            fields["district"] = d.district
        writer.add_document(**fields)
    writer.commit()
    return time.perf_counter() - started


class NaiveSearcher:
    def __init__(self, index_dir: Path):
        from whoosh import index
        from whoosh.qparser import QueryParser

        _analyzer()
        self.ix = index.open_dir(str(index_dir))
        self.searcher = self.ix.searcher()
        self.parser = QueryParser("body", self.ix.schema)

    def close(self) -> None:
        self.searcher.close()

    def search(self, bq: BenchQuery) -> tuple[int, list[str]]:
        """Top 10 with highlights and facets; returns (total, snippets)."""
        from whoosh import query

        q = self.parser.parse(bq.q) if bq.q else query.Every()
        terms = []
        if bq.year is not None:
            terms.append(query.Term("year", str(bq.year)))
        if bq.district:
            terms.append(query.Term("district", bq.district))
        flt = query.And(terms) if terms else None
        results = self.searcher.search(q, limit=10, filter=flt, groupedby=list(NAIVE_FACETS))
        for facet in NAIVE_FACETS:
            results.groups(facet)
        snippets = [hit.highlights("body") if bq.q else hit["body"][:200] for hit in results]
        return len(results), snippets
