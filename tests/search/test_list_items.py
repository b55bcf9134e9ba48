"""Issue 11, fifteenth round: a query concept an article holds only inside the items it lists
as conditions (有下列情形之一的…：（一）在试用期间被证明不符合录用条件的) counts less when a
document's articles are ranked, so the article about it comes first; an item that is itself
the answer, and an article whose head holds nothing of its own, keep their words whole.
Real shipped laws in a small real index."""

from __future__ import annotations

import random
import re

import pytest

from indexer.units import split_units
from search import SearchRequest, open_searcher
from search.cited_clauses import cited_only
from search.highlight import find_marks
from search.list_items import NUMBERED, _runs, item_spans, items_only
from tests.laws import CONTRACT_LAW
from tests.search.conftest import article_text


@pytest.fixture(scope="module")
def contract_text(contract_laws) -> str:
    with open_searcher(contract_laws) as searcher:
        return searcher.document(CONTRACT_LAW).text


def _only(articles: list[str], literals: list[str]) -> dict[int, set[str]]:
    """``items_only`` over articles laid end to end, each literal its own concept."""
    text = "".join(articles)
    bounds = [0]
    for article in articles:
        bounds.append(bounds[-1] + len(article))
    marks = find_marks(text, literals)
    found = {}
    for i, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False)):
        inside = [(s, e) for s, e in marks if a <= s < b]
        if inside:
            found[i] = ({text[s:e] for s, e in inside}, len(inside))
    concepts = {w: w for w in literals}
    span = dict(enumerate(zip(bounds, bounds[1:], strict=False)))
    return items_only(text, marks, span.__getitem__, found, lambda i: True, concepts)


# A head stating what the articles under test name in their items (made up, one sentence).
STATING = (
    "第九十九条 劳动者在试用期内患病、负伤或者医疗期内，用人单位解除劳动合同、"
    "缴纳社会保险费的，依照本法规定。\n"
)


def test_items_are_the_numbered_lines_up_to_their_end(contract_text):
    article = article_text(contract_text, "第三十九条")
    items = [article[a:b] for a, b in item_spans(article, 0, len(article))]
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
    listing = article_text(contract_text, "第三十九条")
    rule = article_text(contract_text, "第二十一条")
    head = listing[: listing.index("（一）")]
    assert "试用期" not in head and "解除劳动合同" in head
    assert "（一）" not in rule and "试用期" in rule
    assert _only([listing, rule], ["试用期", "解除劳动合同"]) == {0: {"试用期"}}
    # Named in the head too, it is the article's own concept.
    plain = listing.replace("劳动者有下列", "试用期内劳动者有下列", 1)
    assert _only([plain, rule], ["试用期", "解除劳动合同"]) == {}
    # No other article states it: the condition is what was asked.
    assert _only([listing], ["试用期", "解除劳动合同"]) == {}


def test_an_item_holding_several_query_concepts_of_its_own_is_the_answer(contract_text):
    article = article_text(contract_text, "第四十条")
    first = article[article.index("（一）") : article.index("（二）")]
    assert "患病" in first and "医疗期" in first
    assert _only([article, STATING], ["患病", "解除劳动合同"]) == {0: {"患病"}}
    assert _only([article, STATING], ["患病", "医疗期", "解除劳动合同"]) == {}
    # Single characters do not make an item the answer.
    assert "伤" in first and article.count("伤") == first.count("伤")
    assert _only([article, STATING], ["患病", "伤", "解除劳动合同"]) == {0: {"患病", "伤"}}


def test_a_head_naming_the_query_only_while_citing_has_no_conditions(contract_text):
    article = article_text(contract_text, "第四十二条")
    head = article[: article.index("（一）")]
    assert "本法第四十条" in head and "解除劳动合同" in head
    literals = ["患病", "解除劳动合同"]
    assert _only([article, STATING], literals) == {0: {"患病"}}
    text = article + STATING
    marks = find_marks(text, literals)
    cut = len(article)
    spans = {0: (0, cut), 1: (cut, len(text))}
    found = {
        i: ({text[s:e] for s, e in marks if a <= s < b}, sum(a <= s < b for s, _ in marks))
        for i, (a, b) in spans.items()
    }
    concepts = {w: w for w in literals}
    cited = cited_only(
        text, marks, lambda p: 0 if p < cut else 1, spans.__getitem__, found, concepts
    )
    assert cited.get(0) == {"解除劳动合同"}
    assert items_only(text, marks, spans.__getitem__, found, lambda i: True, concepts, cited) == {}


