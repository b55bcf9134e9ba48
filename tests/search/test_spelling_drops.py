"""Did-you-mean's weak slips (issue 11): a character dropped from a word is put back, from
the vocabulary's two-character words and the index's bigrams, and a character typed twice
is taken out; strings drawn across a clause break still keep their words' page (README,
"Did you mean"; measured in bench/spelling_cases.py)."""

from __future__ import annotations

import pytest

from indexer.pinyin import syllables
from search import SearchRequest
from search.alternatives import words_stand
from search.spelling import undoubled
from tests.search.conftest import documents_with


def _one_character_fewer(typed: str, meant: str) -> bool:
    return any(meant[:i] + meant[i + 1 :] == typed for i in range(len(meant)))


@pytest.mark.parametrize(
    "typed, meant",
    [
        # Drawn by bench/spelling_cases.py (shipped corpus, seed 14): each broke a
        # two-character word (管理, 行政, 具体, 依法), leaving a character alone.
        ("登记理机关", "登记管理机关"),
        ("劳动行部门", "劳动行政部门"),
        ("具承担", "具体承担"),
        ("依承担不利", "依法承担不利"),
    ],
)
def test_a_dropped_character_is_put_back(shipped_searcher, all_documents, typed, meant):
    assert _one_character_fewer(typed, meant)
    assert not documents_with(all_documents, typed) and documents_with(all_documents, meant)
    result = shipped_searcher.search(SearchRequest(q=typed))
    assert result.corrected == meant and result.suggestion is None
    assert {h.id for h in result.hits} <= documents_with(all_documents, meant)
    assert shipped_searcher.search(SearchRequest(q=typed, page=2, per_page=2)).corrected == meant


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("企业业", "企业"),
        ("有关法法律", "有关法律"),
        ("震害害", "震害"),
        # Cut into whole words (加班、班费) that the first hits show apart in one sentence
        # (加班费…加班事实): a character typed twice is still the slip.
        ("加班班费", "加班费"),
    ],
)
def test_a_character_typed_twice_is_taken_out(shipped_searcher, all_documents, typed, meant):
    assert _one_character_fewer(meant, typed) and any(
        typed[i] == typed[i + 1] for i in range(len(typed) - 1)
    )
    assert not documents_with(all_documents, typed) and documents_with(all_documents, meant)
    assert shipped_searcher.search(SearchRequest(q=typed)).corrected == meant


@pytest.mark.parametrize(
    "typed, words",
    [
        # Drawn across 文书。书写: it looks like 书 typed twice, and its correction (one 书
        # taken out) is found, but it would break 书写, a word typed whole.
        ("文书书写", ["文书", "书写"]),
        # The seventeenth round's join across 以上。加快 is test_spelling_joins.py's case.
    ],
)
def test_words_drawn_across_a_break_keep_their_page(shipped_searcher, all_documents, typed, words):
    assert not documents_with(all_documents, typed)
    assert all(documents_with(all_documents, w) for w in words)
    result = shipped_searcher.search(SearchRequest(q=typed))
    offered = result.suggestion
    assert offered and documents_with(all_documents, offered)
    assert result.corrected is None and result.fallback == [(typed, words)]


def test_a_doubled_character_taken_out_is_the_slip_whatever_the_page_shows(shipped_searcher):
    cut = shipped_searcher._snapshot().analyzer.query_words
    apart = ["劳动者主张<mark>加班</mark>费的，应当就<mark>加班</mark>事实承担举证责任。"]
    assert cut("加班班费") == ["加班", "班费"]
    assert not words_stand([("加班班费", "加班费")], cut, syllables, lambda: apart)
    assert undoubled("加班班费", "加班费") and not undoubled("加班班费", "加费")
