"""Issue 11, seventeenth round: a question word is judged by what it does in the sentence,
not by its string. 几 after a numeral or a demonstrative tells a quantity (十几个人, 那几天);
an A-not-A question (罚不罚) asks about its A, which stays; a time limit asked (多少日内)
keeps its unit. Small real indexes of
shipped laws; what each law holds is read from its own text."""

from __future__ import annotations

import pytest

from search import SearchRequest, open_searcher
from search.quantity import asked
from search.wording import Wording
from tests.conftest import RESOURCES, index_of_docs, normalized_texts
from tests.laws import ARBITRATION_LAW, CONTRACT_LAW, LABOUR_LAW
from tests.reports import BEIJING_REPORT_2026, GOV_REPORT_2019

REPORTS = [GOV_REPORT_2019, BEIJING_REPORT_2026]
DOCS = [CONTRACT_LAW, ARBITRATION_LAW, LABOUR_LAW, *REPORTS]


@pytest.fixture(scope="module")
def wording() -> Wording:
    return Wording.load(RESOURCES)


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    return index_of_docs(tmp_path_factory.mktemp("question-grammar"), DOCS)


def test_ji_after_a_numeral_or_a_demonstrative_tells_a_quantity(wording):
    # 十几 / 二十几: "ten-odd"; 那几天, 这几年: "those few days"; 好几年, 前几天, 没几天.
    for told in [
        "欠我们十几个人工钱",
        "二十几天没发工资",
        "去开会那几天扣工资",
        "这几年",
        "好几年",
        "前几天",
        "没几天就走了",
    ]:
        assert wording.strip_question_words(told) == ([told], []), told
        assert asked(told) is None, told
    # Asked, 几 stands after a verb or at the start.
    assert wording.strip_question_words("产假有几天") == (["产假有"], ["几天"])
    assert wording.strip_question_words("几个月试用期") == (["试用期"], ["几个月"])
    assert asked("产假有几天") is not None


def test_an_a_not_a_question_keeps_what_it_asks_about(wording):
    # The statement form of X不X is X: 罚不罚 asks whether 罚 applies.
    assert wording.strip_question_words("招童工罚不罚") == (["招童工罚"], ["不罚"])
    assert wording.strip_question_words("公司还发不发工资") == (["公司还发工资"], ["不发"])
    assert wording.strip_question_words("补偿给没给") == (["补偿给"], ["没给"])
    # A不AB: 合不合法 is the question of 合法.
    assert wording.strip_question_words("这样合不合法") == (["这样合法"], ["不合"])
    # An auxiliary's or a bare yes-or-no's (能不能, 行不行) goes whole, as before.
    assert wording.strip_question_words("能不能辞退") == (["辞退"], ["能不能"])
    assert wording.strip_question_words("让我哥去仲裁行不行") == (["让我哥去仲裁"], ["行不行"])


def test_a_time_limit_asked_keeps_its_unit(wording):
    assert wording.strip_question_words("多少日内结束") == (["日内结束"], ["多少"])
    assert wording.strip_question_words("几个月以内") == (["月以内"], ["几个"])
    # Without a time limit after it the phrase asks whole.
    assert wording.strip_question_words("产假多少天") == (["产假"], ["多少天"])


def test_the_asked_verb_and_the_told_quantity_are_searched(config):
    with open_searcher(config) as searcher:
        texts = normalized_texts(searcher, DOCS)
        # 罚款 is in the contract law, the reports hold neither 罚 nor the situation's words.
        q = "用人单位扣押劳动者身份证 罚不罚"
        result = searcher.search(SearchRequest(q=q, per_page=10))
        assert result.question_words == ["不罚"]
        assert "罚" not in result.dropped
        ids = [h.id for h in result.hits]
        assert ids and all("罚" in texts[d] for d in ids)
        assert CONTRACT_LAW in ids[:3]
        # The arbitration law states the limit (四十五日内结束); 日内结束 is searched with it.
        assert "日内结束" in texts[ARBITRATION_LAW]
        limit = searcher.search(SearchRequest(q="仲裁庭裁决劳动争议案件 多少日内结束", per_page=10))
        assert limit.question_words == ["多少"]
        assert "日内结束" not in limit.dropped
        assert [h.id for h in limit.hits][:1] == [ARBITRATION_LAW]
        # A quantity told is no question word: nothing is taken out of the statement.
        told = searcher.search(SearchRequest(q="十几个人的工资", per_page=10))
        assert told.question_words == []
