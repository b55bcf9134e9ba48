"""Issue 11, eighth round: 什么情况 (下), 哪些情况 ask "in which circumstances"; like 怎么算 they
are question words, so 情况 is neither required nor counted as a concept an article holds
(说明情况 in an article on lay-offs said nothing of when an open-ended contract is due)."""

from __future__ import annotations

import pytest

from search import SearchRequest
from search.wording import Wording
from tests.conftest import RESOURCES
from tests.laws import CONTRACT_LAW


@pytest.fixture(scope="module")
def wording() -> Wording:
    return Wording.load(RESOURCES)


def test_asking_for_the_circumstances_is_a_question_phrase(wording):
    assert wording.strip_question_words("什么情况签无固定期限劳动合同") == (
        ["签无固定期限劳动合同"],
        ["什么情况"],
    )
    assert wording.strip_question_words("什么情况下可以解除劳动合同") == (
        ["可以解除劳动合同"],
        ["什么情况下"],
    )
    assert wording.strip_question_words("哪些情况不能辞退") == (["不能辞退"], ["哪些情况"])
    # 情况 typed without the question word stays a word of the query.
    assert wording.strip_question_words("情况说明") == (["情况说明"], [])


def test_the_article_stating_the_circumstances_is_shown(shipped_searcher):
    law = shipped_searcher.document(CONTRACT_LAW)
    result = shipped_searcher.search(SearchRequest(q="什么情况签无固定期限劳动合同", per_page=10))
    assert "情况" not in result.highlight_terms and "什么情况" in result.question_words
    hit = next(h for h in result.hits if h.id == CONTRACT_LAW)
    unit = next(u for u in law.units if u.label == hit.units[0].label)
    text = law.text[unit.start : unit.end]
    # Independently: 第十四条 lists when an open-ended contract must be signed.
    assert unit.label == "第十四条"
    assert "无固定期限劳动合同" in text and "下列情形之一" in text
