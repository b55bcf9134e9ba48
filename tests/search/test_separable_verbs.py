"""Separable verbs told apart (怀着孕, 加了三天班, 辞了职) reach the joined word the index
knows (怀孕, 加班, 辞职) as an equivalent form, shown as the other forms are (也搜索了); a
quoted string still means that string; a join that is no word of the index (看书 in no
document) adds nothing. A small real index of shipped documents; which documents hold a
string is read from their own texts (brute force)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from search import SearchRequest, open_searcher
from search.separable_verbs import separable_spans
from tests.conftest import index_of_docs, normalized_texts
from tests.laws import CONTRACT_LAW, LABOUR_LAW, SURPLUS_STAFF, WOMEN_WORKERS
from tests.reports import BEIJING_REPORT_2026, GOV_REPORT_2019, HARBIN_REPORT

OVERTIME_CASE = "laws/labour-cases/0153-处理加班费争议，如何分配举证责任.txt"
DOCS = [
    SURPLUS_STAFF,
    WOMEN_WORKERS,
    CONTRACT_LAW,
    OVERTIME_CASE,
    LABOUR_LAW,
    "laws/labour-cases/0151-劳动者拒绝违法超时加班安排，用人单位能否解除劳动合同.txt",
    GOV_REPORT_2019,
    BEIJING_REPORT_2026,
    HARBIN_REPORT,
]


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    tmp_path: Path = tmp_path_factory.mktemp("separable-verbs")
    return index_of_docs(tmp_path, DOCS)


def _holding(texts: dict[str, str], s: str) -> set[str]:
    return {d for d, t in texts.items() if s in t}


def test_a_separable_verb_told_apart_finds_the_joined_word(config):
    with open_searcher(config) as searcher:
        texts = normalized_texts(searcher, DOCS)
        assert not _holding(texts, "怀着孕") and WOMEN_WORKERS in _holding(texts, "怀孕")
        result = searcher.search(SearchRequest(q="怀着孕", per_page=50))
        forms = dict(result.expansions).get("怀着孕", [])
        assert forms[:1] == ["怀孕"]
        ids = {h.id for h in result.hits}
        assert _holding(texts, "怀孕") <= ids
        # The mark lands on the form the document holds.
        hit = next(h for h in result.hits if h.id == WOMEN_WORKERS)
        assert "<mark>怀孕</mark>" in hit.snippet_html

        # A counted phrase between the particle and the object: 加了三天班 → 加班.
        assert not _holding(texts, "加了三天班") and OVERTIME_CASE in _holding(texts, "加班")
        result = searcher.search(SearchRequest(q="加了三天班", per_page=50))
        assert "加班" in dict(result.expansions).get("加了三天班", [])
        assert _holding(texts, "加班") <= {h.id for h in result.hits}


def test_a_piece_of_a_question_keeps_the_separable_verb_whole(config):
    # 怀着 / 孕 as jieba cuts them would never search 怀孕: the piece keeps 怀着孕 whole.
    q = "我正怀着孕被辞退了怎么办"
    with open_searcher(config) as searcher:
        texts = normalized_texts(searcher, DOCS)
        assert not _holding(texts, "我正怀着孕")
        result = searcher.search(SearchRequest(q=q, per_page=10))
        assert "怀孕" in dict(result.expansions).get("怀着孕", [])
        assert WOMEN_WORKERS in [h.id for h in result.hits[:3]]


def test_the_joined_word_keeps_its_own_equivalent_forms(config):
    with open_searcher(config) as searcher:
        texts = normalized_texts(searcher, DOCS)
        assert SURPLUS_STAFF in _holding(texts, "辞职") and not _holding(texts, "辞了职")
        result = searcher.search(SearchRequest(q="辞了职", per_page=50))
        joined = dict(result.expansions).get("辞了职", [])
        assert joined[0] == "辞职"
        # 辞职's own forms (corpus/lay_terms.txt: 劳动者解除劳动合同 …) come with it.
        own = searcher.compile("辞职")[0].expansions[0][1]
        assert own and set(own) <= set(joined)
        ids = {h.id for h in result.hits}
        assert SURPLUS_STAFF in ids
        assert _holding(texts, "劳动者解除劳动合同") <= ids


def test_a_quoted_string_means_that_string(config):
    with open_searcher(config) as searcher:
        texts = normalized_texts(searcher, DOCS)
        result = searcher.search(SearchRequest(q='"怀着孕"', per_page=50))
        assert result.expansions == []
        assert {h.id for h in result.hits} == _holding(texts, "怀着孕")
        result = searcher.search(SearchRequest(q='"辞了职"', per_page=50))
        assert result.expansions == []
        assert {h.id for h in result.hits} == _holding(texts, "辞了职")


def test_a_join_no_document_uses_as_a_word_adds_nothing(config):
    with open_searcher(config) as searcher:
        texts = normalized_texts(searcher, DOCS)
        assert not _holding(texts, "看书")
        assert searcher.compile("看了书")[0].expansions == []
        knows = searcher._snapshot().knows
        assert not knows("看书") and knows("怀孕")
        assert separable_spans("我看了书", knows) == []
        # The same grammar with a word the index has is joined.
        assert _holding(texts, "辞职")
        assert [s.joined for s in separable_spans("我辞了职", knows)] == ["辞职"]


def test_the_page_says_the_joined_word_was_searched(config):
    from web import create_app

    app = create_app(config)
    app.config["TESTING"] = True
    page = app.test_client().get("/search?q=" + quote("怀着孕")).get_data(as_text=True)
    assert "也搜索了：怀孕" in page
    page = app.test_client().get("/search?q=" + quote('"怀着孕"')).get_data(as_text=True)
    assert "也搜索了" not in page
