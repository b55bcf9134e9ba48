"""A query word the documents are not cut into (段时间 of 那段时间: jieba cuts the documents'
一段时间 whole, and 段时间 once) falls back to the index's words it holds (时间), shown in the
fallback's notice; a word the documents are cut into stays whole. A small real index of
shipped documents; which documents hold a string is read from their own texts (brute force).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from search import SearchRequest, open_searcher
from search.word_pieces import known_pieces
from tests.conftest import index_of_docs, normalized_texts

SHANDONG = "laws/local-regulations/0115-山东省劳动合同条例.txt"
OVERTIME_CASE = "laws/labour-cases/0155-用人单位以规章制度形式否认劳动者加班事实是否有效.txt"
DOCS = [
    SHANDONG,
    OVERTIME_CASE,
    "laws/national-laws/0158-中华人民共和国劳动合同法.txt",
    "laws/national-laws/0159-中华人民共和国劳动法.txt",
    "gov-reports/2019-国务院政府工作报告.txt",
]


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    tmp_path: Path = tmp_path_factory.mktemp("word-pieces")
    return index_of_docs(tmp_path, DOCS)


def test_pieces_of_a_word_of_at_most_one_document():
    documents = {"段时间": 1, "时间": 40, "服务期": 3, "服务": 30, "管理": 20}.get

    def count(word: str) -> int:
        return documents(word) or 0

    assert known_pieces("段时间", count) == ["时间"]
    # A word of several documents is the corpus's own word: it stays whole.
    assert known_pieces("服务期", count) is None
    # Two characters known as no word: too much of it would be left out.
    assert known_pieces("管理费用", count) is None
    assert known_pieces("管理费", count) == ["管理"]
    assert known_pieces("时间", count) is None


def test_a_word_the_documents_are_not_cut_into_falls_back_to_its_pieces(config):
    q = "劳动合同中止那段时间"
    with open_searcher(config) as searcher:
        texts = normalized_texts(searcher, DOCS)
        assert not any(q in t for t in texts.values())
        holding = {d for d, t in texts.items() if "段时间" in t}
        # 段时间 is in the text of documents that never have it as a word (一段时间).
        reader = searcher._snapshot().searcher().reader()
        assert reader.doc_frequency("body", "段时间") <= 1 < len(holding)
        assert SHANDONG not in holding
        assert all(w in texts[SHANDONG] for w in ("劳动合同", "中止", "时间"))

        result = searcher.search(SearchRequest(q=q, per_page=10))
        assert SHANDONG in [h.id for h in result.hits]
        # The notice names the words searched: the piece, not the word it replaced.
        searched = result.notice.split("其中的词：")[1].split("；")[0].split("、")
        assert searched == ["劳动合同", "中止", "那", "时间"]
        assert "时间" in result.highlight_terms and "段时间" not in result.highlight_terms
        # The whole string as typed is still what a quoted search finds: nothing here.
        assert searcher.search(SearchRequest(q=f'"{q}"')).total == 0
