"""End to end: a real `union-search serve` (gunicorn) driven by Chromium via Playwright.

Screenshots go to tests/artifacts/ (gitignored) for a person to look at. The `server` and
`browser` fixtures are in conftest.py (the accessibility tests share them).
"""

from __future__ import annotations

import re

import pytest

from tests.reports import HARBIN_REPORT
from union_search.config import PROJECT_ROOT

pytestmark = pytest.mark.slow

ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"
QUERY = "工资集体协商"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == [], errors  # e.g. CSP violations, missing assets


def total(page) -> int:
    return int(page.locator(".result-count strong").get_attribute("data-total"))


def search_from_box(page, base: str, query: str) -> None:
    page.goto(base + "/")
    box = page.get_by_label("搜索关键词")
    box.fill(query)
    with page.expect_navigation():
        box.press("Enter")


def test_search_from_the_box_shows_highlighted_results(page, server):
    search_from_box(page, server, QUERY)
    assert "/search?q=" in page.url
    assert page.get_by_label("搜索关键词").input_value() == QUERY
    count_text = page.locator(".result-count").inner_text()
    assert re.search(r"找到 \d+ 篇文档，用时 [\d.]+ 毫秒", count_text), count_text
    assert page.locator(".hit").count() == 10
    marks = page.locator(".hit mark")
    assert marks.count() > 10
    assert marks.first.is_visible()
    assert marks.first.inner_text() in QUERY
    # The highlight is really painted (the stylesheet loaded under the CSP).
    bg = marks.first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent")

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search-results.png"), full_page=True)


def test_district_facet_narrows_results(page, server):
    page.goto(server + "/search?q=" + "工会")
    before_text = page.locator(".result-count").inner_text()
    before = total(page)
    # A value with nothing listed under it (the next one is not deeper), past the first, so
    # that its hits all show it as their district.
    links = page.locator('a.facet-value[data-facet="district"]')
    levels = [
        int((cls or "facet-depth-0").rsplit("-", 1)[1])
        for cls in links.evaluate_all("els => els.map(e => e.parentElement.className)")
    ] + [0]
    leaf = next(i for i in range(1, links.count()) if levels[i + 1] <= levels[i])
    facet = links.nth(leaf)
    district = facet.get_attribute("data-value")
    with page.expect_navigation():
        facet.click()
    after_text = page.locator(".result-count").inner_text()
    after = total(page)
    assert after_text != before_text
    assert 0 < after < before
    districts = page.locator(".hit .district").all_inner_texts()
    assert districts and all(d == district for d in districts)
    assert page.locator(".hit").count() == len(districts)
    # Shown as checked, and as a removable chip at the top.
    selected = page.locator(f'a.facet-value.selected[data-value="{district}"]')
    assert selected.count() == 1
    chip = page.locator(".chips a.chip")
    assert district in chip.first.inner_text()
    with page.expect_navigation():
        chip.first.click()
    assert total(page) == before


def test_open_document_jumps_to_first_match(page, server):
    search_from_box(page, server, QUERY)
    first = page.locator(".hit-title a").first
    title = first.inner_text()
    with page.expect_navigation():
        first.click()
    assert page.url.endswith("#first-match")
    assert "/doc/" in page.url
    assert page.locator("h1").inner_text() == title
    mark = page.locator("mark#first-match")
    assert mark.count() == 1 and mark.is_visible()
    # The browser scrolled to it: the mark is inside the viewport.
    box = mark.bounding_box()
    assert box is not None and 0 <= box["y"] < 900 - box["height"]
    assert page.locator(".doc-body mark").count() >= 1
    assert page.locator("a.source").get_attribute("rel") == "noopener noreferrer"


def test_mobile_layout_and_screenshot(browser, server):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        locale="zh-CN",
    )
    page = context.new_page()
    try:
        page.goto(server + "/search?q=" + QUERY)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, "page scrolls sideways on a phone"
        assert page.locator(".hit mark").first.is_visible()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "search-results-mobile.png"), full_page=True)
    finally:
        context.close()


def test_works_without_javascript_and_by_keyboard(browser, server):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    try:
        page.goto(server + "/")
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.className")
        assert focused == "skip-link"
        assert page.locator(".skip-link").first.is_visible()
        page.get_by_label("搜索关键词").fill("集体协商")  # more than one page of hits
        with page.expect_navigation():
            page.get_by_role("button", name="搜索").click()
        assert page.locator(".hit mark").count() > 0
        with page.expect_navigation():
            page.locator("a.next").click()
        assert "page=2" in page.url
        assert page.locator(".pager .current").inner_text() == "2"
    finally:
        context.close()


def in_viewport(page, selector: str, height: int = 900) -> bool:
    box = page.locator(selector).bounding_box()
    return box is not None and 0 <= box["y"] < height - min(box["height"], 40)


