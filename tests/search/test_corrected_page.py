"""A query run as its correction or pinyin reading: whether it is replaced is decided from
the counts of the query as typed, and the page as typed (its ranking, hits and snippets,
most of a query's work) is never built when it is not shown."""

from __future__ import annotations

import dataclasses

import pytest

from search import SearchRequest
from search.searcher import TierRankings

PAGE = {"hits", "facets", "answer", "took_ms"}  # what a shown page adds to its counts


def _record(result, leave_out=frozenset()) -> dict:
    return {k: v for k, v in dataclasses.asdict(result).items() if k not in leave_out}


# Misspelt words found nowhere, as typed with results found by their words (集体协上 finds
# 集体 and 协 apart): the page as typed has hits and is thrown away.
REPLACED = [("集体协上", "corrected"), ("带薪年修假", "corrected"), ("gong hui fa", "searched_as")]


@pytest.mark.parametrize("typed, field", REPLACED)
def test_a_replaced_query_ranks_only_the_page_shown(shipped_searcher, typed, field):
    as_typed = shipped_searcher._search(SearchRequest(q=typed))
    assert as_typed.total and as_typed.hits  # the page that would have been thrown away
    rankings = TierRankings()  # records each tier ranked, by the query's terms
    result = shipped_searcher.search(SearchRequest(q=typed), rankings=rankings)
    used = getattr(result, field)
    assert used is not None and used != typed
    typed_terms = tuple(shipped_searcher.compile(typed)[0].terms)
    used_terms = tuple(shipped_searcher.compile(used)[0].terms)
    ranked = {key[0] for _, key in rankings._ranked}
    assert ranked == {used_terms} and typed_terms not in ranked
    # The page shown is the replacement's own, whole.
    alone = shipped_searcher._search(SearchRequest(q=used))
    leave_out = {"request", "notice", "took_ms", field}
    assert _record(result, leave_out) == _record(alone, leave_out)


COUNTED = ["集体协上", "带薪年修假", "gong hui fa", "工会经费", "加班费 谁来举证", "劳动法第44条"]


@pytest.mark.parametrize("q", COUNTED)
def test_the_decision_sees_the_counts_of_the_page(shipped_searcher, q):
    """The result the decision reads, before the page is built, holds every count and
    note the built page holds (total, notices, words left out, partial matches)."""
    seen = []

    def not_shown(counted) -> bool:
        seen.append(counted)
        return False

    request = SearchRequest(q=q)
    counted = shipped_searcher._search(request, shown=not_shown)
    page = shipped_searcher._search(request)
    assert seen == [counted] and page.total
    assert counted.hits == [] and counted.facets == {} and counted.answer is None
    assert _record(counted, PAGE) == _record(page, PAGE)
