"""Issue 11, ninth round: a question typed in several strings is one question. A string of
it found nowhere as typed falls back to its words as what is left of a question does (single
characters and common words not required, everyday words no law uses left out first), even
when its own question word stands in another string; and a string relaxed whole no longer
brings back the words already left out. Small real indexes of shipped documents; which
words each document holds is read from the documents' own texts (brute force)."""

from __future__ import annotations

from pathlib import Path

import pytest

from search import SearchRequest, open_searcher
from search.highlight import find_marks
from search.long_passages import LONG_UNIT, bounded_passages
from tests.conftest import index_of_docs, normalized_texts
from tests.laws import (
    ANNUAL_LEAVE,
    ANNUAL_LEAVE_MEASURES,
    ARBITRATION_LAW,
    CONTRACT_LAW,
    CONTRACT_REGULATION,
    LABOUR_DISPUTES_1,
    LABOUR_LAW,
)
from tests.reports import BEIJING_REPORT_2026, GOV_REPORT_2019, HARBIN_REPORT

REPORTS = [
    "gov-reports/2014-国务院政府工作报告.txt",
    GOV_REPORT_2019,
    "provincial-reports/2026-湖北省.txt",
    BEIJING_REPORT_2026,
    "provincial-reports/2026-重庆市.txt",
    "provincial-reports/2026-海南省.txt",
    HARBIN_REPORT,
]
LAWS = [
    CONTRACT_LAW,
    LABOUR_LAW,
    ARBITRATION_LAW,
    CONTRACT_REGULATION,
    ANNUAL_LEAVE,
    ANNUAL_LEAVE_MEASURES,
    LABOUR_DISPUTES_1,
]
DOCS = LAWS + REPORTS


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    tmp_path: Path = tmp_path_factory.mktemp("question-pieces")
    return index_of_docs(tmp_path, DOCS)


def test_a_string_without_its_own_question_word_is_part_of_the_question(config):
    # 吗 stands in the second string; the first, found nowhere as typed, is a sentence of
    # the same question: its single characters (可, 还, 没 …) are not required.
    first = "合同到期了可服务期还没满"
    with open_searcher(config) as searcher:
        texts = normalized_texts(searcher, DOCS)
        assert not any(first in t for t in texts.values())
        assert (
            "服务期" in texts[CONTRACT_REGULATION] and "劳动合同期满" in texts[CONTRACT_REGULATION]
        )
        question = searcher.search(SearchRequest(q=f"{first} 我能走吗", per_page=20))
        ids = [h.id for h in question.hits]
        assert CONTRACT_REGULATION in ids[:3]
        assert set("可还没") <= set(question.dropped)  # shown under 未包含
        # Typed alone, without a question, the same string still needs its words.
        statement = searcher.search(SearchRequest(q=first, per_page=20))
        must = [c for c in "可还没满" if c not in statement.dropped]
        complete = [h.id for h in statement.hits]
        if statement.partial is not None:
            complete = complete[: statement.partial.complete]
        hit_texts = normalized_texts(searcher, complete)
        assert must and all(all(c in t for c in must) for t in hit_texts.values())


def test_a_string_relaxed_whole_does_not_bring_back_an_everyday_word(config):
    # 不让 is in no law: left out. The rest of 年假不让休钱也不给 is 年假 (年休假 in the laws),
    # the question's subject: relaxing the question must not drop that string whole because,
    # evaluated whole, it required 不让 again.
    q = "年假不让休钱也不给 单位要受什么处罚"
    with open_searcher(config) as searcher:
        texts = normalized_texts(searcher, DOCS)
        assert not any("不让" in texts[d] for d in LAWS)
        assert any("不让" in texts[d] for d in REPORTS)
        result = searcher.search(SearchRequest(q=q, per_page=20))
        assert "不让" in result.dropped
        assert "年假不让休钱也不给" not in result.dropped
        ids = [h.id for h in result.hits]
        forms = ("年假", "年休假")
        hit_texts = normalized_texts(searcher, ids)
        held = [any(f in hit_texts[d] for f in forms) for d in ids]
        # Every hit holding the subject comes before any that lacks it (those of a further
        # relaxed form listed with the best one, the nineteenth round), and 未包含 of the
        # partial matches names the string such a hit lacks.
        assert held and held[0] and held == sorted(held, reverse=True)
        if not all(held):
            assert result.partial is not None and "年假不让休钱也不给" in result.partial.dropped
            assert held.index(False) >= result.partial.complete
        assert ANNUAL_LEAVE in ids[:3]
        # Every document holding the subject and 处罚 is found (brute force over the texts).
        expected = {d for d, t in texts.items() if any(f in t for f in forms) and "处罚" in t}
        assert expected <= set(ids)


