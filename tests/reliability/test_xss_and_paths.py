"""Hostile documents and URLs: markup from a document or a query is always shown as text,
never run; no URL reaches a file outside the index; nothing over HTTP changes the index.
"""

from __future__ import annotations

import inspect
import os
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pytest

from indexer.build import reindex
from tests.conftest import make_config
from tests.reliability.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    METHODS,
    request,
    running_server,
    tree_state,
)
from web import create_app
from web.charts import bar_chart

SCRIPT = "<script>window.__xss=1;alert(1)</script>"
IMG = '"><img src=x onerror="window.__xss=1;alert(1)">'
SVG = "<svg onload=alert(1)>"
BODY = (
    "工会维护职工合法权益，推进工资集体协商。本文用于检验页面转义。\n"
    f"正文里的脚本 {SCRIPT} 和图片 {IMG} 还有 {SVG} 都必须按文字显示。\n"
    "劳动合同、女职工保护、职工之家建设。\n"
)

DOCS = {
    # id → file text; every hostile field goes through a real extraction.
    "xss/script.txt": (
        f"title: 工会通知{SCRIPT}\ndate: 2024-03-01\nsource_url: javascript:alert(1)\n"
        f"district: {IMG}区\nissuer: {SCRIPT}总工会\ndoc_type: <b onmouseover=alert(3)>通知\n\n"
        + BODY
    ),
    "xss/img.txt": (
        f"title: {IMG}职工之家\ndate: 2023-05-02\n"
        "source_url: JaVaScRiPt:window.__xss=1\n"
        f"district: {SVG}县\nissuer: 工会\n\n" + BODY
    ),
    "xss/data-url.txt": (
        "title: 工会数据链接\ndate: 2022-01-03\n"
        "source_url: data:text/html,<script>alert(1)</script>\n\n" + BODY
    ),
    "xss/tab-url.txt": (
        "title: 工会制表符链接\ndate: 2022-01-04\nsource_url: java\tscript:alert(1)\n\n" + BODY
    ),
    "xss/ok-url.txt": (
        "title: 工会正常链接\ndate: 2021-06-05\n"
        'source_url: https://example.org/a?b=1&c="><script>alert(1)</script>\n\n' + BODY
    ),
    f"xss/name{SVG}'\".txt": "title: 工会文件名\ndate: 2020-02-02\n\n" + BODY,
    "xss/page.html": (
        "<html><head><title>&lt;script&gt;alert(1)&lt;/script&gt;工会网页</title>"
        "<script>window.__xss=1</script></head><body><h1>&lt;script&gt;alert(1)&lt;/script&gt;"
        "工会网页</h1><p>2024-01-02</p>"
        "<p>工会维护职工合法权益 &lt;img src=x onerror=alert(1)&gt; 职工之家。</p>"
        '<p onclick="alert(1)">工资集体协商<a href="javascript:alert(1)">链接</a></p>'
        + "<p>女职工保护与劳动合同。</p>" * 5
        + "</body></html>"
    ),
}


@pytest.fixture(scope="module")
def xss_index(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("xss")
    corpus = tmp / "corpus"
    for doc_id, text in DOCS.items():
        path = corpus / doc_id
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    config = make_config(tmp, corpus)
    report = reindex(config)
    assert report.rejected == [] and report.documents == len(DOCS), report
    return config


@pytest.fixture(scope="module")
def xss_client(xss_index):
    app = create_app(xss_index)
    app.config["TESTING"] = True
    return app.test_client()


# -- an HTML audit -----------------------------------------------------------------

DANGEROUS_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "img",
    "svg",
    "math",
    "base",
    "frame",
    "frameset",
    "video",
    "audio",
    "source",
}
# The class of the trend chart's <svg>, drawn on the server by web/charts.py.
CHART_CLASS = inspect.signature(bar_chart).parameters["css_class"].default
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "data"}
# Our own script files (web/static), exactly as the templates include them: the
# search box's suggestions on every page, match navigation on document pages.
OUR_SCRIPT = '<script src="/static/suggest.js" defer></script>'
OWN_SCRIPT_TAGS = [OUR_SCRIPT, '<script src="/static/matchnav.js" defer></script>']
OWN_SCRIPTS = [
    [("src", src), ("defer", None)] for src in ("/static/suggest.js", "/static/matchnav.js")
]


