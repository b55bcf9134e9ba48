"""Issue 11, ninth round: which article of a found law a question's hit shows. A single
character counts for an article only beside the query's longer words
(``search.single_chars``); the part of a question that asks comes before the situation
told with it (``search.asked_part``). Expectations from the stored texts."""

from __future__ import annotations

import re

from search import SearchRequest
from search.asked_part import asked_concepts
from search.concepts import concept_map
from search.highlight import find_marks
from search.single_chars import REACH, lone_characters
from search.unit_hits import innermost, rank_units, unit_concepts
from tests.laws import CONTRACT_LAW, SAFETY_LAW, UNION_LAW
from tests.search.conftest import article_of


def _beside(text: str, char: str, words: list[str]) -> bool:
    """Independently of the engine: does ``char`` stand within REACH characters of one of
    ``words`` in one sentence of ``text``?"""
    for sentence in re.split(r"[。；;！？!?\n]", text):
        for m in re.finditer(re.escape(char), sentence):
            for w in words:
                for n in re.finditer(re.escape(w), sentence):
                    if max(n.start() - m.end(), m.start() - n.end()) <= REACH:
                        return True
    return False


def _found(doc, literals):
    concepts = concept_map(literals, [])
    marks = find_marks(doc.text, literals)
    found = unit_concepts(doc.text, doc.units, marks, concepts)
    starts = [u.start for u in doc.units]
    lone = lone_characters(
        doc.text, marks, concepts, found, lambda p: innermost(doc.units, starts, p)
    )
    return found, lone


def _shown_article(searcher, q: str, doc_id: str) -> str:
    """The label of the article the hit for ``doc_id`` shows first for ``q``."""
    hit = next(h for h in searcher.search(SearchRequest(q=q)).hits if h.id == doc_id)
    return hit.units[0].label.split()[0]


def test_a_lone_character_no_longer_tips_the_choice(shipped_searcher):
    law = shipped_searcher.document(SAFETY_LAW)
    words = ["工伤", "保险"]  # the words the question's hits are found by
    rule, other = article_of(law, "第五十一条"), article_of(law, "第五十二条")
    # Independently: both articles hold 工伤保险; only 第五十二条 holds 不 (不得以任何形式),
    # and nowhere beside 工伤 or 保险; 第五十一条 repeats the words more than 第五十二条
    # holds them and 不 together.
    assert all(w in rule and w in other for w in words)
    assert "不" not in rule and "不" in other and not _beside(other, "不", words)
    held = sum(rule.count(w) for w in words)
    assert held > sum(other.count(w) for w in [*words, "不"])

    found, lone = _found(law, [*words, "不"])
    by_label = {law.units[i].label.split()[0]: i for i in found}
    assert lone.get(by_label["第五十二条"]) == {"不"}
    without = {i: (cs - lone.get(i, set()), n) for i, (cs, n) in found.items()}
    ranked = [law.units[i].label.split()[0] for i, _, _ in rank_units(law.units, without)]
    assert ranked.index("第五十一条") < ranked.index("第五十二条")

    assert _shown_article(shipped_searcher, "厂里不给买工伤保险", SAFETY_LAW) == "第五十一条"


def test_a_character_beside_the_query_words_still_counts(shipped_searcher):
    law = shipped_searcher.document(UNION_LAW)
    words = ["工会经费", "单位"]
    article = article_of(law, "第四十四条")  # 拒不拨缴工会经费
    assert _beside(article, "不", words)
    found, lone = _found(law, [*words, "不"])
    by_label = {law.units[i].label.split()[0]: i for i in found}
    assert "不" in found[by_label["第四十四条"]][0]
    assert by_label["第四十四条"] not in lone
    assert _shown_article(shipped_searcher, "单位不交工会经费怎么办", UNION_LAW) == "第四十四条"


def test_a_character_reached_through_a_longer_form_counts(shipped_searcher):
    law = shipped_searcher.document(CONTRACT_LAW)
    literals = ["加班", "钱", "工资"]
    concepts = concept_map(literals, [("钱", ["工资"])])  # 钱 said as 工资
    marks = find_marks(law.text, literals)
    found = unit_concepts(law.text, law.units, marks, concepts)
    starts = [u.start for u in law.units]
    lone = lone_characters(
        law.text, marks, concepts, found, lambda p: innermost(law.units, starts, p)
    )
    # Independently: the articles saying 工资 hold the concept 钱 as a word.
    units = law.units
    saying = {
        i
        for i in found
        if units[i].kind == "条" and "工资" in law.text[units[i].start : units[i].end]
    }
    assert saying and all("钱" in found[i][0] for i in saying)
    assert not any("钱" in lone.get(i, ()) for i in saying)


def test_a_query_of_characters_alone_keeps_them(shipped_searcher):
    law = shipped_searcher.document(UNION_LAW)
    found, lone = _found(law, ["税", "费"])
    assert found and lone == {}


def test_the_part_that_asks_is_told_apart_from_the_situation():
    q = "一年合同试用期定了六个月 多出来的能要赔偿吗"
    concepts = concept_map(["一年", "合同", "试用期", "六个月", "赔偿", "能", "要"], [])
    assert asked_concepts(q, ["吗"], concepts) == {"赔偿"}
    # One piece, no question word, or the question first: nothing apart.
    assert asked_concepts(q.replace(" ", ""), ["吗"], concepts) == frozenset()
    assert asked_concepts(q, [], concepts) == frozenset()
    assert asked_concepts("多出来的能要赔偿吗 试用期", ["吗"], concepts) == frozenset()
    # A word the situation names too is no part of the question alone.
    assert asked_concepts("试用期定了六个月 试用期能要赔偿吗", ["吗"], concepts) == {"赔偿"}
    assert asked_concepts("试用期定了六个月 试用期合法吗", ["吗"], concepts) == frozenset()


def test_the_article_holding_what_is_asked_is_shown(shipped_searcher):
    law = shipped_searcher.document(CONTRACT_LAW)
    situation = ["一年", "试用期", "六个月"]
    rule, penalty = article_of(law, "第十九条"), article_of(law, "第八十三条")
    # Independently: 第十九条 holds every word of the situation and not what is asked;
    # 第八十三条 holds what is asked (赔偿) and fewer of the situation's words.
    assert all(w in rule for w in situation) and "赔偿" not in rule
    assert "赔偿" in penalty and sum(w in penalty for w in situation) < len(situation)
    hit = next(
        h
        for h in shipped_searcher.search(
            SearchRequest(q="一年合同试用期定了六个月 多出来的能要赔偿吗")
        ).hits
        if h.id == CONTRACT_LAW
    )
    assert hit.units[0].label.split()[0] == "第八十三条"
