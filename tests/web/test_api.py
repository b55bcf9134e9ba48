"""The JSON API through Flask's test client: shapes, types, paging, facets, errors."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from jsonschema import Draft202012Validator

from search import FACET_FIELDS, QueryError
from search.errors import ERRORS, QUERY_ERRORS
from tests.laws import UNION_LAW
from tests.openapi_schema import SPEC_URI, response_validator, spec_registry
from web import create_app


def documented(client, url: str, resp) -> dict:
    """The JSON body of ``resp``, validated against the app's own /openapi.json."""
    assert resp.mimetype == "application/json"
    body = resp.get_json()
    spec = client.get("/openapi.json").get_json()
    response_validator(spec, url, resp.status_code).validate(body)
    return body


def get_json(client, url, status=200):
    resp = client.get(url)
    assert resp.status_code == status, resp.get_data(as_text=True)
    return documented(client, url, resp)


def assert_error(client, url, status, code=None, method="get"):
    resp = getattr(client, method)(url)
    assert resp.status_code == status, resp.get_data(as_text=True)
    body = documented(client, url, resp)
    assert body["error"]["message"]
    # The status is the one the error registry gives the code.
    assert ERRORS[body["error"]["code"]].status in (status, None)
    if code:
        assert body["error"]["code"] == code
    return body


def test_search_shape_and_types(client):
    body = get_json(client, "/api/search?q=集体协商")
    assert list(body) == [
        "query",
        "total",
        "page",
        "per_page",
        "took_ms",
        "hits",
        "facets",
        "next",
        "notice",
        "match",
        "relaxed",
        "expansions",
        "fallback",
        "exact",
        "looser",
        "answer",
        "suggestion",
        "searched_as",
        "corrected",
        "partial",
        "place",
    ]
    assert body["query"] == "集体协商"
    assert body["total"] > 10
    assert body["page"] == 1 and body["per_page"] == 10
    assert len(body["hits"]) == 10
    for hit in body["hits"]:
        assert list(hit) == [
            "id",
            "title",
            "title_html",
            "date",
            "year",
            "district",
            "issuer",
            "doc_type",
            "doc_number",
            "topics",
            "level",
            "snippet",
            "url",
            "ocr",
            "status",
            "missing",
            "units",
        ]
        assert hit["missing"] is None  # every word found together: none left out
        assert hit["ocr"] is False  # the shipped corpus holds no scans
        assert hit["id"]
        assert hit["date"] is None or (len(hit["date"]) == 10 and hit["date"][4] == "-")
        assert hit["url"] == "/doc/" + quote(hit["id"])
    assert "<mark>" in body["hits"][0]["snippet"]
    assert "<mark>集体协商</mark>" in body["hits"][0]["title_html"]
    assert set(body["facets"]) == set(FACET_FIELDS)
    for facet, values in body["facets"].items():
        assert values, facet
        assert not any(fc["selected"] for fc in values)
    assert all(isinstance(fc["value"], int) for fc in body["facets"]["year"])
    assert body["next"] is not None


def test_body_is_utf8_and_markup_free(client):
    resp = client.get("/api/search?q=工资集体协商&per_page=1")
    raw = resp.get_data(as_text=True)
    assert "工资集体协商" in raw  # not \\u-escaped CJK
    assert "<" not in raw and ">" not in raw  # markup written as \\u003c
    assert resp.get_json()["hits"][0]["snippet"].count("<mark>") >= 1


def test_empty_query_browses_newest_first(client, shipped_searcher):
    body = get_json(client, "/api/search?per_page=100")
    assert body["total"] == shipped_searcher.stats().documents
    dates = [h["date"] for h in body["hits"] if h["date"]]
    assert dates == sorted(dates, reverse=True)
    oldest = get_json(client, "/api/search?per_page=100&sort=oldest")
    dates = [h["date"] for h in oldest["hits"] if h["date"]]
    assert dates == sorted(dates)


def test_district_facet_narrows_and_keeps_other_counts(client):
    everything = get_json(client, "/api/search?q=工会")
    districts = everything["facets"]["district"]
    assert len(districts) >= 3
    # The biggest area with areas under it, so both narrowing and the hierarchy show.
    parents = {fc["parent"] for fc in districts}
    pick = max((fc for fc in districts if fc["value"] in parents), key=lambda fc: fc["count"])
    body = get_json(client, "/api/search?q=工会&per_page=100&district=" + quote(pick["value"]))
    assert body["total"] == pick["count"] < everything["total"]
    # The hits are the area's own documents and those of the areas under it.
    parent_of = {fc["value"]: fc["parent"] for fc in districts}

    def within(value):
        while value is not None and value != pick["value"]:
            value = parent_of.get(value)
        return value == pick["value"]

    hit_districts = {h["district"] for h in body["hits"]}
    assert all(within(d) for d in hit_districts) and len(hit_districts) > 1
    by_value = {fc["value"]: fc for fc in body["facets"]["district"]}
    assert by_value[pick["value"]]["selected"] is True
    # Counts of the other districts are still shown (a facet ignores its own filter).
    assert by_value[districts[0]["value"]]["count"] == districts[0]["count"]
    assert by_value[districts[0]["value"]]["selected"] is False
    # The other facets are counted within the selection.
    assert sum(fc["count"] for fc in body["facets"]["doc_type"]) == body["total"]


