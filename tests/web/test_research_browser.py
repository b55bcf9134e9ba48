"""The research pages in Chromium against a real `union-search serve`: the trend chart on
the search page, the /trends comparison and the concordance's links into documents.

Screenshots go to tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from tests.web.test_browser import ARTIFACTS, page  # noqa: F401 (fixture; browser and server are in conftest)

pytestmark = pytest.mark.slow


def chart_bars(tab):
    return tab.locator("svg.chart rect.bar")


def test_search_page_chart(page, server):  # noqa: F811
    page.goto(server + "/search?" + urlencode({"q": "农民工"}))
    svg = page.locator("svg.chart")
    assert svg.count() == 1 and svg.is_visible()
    bars = chart_bars(page)
    n = bars.count()
    assert n > 3
    titles = [bars.nth(i).locator("title").text_content() for i in range(n)]
    assert all("每万字" in t and "出现" in t for t in titles)
    # Painted: bars have a size on screen.
    box = bars.nth(0).bounding_box()
    assert box and box["width"] > 1
    # The table fallback is in the page for screen readers, not on screen.
    assert page.locator("table.trend-table").count() == 1
    clip = page.locator("table.trend-table").evaluate("t => getComputedStyle(t.parentElement).clip")
    assert clip.replace(" ", "") in ("rect(0px,0px,0px,0px)", "rect(0,0,0,0)"), clip
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search-trend-chart.png"), full_page=True)
    # A bar with matches links to the search filtered to its year.
    index = next(i for i, t in enumerate(titles) if "出现 0 次" not in t)
    link = bars.nth(index).locator("xpath=..")
    year = parse_qs(urlsplit(link.get_attribute("href")).query)["year"][0]
    with page.expect_navigation():
        bars.nth(index).click()
    assert parse_qs(urlsplit(page.url).query)["year"] == [year]
    years = page.locator(".hit time").all_inner_texts()
    assert years and all(y.startswith(year) for y in years)


def test_trends_page_compares_terms(page, server):  # noqa: F811
    page.goto(server + "/trends")
    page.locator("#term-1").fill("农民工")
    page.locator("#term-2").fill("新就业形态")
    with page.expect_navigation():
        page.get_by_role("button", name="比较").click()
    bars = chart_bars(page)
    assert bars.count() > 0 and bars.count() % 2 == 0
    assert page.locator("svg.chart .legend").all_text_contents() == ["农民工", "新就业形态"]
    assert page.locator("table.trend-table").is_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "trends-compare.png"), full_page=True)


def test_concordance_links_to_the_occurrence(page, server):  # noqa: F811
    page.goto(server + "/kwic?" + urlencode({"q": "农民工", "sort": "right"}))
    rows = page.locator("table.kwic tbody tr")
    assert rows.count() == 50
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "kwic.png"), full_page=False)
    row = rows.nth(7)
    match = row.locator("td.match a")
    right = row.locator("td.right").inner_text()
    with page.expect_navigation():
        match.click()
    fragment = urlsplit(page.url).fragment
    mark = page.locator(f"mark#{fragment}")
    assert mark.count() == 1 and mark.inner_text() == "农民工"
    # The browser scrolled to it, and the text after it is the line's right context.
    box = mark.bounding_box()
    assert box is not None and 0 <= box["y"] < 900
    after = mark.evaluate("m => m.parentElement.textContent")
    start = after.find(right.strip()[:6])
    assert start >= 0
