"""Issue 11, eighteenth round: relaxation weighs a count by the documents that say it, not by
the ranges that hold it. 十七岁 is written in no document; it is found through the ranges it
falls in (未满十八周岁 of the labour law's minors' articles), which many documents hold. Weighed
by those, 十七岁 looked common and was left out before 下井 (only the coal mine rules): the
coal rules came first, the labour law (不得安排未成年工从事矿山井下…) not at all. A range is
recall (a broader term), not what the word tells: a count said nowhere is as rare as a word
can be, and stays required. A small real index of shipped documents; which words each
document holds is read from the documents' own texts."""

from __future__ import annotations

import pytest

from search import SearchRequest, open_searcher
from search.relaxation import idf_weight
from tests.conftest import index_of_docs, normalized_texts
from tests.laws import CONTRACT_LAW, LABOUR_LAW

COAL_RULES = "laws/state-council-regulations/bench-煤矿安全生产条例-2024-01-24.txt"
COAL_ACCIDENTS = (
    "laws/state-council-regulations/bench-国务院关于预防煤矿生产安全事故的特别规定-2013-07-18.txt"
)
DOCS = [
    LABOUR_LAW,
    CONTRACT_LAW,
    COAL_RULES,
    COAL_ACCIDENTS,
    "laws/state-council-regulations/0172-女职工劳动保护特别规定.txt",
    "laws/national-laws/0161-中华人民共和国工会法.txt",
    "laws/state-council-regulations/0166-劳动保障监察条例.txt",
    "laws/local-regulations/0127-郑州市劳动用工条例.txt",
    "provincial-reports/2026-北京市.txt",
    "hrbgh/harbin-2013-work-report.txt",
]


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    return index_of_docs(tmp_path_factory.mktemp("relaxation-said"), DOCS)


def test_a_count_said_nowhere_is_kept_before_a_rarer_detail(config):
    with open_searcher(config) as searcher:
        texts = normalized_texts(searcher, DOCS)
        assert not any("十七岁" in t or "17岁" in t for t in texts.values())
        result = searcher.search(SearchRequest(q="十七岁能不能下井挖煤", per_page=10))
        ranges = dict(result.expansions)["十七岁"]  # 未满十八周岁 …, shown under 也搜索了
        holding = [d for d, t in texts.items() if any(r in t for r in ranges)]
        with_pit = [d for d, t in texts.items() if "下井" in t]
        # The ranges are in more documents than the detail: by them 十七岁 looked common.
        assert LABOUR_LAW in holding and LABOUR_LAW not in with_pit
        assert 0 < len(with_pit) < len(holding)
        assert "十七岁" not in result.dropped and "下井" in result.dropped
        ids = [h.id for h in result.hits]
        assert LABOUR_LAW in ids[:3]
        assert set(ids) <= set(holding)  # every hit holds a range 十七岁 falls in


def test_the_weight_is_that_of_the_documents_that_say_the_word():
    found = 0b1111  # four documents hold the word or a range it falls in
    assert idf_weight("十七岁", found, 10, said=0) > idf_weight("十七岁", found, 10)
    assert idf_weight("十七岁", found, 10, said=found) == idf_weight("十七岁", found, 10)
    assert idf_weight("十七岁", 0, 10, said=0) == 0.0  # found in no form: tells nothing
