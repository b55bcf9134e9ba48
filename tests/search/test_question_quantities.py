"""Issue 11, fifth round: a phrase asking for a counted quantity (几个小时, 多少次) is a
question word, and the article stating the quantity asked counts when candidate documents
are compared by their best passage. Small real indexes of shipped documents; expectations
from their stored texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.analysis import normalize
from search import SearchRequest, open_searcher
from search.quantity import asked
from search.quantity_passage import stating_units
from search.unit_hits import sentence_around
from search.wording import Wording
from tests.conftest import RESOURCES, index_of_docs
from tests.laws import ANNUAL_LEAVE, ANNUAL_LEAVE_MEASURES, LABOUR_LAW, WORKING_HOURS

REPORTS = ["gov-reports/2011-国务院政府工作报告.txt", "gov-reports/2017-国务院政府工作报告.txt"]


def _index(tmp_path: Path, docs: list[str]):
    config = index_of_docs(tmp_path, docs)
    return config


@pytest.fixture(scope="module")
def wording() -> Wording:
    return Wording.load(RESOURCES)


def test_a_phrase_asking_for_a_counted_quantity_is_a_question_word(wording):
    assert wording.strip_question_words("每天工作几个小时") == (["每天工作"], ["几个小时"])
    assert wording.strip_question_words("一年能请几次") == (["一年能请"], ["几次"])
    # 多少 is listed alone; with the unit after it the whole phrase asks (多少小时).
    assert wording.strip_question_words("每月加班多少小时") == (["每月加班"], ["多少小时"])
    # 几个 without a unit of measure is not a question for a quantity: it stays.
    assert wording.strip_question_words("几个方面") == (["几个方面"], [])


def test_how_many_hours_is_not_required_as_a_word(tmp_path):
    config = _index(tmp_path, [WORKING_HOURS, LABOUR_LAW, *REPORTS])
    with open_searcher(config) as searcher:
        texts = {d: normalize(searcher.document(d).text) for d in [WORKING_HOURS, *REPORTS]}
        # The case: the reports hold 几个 (几个方面 …) and the regulation does not, so with
        # 几个 required the reports were the only documents holding every word.
        assert all("几个" in texts[r] for r in REPORTS) and "几个" not in texts[WORKING_HOURS]
        result = searcher.search(SearchRequest(q="每天工作几个小时", per_page=10))
        assert "几个小时" in result.question_words and "几个小时" in result.dropped
        assert "几个" not in result.highlight_terms
        ids = [h.id for h in result.hits]
        assert WORKING_HOURS in ids
        assert all(ids.index(WORKING_HOURS) < ids.index(r) for r in REPORTS if r in ids)
        rule = next(h for h in result.hits if h.id == WORKING_HOURS)
        assert rule.units and "8小时" in normalize(rule.units[0].snippet)


def _sentences_stating(text: str, word: str, question: str) -> list[str]:
    """The sentences of ``text`` holding ``word`` that state the quantity ``question``
    asks for, found by brute force over the text."""
    ask = asked(question)
    out = []
    pos = text.find(word)
    while pos >= 0:
        a, b = sentence_around(text, pos, pos + len(word))
        if ask.spans(text[a:b]):
            out.append(text[a:b])
        pos = text.find(word, b)
    return out


def test_the_article_stating_the_quantity_asked_ranks_its_document_first(tmp_path):
    question, word = "年休假有几天", "年休假"
    config = _index(tmp_path, [LABOUR_LAW, ANNUAL_LEAVE, ANNUAL_LEAVE_MEASURES])
    with open_searcher(config) as searcher:
        law = searcher.document(LABOUR_LAW)
        rule = searcher.document(ANNUAL_LEAVE)
        # Independently: the law names 年休假 without a number of days; the regulation
        # states them (年休假5天) in a sentence holding the word.
        assert word in law.text and not _sentences_stating(law.text, word, question)
        assert _sentences_stating(rule.text, word, question)
        marks = [(i, i + len(word)) for i in range(len(rule.text)) if rule.text.startswith(word, i)]
        starts = [u.start for u in rule.units]
        ends = [u.end for u in rule.units]
        stating = {
            rule.units[i].label
            for i in stating_units(rule.text, starts, ends, marks, asked(question))
        }
        assert "第三条" in stating

        # The law ranks above the regulation by authority when their best passages are
        # close; the quantity stated makes the regulation's the better passage.
        hits = searcher.search(SearchRequest(q=question, per_page=10)).hits
        assert hits[0].id == ANNUAL_LEAVE and hits[0].units[0].label == "第三条"
        assert LABOUR_LAW in [h.id for h in hits]
