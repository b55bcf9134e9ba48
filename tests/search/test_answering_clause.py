"""Issue 11, twenty-second round: inside a found law, the article and the clause that answer.

A question asking for a quantity (多久) is answered by the clause stating it; when that
clause opens its article, the article's snippet still shows it (it showed another sentence
holding more of the question's words). A hit's snippet does not show again an article's
opening sentence its best article's snippet shows whole beside the label (the sentence, as
the hit's snippet reads the body, opens with the label). A small real index of shipped
laws.
"""

from __future__ import annotations

import re
from html import unescape

import pytest

from search import SearchRequest, open_searcher
from search.models import UnitHit
from search.shown_once import not_shown, shown_span
from tests.conftest import index_of_docs
from tests.laws import ARBITRATION_LAW, CONTRACT_LAW, LABOUR_LAW

SHANDONG = "laws/local-regulations/0115-山东省劳动合同条例.txt"
TAGS = re.compile(r"<[^>]+>")
# A length of time as the laws state it (一年, 四十五日, 15日).
DURATION = re.compile(r"[0-9一二两三四五六七八九十百]+个?[日天月年]")


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    config = index_of_docs(
        tmp_path_factory.mktemp("answering-clause"),
        [ARBITRATION_LAW, CONTRACT_LAW, LABOUR_LAW, SHANDONG],
    )
    with open_searcher(config) as s:
        yield s


def _best_article(searcher, q: str, law: str) -> tuple:
    """``law``'s hit for ``q``, the plain text of its best article's snippet, and that
    article's opening sentence (read from the document page)."""
    hit = next(h for h in searcher.search(SearchRequest(q=q)).hits if h.id == law)
    best = hit.units[0]
    view = searcher.document(law)
    unit = next(u for u in view.units if u.anchor == best.anchor)
    text = view.text[unit.start : unit.end]
    first = re.split("[。；\n]", text[len(unit.label) :].strip())[0]
    return hit, unescape(TAGS.sub("", best.snippet_html)), first


def test_an_article_opening_with_the_quantity_asked_shows_that_clause(searcher):
    _, shown, first = _best_article(searcher, "过了多久就不能申请仲裁了", ARBITRATION_LAW)
    # The case: the best article's first sentence states the time asked for and holds a
    # word of the question; a later sentence holds more of them.
    assert DURATION.search(first) and ("仲裁" in first or "申请" in first)
    assert shown.lstrip("…").startswith(first[:20])
    assert DURATION.search(shown)


def test_a_snippet_shown_beside_its_label_is_placed_from_the_label(searcher):
    law = searcher.document(CONTRACT_LAW)
    unit = next(u for u in law.units if u.kind == "条" and u.label == "第二十二条")
    text = law.text[unit.start : unit.end]
    after = len(unit.label) + 1  # the label, a space, then the article's text
    assert text.startswith(unit.label) and not text[after].isspace()
    shown = text[after : after + 40]
    hit = UnitHit(label=unit.label, anchor=unit.anchor, snippet_html=shown + "…", matches=1)
    assert shown_span(law.text, hit, law.units).span == (unit.start, unit.start + after + 40)
    other = UnitHit(label="第二十三条", anchor=unit.anchor, snippet_html=shown, matches=1)
    assert shown_span(law.text, other, law.units).span == (
        unit.start + after,
        unit.start + after + 40,
    )


def test_a_hit_does_not_repeat_the_opening_sentence_its_best_article_shows(searcher):
    hit, shown, opening = _best_article(searcher, "劳动合同中止那段时间公司还发不发工资", SHANDONG)
    # The case: the best article's snippet opens with its opening sentence, whole.
    assert shown.startswith(opening)
    snippet = unescape(TAGS.sub("", hit.snippet_html))
    assert opening not in snippet
    assert "<mark>" in hit.snippet_html


def test_the_rest_of_a_long_sentence_shown_cut_is_shown_from_its_clause():
    long = "凡在企业内工作的工人与职员" + "，甲" * 70 + "，其他各项只能领取规定额的半数。"
    body = "第十八条 " + long + "第十九条 短句，也被截断了一些字。"
    start = len("第十八条 ")
    cut = start + 30  # the article's snippet shows 30 characters of the long sentence
    second = body.index("第十九条")
    ranked = [((2,), 0, start + len(long), {"半数"}), ((1,), second, len(body), {"短句"})]
    rest = not_shown(ranked, (0, cut), bool, body, 120)
    clause = body.rfind("，", 0, cut) + 1
    assert rest[0][1:3] == (clause, start + len(long))
    assert rest[1] == ranked[1]
    # A sentence that fits in a fragment is shown whole again (its rest alone would cut it).
    short = [((2,), second, len(body), {"短句"})]
    assert not_shown(short, (second, second + 12), bool, body, 120) == short
    # Without the body (the caller does not say), as before: nothing is cut.
    assert not_shown(ranked, (0, cut), bool) == ranked
