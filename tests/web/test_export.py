"""Exports (/api/search.csv|.jsonl, /api/trends.csv|.jsonl, /api/kwic.csv|.jsonl) and the
trends and concordance JSON API, through Flask's test client."""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import urlencode

import pytest

from search import MAX_EXPORT_ROWS
from search.errors import RESEARCH_ERRORS
from search.export import KWIC_COLUMNS, SEARCH_COLUMNS, TREND_COLUMNS
from tests.openapi_schema import assert_matches
from tests.web.test_api import assert_error, get_json

BOM = "\ufeff".encode()


@pytest.fixture
def client(shipped_client):
    return shipped_client


def read_csv(resp) -> list[dict]:
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    assert resp.mimetype == "text/csv" and resp.mimetype_params["charset"] == "utf-8"
    assert resp.is_streamed
    raw = resp.get_data()
    assert raw.startswith(BOM)
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def read_jsonl(resp) -> list[dict]:
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    assert resp.mimetype == "application/x-ndjson"
    lines = resp.get_data(as_text=True).splitlines()
    return [json.loads(line) for line in lines]


def all_hits(client, **params) -> list[dict]:
    hits, url = [], "/api/search?" + urlencode({**params, "per_page": 100})
    while url:
        body = get_json(client, url)
        hits += body["hits"]
        url = body["next"]
    return hits


@pytest.mark.parametrize(
    "params",
    [{"q": "工会"}, {"q": "农民工", "sort": "newest"}, {"q": "集体协商", "year_from": "2010"}],
)
def test_search_export_is_the_whole_result_in_order(client, params):
    hits = all_hits(client, **params)
    assert len(hits) > 10  # more than one page of the HTML search
    rows = read_csv(client.get("/api/search.csv?" + urlencode(params)))
    assert list(rows[0]) == [name for name, _ in SEARCH_COLUMNS]
    assert [r["id"] for r in rows] == [h["id"] for h in hits]
    # Chinese round-trips through the CSV, and the rank is the position.
    assert [r["title"] for r in rows] == [h["title"] for h in hits]
    assert [int(r["rank"]) for r in rows] == list(range(1, len(hits) + 1))
    assert all("<mark>" not in r["snippet"] for r in rows)
    lines = read_jsonl(client.get("/api/search.jsonl?" + urlencode(params)))
    assert [line["id"] for line in lines] == [h["id"] for h in hits]
    assert all(set(line) == set(rows[0]) for line in lines)
    assert [line["topics"] for line in lines] == [";".join(h["topics"]) for h in hits]


def test_limit_is_enforced(client):
    resp = client.get("/api/search.csv?q=工会&limit=3")
    rows = read_csv(resp)
    assert len(rows) == 3
    total = int(resp.headers["X-Total-Count"])
    assert total == get_json(client, "/api/search?q=工会")["total"] > 3
    assert resp.headers["X-Export-Truncated"] == "true"
    whole = client.get("/api/search.jsonl?q=工会")
    assert len(read_jsonl(whole)) == total and whole.headers["X-Export-Truncated"] == "false"
    kwic = client.get("/api/kwic.jsonl?q=工会&limit=5")
    assert len(read_jsonl(kwic)) == 5 and kwic.headers["X-Export-Truncated"] == "true"
    for url in (
        "/api/search.csv?limit=0",
        f"/api/search.csv?limit={MAX_EXPORT_ROWS + 1}",
        "/api/kwic.csv?q=工会&limit=-1",
        "/api/search.jsonl?limit=x",
    ):
        assert_error(client, url, 400, "bad_limit")


def test_trend_exports_equal_the_trend_table(client):
    params = [("q", "农民工"), ("q", "新就业形态"), ("by", "year")]
    body = get_json(client, "/api/trends?" + urlencode(params))
    expected = [
        {
            "by": "year",
            "bucket": b["value"],
            "term": c["term"],
            "documents_matching": c["documents"],
            "occurrences": c["occurrences"],
            "bucket_documents": b["documents"],
            "bucket_characters": b["characters"],
            "rate_per_10k": c["rate_per_10k"],
        }
        for b in body["buckets"]
        for c in b["counts"]
    ]
    assert read_jsonl(client.get("/api/trends.jsonl?" + urlencode(params))) == expected
    rows = read_csv(client.get(body["exports"]["csv"]))
    assert list(rows[0]) == [name for name, _ in TREND_COLUMNS]
    as_text = [{k: "" if v is None else str(v) for k, v in e.items()} for e in expected]
    assert rows == as_text


def test_kwic_export_is_every_line(client):
    body = get_json(client, "/api/kwic?q=新就业形态&sort=left&per_page=500&width=8")
    assert body["total"] == len(body["lines"]) > 0 and body["next"] is None
    rows = read_csv(client.get(body["exports"]["csv"]))
    assert list(rows[0]) == [name for name, _ in KWIC_COLUMNS]
    assert [(r["doc_id"], r["left"], r["match"], r["right"]) for r in rows] == [
        (x["doc_id"], x["left"], x["match"], x["right"]) for x in body["lines"]
    ]
    lines = read_jsonl(client.get(body["exports"]["jsonl"]))
    assert [{k: v for k, v in x.items() if k != "url"} for x in body["lines"]] == lines


