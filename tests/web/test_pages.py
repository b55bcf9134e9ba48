"""The HTML pages through Flask's test client, read with an HTML parser (lxml.html)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from search import FACETS
from tests.laws import UNION_LAW
from tests.web.conftest import hit_ids, parse, total_of


def page(client, url, status=200) -> str:
    resp = client.get(url)
    assert resp.status_code == status, resp.get_data(as_text=True)[:2000]
    assert resp.mimetype == "text/html"
    return resp.get_data(as_text=True)


def text_of(node) -> str:
    return " ".join(node.text_content().split())


def one(tree, xpath: str):
    found = tree.xpath(xpath)
    assert len(found) == 1, f"{len(found)} matches for {xpath}"
    return found[0]


def hrefs(html: str, css_class: str) -> list[str]:
    """The links whose class list contains ``css_class``, in page order (entities decoded)."""
    return parse(html).xpath(
        f'//a[contains(concat(" ", normalize-space(@class), " "), " {css_class} ")]/@href'
    )


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_home_browses_everything_newest_first(client, shipped_searcher):
    html = page(client, "/")
    tree = parse(html)
    box = one(tree, '//input[@id="q"]')
    assert box.get("name") == "q" and box.get("type") == "search" and box.get("value") == ""
    assert total_of(html) == shipped_searcher.stats().documents
    headings = tree.xpath('//aside[@id="filters"]//h3/text()')
    assert headings == [f.label for f in FACETS]
    assert text_of(one(tree, '//*[@aria-current="true"]')) == "最新"
    assert "相关度" not in tree.text_content()  # nothing to rank by without a query
    assert tree.xpath('//meta[@name="viewport"]') and tree.xpath('//a[@class="skip-link"]')
    # Footer: document count and last reindex time.
    footer = text_of(one(tree, "//footer"))
    assert f"共收录 {shipped_searcher.stats().documents} 篇文档" in footer
    assert "最近索引时间" in footer


def test_search_page_results(client):
    html = page(client, "/search?q=集体协商")
    tree = parse(html)
    assert one(tree, '//input[@id="q"]').get("value") == "集体协商"  # the box keeps the query
    count = text_of(one(tree, '//h2[@class="result-count"]'))
    assert re.fullmatch(rf"找到 {total_of(html)} 篇文档，用时 [\d.]+ 毫秒", count)
    assert "集体协商" in tree.xpath('//li[@class="hit"]//mark/text()')
    assert text_of(one(tree, '//*[@aria-current="true"]')) == "相关度"
    assert len(hit_ids(html)) == 10
    # Result links carry the query and jump to the first match.
    first = tree.xpath('//h3[@class="hit-title"]/a/@href')[0]
    assert query_of(first)["q"] == ["集体协商"] and urlsplit(first).fragment == "first-match"
    assert one(tree, '//nav[@class="pager"]//*[contains(@class, "prev")]').text == "上一页"
    assert one(tree, '//a[@rel="next"]').text == "下一页"


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


def facet_items(html: str, facet: str):
    return parse(html).xpath(f'//a[@data-facet="{facet}"]')


def depth_of(link) -> int:
    """The hierarchy depth of a facet link, from its list item's facet-depth-N class."""
    classes = (link.getparent().get("class") or "").split()
    return next((int(c.rsplit("-", 1)[1]) for c in classes if c.startswith("facet-depth-")), 0)


