"""Issue 11, third round: the article that answers a question. A question asking for a
quantity (多少天, 几年, 多久) prefers the article stating one beside the query's words; what
is left of a question once its question words are out is a sentence whose words are looked
for one by one. Expectations computed from the stored texts."""

from __future__ import annotations

import re

from search import SearchRequest
from search.highlight import find_marks
from search.quantity import QUANTITY, asked
from search.unit_hits import unit_concepts, with_quantity
from tests.laws import ANNUAL_LEAVE, CONTRACT_LAW, WOMEN_WORKERS
from tests.search.conftest import NUMBER_OF_DAYS, articles_stating_days, contains


def search(searcher, q):
    return searcher.search(SearchRequest(q=q, per_page=100))


def hit_of(result, doc_id):
    return next(h for h in result.hits if h.id == doc_id)


def test_what_a_question_asks_for():
    assert "天" in asked("女职工产假多少天").units
    assert asked("竞业限制 最长几年").units == "年"
    assert "小时" in asked("每天工作几个小时").units
    assert "人" in asked("多少人可以成立工会").units
    time = asked("试用期最长多久").units
    assert all(u in time for u in "天月年")
    assert asked("每月多少").units == ""  # some amount, any unit
    assert asked("加班费怎么算") is None and asked("工会经费") is None


def test_quantities_are_numbers_with_the_unit_asked_never_dates(shipped_searcher):
    law = shipped_searcher.document(CONTRACT_LAW)
    spans = asked("几年").spans(law.text)
    found = [law.text[s:e] for s, e in spans]
    assert "二年" in found  # 第二十四条: 竞业限制期限，不得超过二年
    assert all(t.endswith("年") for t in found)
    # The dates of the law's enactment (2007年6月29日) are no quantity of years.
    assert "2007年" in law.text and not any(re.fullmatch(r"\d{4}年", t) for t in found)
    days = [law.text[s:e] for s, e in asked("多少天").spans(law.text)]
    assert days and all(t[-1] in "天日" for t in days)


def test_a_quantity_counts_only_in_a_clause_holding_the_query_words(shipped_searcher):
    law = shipped_searcher.document(ANNUAL_LEAVE)
    marks = find_marks(law.text, ["年休假"])
    found = unit_concepts(law.text, law.units, marks, {})
    weights = with_quantity(law.text, law.units, marks, found, asked("几天"), {"年休假": 2.0})
    assert weights[QUANTITY] == 1.0  # half the best concept
    holding = {law.units[i].label for i, (cs, _) in found.items() if QUANTITY in cs}
    expected = articles_stating_days(law, "年休假")
    assert holding == expected and "第三条" in holding
    # 第四条 states days (请事假累计20天以上) but not beside 年休假: it gains nothing.
    art4 = next(u for u in law.units if u.label == "第四条")
    assert NUMBER_OF_DAYS.search(law.text[art4.start : art4.end]) and "第四条" not in holding


def test_a_question_for_days_shows_the_article_stating_them(shipped_searcher):
    result = search(shipped_searcher, "年休假有几天")
    assert hit_of(result, ANNUAL_LEAVE).units[0].label == "第三条"


def test_the_words_left_of_a_question_are_looked_for_one_by_one(shipped_searcher):
    law = shipped_searcher.document(WOMEN_WORKERS)
    art7 = next(u for u in law.units if u.label == "第七条")
    text7 = law.text[art7.start : art7.end]
    # The case: 第七条 answers, holding 女职工 and 产假 apart but never the typed string.
    assert "女职工" in text7 and "产假" in text7 and "女职工产假" not in text7
    result = search(shipped_searcher, "女职工产假多少天")
    assert {"女职工", "产假"} <= set(result.highlight_terms)
    assert "女职工产假" not in result.highlight_terms
    assert hit_of(result, WOMEN_WORKERS).units[0].label == "第七条"


def test_a_string_typed_as_a_term_stays_whole(shipped_searcher, all_documents):
    # Without question words the string means that string (Ctrl-F), marks included.
    result = search(shipped_searcher, "女职工产假")
    assert "女职工产假" in result.highlight_terms and "产假" not in result.highlight_terms
    holding = sum(contains(d, "女职工产假") for d in all_documents)
    complete = result.partial.complete if result.partial is not None else result.total
    assert complete == holding
    # A term typed on its own beside a question keeps its words together.
    result = search(shipped_searcher, "竞业限制 最长几年")
    assert "竞业限制" in result.highlight_terms and "竞业" not in result.highlight_terms


def test_a_question_does_not_require_its_words_that_say_nothing(shipped_searcher, all_documents):
    q = "公司可以从工资里扣钱吗"
    result = search(shipped_searcher, q)
    # The case: the string occurs nowhere; 可以 is in more than half the documents.
    assert not any(contains(d, q[:-1]) for d in all_documents)
    assert sum(contains(d, "可以") for d in all_documents) > len(all_documents) / 2
    for word in ("可以", "从", "里"):  # said aloud, never required: shown as left out
        assert word in result.dropped
        assert all(word not in parts for _, parts in result.fallback)
    ids = {h.id for h in result.hits}
    without = {d.id for d in all_documents if contains(d, "克扣") and not contains(d, "里")}
    assert without and without <= ids  # 扣钱's form 克扣 found, 里 not required


def test_a_term_found_nowhere_as_typed_needs_all_its_words(shipped_searcher, all_documents):
    result = search(shipped_searcher, "实施工会法办法")
    [(word, parts)] = result.fallback
    assert word == "实施工会法办法" and {"实施", "工会法", "办法"} <= set(parts)
    holding = {d.id for d in all_documents if all(contains(d, p) for p in parts)}
    assert {h.id for h in result.hits} == holding


def test_the_unit_snippet_shows_the_clause_stating_the_quantity(shipped_searcher):
    law = shipped_searcher.document(CONTRACT_LAW)
    art = next(u for u in law.units if u.label == "第二十四条")
    text = law.text[art.start : art.end]
    # The case: the article's first 100 characters never reach its 二年.
    assert "二年" in text and "二年" not in text[:100]
    result = search(shipped_searcher, "竞业限制 最长几年")
    unit = next(u for u in hit_of(result, CONTRACT_LAW).units if u.label == "第二十四条")
    shown = re.sub(r"<[^>]+>", "", unit.snippet_html)
    assert "二年" in shown and shown.startswith("…")
    assert "<mark>竞业限制</mark>" in unit.snippet_html  # the query word beside it
