"""Issuer inference never takes a fragment of a sentence for a name."""

from __future__ import annotations

from indexer.metadata import infer_issuer
from tests.conftest import CORPUS_DOCS
from tests.reports import HARBIN_REPORT

REPORT = CORPUS_DOCS / HARBIN_REPORT


def _from(sentence_start: str) -> str:
    """The real report text from ``sentence_start`` on."""
    text = REPORT.read_text("utf-8")
    at = text.index(sentence_start)
    return text[at : at + 400]


def test_a_verb_before_shi_is_not_a_city(resources):
    # "加大市总工会小额贷款担保力度": 加大 is a verb; the body means the city's federation.
    body = _from("加大市总工会小额贷款担保力度")
    issuer = infer_issuer("", body, resources.gazetteer)
    assert issuer != "加大市总工会"
    assert issuer == resources.gazetteer.home_city + "总工会"


def test_an_unknown_place_in_a_title_is_kept(resources):
    assert infer_issuer("绍兴市总工会召开全委会", "", resources.gazetteer) == "绍兴市总工会"


def test_a_district_union_gets_its_district_or_nothing(resources):
    g = resources.gazetteer
    # Named in the text: the district the text is about.
    body = "香坊区总工会在香坊区各街道开展送温暖活动。区总工会走访慰问困难职工。"
    assert infer_issuer("区总工会开展送温暖活动", body, g) == "香坊区总工会"
    # Not named anywhere: no issuer rather than a bare 区总工会.
    assert infer_issuer("区总工会开展送温暖活动", "区总工会走访慰问困难职工。", g) == ""
    assert infer_issuer("", "各区总工会要加强帮扶。", g) == ""