class Audit(HTMLParser):
    """Tags and attributes as a browser would see them; anything scriptable is a problem."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.inputs: dict[str, str] = {}
        self.text: list[str] = []
        self.links: list[tuple[str, str]] = []  # (class, href)
        self.charts = 0

    def handle_starttag(self, tag, attrs):
        if tag == "svg" and dict(attrs).get("class") == CHART_CLASS:
            self.charts += 1  # our own server-drawn chart; its attributes are audited below
        elif tag in DANGEROUS_TAGS and not (tag == "script" and attrs in OWN_SCRIPTS):
            self.problems.append(f"<{tag}> element")
        if tag == "meta" and any(k == "http-equiv" for k, _ in attrs):
            self.problems.append("meta http-equiv")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event handler")
            if name == "style":
                self.problems.append(f"<{tag} style=…>")
            if name in URL_ATTRS:
                plain = "".join(c for c in value if c > " " and c != "\x7f").lower()
                scheme = plain.split(":", 1)[0] if ":" in plain.split("/", 1)[0] else ""
                if scheme not in ("", "http", "https"):
                    self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "input":
            d = dict(attrs)
            if d.get("id"):
                self.inputs[d["id"]] = d.get("value") or ""
        if tag == "a":
            d = dict(attrs)
            self.links.append((d.get("class") or "", d.get("href") or ""))

    def handle_data(self, data):
        self.text.append(data)


def audit(resp) -> Audit:
    assert resp.mimetype == "text/html", resp.mimetype
    html = resp.get_data(as_text=True)
    a = Audit()
    a.feed(html)
    a.close()
    assert a.problems == [], a.problems
    assert html.count(OUR_SCRIPT) == 1
    lowered = html.lower()
    for own in OWN_SCRIPT_TAGS:
        lowered = lowered.replace(own, "", 1)
    for raw in ("<script", "<img", "<b onmouseover"):
        assert raw not in lowered, raw
    # The only <svg> is the trend chart that web/charts.py draws (every text in it escaped).
    assert lowered.count("<svg") == a.charts, "an <svg> that is not our chart"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    csp = resp.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    return a


def doc_path(doc_id: str, q: str | None = None) -> str:
    url = "/doc/" + quote(doc_id)
    return url + ("?" + urlencode({"q": q}) if q is not None else "")


# -- XSS: documents ----------------------------------------------------------------


def test_search_pages_and_facets_escape_document_fields(xss_client):
    for url in (
        "/",
        "/search?q=" + quote("工会"),
        "/search?q=" + quote("职工之家"),
        "/search?q=script",
        "/search?q=alert",
        "/search?q=onerror",
        "/search?" + urlencode({"district": f"{IMG}区"}),
        "/search?"
        + urlencode(
            {"q": "工会", "district": f"{SVG}县", "doc_type": "<b onmouseover=alert(3)>通知"}
        ),
        "/search?sort=oldest&per_page=100",
        "/about",
    ):
        resp = xss_client.get(url)
        assert resp.status_code == 200, url
        a = audit(resp)
        text = "".join(a.text)
        if url in ("/", "/about"):
            # The hostile values are there, as text (facet sidebar / summary).
            assert f"{IMG}区" in text and f"{SVG}县" in text, url
        if url == "/":
            assert f"工会通知{SCRIPT}" in text


def test_filter_chips_show_hostile_values_as_text(xss_client):
    resp = xss_client.get("/search?" + urlencode({"district": f"{IMG}区"}))
    a = audit(resp)
    assert f"{IMG}区" in "".join(a.text)
    assert 'data-total="1"' in resp.get_data(as_text=True)


@pytest.mark.parametrize("doc_id", sorted(DOCS))
def test_document_pages_escape_everything(xss_client, doc_id):
    for q in (None, "工会", SCRIPT, IMG):
        resp = xss_client.get(doc_path(doc_id, q))
        assert resp.status_code == 200, (doc_id, q)
        a = audit(resp)
        sources = [href for cls, href in a.links if "source" in cls.split()]
        if doc_id == "xss/ok-url.txt":
            assert sources == ['https://example.org/a?b=1&c="><script>alert(1)</script>']
        else:
            assert sources == [], sources  # javascript:, data:, java<TAB>script: → no link


def test_document_json_is_data_and_inert(xss_client):
    for doc_id in DOCS:
        resp = xss_client.get("/api/documents/" + quote(doc_id, safe=""))
        assert resp.status_code == 200, doc_id
        raw = resp.get_data(as_text=True)
        assert "<" not in raw and ">" not in raw  # written as \u003c / \u003e
        assert resp.get_json()["id"] == doc_id
    body = xss_client.get("/api/documents/xss/script.txt").get_json()
    assert body["title"] == f"工会通知{SCRIPT}"  # the data itself, unchanged
    assert body["source_url"] == "javascript:alert(1)"


def test_search_json_fields_are_escaped(xss_client):
    for q in ("工会", "script", "alert", SCRIPT, IMG, ""):
        resp = xss_client.get("/api/search?" + urlencode({"q": q, "per_page": 100}))
        assert resp.status_code == 200
        raw = resp.get_data(as_text=True)
        assert "<" not in raw and ">" not in raw, q
        body = resp.get_json()
        assert body["query"] == q.strip()
        for hit in body["hits"]:
            for key in ("title_html", "snippet"):
                markup = hit[key].replace("<mark>", "").replace("</mark>", "")
                assert "<" not in markup and ">" not in markup, (key, hit[key])
            assert hit["url"].startswith("/doc/") and "<" not in hit["url"]
        if q in ("工会", ""):
            assert body["total"] == len(DOCS)


# -- XSS: queries --------------------------------------------------------------------

QUERIES = [
    SCRIPT,
    IMG,
    SVG,
    '"<script>alert(1)</script>',
    "'onmouseover='alert(1)",
    "javascript:alert(1)",
    "</title><script>alert(1)</script>",
    "工会 <script>alert(1)</script>",
    "&lt;script&gt;",
    "\u202e<script>",
]


@pytest.mark.parametrize("q", QUERIES)
def test_queries_are_escaped_everywhere_they_appear(xss_client, q):
    # Results page (search box value, result count, notice / empty state, title).
    resp = xss_client.get("/search?" + urlencode({"q": q}))
    assert resp.status_code == 200
    a = audit(resp)
    assert a.inputs.get("q") == q.strip()
    # With a filter kept in a hidden field, and paging / sort links built from the query.
    resp = xss_client.get("/search?" + urlencode({"q": q, "district": q, "sort": "newest"}))
    audit(resp)
    # The document page's back link and match count.
    resp = xss_client.get(doc_path("xss/script.txt", q))
    a = audit(resp)
    assert a.inputs.get("q") == q.strip()
    # JSON.
    body = xss_client.get("/api/search?" + urlencode({"q": q})).get_json()
    assert body["query"] == q.strip()


def test_error_pages_escape_and_carry_security_headers(xss_client):
    cases = [
        ("/doc/" + quote(SCRIPT), 404),
        ("/" + quote(SCRIPT), 404),
        ("/search?" + urlencode({"page": SCRIPT}), 400),
        ("/search?" + urlencode({"sort": IMG}), 400),
        ("/search?" + urlencode({"q": SCRIPT * 40}), 400),
        ("/static/" + quote(SVG), 404),
        ("/about", 405),
    ]
    for url, status in cases:
        method = xss_client.post if status == 405 else xss_client.get
        resp = method(url)
        assert resp.status_code == status, url
        audit(resp)
    for url in ("/api/" + quote(SCRIPT), "/api/search?" + urlencode({"year": SCRIPT})):
        resp = xss_client.get(url)
        assert resp.status_code in (400, 404)
        assert "<" not in resp.get_data(as_text=True)
        assert resp.headers["X-Content-Type-Options"] == "nosniff"


# -- a real browser -------------------------------------------------------------------


@pytest.fixture(scope="module")
def xss_server(xss_index, tmp_path_factory):
    log = tmp_path_factory.mktemp("xss-serve") / "serve.log"
    with running_server(xss_index.index_dir, log, workers=1, threads=4) as base:
        yield base


@pytest.mark.slow
@pytest.mark.timeout(240)
@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "csp-bypassed"])
def test_browser_runs_no_injected_script(xss_server, bypass_csp):
    """With the CSP bypassed too: escaping alone must keep every payload inert."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("UNION_SEARCH_SKIP_BROWSER"):
            pytest.skip("UNION_SEARCH_SKIP_BROWSER is set")
        pytest.fail("Chromium is missing at /usr/bin/chromium: run scripts/ensure-chromium")
    from playwright.sync_api import sync_playwright

    urls = [
        "/",
        "/search?q=" + quote("工会"),
        "/search?" + urlencode({"q": SCRIPT}),
        "/search?" + urlencode({"q": IMG}),
        "/about",
        "/search?" + urlencode({"district": f"{IMG}区"}),
        "/doc/" + quote(SCRIPT),
    ]
    urls += [doc_path(doc_id, "工会") for doc_id in DOCS]
    urls += [doc_path("xss/script.txt", q) for q in (SCRIPT, IMG)]
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(bypass_csp=bypass_csp)
            page = context.new_page()
            page.set_default_timeout(20_000)
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            for url in urls:
                page.goto(xss_server + url)
                page.wait_for_load_state("load")
                page.wait_for_timeout(100)  # let onerror of a broken image fire, if any
                assert page.evaluate("typeof window.__xss") == "undefined", url
                for link in page.locator("a").all():
                    href = (link.get_attribute("href") or "").strip().lower()
                    assert not href.startswith(("javascript:", "data:")), (url, href)
            context.close()
        finally:
            browser.close()
    assert dialogs == []


