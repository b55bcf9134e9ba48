"""Chinese input on the web side: /api/suggest, and the did-you-mean / pinyin fields of
search results (JSON and page). Views call the Searcher only."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, current_app, jsonify, request, url_for

from search import QueryError, SearchResult
from search.alternatives import literal_query
from search.suggest import MAX_COMPLETIONS
from web.params import request_pairs, with_query

bp = Blueprint("chinese_input", __name__, url_prefix="/api")


def suggestion_json(result: SearchResult, endpoint: str) -> dict | None:
    """``{"q", "url"}`` for the did-you-mean query (same filters), or None."""
    if not result.suggestion:
        return None
    return {"q": result.suggestion, "url": suggestion_url(result, endpoint)}


def suggestion_url(result: SearchResult, endpoint: str) -> str | None:
    if not result.suggestion:
        return None
    req = replace(result.request, q=result.suggestion, page=1)
    return with_query(url_for(endpoint), request_pairs(req))


def exact_url(result: SearchResult, endpoint: str) -> str | None:
    """The same search with every word that was also searched in equivalent forms quoted
    (欠薪 → "欠薪"): exactly the documents that contain what was typed, for counting.
    None when no equivalent form was searched or the query is written with syntax."""
    if not result.expansions or result.request.q is None:
        return None
    q = literal_query(result.request.q, [w for w, _ in result.expansions])
    if q is None:
        return None
    return with_query(url_for(endpoint), request_pairs(replace(result.request, q=q, page=1)))


@bp.get("/suggest")
def suggest():
    config = current_app.config["UNION_SEARCH"]
    q = request.args.get("q", "") or ""
    if len(q) > config.max_query_chars:
        raise QueryError(
            "query_too_long",
            f"query is {len(q)} characters; the limit is {config.max_query_chars}",
        )
    completions = current_app.extensions["searcher"].suggest(q, MAX_COMPLETIONS)
    search = url_for("pages.search")
    return jsonify(
        {
            "query": q,
            "suggestions": [
                {
                    "text": c.text,
                    "kind": c.kind,
                    "count": c.count,
                    "url": with_query(search, [("q", c.text)]),
                }
                for c in completions
            ],
        }
    )
