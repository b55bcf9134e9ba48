"""Issue 11, twenty-first round: a place named in a question (河南 …怎么…) is read as a
district preference, not as a word: the question is searched among that province's
documents first, and the national law and other provinces' documents that answer it stay
in the result after them; the page and the API say so. A researcher's keyword query with a
place (no question) still counts the documents holding it.

A small real index: three regulations of 河南省, two other provinces' regulations on the
same matters, and the national labour contract law."""

from __future__ import annotations

import pytest

from indexer.analysis import normalize
from search import SearchRequest, open_searcher
from tests.conftest import index_of_docs, normalized_texts
from tests.laws import CONTRACT_LAW
from tests.openapi_schema import assert_matches

HENAN = [
    "laws/local-regulations/0120-河南省企业集体合同条例.txt",
    "laws/local-regulations/0118-河南省企业工资集体协商条例.txt",
    "laws/local-regulations/0119-河南省企业职工民主权利保障条例.txt",
]
OTHER_PROVINCES = [
    "laws/local-regulations/0136-浙江省集体合同条例.txt",
    "laws/local-regulations/0114-山东省企业工资集体协商条例.txt",
]
# As a word, 河南 found only the province's own documents (the national law holds the
# question's words, not 河南) ...
REVIEW = "河南 集体合同 报送劳动行政部门审查 多少天"
# ... or was left out with a word of the question, which the other provinces' regulations
# then outranked the province's own collective contract regulation on.
DELEGATES = "河南 职工代表大会 怎么选代表"


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    docs = [*HENAN, *OTHER_PROVINCES, CONTRACT_LAW]
    return index_of_docs(tmp_path_factory.mktemp("place"), docs)


@pytest.fixture(scope="module")
def searcher(config):
    with open_searcher(config) as searcher:
        yield searcher


@pytest.mark.parametrize("q", [REVIEW, DELEGATES])
def test_the_provinces_documents_come_before_other_provinces(searcher, q):
    result = searcher.search(SearchRequest(q=q))
    ids = [h.id for h in result.hits]
    own = [i for i, d in enumerate(ids) if d in HENAN]
    other = [i for i, d in enumerate(ids) if d in OTHER_PROVINCES]
    assert own and other, ids  # the other provinces' answers stay in the result
    assert max(own) < min(other), ids
    assert result.places == ["河南省"]
    assert "按地区优先：河南省" in (result.notice or "")
    # The place was not searched as a word: neither marked nor named as left out.
    assert "河南" not in result.highlight_terms and "河南" not in result.dropped


def test_the_national_law_stays_after_the_provinces_documents(searcher):
    ids = [h.id for h in searcher.search(SearchRequest(q=REVIEW)).hits]
    texts = normalized_texts(searcher, [CONTRACT_LAW])
    assert "河南" not in texts[CONTRACT_LAW]
    assert CONTRACT_LAW in ids
    law = ids.index(CONTRACT_LAW)
    assert all(ids.index(d) < law for d in ids if d in HENAN)
    # Among close relevance, a national document before another province's.
    assert all(law < ids.index(d) for d in ids if d in OTHER_PROVINCES)


def test_the_api_and_the_page_say_so_with_the_districts_filter(config):
    from web import create_app

    client = create_app(config).test_client()
    body = client.get("/api/search", query_string={"q": REVIEW}).get_json()
    assert_matches(body, "SearchResponse", client.get("/openapi.json").get_json())
    assert body["place"]["districts"] == ["河南省"]
    assert body["place"]["notice"] == "按地区优先：河南省"
    filtered = client.get(body["place"]["filter"]).get_json()
    assert filtered["hits"] and {h["district"] for h in filtered["hits"]} == {"河南省"}
    assert filtered["place"] is None  # the filter says the place now
    page = client.get("/search", query_string={"q": REVIEW}).get_data(as_text=True)
    assert "按地区优先：河南省" in page and "只看河南省的文档" in page


@pytest.mark.parametrize("q", ["河南集体合同", "河南 集体合同"])
def test_a_researchers_keywords_with_a_place_still_count_the_place(searcher, q):
    result = searcher.search(SearchRequest(q=q, per_page=100))
    every = [*HENAN, *OTHER_PROVINCES, CONTRACT_LAW]
    texts = normalized_texts(searcher, every)
    holding = {d for d in every if "河南" in texts[d] and normalize("集体合同") in texts[d]}
    # The documents holding every word come first and are counted (when few, those of a
    # relaxed form follow them, said as partial), the place's word among those words.
    complete = result.partial.complete if result.partial else result.total
    assert holding and complete == len(holding)
    assert {h.id for h in result.hits[:complete]} == holding
    assert not getattr(result, "places", None) and "按地区优先" not in (result.notice or "")
