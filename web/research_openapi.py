"""The OpenAPI description of the research endpoints (trends, concordance, exports),
merged into /openapi.json by ``web.openapi``. Export columns come from ``search.export``,
where they are defined."""

from __future__ import annotations

from search import KWIC_SORTS, MAX_EXPORT_ROWS, MAX_TERMS, TREND_BY
from search.export import KWIC_COLUMNS, SEARCH_COLUMNS, TREND_COLUMNS
from search.kwic import DEFAULT_WIDTH
from search.limits import DEFAULT_KWIC_PER_PAGE, MAX_KWIC_PER_PAGE
from search.limits import MAX_KWIC_WIDTH as MAX_WIDTH
from web.openapi_parts import NULLABLE_STR, closed_object, document_fields

# A term must have something besides what Python's str.strip() removes (an ECMA-262 \s,
# as OpenAPI patterns are read, does not cover U+001C-U+001F and U+0085).
TERM = {"type": "string", "minLength": 1, "pattern": "[^\\s\\x1c-\\x1f\\x85]"}

EXPORT_HEADERS = {
    "X-Total-Count": {
        "description": "Rows the full result has (search hits, concordance lines, trend rows).",
        "schema": {"type": "integer", "minimum": 0},
    },
    "X-Export-Truncated": {
        "description": "true when the export stopped at `limit` rows before the end.",
        "schema": {"type": "string", "enum": ["true", "false"]},
    },
}


def _param(name: str, schema: dict, description: str, required: bool = False) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema,
    }


def _columns(columns) -> str:
    return "Columns: " + "; ".join(f"`{name}` {meaning}" for name, meaning in columns) + "."


def _export_responses(what: str, columns) -> dict:
    return {
        "200": {
            "description": f"{what}, streamed: CSV (UTF-8 with a BOM, a header row) or JSON "
            f"Lines (one object per row, the same keys). {_columns(columns)}",
            "headers": EXPORT_HEADERS,
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/x-ndjson": {"schema": {"type": "string"}},
            },
        },
        "400": _error("A bad parameter"),
        "404": _error("A format other than csv or jsonl"),
        "405": _error("Method other than GET/HEAD"),
        "503": _error("No index has been built yet"),
    }


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _json(ref: str, description: str) -> dict:
    return {
        "200": {
            "description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
        },
        "400": _error("A bad parameter"),
        "405": _error("Method other than GET/HEAD"),
        "503": _error("No index has been built yet"),
    }


FORMAT = {
    "name": "format",
    "in": "path",
    "required": True,
    "description": "csv or jsonl",
    "schema": {"type": "string", "enum": ["csv", "jsonl"]},
}


def add_research(spec: dict) -> dict:
    """``spec`` (the search API's description) with the research endpoints added; their
    filters are /api/search's own parameters."""
    search = [
        p
        for p in spec["paths"]["/api/search"]["get"]["parameters"]
        if p["name"] not in ("page", "per_page")
    ]
    filters = [p for p in search if p["name"] not in ("q", "sort")]
    q = next(p for p in search if p["name"] == "q")
    page = next(p for p in spec["paths"]["/api/search"]["get"]["parameters"] if p["name"] == "page")
    spec["paths"].update(research_paths(search, filters, q["schema"]["maxLength"], page))
    spec["components"]["schemas"].update(research_schemas())
    return spec


