"""What the page and the API say about how a query was understood: words left out, forms
also searched, the looser set; the level; years as people write them; raw UTF-8 in the
request line under the real server."""

from __future__ import annotations

import html
import json
import re
import socket
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from tests.openapi_schema import assert_matches
from tests.serving import running_server
from tests.web.conftest import hit_ids, total_of


@pytest.fixture(scope="module")
def openapi(shipped_app) -> dict:
    return shipped_app.test_client().get("/openapi.json").get_json()


def api(client, query: str, status: int = 200) -> dict:
    resp = client.get("/api/search?" + query)
    assert resp.status_code == status, resp.get_data(as_text=True)
    return resp.get_json()


def test_api_reports_words_left_out_and_forms_searched(client, openapi):
    body = api(client, "q=" + quote("加班费怎么算"))
    assert_matches(body, "SearchResponse", openapi)
    assert body["relaxed"] == {"dropped": ["怎么算"], "question_words": ["怎么算"]}
    assert body["total"] > 0
    assert {"word": "加班费", "also": body["expansions"][0]["also"]} == body["expansions"][0]
    assert "加班工资" in body["expansions"][0]["also"]
    plain = api(client, "q=" + quote("工会"))
    assert plain["relaxed"] is None and plain["expansions"] == [] and plain["fallback"] == []
    assert plain["partial"] is None
    few = api(client, "q=" + quote("工资 发一次"))
    assert_matches(few, "SearchResponse", openapi)
    assert few["partial"]["dropped"] == ["发一次"] and few["total"] > few["partial"]["complete"]
    numbers = api(client, "q=" + quote("第82条"))
    assert numbers["expansions"] == [{"word": "第82条", "also": ["第八十二条"]}]


def test_api_fallback_and_the_looser_set(client, openapi):
    strict = api(client, "q=" + quote("稳就业"))
    assert strict["match"] == "phrase" and strict["looser"]
    assert parse_qs(urlsplit(strict["looser"]).query)["match"] == ["any_order"]
    loose = client.get(strict["looser"]).get_json()
    assert_matches(loose, "SearchResponse", openapi)
    assert loose["match"] == "any_order" and loose["looser"] is None
    assert loose["total"] > strict["total"]
    nowhere = api(client, "q=" + quote("稳就业平台经济"))
    assert nowhere["fallback"] and nowhere["fallback"][0]["word"] == "稳就业平台经济"
    assert nowhere["notice"] and nowhere["total"] > 0
    assert api(client, "q=a&match=loose", status=400)["error"]["code"] == "bad_match"


@pytest.mark.parametrize("year", ["2013年", "２０１３", " 2013 ", "２０１３年"])
def test_years_as_people_write_them(client, year):
    expected = api(client, "year=2013")
    assert expected["total"] > 0
    body = api(client, "year=" + quote(year))
    assert body["total"] == expected["total"]
    ranged = api(client, f"year_from={quote(year)}&year_to={quote(year)}")
    assert ranged["total"] == expected["total"]


@pytest.mark.parametrize("year", ["二〇一三", "2013年年", "year"])
def test_other_years_are_still_refused(client, year):
    assert api(client, "year=" + quote(year), status=400)["error"]["code"] == "bad_year"


def test_level_on_hits_and_as_a_facet(client):
    body = api(client, "q=" + quote("工会") + "&level=" + quote("法律"))
    assert body["hits"] and all(h["level"] == "法律" for h in body["hits"])
    levels = [fc["value"] for fc in body["facets"]["level"]]
    assert levels[0] == "法律"
    doc = client.get("/api/documents/" + quote(body["hits"][0]["id"])).get_json()
    assert doc["level"] == "法律"


def test_page_says_what_was_left_out_and_also_searched(client):
    page = client.get("/search?q=" + quote("加班费怎么算")).get_data(as_text=True)
    assert "未包含：<s>怎么算</s>" in page
    assert "也搜索了：" in page and "加班工资" in page and "延长工作时间＋工资报酬" in page
    assert total_of(page) > 0
    page = client.get("/search?q=" + quote("劳动合同法 第82条")).get_data(as_text=True)
    assert "也搜索了：第八十二条" in page
    assert '<span class="level" title="效力级别">法律</span>' in page