# -- paths ------------------------------------------------------------------------------

TRAVERSALS = [
    "../../../../etc/passwd",
    "..%2f..%2f..%2f..%2fetc%2fpasswd",
    "%2e%2e/%2e%2e/etc/passwd",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "..%252f..%252fetc%252fpasswd",
    "/etc/passwd",
    "%2fetc%2fpasswd",
    "..\\..\\..\\etc\\passwd",
    "..%5c..%5cetc%5cpasswd",
    "xss/script.txt%00",
    "xss%00/script.txt",
    "%00",
    "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "....//....//etc/passwd",
    "xss/../../corpus/xss/script.txt",
    "./xss/script.txt",
    "xss//script.txt",
    "xss/./script.txt",
    "..",
    ".",
    "~",
    "~root/.bashrc",
    "file:///etc/passwd",
    "C:\\Windows\\win.ini",
    "../index/CURRENT",
    "../../index/CURRENT",
    "..%2f..%2findex%2fCURRENT",
    "../__init__.py",
    "..%2f__init__.py",
    "%2e%2e/templates/base.html",
    "../../pyproject.toml",
    "..%2f..%2fpyproject.toml",
]
SECRETS = ("root:", "[boot loader]", "from __future__", "{% extends", "[project]", "gen-0")


def server_host(base: str) -> str:
    return base.removeprefix("http://")


