"""Issue 11, eleventh round: a count typed exactly (十七岁, 三百来人) reaches the ranges the
laws state it in (未满十八周岁, 二百人以上) and the terms they define by such a range (未成年工),
read from the legal documents of the index; shown as forms also searched, never replacing
what was typed. Small real indexes of shipped documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from search import SearchRequest, open_searcher
from search.count_ranges import (
    FORMS_PER_BOUND,
    RangeTable,
    defined_ranges,
    ranges_in,
    typed_count,
)
from tests.conftest import CORPUS_DOCS, index_of_docs, normalized_texts
from tests.laws import CONTRACT_LAW, LABOUR_LAW, UNION_LAW
from tests.reports import GOV_REPORT_2019, HARBIN_REPORT

REPORTS = [GOV_REPORT_2019, HARBIN_REPORT]
DOCS = [LABOUR_LAW, UNION_LAW, CONTRACT_LAW, *REPORTS]


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    tmp_path: Path = tmp_path_factory.mktemp("count_ranges")
    return index_of_docs(tmp_path, DOCS)


def _law(doc: str) -> str:
    return (CORPUS_DOCS / doc).read_text(encoding="utf-8")


def test_the_ranges_a_law_states_are_read_with_their_bounds():
    # 劳动法 第五十八条, as written: the definition holds both bounds of one count.
    definition = next(line for line in _law(LABOUR_LAW).splitlines() if "未成年工是指" in line)
    found = {r.form: r for r in ranges_in(definition)}
    assert {"年满十六周岁", "未满十八周岁"} <= set(found)
    assert found["未满十八周岁"].holds(17) and not found["未满十八周岁"].holds(18)
    assert found["年满十六周岁"].holds(16) and not found["年满十六周岁"].holds(15)
    (term,) = [r for r in defined_ranges(definition) if r.form == "未成年工"]
    assert term.holds(17) and not term.holds(15) and not term.holds(18)
    # A count without a bound word states no range; a year of a date is no duration.
    assert list(ranges_in("职工十六周岁，2013年以上")) == []


def test_a_count_typed_exactly_is_read_and_a_bounded_one_is_not():
    assert typed_count("十七岁") == (17, "岁")
    assert typed_count("17岁") == (17, "岁")
    assert typed_count("三百来人") == (300, "人")
    low, unit = typed_count("一年多")
    assert unit == "年" and low > 1
    assert typed_count("不满十六岁") is None  # a range already
    assert typed_count("2013年") is None


def test_the_forms_are_the_nearest_bounds_the_laws_use():
    table = RangeTable(lambda: [_law(LABOUR_LAW), _law(UNION_LAW)])
    forms = table.forms("十七岁")
    assert {"未满十八周岁", "年满十六周岁", "未成年工"} <= set(forms)
    # Every form is the laws' own wording.
    assert all(f in _law(LABOUR_LAW) + _law(UNION_LAW) for f in forms)
    # 十六岁 is a bound the laws use (未满十六周岁): a threshold typed, not widened; typed
    # with its bound word it reaches the laws' phrases of that same range only.
    assert "未满十六周岁" in _law(LABOUR_LAW)
    assert table.forms("十六岁") == []
    bounded = table.forms("不满十六岁")
    assert "未满十六周岁" in bounded and "年满十六周岁" not in bounded
    # One bound written many ways adds its commonest few, not every spelling.
    assert len(table.forms("一年多")) <= 2 * FORMS_PER_BOUND


def test_a_bound_stated_now_and_then_does_not_make_a_threshold():
    # One regulation's 年满十七周岁 among many 未满十八周岁 leaves 十七岁 a count to widen;
    # as common as the bounds around it, 十七 would be a threshold typed.
    rare = RangeTable(lambda: ["未满十八周岁。" * 20 + "年满十七周岁。年满十六周岁。"])
    assert "未满十八周岁" in rare.forms("十七岁")
    common = RangeTable(lambda: ["未满十八周岁。年满十七周岁。年满十六周岁。"])
    assert common.forms("十七岁") == []


def test_a_count_reaches_the_law_stating_its_range_and_says_so(config):
    with open_searcher(config) as searcher:
        texts = normalized_texts(searcher, DOCS)
        # The case: no document says 十七岁; the labour law says 未满十八周岁 and 未成年工.
        assert not any("十七岁" in t for t in texts.values())
        result = searcher.search(SearchRequest(q="十七岁能不能下井", per_page=10))
        forms = dict(result.expansions)["十七岁"]
        assert {"未满十八周岁", "未成年工"} <= set(forms)
        assert result.hits and result.hits[0].id == LABOUR_LAW
        # A head count: 工会法 第十四条 says 职工二百人以上的企业 … 专职工会主席.
        assert "二百人以上" in texts[UNION_LAW]
        result = searcher.search(SearchRequest(q="我们厂三百来人 工会主席能不能专职", per_page=10))
        assert "二百人以上" in dict(result.expansions)["三百来人"]
        assert result.hits[0].id == UNION_LAW


def test_a_quoted_count_still_means_that_string(config):
    with open_searcher(config) as searcher:
        texts = normalized_texts(searcher, DOCS)
        for q, literal in (('"十七岁"', "十七岁"), ('"三百人"', "三百人")):
            result = searcher.search(SearchRequest(q=q, per_page=20))
            expected = {d for d, t in texts.items() if literal in t}
            assert {h.id for h in result.hits} == expected
            assert not result.expansions


def test_the_typed_count_ranks_before_the_ranges_it_falls_in(tmp_path):
    report = "gov-reports/2017-国务院政府工作报告.txt"
    config = index_of_docs(tmp_path, [report, CONTRACT_LAW, LABOUR_LAW])
    with open_searcher(config) as searcher:
        texts = normalized_texts(searcher, [report, CONTRACT_LAW, LABOUR_LAW])
        # The case: the report says 一年多 as typed; the laws only hold it in a range.
        assert "一年多" in texts[report]
        assert "一年多" not in texts[CONTRACT_LAW] and "满一年" in texts[CONTRACT_LAW]
        result = searcher.search(SearchRequest(q="一年多", per_page=10))
        forms = dict(result.expansions)["一年多"]
        assert "满一年" in forms
        ids = [h.id for h in result.hits]
        assert ids[0] == report and CONTRACT_LAW in ids
