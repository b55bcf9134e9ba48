"""The HTML pages through Flask's test client."""

from __future__ import annotations

import html as htmllib
import re
from urllib.parse import quote

import pytest

from tests.web.conftest import hit_ids, total_of

LAW_ID = "laws/national-laws/0161-中华人民共和国工会法.txt"


def page(client, url, status=200) -> str:
    resp = client.get(url)
    assert resp.status_code == status, resp.get_data(as_text=True)[:2000]
    assert resp.mimetype == "text/html"
    return resp.get_data(as_text=True)


def links(html: str, css_class: str) -> list[str]:
    return [
        htmllib.unescape(u)
        for u in re.findall(rf'<a class="{css_class}[^"]*" href="([^"]+)"', html)
    ]


def test_home_browses_everything_newest_first(client, shipped_searcher):
    html = page(client, "/")
    assert '<input id="q" name="q" type="search" value=""' in html
    assert total_of(html) == shipped_searcher.stats().documents
    for label in ("年份", "地区", "主题", "类型"):
        assert f">{label}</h3>" in html
    assert 'aria-current="true">最新<' in html
    assert "相关度" not in html  # nothing to rank by without a query
    assert 'name="viewport"' in html and 'class="skip-link"' in html
    # Footer: document count and last reindex time.
    assert re.search(r"共收录 <strong>\d+</strong> 篇文档", html)
    assert "最近索引时间" in html


def test_search_page_results(client):
    html = page(client, "/search?q=集体协商")
    assert 'value="集体协商"' in html  # the box keeps the query
    assert re.search(r"找到 <strong data-total=\"\d+\">\d+</strong> 篇文档，用时 [\d.]+ 毫秒", html)
    assert "<mark>集体协商</mark>" in html
    assert 'aria-current="true">相关度<' in html
    ids = hit_ids(html)
    assert len(ids) == 10
    # Result links carry the query and jump to the first match.
    first = re.search(r'<h3 class="hit-title"><a href="([^"]+)"', html).group(1)
    assert "?q=" in first and first.endswith("#first-match")
    assert "上一页" in html and "下一页" in html


@pytest.mark.parametrize(
    "params",
    [
        "q=工资集体协商",
        "q=工会&district=全国&sort=newest&page=2",
        "q=劳动合同&per_page=5&page=3",
        "year_from=2010&year_to=2020&sort=oldest",
        "q=工会 -劳动",
    ],
)
def test_html_and_json_give_the_same_hits(client, params):
    html = page(client, "/search?" + params)
    body = client.get("/api/search?" + params).get_json()
    assert hit_ids(html) == [h["id"] for h in body["hits"]]
    assert total_of(html) == body["total"]


def test_facet_link_toggles_and_chip_removes(client):
    html = page(client, "/search?q=工会")
    before = total_of(html)
    facet_links = re.findall(
        r'<a class="facet-value" href="([^"]+)"\s+data-facet="district" data-value="([^"]+)">', html
    )
    assert len(facet_links) >= 3
    url, district = htmllib.unescape(facet_links[1][0]), facet_links[1][1]
    assert "q=" in url and "district=" in url and "page=" not in url
    narrowed = page(client, url)
    after = total_of(narrowed)
    assert 0 < after < before
    assert narrowed.count(f'<span class="district">{district}</span>') == len(hit_ids(narrowed))
    # Selected: checkbox shows checked, and other districts are still listed with counts.
    assert 'class="facet-value selected" href="' in narrowed
    assert len(re.findall(r'data-facet="district"', narrowed)) == len(
        re.findall(r'data-facet="district"', html)
    )
    # The chip at the top removes the filter again; the selected facet link does too.
    chip = links(narrowed, "chip")[0]
    assert total_of(page(client, chip)) == before
    selected = re.search(r'<a class="facet-value selected" href="([^"]+)"', narrowed).group(1)
    assert total_of(page(client, htmllib.unescape(selected))) == before


def test_paging_links_keep_parameters(client):
    html = page(client, "/search?q=工会&district=全国&per_page=5")
    nxt = re.search(r'<a class="next" href="([^"]+)" rel="next">下一页</a>', html)
    assert nxt
    url = htmllib.unescape(nxt.group(1))
    assert "district=" in url and "per_page=5" in url and "page=2" in url and "q=" in url
    second = page(client, url)
    assert 'aria-current="page">2<' in second
    assert set(hit_ids(second)).isdisjoint(hit_ids(html))
    prev = re.search(r'<a class="prev" href="([^"]+)" rel="prev">上一页</a>', second)
    assert hit_ids(page(client, htmllib.unescape(prev.group(1)))) == hit_ids(html)


