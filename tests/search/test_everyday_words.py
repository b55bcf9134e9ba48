"""Issue 11, sixth round: in a question, an everyday word that no legal text uses (过了,
不让, 上班) is the first word left out, and the page says so (未包含). Small real indexes of
shipped documents; which words a law uses is read from the documents' own texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.analysis import normalize
from search import SearchRequest, open_searcher
from search.everyday_words import dictionary_terms, legal_register
from tests.conftest import RESOURCES, index_of_docs, normalized_texts
from tests.laws import ARBITRATION_LAW, CONTRACT_LAW, LABOUR_LAW
from tests.reports import GOV_REPORT_2009, HARBIN_REPORT

CASES = [
    "laws/labour-cases/0148-加班费的仲裁时效应当如何认定.txt",
    "laws/labour-cases/0150-劳动者在离职文件上签字确认加班费已结清，是否有权请求支付欠付的加班费.txt",
    "laws/labour-cases/0154-用人单位与劳动者约定实行包薪制，是否需要依法支付加班费.txt",
]
REPORTS = [
    GOV_REPORT_2009,
    "gov-reports/2010-国务院政府工作报告.txt",
    "gov-reports/2021-国务院政府工作报告.txt",
    HARBIN_REPORT,
]
LAWS = [ARBITRATION_LAW, CONTRACT_LAW, LABOUR_LAW]


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    tmp_path: Path = tmp_path_factory.mktemp("everyday")
    config = index_of_docs(tmp_path, LAWS + CASES + REPORTS)
    return config


def _complete(result) -> list[str]:
    """The hits holding every required word (those before the partial matches)."""
    ids = [h.id for h in result.hits]
    return ids[: result.partial.complete] if result.partial is not None else ids


def test_the_legal_register_is_every_level_but_other():
    masks = {"法律": 0b0011, "地方性法规": 0b0100, "其他": 0b1000}
    assert legal_register(masks) == 0b0111
    assert legal_register({}) == 0


def test_a_word_no_law_uses_is_left_out_of_a_question_first(config):
    q = "过了多久就不能申请仲裁了"
    with open_searcher(config) as searcher:
        texts = normalized_texts(searcher, LAWS + CASES + REPORTS)
        # The case: 过了 is in documents that are not laws, in none of the laws, so it was
        # the rarest word and kept, and only those documents were found.
        assert not any("过了" in texts[d] for d in LAWS)
        assert any("过了" in texts[d] for d in CASES + REPORTS)
        result = searcher.search(SearchRequest(q=q, per_page=20))
        assert "过了" in result.dropped  # shown under 未包含
        ids = [h.id for h in result.hits]
        # Every hit still holds the words the laws use (不能 申请 仲裁: brute force).
        hit_texts = normalized_texts(searcher, ids)
        assert all(all(w in hit_texts[d] for w in ("不能", "申请", "仲裁")) for d in ids)
        expected = {d for d, t in texts.items() if all(w in t for w in ("不能", "申请", "仲裁"))}
        assert set(ids) == expected
        assert ids[0] == ARBITRATION_LAW
        assert "二十七" in result.hits[0].units[0].label  # 仲裁时效: the article that answers


def test_a_rest_that_finds_nothing_is_relaxed_further_without_those_words(config):
    q = "辞职以后不让去同行上班合法吗"
    with open_searcher(config) as searcher:
        texts = normalized_texts(searcher, LAWS + CASES + REPORTS)
        for word in ("不让", "上班"):
            assert not any(word in texts[d] for d in LAWS)
        result = searcher.search(SearchRequest(q=q, per_page=10))
        assert {"不让", "上班"} <= set(result.dropped)
        assert result.total > 0 and result.hits[0].id == CONTRACT_LAW
        assert "竞业限制" in normalize(result.hits[0].units[0].snippet)


def test_a_term_typed_alone_is_never_left_out(config):
    case = CASES[2]
    with open_searcher(config) as searcher:
        texts = normalized_texts(searcher, LAWS + CASES + REPORTS)
        assert not any("包薪制" in texts[d] for d in LAWS) and "包薪制" in texts[case]
        result = searcher.search(SearchRequest(q="包薪制 还要付加班费吗", per_page=10))
        assert "包薪制" not in result.dropped
        ids = _complete(result)  # partial matches may follow (fewer than 3 complete ones)
        assert ids and all("包薪制" in t for t in normalized_texts(searcher, ids).values())


def test_a_statement_is_not_a_question(config):
    # No question word: the words typed are all required, as before (relaxation aside).
    with open_searcher(config) as searcher:
        question = searcher.search(SearchRequest(q="过了多久就不能申请仲裁了", per_page=10))
        statement = searcher.search(SearchRequest(q="过了 就不能申请仲裁了", per_page=10))
        assert "过了" in question.dropped and "过了" not in statement.dropped
        ids = _complete(statement)
        assert ids and all("过了" in t for t in normalized_texts(searcher, ids).values())


def test_a_term_of_the_union_dictionary_is_never_left_out(config):
    # 送温暖 is what union reports are about, not how a worker talks: no law of this
    # index says it, but it is a term of the union dictionary, so it stays required.
    terms = dictionary_terms((RESOURCES / "union_terms.dict").read_bytes())
    assert "送温暖" in terms and "过了" not in terms
    with open_searcher(config) as searcher:
        texts = normalized_texts(searcher, LAWS + CASES + REPORTS)
        assert not any("送温暖" in texts[d] for d in LAWS)
        assert any("送温暖" in texts[d] for d in REPORTS)
        result = searcher.search(SearchRequest(q="送温暖怎么开展", per_page=10))
        assert "送温暖" not in result.dropped
        ids = _complete(result)
        assert ids and all("送温暖" in t for t in normalized_texts(searcher, ids).values())