def research_paths(search: list[dict], filters: list[dict], max_query_chars: int, page: dict):
    """Paths of the research endpoints: ``search`` are /api/search's parameters but paging,
    ``filters`` its filters, ``page`` its page parameter."""
    limit = _param(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": MAX_EXPORT_ROWS, "default": MAX_EXPORT_ROWS},
        f"At most this many rows (the bound on every export is {MAX_EXPORT_ROWS:,}).",
    )
    terms = _param(
        "q",
        {
            "type": "array",
            "items": {**TERM, "maxLength": max_query_chars},
            "minItems": 1,
            "maxItems": MAX_TERMS,
        },
        f"Terms to compare (repeat q, at most {MAX_TERMS}). Each is read literally: every "
        "word as a quoted phrase, no synonyms (what Ctrl-F finds).",
        required=True,
    )
    terms["style"], terms["explode"] = "form", True
    trend_params = [
        terms,
        _param(
            "by",
            {"type": "string", "enum": list(TREND_BY), "default": "year"},
            "Bucket by year, district, topic or doc_type.",
        ),
        *filters,
    ]
    kwic_params = [
        _param(
            "q",
            {**TERM, "maxLength": max_query_chars},
            "Query; its words are read literally and every occurrence is listed.",
            required=True,
        ),
        _param(
            "width",
            {"type": "integer", "minimum": 1, "maximum": MAX_WIDTH, "default": DEFAULT_WIDTH},
            "Characters of context on each side.",
        ),
        _param(
            "sort",
            {"type": "string", "enum": list(KWIC_SORTS), "default": "date"},
            "date (oldest first), document (by title), left (by the left context read "
            "from the match outwards), right (by the right context).",
        ),
        *filters,
    ]
    paging = [
        page,
        _param(
            "per_page",
            {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_KWIC_PER_PAGE,
                "default": DEFAULT_KWIC_PER_PAGE,
            },
            "",
        ),
    ]
    return {
        "/api/trends": {
            "get": {
                "operationId": "trends",
                "summary": "Documents and occurrences of up to 4 terms per year, district, "
                "topic or document type, with the rate per 10,000 characters",
                "parameters": trend_params,
                "responses": _json("TrendsResponse", "The trend table"),
            }
        },
        "/api/trends.{format}": {
            "get": {
                "operationId": "exportTrends",
                "summary": "The trend table as CSV or JSON Lines",
                "parameters": [FORMAT, *trend_params],
                "responses": _export_responses("One row per bucket and term", TREND_COLUMNS),
            }
        },
        "/api/kwic": {
            "get": {
                "operationId": "kwic",
                "summary": "Concordance (keyword in context): every occurrence, paged",
                "parameters": [*kwic_params, *paging],
                "responses": _json("KwicResponse", "One page of concordance lines"),
            }
        },
        "/api/kwic.{format}": {
            "get": {
                "operationId": "exportKwic",
                "summary": "The whole concordance as CSV or JSON Lines",
                "parameters": [FORMAT, *kwic_params, limit],
                "responses": _export_responses("One row per occurrence", KWIC_COLUMNS),
            }
        },
        "/api/search.{format}": {
            "get": {
                "operationId": "exportSearch",
                "summary": "Every hit of a search (not one page) as CSV or JSON Lines",
                "parameters": [FORMAT, *search, limit],
                "responses": _export_responses("One row per hit, in result order", SEARCH_COLUMNS),
            }
        },
    }


def _counts() -> dict:
    return {
        "type": "array",
        "items": closed_object(
            {
                "term": {"type": "string"},
                "documents": {"type": "integer", "minimum": 0},
                "occurrences": {"type": "integer", "minimum": 0},
                "rate_per_10k": {"type": "number", "minimum": 0},
            }
        ),
    }


def research_schemas() -> dict:
    exports = closed_object({"csv": {"type": "string"}, "jsonl": {"type": "string"}})
    line_props = {
        "doc_id": {"type": "string"},
        **document_fields("title", "date", "year", "district", "doc_type"),
        "left": {"type": "string"},
        "match": {"type": "string"},
        "right": {"type": "string"},
        "offset": {"type": "integer", "minimum": 0},
        "mark": {"type": "integer", "minimum": 1},
        "url": {"type": "string", "description": "The document page, scrolled to this match."},
    }
    return {
        "TrendsResponse": closed_object(
            {
                "by": {"type": "string", "enum": list(TREND_BY)},
                "terms": {"type": "array", "items": {"type": "string"}},
                "buckets": {
                    "type": "array",
                    "items": closed_object(
                        {
                            "value": {
                                "type": ["string", "integer", "null"],
                                "description": "An integer for years; null for documents "
                                "without a value.",
                            },
                            "documents": {"type": "integer", "minimum": 0},
                            "characters": {"type": "integer", "minimum": 0},
                            "counts": _counts(),
                        }
                    ),
                },
                "totals": closed_object(
                    {
                        "documents": {"type": "integer", "minimum": 0},
                        "characters": {"type": "integer", "minimum": 0},
                        "counts": _counts(),
                    }
                ),
                "took_ms": {"type": "number"},
                "exports": exports,
            }
        ),
        "KwicLine": closed_object(line_props),
        "KwicResponse": closed_object(
            {
                "query": {"type": "string"},
                "total": {"type": "integer", "minimum": 0},
                "documents": {"type": "integer", "minimum": 0},
                "truncated": {"type": "boolean"},
                "page": {"type": "integer", "minimum": 1},
                "per_page": {"type": "integer", "minimum": 1},
                "width": {"type": "integer", "minimum": 1},
                "sort": {"type": "string", "enum": list(KWIC_SORTS)},
                "took_ms": {"type": "number"},
                "lines": {"type": "array", "items": {"$ref": "#/components/schemas/KwicLine"}},
                "next": NULLABLE_STR,
                "exports": exports,
            }
        ),
    }
