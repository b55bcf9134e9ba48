"""Accessibility (issue 17): every page meets GB/T 37668-2019 level 2, i.e. WCAG 2.0 AA.

axe-core (Deque's engine, pinned and installed from the npm registry by
``scripts/ensure-axe`` into build/axe) runs in Chromium against a real `union-search serve`
on every page below, at a desktop and a phone width, and any violation fails. The script is
injected into a test context that bypasses the CSP; the server's own CSP is unchanged.
A keyboard walk checks what axe cannot: Tab order follows the visual order on a phone, and
choosing a facet (or a year range) puts focus back on that facet.
"""

from __future__ import annotations

import itertools
import os
from urllib.parse import quote

import pytest

from tests.laws import UNION_LAW, WOMEN_2018, WOMEN_2022
from tests.reports import HARBIN_REPORT
from union_search.config import PROJECT_ROOT

pytestmark = pytest.mark.slow

AXE_JS = PROJECT_ROOT / "build" / "axe" / "node_modules" / "axe-core" / "axe.min.js"

LONG_DOC = HARBIN_REPORT

# Every page a person can reach, by kind. A new page joins the accessibility test by one
# line here (and the phone Tab-order test below, where it has a layout of its own).
PAGES: list[tuple[str, str]] = [
    ("home", "/"),
    ("results-with-filters", "/search?q=工会&district=全国&year_from=2000&page=2#facet-district"),
    ("no-results", "/search?q=邮递员罢工无关词&year=2013"),
    ("relaxed-query-notices", "/search?q=加班费怎么算"),  # 未包含 and 也搜索了
    ("relaxed-hit-missing", "/search?q=举报小煤矿违法生产 查实了给奖金吗 给多少"),  # 缺少：
    ("exact-string-notice", "/search?q=稳就业"),  # the link to the looser set
    ("results-with-trend-chart", "/search?q=农民工"),
    ("long-document", f"/doc/{LONG_DOC}?q=工会#first-match"),
    ("law-outline-and-match-navigation", f"/doc/{UNION_LAW}?q=工会#m2"),
    ("citation-answer", "/search?q=工会法第四十三条"),
    ("article-diff", f"/diff?a={WOMEN_2018}&b={WOMEN_2022}"),
    ("did-you-mean-and-pinyin", "/search?q=gonghui"),
    ("auto-correction", "/search?q=公会法"),  # 已显示…的结果 · 仍然搜索
    ("trends-form", "/trends"),
    ("trends-compared", "/trends?q=农民工&q=新就业形态&by=district&year_from=2015"),
    ("concordance", "/kwic?q=农民工&sort=right"),
    ("about", "/about"),
    ("not-found", "/no-such-page"),
]

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

# WCAG 2.0 and 2.1, levels A and AA: GB/T 37668-2019 level 2 is WCAG 2.0 AA; 2.1 costs
# nothing more here. Plus axe's best-practice rules about headings, landmarks and ARIA,
# which catch what the audit found by hand (no h1, a heading turned into a status).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BEST_PRACTICE_RULES = [
    "page-has-heading-one",
    "heading-order",
    "empty-heading",
    "empty-table-header",
    "landmark-one-main",
    "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo",
    "landmark-no-duplicate-main",
    "landmark-unique",
    "landmark-banner-is-top-level",
    "landmark-contentinfo-is-top-level",
    "landmark-main-is-top-level",
    "landmark-complementary-is-top-level",
    "region",
    "skip-link",
    "tabindex",
    "aria-allowed-role",
    "aria-dialog-name",
    "aria-text",
    "aria-treeitem-name",
    "presentation-role-conflict",
    "label-title-only",
    "meta-viewport-large",
]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE_JS.exists():
        if os.environ.get("UNION_SEARCH_SKIP_BROWSER"):
            pytest.skip("UNION_SEARCH_SKIP_BROWSER is set")
        pytest.fail(f"axe-core is missing at {AXE_JS}: run scripts/ensure-axe")
    return AXE_JS.read_text(encoding="utf-8")


def new_page(browser, width: str, **options):
    context = browser.new_context(
        viewport=WIDTHS[width], locale="zh-CN", is_mobile=width == "phone", **options
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


def url(base: str, path: str) -> str:
    return base + quote(path, safe="/?&=#%:")


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['summary']}")
    return "\n".join(lines)


