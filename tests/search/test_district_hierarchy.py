"""The district facet as a hierarchy 省 > 市 > 区县 over the shipped index."""

from __future__ import annotations

from search import SearchRequest
from tests.search.conftest import all_ids


def test_a_province_includes_its_cities_and_their_districts(
    shipped_searcher, all_documents, resources
):
    gaz = resources.gazetteer
    province = gaz.home_province
    under = {
        d.id
        for d in all_documents
        if d.district == province
        or gaz.cities.get(d.district) == province
        or (d.district in gaz.districts and gaz.cities.get(gaz.home_city) == province)
    }
    harbin = {d.id for d in all_documents if d.district == gaz.home_city}
    assert harbin, "the shipped corpus has Harbin documents"
    got = set(all_ids(shipped_searcher, q="", districts=(province,)))
    assert got == under
    assert harbin <= got
    # The Harbin documents are found by the city itself as well.
    assert harbin <= set(all_ids(shipped_searcher, q="", districts=(gaz.home_city,)))


def test_the_tree_is_listed_parents_first_with_levels(shipped_searcher, resources):
    gaz = resources.gazetteer
    values = shipped_searcher.search(SearchRequest(q="")).facets["district"]
    seen: dict[str, int] = {}
    for fc in values:
        if fc.parent is None:
            assert fc.depth == 0
        else:
            # A child comes after its parent, one level deeper, and never outnumbers it.
            assert fc.parent in seen, fc
            assert fc.depth == seen[fc.parent] + 1
            assert fc.count <= next(v.count for v in values if v.value == fc.parent)
        seen[str(fc.value)] = fc.depth
    by_value = {fc.value: fc for fc in values}
    assert by_value[gaz.home_city].parent == gaz.home_province
    assert by_value[gaz.national].depth == 0 and by_value[gaz.national].parent is None


def test_national_is_a_value_of_its_own(shipped_searcher, all_documents, resources):
    national = resources.gazetteer.national
    expected = {d.id for d in all_documents if d.district == national}
    assert set(all_ids(shipped_searcher, q="", districts=(national,))) == expected


def test_a_district_without_documents_gives_zero_and_says_so(
    shipped_searcher, all_documents, resources
):
    indexed = {d.district for d in all_documents}
    missing = next(d for d in resources.gazetteer.districts if d not in indexed)
    result = shipped_searcher.search(SearchRequest(q="", districts=(missing,)))
    assert result.total == 0 and result.hits == []
    assert result.notice and missing in result.notice
    chosen = [fc for fc in result.facets["district"] if fc.value == missing]
    assert [(fc.count, fc.selected) for fc in chosen] == [(0, True)]
    # With a value that exists beside it, the results are that value's, still with the notice.
    other = next(iter(indexed - {""}))
    both = shipped_searcher.search(SearchRequest(q="", districts=(missing, other)))
    assert both.total == len(all_ids(shipped_searcher, q="", districts=(other,))) > 0
    assert missing in both.notice


def test_known_values_bring_no_notice(shipped_searcher):
    assert shipped_searcher.search(SearchRequest(q="工会", districts=("全国",))).notice is None
