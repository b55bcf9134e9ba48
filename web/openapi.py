"""The OpenAPI 3 description of the JSON API, served at /openapi.json.

The facets, sorts, limits and error codes come from their one definition in ``search``
and ``search.request_args``; tests/web/test_api.py validates real responses against these schemas.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from search import FACETS, MATCH_MODES, SORTS, SPELLINGS
from search.errors import ERRORS, QUERY_ERRORS
from search.limits import DEFAULT_PER_PAGE, MAX_PER_PAGE
from search.request_args import MAX_INT, MAX_VALUE_CHARS, MAX_VALUES_PER_FACET, MIN_INT
from search.suggest import KIND_ORDER, MAX_COMPLETIONS
from web.openapi_parts import NULLABLE_INT, NULLABLE_STR, closed_object, document_fields
from web.research_openapi import add_research

bp = Blueprint("openapi", __name__)

ERROR_CODES = list(ERRORS)


INTEGER = {"type": "integer", "minimum": MIN_INT, "maximum": MAX_INT}
LEVEL = {
    "type": "string",
    "description": "效力级别: 法律 > 行政法规 > 司法解释 > 部门规章 > 地方性法规 > 其他",
}
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


def _error(code: str) -> dict:
    return {
        "description": f"{code}: {ERRORS[code].description}",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _facet_param(facet) -> dict:
    item = INTEGER if facet.value_type is int else FACET_VALUE
    description = f"Only these {facet.noun} (repeatable; ORed)."
    if facet.hierarchical:
        description += " A value includes every value under it (a province its cities and "
        description += "their districts); see depth and parent in the facet counts."
    if facet.unassigned:
        description += f" {facet.unassigned}: the documents that have none."
    return _array_param(facet.name, description, {**item})


def spec(max_query_chars: int, max_page: int) -> dict:
    facet_count = closed_object(
        {
            "value": {
                "type": ["string", "integer"],
                "description": "Facet value; an integer for year.",
            },
            "count": {"type": "integer", "minimum": 0},
            "selected": {"type": "boolean"},
            "depth": {
                "type": "integer",
                "minimum": 0,
                "description": "Depth in a hierarchical facet (district: 省 > 市 > 区县; "
                "0 = top); 0 for the other facets.",
            },
            "parent": {
                **NULLABLE_STR,
                "description": "The enclosing value in a hierarchical facet (哈尔滨市 "
                "for 南岗区), else null.",
            },
        }
    )
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
                        *(_facet_param(f) for f in FACETS),
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
                        {
                            "name": "match",
                            "in": "query",
                            "required": False,
                            "description": "phrase (default): a word typed without spaces "
                            "matches documents containing that string (or an equivalent "
                            "form); any_order: documents containing each of its words "
                            "anywhere (the looser set).",
                            "schema": {"type": "string", "enum": list(MATCH_MODES)},
                        },
                        {
                            "name": "spelling",
                            "in": "query",
                            "required": False,
                            "description": "auto (default): a query whose misspelt words "
                            "occur in no document is searched corrected (see `corrected`); "
                            "off: searched exactly as typed.",
                            "schema": {"type": "string", "enum": list(SPELLINGS)},
                        },
                        {
                            "name": "sort",
                            "in": "query",
                            "required": False,
                            "description": "Default: relevance when q is given, else newest.",
                            "schema": {"type": "string", "enum": list(SORTS)},
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
                        "400": {
                            **_error("bad_request"),
                            "description": "A bad parameter: "
                            + "; ".join(f"{e.code}: {e.description}" for e in QUERY_ERRORS),
                        },
                        "405": _error("method_not_allowed"),
                        "503": _error("index_unavailable"),
                    },
                },
            },
            "/api/suggest": {
                "get": {
                    "operationId": "suggest",
                    "summary": "Completions of a partly typed query",
                    "description": "Up to 10 completions: document titles, union terms "
                    "(corpus/union_terms.dict), common words of the index and issuers, each "
                    "with its kind and a document count. The prefix may be Chinese "
                    "(traditional characters too), full pinyin (gongh) or pinyin initials "
                    "(ghjf).",
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "required": False,
                            "description": "What has been typed so far.",
                            "schema": {"type": "string", "maxLength": max_query_chars},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "Completions, best first",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/SuggestResponse"}
                                }
                            },
                        },
                        "400": _error("query_too_long"),
                        "405": _error("method_not_allowed"),
                        "503": _error("index_unavailable"),
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
                        "404": _error("not_found"),
                        "405": _error("method_not_allowed"),
                        "503": _error("index_unavailable"),
                    },
                },
            },
        },
        "components": {
            "schemas": {
                "Error": closed_object(
                    {
                        "error": closed_object(
                            {
                                "code": {"type": "string", "enum": ERROR_CODES},
                                "message": {"type": "string"},
                            }
                        )
                    }
                ),
                "FacetCount": facet_count,
                "Hit": closed_object(
                    {
                        "id": {"type": "string"},
                        "title": {"type": "string"},
                        "title_html": {
                            "type": "string",
                            "description": "Escaped title with <mark> around matches (safe HTML).",
                        },
                        "date": {**NULLABLE_STR, "description": "YYYY-MM-DD"},
                        "year": NULLABLE_INT,
                        "district": {"type": "string"},
                        "issuer": {"type": "string"},
                        "doc_type": {"type": "string"},
                        "doc_number": {
                            "type": "string",
                            "description": "发文字号 in its standard form, e.g. 国发〔2013〕8号; "
                            "empty when the document has none.",
                        },
                        "topics": {"type": "array", "items": {"type": "string"}},
                        "level": LEVEL,
                        "snippet": {
                            "type": "string",
                            "description": "Escaped fragments with <mark> around "
                            "matches (safe HTML).",
                        },
                        "url": {"type": "string", "description": "The HTML document page."},
                        "ocr": {
                            "type": "boolean",
                            "description": "True when the text was read from a scan by OCR.",
                        },
                        "status": {
                            **NULLABLE_STR,
                            "description": "时效性 of a law: 现行有效, 已修改, 已废止, 尚未生效.",
                        },
                        "missing": {
                            "type": ["array", "null"],
                            "items": {"type": "string"},
                            "description": "Of the words a relaxed or partial result left "
                            "out for lack of documents (in `relaxed.dropped` and "
                            "`partial.dropped`, as named there), those this document does not "
                            "hold (nor a form of them searched, 也搜索了); it holds every other "
                            "word of those lists. Empty when it holds them all (a complete "
                            "match listed before partial ones). Question words and the words a "
                            "fallback did not require were not searched and are never listed "
                            "here. null when no word was left out for lack of documents.",
                        },
                        "units": {
                            "type": "array",
                            "maxItems": 4,
                            "description": "The best matching articles/sections, best first.",
                            "items": {"$ref": "#/components/schemas/UnitHit"},
                        },
                    }
                ),
                "UnitHit": closed_object(
                    {
                        "label": {"type": "string", "description": "第四十四条 / 二、…"},
                        "anchor": {"type": "string", "description": "HTML id on the page."},
                        "snippet": {"type": "string", "description": "Safe HTML."},
                        "matches": {
                            "type": "integer",
                            "minimum": 0,
                            "description": "The marks of the query in the unit's own text "
                            "(not its sub-units'), as its page's outline counts them: only "
                            "units holding something searched are listed, so 0 only for the "
                            "article a citation names (shown whatever it holds).",
                        },
                        "url": {"type": "string", "description": "/doc/<id>#<anchor>"},
                    }
                ),
                "Answer": closed_object(
                    {
                        "id": {"type": "string"},
                        "title": {"type": "string"},
                        "date": NULLABLE_STR,
                        "status": NULLABLE_STR,
                        "article": {"type": "string", "description": "第四十四条"},
                        "found": {"type": "boolean"},
                        "anchor": NULLABLE_STR,
                        "text": {"type": "string", "description": "The whole article."},
                        "url": {"type": "string"},
                        "message": {
                            **NULLABLE_STR,
                            "description": "Set when the law has no such article.",
                        },
                    },
                    type=["object", "null"],
                    description="A citation query (劳动法第四十四条) answered directly.",
                ),
                "SearchResponse": closed_object(
                    {
                        "query": {"type": "string"},
                        "total": {"type": "integer", "minimum": 0},
                        "page": {"type": "integer", "minimum": 1},
                        "per_page": {"type": "integer", "minimum": 1},
                        "took_ms": {"type": "number", "minimum": 0},
                        "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                        "facets": closed_object(
                            {
                                f.name: {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/FacetCount"},
                                }
                                for f in FACETS
                            }
                        ),
                        "next": {
                            **NULLABLE_STR,
                            "description": "URL of the next page, null on the last.",
                        },
                        "notice": {
                            **NULLABLE_STR,
                            "description": "Set when the query was read as plain text, or "
                            "when a word typed without spaces occurs nowhere and its words "
                            "were searched instead, or when it was read as pinyin.",
                        },
                        "match": {"type": "string", "enum": list(MATCH_MODES)},
                        "relaxed": closed_object(
                            {
                                "dropped": {"type": "array", "items": {"type": "string"}},
                                "question_words": {"type": "array", "items": {"type": "string"}},
                            },
                            type=["object", "null"],
                            description="Words of the query not required (未包含): question "
                            "words, and the least informative words when the query as typed "
                            "found nothing. null when every word was required.",
                        ),
                        "expansions": {
                            "type": "array",
                            "description": "Equivalent forms searched as well (也搜索了).",
                            "items": closed_object(
                                {
                                    "word": {"type": "string"},
                                    "also": {"type": "array", "items": {"type": "string"}},
                                }
                            ),
                        },
                        "fallback": {
                            "type": "array",
                            "description": "Words typed without spaces that occur nowhere; "
                            "their words were searched anywhere instead.",
                            "items": closed_object(
                                {
                                    "word": {"type": "string"},
                                    "words": {"type": "array", "items": {"type": "string"}},
                                }
                            ),
                        },
                        "exact": {
                            **NULLABLE_STR,
                            "description": "URL of the same search with the words that had "
                            "equivalent forms (expansions) quoted: only the documents that "
                            "contain the words as typed, for exact counts and facets. null "
                            "when nothing was expanded or the query uses syntax.",
                        },
                        "looser": {
                            **NULLABLE_STR,
                            "description": "URL of the looser set (match=any_order: the "
                            "words anywhere), when it differs from this one.",
                        },
                        "answer": {"$ref": "#/components/schemas/Answer"},
                        "suggestion": closed_object(
                            {
                                "q": {"type": "string"},
                                "url": {"type": "string"},
                            },
                            type=["object", "null"],
                            description="Did you mean: a near variant of the query that "
                            "finds many more documents (offered, not run).",
                        ),
                        "searched_as": {
                            **NULLABLE_STR,
                            "description": "The query run instead of q: a pinyin query "
                            "that matched nothing as Latin text, read as Chinese words.",
                        },
                        "corrected": closed_object(
                            {
                                "q": {"type": "string"},
                                "original": {"type": "string"},
                            },
                            type=["object", "null"],
                            description="Set when the query was corrected by itself (its "
                            "misspelt words occur in no document and the correction finds "
                            "enough): `q` was searched instead; `original` is the URL of the "
                            "query searched as typed (spelling=off). Quoted strings are never "
                            "corrected.",
                        ),
                        "partial": closed_object(
                            {
                                "complete": {"type": "integer", "minimum": 0},
                                "dropped": {"type": "array", "items": {"type": "string"}},
                            },
                            type=["object", "null"],
                            description="Set when the query's words together found only a "
                            "few documents: those (complete, after filters) come first, then "
                            "the documents of the query with `dropped` left out (relaxed as "
                            "when nothing is found); total counts both.",
                        ),
                        "place": closed_object(
                            {
                                "districts": {"type": "array", "items": {"type": "string"}},
                                "notice": {"type": "string"},
                                "filter": {"type": "string"},
                            },
                            type=["object", "null"],
                            description="Set when a question named a place that is a district "
                            "value (北京 → 北京市): the place's word was not searched; the "
                            "documents of those districts (and the areas below them) come "
                            "first, then the rest, national documents before other areas' "
                            "among close relevance. `filter` is the URL of the same search "
                            "filtered to the districts.",
                        ),
                    }
                ),
                "SuggestResponse": closed_object(
                    {
                        "query": {"type": "string"},
                        "suggestions": {
                            "type": "array",
                            "maxItems": MAX_COMPLETIONS,
                            "items": closed_object(
                                {
                                    "text": {"type": "string"},
                                    "kind": {"type": "string", "enum": list(KIND_ORDER)},
                                    "count": {"type": "integer", "minimum": 0},
                                    "url": {
                                        "type": "string",
                                        "description": "The search page for this text.",
                                    },
                                }
                            ),
                        },
                    }
                ),
                "Document": closed_object(
                    {
                        **document_fields(
                            "id",
                            "title",
                            "date",
                            "year",
                            "district",
                            "issuer",
                            "doc_type",
                            "topics",
                        ),
                        "level": LEVEL,
                        "source_url": {"type": "string"},
                        "doc_number": {"type": "string", "description": "发文字号, or empty."},
                        "attachments": {
                            "type": "array",
                            "items": {"type": "string"},
                            "description": "Ids of the files this notice links to.",
                        },
                        "attached_to": {
                            **NULLABLE_STR,
                            "description": "Id of the notice this file is attached to.",
                        },
                        "text": {"type": "string"},
                        "ocr": {
                            "type": "boolean",
                            "description": "True when the text was read from a scan by OCR.",
                        },
                        "status": {**NULLABLE_STR, "description": "时效性 of a law."},
                        "units": {
                            "type": "array",
                            "description": "Parts, chapters, articles or sections, in order; "
                            "text[start:end] is the unit.",
                            "items": closed_object(
                                {
                                    "depth": {"type": "integer", "minimum": 0},
                                    "label": {"type": "string"},
                                    "anchor": {"type": "string"},
                                    "start": {"type": "integer", "minimum": 0},
                                    "end": {"type": "integer", "minimum": 0},
                                }
                            ),
                        },
                        "versions": {
                            "type": "array",
                            "description": "Versions of the same law, oldest first (empty "
                            "when there is one).",
                            "items": closed_object(
                                {
                                    "id": {"type": "string"},
                                    "date": NULLABLE_STR,
                                    "status": NULLABLE_STR,
                                }
                            ),
                        },
                    }
                ),
            },
        },
    }


@bp.get("/openapi.json")
def spec_view():
    config = current_app.config["UNION_SEARCH"]
    return jsonify(add_research(spec(config.max_query_chars, config.max_page)))