def test_sort_switch(client):
    html = page(client, "/search?q=工会")
    sorts = dict(
        (label, htmllib.unescape(u))
        for u, label in re.findall(r'<a class="sort" href="([^"]+)">(\S+)</a>', html)
    )
    assert set(sorts) == {"最新", "最早"}
    newest = page(client, sorts["最新"])
    assert 'aria-current="true">最新<' in newest
    dates = re.findall(r'<p class="meta">\s*<time datetime="([\d-]+)"', newest)
    assert dates == sorted(dates, reverse=True)


def test_empty_state_suggests_changes(client):
    html = page(client, "/search?q=邮递员罢工无关词&district=全国&year=2013")
    assert total_of(html) == 0
    assert "没有找到" in html
    assert "移除筛选条件" in html and "清除全部筛选" in html
    assert "减少关键词" in html and "错别字" in html
    removals = links(html, "chip")
    assert any("district" not in u for u in removals)


def test_notice_shown_when_read_as_plain_text(client):
    html = page(client, "/search?q=" + quote('工会 "'))
    body = client.get("/api/search?q=" + quote('工会 "')).get_json()
    assert body["notice"] and body["total"] > 0
    assert htmllib.escape(body["notice"], quote=False) in html
    assert 'class="notice"' in html
    assert 'class="notice"' not in page(client, "/search?q=工会")


def test_document_page_highlights_the_query(client):
    html = page(client, f"/doc/{quote(LAW_ID)}?q=工会")
    assert 'id="first-match"' in html
    assert html.count("<mark") > 5
    assert "处匹配" in html
    assert 'rel="noopener noreferrer"' in html
    assert "相关文档" in html
    related = re.findall(r'<li><a href="(/doc/[^"]+)">', html)
    assert related and all("?q=" not in u for u in related)
    assert page(client, related[0])  # related links work
    plain = page(client, f"/doc/{quote(LAW_ID)}")
    assert "<mark" not in plain
    # Raw (unquoted) ids work too.
    assert "中华人民共和国工会法" in page(client, "/doc/" + LAW_ID)


def test_result_links_open_highlighted_documents(client):
    html = page(client, "/search?q=工资集体协商")
    for url in re.findall(r'<h3 class="hit-title"><a href="([^"]+)"', html)[:3]:
        doc = page(client, htmllib.unescape(url).split("#")[0])
        assert 'id="first-match"' in doc


def test_about_page(client, shipped_searcher):
    stats = shipped_searcher.stats()
    html = page(client, "/about")
    assert f'data-stat="documents">{stats.documents}<' in html
    assert f'data-stat="rejected">{stats.rejected}<' in html
    assert stats.generation in html
    assert "按类型" in html and "按年份" in html and "按地区" in html
    top = stats.facets["doc_type"][0]
    assert f">{top.value}</a></td><td>{top.count}<" in html


@pytest.mark.parametrize(
    "query,code",
    [
        ("page=0", "bad_page"),
        ("page=abc", "bad_page"),
        ("per_page=1000", "bad_per_page"),
        ("year=abc", "bad_year"),
        ("sort=bogus", "bad_sort"),
        ("q=" + "劳" * 600, "query_too_long"),
    ],
)
def test_bad_parameters_give_a_400_page(client, query, code):
    html = page(client, "/search?" + query, 400)
    assert f'data-code="{code}"' in html
    assert "请求有误" in html
    assert '<form class="searchbox"' in html


def test_not_found_pages(client):
    html = page(client, "/doc/no/such/document.txt", 404)
    assert "页面不存在" in html
    page(client, "/nothing-here", 404)
    resp = client.post("/search", data={"q": "x"})
    assert resp.status_code == 405 and resp.mimetype == "text/html"


def test_xss_query_is_escaped_in_html(client):
    payload = "<script>alert(1)</script>"
    for url in (
        f"/search?q={quote(payload)}",
        f"/doc/{quote(LAW_ID)}?q={quote(payload)}",
        f"/search?q=x&district={quote(payload)}",
    ):
        html = page(client, url)
        assert "<script>" not in html
        assert "&lt;script&gt;" in html
    html = page(client, "/search?year=" + quote('1"><script>'), 400)
    assert "<script>" not in html


def test_no_inline_scripts_or_styles(client):
    for url in ("/", "/search?q=工会", "/about", f"/doc/{quote(LAW_ID)}?q=工会"):
        html = page(client, url)
        assert "<script" not in html
        assert " style=" not in html and "<style" not in html
