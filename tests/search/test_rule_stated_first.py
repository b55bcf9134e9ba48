"""Issue 11, twenty-fourth round: for a question, a document that states no rule (a work
report, news, a labour case told as a question and its answer) counts a concept it holds
only through the laws' wording (a lay term's form, never the word typed) at BRIDGED of its
weight (``search.passages.through_laws_wording``). On the shipped corpus's index, with
questions no judged query types."""

from __future__ import annotations

import pytest

from indexer.levels import OTHER
from search import SearchRequest
from search.concepts import concept_map
from search.passages import BRIDGED, through_laws_wording
from tests.laws import CONTRACT_LAW, LABOUR_LAW

# A labour case on overtime pay waived by agreement: its title and text hold those words.
WAIVER_CASE = "laws/labour-cases/0149-劳动者与用人单位订立放弃加班费协议，能否主张加班费.txt"


@pytest.mark.parametrize(
    "query",
    [
        # Overtime refused and counted as absence (旷工 → 规章制度, 劳动纪律; 老板 → 用人单位):
        # labour cases whose titles name 规章制度 and 加班 led; the labour law and the
        # contract law state the rule on overtime (协商, 不得强迫).
        "老板非让加班 不去就记旷工",
        "不加班就按旷工处理 老板能这样吗",
    ],
)
def test_the_laws_stating_the_rule_come_before_cases_naming_its_forms(shipped_searcher, query):
    result = shipped_searcher.search(SearchRequest(q=query, per_page=5))
    first = [h.id for h in result.hits[:2]]
    assert set(first) == {LABOUR_LAW, CONTRACT_LAW}, first
    assert OTHER not in {h.level for h in result.hits[:3]}


def test_a_case_holding_the_words_typed_still_answers_first(shipped_searcher):
    # The worker's own words (放弃, 协议, 加班费) are the case's: it counts in full.
    result = shipped_searcher.search(
        SearchRequest(q="跟公司签过放弃加班费的协议 现在还能讨加班费吗", per_page=5)
    )
    assert result.hits[0].id == WAIVER_CASE


def test_only_concepts_held_through_a_form_alone_count_less():
    concepts = concept_map(["旷工", "规章制度", "加班"], [("旷工", ["规章制度"])])
    weights = {"旷工": 2.0, "加班": 1.0}
    title = "用人单位以规章制度形式否认劳动者加班事实是否有效"
    literals = ["旷工", "规章制度", "加班"]
    # The form alone (in the title): 旷工's weight is cut, 加班 (typed) is not.
    assert through_laws_wording(title, "", [], literals, concepts, weights) == {
        "旷工": 2.0 * BRIDGED,
        "加班": 1.0,
    }
    # The word typed found in the body as well: every weight in full.
    body = "劳动者旷工三日"
    assert through_laws_wording(title, body, [(3, 5)], literals, concepts, weights) == weights