def test_facet_link_toggles_and_chip_removes(client):
    html = page(client, "/search?q=工会")
    before = total_of(html)
    districts = facet_items(html, "district")
    assert len(districts) >= 3
    # A value with nothing listed under it (the next one is not deeper), past the first, so
    # that its hits all show it as their district.
    levels = [depth_of(a) for a in districts] + [0]
    link = districts[next(i for i in range(1, len(districts)) if levels[i + 1] <= levels[i])]
    url, district = link.get("href"), link.get("data-value")
    assert query_of(url) == {"q": ["工会"], "district": [district]}  # back to page 1
    narrowed = page(client, url)
    after = total_of(narrowed)
    assert 0 < after < before
    shown = parse(narrowed).xpath('//li[@class="hit"]//span[@class="district"]/text()')
    assert shown == [district] * len(hit_ids(narrowed))
    # Selected: the value is marked, and the other districts are still listed with counts.
    selected = [a for a in facet_items(narrowed, "district") if "selected" in a.classes]
    assert [a.get("data-value") for a in selected] == [district]
    assert len(facet_items(narrowed, "district")) == len(districts)
    # The chip at the top removes the filter again; the selected facet link does too.
    chip = hrefs(narrowed, "chip")[0]
    assert total_of(page(client, chip)) == before
    assert total_of(page(client, selected[0].get("href"))) == before


def test_paging_links_keep_parameters(client):
    html = page(client, "/search?q=工会&district=全国&per_page=5")
    nxt = one(parse(html), '//a[@rel="next"]')
    assert nxt.text == "下一页"
    url = nxt.get("href")
    assert query_of(url) == {"q": ["工会"], "district": ["全国"], "per_page": ["5"], "page": ["2"]}
    second = page(client, url)
    assert text_of(one(parse(second), '//*[@aria-current="page"]')) == "2"
    assert set(hit_ids(second)).isdisjoint(hit_ids(html))
    prev = one(parse(second), '//a[@rel="prev"]')
    assert prev.text == "上一页"
    assert hit_ids(page(client, prev.get("href"))) == hit_ids(html)


def test_sort_switch(client):
    html = page(client, "/search?q=工会")
    sorts = {a.text: a.get("href") for a in parse(html).xpath('//a[@class="sort"]')}
    assert set(sorts) == {"最新", "最早"}
    newest = page(client, sorts["最新"])
    tree = parse(newest)
    assert text_of(one(tree, '//*[@aria-current="true"]')) == "最新"
    dates = tree.xpath('//li[@class="hit"]/p[@class="meta"]/time/@datetime')
    assert dates and dates == sorted(dates, reverse=True)


def test_empty_state_suggests_changes(client):
    html = page(client, "/search?q=邮递员罢工无关词&district=全国&year=2013")
    assert total_of(html) == 0
    empty = text_of(one(parse(html), '//div[@class="empty"]'))
    assert "没有找到" in empty
    assert "移除筛选条件" in empty and "清除全部筛选" in empty
    assert "错别字" in empty
    removals = hrefs(html, "chip")
    assert any("district" not in query_of(u) for u in removals)
    assert any("year" not in query_of(u) for u in removals)


def test_notice_shown_when_read_as_plain_text(client):
    html = page(client, "/search?q=" + quote('工会 "'))
    body = client.get("/api/search?q=" + quote('工会 "')).get_json()
    assert body["notice"] and body["total"] > 0
    assert one(parse(html), '//p[@class="notice"]').text == body["notice"]
    assert not parse(page(client, "/search?q=工会")).xpath('//p[@class="notice"]')


def test_document_page_highlights_the_query(client):
    html = page(client, f"/doc/{quote(UNION_LAW)}?q=工会")
    tree = parse(html)
    assert {m.text_content() for m in tree.xpath("//article//mark")} == {"工会"}
    marks = tree.xpath('//div[@class="doc-body"]//mark')  # the count is of the body's
    assert len(marks) > 5 and marks[0].get("id") == "first-match"
    assert f"共有 {len(marks)} 处匹配" in text_of(one(tree, '//p[@class="match-count"]'))
    for a in tree.xpath('//a[@target="_blank"]'):
        assert a.get("rel") == "noopener noreferrer"
    assert tree.xpath('//a[@rel="noopener noreferrer"]')
    assert one(tree, '//h2[@id="related-heading"]').text == "相关文档"
    related = tree.xpath('//aside[@class="related"]//a/@href')
    assert related and all(u.startswith("/doc/") and "q" not in query_of(u) for u in related)
    assert page(client, related[0])  # related links work
    assert not parse(page(client, f"/doc/{quote(UNION_LAW)}")).xpath("//mark")
    # Raw (unquoted) ids work too.
    raw_id_page = parse(page(client, "/doc/" + UNION_LAW))
    assert "中华人民共和国工会法" in one(raw_id_page, "//h1").text_content()


