"""The related documents ranked outside Whoosh's collector are Whoosh's, float for float."""

from __future__ import annotations

from collections import Counter

import pytest
from whoosh import classify
from whoosh import query as wq

from indexer.analysis import normalize
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
