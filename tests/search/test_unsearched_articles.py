"""Issue 11, twenty-first round: a hit's articles are chosen and ranked on what was
searched, the matches its snippets mark (``search.marked``). A word a fallback did not
require (有 of 年休假有几天, 要 of 工伤认定要) is in most articles of a law; no article is
listed for it alone. A small real index of shipped laws; what each article holds is read
from the document's own text."""

from __future__ import annotations

import re
from html import unescape

import pytest

from indexer.analysis import normalize
from search import SearchRequest, open_searcher
from search.unit_hits import MAX_UNITS
from tests.conftest import index_of_docs
from tests.laws import (
    ANNUAL_LEAVE,
    ANNUAL_LEAVE_MEASURES,
    ARBITRATION_LAW,
    CONTRACT_LAW,
    LABOUR_LAW,
    SAFETY_LAW,
)

WAGES = "laws/state-council-regulations/0173-工资支付暂行规定.txt"
ZHEJIANG = "laws/local-regulations/0132-浙江省劳动人事争议调解仲裁条例.txt"
DOCS = [
    WAGES,
    ZHEJIANG,
    ANNUAL_LEAVE,
    ANNUAL_LEAVE_MEASURES,
    CONTRACT_LAW,
    LABOUR_LAW,
    SAFETY_LAW,
    ARBITRATION_LAW,
]
MARK = re.compile(r"<mark[^>]*>(.*?)</mark>", re.S)
# Strings found nowhere as typed, read as their informative words: 有 and 要 are left out.
QUESTIONS = [("年休假有几天", "有"), ("工伤认定要多长时间", "要")]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    config = index_of_docs(tmp_path_factory.mktemp("unsearched-articles"), DOCS)
    with open_searcher(config) as s:
        yield s


def articles(view) -> dict[str, str]:
    """Each article of a document page: anchor → its own text, normalised."""
    return {u.anchor: normalize(view.text[u.start : u.end]) for u in view.units if u.kind == "条"}


@pytest.mark.parametrize(("q", "left_out"), QUESTIONS)
def test_no_article_is_listed_for_a_word_left_out_alone(searcher, q, left_out):
    result = searcher.search(SearchRequest(q=q))
    searched = [normalize(t) for t in result.highlight_terms]
    # The shape of the case: the word was left out, and some hit's law holds it in an
    # article that holds nothing searched (so listing such an article was possible).
    assert left_out in result.dropped and left_out not in searched
    possible = 0
    for hit in result.hits:
        held = articles(searcher.document(hit.id))
        with_searched = {a for a, t in held.items() if any(w in t for w in searched)}
        possible += sum(1 for a, t in held.items() if left_out in t and a not in with_searched)
        listed = [u for u in hit.units if u.anchor in held]
        for unit in hit.units:
            # Every article listed holds what was searched, and shows it marked.
            assert unit.matches >= 1, (hit.id, unit.label)
            assert MARK.search(unit.snippet_html), (hit.id, unit.label)
            shown = [normalize(unescape(m)) for m in MARK.findall(unit.snippet_html)]
            assert left_out not in shown
        assert all(u.anchor in with_searched for u in listed), hit.id
        # The law's articles that hold a searched word are listed, up to the limit: the
        # ones holding the left-out word alone do not crowd them out.
        assert len(listed) >= min(MAX_UNITS, len(with_searched)), hit.id
    assert possible


def test_a_search_without_a_word_left_out_lists_its_articles_as_before(searcher):
    # Nothing was left out: every article listed holds what was searched, as always.
    result = searcher.search(SearchRequest(q="年休假 天数"))
    assert not result.fallback and result.hits
    for hit in result.hits:
        for unit in hit.units:
            assert unit.matches >= 1 and MARK.search(unit.snippet_html)