def test_two_districts_are_ored_and_year_filters(client):
    # Two top-level areas hold disjoint documents, so OR adds their counts.
    everything = get_json(client, "/api/search?q=工会")["facets"]["district"]
    tops = [fc for fc in everything if fc["depth"] == 0]
    a, b = tops[0]["value"], tops[1]["value"]
    body = get_json(client, f"/api/search?q=工会&district={quote(a)}&district={quote(b)}")
    assert body["total"] == tops[0]["count"] + tops[1]["count"]
    year = get_json(client, "/api/search?q=工会")["facets"]["year"][0]
    body = get_json(client, f"/api/search?q=工会&year={year['value']}&per_page=100")
    assert body["total"] == year["count"]
    assert {h["year"] for h in body["hits"]} == {year["value"]}
    ranged = get_json(
        client, f"/api/search?q=工会&year_from={year['value']}&year_to={year['value']}&per_page=100"
    )
    assert [h["id"] for h in ranged["hits"]] == [h["id"] for h in body["hits"]]


def test_paging_next_link_walks_to_the_end(client):
    url = "/api/search?q=工资集体协商&per_page=7"
    seen: list[str] = []
    total = None
    pages = 0
    while url:
        body = get_json(client, url)
        total = body["total"] if total is None else total
        assert body["total"] == total
        seen += [h["id"] for h in body["hits"]]
        pages += 1
        if body["next"]:
            assert body["next"].startswith("/api/search?")
            assert f"page={body['page'] + 1}" in body["next"]
            assert "per_page=7" in body["next"]
        url = body["next"]
    assert pages == (total + 6) // 7
    assert len(seen) == len(set(seen)) == total
    # The last page has next = null, and past the end is an empty page, not an error.
    past = get_json(client, f"/api/search?q=工资集体协商&per_page=7&page={pages + 1}")
    assert past["hits"] == [] and past["next"] is None


def test_document_endpoint(client):
    body = get_json(client, "/api/documents/" + quote(UNION_LAW))
    assert list(body) == [
        "id",
        "title",
        "date",
        "year",
        "district",
        "issuer",
        "doc_type",
        "topics",
        "level",
        "source_url",
        "doc_number",
        "attachments",
        "attached_to",
        "text",
        "ocr",
        "status",
        "units",
        "versions",
    ]
    assert body["id"] == UNION_LAW
    articles = [u for u in body["units"] if u["anchor"].startswith("a")]
    assert articles and all(
        body["text"][u["start"] : u["end"]].startswith(u["label"]) for u in articles
    )
    assert "工会法" in body["title"]
    assert "工会" in body["text"] and len(body["text"]) > 1000
    # The unescaped form of the path works too.
    assert get_json(client, "/api/documents/" + UNION_LAW)["id"] == UNION_LAW


BAD_PARAMETERS = [
    ("page=0", "bad_page"),
    ("page=abc", "bad_page"),
    ("page=-1", "bad_page"),
    ("page=99999999999999999999", "bad_page"),
    ("page=1001", "bad_page"),
    ("per_page=1000", "bad_per_page"),
    ("per_page=0", "bad_per_page"),
    ("per_page=x", "bad_per_page"),
    ("year=abc", "bad_year"),
    ("year_from=20x0", "bad_year"),
    ("year_to=1e3", "bad_year"),
    ("sort=bogus", "bad_sort"),
    ("match=loose", "bad_match"),
    ("spelling=maybe", "bad_spelling"),
    ("q=" + "工" * 501, "query_too_long"),
    ("q=" + "+".join(f"词{i}" for i in range(40)), "too_many_terms"),
    ("district=" + "&district=".join(str(i) for i in range(60)), "too_many_values"),
    ("district=" + "x" * 201, "bad_filter"),
]


def test_every_query_error_code_is_reachable():
    assert {code for _, code in BAD_PARAMETERS} == {e.code for e in QUERY_ERRORS}
    with pytest.raises(ValueError):
        QueryError("no_such_code", "a code outside search/errors.py is refused")


@pytest.mark.parametrize("query,code", BAD_PARAMETERS)
def test_bad_parameters_are_400(client, query, code):
    assert_error(client, "/api/search?" + query, 400, code)


