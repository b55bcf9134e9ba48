"""Multi-select facet counts equal counts computed by brute force from the documents."""

from __future__ import annotations

from collections import Counter

import pytest

from search import SearchRequest
from tests.search.conftest import all_ids


def facet_values(doc, facet):
    if facet == "topic":
        return doc.topics
    value = getattr(doc, facet)
    return [value] if value not in (None, "") else []


def allowed(doc, request: SearchRequest, skip: str | None = None) -> bool:
    checks = {
        "year": lambda d: (
            (not request.years or d.year in request.years)
            and (request.year_from is None or (d.year or 0) >= request.year_from)
            and (request.year_to is None or (d.year or 10**6) <= request.year_to)
        ),
        "district": lambda d: not request.districts or d.district in request.districts,
        "topic": lambda d: not request.topics or set(d.topics) & set(request.topics),
        "doc_type": lambda d: not request.doc_types or d.doc_type in request.doc_types,
    }
    return all(check(doc) for facet, check in checks.items() if facet != skip)


REQUESTS = [
    SearchRequest(q="工会"),
    SearchRequest(q="工会", districts=("全国", "上海市")),
    SearchRequest(q="职工", years=(2013, 2021), doc_types=("条例",)),
    SearchRequest(q="", year_from=2015, year_to=2022, topics=("工资与集体协商",)),
]


@pytest.mark.parametrize("request_", REQUESTS)
def test_counts_equal_brute_force(shipped_searcher, all_documents, request_):
    by_id = {d.id: d for d in all_documents}
    matched = [by_id[i] for i in all_ids(shipped_searcher, q=request_.q)]
    result = shipped_searcher.search(request_)
    assert result.total == sum(allowed(d, request_) for d in matched)
    for facet in ("year", "district", "topic", "doc_type"):
        expected = Counter(
            v for d in matched if allowed(d, request_, skip=facet) for v in facet_values(d, facet)
        )
        got = {c.value: c.count for c in result.facets[facet] if c.count}
        assert got == dict(expected), facet
        selected = {c.value for c in result.facets[facet] if c.selected}
        assert selected == set(request_.selected(facet))


def test_choosing_a_district_keeps_other_district_counts(shipped_searcher):
    before = shipped_searcher.search(SearchRequest(q="工会"))
    districts = {c.value: c.count for c in before.facets["district"]}
    pick = next(iter(districts))
    after = shipped_searcher.search(SearchRequest(q="工会", districts=(pick,)))
    assert after.total == districts[pick]
    assert {c.value: c.count for c in after.facets["district"]} == districts
