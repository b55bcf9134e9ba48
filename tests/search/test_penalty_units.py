"""Issue 11, fourth round: among a law's articles holding the same query concepts, the rule
comes before the penalty article that restates it. Expectations from the stored text."""

from __future__ import annotations

from indexer.units import Unit, pack_units
from search import SearchRequest
from search.highlight import find_marks
from search.penalty_units import in_penalty_chapter
from search.stored_units import StoredUnits
from search.unit_hits import rank_units, unit_concepts
from tests.laws import CONTRACT_LAW

WORDS = ["扣押", "身份证"]


def _articles_holding(law, words):
    return [
        u.label
        for u in law.units
        if u.kind == "条" and all(w in law.text[u.start : u.end] for w in words)
    ]


def test_penalty_chapter_articles_are_those_under_a_penalty_title(shipped_searcher):
    law = shipped_searcher.document(CONTRACT_LAW)
    chapter = next(u for u in law.units if u.kind == "章" and "法律责任" in u.label)
    inside = {
        i
        for i, u in enumerate(law.units)
        if u.kind == "条" and chapter.start <= u.start < chapter.end
    }
    assert inside and in_penalty_chapter(law.units, range(len(law.units))) == inside


def test_the_rule_ranks_before_the_penalty_restating_it(shipped_searcher):
    law = shipped_searcher.document(CONTRACT_LAW)
    # Independently: 第九条 (the rule) and 第八十四条 (its penalty) both hold both words,
    # the penalty more often, so occurrences alone would put it first.
    assert _articles_holding(law, WORDS)[:2] == ["第九条", "第八十四条"]
    marks = find_marks(law.text, WORDS)
    found = unit_concepts(law.text, law.units, marks, {})
    by_label = {law.units[i].label: (cs, n) for i, (cs, n) in found.items()}
    assert by_label["第九条"][0] == by_label["第八十四条"][0] == set(WORDS)
    assert by_label["第八十四条"][1] > by_label["第九条"][1]

    ranked = [law.units[i].label for i, _, _ in rank_units(law.units, found)]
    assert ranked.index("第九条") < ranked.index("第八十四条")
    hit = next(
        h
        for h in shipped_searcher.search(SearchRequest(q="扣押 身份证")).hits
        if h.id == CONTRACT_LAW
    )
    assert hit.units[0].label == "第九条"


def test_an_article_with_more_concepts_ranks_first_wherever_it_is(shipped_searcher):
    law = shipped_searcher.document(CONTRACT_LAW)
    # 第八十四条 alone holds 扣押 with 档案 (扣押劳动者档案): the penalty article answers.
    words = ["扣押", "档案"]
    assert _articles_holding(law, words) == ["第八十四条"]
    found = unit_concepts(law.text, law.units, find_marks(law.text, words), {})
    assert law.units[rank_units(law.units, found)[0][0]].label == "第八十四条"


def test_penalty_chapters_nested_in_each_other_hold_what_either_spans():
    # A penalty chapter holding a penalty section: an article after the section but still
    # in the chapter is inside (the chapter's end, not the nearest opening's, counts), as
    # are the section's own articles; an article after the chapter and the chapters
    # themselves are not. Stored and made units agree.
    units = [
        Unit(0, "章", "第一章 总则", "c1", 0, 40),
        Unit(1, "条", "第一条", "a1", 5, 40),
        Unit(0, "章", "第二章 法律责任", "c2", 40, 200),
        Unit(1, "节", "第一节 罚则", "s1", 50, 90),
        Unit(2, "条", "第二条", "a2", 55, 90),
        Unit(1, "条", "第三条", "a3", 120, 200),
        Unit(0, "章", "第三章 附则", "c3", 200, 260),
        Unit(1, "条", "第四条", "a4", 205, 260),
    ]
    everything = range(len(units))
    assert in_penalty_chapter(units, everything) == {4, 5}
    assert in_penalty_chapter(StoredUnits(pack_units(units)), everything) == {4, 5}
