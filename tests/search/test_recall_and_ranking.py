"""Recall is at least Ctrl-F; phrases and titles rank above scattered words."""

from __future__ import annotations

import pytest

from search import SearchRequest
from tests.search.conftest import all_ids, contains


@pytest.mark.parametrize(
    "literal", ["集体协商", "工会", "会会员", "赋", "5.1亿", "2013年", "厂务公开"]
)
def test_query_finds_every_document_containing_it(shipped_searcher, all_documents, literal):
    expected = {d.id for d in all_documents if contains(d, literal)}
    assert expected, f"corpus has no {literal}"
    found = set(all_ids(shipped_searcher, q=literal))
    assert expected <= found


@pytest.mark.parametrize("literal", ["集体协商", "会会员", "总工会", "工人先锋号", "第三条"])
def test_quoted_phrase_finds_exactly_the_documents_containing_it(
    shipped_searcher, all_documents, literal
):
    expected = {d.id for d in all_documents if contains(d, literal)}
    assert set(all_ids(shipped_searcher, q=f'"{literal}"')) == expected


@pytest.mark.parametrize("q", ["劳动合同制度", "工会组织建设", "集体协商制度", "职工技术创新"])
def test_phrase_matches_rank_above_scattered_words(shipped_searcher, all_documents, q):
    # match=any_order asks for the words anywhere; the phrase still ranks first.
    by_id = {d.id: d for d in all_documents}
    ranked = all_ids(shipped_searcher, q=q, match="any_order")
    flags = [contains(by_id[i], q) for i in ranked]
    assert True in flags and False in flags, "query must have both kinds of hit"
    first_scattered = flags.index(False)
    assert all(not f for f in flags[first_scattered:]), flags


def test_title_match_ranks_first(shipped_searcher):
    hits = shipped_searcher.search(SearchRequest(q="工会法")).hits
    assert "工会法" in hits[0].title


def test_exclusion_removes_documents(shipped_searcher, all_documents):
    with_gov = set(all_ids(shipped_searcher, q="工会"))
    without = set(all_ids(shipped_searcher, q="工会 -国务院"))
    by_id = {d.id: d for d in all_documents}
    assert without and without < with_gov
    assert without == {i for i in with_gov if not contains(by_id[i], "国务院")}
    assert set(all_ids(shipped_searcher, q="工会 NOT 国务院")) == without


def test_or_and_parentheses(shipped_searcher, all_documents):
    a = set(all_ids(shipped_searcher, q='"金秋助学"'))
    b = set(all_ids(shipped_searcher, q='"安康杯"'))
    assert set(all_ids(shipped_searcher, q='"金秋助学" OR "安康杯"')) == a | b
    both = set(all_ids(shipped_searcher, q='("金秋助学" OR "安康杯") "工人先锋号"'))
    c = set(all_ids(shipped_searcher, q='"工人先锋号"'))
    assert both == (a | b) & c


def test_title_field_search(shipped_searcher):
    hits = all_ids(shipped_searcher, q="title:工资集体协商")
    assert hits
    for doc_id in hits:
        assert "工资集体协商" in shipped_searcher.document(doc_id).title


def test_synonyms_expand_abbreviations(shipped_searcher, all_documents):
    full = {d.id for d in all_documents if contains(d, "职工代表大会")}
    assert full <= set(all_ids(shipped_searcher, q="职代会"))


def test_unreadable_query_falls_back_to_plain_text(shipped_searcher):
    result = shipped_searcher.search(SearchRequest(q='工会 ("'))
    assert result.notice and result.total > 0


def test_empty_query_browses_newest_first_with_facets(shipped_searcher, all_documents):
    result = shipped_searcher.search(SearchRequest(q="", per_page=100))
    assert result.total == len(all_documents)
    dates = [h.date or "" for h in result.hits]
    assert dates == sorted(dates, reverse=True)
    assert all(result.facets[f] for f in ("year", "district", "topic", "doc_type"))


def test_sorting_and_stable_paging(shipped_searcher):
    for sort in ("relevance", "newest", "oldest"):
        whole = [
            h.id
            for h in shipped_searcher.search(SearchRequest(q="工会", sort=sort, per_page=60)).hits
        ]
        paged = []
        for page in (1, 2, 3):
            paged += [
                h.id
                for h in shipped_searcher.search(
                    SearchRequest(q="工会", sort=sort, per_page=20, page=page)
                ).hits
            ]
        assert paged == whole and len(set(paged)) == len(paged)
    oldest = shipped_searcher.search(SearchRequest(q="工会", sort="oldest", per_page=50)).hits
    dates = [h.date for h in oldest if h.date]
    assert dates == sorted(dates)


def test_related_documents_share_the_subject(shipped_searcher):
    source = "laws/local-regulations/0129-宁波市企业工资集体协商条例.txt"
    related = shipped_searcher.related(source, limit=5)
    assert len(related) == 5 and source not in {h.id for h in related}
    assert sum("集体协商" in h.title or "集体合同" in h.title for h in related) >= 3
