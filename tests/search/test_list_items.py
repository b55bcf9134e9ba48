"""Issue 11, fifteenth round: a query concept an article holds only inside the items it lists
as conditions (有下列情形之一的…：（一）在试用期间被证明不符合录用条件的) counts less when a
document's articles are ranked, so the article about it comes first; an item that is itself
the answer, and an article whose head holds nothing of its own, keep their words whole.
Real shipped laws in a small real index."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from search import SearchRequest, open_searcher
from search.highlight import find_marks
from search.list_items import item_spans, items_only
from tests.conftest import index_of_docs

CONTRACT_LAW = "laws/national-laws/0158-中华人民共和国劳动合同法.txt"
LABOUR_LAW = "laws/national-laws/0159-中华人民共和国劳动法.txt"
IMPLEMENTING = "laws/state-council-regulations/0167-中华人民共和国劳动合同法实施条例.txt"


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    tmp_path: Path = tmp_path_factory.mktemp("items")
    return index_of_docs(tmp_path, [CONTRACT_LAW, LABOUR_LAW, IMPLEMENTING])


@pytest.fixture(scope="module")
def contract_text(config) -> str:
    with open_searcher(config) as searcher:
        return searcher.document(CONTRACT_LAW).text


def _article(text: str, label: str) -> str:
    """The article ``label`` of a law's text: from its line to the next article's."""
    found = re.search(rf"^{label}\s.*?(?=^第[零一二三四五六七八九十百]+条\s|\Z)", text, re.M | re.S)
    assert found is not None
    return found.group()


def _only(article: str, literals: list[str]) -> set[str]:
    """``items_only`` over one article, each literal its own concept."""
    marks = find_marks(article, literals)
    found = {0: ({article[s:e] for s, e in marks}, len(marks))}
    concepts = {w: w for w in literals}
    span = (0, len(article))
    return items_only(article, marks, lambda i: span, found, lambda i: True, concepts).get(0, set())


def test_items_are_the_numbered_lines_up_to_their_end(contract_text):
    article = _article(contract_text, "第三十九条")
    spans = item_spans(article, 0, len(article))
    items = [article[a:b] for a, b in spans]
    numbered = re.findall(r"^（[一二三四五六七八九十]+）[^\n]*?(?=[；。]|$)", article, re.M)
    assert len(items) == 6 and items == numbered
    assert items[0] == "（一）在试用期间被证明不符合录用条件的"
    # The head is no item: it states what the items are conditions of.
    assert all("可以解除劳动合同" not in item for item in items)
    # Items listed on one line after a colon are found too, each up to its ；.
    inline = "有下列情形之一的：（一）甲方违约的；（二）乙方违约的。"
    assert [inline[a:b] for a, b in item_spans(inline, 0, len(inline))] == [
        "（一）甲方违约的",
        "（二）乙方违约的",
    ]


def test_a_concept_named_only_in_a_condition_item_is_told_apart(contract_text):
    article = _article(contract_text, "第三十九条")
    head = article[: article.index("（一）")]
    assert "试用期" not in head and "解除劳动合同" in head
    assert _only(article, ["试用期", "解除劳动合同"]) == {"试用期"}
    # Named in the head too, it is the article's own concept.
    plain = article.replace("劳动者有下列", "试用期内劳动者有下列", 1)
    assert _only(plain, ["试用期", "解除劳动合同"]) == set()


def test_an_item_holding_several_query_concepts_of_its_own_is_the_answer(contract_text):
    article = _article(contract_text, "第四十条")
    first = article[article.index("（一）") : article.index("（二）")]
    assert "患病" in first and "医疗期" in first
    assert _only(article, ["患病", "解除劳动合同"]) == {"患病"}
    assert _only(article, ["患病", "医疗期", "解除劳动合同"]) == set()
    # Single characters do not make an item the answer.
    assert "伤" in first and article.count("伤") == first.count("伤")
    assert _only(article, ["患病", "伤", "解除劳动合同"]) == {"患病", "伤"}


def test_a_head_holding_nothing_of_its_own_has_no_conditions(contract_text):
    article = _article(contract_text, "第三十八条")
    head = article[: article.index("（一）")]
    assert "用人单位" in head and "社会保险费" not in head
    assert _only(article, ["社会保险费", "用人单位"]) == {"社会保险费"}
    # When half the matched articles hold 用人单位, it says nothing of this one's head.
    literals = ["社会保险费", "用人单位"]
    other = _article(contract_text, "第四条")
    assert "用人单位" in other and "社会保险费" not in other
    text = article + other
    marks = find_marks(text, literals)
    cut = len(article)
    spans = {0: (0, cut), 1: (cut, len(text))}
    found = {
        i: ({text[s:e] for s, e in marks if a <= s < b}, sum(a <= s < b for s, _ in marks))
        for i, (a, b) in spans.items()
    }
    concepts = {w: w for w in literals}
    assert items_only(text, marks, spans.__getitem__, found, lambda i: True, concepts) == {}


def test_the_article_about_the_concept_is_the_best_unit(config, contract_text):
    with open_searcher(config) as searcher:
        result = searcher.search(SearchRequest(q="试用期 用人单位 解除劳动合同"))
    # Both hold 试用期 and 用人单位 and 解除劳动合同; 第三十九条 holds them more often, but
    # names 试用期 only in a condition it lists.
    listing, rule = _article(contract_text, "第三十九条"), _article(contract_text, "第二十一条")
    for word in ("试用期", "用人单位", "解除劳动合同"):
        assert word in listing and word in rule
    assert listing.count("用人单位") > rule.count("用人单位")
    hit = next(h for h in result.hits if h.id == CONTRACT_LAW)
    assert hit.units[0].label == "第二十一条"


def test_a_condition_that_is_the_case_asked_keeps_its_list_article_first(config):
    with open_searcher(config) as searcher:
        insurance = searcher.search(SearchRequest(q="公司不给交社保怎么办"))
        illness = searcher.search(SearchRequest(q="生病 期间 辞退"))
    # 第三十八条's head holds only 用人单位, held by most of the law's articles.
    hit = next(h for h in insurance.hits if h.id == CONTRACT_LAW)
    assert hit.units[0].label == "第三十八条"
    # 第四十二条's head names 解除劳动合同 only while citing 第四十条: its items are what it says.
    hit = next(h for h in illness.hits if h.id == CONTRACT_LAW)
    assert hit.units[0].label == "第四十二条"
