"""The JSON API: /api/search and /api/documents/<id>. Stable; see web/openapi.py."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, abort, current_app, jsonify, request, url_for

from search import FACET_FIELDS, Answer, Hit, SearchResult
from search.hit_record import hit_record
from search.place import place_notice
from search.request_args import parse_search_args
from web.chinese_input import exact_url, suggestion_json
from web.facet_links import facet_count_json, place_url
from web.params import request_pairs, with_query

bp = Blueprint("api", __name__, url_prefix="/api")


def _searcher():
    return current_app.extensions["searcher"]


def hit_json(hit: Hit) -> dict:
    # Built once per hit: url_for is the costliest part of the response (a third of it
    # before), and a hit's articles share their document's address.
    return hit_record(hit, url_for("pages.document", doc_id=hit.id))


def answer_json(answer: Answer | None) -> dict | None:
    """A citation query's article (or that the law has no such article)."""
    if answer is None:
        return None
    url = url_for("pages.document", doc_id=answer.doc_id)
    return {
        "id": answer.doc_id,
        "title": answer.title,
        "date": answer.date,
        "status": answer.status or None,
        "article": answer.label,
        "found": answer.found,
        "anchor": answer.anchor,
        "text": answer.text,
        "url": url + "#" + answer.anchor if answer.anchor else url,
        "message": answer.missing,
    }


def search_json(result: SearchResult) -> dict:
    req = result.request
    config = current_app.config["UNION_SEARCH"]
    has_next = result.has_next and req.page < config.max_page
    return {
        "query": req.q,
        "total": result.total,
        "page": req.page,
        "per_page": req.per_page,
        "took_ms": round(result.took_ms, 2),
        "hits": [hit_json(h) for h in result.hits],
        "facets": {
            facet: [facet_count_json(fc) for fc in result.facets.get(facet, [])]
            for facet in FACET_FIELDS
        },
        "next": (
            with_query(url_for("api.search"), request_pairs(req, page=req.page + 1))
            if has_next
            else None
        ),
        "notice": result.notice,
        "match": req.match,
        "relaxed": (
            {"dropped": result.dropped, "question_words": result.question_words}
            if result.dropped
            else None
        ),
        "expansions": [{"word": w, "also": forms} for w, forms in result.expansions],
        "fallback": [{"word": w, "words": parts} for w, parts in result.fallback],
        "exact": exact_url(result, "api.search"),
        "looser": (
            with_query(
                url_for("api.search"), request_pairs(replace(req, match="any_order", page=1))
            )
            if result.looser_available
            else None
        ),
        "answer": answer_json(result.answer),
        "suggestion": suggestion_json(result, "api.search"),
        "searched_as": result.searched_as,
        "corrected": (
            {
                "q": result.corrected,
                "original": with_query(
                    url_for("api.search"), request_pairs(replace(req, spelling="off", page=1))
                ),
            }
            if result.corrected
            else None
        ),
        "partial": (
            {"complete": result.partial.complete, "dropped": result.partial.dropped}
            if result.partial
            else None
        ),
        "place": (
            {
                "districts": result.places,
                "notice": place_notice(result.places),
                "filter": place_url(result, "api.search"),
            }
            if result.places
            else None
        ),
    }


@bp.get("/search")
def search():
    req = parse_search_args(request.args, current_app.config["UNION_SEARCH"])
    return jsonify(search_json(_searcher().search(req)))


@bp.get("/documents/<path:doc_id>")
def document(doc_id: str):
    doc = _searcher().document(doc_id)
    if doc is None:
        abort(404)
    return jsonify(
        {
            "id": doc.id,
            "title": doc.title,
            "date": doc.date,
            "year": doc.year,
            "district": doc.district,
            "issuer": doc.issuer,
            "doc_type": doc.doc_type,
            "topics": list(doc.topics),
            "level": doc.level,
            "source_url": doc.source_url,
            "doc_number": doc.doc_number,
            "attachments": list(doc.attachments),
            "attached_to": doc.attached_to or None,
            "text": doc.text,
            "ocr": doc.ocr,
            "status": doc.status or None,
            "units": [
                {
                    "depth": u.depth,
                    "label": u.label,
                    "anchor": u.anchor,
                    "start": u.start,
                    "end": u.end,
                }
                for u in doc.units
            ],
            "versions": [
                {"id": v.id, "date": v.date, "status": v.status or None} for v in doc.versions
            ],
        }
    )


@bp.get("/")
@bp.get("")
def index():
    return jsonify({"search": url_for("api.search"), "openapi": url_for("openapi.spec_view")})