def test_kwic_paging_and_links_to_the_occurrence(client):
    first = get_json(client, "/api/kwic?q=农民工&per_page=20")
    assert len(first["lines"]) == 20 and first["next"]
    second = get_json(client, first["next"])
    assert second["page"] == 2 and second["lines"][0] != first["lines"][0]
    for line in first["lines"][:20:4] + second["lines"][:3]:
        path, fragment = line["url"].split("#")
        page = client.get(path).get_data(as_text=True)
        marks = re.findall(r'<mark id="([^"]+)">([^<]*)</mark>', page)
        # The n-th mark of the page has the fragment's id and is this occurrence.
        assert marks[line["mark"] - 1] == (fragment, line["match"])
        assert fragment == ("first-match" if line["mark"] == 1 else f"m{line['mark']}")


BAD_PARAMETERS = [
    ("/api/trends", "missing_query"),
    ("/api/trends?q=%20", "missing_query"),
    ("/api/trends?q=a&q=b&q=c&q=d&q=e", "too_many_queries"),
    ("/api/trends?q=工会&by=issuer", "bad_by"),
    ("/api/trends?q=工会&year=x", "bad_year"),
    ("/api/trends.csv?q=" + "工" * 501, "query_too_long"),
    ("/api/kwic", "missing_query"),
    ("/api/kwic?q=工会&width=0", "bad_width"),
    ("/api/kwic?q=工会&width=abc", "bad_width"),
    ("/api/kwic?q=工会&sort=newest", "bad_sort"),
    ("/api/kwic?q=工会&page=0", "bad_page"),
    ("/api/kwic?q=工会&per_page=501", "bad_per_page"),
    ("/api/kwic.csv?q=工会&district=" + "x" * 201, "bad_filter"),
    ("/api/search.csv?sort=best", "bad_sort"),
    ("/api/search.csv?limit=0", "bad_limit"),
]


def test_every_research_error_code_is_reachable():
    assert {e.code for e in RESEARCH_ERRORS} <= {code for _, code in BAD_PARAMETERS}


@pytest.mark.parametrize("url,code", BAD_PARAMETERS)
def test_bad_parameters_give_the_one_error_shape(client, url, code):
    assert_error(client, url, 400, code)


def test_unknown_export_format_is_404(client):
    assert_error(client, "/api/search.xml?q=工会", 404, "not_found")


def test_openapi_describes_the_research_endpoints(client):
    spec = client.get("/openapi.json").get_json()
    paths = spec["paths"]
    for path in ("/api/trends", "/api/kwic"):
        assert path in paths
    for path in ("/api/trends.{format}", "/api/kwic.{format}", "/api/search.{format}"):
        responses = paths[path]["get"]["responses"]
        assert set(responses["200"]["content"]) == {"text/csv", "application/x-ndjson"}
    # The documented columns are the exported ones.
    for path, columns in (
        ("/api/search.{format}", SEARCH_COLUMNS),
        ("/api/trends.{format}", TREND_COLUMNS),
        ("/api/kwic.{format}", KWIC_COLUMNS),
    ):
        text = paths[path]["get"]["responses"]["200"]["description"]
        assert all(f"`{name}`" in text for name, _ in columns)
    # Real responses match the documented schemas (jsonschema, $refs resolved).
    for url, name in (
        ("/api/trends?q=工会&q=农民工&by=district", "TrendsResponse"),
        ("/api/trends?q=工会&by=topic&year_from=2010", "TrendsResponse"),
        ("/api/kwic?q=农民工&per_page=3&sort=right", "KwicResponse"),
    ):
        body = get_json(client, url)
        assert_matches(body, name, spec)
        assert set(body) == set(spec["components"]["schemas"][name]["properties"])
    assert_matches(client.get("/api/kwic?q=工会&width=0").get_json(), "Error", spec)


def test_export_command_writes_the_same_rows(client, shipped_index, tmp_path):
    from click.testing import CliRunner

    from union_search.cli import main

    out = tmp_path / "kwic.csv"
    args = ["export", "kwic", "新就业形态", "--index", str(shipped_index.index_dir)]
    result = CliRunner().invoke(main, [*args, "--sort", "left", "--output", str(out)])
    assert result.exit_code == 0, result.output
    api = read_csv(client.get("/api/kwic.csv?q=新就业形态&sort=left"))
    assert out.read_bytes().startswith(BOM)
    with out.open(encoding="utf-8-sig", newline="") as f:
        assert list(csv.DictReader(f)) == api
    trends = CliRunner().invoke(
        main,
        ["export", "trends", "农民工", "工会", "--by", "district", "--format", "jsonl"]
        + ["--index", str(shipped_index.index_dir), "--year-from", "2015"],
    )
    assert trends.exit_code == 0, trends.output
    lines = [json.loads(line) for line in trends.stdout.splitlines()]
    params = [("q", "农民工"), ("q", "工会"), ("by", "district"), ("year_from", "2015")]
    assert lines == read_jsonl(client.get("/api/trends.jsonl?" + urlencode(params)))
    bad = CliRunner().invoke(main, [*args, "--limit", "0"])
    assert bad.exit_code == 1 and "bad_limit" in bad.stderr
