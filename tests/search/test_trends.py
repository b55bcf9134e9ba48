"""Term trends against a brute-force count over the stored texts of every document."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from indexer.districts import district_chain
from search import QueryError, SearchRequest, TrendRequest
from search.facet_set import FACET_BY_NAME
from tests.search.conftest import contains
from union_search.config import PROJECT_ROOT

# Terms of different kinds: a word jieba keeps whole, one it splits (工资 集体 协商: counted
# only where the whole string occurs), a very common one, a rare recent one, and one that
# crosses a line break in a source file (see test_line_breaks_in_the_source), and two that
# overlap themselves (行行 in 行行行 is one occurrence, as the highlighter marks it).
TERMS = ["农民工", "新就业形态", "工资集体协商", "工会", "回顾过去", "行行", "业创业创"]


def brute_force(docs, term: str, key) -> dict:
    """bucket → (documents containing the term, occurrences in the text, documents, chars)."""
    out: dict = defaultdict(lambda: [0, 0, 0, 0])
    for d in docs:
        for bucket in key(d):
            row = out[bucket]
            row[0] += contains(d, term)
            row[1] += d.text.count(term)
            row[2] += 1
            row[3] += len(d.text)
    return {k: tuple(v) for k, v in out.items()}


def as_table(result, i: int = 0) -> dict:
    return {
        b.value: (b.counts[i].documents, b.counts[i].occurrences, b.documents, b.characters)
        for b in result.buckets
    }


@pytest.mark.parametrize("term", TERMS)
def test_counts_per_year_equal_a_brute_force_count(shipped_searcher, all_documents, term):
    expected = brute_force(all_documents, term, lambda d: [d.year])
    assert sum(v[1] for v in expected.values()) > 0, f"corpus has no {term}"
    result = shipped_searcher.trends(TrendRequest((term,)))
    assert as_table(result) == expected
    total = result.totals.counts[0]
    assert total.documents == sum(v[0] for v in expected.values())
    assert total.occurrences == sum(v[1] for v in expected.values())
    for b in result.buckets:
        c = b.counts[0]
        assert c.rate == pytest.approx(c.occurrences * 10_000 / b.characters)
    years = [b.value for b in result.buckets if b.value is not None]
    assert years == sorted(years)


def test_several_terms_at_once_equal_each_term_alone(shipped_searcher):
    together = shipped_searcher.trends(TrendRequest(("农民工", "新就业形态", "工会")))
    for i, term in enumerate(together.request.terms):
        alone = shipped_searcher.trends(TrendRequest((term,)))
        assert as_table(together, i) == as_table(alone)


@pytest.mark.parametrize("by", ["district", "doc_type", "topic"])
def test_other_buckets_and_filters(shipped_searcher, all_documents, resources, by):
    field = {"district": "district", "doc_type": "doc_type", "topic": "topics"}[by]
    docs = [d for d in all_documents if d.year is not None and d.year >= 2010]

    def key(d):
        value = getattr(d, field)
        if by == "district" and value:
            # Regions nest as the district facet does: a city's documents count in its
            # province's bucket too.
            return district_chain(value, resources.gazetteer)
        if by == "topic" and not value:
            return [FACET_BY_NAME["topic"].unassigned]  # the facet's value for no topic
        values = value if isinstance(value, list) else [value]
        return [v or None for v in values] or [None]  # a topic bucket counts each topic

    expected = brute_force(docs, "工会", key)
    result = shipped_searcher.trends(TrendRequest(("工会",), by, SearchRequest(year_from=2010)))
    assert as_table(result) == expected


def test_district_filter_narrows_every_bucket(shipped_searcher, all_documents):
    district = Counter(d.district for d in all_documents if d.district).most_common(1)[0][0]
    docs = [d for d in all_documents if d.district == district]
    result = shipped_searcher.trends(
        TrendRequest(("工会",), "year", SearchRequest(districts=(district,)))
    )
    assert as_table(result) == brute_force(docs, "工会", lambda d: [d.year])


def test_line_breaks_in_the_source(shipped_searcher, all_documents):
    """The extractor keeps a source file's line breaks as line breaks in the stored text
    (lines are paragraphs), so a string that crosses one is not an occurrence: counts,
    like search and highlighting, follow the stored text."""
    source = PROJECT_ROOT / "corpus/docs/gov-reports/2012-国务院政府工作报告.txt"
    raw = source.read_text(encoding="utf-8")
    assert "回顾\n过去" in raw  # a heading (…工作回顾) followed by a paragraph (过去的一年…)
    doc = next(d for d in all_documents if d.id == "gov-reports/2012-国务院政府工作报告.txt")
    assert "回顾\n过去" in doc.text
    assert doc.text.count("回顾过去") < raw.replace("\n", "").count("回顾过去")
    result = shipped_searcher.trends(
        TrendRequest(("回顾过去",), "year", SearchRequest(years=(2012,)))
    )
    bucket = next(b for b in result.buckets if b.value == 2012)
    assert bucket.counts[0].occurrences == sum(
        d.text.count("回顾过去") for d in all_documents if d.year == 2012
    )


@pytest.mark.parametrize(
    "request_, code",
    [
        (TrendRequest(()), "missing_query"),
        (TrendRequest(("  ",)), "missing_query"),
        (TrendRequest(("a", "b", "c", "d", "e")), "too_many_queries"),
        (TrendRequest(("工会",), by="issuer"), "bad_by"),
        (TrendRequest(("工会" * 300,)), "query_too_long"),
    ],
)
def test_bad_requests(shipped_searcher, request_, code):
    with pytest.raises(QueryError) as e:
        shipped_searcher.trends(request_)
    assert e.value.code == code