def test_a_string_after_one_that_found_nothing_is_read_too(config):
    # The query's evaluation stops at the first string that finds nothing; the second
    # (我能要点补偿: 要点 is in no law) was then taken for a term found as typed and kept
    # whole. It fell back like the first, and its everyday word is left out.
    q = "公司中途说不用我竞业限制了 我能要点补偿吗"
    with open_searcher(config) as searcher:
        texts = normalized_texts(searcher, DOCS)
        assert not any("我能要点补偿" in t for t in texts.values())
        assert not any("要点" in texts[d] for d in LAWS)
        assert any("要点" in texts[d] for d in REPORTS)
        result = searcher.search(SearchRequest(q=q, per_page=20))
        assert {"要点", "不用"} <= set(result.dropped)
        ids = [h.id for h in result.hits]
        assert any(d in LAWS for d in ids[:3])


def test_a_long_section_is_judged_by_its_paragraphs():
    # Two paragraphs of one long section: each holds one concept; the section holds both.
    first = "职工申请仲裁。" + "甲" * (LONG_UNIT // 2)
    second = "他替同事去了。" + "乙" * (LONG_UNIT // 2)
    body = first + "\n" + second
    literals = ["仲裁", "替"]
    marks = find_marks(body, literals)
    concepts = {w: w for w in literals}
    whole = {0: ({"仲裁", "替"}, len(marks))}
    bounded = bounded_passages(body, [0], [len(body)], marks, whole, concepts)
    assert sorted(sorted(held) for held, _ in bounded.values()) == [["仲裁"], ["替"]]
    # A short unit (an article) is judged whole.
    short = body[:40] + "\n" + body[len(first) + 1 : len(first) + 20]
    marks = find_marks(short, literals)
    assert bounded_passages(short, [0], [len(short)], marks, whole, concepts) == whole


def test_a_law_article_outranks_words_scattered_over_a_report_section(config):
    # 让我哥替我去仲裁行不行: every word but 仲裁 is left out, yet a report's long section
    # holding 仲裁, 去 and 替 paragraphs apart outscored the arbitration law's articles.
    q = "让我哥替我去仲裁行不行"
    with open_searcher(config) as searcher:
        result = searcher.search(SearchRequest(q=q, per_page=10))
        ids = [h.id for h in result.hits]
        assert "仲裁" not in result.dropped and ids
        assert ids[0] in LAWS
        assert ARBITRATION_LAW in ids[:3]


def test_a_yes_or_no_question_of_one_character_is_a_question_word(config):
    # 还发不发工资 asks whether wages are paid; read as words it held 不发工资, the everyday
    # term for wages not paid, and searched its legal forms (拖欠工资 …).
    q = "劳动合同中止那段时间公司还发不发工资"
    with open_searcher(config) as searcher:
        result = searcher.search(SearchRequest(q=q, per_page=10))
        # The question is 不发; 发, what it asks about, stays with 工资 (seventeenth round).
        assert "不发" in result.question_words and "不发" in result.dropped
        assert "发不发" not in result.question_words
        assert all(word != "不发工资" for word, _ in result.expansions)
        assert not any("不发工资" in lit for lit in result.highlight_terms)
        # A listed question word of the same shape is unchanged; a word holding 不 is not one.
        listed = searcher.search(SearchRequest(q="试用期能不能辞退", per_page=10))
        assert listed.question_words == ["能不能"]
        plain = searcher.search(SearchRequest(q="不得 不", per_page=10))
        assert plain.question_words == []
