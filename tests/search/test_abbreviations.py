"""Issue 11, thirteenth round: an abbreviation typed (国企, 社保) reaches the full words the
index uses (国有企业, 社会保险): the words of two or three words of two characters whose first
characters it is, when the index uses them more than the abbreviation; shown as forms also
searched, ranked below the word as typed, for the words jieba's dictionary tags as
abbreviations, never for a quoted string. Small real indexes of
shipped documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from search import SearchRequest, open_searcher
from search.abbreviations import AbbreviationTable, dictionary_abbreviations
from tests.conftest import index_of_docs, normalized_texts

REPORT = "gov-reports/2020-国务院政府工作报告.txt"
SURPLUS = "laws/state-council-regulations/0171-国有企业富余职工安置规定.txt"
SHANGHAI_UNIONS = "laws/local-regulations/0109-上海市工会条例.txt"
UNION_LAW = "laws/national-laws/0161-中华人民共和国工会法.txt"
DOCS = [REPORT, SURPLUS, SHANGHAI_UNIONS, UNION_LAW]

COUNTS = {
    "国有企业": 42,
    "国有": 50,
    "企业": 400,
    "国企": 27,
    "社会保险": 45,
    "社会保障": 76,
    "社会": 300,
    "保险": 100,
    "保障": 200,
    "社保": 27,
    "工会会员": 7,
    "工会": 80,
    "会员": 30,
    "医疗保险": 29,
    "医疗": 60,
    "医保": 49,
    "中华全国总工会": 40,  # not made of words of two characters
    "外资企业": 1,  # in one document only
    "外资": 20,
    "职工": 300,
    "工作人员": 65,  # 工人 is a word of its own, not an abbreviation of it
    "工作": 500,
    "人员": 300,
    "工人": 12,
}


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    tmp_path: Path = tmp_path_factory.mktemp("abbreviations")
    return index_of_docs(tmp_path, DOCS)


def test_the_full_words_are_those_the_index_uses_more_than_the_abbreviation():
    table = AbbreviationTable(lambda: COUNTS)
    assert table.forms("国企") == ["国有企业"]
    assert table.forms("社保") == ["社会保障", "社会保险"]  # the most used first
    # The index says 工会 and 医保 more than 工会会员, 医疗保险: their own words already.
    assert table.forms("工会") == [] and table.forms("医保") == []
    assert table.forms("外企") == []  # 外资企业: in one document, too rare to stand for it
    assert table.forms("中全") == [] and table.forms("国有企业") == []
    # jieba tags 国企 as an abbreviation, not 工人, though the index says 工作人员 more.
    assert table.forms("工人") == []
    assert {"国企", "社保", "医保"} <= dictionary_abbreviations()
    assert "工人" not in dictionary_abbreviations()


def test_an_abbreviation_reaches_the_law_using_the_full_word_and_says_so(config):
    with open_searcher(config) as searcher:
        texts = normalized_texts(searcher, DOCS)
        # The case: the report says 国企, the regulation only 国有企业.
        assert "国企" in texts[REPORT] and "国有企业" not in texts[REPORT]
        assert "国企" not in texts[SURPLUS] and "国有企业" in texts[SURPLUS]
        result = searcher.search(SearchRequest(q="国企", per_page=10))
        assert dict(result.expansions)["国企"] == ["国有企业"]
        ids = [h.id for h in result.hits]
        # The word as typed ranks above its full form.
        assert ids[0] == REPORT and SURPLUS in ids
        assert {d for d, t in texts.items() if "国企" in t or "国有企业" in t} == set(ids)


def test_a_quoted_abbreviation_still_means_that_string(config):
    with open_searcher(config) as searcher:
        texts = normalized_texts(searcher, DOCS)
        result = searcher.search(SearchRequest(q='"国企"', per_page=10))
        assert {h.id for h in result.hits} == {d for d, t in texts.items() if "国企" in t}
        assert not result.expansions