def test_result_links_open_highlighted_documents(client):
    html = page(client, "/search?q=工资集体协商")
    for url in parse(html).xpath('//h3[@class="hit-title"]/a/@href')[:3]:
        doc = parse(page(client, url.split("#")[0]))
        assert one(doc, '//*[@id="first-match"]').tag == "mark"


def test_about_page(client, shipped_searcher):
    stats = shipped_searcher.stats()
    tree = parse(page(client, "/about"))
    assert one(tree, '//dd[@data-stat="documents"]').text == str(stats.documents)
    assert one(tree, '//dd[@data-stat="rejected"]').text == str(stats.rejected)
    assert stats.generation in tree.text_content()
    headings = tree.xpath("//h3/text()")
    for facet in FACETS:
        if stats.facets[facet.name]:
            assert f"按{facet.label}" in headings
    top = stats.facets["doc_type"][0]
    rows = [[text_of(td) for td in tr.xpath("td")] for tr in tree.xpath("//tbody/tr")]
    assert [str(top.value), str(top.count)] in rows


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
    tree = parse(page(client, "/search?" + query, 400))
    assert one(tree, "//*[@data-code]").get("data-code") == code
    assert "请求有误" in tree.text_content()
    assert tree.xpath('//form[@class="searchbox"]')


def test_not_found_pages(client):
    tree = parse(page(client, "/doc/no/such/document.txt", 404))
    assert "页面不存在" in tree.text_content()
    page(client, "/nothing-here", 404)
    resp = client.post("/search", data={"q": "x"})
    assert resp.status_code == 405 and resp.mimetype == "text/html"


OUR_SCRIPTS = ("/static/suggest.js", "/static/matchnav.js")  # web/static, no inline code


def only_our_script(tree) -> bool:
    """Every page loads the search box's own file once; document pages add match
    navigation; no other script and no inline code."""
    scripts = tree.xpath("//script")
    srcs = [s.get("src") for s in scripts]
    return (
        srcs.count(OUR_SCRIPTS[0]) == 1
        and all(src in OUR_SCRIPTS for src in srcs)
        and not any((s.text or "").strip() for s in scripts)
    )


def test_xss_query_is_escaped_in_html(client):
    payload = "<script>alert(1)</script>"
    for url in (
        f"/search?q={quote(payload)}",
        f"/doc/{quote(UNION_LAW)}?q={quote(payload)}",
        f"/search?q=x&district={quote(payload)}",
    ):
        html = page(client, url)
        assert "<script>" not in html
        tree = parse(html)
        assert only_our_script(tree)
        assert payload in tree.text_content() or payload in tree.xpath("//input/@value")
    html = page(client, "/search?year=" + quote('1"><script>'), 400)
    assert "<script>" not in html and only_our_script(parse(html))


def test_no_inline_scripts_or_styles(client):
    for url in ("/", "/search?q=工会", "/about", f"/doc/{quote(UNION_LAW)}?q=工会"):
        tree = parse(page(client, url))
        assert not tree.xpath("//script[not(@src)]"), url
        assert not tree.xpath("//style | //*[@style]"), url
        assert not tree.xpath("//@*[starts-with(name(), 'on')]"), url


# -- accessibility in the markup (issue 17; axe-core and the keyboard in test_accessibility) --


def title_of(html: str) -> str:
    return one(parse(html), "/html/head/title").text