def test_year_from_after_year_to_is_accepted(client):
    body = get_json(client, "/api/search?year_from=2020&year_to=2010")
    assert body["total"] == 0 and body["hits"] == []


def test_not_found_and_methods(client):
    assert_error(client, "/api/documents/no/such/doc.txt", 404, "not_found")
    assert_error(client, "/api/nope", 404, "not_found")
    assert_error(client, "/api/search/extra", 404, "not_found")
    for method in ("post", "put", "delete", "patch", "options"):
        assert_error(client, "/api/search", 405, "method_not_allowed", method=method)
        assert getattr(client, method)("/api/search").headers["Allow"] == "GET, HEAD", method
    assert client.head("/api/search?q=工会").status_code == 200


def test_no_index_is_503(tmp_path, shipped_index):
    from dataclasses import replace

    app = create_app(replace(shipped_index, index_dir=tmp_path / "empty"))
    client = app.test_client()
    assert_error(client, "/api/search?q=工会", 503, "index_unavailable")
    assert_error(client, "/api/documents/" + quote(UNION_LAW), 503, "index_unavailable")
    page = client.get("/search?q=工会")
    assert page.status_code == 503 and page.mimetype == "text/html"
    assert "索引尚未" in page.get_data(as_text=True)
    # Bad parameters are still a 400, before the index is needed.
    assert_error(client, "/api/search?page=0", 400, "bad_page")


def test_unexpected_errors_are_500_in_the_same_shape(shipped_index, monkeypatch):
    app = create_app(shipped_index)
    searcher = app.extensions["searcher"]

    def boom(*a, **k):
        raise RuntimeError("kaput")

    monkeypatch.setattr(searcher, "search", boom)
    client = app.test_client()
    assert_error(client, "/api/search?q=工会", 500, "internal_error")
    page = client.get("/search?q=工会")
    assert page.status_code == 500 and "kaput" not in page.get_data(as_text=True)


def test_xss_query_is_inert_in_json(client):
    payload = "<script>alert(1)</script>"
    resp = client.get("/api/search?q=" + quote(payload))
    assert resp.status_code == 200
    assert "<script>" not in resp.get_data(as_text=True)
    body = resp.get_json()
    assert body["query"] == payload
    for hit in body["hits"]:
        assert "<script>" not in hit["snippet"] and "<script>" not in hit["title_html"]


def test_openapi_document(client):
    resp = client.get("/openapi.json")
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    spec = resp.get_json()
    assert spec["openapi"].startswith("3.1")
    params = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert params == {
        "q",
        *FACET_FIELDS,
        "year_from",
        "year_to",
        "match",
        "spelling",
        "sort",
        "page",
        "per_page",
    }
    schemas = spec["components"]["schemas"]
    for name, schema in schemas.items():
        Draft202012Validator.check_schema(schema)
        # Strict: a key the code adds without documenting it fails validation.
        if schema.get("type") == "object":
            assert schema.get("additionalProperties") is False, name
    assert schemas["Error"]["properties"]["error"]["properties"]["code"]["enum"] == list(ERRORS)
    # Every $ref resolves in the document (referencing raises otherwise).
    resolver = spec_registry(spec).resolver(base_uri=SPEC_URI)

    def refs(node):
        if isinstance(node, dict):
            if "$ref" in node:
                yield node["$ref"]
            for v in node.values():
                yield from refs(v)
        elif isinstance(node, list):
            for v in node:
                yield from refs(v)

    found = list(refs(spec))
    assert found
    for ref in found:
        resolver.lookup(ref)


def test_validation_rejects_a_response_that_drifts(client):
    """The schema check in get_json is real: an extra or mistyped key fails it."""
    spec = client.get("/openapi.json").get_json()
    body = client.get("/api/search?q=工会").get_json()
    validator = response_validator(spec, "/api/search", 200)
    validator.validate(body)
    assert not validator.is_valid({**body, "extra": 1})
    assert not validator.is_valid({**body, "total": "12"})
    hit = {**body["hits"][0], "score": 1.0}
    assert not validator.is_valid({**body, "hits": [hit]})


def test_security_headers_everywhere(client):
    for url in (
        "/",
        "/search?q=工会",
        "/about",
        "/api/search?q=工会",
        "/openapi.json",
        "/api/nope",
        "/nope",
        "/static/style.css",
        "/doc/" + quote(UNION_LAW),
    ):
        resp = client.get(url)
        assert resp.headers["X-Content-Type-Options"] == "nosniff", url
        assert resp.headers["X-Frame-Options"] == "DENY", url
        assert resp.headers["Referrer-Policy"], url
        csp = resp.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "style-src 'self'" in csp, url
        assert "unsafe-inline" not in csp, url
