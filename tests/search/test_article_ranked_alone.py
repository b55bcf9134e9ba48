"""Issue 11, twenty-fourth round: the best article goes on even past the whole law's ranking.

A hit's second fragment is its best article's best sentence the article's snippet does not
show (twenty-third round). It was looked for among the whole law's ranked sentences, and that
ranking stops after the second sentence holding every query string: a query whose one
marked word (派遣) a section's heading and its first article hold already ranks nothing of
the articles after them. The best article's own sentences, ranked alone, are looked at
then. A small real index of the labour contract law.
"""

from __future__ import annotations

import re
from html import unescape

import pytest

from search import open_searcher
from search.highlight import _fragments, find_marks, snippet
from search.sentence_judge import SentenceJudge
from search.shown_once import Shown, goes_on
from tests.conftest import index_of_docs
from tests.laws import CONTRACT_LAW

TAGS = re.compile(r"<[^>]+>")
WORD = "派遣"


@pytest.fixture(scope="module")
def law(tmp_path_factory):
    config = index_of_docs(tmp_path_factory.mktemp("article-ranked-alone"), [CONTRACT_LAW])
    with open_searcher(config) as s:
        yield s.document(CONTRACT_LAW)


def test_the_best_articles_sentence_beyond_the_whole_laws_ranking_is_shown(law):
    text = law.text
    unit = next(u for u in law.units if u.label == "第五十八条")
    # What the article's snippet shows: its first paragraph (the label and two sentences).
    first_paragraph = text.index("\n", unit.start + len(unit.label) + 1)
    shown = Shown((unit.start, first_paragraph), (unit.start, unit.end))
    judge = SentenceJudge.of(law.title, {WORD: WORD}, {WORD: 2.0})
    marks = find_marks(text, [WORD])
    answer = text.index("劳务派遣单位应当与被派遣劳动者订立二年以上", unit.start)
    assert shown.span[1] < answer < unit.end  # the case: the answer after what is shown
    ranked = _fragments(text, marks, law.title, 120, judge)
    # The case: the whole law's ranking stops before the article's second paragraph.
    assert not list(goes_on(ranked, shown, judge.asking))
    html = snippet(text, [WORD], title=law.title, marks=marks, judge=judge, shown=shown)
    fragments = unescape(TAGS.sub("", html)).split("… …")
    assert len(fragments) == 2
    # The second fragment is the article going on: its second paragraph, which states the
    # term (before: one fragment only, the section's heading and 第五十七条).
    assert "订立二年以上的固定期限劳动合同" in fragments[1]
