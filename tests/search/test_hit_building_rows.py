"""Building a page's hits from the stored unit rows and with the cheaper snippet
mechanisms gives exactly what the plain units and the rule give, on the shipped index.

- A hit's articles (``unit_hits``: ranking, penalty chapters, snippets) are computed by
  the searcher from the stored rows (``search.stored_units``: rows are made ``Unit``
  objects only when read, chapters' titles and spans and the units' starts read from
  the rows); here they are computed
  again from every unit made a ``Unit`` (the plain path) and compared whole.
- Snippets reuse a sentence's bounds for the marks after the first one in it, and score
  each distinct set of query strings once (``search.highlight._fragments``); here they are
  compared with the slow reference of ``test_snippet_fragments`` on real bodies.
"""

from __future__ import annotations

import random

import pytest

from indexer.analysis import normalize
from indexer.units import UnitRows
from search import SearchRequest, quantity
from search.asked_part import asked_concepts
from search.concepts import concept_map
from search.highlight import (
    FRAGMENT_CHARS,
    MAX_FRAGMENTS,
    SENTENCE_ENDS,
    _same_sentence,
    _sentence,
    find_marks,
    snippet,
)
from search.penalty_units import CHAPTER_KINDS, in_penalty_chapter
from search.stored_units import StoredUnits, kind_and_start, labelled_spans, unit_starts
from search.unit_hits import load_units, unit_hits
from tests.search.test_snippet_fragments import _reference_snippet, _text
from tests.search.test_unit_spans import judged_queries

# Several concepts, common words (many marks in long laws), a penalty chapter's words.
EXTRA = [
    "扣押 身份证",
    "扣押 档案",
    "罚款 责令改正",
    "工作人员 应当 按照 规定",
    "用人单位 劳动者 劳动合同",
    "工会 经费 职工",
    "女职工 产假 多少天",
    "违法行为 按照 规定 权限",
    "应当",
]


def _queries() -> list[str]:
    return judged_queries() + EXTRA


def _stored(searcher, doc_id: str) -> tuple[str, str, UnitRows]:
    """A document's stored title, body and unit rows."""
    s = searcher._snapshot().searcher()
    f = s.stored_fields(s.document_number(id=doc_id))
    return f.get("title", ""), f.get("body", ""), UnitRows(f.get("units"))


def _every(page: int) -> SearchRequest:
    return SearchRequest(q="", per_page=100, page=page)


def test_stored_units_read_from_rows_are_the_units(shipped_searcher):
    """Every document of the shipped index: kinds, starts, the units of chapter kinds
    and the penalty articles read from the rows are those of the plain units."""
    checked = penalties = 0
    ids = [h.id for p in (1, 2, 3) for h in shipped_searcher.search(_every(p)).hits]
    for doc_id in ids:
        rows = _stored(shipped_searcher, doc_id)[2]
        units = load_units(rows)
        stored = StoredUnits(rows)
        kind, start = kind_and_start(stored)
        assert [kind(i) for i in range(len(units))] == [u.kind for u in units]
        assert [start(i) for i in range(len(units))] == [u.start for u in units]
        assert unit_starts(stored) == [u.start for u in units] == unit_starts(units)
        chapters = [(u.label, u.start, u.end) for u in units if u.kind in CHAPTER_KINDS]
        assert labelled_spans(stored, CHAPTER_KINDS) == chapters
        assert labelled_spans(units, CHAPTER_KINDS) == chapters
        everything = range(len(units))
        expected = in_penalty_chapter(units, everything)
        assert in_penalty_chapter(stored, everything) == expected
        checked += bool(units)
        penalties += bool(expected)
    assert checked and penalties  # laws with units, some with a penalty chapter


def test_hit_articles_are_those_of_the_plain_units(shipped_searcher):
    compared = ranked = 0
    for q in _queries():
        result = shipped_searcher.search(SearchRequest(q=q))
        if result.answer is not None:
            continue  # a citation's article comes first (test_citation_hits)
        if result.fallback and set(result.dropped) - set(result.question_words):
            # Words a fallback left out rank but are not shown (search.marked), so the
            # page's terms are not what ranked: test_unsearched_marks.
            continue
        literals = result.highlight_terms
        concepts = concept_map(literals, result.expansions)
        snap = shipped_searcher._snapshot()
        weights = shipped_searcher._concept_weights(snap, concepts) if result.total else {}
        # A misspelt query's page is its correction's: what that one asks.
        searched = result.corrected or q
        asked = quantity.asked(normalize(searched))
        asking = (
            asked_concepts(searched, result.question_words, concepts) if asked is None else None
        )
        for hit in result.hits:
            _, body, rows = _stored(shipped_searcher, hit.id)
            marks = find_marks(body, literals)
            args = (marks, literals, concepts, weights, None, asked, asking)
            plain = unit_hits(body, load_units(rows), *args)
            assert hit.units == plain, (q, hit.id)
            assert unit_hits(body, StoredUnits(rows), *args) == plain
            compared += 1
            ranked += len(plain) > 1
    assert compared > 500 and ranked > 100


@pytest.mark.parametrize("q", EXTRA + ["工会", "劳动合同 解除", "职工代表大会 职权"])
def test_snippets_of_real_bodies_follow_the_rule(shipped_searcher, q):
    """Whole bodies (normalised: the reference compares matched strings as typed) with
    their titles, as a hit's answering snippet is cut, against the slow reference."""
    result = shipped_searcher.search(SearchRequest(q=q, per_page=20))
    literals = [lit for lit in result.highlight_terms if " " not in lit]
    assert result.hits and literals
    for hit in result.hits:
        title, body, _ = _stored(shipped_searcher, hit.id)
        body, title = normalize(body)[:30000], normalize(title)
        for size, fragments in ((FRAGMENT_CHARS, MAX_FRAGMENTS), (100, 1)):
            expected = _reference_snippet(body, literals, size, fragments, title)
            assert snippet(body, literals, size, fragments, title) == expected, hit.id


@pytest.mark.parametrize("seed", range(40))
def test_a_later_mark_within_the_reach_has_the_same_sentence(seed):
    """``_same_sentence``'s promise, at every later position of random texts (sentences
    longer than the reach, breaks inside matches): a later mark it admits has the bounds
    ``_sentence`` gives."""
    rng = random.Random(seed)
    text = _text(rng)
    admitted = 0
    for _ in range(60):
        s1 = rng.randrange(len(text))
        e1 = min(len(text), s1 + rng.choice((1, 2, 4)))
        if any(c in SENTENCE_ENDS for c in text[s1:e1]):
            continue  # only break-free matches are asked
        bounds = _sentence(text, s1, e1)
        start_by, end_by = _same_sentence(text, bounds, e1)
        for s2 in range(e1, min(len(text), e1 + 400)):
            for e2 in (s2 + 1, s2 + 3):
                if e2 <= len(text) and s2 <= start_by and e2 <= end_by:
                    assert _sentence(text, s2, e2) == bounds, (s1, e1, s2, e2)
                    admitted += 1
    assert admitted
