"""Issue 11, twenty-third round: a hit's second fragment goes on with its best article.

The best article's snippet shows about 100 characters of it (its opening, or its best
sentence); an article states a condition and then what follows from it in later clauses
(第七条 of the paid-leave regulation: 单位不安排职工休年休假…的，…责令限期改正；对逾期不改正的，
…单位还应当…加付赔偿金). The hit's snippet showed the whole law's best sentences, from other
articles; now its second fragment is the best article's best sentence its snippet does not
show, when one holds something the query asks. The index of the shipped corpus.
"""

from __future__ import annotations

import re
from html import unescape

from search import SearchRequest
from search.shown_once import Shown, goes_on, shown_span
from tests.laws import ANNUAL_LEAVE

TAGS = re.compile(r"<[^>]+>")
SENTENCE = re.compile(r"[^。；\n]+")


def _plain(html: str) -> str:
    return unescape(TAGS.sub("", html)).replace("…", " ")


def test_the_hits_second_fragment_is_its_best_articles_sentence_not_shown(shipped_searcher):
    q = "年假不让休钱也不给 单位要受什么处罚"
    hit = next(h for h in shipped_searcher.search(SearchRequest(q=q)).hits if h.id == ANNUAL_LEAVE)
    best = hit.units[0]
    view = shipped_searcher.document(ANNUAL_LEAVE)
    unit = next(u for u in view.units if u.anchor == best.anchor)
    article = view.text[unit.start : unit.end]
    shown = _plain(best.snippet_html)
    # The case: the article goes on past its snippet with a sentence holding a word of the
    # question (单位, 年休假).
    rest = [s for s in SENTENCE.findall(article) if s.strip() and s not in shown]
    assert any("单位" in s and "年休假" in s for s in rest)
    snippet = _plain(hit.snippet_html)
    # The hit's snippet shows such a sentence of that article (before: two of 第二条's).
    assert any(s in snippet for s in rest if "单位" in s)


def test_shown_span_gives_the_article_its_snippet_lies_in(shipped_searcher):
    q = "年假不让休钱也不给 单位要受什么处罚"
    hit = next(h for h in shipped_searcher.search(SearchRequest(q=q)).hits if h.id == ANNUAL_LEAVE)
    view = shipped_searcher.document(ANNUAL_LEAVE)
    unit = next(u for u in view.units if u.anchor == hit.units[0].anchor)
    shown = shown_span(view.text, hit.units[0], view.units)
    assert shown is not None and shown.article == (unit.start, unit.end)
    assert unit.start <= shown.span[0] < shown.span[1] <= unit.end


def test_goes_on_offers_the_articles_sentences_that_ask_in_their_order():
    ranked = [
        ((3,), 0, 10, {"甲"}),  # before the article
        ((2,), 40, 60, {"乙"}),
        ((2,), 20, 30, set()),  # in the article, asking nothing
        ((2,), 62, 66, {"戊"}),  # shown whole by the article's snippet (its end mark after)
        ((1,), 25, 35, {"丙"}),
        ((1,), 80, 90, {"丁"}),  # after it
    ]
    shown = Shown(span=(61, 65), article=(20, 70))
    assert list(goes_on(ranked, shown, bool)) == [ranked[1], ranked[4]]
    assert list(goes_on(ranked, shown, lambda s: "丙" in s)) == [ranked[4]]
    assert list(goes_on(ranked, Shown((100, 110), (100, 120)), bool)) == []
