"""A string typed without spaces that occurs nowhere: a slip is corrected, words put
together that the documents write apart keep the page of their words, with the
correction offered as a link (search.alternatives.words_stand; README, "Did you mean")."""

from __future__ import annotations

import re

import pytest

from indexer.analysis import normalize
from indexer.pinyin import syllables
from search import SearchRequest
from search.alternatives import words_stand
from tests.search.conftest import documents_with

_SENTENCE = re.compile(r"[。！？；!?;\n]")


def in_one_sentence(doc, words: list[str]) -> bool:
    return any(
        all(w in s for w in words) for s in _SENTENCE.split(normalize(doc.title + "\n" + doc.text))
    )


@pytest.mark.parametrize(
    "typed, words",
    [
        # Drawn across 工资、小时 (bench/spelling_cases.py): the correction 工资及时 reads
        # otherwise and cuts into whole words; the first hits show both words together.
        ("工资小时", ["工资", "小时"]),
        # Drawn across 以上。加快: the correction 以加快 would break 以上.
        ("以上加快", ["以上", "加快"]),
    ],
)
def test_words_found_apart_keep_their_page(shipped_searcher, all_documents, typed, words):
    # Independently: the string occurs nowhere, a document holds its words within one
    # sentence, and the correction the engine offers occurs somewhere, so the earlier
    # rule (a string found nowhere is replaced by any correction found) would run it.
    assert not documents_with(all_documents, typed)
    assert any(in_one_sentence(d, words) for d in all_documents)
    as_typed = shipped_searcher.search(SearchRequest(q=typed, spelling="off"))
    offered = as_typed.suggestion
    assert offered and documents_with(all_documents, offered)
    for request in (
        SearchRequest(q=typed),
        SearchRequest(q=typed, page=2, per_page=2),  # every page and order agrees
        SearchRequest(q=typed, sort="newest"),
    ):
        result = shipped_searcher.search(request)
        assert result.corrected is None and result.suggestion == offered
        assert result.fallback == [(typed, words)] and result.total == as_typed.total
    result = shipped_searcher.search(SearchRequest(q=typed))
    assert [h.id for h in result.hits] == [h.id for h in as_typed.hits]


@pytest.mark.parametrize(
    "typed, meant",
    [("工会经废", "工会经费"), ("劳东合同", "劳动合同"), ("仲裁实效", "仲裁时效")],
)
def test_a_slip_is_still_corrected(shipped_searcher, all_documents, typed, meant):
    assert not documents_with(all_documents, typed) and documents_with(all_documents, meant)
    result = shipped_searcher.search(SearchRequest(q=typed))
    assert result.corrected == meant and result.suggestion is None
    assert shipped_searcher.search(SearchRequest(q=typed, page=2, per_page=2)).corrected == meant


def test_words_stand_by_the_kind_of_edit_and_the_sentence(shipped_searcher):
    cut = shipped_searcher._snapshot().analyzer.query_words
    together = [
        "…按<mark>工资</mark>的<mark>小时</mark>数计算。另一句<mark>仲裁</mark>的<mark>实效</mark>。"
    ]
    apart = ["…按<mark>工资</mark>计算。另按<mark>小时</mark>计。"]
    # Whole words, a correction into whole words that reads otherwise: the sentence decides.
    assert words_stand([("工资小时", "工资及时")], cut, syllables, lambda: together)
    assert not words_stand([("工资小时", "工资及时")], cut, syllables, lambda: apart)
    # A correction that breaks a word typed whole: the words stand whatever is shown.
    assert words_stand([("关心支持", "关支持")], cut, syllables, list)
    # A homophone into whole words is the input method's slip, even shown together.
    assert not words_stand([("仲裁实效", "仲裁时效")], cut, syllables, lambda: together)
    # A slip that leaves single characters is corrected, even shown together.
    assert not words_stand([("工会经废", "工会经费")], cut, syllables, lambda: ["工会经费的废止。"])
    # Every replaced string must stand.
    assert not words_stand(
        [("工资小时", "工资及时"), ("工会经废", "工会经费")], cut, syllables, lambda: together
    )


def test_the_page_says_what_was_searched_and_offers_the_correction(
    shipped_client, shipped_searcher
):
    from urllib.parse import quote

    offered = shipped_searcher.search(SearchRequest(q="以上加快", spelling="off")).suggestion
    assert offered
    page = shipped_client.get("/search?q=" + quote("以上加快")).get_data(as_text=True)
    assert "「以上加快」没有原样出现在任何文档中" in page and "仍然搜索" not in page
    assert re.search(rf'您是不是要找：<a href="[^"]*">{offered}</a>', page)
    data = shipped_client.get("/api/search?q=" + quote("以上加快")).get_json()
    assert data["suggestion"]["q"] == offered and data["corrected"] is None
