"""The trend chart on the search page, the /trends and /kwic pages (server-rendered HTML)."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlencode, urlsplit

from lxml import html as lxml_html

from tests.web.test_api import get_json

SVG_NS = "{http://www.w3.org/2000/svg}"


def page(client, url: str):
    resp = client.get(url)
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    return lxml_html.fromstring(resp.get_data(as_text=True))


def bars(tree):
    """(href, title) of every bar of the first chart."""
    svg = tree.xpath("//svg")[0]
    out = []
    for rect in svg.xpath(".//rect[contains(@class, 'bar')]"):
        parent = rect.getparent()
        href = parent.get("href") if parent.tag == "a" else None
        out.append((href, rect.xpath("./title")[0].text_content()))
    return out


def test_search_page_charts_the_query_by_year(shipped_client):
    trend = get_json(shipped_client, "/api/trends?" + urlencode({"q": "农民工"}))
    tree = page(shipped_client, "/search?" + urlencode({"q": "农民工"}))
    found = bars(tree)
    assert len(found) == len(trend["buckets"]) > 3
    for (href, title), bucket in zip(found, trend["buckets"], strict=True):
        c = bucket["counts"][0]
        # The tooltip has the rate per 10,000 characters and the raw counts.
        assert f"每万字 {c['rate_per_10k']:.2f} 次" in title
        assert f"出现 {c['occurrences']} 次" in title and f"{c['documents']}/" in title
        if bucket["value"] is not None:
            query = parse_qs(urlsplit(href).query)
            assert urlsplit(href).path == "/search"
            assert query["q"] == ["农民工"] and query["year"] == [str(bucket["value"])]
    svg = tree.xpath("//svg")[0]
    assert {"年份", "每万字出现次数"} <= {t.text_content() for t in svg.xpath(".//text")}
    # The table fallback holds the same numbers.
    rows = tree.xpath("//table[contains(@class, 'trend-table')]/tbody/tr")
    assert len(rows) == len(trend["buckets"])
    first = [td.text_content() for td in rows[0].xpath("./td")]
    b = trend["buckets"][0]
    assert first[0] == str(b["documents"]) and first[3] == str(b["counts"][0]["occurrences"])


def test_following_a_bar_gives_the_search_filtered_to_that_year(shipped_client):
    tree = page(shipped_client, "/search?" + urlencode({"q": "新就业形态"}))
    href, title = next((h, t) for h, t in bars(tree) if h and "出现 0 次" not in t)
    documents = int(re.search(r"(\d+)/\d+ 篇文档", title).group(1))
    year = parse_qs(urlsplit(href).query)["year"][0]
    body = get_json(shipped_client, "/api/search?" + urlsplit(href).query)
    assert body["total"] >= documents > 0  # a search also finds the words apart
    assert all(h["year"] == int(year) for h in body["hits"])


def test_chart_text_is_escaped(shipped_client):
    evil = '<script>alert("x")</script>'
    resp = shipped_client.get("/trends?" + urlencode([("q", "工会"), ("q", evil)]))
    text = resp.get_data(as_text=True)
    assert "<script>alert" not in text
    tree = lxml_html.fromstring(text)
    titles = [t.text_content() for t in tree.xpath("//svg//title")]
    legend = [t.text_content() for t in tree.xpath("//svg//*[@class='legend']")]
    assert legend == ["工会", evil]  # shown as text, not markup
    assert any(evil in t for t in titles)


def test_no_chart_without_a_query_or_a_literal_match(shipped_client):
    assert not page(shipped_client, "/search").xpath("//svg")
    assert not page(shipped_client, "/search?q=zzzqqq").xpath("//svg")


def test_trends_page_compares_terms(shipped_client):
    params = [("q", "农民工"), ("q", "新就业形态"), ("by", "district"), ("year_from", "2015")]
    trend = get_json(shipped_client, "/api/trends?" + urlencode(params))
    tree = page(shipped_client, "/trends?" + urlencode(params))
    found = bars(tree)
    assert len(found) == 2 * len(trend["buckets"])
    legend = [t.text_content() for t in tree.xpath("//svg//*[@class='legend']")]
    assert legend == ["农民工", "新就业形态"]
    assert [i.get("value") for i in tree.xpath("//input[@name='q']")][:2] == [
        "农民工",
        "新就业形态",
    ]
    links = {a.text_content(): a.get("href") for a in tree.xpath("//p[@class='api-link']/a")}
    assert links["CSV"].startswith("/api/trends.csv?") and "year_from=2015" in links["CSV"]
    csv_resp = shipped_client.get(links["CSV"])
    assert csv_resp.status_code == 200 and csv_resp.get_data().startswith("\ufeff".encode())
    for href, _ in found:
        if href:
            query = parse_qs(urlsplit(href).query)
            assert len(query["district"]) == 1 and query["year_from"] == ["2015"]


def test_kwic_page_lists_lines_with_links(shipped_client):
    body = get_json(shipped_client, "/api/kwic?q=农民工&sort=left&width=12")
    tree = page(shipped_client, "/kwic?q=农民工&sort=left&width=12")
    rows = tree.xpath("//table[@class='kwic']/tbody/tr")
    assert len(rows) == len(body["lines"]) == 50
    for row, line in zip(rows, body["lines"], strict=True):
        cells = [td.text_content() for td in row.xpath("./td")]
        assert cells[:3] == [line["left"], line["match"], line["right"]]
        assert unescape(row.xpath("./td[@class='match']/a")[0].get("href")) == line["url"]
    assert tree.xpath("//a[@class='next']")
    current = tree.xpath("//nav[@aria-label='排序']//strong")[0].text_content()
    assert current == "左侧语境"


def test_research_links_on_the_search_page(shipped_client):
    tree = page(shipped_client, "/search?" + urlencode({"q": "农民工", "district": "全国"}))
    hrefs = [a.get("href") for a in tree.xpath("//a")]
    assert any(h.startswith("/api/search.csv?") and "district" in h for h in hrefs)
    assert any(h.startswith("/api/search.jsonl?") for h in hrefs)
    assert any(h.startswith("/kwic?") and "district" in h for h in hrefs)
    assert any(h.startswith("/trends?") for h in hrefs)
