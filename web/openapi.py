"""The OpenAPI 3 description of the JSON API, served at /openapi.json.

tests/web/test_api.py checks the real responses against these schemas, so keep the two
in step.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from web.params import (
    DEFAULT_PER_PAGE,
    MAX_INT,
    MAX_PER_PAGE,
    MAX_VALUE_CHARS,
    MAX_VALUES_PER_FACET,
    MIN_INT,
)

bp = Blueprint("openapi", __name__)

ERROR_CODES = [
    "bad_year",
    "bad_page",
    "bad_per_page",
    "bad_sort",
    "bad_filter",
    "too_many_values",
    "query_too_long",
    "too_many_terms",
    "not_found",
    "method_not_allowed",
    "index_unavailable",
    "internal_error",
]


INTEGER = {"type": "integer", "minimum": MIN_INT, "maximum": MAX_INT}
FACET_VALUE = {"type": "string", "maxLength": MAX_VALUE_CHARS}


def _array_param(name: str, description: str, item: dict) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "style": "form",
        "explode": True,
        "schema": {"type": "array", "items": item, "maxItems": MAX_VALUES_PER_FACET},
    }


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def spec(max_query_chars: int = 500, max_page: int = 1000) -> dict:
    nullable_str = {"type": ["string", "null"]}
    nullable_int = {"type": ["integer", "null"]}
    facet_count = {
        "type": "object",
        "required": ["value", "count", "selected"],
        "additionalProperties": False,
        "properties": {
            "value": {
                "type": ["string", "integer"],
                "description": "Facet value; an integer for year.",
            },
            "count": {"type": "integer", "minimum": 0},
            "selected": {"type": "boolean"},
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "union-search API",
            "version": "1.0.0",
            "description": "Full-text search over Chinese trade-union documents (工会文档检索). "
            "Read-only: every endpoint accepts GET and HEAD only. Errors always "
            'have the shape {"error": {"code", "message"}}.',
        },
        "paths": {
            "/api/search": {
                "get": {
                    "operationId": "search",
                    "summary": "Search documents, with facet counts",
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "required": False,
                            "description": 'Query text. Words are ANDed; "quoted phrases", '
                            "OR and -exclusion are understood. Empty: browse "
                            "all documents.",
                            "schema": {"type": "string", "maxLength": max_query_chars},
                        },
                        _array_param("year", "Only these years (repeatable; ORed).", {**INTEGER}),
                        {
                            "name": "year_from",
                            "in": "query",
                            "required": False,
                            "description": "Earliest year, inclusive.",
                            "schema": {**INTEGER},
                        },
                        {
                            "name": "year_to",
                            "in": "query",
                            "required": False,
                            "description": "Latest year, inclusive.",
                            "schema": {**INTEGER},
                        },
                        _array_param(
                            "district", "Only these districts (repeatable; ORed).", {**FACET_VALUE}
                        ),
                        _array_param(
                            "topic", "Only these topics (repeatable; ORed).", {**FACET_VALUE}
                        ),
                        _array_param(
                            "doc_type",
                            "Only these document types (repeatable; ORed).",
                            {**FACET_VALUE},
                        ),
                        {
                            "name": "sort",
                            "in": "query",
                            "required": False,
                            "description": "Default: relevance when q is given, else newest.",
                            "schema": {"type": "string", "enum": ["relevance", "newest", "oldest"]},
                        },
                        {
                            "name": "page",
                            "in": "query",
                            "required": False,
                            "schema": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": max_page,
                                "default": 1,
                            },
                        },
                        {
                            "name": "per_page",
                            "in": "query",
                            "required": False,
                            "schema": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": MAX_PER_PAGE,
                                "default": DEFAULT_PER_PAGE,
                            },
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "One page of hits with facet counts",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/SearchResponse"}
                                }
                            },
                        },
                        "400": _error(
                            "A bad parameter (codes bad_year, bad_page, "
                            "bad_per_page, bad_sort, bad_filter, too_many_values, "
                            "query_too_long, too_many_terms)"
                        ),
                        "405": _error("Method other than GET/HEAD"),
                        "503": _error("No index has been built yet"),
                    },
                },
            },
            "/api/documents/{id}": {
                "get": {
                    "operationId": "getDocument",
                    "summary": "One whole document",
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "description": "Document id, a corpus-relative path that may contain "
                            "slashes (sent unescaped or percent-encoded).",
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "The document",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Document"}
                                }
                            },
                        },
                        "404": _error("No document has this id"),
                        "405": _error("Method other than GET/HEAD"),
                        "503": _error("No index has been built yet"),
                    },
                },
            },
        },
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "additionalProperties": False,
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["code", "message"],
                            "additionalProperties": False,
                            "properties": {
                                "code": {"type": "string", "enum": ERROR_CODES},
                                "message": {"type": "string"},
                            },
                        }
                    },
                },
                "FacetCount": facet_count,
                "Hit": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": [
                        "id",
                        "title",
                        "title_html",
                        "date",
                        "year",
                        "district",
                        "issuer",
                        "doc_type",
                        "topics",
                        "snippet",
                        "url",
                    ],
                    "properties": {
                        "id": {"type": "string"},
                        "title": {"type": "string"},
                        "title_html": {
                            "type": "string",
                            "description": "Escaped title with <mark> around matches (safe HTML).",
                        },
                        "date": {**nullable_str, "description": "YYYY-MM-DD"},
                        "year": nullable_int,
                        "district": {"type": "string"},
                        "issuer": {"type": "string"},
                        "doc_type": {"type": "string"},
                        "topics": {"type": "array", "items": {"type": "string"}},
                        "snippet": {
                            "type": "string",
                            "description": "Escaped fragments with <mark> around "
                            "matches (safe HTML).",
                        },
                        "url": {"type": "string", "description": "The HTML document page."},
                    },
                },
                "SearchResponse": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": [
                        "query",
                        "total",
                        "page",
                        "per_page",
                        "took_ms",
                        "hits",
                        "facets",
                        "next",
                        "notice",
                    ],
                    "properties": {
                        "query": {"type": "string"},
                        "total": {"type": "integer", "minimum": 0},
                        "page": {"type": "integer", "minimum": 1},
                        "per_page": {"type": "integer", "minimum": 1},
                        "took_ms": {"type": "number"},
                        "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                        "facets": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["year", "district", "topic", "doc_type"],
                            "properties": {
                                f: {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/FacetCount"},
                                }
                                for f in ("year", "district", "topic", "doc_type")
                            },
                        },
                        "next": {
                            **nullable_str,
                            "description": "URL of the next page, null on the last.",
                        },
                        "notice": {
                            **nullable_str,
                            "description": "Set when the query was read as plain text.",
                        },
                    },
                },
                "Document": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": [
                        "id",
                        "title",
                        "date",
                        "year",
                        "district",
                        "issuer",
                        "doc_type",
                        "topics",
                        "source_url",
                        "text",
                    ],
                    "properties": {
                        "id": {"type": "string"},
                        "title": {"type": "string"},
                        "date": nullable_str,
                        "year": nullable_int,
                        "district": {"type": "string"},
                        "issuer": {"type": "string"},
                        "doc_type": {"type": "string"},
                        "topics": {"type": "array", "items": {"type": "string"}},
                        "source_url": {"type": "string"},
                        "text": {"type": "string"},
                    },
                },
            },
        },
    }


@bp.get("/openapi.json")
def spec_view():
    config = current_app.config["UNION_SEARCH"]
    return jsonify(spec(config.max_query_chars, config.max_page))