def test_page_names_a_form_two_words_share_once(client):
    body = client.get("/api/search?q=" + quote("公司 老板 加班")).get_json()
    forms = [f for e in body["expansions"] for f in e["also"]]
    assert forms.count("用人单位") == 2  # the API says which word each form stands for
    page = client.get("/search?q=" + quote("公司 老板 加班")).get_data(as_text=True)
    shown = re.search(r"也搜索了：([^<]*)", page)
    assert shown and shown.group(1).split("、").count("用人单位") == 1


def test_page_offers_the_looser_set_and_back(client):
    page = client.get("/search?q=" + quote("稳就业")).get_data(as_text=True)
    link = re.search(r'<p class="notice looser">[^<]*<a href="([^"]+)"', page)
    assert link
    loose = client.get(html.unescape(link.group(1))).get_data(as_text=True)
    assert total_of(loose) > total_of(page)
    assert set(hit_ids(page)) <= set(hit_ids(loose)) or total_of(loose) > 10
    back = re.search(r'<p class="notice looser">[^<]*<a href="([^"]+)"', loose)
    assert back and "match=" not in html.unescape(back.group(1))
    # A new query typed into the box starts again from the exact set.
    assert 'name="match"' not in loose


# -- raw UTF-8 in the request line, under the real server ---------------------------


def raw_get(base: str, target: bytes) -> tuple[int, bytes, bytes]:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, head, body


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_raw_utf8_request_line_works_under_serve(shipped_index, shipped_client, tmp_path):
    expected = shipped_client.get("/api/search?q=" + quote("工会")).get_json()
    with running_server(shipped_index.index_dir, tmp_path / "serve.log", workers=1) as base:
        status, head, body = raw_get(base, "/api/search?q=工会".encode())
        assert status == 200, body[:300]
        data = json.loads(body)
        assert data["query"] == "工会" and data["total"] == expected["total"]
        # The page, and a path with raw UTF-8, too.
        status, _, body = raw_get(base, "/search?q=加班费怎么算".encode())
        assert status == 200 and "未包含".encode() in body
        doc_id = expected["hits"][0]["id"]
        status, _, body = raw_get(base, ("/api/documents/" + doc_id).encode())
        assert status == 200 and json.loads(body)["id"] == doc_id
        # Control characters are still refused, and not with a page that echoes them.
        status, _, _ = raw_get(base, "/api/search?q=工\x01会".encode())
        assert status == 400


def test_api_and_page_show_an_automatic_correction_with_a_way_back(client, openapi):
    body = api(client, "q=" + quote("公会法"))
    assert_matches(body, "SearchResponse", openapi)
    assert body["query"] == "公会法" and body["corrected"]["q"] == "工会法"
    original = body["corrected"]["original"]
    assert parse_qs(urlsplit(original).query)["spelling"] == ["off"]
    back = client.get(original).get_json()
    assert back["corrected"] is None and back["suggestion"]["q"] == "工会法"
    page = client.get("/search?q=" + quote("公会法")).get_data(as_text=True)
    assert "已显示“工会法”的结果" in page and "仍然搜索“公会法”" in page
    link = re.search(r'href="([^"]*spelling=off[^"]*)"', page)
    assert link and "仍然搜索" not in client.get(html.unescape(link.group(1))).get_data(
        as_text=True
    )
    assert api(client, "q=x&spelling=maybe", 400)["error"]["code"] == "bad_spelling"


def test_expanded_words_link_to_the_exact_set(client, openapi, shipped_searcher):
    from search import SearchRequest
    from tests.search.conftest import contains

    all_documents, page_no = [], 1
    while True:  # every document, through the facade
        listing = shipped_searcher.search(SearchRequest(per_page=100, page=page_no))
        all_documents += [shipped_searcher.document(h.id) for h in listing.hits]
        if not listing.has_next:
            break
        page_no += 1

    body = api(client, "q=" + quote("欠薪"))
    assert_matches(body, "SearchResponse", openapi)
    assert body["expansions"] and body["exact"]
    assert parse_qs(urlsplit(body["exact"]).query)["q"] == ['"欠薪"']
    exact = client.get(body["exact"]).get_json()
    literal = {d.id for d in all_documents if contains(d, "欠薪")}
    assert exact["total"] == len(literal) <= body["total"] and exact["exact"] is None
    page = client.get("/search?q=" + quote("欠薪")).get_data(as_text=True)
    assert "只看原样包含所输入文字的文档" in page
    assert api(client, "q=" + quote("工会"))["exact"] is None