RUN_AXE = """async ([tags, extra]) => {
  const known = new Set(axe.getRules().map(r => r.ruleId));
  const unknown = extra.filter(id => !known.has(id));
  const rules = [...new Set([...axe.getRules(tags).map(r => r.ruleId), ...extra])]
    .filter(id => known.has(id));
  const results = await axe.run(document, {
    runOnly: {type: 'rule', values: rules}, resultTypes: ['violations']});
  return {
    version: axe.version, unknown, rules: rules.length,
    violations: results.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
    })),
  };
}"""


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _ in PAGES])
def test_page_has_no_accessibility_violations(browser, server, axe_source, name, path, width):
    context, page = new_page(browser, width, bypass_csp=True)
    try:
        response = page.goto(url(server, path))
        assert response is not None
        assert response.status == (404 if name == "not-found" else 200)
        page.add_script_tag(content=axe_source)
        report = page.evaluate(RUN_AXE, [WCAG_TAGS, BEST_PRACTICE_RULES])
    finally:
        context.close()
    assert report["unknown"] == [], f"rules unknown to axe {report['version']}"
    assert report["rules"] > 50  # the WCAG tags really selected rules
    assert report["violations"] == [], f"{name} at {width}:\n" + describe(report["violations"])


def test_open_suggestions_have_no_accessibility_violations(browser, server, axe_source):
    """The search box's combobox with its listbox open (typed, then an arrow key)."""
    context, page = new_page(browser, "desktop", bypass_csp=True)
    try:
        page.goto(url(server, "/"))
        box = page.get_by_label("搜索关键词")
        box.press_sequentially("gongh")
        listbox = page.locator("#" + box.get_attribute("aria-controls"))
        listbox.get_by_role("option").first.wait_for()
        box.press("ArrowDown")
        page.wait_for_function("document.querySelector('#q').getAttribute('aria-activedescendant')")
        page.add_script_tag(content=axe_source)
        report = page.evaluate(RUN_AXE, [WCAG_TAGS, BEST_PRACTICE_RULES])
    finally:
        context.close()
    assert report["violations"] == [], describe(report["violations"])


# -- keyboard -------------------------------------------------------------------

FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  // Where reading reaches it: a link that wraps starts on its first line box.
  const r = e.getClientRects()[0] || e.getBoundingClientRect();
  return {id: e.id, tag: e.tagName.toLowerCase(),
          text: (e.innerText || e.value || '').trim().slice(0, 30), facet: e.dataset.facet || null,
          x: r.left + scrollX, y: r.top + scrollY,
          w: r.width, h: r.height, inResults: !!e.closest('#results')};
}"""


def tab_stops(page, limit: int = 300) -> list[dict]:
    """Focus the first skip link, then press Tab until focus leaves the page."""
    page.locator(".skip-link").first.focus()
    stops = [page.evaluate(FOCUSED)]
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop is None or (stop["x"], stop["y"], stop["text"]) == (
            stops[0]["x"],
            stops[0]["y"],
            stops[0]["text"],
        ):
            return stops
        stops.append(stop)
    raise AssertionError(f"Tab never left the page after {limit} stops")


def out_of_visual_order(a: dict, b: dict) -> bool:
    """True when ``b`` (the next Tab stop) is drawn before ``a``: higher up, or on the
    same row (most of the smaller box overlapping vertically) but further left."""
    overlap = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
    if overlap > min(a["h"], b["h"]) / 2:
        return b["x"] < a["x"] - 1
    return b["y"] < a["y"] - 1


PHONE_TAB_PAGES: list[tuple[str, str]] = [
    ("results-filters-closed", "/search?q=工会&district=全国"),
    ("results-filters-open", "/search?q=工会&district=全国#filters"),
    ("long-document", f"/doc/{LONG_DOC}?q=工会"),
    ("law-outline", f"/doc/{UNION_LAW}?q=工会"),
    ("trends-compared", "/trends?q=农民工&q=新就业形态&by=district"),
    ("concordance", "/kwic?q=农民工"),
    ("about", "/about"),
]


@pytest.mark.parametrize(("name", "path"), PHONE_TAB_PAGES, ids=[n for n, _ in PHONE_TAB_PAGES])
def test_phone_tab_order_follows_visual_order(browser, server, name, path):
    context, page = new_page(browser, "phone")
    try:
        page.goto(url(server, path))
        if "#" in path:  # let the fragment take focus first, or it could take it mid-walk
            page.wait_for_function("document.activeElement.id === location.hash.slice(1)")
        stops = tab_stops(page)
        facets_shown = page.locator("#filters").is_visible() if "/search" in path else None
    finally:
        context.close()
    assert len(stops) > 5
    unseen = [s["text"] for s in stops if s["w"] <= 1 or s["h"] <= 1]
    assert unseen == [], "focus lands on something not drawn (visually hidden?)"
    wrong = [(a, b) for a, b in itertools.pairwise(stops) if out_of_visual_order(a, b)]
    assert wrong == [], "Tab goes back up the page:\n" + "\n".join(
        f"  {a['text']!r} at y={a['y']:.0f} → {b['text']!r} at y={b['y']:.0f}" for a, b in wrong
    )
    if facets_shown is not None:
        # Closed, the facets are out of the Tab order; open, they are in it.
        assert any(s["facet"] for s in stops) == name.endswith("open") == facets_shown


def choose_with_keyboard(page, locator) -> None:
    locator.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def focus_is_on_facet(page, facet: str, viewport_height: int) -> None:
    # Chromium focuses the fragment's target in the first rendering update after load.
    page.wait_for_function(f"document.activeElement.id === 'facet-{facet}'")
    focused = page.evaluate(FOCUSED)
    assert focused is not None and focused["id"] == f"facet-{facet}", focused
    box = page.locator(f"#facet-{facet}").bounding_box()
    assert box is not None and 0 <= box["y"] < viewport_height  # scrolled into view
    page.keyboard.press("Tab")  # the next Tab continues inside that facet
    after = page.evaluate(FOCUSED)
    assert after is not None and (after["facet"] == facet or after["id"].startswith("year")), after


@pytest.mark.parametrize("width", list(WIDTHS))
def test_focus_returns_to_the_facet_just_used(browser, server, width):
    context, page = new_page(browser, width)
    height = WIDTHS[width]["height"]
    try:
        page.goto(url(server, "/search?q=工会"))
        if width == "phone":
            # The facets open from the "筛选" link above the results, by keyboard too.
            choose_link = page.locator("a.to-filters")
            choose_link.focus()
            page.keyboard.press("Enter")
            page.wait_for_function("document.activeElement.id === 'filters'")
            assert page.locator("#filters").is_visible()
        district = page.locator('a.facet-value[data-facet="district"]').nth(1)
        value = district.get_attribute("data-value")
        choose_with_keyboard(page, district)
        assert page.url.endswith("#facet-district")
        focus_is_on_facet(page, "district", height)
        chosen = page.locator(f'a.facet-value[data-facet="district"][data-value="{value}"]')
        assert chosen.get_attribute("aria-current") == "true"

        # A second facet, then the year range form: each time focus comes back to it.
        doc_type = page.locator('a.facet-value[data-facet="doc_type"]').first
        choose_with_keyboard(page, doc_type)
        focus_is_on_facet(page, "doc_type", height)
        year_from = page.get_by_role("spinbutton", name="起始年份")
        year_from.fill("2010")
        with page.expect_navigation():
            year_from.press("Enter")
        assert "year_from=2010" in page.url
        focus_is_on_facet(page, "year", height)
        assert page.get_by_role("spinbutton", name="起始年份").input_value() == "2010"
    finally:
        context.close()


def test_second_skip_link_jumps_to_the_results(browser, server):
    context, page = new_page(browser, "desktop")
    try:
        page.goto(url(server, "/search?q=工会&district=全国"))
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        skip = page.evaluate(FOCUSED)
        assert skip["text"] == "跳到搜索结果"
        assert page.locator(".skip-link").nth(1).is_visible()
        page.keyboard.press("Enter")
        page.wait_for_function("document.activeElement.id === 'results'")
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUSED)["inResults"]
    finally:
        context.close()
