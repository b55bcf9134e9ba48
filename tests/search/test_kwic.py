"""The concordance against str.find over the stored texts of every document."""

from __future__ import annotations

import pytest

from search import KwicRequest, QueryError, SearchRequest

LIMIT = 100_000


def find_all(text: str, term: str) -> list[int]:
    out, i = [], text.find(term)
    while i >= 0:
        out.append(i)
        i = text.find(term, i + len(term))
    return out


def everything(searcher, q: str, **kwargs):
    return searcher.concordance(KwicRequest(q=q, **kwargs), LIMIT, page_only=False)


@pytest.mark.parametrize("term,width", [("农民工", 20), ("新就业形态", 5), ("集体协商", 40)])
def test_every_occurrence_with_its_context(shipped_searcher, all_documents, term, width):
    expected = []
    for d in all_documents:
        for n, i in enumerate(find_all(d.text, term), start=1):
            left = d.text[max(0, i - width) : i].replace("\n", " ")
            right = d.text[i + len(term) : i + len(term) + width].replace("\n", " ")
            expected.append((d.id, i, n, left, term, right, d.title, d.date))
    assert expected, f"corpus has no {term}"
    result = everything(shipped_searcher, term, width=width)
    got = [
        (x.doc_id, x.start, x.n, x.left, x.match, x.right, x.title, x.date) for x in result.lines
    ]
    assert sorted(got) == sorted(expected)
    assert result.total == len(expected)
    assert result.documents == len({e[0] for e in expected if e})
    assert not result.truncated


def test_sorts(shipped_searcher):
    by = {
        s: everything(shipped_searcher, "农民工", sort=s).lines for s in ("date", "left", "right")
    }
    lefts = [x.left[::-1] for x in by["left"]]  # nearest character to the match first
    assert lefts == sorted(lefts) and len(set(lefts)) > 1
    rights = [x.right for x in by["right"]]
    assert rights == sorted(rights)
    dates = [x.date or "9999" for x in by["date"]]
    assert dates == sorted(dates)
    docs = [x.title for x in everything(shipped_searcher, "农民工", sort="document").lines]
    assert docs == sorted(docs)
    # The same lines in every order.
    keys = {s: sorted((x.doc_id, x.start) for x in lines) for s, lines in by.items()}
    assert keys["date"] == keys["left"] == keys["right"]


def test_pages_walk_the_whole_concordance(shipped_searcher):
    whole = everything(shipped_searcher, "农民工", sort="right")
    lines, page = [], 1
    while True:
        result = shipped_searcher.concordance(
            KwicRequest(q="农民工", sort="right", page=page, per_page=7), LIMIT
        )
        if not result.lines:
            break
        assert page <= result.pages
        lines += result.lines
        page += 1
    assert page - 1 == result.pages
    assert [(x.doc_id, x.start) for x in lines] == [(x.doc_id, x.start) for x in whole.lines]


def test_filters_and_limit(shipped_searcher, all_documents):
    result = everything(shipped_searcher, "工会", filters=SearchRequest(year_from=2015))
    docs = {d.id: d for d in all_documents}
    assert result.lines and all(docs[x.doc_id].year >= 2015 for x in result.lines)
    expected = sum(
        d.text.count("工会") for d in all_documents if d.year is not None and d.year >= 2015
    )
    assert result.total == len(result.lines) == expected
    capped = shipped_searcher.concordance(KwicRequest(q="工会"), 10, page_only=False)
    assert len(capped.lines) == 10 and capped.truncated and capped.total > 10


@pytest.mark.parametrize(
    "kwargs,code",
    [
        ({"q": ""}, "missing_query"),
        ({"q": "工会", "width": 0}, "bad_width"),
        ({"q": "工会", "width": 201}, "bad_width"),
        ({"q": "工会", "sort": "relevance"}, "bad_sort"),
        ({"q": "工会", "per_page": 501}, "bad_per_page"),
        ({"q": "工会", "page": 0}, "bad_page"),
    ],
)
def test_bad_requests(shipped_searcher, kwargs, code):
    with pytest.raises(QueryError) as e:
        shipped_searcher.concordance(KwicRequest(**kwargs), LIMIT)
    assert e.value.code == code