def test_titles_name_the_query_filters_page_and_no_results(client):
    assert title_of(page(client, "/search?q=工会")) == "“工会”的搜索结果 - 工会文档检索"
    assert title_of(page(client, "/")) == "全部文档 - 工会文档检索"
    second = title_of(page(client, "/search?q=工会&district=全国&district=北京市&page=2"))
    assert second.startswith("“工会”的搜索结果 - ") and second.endswith(" - 第 2 页 - 工会文档检索")
    assert "地区：全国、北京市" in second and "无结果" not in second
    years = title_of(page(client, "/search?year_from=2010&year_to=2020&doc_type=法律"))
    assert "类型：法律" in years and "起始年份：2010" in years and "截止年份：2020" in years
    none = page(client, "/search?q=邮递员罢工无关词&year=2013")
    assert total_of(none) == 0
    assert title_of(none).startswith("“邮递员罢工无关词”的搜索结果（无结果） - 年份：2013")


@pytest.mark.parametrize(
    "url,status",
    [
        ("/", 200),
        ("/search?q=工会&district=全国", 200),
        ("/search?q=邮递员罢工无关词", 200),
        (f"/doc/{quote(UNION_LAW)}?q=工会", 200),
        ("/about", 200),
        ("/nothing-here", 404),
        ("/search?page=0", 400),
    ],
)
def test_every_page_has_one_h1_and_working_skip_links(client, url, status):
    tree = parse(page(client, url, status))
    assert text_of(one(tree, "//h1"))
    for href in tree.xpath('//a[@class="skip-link"]/@href'):
        target = one(tree, f'//*[@id="{href.removeprefix("#")}"]')
        assert target.get("tabindex") == "-1"  # the browser moves focus there


def test_results_heading_is_a_heading_with_the_status_inside(client):
    tree = parse(page(client, "/search?q=工会&district=全国"))
    assert text_of(one(tree, "//h1")) == "“工会”的搜索结果"
    heading = one(tree, '//h2[@id="results-heading"]')
    assert heading.get("role") is None
    assert re.fullmatch(
        r"找到 \d+ 篇文档，用时 [\d.]+ 毫秒", text_of(one(heading, './span[@role="status"]'))
    )
    # The result titles are h3 under that h2, inside the results section.
    assert tree.xpath('//section[@id="results"]//h3[@class="hit-title"]')
    assert [a.get("href") for a in tree.xpath('//a[@class="skip-link"]')] == ["#main", "#results"]
    assert one(tree, '//div[@class="chips"]').get("role") == "group"


def test_facets_expose_state_and_lead_back_to_their_group(client):
    html = page(client, "/search?q=工会&district=全国")
    tree = parse(html)
    links = tree.xpath("//a[@data-facet]")
    assert links
    for a in links:
        facet = a.get("data-facet")
        group = one(tree, f'//section[@id="{urlsplit(a.get("href")).fragment}"]')
        assert group.get("id") == f"facet-{facet}" and group.get("tabindex") == "-1"
        assert a in group.iter("a")  # the link returns to the group it is in
        count = text_of(one(a, './span[@class="count"]'))
        assert re.fullmatch(r"\d+ 篇(，已选，点击取消)?", count), count
        selected = "selected" in a.classes
        assert (a.get("aria-current") == "true") == selected
        assert ("已选" in count) == selected
    assert [a.get("data-value") for a in links if a.get("aria-current")] == ["全国"]
    # The year range: named inputs, and the form returns to the year facet too.
    for field, name in (("year_from", "起始年份"), ("year_to", "截止年份")):
        assert one(tree, f'//label[@for="{field}"]').text == name
    form = one(tree, '//form[@class="year-range"]')
    assert urlsplit(form.get("action")).fragment == "facet-year"


def test_sort_and_page_links_lead_back_to_the_results(client):
    html = page(client, "/search?q=工会&per_page=5&page=2")
    links = hrefs(html, "sort") + hrefs(html, "page") + hrefs(html, "prev") + hrefs(html, "next")
    assert len(links) > 4
    assert {urlsplit(u).fragment for u in links} == {"results"}
