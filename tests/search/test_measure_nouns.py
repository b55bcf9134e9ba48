"""Issue 11, eighth round: a noun naming a measure (天数, 期限, 年限) asks for a quantity as
多少天 does, and the article stating one holds the noun's concept though it never says the
noun. Expectations from the stored text of shipped documents."""

from __future__ import annotations

from search import SearchRequest
from search.highlight import find_marks
from search.quantity import QUANTITY, asked
from search.quantity_passage import with_quantity_concept
from search.unit_hits import rank_units, unit_concepts, with_quantity
from tests.laws import ANNUAL_LEAVE
from tests.search.conftest import NUMBER_OF_DAYS, articles_stating_days


def test_a_noun_naming_a_measure_asks_for_it():
    days = asked("年休假 天数")
    assert days is not None and days.nouns == ("天数",) and set(days.units) == set("天日")
    term = asked("竞业限制 期限")
    assert term is not None and all(u in term.units for u in "天月年")
    # A question word and a noun together: the units of both, the noun kept.
    both = asked("竞业限制期限是几年")
    assert both is not None and both.nouns == ("期限",) and "年" in both.units
    # A noun inside a longer term asks nothing: 无固定期限劳动合同 is an open-ended contract.
    assert asked("无固定期限劳动合同") is None
    assert asked("什么情况签无固定期限劳动合同") is None
    inside = asked("工作年限满几年")  # 几年 asks; 年限 inside 工作年限满 is no noun of it
    assert inside is not None and inside.nouns == () and inside.units == "年"
    # Words naming no measure ask for nothing (标准 of 最低工资标准 is a rule's name).
    assert asked("工会经费") is None and asked("最低工资标准") is None


def test_the_article_stating_the_days_holds_the_noun(shipped_searcher):
    law = shipped_searcher.document(ANNUAL_LEAVE)
    words = ["年休假", "天数"]
    marks = find_marks(law.text, words)
    found = unit_concepts(law.text, law.units, marks, {})
    label = {i: u.label for i, u in enumerate(law.units)}
    third = next(i for i, u in enumerate(law.units) if u.label == "第三条")
    # 第三条 (年休假5天) never says 天数; other articles say both words and state no days.
    assert "天数" not in law.text[law.units[third].start : law.units[third].end]
    assert found[third][0] == {"年休假"}
    naming = {label[i] for i, (cs, _) in found.items() if cs == set(words)}
    assert naming and "第三条" not in naming
    assert label[rank_units(law.units, found, {"年休假": 3.0, "天数": 2.0})[0][0]] in naming

    weights = with_quantity(
        law.text, law.units, marks, found, asked("年休假 天数"), {"年休假": 3.0, "天数": 2.0}
    )
    stating = {label[i] for i, (cs, _) in found.items() if QUANTITY in cs}
    assert stating == articles_stating_days(law, "年休假") and "第三条" in stating
    assert all("天数" in found[i][0] for i in found if label[i] in stating)
    assert label[rank_units(law.units, found, weights)[0][0]] == "第三条"


def test_the_best_passage_counts_the_noun_too():
    found = {0: ({"年休假"}, 3), 1: ({"年休假", "天数"}, 4)}
    weights = {"年休假": 3.0, "天数": 2.0}
    out, w = with_quantity_concept(found, {0}, weights, ("天数",))
    assert out[0][0] == {"年休假", "天数", QUANTITY} and out[1] == found[1]
    assert w[QUANTITY] == 1.5 and found[0][0] == {"年休假"}  # the caller's stay as read
    # A noun that is no concept of the query (not weighed) is not added.
    out, _ = with_quantity_concept(found, {0}, {"年休假": 3.0}, ("天数",))
    assert out[0][0] == {"年休假", QUANTITY}


def test_a_search_for_the_days_shows_the_article_stating_them(shipped_searcher):
    result = shipped_searcher.search(SearchRequest(q="年休假 天数", per_page=20))
    hit = next(h for h in result.hits if h.id == ANNUAL_LEAVE)
    assert hit.units[0].label == "第三条"
    assert NUMBER_OF_DAYS.search(hit.units[0].snippet)
