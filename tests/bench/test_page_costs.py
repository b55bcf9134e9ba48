"""The page-cost measurements' set-ups do what they say, on the shipped index: the document
page's old marks (bench.doc_page_cost) and the page's bounds set in process
(bench.page_levers)."""

from __future__ import annotations

import pytest

from bench import doc_page_cost, page_levers
from search import SearchRequest


def test_old_outcome_marks_a_plain_query_as_the_search_does(shipped_searcher):
    # A plain query (no relaxation, nothing fell back): the page read its marks the same
    # way before and after it reused the search's outcome.
    q = "劳动合同"
    new = shipped_searcher._search(SearchRequest(q=q), units=False, shown=lambda _: False)
    old = doc_page_cost.old_outcome(shipped_searcher)(SearchRequest(q=q))
    assert new.highlight_terms and old.highlight_terms == new.highlight_terms


@pytest.mark.parametrize("max_units", [1, 2])
def test_levers_bound_the_articles_listed(shipped_searcher, max_units):
    request = SearchRequest(q="工会 经费", per_page=10)
    today = shipped_searcher.search(request)
    assert max(len(h.units) for h in today.hits) > max_units
    try:
        page_levers.use(page_levers.TODAY[0], max_units)
        bounded = shipped_searcher.search(request)
    finally:
        page_levers.use(*page_levers.TODAY)
    assert max(len(h.units) for h in bounded.hits) == max_units
    assert [h.id for h in bounded.hits] == [h.id for h in today.hits]
    assert shipped_searcher.search(request).hits == today.hits
