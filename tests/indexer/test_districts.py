"""District chains and path terms from the shipped gazetteer."""

from __future__ import annotations

from indexer.districts import district_chain, path_terms
from tests.reports import HARBIN_REPORT


def test_chains_follow_the_gazetteer(resources):
    gaz = resources.gazetteer
    district = next(iter(gaz.districts))
    assert district_chain(district, gaz) == [
        gaz.cities[gaz.home_city],
        gaz.home_city,
        district,
    ]
    city, province = next(iter(gaz.cities.items()))
    assert district_chain(city, gaz) == [province, city]
    assert district_chain(gaz.national, gaz) == [gaz.national]
    assert district_chain("绍兴市", gaz) == ["绍兴市"]  # not listed: no known parent
    assert district_chain("", gaz) == []


def test_path_terms_name_each_level():
    assert path_terms(["黑龙江省", "哈尔滨市", "南岗区"]) == [
        "黑龙江省",
        "黑龙江省/哈尔滨市",
        "黑龙江省/哈尔滨市/南岗区",
    ]
    # Separators inside a name never split it into levels or terms.
    assert path_terms(["上海市", "浦东,新区/试点"]) == ["上海市", "上海市/浦东，新区／试点"]


def test_extracted_documents_carry_their_chain(corpus_root, resources):
    from indexer.extract import extract_document

    doc = extract_document(corpus_root / HARBIN_REPORT, corpus_root, resources)
    assert doc.district_path == district_chain(doc.district, resources.gazetteer)
    assert doc.district_path[-1] == doc.district
