"""Issue 11, nineteenth round (marks): a word the page says was not searched (a word a
fallback did not require, ``search.relaxation.Trace.unrequired``) is never marked, and no
snippet sentence is chosen for it; it still counts where the query is ranked. A small
real index of shipped laws; what each document holds is read from its own text."""

from __future__ import annotations

import re
from html import unescape

import pytest

from indexer.analysis import normalize
from search import SearchRequest, open_searcher
from tests.conftest import index_of_docs
from tests.laws import ARBITRATION_LAW, CONTRACT_LAW, LABOUR_LAW, SAFETY_LAW

ZHEJIANG = "laws/local-regulations/0132-浙江省劳动人事争议调解仲裁条例.txt"
INJURY_CASE = (
    "laws/labour-cases/0152-劳动者超时加班发生工伤，用工单位、劳务派遣单位是否承担连带赔偿责任.txt"
)
DOCS = [ZHEJIANG, INJURY_CASE, CONTRACT_LAW, LABOUR_LAW, SAFETY_LAW, ARBITRATION_LAW]
MARK = re.compile(r"<mark[^>]*>(.*?)</mark>", re.S)
QUESTION = "工伤认定要多长时间"  # 工伤认定要 occurs nowhere; 要, one character, is not required


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    config = index_of_docs(tmp_path_factory.mktemp("unsearched-marks"), DOCS)
    with open_searcher(config) as s:
        yield s


def marked(html: str) -> list[str]:
    return [normalize(unescape(m)) for m in MARK.findall(html)]


def page_marks(result) -> list[str]:
    out = []
    for hit in result.hits:
        out += marked(hit.title_html) + marked(hit.snippet_html)
        for unit in hit.units:
            out += marked(unit.snippet_html)
    return out


def test_a_character_the_fallback_left_out_is_not_marked(searcher):
    result = searcher.search(SearchRequest(q=QUESTION))
    texts = {h.id: normalize(searcher.document(h.id).text) for h in result.hits}
    # The shape of the case: the string fell back to its informative word, 要 was left out,
    # and documents holding 要 are among the results (so a mark on it was possible).
    assert result.fallback and result.fallback[0][1] == ["工伤认定"]
    assert "要" in result.dropped
    assert result.hits and any("要" in t for t in texts.values())
    assert "要" not in result.highlight_terms
    marks = page_marks(result)
    assert "要" not in marks
    assert "工伤认定" in marks  # the word searched is marked
    # The first hit's snippet is a passage of the word searched, when its text holds it.
    first = result.hits[0]
    if "工伤认定" in texts[first.id]:
        assert "工伤认定" in marked(first.snippet_html)
    # The document page marks what was searched, not what was left out.
    view = searcher.document(first.id, QUESTION)
    doc_marks = [m for b in view.blocks for m in marked(b.html)]
    assert "要" not in doc_marks and "工伤认定" in doc_marks
    assert view.marks == len(doc_marks)


def test_the_forms_of_a_word_left_out_are_neither_marked_nor_named_as_searched(searcher):
    # 公司, in most documents, is not required by its string's fallback, and the page lists
    # it as left out: 用人单位, searched only as its form, is then no match to show, and
    # 也搜索了 does not name it.
    q = "劳动局让公司限期把工资发了 公司到期还是不发"
    result = searcher.search(SearchRequest(q=q))
    assert "公司" in result.dropped and "限期" in result.fallback[0][1]
    texts = {h.id: normalize(searcher.document(h.id).text) for h in result.hits}
    assert any("用人单位" in t for t in texts.values())  # a mark was possible
    marks = page_marks(result)
    assert "用人单位" not in marks and "用人单位" not in result.highlight_terms
    assert "限期" in marks  # the words searched still are
    assert "公司" not in {w for w, _ in result.expansions}
    assert set(marks) <= {normalize(t) for t in result.highlight_terms}
