"""Issue 11, twentieth round: what the page, the JSON API and the export say per hit of a
relaxed result: the words of 未包含 that hit lacks (缺少：…), and nothing on a result that
left no word out for lack of documents. The shipped index, as the other web tests."""

from __future__ import annotations

import csv
import io
import re
from html import unescape
from urllib.parse import quote

import pytest

from tests.openapi_schema import assert_matches

COAL = "举报小煤矿违法生产 查实了给奖金吗 给多少"
MISSING = re.compile(r'<p class="missing">缺少：(.*?)</p>', re.S)


@pytest.fixture(scope="module")
def openapi(shipped_app) -> dict:
    return shipped_app.test_client().get("/openapi.json").get_json()


def test_api_hits_name_the_words_they_lack(client, openapi):
    body = client.get("/api/search?q=" + quote(COAL)).get_json()
    assert_matches(body, "SearchResponse", openapi)
    left_out = set(body["relaxed"]["dropped"])
    assert body["hits"] and all(isinstance(h["missing"], list) for h in body["hits"])
    assert all(set(h["missing"]) <= left_out for h in body["hits"])
    assert any("奖金" in h["missing"] for h in body["hits"])
    plain = client.get("/api/search?q=" + quote("工会法")).get_json()
    assert_matches(plain, "SearchResponse", openapi)
    assert plain["hits"] and all(h["missing"] is None for h in plain["hits"])


def test_the_page_says_under_each_hit_what_it_lacks(client):
    body = client.get("/api/search?q=" + quote(COAL)).get_json()
    page = client.get("/search?q=" + quote(COAL)).get_data(as_text=True)
    hits = page.split('<li class="hit">')[1:]
    assert len(hits) == len(body["hits"])
    for item, hit in zip(hits, body["hits"], strict=True):
        found = MISSING.search(item)
        if not hit["missing"]:
            assert found is None
            continue
        # The words as text after 缺少：, each struck through: the meaning is in the words.
        assert found is not None
        words = [unescape(w) for w in re.findall(r"<s>(.*?)</s>", found.group(1))]
        assert words == hit["missing"]
    plain = client.get("/search?q=" + quote("工会法")).get_data(as_text=True)
    assert 'class="missing"' not in plain


def test_the_export_lists_what_each_hit_lacks(client):
    body = client.get("/api/search?per_page=100&q=" + quote(COAL)).get_json()
    raw = client.get("/api/search.csv?q=" + quote(COAL)).get_data()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [r["missing"] for r in rows[: len(body["hits"])]] == [
        ";".join(h["missing"]) for h in body["hits"]
    ]