def test_a_condition_no_head_states_is_the_case_asked(contract_text):
    article = article_text(contract_text, "第三十八条")
    head = article[: article.index("（一）")]
    assert "用人单位" in head and "社会保险费" not in head
    other = article_text(contract_text, "第四条")
    assert "用人单位" in other and "社会保险费" not in other
    literals = ["社会保险费", "用人单位"]
    assert _only([article, other], literals) == {}
    assert _only([article, other, STATING], literals) == {0: {"社会保险费"}}


def test_the_article_about_the_concept_is_the_best_unit(contract_laws, contract_text):
    with open_searcher(contract_laws) as searcher:
        result = searcher.search(SearchRequest(q="试用期 用人单位 解除劳动合同"))
    # Both hold 试用期 and 用人单位 and 解除劳动合同; 第三十九条 holds them more often, but
    # names 试用期 only in a condition it lists.
    listing = article_text(contract_text, "第三十九条")
    rule = article_text(contract_text, "第二十一条")
    for word in ("试用期", "用人单位", "解除劳动合同"):
        assert word in listing and word in rule
    assert listing.count("用人单位") > rule.count("用人单位")
    hit = next(h for h in result.hits if h.id == CONTRACT_LAW)
    assert hit.units[0].label == "第二十一条"


def test_a_condition_that_is_the_case_asked_keeps_its_list_article_first(contract_laws):
    with open_searcher(contract_laws) as searcher:
        insurance = searcher.search(SearchRequest(q="公司不给交社保怎么办"))
        illness = searcher.search(SearchRequest(q="生病 期间 辞退"))
    # 第三十八条's head holds only 用人单位, held by most of the law's articles.
    hit = next(h for h in insurance.hits if h.id == CONTRACT_LAW)
    assert hit.units[0].label == "第三十八条"
    # 第四十二条's head names 解除劳动合同 only while citing 第四十条: its items are what it says.
    hit = next(h for h in illness.hits if h.id == CONTRACT_LAW)
    assert hit.units[0].label == "第四十二条"


def _items_in(text: str, articles: list[tuple[int, int, int]], spans) -> list[int]:
    """The starts of the items in ``spans`` that start inside one of ``articles``."""
    return sorted(
        m.start()
        for a, b in spans
        for m in NUMBERED.finditer(text, a, b)
        if any(s <= m.start() < e for _, s, e in articles)
    )


@pytest.mark.parametrize("run_on", [False, True])
def test_items_read_per_run_of_articles_are_those_of_one_pass(contract_text, run_on):
    """The matched articles' items are read in runs of articles (not over the articles
    between them): exactly the items one pass from the first to the last finds in them,
    also where an article does not start after a line, clause or sentence end."""
    text = contract_text
    articles = [(i, u.start, u.end) for i, u in enumerate(split_units(text)) if u.kind == "条"]
    assert len(articles) > 50
    if run_on:  # articles run on after text ending in no break (…（一）甲续第二条（二）乙)
        chars = list(text)
        for _, a, _ in articles:
            chars[a - 2 : a] = "续续"
        text = "".join(chars)
    rng = random.Random(7)
    seen = 0
    for _ in range(40):
        chosen = rng.sample(articles, rng.randrange(2, 12))
        lo, hi = min(a for _, a, _ in chosen), max(b for _, _, b in chosen)
        expected = _items_in(text, chosen, [(lo, hi)])
        assert _items_in(text, chosen, _runs(text, chosen)) == expected
        seen += len(expected)
    assert seen > 40  # the contract law lists cases in many articles


def test_an_item_running_into_the_next_article_hides_its_number_as_one_pass_does():
    """An item of an article between two matched ones that does not end before the next
    article (no line, clause or sentence end between) runs on into it, as in one pass
    over all three: the number it swallows is not an item of the matched article."""
    first = "第一条 有下列情形之一的：\n（一）甲。\n"
    second = "第二条 （二）乙丙"
    third = "第三条 （三）丁。\n"
    text = first + second + third
    a, b = len(first), len(first) + len(second)
    matched = [(0, 0, a), (2, b, len(text))]
    one_pass = [m.start() for m in NUMBERED.finditer(text, 0, len(text))]
    assert one_pass == [text.index("（一）"), text.index("（二）")]
    assert _items_in(text, matched, _runs(text, matched)) == [text.index("（一）")]
