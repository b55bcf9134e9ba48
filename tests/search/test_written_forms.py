"""Issue 11, seventeenth round: a legal form of the wording lists also matches the variants
the laws of the index write of it, a function character apart (Qingdao's
人力资源和社会保障行政部门 for 人力资源社会保障行政部门), shown as forms also searched; a
string a character away that is another thing (安全生产的法律's 安全生产的法) is not one.
Small real indexes of shipped documents, and the tables read from their texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.analysis import Analyzer, normalize
from search import SearchRequest, open_searcher
from search.written_forms import WrittenForms
from tests.conftest import CORPUS_DOCS, RESOURCES, index_of_docs

QINGDAO = "laws/local-regulations/0117-青岛市劳动保障监察条例.txt"
MIGRANT_WAGES = "laws/state-council-regulations/0163-保障农民工工资支付条例.txt"
SAFETY_LAW = "laws/national-laws/0160-中华人民共和国安全生产法.txt"
CONTRACT_LAW = "laws/national-laws/0158-中华人民共和国劳动合同法.txt"
REPORT = "gov-reports/2019-国务院政府工作报告.txt"
NATIONAL_FORM = "人力资源社会保障行政部门"
QINGDAO_FORM = "人力资源和社会保障行政部门"


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    tmp_path: Path = tmp_path_factory.mktemp("written_forms")
    return index_of_docs(tmp_path, [QINGDAO, MIGRANT_WAGES, SAFETY_LAW, REPORT])


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer.from_resources(RESOURCES).load()


def _law(doc: str) -> str:
    return normalize((CORPUS_DOCS / doc).read_text(encoding="utf-8"))


def _table(analyzer, forms, docs) -> WrittenForms:
    return WrittenForms(
        forms, lambda: [_law(d) for d in docs], analyzer.query_words, analyzer.dictionary
    )


def test_a_form_matches_the_variant_a_law_writes_and_says_so(config):
    qingdao = _law(QINGDAO)
    assert QINGDAO_FORM in qingdao and NATIONAL_FORM not in qingdao
    with open_searcher(config) as searcher:
        result = searcher.search(SearchRequest(q="投诉找哪边的人社局", per_page=20))
        forms = dict(result.expansions)["人社局"]
        # The list's form, then the variant Qingdao writes, shown as searched.
        assert forms.index(NATIONAL_FORM) < forms.index(QINGDAO_FORM)
        assert any("0117" in hit.id for hit in result.hits)


def test_the_variants_are_the_laws_of_the_generation(analyzer):
    # Without a law writing it, a variant is not searched: the data is the laws' text.
    assert _table(analyzer, [NATIONAL_FORM], [MIGRANT_WAGES]).variants(NATIONAL_FORM) == ()
    table = _table(analyzer, [NATIONAL_FORM], [MIGRANT_WAGES, QINGDAO])
    assert table.variants(NATIONAL_FORM) == (QINGDAO_FORM,)


def test_a_false_friend_a_character_away_is_no_variant(analyzer):
    # 安全生产的法律 holds 安全生产的法, one 的 from the law's name 安全生产法, but
    # 法 is a part of the name, not a word the 的 joins.
    assert "安全生产的法" in _law(SAFETY_LAW)
    table = _table(analyzer, ["安全生产法"], [SAFETY_LAW, MIGRANT_WAGES])
    assert table.variants("安全生产法") == ()


def test_two_wordings_a_law_writes_side_by_side_are_told_apart(analyzer):
    # The labour contract law writes both 订立劳动合同 and 订立的劳动合同: a law writing both
    # does not show that one stands for the other.
    contract = _law(CONTRACT_LAW)
    assert "订立的劳动合同" in contract and "订立劳动合同" in contract
    table = _table(analyzer, ["订立劳动合同"], [CONTRACT_LAW])
    assert "订立的劳动合同" not in table.variants("订立劳动合同")
    # A string the lists name on a line of their own is a term of its own.
    listed = WrittenForms(
        [NATIONAL_FORM],
        lambda: [_law(QINGDAO)],
        analyzer.query_words,
        analyzer.dictionary,
        frozenset({QINGDAO_FORM}),
    )
    assert listed.variants(NATIONAL_FORM) == ()
