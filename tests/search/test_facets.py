"""Multi-select facet counts equal counts computed by brute force from the documents.

The district facet is a hierarchy: a document counts for its district and every area
above it (from the gazetteer's tables, read here directly). The topic facet counts a
document without a topic under 未分类.
"""

from __future__ import annotations

from collections import Counter

import pytest

from search import SearchRequest
from tests.search.conftest import all_ids

UNTOPICED = "未分类"


def areas(district: str, gazetteer) -> list[str]:
    """The district and the areas enclosing it, per the gazetteer's own tables."""
    out = [district] if district else []
    if district in gazetteer.districts:
        out.append(gazetteer.home_city)
    city = out[-1] if out else ""
    if city in gazetteer.cities:
        out.append(gazetteer.cities[city])
    return out


def facet_values(doc, facet, gazetteer):
    if facet == "topic":
        return doc.topics or [UNTOPICED]
    if facet == "district":
        return areas(doc.district, gazetteer)
    value = getattr(doc, facet)
    return [value] if value not in (None, "") else []


def allowed(doc, request: SearchRequest, gazetteer, skip: str | None = None) -> bool:
    def chosen(facet):
        picked = {str(v) for v in request.selected(facet)}
        have = {str(v) for v in facet_values(doc, facet, gazetteer)}
        return not picked or bool(picked & have)

    in_range = (request.year_from is None or (doc.year or 0) >= request.year_from) and (
        request.year_to is None or (doc.year or 10**6) <= request.year_to
    )
    checks = {
        "year": lambda: chosen("year") and in_range,
        "district": lambda: chosen("district"),
        "topic": lambda: chosen("topic"),
        "doc_type": lambda: chosen("doc_type"),
    }
    return all(check() for facet, check in checks.items() if facet != skip)


REQUESTS = [
    SearchRequest(q="工会"),
    SearchRequest(q="工会", districts=("全国", "上海市")),
    SearchRequest(q="职工", years=(2013, 2021), doc_types=("条例",)),
    SearchRequest(q="", year_from=2015, year_to=2022, topics=("工资与集体协商",)),
    SearchRequest(q="", districts=("黑龙江省",)),
    SearchRequest(q="工会", districts=("哈尔滨市", "上海市"), topics=(UNTOPICED, "民主管理")),
    SearchRequest(q="职工", topics=(UNTOPICED,)),
]


@pytest.mark.parametrize("request_", REQUESTS)
def test_counts_equal_brute_force(shipped_searcher, all_documents, resources, request_):
    gaz = resources.gazetteer
    by_id = {d.id: d for d in all_documents}
    matched = [by_id[i] for i in all_ids(shipped_searcher, q=request_.q)]
    result = shipped_searcher.search(request_)
    assert result.total == sum(allowed(d, request_, gaz) for d in matched)
    for facet in ("year", "district", "topic", "doc_type"):
        expected = Counter(
            v
            for d in matched
            if allowed(d, request_, gaz, skip=facet)
            for v in facet_values(d, facet, gaz)
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


def test_every_document_is_counted_under_a_topic(shipped_searcher, all_documents):
    everything = shipped_searcher.search(SearchRequest(q=""))
    topics = everything.facets["topic"]
    assert sum(c.count for c in topics) >= len(all_documents)
    untopiced = {d.id for d in all_documents if not d.topics}
    counted = {c.value: c.count for c in topics}
    assert counted.get(UNTOPICED, 0) == len(untopiced)
    covered: set[str] = set()
    for c in topics:
        covered |= set(all_ids(shipped_searcher, q="", topics=(c.value,)))
    assert covered == {d.id for d in all_documents}
    assert set(all_ids(shipped_searcher, q="", topics=(UNTOPICED,))) == untopiced


def test_a_year_range_that_holds_no_document_says_so(shipped_searcher, all_documents):
    years = sorted(d.year for d in all_documents if d.year)
    first, last = years[0], years[-1]
    reversed_ = shipped_searcher.search(SearchRequest(q="工会", year_from=last, year_to=first))
    assert reversed_.total == 0
    assert reversed_.notice and f"起始年份 {last} 晚于截止年份 {first}" in reversed_.notice
    before = shipped_searcher.search(SearchRequest(q="", year_to=first - 1))
    assert before.total == 0
    assert before.notice and f"–{first - 1}" in before.notice
    # A range holding documents brings no notice, even when the query finds none of them.
    whole = SearchRequest(q="", year_from=first, year_to=last)
    assert shipped_searcher.search(whole).notice is None
    assert shipped_searcher.search(SearchRequest(q="工会", year_to=first)).notice is None
