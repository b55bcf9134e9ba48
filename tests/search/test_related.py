"""The related documents ranked outside Whoosh's collector are Whoosh's, float for float."""

from __future__ import annotations

from collections import Counter

import pytest
from whoosh import classify
from whoosh import query as wq

from indexer.analysis import normalize
from indexer.build import reindex
from search.related import Frequencies, related_docnums, related_terms


def whoosh_related(s, analyzer, docnum, limit=5, context=None):
    """The definition, as ``Searcher.related`` computed it before: Whoosh's Expander over
    the page's text, then Whoosh's search of the Or of the 15 weighted words."""
    f = s.stored_fields(docnum)
    text = (f.get("title", "") + "\n") * 3 + f.get("body", "")[:20000]
    expander = classify.Expander(s.reader(), "body")
    expander.add(Counter(analyzer.words(normalize(text))).items())
    terms = expander.expanded_terms(15)
    q = wq.Or([wq.Term("body", word, boost=weight) for word, weight in terms])
    collector = s.collector(limit=limit, mask={docnum})
    s.search_with_collector(q, collector, context=context)
    return terms, [(hit.docnum, hit.score) for hit in collector.results()]


@pytest.mark.parametrize("needs_current", [False, True])
def test_related_documents_are_whooshs(shipped_searcher, needs_current):
    """Every 7th document of the shipped index: the same words and weights, the same five
    documents in the same order with the same scores, whichever way Whoosh adds the
    words' scores (an array of sums for small segments when nothing needs the current
    match, a tree of unions otherwise)."""
    snap = shipped_searcher._snapshot()
    s = snap.searcher()
    frequencies = Frequencies()
    context = s.context(needs_current=needs_current)
    compared = 0
    for docnum in range(0, s.doc_count_all(), 7):
        terms, expected = whoosh_related(s, snap.analyzer, docnum, context=context)
        assert related_terms(s, snap.analyzer, docnum, frequencies) == terms
        found = related_docnums(s, snap.lengths, terms, docnum, 5, context)
        assert found == expected
        compared += bool(expected)
    assert compared >= 10


def test_searcher_related_lists_whooshs_documents(shipped_searcher):
    snap = shipped_searcher._snapshot()
    s = snap.searcher()
    for doc_id in [
        "laws/local-regulations/0129-宁波市企业工资集体协商条例.txt",
        s.stored_fields(0)["id"],
        s.stored_fields(s.doc_count_all() - 1)["id"],
    ]:
        docnum = s.document_number(id=doc_id)
        _, expected = whoosh_related(s, snap.analyzer, docnum)
        hits = shipped_searcher.related(doc_id)
        assert len(hits) == 5
        assert [h.id for h in hits] == [s.stored_fields(d)["id"] for d, _ in expected]


def test_a_deleted_document_is_never_related(small_corpus, tmp_path):
    """A law edited after the index was built: its old version stays in the first
    segment, deleted, with every one of its postings, and shares the page's words more
    than any other document does. It is skipped as Whoosh's search skips it; the page
    lists the other documents, as Whoosh does."""
    from search import open_searcher
    from tests.conftest import make_config

    config = make_config(tmp_path, small_corpus, reindex_jobs=1)
    reindex(config)
    law = next(small_corpus.rglob("*劳动法.txt"))
    with law.open("a", encoding="utf-8") as f:
        f.write("\n第一百零八条 本法自公布之日起施行，职工代表大会监督其实施。\n")
    report = reindex(config)
    assert len(report.updated) == 1 and not report.full
    doc_id = report.updated[0]
    with open_searcher(config, preload=False) as searcher:
        snap = searcher._snapshot()
        s = snap.searcher()
        deleted = [d for d in range(s.doc_count_all()) if s.reader().is_deleted(d)]
        assert len(deleted) == 1  # the old version, in the first segment
        docnum = s.document_number(id=doc_id)
        terms, expected = whoosh_related(s, snap.analyzer, docnum, limit=10)
        assert len(expected) == s.doc_count() - 1  # every other live document
        found = related_docnums(s, snap.lengths, terms, docnum, 10)
        assert deleted[0] not in [d for d, _ in found]
        assert found == expected
        ids = [h.id for h in searcher.related(doc_id, limit=10)]
        assert doc_id not in ids and ids == [s.stored_fields(d)["id"] for d, _ in expected]
