"""Chinese input over HTTP: /api/suggest, did-you-mean and pinyin on the page and in JSON."""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlsplit

import pytest

from tests.web.conftest import hit_ids, parse, total_of
from tests.web.test_api import assert_error, get_json


def test_suggest_endpoint_is_documented_and_completes_pinyin(client):
    body = get_json(client, "/api/suggest?q=gongh")
    assert body["query"] == "gongh"
    first = body["suggestions"][0]
    texts = [s["text"] for s in body["suggestions"]]
    assert "工会" in texts and len(texts) <= 10
    assert first["kind"] in ("term", "word", "title", "issuer") and first["count"] > 0
    # Each completion links to its search.
    assert parse_qs(urlsplit(first["url"]).query)["q"] == [first["text"]]


def test_suggest_traditional_equals_simplified(client):
    simplified = get_json(client, "/api/suggest?q=" + quote("劳动合"))["suggestions"]
    traditional = get_json(client, "/api/suggest?q=" + quote("勞動合"))["suggestions"]
    assert simplified and traditional == simplified


@pytest.mark.parametrize("q", ["", "%00", quote("<script>"), "zzzzzzzz"])
def test_suggest_odd_input_is_an_answer(client, q):
    body = get_json(client, "/api/suggest?q=" + q)
    assert len(body["suggestions"]) <= 10


def test_suggest_too_long_is_a_400(client):
    assert_error(client, "/api/suggest?q=" + "工" * 501, 400, "query_too_long")


def test_did_you_mean_in_json_and_on_the_page(client):
    body = get_json(client, "/api/search?q=" + quote("公会") + "&district=" + quote("洛阳市"))
    assert body["suggestion"]["q"] == "工会"
    assert body["searched_as"] is None
    # The link runs the suggestion with the same filters.
    args = parse_qs(urlsplit(body["suggestion"]["url"]).query)
    assert args["q"] == ["工会"] and args["district"] == ["洛阳市"]

    html = client.get("/search?q=" + quote("公会")).get_data(as_text=True)
    link = parse(html).xpath('//p[@class="did-you-mean"]/a')
    assert len(link) == 1 and link[0].text_content() == "工会"
    # The page still shows the results of what was typed.
    assert parse(html).xpath('//input[@id="q"]/@value') == ["公会"]
    followed = client.get(link[0].get("href")).get_data(as_text=True)
    assert total_of(followed) == get_json(client, "/api/search?q=" + quote("工会"))["total"]


def test_pinyin_query_on_the_page_says_what_it_searched(client):
    html = client.get("/search?q=gonghui").get_data(as_text=True)
    notice = parse(html).xpath('//p[@class="notice"]')
    assert [n.text_content() for n in notice] == ["按拼音 gonghui 搜索了：工会"]
    chinese = client.get("/search?q=" + quote("工会")).get_data(as_text=True)
    assert hit_ids(html) == hit_ids(chinese) and total_of(html) == total_of(chinese)
    body = get_json(client, "/api/search?q=gonghui")
    assert body["searched_as"] == "工会" and body["query"] == "gonghui"


def test_search_box_is_wired_to_the_suggest_script(client):
    html = client.get("/").get_data(as_text=True)
    tree = parse(html)
    assert tree.xpath('//input[@id="q"]/@data-suggest-url') == ["/api/suggest"]
    src = tree.xpath("//script/@src")
    assert src == ["/static/suggest.js"]
    assert not [s for s in tree.xpath("//script") if (s.text or "").strip()]  # no inline
    assert client.get(src[0]).status_code == 200
