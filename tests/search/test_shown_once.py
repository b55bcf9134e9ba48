"""Issue 11, eleventh round: a hit's snippet does not repeat a sentence its best article's
snippet shows whole (``search.shown_once``). Expectations from the stored texts."""

from __future__ import annotations

import re
from html import escape, unescape

from search import SearchRequest
from search.models import UnitHit
from search.shown_once import not_shown, shown_span
from tests.laws import CONTRACT_LAW
from tests.search.conftest import article_of


def _plain(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_shown_span_places_a_unit_snippet_across_a_line_break(shipped_searcher):
    law = shipped_searcher.document(CONTRACT_LAW)
    text = law.text
    article = article_of(law, "第二十二条")
    assert "\n" in article.strip()  # its paragraphs: a snippet shows them joined by spaces
    at = text.index(article)
    shown = article.strip()[:90]
    html = "…" + escape(shown.replace("\n", " ")).replace("违约金", "<mark>违约金</mark>") + "…"
    unit = UnitHit(label="第二十二条", anchor="a", snippet_html=html, matches=1)
    start = at + article.index(shown)
    assert shown_span(text, unit, law.units).span == (start, start + len(shown))
    assert shown_span(text, None, law.units) is None
    # The text of a unit that is no article (a chapter's heading, or no units at all).
    assert shown_span(text, unit, [u for u in law.units if u.kind != "条"]) is None
    gone = UnitHit(
        label="x", anchor="a", snippet_html="<mark>不在本法中的一句话而已</mark>", matches=1
    )
    assert shown_span(text, gone, law.units) is None


def test_not_shown_leaves_out_sentences_inside_the_span_only_when_one_that_asks_remains():
    ranked = [((3,), 10, 20, {"甲"}), ((2,), 15, 40, {"乙"}), ((1,), 50, 60, {"丙"})]
    # The first lies whole inside (its end mark may follow the span), the second only begins there.
    assert not_shown(ranked, (10, 19), bool) == ranked[1:]
    assert not_shown(ranked, None, bool) == ranked
    # What remains first asks nothing: the sentences stay as ranked.
    assert not_shown(ranked, (10, 19), lambda s: "丙" in s) == ranked
    assert not_shown(ranked, (0, 100), bool) == ranked  # nothing would remain


def test_a_hit_does_not_show_its_best_articles_sentence_twice(shipped_searcher):
    q = "公司出钱培训后辞职要赔违约金吗"
    hit = next(h for h in shipped_searcher.search(SearchRequest(q=q)).hits if h.id == CONTRACT_LAW)
    unit = _plain(hit.units[0].snippet_html).strip("…")
    # Independently: the hit's snippet opens with a sentence (up to 。 or ；) the best
    # article's snippet does not show (before, both opened with 第二十二条's 用人单位要求
    # 劳动者支付的违约金…, the sentence holding the most query concepts).
    opening = re.match(r"…?([^。；]+[。；])", _plain(hit.snippet_html))
    assert opening is not None and len(opening.group(1)) > 8
    assert opening.group(1) not in unit
    assert "<mark>" in hit.snippet_html
    # 第二十二条's own rule on the amount answers the question; it is shown once, by the
    # article (its snippet is cut around 违约金, the words searched: 公司's 用人单位 and 培训,
    # left out by the fallback, are not marked, search.marked) or by the hit.
    answer = "违约金的数额不得超过用人单位提供的培训费用"
    assert answer in article_of(shipped_searcher.document(CONTRACT_LAW), "第二十二条")
    assert (answer in unit) != (answer in _plain(hit.snippet_html))
