"""Issue 11, eighth round: the everyday → legal list per concept. A line of
``corpus/lay_terms.txt`` names a concept by every way a worker says it (被炒, 开除, 换了老板)
and every form the laws give it, so one everyday word reaches every legal form. Parsed from
real files; searched on a small real index of shipped documents, whose texts say which
document holds which wording."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.analysis import normalize
from search import SearchRequest, open_searcher
from search.wording import Wording, load_lay_terms
from tests.conftest import RESOURCES, index_of_docs
from tests.laws import ANNUAL_LEAVE, CONTRACT_LAW, LABOUR_LAW, UNION_LAW
from tests.reports import GOV_REPORT_2009, HARBIN_REPORT

# The Inner Mongolia report holds 穿鞋, what 穿小鞋 looked like a misspelling of.
REPORTS = [
    GOV_REPORT_2009,
    HARBIN_REPORT,
    "provincial-reports/2026-内蒙古自治区.txt",
]


def test_a_line_is_a_concept_every_everyday_word_reaching_every_form(tmp_path):
    path = tmp_path / "lay_terms.txt"
    path.write_text(
        "# a comment line\n"
        "辞退, 被炒，炒鱿鱼 => 解除劳动合同, 解除职工劳动合同  # full-width comma too\n"
        "换老板 => 变更 法定代表人, 投资人\n"
        "被炒 => 辞退\n"
        "no arrow here, 辞职\n",
        encoding="utf-8",
    )
    terms = load_lay_terms(path)
    for word in ("辞退", "炒鱿鱼"):
        assert terms[word] == ("解除劳动合同", "解除职工劳动合同")
    # A word on several lines gets the forms of all of them, in order.
    assert terms["被炒"] == ("解除劳动合同", "解除职工劳动合同", "辞退")
    # A form with a space needs each part; a line without => is not an entry.
    assert terms["换老板"] == ("变更 法定代表人", "投资人")
    assert set(terms) == {"辞退", "被炒", "炒鱿鱼", "换老板"}


def test_the_shipped_list_groups_everyday_words_by_concept():
    terms = Wording.load(RESOURCES).lay_terms
    # 辞退 and 被炒 are one concept: each reaches the union law's wording as well as the
    # contract law's.
    for word in ("辞退", "被炒", "开除"):
        assert {"解除劳动合同", "解除职工劳动合同"} <= set(terms[word])


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    tmp_path: Path = tmp_path_factory.mktemp("concepts")
    return index_of_docs(tmp_path, [UNION_LAW, CONTRACT_LAW, ANNUAL_LEAVE, LABOUR_LAW, *REPORTS])


def _text(searcher, doc_id: str) -> str:
    doc = searcher.document(doc_id)
    return normalize(doc.title + doc.text)


def test_an_everyday_verb_reaches_the_union_laws_own_wording(config):
    with open_searcher(config) as searcher:
        union_law = _text(searcher, UNION_LAW)
        result = searcher.search(SearchRequest(q="被炒了要通知工会吗"))
    # The union law never says 被炒; it says 解除职工劳动合同, a form of the concept.
    assert "被炒" not in union_law and "解除职工劳动合同" in union_law
    assert "解除职工劳动合同" in dict(result.expansions)["被炒"]
    assert UNION_LAW in [h.id for h in result.hits[:3]]


def test_an_everyday_term_holding_a_number_is_one_word(config):
    with open_searcher(config) as searcher:
        parts = searcher.compiler.parts(normalize("干满一年有年假"))
        regulation = _text(searcher, ANNUAL_LEAVE)
        result = searcher.search(SearchRequest(q="干满一年有年假吗"))
    # The number 一年 is inside the everyday term, which stays whole (the number alone
    # would be searched as 一年 / 1年 anywhere).
    assert "干满一年" in parts and "一年" not in parts
    forms = dict(result.expansions)["干满一年"]
    assert "干满一年" not in regulation
    assert any(f in regulation for f in forms)  # 连续工作1年以上, the regulation's words
    assert ANNUAL_LEAVE in [h.id for h in result.hits[:3]]


def test_a_term_cutting_a_number_in_two_is_not_taken():
    def whole(s: str) -> list[str]:
        return [s] if s else []

    cutting = Wording(lay_terms={"满一": ("满足",), "干满": ("连续工作",)})
    # 满一 would cut the counted 一年 in two: the number stays whole, 干满 beside it.
    assert cutting.parts("干满一年", whole) == ["干满", "一年"]
    holding = Wording(lay_terms={"干满一年": ("连续工作1年以上",)})
    assert holding.parts("干满一年", whole) == ["干满一年"]


def test_a_change_of_employer_reaches_the_article_on_it(config):
    with open_searcher(config) as searcher:
        law = _text(searcher, CONTRACT_LAW)
        result = searcher.search(SearchRequest(q="换了老板"))
    assert "换了老板" not in law
    assert result.hits and result.hits[0].id == CONTRACT_LAW
    # The law found holds the forms of the concept the page names (也搜索了).
    forms = dict(result.expansions)["换了老板"]
    assert any(all(p in law for p in f.split()) for f in forms)


def test_an_everyday_word_inside_a_string_found_nowhere_is_searched_alone(config):
    # 被欠薪: the string occurs nowhere, and its only word is 欠薪 (被 is a stop character);
    # it used to have no looser form, so the page was empty.
    with open_searcher(config) as searcher:
        texts = [_text(searcher, d) for d in (UNION_LAW, CONTRACT_LAW, LABOUR_LAW, *REPORTS)]
        result = searcher.search(SearchRequest(q="被欠薪怎么办"))
    assert not any("被欠薪" in t for t in texts)
    assert result.total > 0
    assert ("被欠薪", ["欠薪"]) in result.fallback
    assert [h.id for h in result.hits[:3]] and {LABOUR_LAW, CONTRACT_LAW} & {
        h.id for h in result.hits[:3]
    }


def test_a_word_found_only_in_its_legal_form_is_no_misspelling(config):
    # 穿小鞋 occurs in no document, but its legal form 打击报复 does: it is searched in
    # that form, not auto-corrected to a word that looks like it.
    with open_searcher(config) as searcher:
        union_law = _text(searcher, UNION_LAW)
        result = searcher.search(SearchRequest(q="穿小鞋"))
        report = _text(searcher, REPORTS[2])
    assert "穿小鞋" not in union_law and "打击报复" in union_law
    assert "穿小鞋" not in report and "穿鞋" in report
    assert result.corrected is None
    assert "打击报复" in dict(result.expansions)["穿小鞋"]
    assert UNION_LAW in {h.id for h in result.hits}
