"""A citation query (工会法43条) lists the cited law first, showing the cited article as its
best unit, on the shipped index. The laws are found by their titles, the articles cut out of
the documents' texts by the tests themselves."""

from __future__ import annotations

import re
from html import unescape

import pytest

from indexer.numerals import parse_number, to_chinese
from search import SearchRequest
from search.legal_status import IN_FORCE

CITATIONS = [
    ("工会法43条", "中华人民共和国工会法", 43),
    ("劳动合同法第三十八条", "中华人民共和国劳动合同法", 38),
    ("劳动法第四十四条", "中华人民共和国劳动法", 44),
    ("劳动法 第36条", "中华人民共和国劳动法", 36),
]


@pytest.fixture(scope="module")
def law_by_title(all_documents):
    def find(title: str):
        docs = [d for d in all_documents if d.title == title]
        # A law with several versions is cited in its version in force.
        current = [d for d in docs if d.status == IN_FORCE] or docs
        assert len(current) == 1, title
        return current[0]

    return find


def article_text(text: str, number: int) -> str:
    """The article's lines, from its 第N条 to the next article or heading."""
    out: list[str] = []
    inside = False
    for line in text.split("\n"):
        m = re.match(r"^\s*第([一二三四五六七八九十百零]+)条", line)
        if m or line.lstrip().startswith("第") and re.match(r"^\s*第\S+[章节]", line):
            inside = bool(m) and parse_number(m.group(1)) == number
        if inside and line.strip():
            out.append(line.strip())
    return " ".join(out)


def plain(html: str) -> str:
    return unescape(re.sub("<[^>]+>", "", html)).strip("…").strip()


def every_id(searcher, request: SearchRequest) -> list[str]:
    ids, page = [], 1
    while True:
        result = searcher.search(SearchRequest(**{**request.__dict__, "page": page}))
        ids.extend(h.id for h in result.hits)
        if not result.has_next:
            return ids
        page += 1


@pytest.mark.parametrize(("q", "title", "number"), CITATIONS)
def test_cited_law_is_first_with_its_article(shipped_searcher, law_by_title, q, title, number):
    law = law_by_title(title)
    result = shipped_searcher.search(SearchRequest(q=q))
    assert result.answer is not None and result.answer.doc_id == law.id
    first = result.hits[0]
    assert first.id == law.id
    unit = first.units[0]
    assert unit.label == f"第{to_chinese(number)}条" and unit.anchor == f"a{number}"
    article = article_text(law.text, number)
    assert article and plain(unit.snippet_html) in article
    # Listed once: not again on this page, nor on any later one; the total counts it once.
    ids = every_id(shipped_searcher, SearchRequest(q=q, per_page=5))
    assert ids.count(law.id) == 1 and ids[0] == law.id
    assert len(ids) == len(set(ids)) == result.total


@pytest.mark.parametrize(("q", "title", "number"), CITATIONS[:2])
def test_second_page_does_not_repeat_the_law(shipped_searcher, law_by_title, q, title, number):
    law = law_by_title(title)
    # Half the results a page, so that page 2 exists whatever the total.
    per_page = max(1, shipped_searcher.search(SearchRequest(q=q)).total // 2)
    one = shipped_searcher.search(SearchRequest(q=q, per_page=per_page))
    two = shipped_searcher.search(SearchRequest(q=q, per_page=per_page, page=2))
    assert one.hits[0].id == law.id
    assert two.hits and law.id not in {h.id for h in two.hits}
    assert not {h.id for h in one.hits} & {h.id for h in two.hits}


def test_filters_that_exclude_the_law_do_not_force_it_in(shipped_searcher, law_by_title):
    q, title, _ = CITATIONS[0]
    law = law_by_title(title)
    everything = shipped_searcher.search(SearchRequest(q=q, per_page=100))
    others = [h for h in everything.hits if h.id != law.id]
    doc_type = next(h.doc_type for h in others if h.doc_type != law.doc_type)
    year = next(h.year for h in others if h.year and h.year != law.year)
    for request in (
        SearchRequest(q=q, doc_types=(doc_type,)),
        SearchRequest(q=q, years=(year,)),
    ):
        result = shipped_searcher.search(request)
        assert law.id not in every_id(shipped_searcher, request)
        assert result.hits, request  # the filter keeps other documents: only the law is out
    later = SearchRequest(q=q, year_from=law.year + 1)
    assert law.id not in every_id(shipped_searcher, later)
    # A filter the law passes keeps it first.
    kept = shipped_searcher.search(SearchRequest(q=q, doc_types=(law.doc_type,)))
    assert kept.hits[0].id == law.id


def test_date_sorts_are_not_reordered(shipped_searcher, law_by_title):
    q, title, _ = CITATIONS[2]
    law = law_by_title(title)
    for sort, newest in (("newest", True), ("oldest", False)):
        result = shipped_searcher.search(SearchRequest(q=q, sort=sort, per_page=100))
        dates = [h.date or "" for h in result.hits if h.date]
        assert dates == sorted(dates, reverse=newest)
        assert law.id in {h.id for h in result.hits}


def test_missing_article_still_lists_the_law_first(shipped_searcher, law_by_title):
    law = law_by_title("中华人民共和国工会法")
    numbers = [
        parse_number(n) for n in re.findall(r"^第([一二三四五六七八九十百零]+)条", law.text, re.M)
    ]
    missing = max(numbers) + 1
    result = shipped_searcher.search(SearchRequest(q=f"工会法第{to_chinese(missing)}条"))
    assert result.answer is not None and not result.answer.found
    assert result.hits[0].id == law.id
    assert all(u.anchor != f"a{missing}" for u in result.hits[0].units)
