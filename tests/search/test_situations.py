"""Issue 11, seventh round: a situation told in everyday words without a question word
(公司不让员工加入工会) is read as a question is: the everyday word no law uses (不让) is left
out first and the candidates are ranked by their best passage. A string naming a term
(实施工会法办法) keeps every word. Small real indexes of shipped documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.analysis import normalize
from search import SearchRequest, open_searcher
from search.wording import Wording
from tests.conftest import RESOURCES, index_of_docs
from tests.laws import BEIJING_UNION_LAW, CONTRACT_LAW, UNION_LAW
from tests.reports import GOV_REPORT_2009, GOV_REPORT_2019

REPORTS = [
    GOV_REPORT_2009,
    "gov-reports/2014-国务院政府工作报告.txt",
    GOV_REPORT_2019,
    "gov-reports/2021-国务院政府工作报告.txt",
]
SITUATION = "公司不让员工加入工会"


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    tmp_path: Path = tmp_path_factory.mktemp("situations")
    config = index_of_docs(tmp_path, [UNION_LAW, CONTRACT_LAW, BEIJING_UNION_LAW, *REPORTS])
    return config


@pytest.fixture(scope="module")
def wording() -> Wording:
    return Wording.load(RESOURCES)


def test_a_situation_has_several_words_of_everyday_wording(config, wording):
    with open_searcher(config) as searcher:
        parts = searcher.compiler.parts
        situation = parts(normalize(SITUATION))
        term = parts(normalize("实施工会法办法"))
    lay = [w for w in situation if w in wording.lay_terms]
    assert len(situation) >= 3 and len(lay) >= 2
    assert wording.states_situation(situation)
    assert not any(w in wording.lay_terms for w in term)
    assert not wording.states_situation(term)
    assert not wording.states_situation(["公司", "员工"])  # two words: a query, not a story


def test_a_situation_finds_the_law_that_answers(config):
    with open_searcher(config) as searcher:
        texts = {d: normalize(searcher.document(d).text) for d in REPORTS + [UNION_LAW]}
        result = searcher.search(SearchRequest(q=SITUATION))
    # 不让 is in reports only, never in the union law, which is why it is left out.
    assert "不让" not in texts[UNION_LAW]
    assert any("不让" in t for d, t in texts.items() if d in REPORTS)
    assert "不让" in result.dropped
    assert result.hits[0].id == UNION_LAW
    assert result.hits[0].units[0].label == "第三条"


def test_a_term_typed_alone_still_needs_every_word(config):
    with open_searcher(config) as searcher:
        title = normalize(searcher.document(BEIJING_UNION_LAW).title)
        result = searcher.search(SearchRequest(q="实施工会法办法"))
    assert all(w in title for w in ("实施", "工会法", "办法"))
    assert BEIJING_UNION_LAW in {h.id for h in result.hits}
    assert result.dropped == []
