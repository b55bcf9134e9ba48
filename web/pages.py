"""HTML pages: search, document, about. Thin views over the Searcher."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, render_template, request, url_for

from search import FACET_FIELDS, SearchRequest
from search.export import EXPORT_FORMATS
from search.facet_set import shown_before_more
from search.notices import expansion_forms
from search.request_args import default_sort, parse_search_args, parse_searched_args
from web import anchors
from web.chinese_input import exact_url, suggestion_url
from web.facet_links import (
    FACET_LABELS,
    clear_filters_url,
    facet_links,
    place_url,
    selected_chips,
)
from web.page_titles import search_heading, search_title
from web.params import request_pairs, searched_pairs, with_query
from web.research import year_trend

bp = Blueprint("pages", __name__)

SORT_LABELS = {"relevance": "相关度", "newest": "最新", "oldest": "最早"}


def _searcher():
    return current_app.extensions["searcher"]


@bp.app_context_processor
def footer_stats():
    """Document count and last reindex time for the footer of every page."""
    try:
        stats = _searcher().stats()
    except Exception:  # the footer never takes a page down (e.g. no index yet)
        stats = None
    return {"footer_stats": stats, "facet_labels": FACET_LABELS, "anchors": anchors}


@bp.app_template_filter("when")
def format_when(value: str | None) -> str:
    """2026-11-25T14:30:03+00:00 → 2026-11-25 14:30 UTC."""
    if not value:
        return "未知"
    text = str(value)
    if "T" in text:
        day, _, rest = text.partition("T")
        hm = rest[:5]
        zone = " UTC" if rest.endswith(("+00:00", "Z")) else ""
        return f"{day} {hm}{zone}"
    return text


def doc_url(
    doc_id: str, searched: SearchRequest | None = None, jump: bool = False, anchor: str = ""
) -> str:
    """The document page; from a hit of ``searched``, marked as that search marks it."""
    pairs = searched_pairs(searched) if searched else []
    url = url_for("pages.document", doc_id=doc_id, **dict(pairs))
    if anchor:
        return f"{url}#{anchor}"
    return url + "#first-match" if jump else url


def _cite_href(doc_id: str, anchor: str) -> str:
    return doc_url(doc_id, anchor=anchor)


def safe_link(url: str | None) -> str | None:
    """``url`` if it is a plain absolute http(s) link, else None (never a href).

    Source URLs come from document files; ``javascript:``, ``data:`` and the like must
    not become a clickable link. Any whitespace or control character is refused too,
    since browsers drop tabs and newlines inside a scheme (java<TAB>script:).
    """
    if not url or any(c.isspace() or ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def page_numbers(current: int, last: int, around: int = 2) -> list[int | None]:
    """Page numbers to show, None where a gap (…) goes: 1 … 4 5 [6] 7 8 … 20."""
    if last <= 1:
        return [1] if last == 1 else []
    shown = {1, last, *range(max(1, current - around), min(last, current + around) + 1)}
    out: list[int | None] = []
    prev = 0
    for n in sorted(shown):
        if n - prev > 1:
            out.append(None)
        out.append(n)
        prev = n
    return out


@bp.get("/")
@bp.get("/search")
def search():
    config = current_app.config["UNION_SEARCH"]
    req = parse_search_args(request.args, config)
    result = _searcher().search(req)
    path = url_for("pages.search")

    def results_url(r: SearchRequest, **over) -> str:
        # Another page or order of these results: focus lands on the results, not the top.
        return anchors.at(with_query(path, request_pairs(r, **over)), anchors.RESULTS)

    last = min(result.pages, config.max_page)
    pages = [
        {
            "n": n,
            "url": results_url(req, page=n) if n else None,
            "current": n == req.page,
        }
        for n in page_numbers(req.page, last)
    ]
    prev_url = results_url(req, page=req.page - 1) if req.page > 1 else None
    next_url = (
        results_url(req, page=req.page + 1)
        if result.has_next and req.page < config.max_page
        else None
    )

    sorts = []
    for key, label in SORT_LABELS.items():
        if key == "relevance" and not req.q:
            continue  # nothing to rank by: browsing is by date
        sorts.append(
            {
                "key": key,
                "label": label,
                "current": key == req.sort,
                "url": results_url(replace(req, sort=key, page=1)),
            }
        )

    hits = [
        {
            "hit": h,
            "url": doc_url(h.id, req, jump="<mark" in h.snippet_html),
            "units": [{"unit": u, "url": doc_url(h.id, req, anchor=u.anchor)} for u in h.units],
        }
        for h in result.hits
    ]
    answer = result.answer
    answer_url = answer and doc_url(answer.doc_id, anchor=answer.anchor or "")
    facets = facet_links(path, req, result.facets)
    # Hidden fields that keep the filters when a new query is typed into the box.
    keep = [
        (k, v) for k, v in request_pairs(req, include_page=False) if k not in ("q", "sort", "match")
    ]
    words = len(req.q.split())
    # The same documents for exports and the concordance (their own order and paging).
    research_pairs = [(k, v) for k, v in request_pairs(req, include_page=False) if k != "per_page"]
    chips = selected_chips(path, req)
    return render_template(
        "search.html",
        title=search_title(req, result.total, chips),
        heading=search_heading(req.q),
        req=req,
        result=result,
        hits=hits,
        answer=answer,
        answer_url=answer_url,
        facets=facets,
        facet_fields=FACET_FIELDS,
        facet_shown={f: shown_before_more([x["depth"] for x in v]) for f, v in facets.items()},
        chips=chips,
        clear_url=clear_filters_url(path, req),
        browse_url=path,
        sorts=sorts,
        pages=pages,
        prev_url=prev_url,
        next_url=next_url,
        keep=keep,
        many_words=words > 1 or len(result.highlight_terms) > 1,
        first_page_url=with_query(path, request_pairs(req, page=1)),
        api_url=with_query(url_for("api.search"), request_pairs(req)),
        suggestion_url=suggestion_url(result, "pages.search"),
        as_typed_url=(
            with_query(path, request_pairs(replace(req, spelling="off", page=1)))
            if result.corrected
            else None
        ),
        default_sort=default_sort(req.q),
        expansions=expansion_forms(result),
        exact_url=exact_url(result, "pages.search"),
        place_url=place_url(result, "pages.search"),
        looser_url=(
            with_query(path, request_pairs(replace(req, match="any_order", page=1)))
            if result.looser_available
            else None
        ),
        phrase_url=(
            with_query(path, request_pairs(replace(req, match="phrase", page=1)))
            if req.match == "any_order"
            else None
        ),
        trend=year_trend(req) if req.page == 1 else None,
        exports={
            fmt: with_query(url_for("research.search_export", fmt=fmt), research_pairs)
            for fmt in EXPORT_FORMATS
        },
        kwic_url=(
            with_query(url_for("research.kwic_page"), [p for p in research_pairs if p[0] != "sort"])
            if req.q
            else None
        ),
    )


@bp.get("/doc/<path:doc_id>")
def document(doc_id: str):
    searched = parse_searched_args(request.args, current_app.config["UNION_SEARCH"])
    q = searched.q
    searcher = _searcher()
    doc = searcher.document(doc_id, searched, href=_cite_href)
    if doc is None:
        abort(404)
    newer = [v for v in doc.versions if v.date and doc.date and v.date > doc.date]
    versions = [
        {
            "v": v,
            "url": doc_url(v.id),
            "diff_url": None if v.current else url_for("pages.diff", a=doc.id, b=v.id),
        }
        for v in doc.versions
    ]
    related = [{"hit": h, "url": doc_url(h.id)} for h in searcher.related(doc_id, limit=5)]
    back_url = with_query(url_for("pages.search"), request_pairs(searched)) if q else None
    return render_template(
        "document.html",
        doc=doc,
        q=q,
        related=related,
        back_url=back_url,
        versions=versions,
        newer=newer[-1] if newer else None,
        newer_url=doc_url(newer[-1].id) if newer else None,
        source_href=safe_link(doc.source_url),
        api_url=url_for("api.document", doc_id=doc.id),
    )


@bp.get("/diff")
def diff():
    """新旧对照: ``/diff?a=<id>&b=<id>``, two versions of a law article by article."""
    a, b = request.args.get("a", ""), request.args.get("b", "")
    if not a or not b:
        abort(400, description="新旧对照需要两个文档：/diff?a=<id>&b=<id>")
    result = _searcher().diff(a, b)
    if result is None:
        abort(404)
    return render_template(
        "diff.html",
        diff=result,
        old_url=doc_url(result.old.id),
        new_url=doc_url(result.new.id),
        counts={k: result.count(k) for k in ("changed", "added", "removed", "same")},
    )


@bp.get("/about")
def about():
    stats = _searcher().stats()
    path = url_for("pages.search")
    summary = {
        facet: [
            {
                "value": fc.value,
                "count": fc.count,
                "depth": fc.depth,
                "url": with_query(path, [(facet, str(fc.value))]),
            }
            for fc in stats.facets.get(facet, [])
        ]
        for facet in FACET_FIELDS
    }
    return render_template("about.html", stats=stats, summary=summary, facet_fields=FACET_FIELDS)
