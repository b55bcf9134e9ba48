"""Issue 11, twenty-second round: inside a found law, the article and the clause that answer.

A question asking for a quantity (多久) is answered by the clause stating it; when that
clause opens its article, the article's snippet still shows it (it showed another sentence
holding more of the question's words). A small real index of shipped laws.
"""

from __future__ import annotations

import re
from html import unescape

import pytest

from search import SearchRequest, open_searcher
from tests.conftest import index_of_docs
from tests.laws import ARBITRATION_LAW, CONTRACT_LAW, LABOUR_LAW

TAGS = re.compile(r"<[^>]+>")
# A length of time as the laws state it (一年, 四十五日, 15日).
DURATION = re.compile(r"[0-9一二两三四五六七八九十百]+个?[日天月年]")


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    config = index_of_docs(
        tmp_path_factory.mktemp("answering-clause"), [ARBITRATION_LAW, CONTRACT_LAW, LABOUR_LAW]
    )
    with open_searcher(config) as s:
        yield s


def test_an_article_opening_with_the_quantity_asked_shows_that_clause(searcher):
    result = searcher.search(SearchRequest(q="过了多久就不能申请仲裁了"))
    hit = next(h for h in result.hits if h.id == ARBITRATION_LAW)
    best = hit.units[0]
    view = searcher.document(ARBITRATION_LAW)
    unit = next(u for u in view.units if u.anchor == best.anchor)
    text = view.text[unit.start : unit.end]
    first = re.split("[。；\n]", text[len(unit.label) :].strip())[0]
    # The case: the best article's first sentence states the time asked for and holds a
    # word of the question; a later sentence holds more of them.
    assert DURATION.search(first) and ("仲裁" in first or "申请" in first)
    shown = unescape(TAGS.sub("", best.snippet_html))
    assert shown.lstrip("…").startswith(first[:20])
    assert DURATION.search(shown)
