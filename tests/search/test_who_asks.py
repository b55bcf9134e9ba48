"""Issue 11, eighteenth round: 谁 said once asks who (收费标准谁定的, 跟谁说, 找谁), wherever it
stands; said twice it is the correlative 谁…谁… ("whoever": 谁主张谁举证) and before 都 / 也 the
universal "anyone" (谁都可以), statements both. A string that asks who is read as a question:
found nowhere as typed, its single characters (谁, 由) are not required in its fallback. A
small real index of shipped laws; what each holds is read from its own text."""

from __future__ import annotations

import pytest

from search import SearchRequest, open_searcher
from search.wording import Wording
from tests.conftest import RESOURCES, index_of_docs, normalized_texts
from tests.laws import CONTRACT_LAW, LABOUR_LAW

WAGE_PAYMENT = "laws/state-council-regulations/0163-保障农民工工资支付条例.txt"
DOCS = [
    LABOUR_LAW,
    CONTRACT_LAW,
    WAGE_PAYMENT,
    "gov-reports/2019-国务院政府工作报告.txt",
    "provincial-reports/2026-北京市.txt",
    "laws/national-laws/0161-中华人民共和国工会法.txt",
    "laws/national-laws/0175-中华人民共和国劳动争议调解仲裁法.txt",
    "laws/state-council-regulations/0172-女职工劳动保护特别规定.txt",
    "hrbgh/harbin-2013-work-report.txt",
]


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    return index_of_docs(tmp_path_factory.mktemp("who-asks"), DOCS)


def test_who_said_once_asks_and_the_correlative_or_universal_do_not():
    wording = Wording.load(RESOURCES)
    for asking in ["收费标准谁定的", "跟谁说", "找谁", "工资由谁发", "谁来举证"]:
        assert wording.asks_who(asking), asking
    for stating in ["谁主张谁举证", "谁用工谁负责", "谁都可以", "谁也不管", "最低工资"]:
        assert not wording.asks_who(stating), stating


def test_a_string_asking_who_does_not_require_who(config):
    q = "最低工资标准由谁规定"
    with open_searcher(config) as searcher:
        texts = normalized_texts(searcher, DOCS)
        assert not any(q in t for t in texts.values())
        assert "最低工资的具体标准由省" in texts[LABOUR_LAW] and "谁" not in texts[LABOUR_LAW]
        assert sum("最低工资" in t for t in texts.values()) <= len(DOCS) / 2  # it tells
        result = searcher.search(SearchRequest(q=q, per_page=10))
        searched = dict(result.fallback)[q]
        assert "最低工资" in searched and "谁" not in searched
        assert "谁" in result.dropped  # listed under 未包含
        assert LABOUR_LAW in [h.id for h in result.hits][:3]
