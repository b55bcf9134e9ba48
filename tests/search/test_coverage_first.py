"""Among candidates close by best passage (``search.passages``), at the same authority and
tier, one whose article holds the query's concepts together (near the best passage) comes
before one whose BM25F is higher because it repeats a common query word or names it in its
title: distinct concepts together count before occurrences."""

from __future__ import annotations

from array import array

import pytest

from search import SearchRequest, open_searcher
from search.highlight import plain_text
from search.passages import CLOSE, NEAR, by_best_passage
from search.ranking import TIER_STEP
from tests.conftest import index_of_docs

# Five regulations of one level: a workers' congress regulation whose title and articles
# repeat 职工代表大会, three collective contract regulations repeating 集体合同, and a wage
# bargaining regulation with one article on reporting the wage contract to the congress.
REGULATIONS = [
    "laws/local-regulations/0110-上海市职工代表大会条例.txt",
    "laws/local-regulations/0136-浙江省集体合同条例.txt",
    "laws/local-regulations/0120-河南省企业集体合同条例.txt",
    "laws/local-regulations/0138-重庆市集体合同条例.txt",
    "laws/local-regulations/0131-杭州市企业工资集体协商条例.txt",
]
WORDS = ["工资专项集体合同", "履行", "职工代表大会", "报告"]


@pytest.fixture(scope="module")
def regulations(tmp_path_factory):
    config = index_of_docs(tmp_path_factory.mktemp("coverage"), REGULATIONS)
    with open_searcher(config) as searcher:
        yield searcher


def test_the_article_holding_every_word_ranks_before_repetition(regulations):
    hits = regulations.search(SearchRequest(q=" ".join(WORDS), per_page=10)).hits
    assert len(hits) >= 3 and len({h.level for h in hits}) == 1
    first = hits[0]
    # Its best article holds every word of the query ...
    shown = plain_text(first.units[0].snippet_html)
    assert all(w in shown for w in WORDS), shown
    # ... though a hit below it of the same tier scores higher by BM25F: the order is not
    # BM25F's.
    assert any(
        int(h.score // TIER_STEP) == int(first.score // TIER_STEP) and h.score > first.score
        for h in hits[1:]
    )
    # No hit after it holds every word in its best article.
    for h in hits[1:]:
        text = plain_text(h.units[0].snippet_html) if h.units else ""
        assert not all(w in text for w in WORDS), h.id


def test_near_passages_first_within_level_and_tier_only():
    levels = array("b", [4, 4, 4, 0, 4])
    # 0: rank 1, covers less (0.8 of the best: close, not near); 1: near the best; 2: the
    # best; 3: another level, covers less; 4: a lower tier, the best.
    best = 10.0
    passages = {0: best * 0.8, 1: best * 0.9, 2: best, 3: best * 0.8, 4: best}
    assert CLOSE <= 0.8 < NEAR <= 0.9
    ranked = [(0, 2 * TIER_STEP + 9), (1, 2 * TIER_STEP + 8), (2, 2 * TIER_STEP + 7)]
    ranked += [(3, 2 * TIER_STEP + 6), (4, 1 * TIER_STEP + 9)]
    order = [d for d, _ in by_best_passage(ranked, passages.__getitem__, levels)]
    # Authority first (3), then the tier (4 last of level 4), then near before close.
    assert order == [3, 1, 2, 0, 4]