def path_cases(base_doc: str = "xss/script.txt") -> list[str]:
    cases = []
    for t in TRAVERSALS:
        cases += [f"/doc/{t}", f"/api/documents/{t}", f"/static/{t}"]
        cases += [f"/doc/xss/{t}", f"/static/css/{t}"]
    return cases


def test_paths_cannot_leave_the_index_in_process(xss_client):
    for path in path_cases():
        resp = xss_client.get(path)
        if resp.status_code == 308:
            # Werkzeug merges repeated slashes (/doc//etc/passwd → /doc/etc/passwd) with a
            # redirect on this site, which then is a 404 like the rest.
            target = urlsplit(resp.headers["Location"])
            assert target.netloc in ("", "localhost") and target.path.startswith("/"), path
            resp = xss_client.get(target.path + ("?" + target.query if target.query else ""))
        assert resp.status_code == 404, (path, resp.status_code)
        body = resp.get_data(as_text=True)
        assert not any(s in body for s in SECRETS), path
    # The real things still work.
    assert xss_client.get("/doc/xss/script.txt").status_code == 200
    assert xss_client.get("/static/style.css").status_code == 200


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_paths_cannot_leave_the_index_over_http(xss_server):
    """The same, sent byte for byte to a real server (no client-side normalisation)."""
    for path in path_cases():
        status, headers, data = request(xss_server, "GET", path)
        body = data.decode("utf-8", "replace")
        if status == 308:
            assert urlsplit(headers["location"]).netloc in ("", server_host(xss_server))
            status, headers, data = request(
                xss_server, "GET", headers["location"].split(xss_server, 1)[-1]
            )
            body = data.decode("utf-8", "replace")
        assert status in (404, 400), (path, status)
        if status == 400:  # refused by gunicorn before the app: its own short page
            assert "Bad Request" in body, (path, body[:200])
        assert status != 500 and not any(s in body for s in SECRETS), path
    status, _, _ = request(xss_server, "GET", "/doc/xss/script.txt")
    assert status == 200


# -- nothing writes -----------------------------------------------------------------------

ROUTES = [
    "/",
    "/search",
    "/search?q=" + quote("工会"),
    "/about",
    "/doc/xss/script.txt",
    "/api",
    "/api/",
    "/api/search",
    "/api/search?q=x",
    "/api/documents/xss/script.txt",
    "/openapi.json",
    "/static/style.css",
    "/static/favicon.svg",
    "/nope",
    "/api/nope",
    "/doc/../index/CURRENT",
]


def test_only_get_and_head_are_allowed(xss_client):
    for url in ROUTES:
        for method in ("POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"):
            resp = xss_client.open(url, method=method, data=b"q=x&CURRENT=gen-999999")
            assert resp.status_code in (405, 404), (method, url, resp.status_code)
            if resp.status_code == 405:
                assert resp.headers["Allow"] == "GET, HEAD"


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_a_barrage_of_requests_leaves_the_index_untouched(xss_server, xss_index):
    before = tree_state(xss_index.index_dir)
    statuses: dict[str, set[int]] = {}
    bodies = [None, b"", b"q=x", b'{"CURRENT": "gen-999999"}', os.urandom(2048)]
    for url in ROUTES + path_cases()[:30]:
        for method in METHODS:
            for body in bodies if method not in ("GET", "HEAD") else [None]:
                status, _, _ = request(
                    xss_server, method, url, body=body, headers={"Content-Type": "application/json"}
                )
                statuses.setdefault(method, set()).add(status)
                assert status < 500, (method, url, status)
                if method not in ("GET", "HEAD"):
                    assert status in (405, 404, 400), (method, url, status)
    after = tree_state(xss_index.index_dir)
    assert after == before
    assert statuses["POST"] <= {405, 404, 400} and 405 in statuses["POST"]
