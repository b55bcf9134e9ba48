"""District hierarchy and the 未分类 topic as the JSON API and the pages show them."""

from __future__ import annotations

import html as htmllib
import re
from urllib.parse import quote

import pytest

from search import SearchRequest
from tests.web.conftest import total_of


@pytest.fixture(scope="module")
def all_documents(shipped_searcher):
    """Every indexed document, read through the search facade."""
    result = shipped_searcher.search(SearchRequest(q="", per_page=100))
    docs, page = [], 1
    while True:
        docs += [shipped_searcher.document(h.id) for h in result.hits]
        if not result.has_next:
            return docs
        page += 1
        result = shipped_searcher.search(SearchRequest(q="", per_page=100, page=page))


def api(client, url):
    resp = client.get(url)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return resp.get_json()


def test_json_values_carry_level_and_parent(client, resources):
    gaz = resources.gazetteer
    body = api(client, "/api/search")
    by_value = {fc["value"]: fc for fc in body["facets"]["district"]}
    city = by_value[gaz.home_city]
    assert city["parent"] == gaz.home_province and city["depth"] == 1
    province = by_value[gaz.home_province]
    assert province["depth"] == 0 and province["parent"] is None
    assert province["count"] >= city["count"] > 0
    assert by_value[gaz.national]["parent"] is None


def test_untopiced_value_is_listed_and_filters(client, all_documents):
    untopiced = {d.id for d in all_documents if not d.topics}
    body = api(client, "/api/search?per_page=100")
    counts = {fc["value"]: fc["count"] for fc in body["facets"]["topic"]}
    assert counts.get("未分类", 0) == len(untopiced)
    chosen = api(client, "/api/search?per_page=100&topic=" + quote("未分类"))
    assert chosen["total"] == len(untopiced)
    assert {h["id"] for h in chosen["hits"]} <= untopiced
    assert all(h["topics"] == [] for h in chosen["hits"])


def test_unknown_district_answers_zero_with_a_notice(client, all_documents, resources):
    indexed = {d.district for d in all_documents}
    missing = next(d for d in resources.gazetteer.districts if d not in indexed)
    body = api(client, "/api/search?q=工会&district=" + quote(missing))
    assert body["total"] == 0 and body["hits"] == []
    assert missing in body["notice"]
    resp = client.get("/search?q=工会&district=" + quote(missing))
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert total_of(html) == 0
    notice = re.search(r'<p class="notice" role="status">([^<]*)</p>', html)
    assert notice and missing in htmllib.unescape(notice.group(1))


def test_page_indents_the_district_tree(client, resources):
    gaz = resources.gazetteer
    html = client.get("/search?q=").get_data(as_text=True)
    facet = html[html.index('id="facet-district"') : html.index('id="facet-topic"')]
    items = re.findall(r'<li(?: class="facet-depth-(\d)")?><a [^>]*data-value="([^"]+)"', facet)
    level = {value: int(n or 0) for n, value in items}
    order = [value for _, value in items]
    assert level[gaz.home_province] == 0
    assert level[gaz.home_city] == 1
    assert order.index(gaz.home_province) < order.index(gaz.home_city)
    assert "未分类" in html[html.index('id="facet-topic"') :]


def test_more_never_separates_a_city_from_its_province(client):
    html = client.get("/search?q=").get_data(as_text=True)
    facet = html[html.index('id="facet-district"') : html.index('id="facet-topic"')]
    if "<details" in facet:
        hidden = facet[facet.index("<details") :]
        first = re.search(r"<li( class=\"facet-depth-\d\")?>", hidden)
        assert first and first.group(1) is None  # the "更多" part starts at a top-level value
    shown = facet.split("<details")[0]
    assert shown.count('data-facet="district"') >= 1