def test_report_outline_and_match_navigation(page, server):
    from urllib.parse import quote

    page.goto(f"{server}/doc/{quote(HARBIN_REPORT)}?q={quote('职工')}")
    outline = page.locator("nav.outline")
    assert outline.is_visible()
    link = outline.locator('a[href="#s2-2"]')
    label = link.inner_text()
    link.click()
    page.wait_for_url("**#s2-2")
    assert page.locator("#s2-2").inner_text().startswith(label.rstrip("…"))
    assert in_viewport(page, "#s2-2")
    # The outline stays beside the text while reading (sticky).
    assert outline.bounding_box()["y"] < 900

    # Without the keyboard: 跳到第一处, then the 下一处 link shown beside the targeted match.
    page.locator(".match-count a", has_text="跳到第一处").click()
    page.wait_for_url("**#first-match")
    nav = page.locator("mark#first-match + .match-nav")
    assert nav.is_visible()
    nav.locator("a.match-next").click()
    page.wait_for_url("**#m2")
    assert in_viewport(page, "mark#m2")
    assert page.locator("mark#m2 + .match-nav a.match-prev").is_visible()

    # With the keyboard: n and p step through the same anchors.
    page.locator("h1").click()  # focus the page, not the search box
    page.keyboard.press("n")
    page.wait_for_url("**#m3")
    assert in_viewport(page, "mark#m3")
    page.keyboard.press("n")
    page.wait_for_url("**#m4")
    page.keyboard.press("p")
    page.wait_for_url("**#m3")
    # Typing n into the search box types, it does not jump.
    page.get_by_label("搜索关键词").press("n")
    assert page.url.endswith("#m3")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "document-outline.png"))


def test_match_links_work_without_javascript_and_outline_folds_on_a_phone(browser, server):
    from urllib.parse import quote

    url = f"{server}/doc/{quote(HARBIN_REPORT)}?q={quote('职工')}"
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    try:
        page.goto(url + "#first-match")
        page.locator("mark#first-match + .match-nav a.match-next").click()
        page.wait_for_url("**#m2")
        page.locator("mark#m2 + .match-nav a.match-next").click()
        page.wait_for_url("**#m3")
        page.locator("mark#m3 + .match-nav a.match-prev").click()
        page.wait_for_url("**#m2")
    finally:
        context.close()
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(url)
        details = page.locator("nav.outline details")
        page.wait_for_function("!document.querySelector('nav.outline details').open")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        details.locator("summary").click()
        assert details.locator('a[href="#s1"]').is_visible()
    finally:
        context.close()


def test_suggestions_as_you_type_pick_by_keyboard(page, server):
    """Type gongh, walk the ARIA combobox with the arrows, Enter on 工会: its results."""
    page.goto(server + "/")
    box = page.get_by_label("搜索关键词")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"
    box.press_sequentially("gongh")
    listbox = page.locator("#" + box.get_attribute("aria-controls"))
    option = listbox.get_by_role("option", name=re.compile("^工会"))
    option.first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert listbox.get_attribute("role") == "listbox"
    options = listbox.get_by_role("option")
    texts = [t.strip() for t in options.locator(".suggestion-text").all_inner_texts()]
    target = texts.index("工会")
    for _ in range(target + 1):
        box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert active == options.nth(target).get_attribute("id")
    assert options.nth(target).get_attribute("aria-selected") == "true"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "suggestions.png"))
    with page.expect_navigation():
        box.press("Enter")
    assert page.get_by_label("搜索关键词").input_value() == "工会"
    assert "q=%E5%B7%A5%E4%BC%9A" in page.url
    assert total(page) > 0 and page.locator(".hit mark").first.inner_text() == "工会"

    # Esc closes the list without leaving the page.
    box = page.get_by_label("搜索关键词")
    box.fill("")
    box.press_sequentially("ghjf")
    listbox.get_by_role("option").first.wait_for()
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert listbox.is_hidden()


def open_first_hit(page) -> tuple[set[str], set[str]]:
    """Follow the first hit's link: (the words marked in the hit, those marked on the
    document page it opens)."""
    first = page.locator(".hit").first
    hit_marks = {m.strip() for m in first.locator("mark").all_inner_texts()}
    with page.expect_navigation():
        first.locator(".hit-title a").click()
    doc_marks = {m.strip() for m in page.locator(".doc-body mark, h1 mark").all_inner_texts()}
    return hit_marks, doc_marks


def test_a_relaxed_hit_says_which_words_it_lacks_and_its_page_marks_what_it_marked(page, server):
    """Issue 11, twentieth round: 缺少：<s>…</s> under a hit of a relaxed question, readable
    as text (the words follow 缺少：, struck through only as a visual aid); the document
    page opened from it marks the words the hit marked (the search's relaxation included)."""
    search_from_box(page, server, "举报小煤矿违法生产 查实了给奖金吗 给多少")
    lacking = page.locator(".hit .missing")
    assert lacking.count() >= 1 and lacking.first.is_visible()
    assert lacking.first.inner_text().startswith("缺少：")
    struck = lacking.first.locator("s").first
    assert "line-through" in struck.evaluate("s => getComputedStyle(s).textDecorationLine")
    assert page.get_by_text("奖金", exact=True).count() >= 1  # some hit lacks 奖金
    hit_marks, doc_marks = open_first_hit(page)
    assert hit_marks and hit_marks <= doc_marks


def test_a_corrected_searchs_document_page_marks_the_correction(page, server):
    """Issue 11, twenty-first round: a search run as its correction (公会法 → 工会法) opens
    document pages marked for the words it ran, as its hits are, not for those typed."""
    search_from_box(page, server, "公会法")
    assert page.locator(".did-you-mean.corrected").inner_text().startswith("已显示“工会法”的结果")
    hit_marks, doc_marks = open_first_hit(page)
    assert hit_marks and hit_marks <= doc_marks
    assert "工会法" in doc_marks and not any("公会" in m for m in doc_marks)
