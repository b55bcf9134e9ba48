"""An export's hits skip the matched articles (``Hit.units``: no export column shows
them, and building them was ~40 % of an export's CPU), so its rows must be exactly the
rows of the search's own pages with their articles built, but for the snippet: a page
leaves out of a hit's snippet the sentences its best article shows under it
(``search.shown_once``); a row has no article column, so its snippet keeps them, as the
page's hit does when no article is shown."""

from __future__ import annotations

from dataclasses import replace

import pytest

from search import SearchRequest
from search.export import search_rows
from search.limits import MAX_PER_PAGE
from search.searcher import TierRankings


def page_hits(searcher, request: SearchRequest, units: bool = True) -> list:
    """Every hit of ``request``, page by page, as the search page builds them (``units``:
    with their matched articles)."""
    hits, page = [], 1
    while True:
        result = searcher.search(replace(request, page=page, per_page=MAX_PER_PAGE), units=units)
        hits += result.hits
        if not result.has_next:
            return hits
        page += 1


@pytest.mark.parametrize(
    "request_",
    [
        SearchRequest(q="工会", sort="relevance"),
        SearchRequest(q="劳动合同 解除", sort="relevance"),
        SearchRequest(q="劳动合同法第三十九条", sort="relevance"),  # the cited law first
        SearchRequest(q="加班费怎么算", sort="relevance"),  # a question
        SearchRequest(q="农民工", sort="newest"),
    ],
    ids=lambda r: r.q,
)
def test_export_rows_equal_the_pages_rows(shipped_searcher, request_):
    pages = page_hits(shipped_searcher, request_)
    total, rows, exported = shipped_searcher.export_hits(request_, 100_000)
    exported = list(exported)
    assert rows == len(exported) == len(pages) == total > 0

    def without_snippet(rows):
        return [{k: v for k, v in row.items() if k != "snippet"} for row in rows]

    assert without_snippet(search_rows(exported)) == without_snippet(search_rows(pages))
    # The pages built without articles show the snippets the rows must hold.
    bare = page_hits(shipped_searcher, request_, units=False)
    assert [r["snippet"] for r in search_rows(exported)] == [
        r["snippet"] for r in search_rows(bare)
    ]
    assert all(h.units == [] for h in exported)
    assert any(h.units for h in pages)  # the pages did build articles


@pytest.mark.parametrize(
    "q",
    [
        "工会",  # tiers: the phrase whole, then its words apart
        "劳动合同 解除",
        "工会 经费 百分之二",
        "加班费怎么算",  # a question: the first candidates ranked by their best passage
        "劳动合同法第三十九条",  # the cited law first
        "稳就业",  # words inside longer jieba words: unscored, newest first
    ],
)
def test_tiers_ranked_once_give_the_pages_ranked_each_time(shipped_searcher, q):
    """An export's pages rank each tier whole once (TierRankings) and slice it: every
    page must be the page ranked on its own."""
    rankings = TierRankings()
    page, pages = 1, 0
    while True:
        request = SearchRequest(q=q, page=page, per_page=2)
        alone = shipped_searcher.search(request)
        sliced = shipped_searcher.search(request, rankings=rankings)
        assert [(h.id, h.score) for h in sliced.hits] == [(h.id, h.score) for h in alone.hits]
        pages += 1
        if not alone.has_next:
            break
        page += 1
    assert pages > 1
