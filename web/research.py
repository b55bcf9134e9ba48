"""Research tools: term trends, the concordance (KWIC) and exports, as pages and API.

Parameters are read by ``web.research_params`` (search filters by the search page's own
parser); the Searcher computes, ``search.export`` shapes rows; this module only serves.
"""

from __future__ import annotations

from dataclasses import replace

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from markupsafe import Markup

from search import (
    KWIC_SORTS,
    MAX_EXPORT_ROWS,
    MAX_TERMS,
    TREND_BY,
    KwicResult,
    SearchRequest,
    TrendRequest,
    TrendResult,
)
from search.export import (
    EXPORT_FORMATS,
    KWIC_COLUMNS,
    SEARCH_COLUMNS,
    TREND_COLUMNS,
    encode,
    kwic_rows,
    search_rows,
    trend_rows,
)
from search.facet_set import FACET_BY_NAME
from search.highlight import mark_id
from search.request_args import default_sort, parse_search_args
from web.charts import Bar, Group, bar_chart
from web.facet_links import FACET_LABELS
from web.params import request_pairs, with_query
from web.research_params import (
    filter_pairs,
    kwic_pairs,
    parse_kwic_args,
    parse_limit,
    parse_trend_args,
    trend_pairs,
)

bp = Blueprint("research", __name__)

BY_LABELS = FACET_LABELS
KWIC_SORT_LABELS = {"date": "日期", "document": "文档", "left": "左侧语境", "right": "右侧语境"}
MIME = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}


def _searcher():
    return current_app.extensions["searcher"]


def _config():
    return current_app.config["UNION_SEARCH"]


# -- JSON -------------------------------------------------------------------------------


def _counts_json(bucket) -> list[dict]:
    return [
        {
            "term": c.term,
            "documents": c.documents,
            "occurrences": c.occurrences,
            "rate_per_10k": round(c.rate, 4),
        }
        for c in bucket.counts
    ]


def trends_json(result: TrendResult) -> dict:
    req = result.request
    pairs = trend_pairs(req)
    return {
        "by": req.by,
        "terms": list(req.terms),
        "buckets": [
            {
                "value": b.value,
                "documents": b.documents,
                "characters": b.characters,
                "counts": _counts_json(b),
            }
            for b in result.buckets
        ],
        "totals": {
            "documents": result.totals.documents,
            "characters": result.totals.characters,
            "counts": _counts_json(result.totals),
        },
        "took_ms": round(result.took_ms, 2),
        "exports": {
            fmt: with_query(url_for("research.trends_export", fmt=fmt), pairs)
            for fmt in EXPORT_FORMATS
        },
    }


def occurrence_url(result: KwicResult, doc_id: str, n: int) -> str:
    """The document page with exactly these occurrences marked, scrolled to the n-th."""
    return url_for("pages.document", doc_id=doc_id, q=result.link_query) + "#" + mark_id(n)


def kwic_json(result: KwicResult) -> dict:
    req = result.request
    has_next = req.page < result.pages and req.page < _config().max_page
    return {
        "query": req.q,
        "total": result.total,
        "documents": result.documents,
        "truncated": result.truncated,
        "page": req.page,
        "per_page": req.per_page,
        "width": req.width,
        "sort": req.sort,
        "took_ms": round(result.took_ms, 2),
        "lines": [
            {**row, "url": occurrence_url(result, row["doc_id"], row["mark"])}
            for row in kwic_rows(result.lines)
        ],
        "next": (
            with_query(url_for("research.api_kwic"), kwic_pairs(req, page=req.page + 1))
            if has_next
            else None
        ),
        "exports": {
            fmt: with_query(url_for("research.kwic_export", fmt=fmt), kwic_pairs(req, page=1))
            for fmt in EXPORT_FORMATS
        },
    }


@bp.get("/api/trends")
def api_trends():
    return jsonify(trends_json(_searcher().trends(parse_trend_args(request.args))))


@bp.get("/api/kwic")
def api_kwic():
    req = parse_kwic_args(request.args)
    return jsonify(kwic_json(_searcher().concordance(req, MAX_EXPORT_ROWS)))


# -- exports ------------------------------------------------------------------------------


def _stream(fmt: str, name: str, columns, rows, total: int, shown: int) -> Response:
    body = stream_with_context(chunk.encode("utf-8") for chunk in encode(fmt, columns, rows))
    resp = Response(body, content_type=MIME[fmt])
    resp.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    resp.headers["X-Total-Count"] = str(total)
    resp.headers["X-Export-Truncated"] = "true" if total > shown else "false"
    return resp


def _format(fmt: str) -> str:
    if fmt not in EXPORT_FORMATS:
        abort(404)
    return fmt


@bp.get("/api/search.<fmt>")
def search_export(fmt: str):
    fmt = _format(fmt)
    limit = parse_limit(request.args)
    req = parse_search_args(request.args, _config())
    total, rows, hits = _searcher().export_hits(req, limit)
    return _stream(fmt, "search", SEARCH_COLUMNS, search_rows(hits), total, rows)


@bp.get("/api/trends.<fmt>")
def trends_export(fmt: str):
    fmt = _format(fmt)
    result = _searcher().trends(parse_trend_args(request.args))
    rows = list(trend_rows(result))
    return _stream(fmt, "trends", TREND_COLUMNS, rows, len(rows), len(rows))


@bp.get("/api/kwic.<fmt>")
def kwic_export(fmt: str):
    fmt = _format(fmt)
    limit = parse_limit(request.args)
    req = parse_kwic_args(request.args)
    result = _searcher().concordance(req, limit, page_only=False)
    rows = kwic_rows(result.lines)
    return _stream(fmt, "kwic", KWIC_COLUMNS, rows, result.total, len(result.lines))


# -- pages --------------------------------------------------------------------------------


def _bucket_filter(filters: SearchRequest, by: str, value) -> SearchRequest:
    """``filters`` narrowed to one bucket (the bucket's own facet choice replaced)."""
    changes = {FACET_BY_NAME[by].request_attr: (value,)}
    if by == "year":
        changes.update(year_from=None, year_to=None)
    return replace(filters, page=1, **changes)


def _label(by: str, value) -> str:
    if value is None:
        return "未知"
    return f"{value}年" if by == "year" else str(value)


def trend_chart(result: TrendResult, *, title: str) -> dict:
    """The chart (SVG) and its table rows, every bucket linking to its search."""
    req = result.request
    search = url_for("pages.search")
    groups, rows = [], []
    for b in result.buckets:
        label = _label(req.by, b.value)
        bars, cells = [], []
        for c in b.counts:
            href = None
            if b.value is not None:
                sort = req.filters.sort if req.filters.q == c.term else default_sort(c.term)
                narrowed = _bucket_filter(
                    replace(req.filters, q=c.term, sort=sort), req.by, b.value
                )
                href = with_query(search, request_pairs(narrowed))
            tooltip = (
                f"{label} · {c.term}：每万字 {c.rate:.2f} 次；出现 {c.occurrences} 次，"
                f"{c.documents}/{b.documents} 篇文档含此词（共 {b.characters:,} 字）"
            )
            bars.append(Bar(c.rate, tooltip, href))
            cells.append({"count": c, "href": href})
        groups.append(Group(label, bars))
        rows.append({"bucket": b, "label": label, "cells": cells})
    svg = bar_chart(
        groups,
        list(req.terms),
        title=title,
        x_label=BY_LABELS.get(req.by, req.by),
        y_label="每万字出现次数",
    )
    return {"svg": Markup(svg), "rows": rows, "title": title}


def year_trend(req: SearchRequest) -> dict | None:
    """The search page's chart: the query by year, every filter but the year applied."""
    if not req.q:
        return None
    result = _searcher().trends(TrendRequest((req.q,), "year", req, skip=("year",)))
    if not result.totals.counts[0].documents:
        return None
    chart = trend_chart(result, title=f"“{req.q}”逐年出现频率（每万字）")
    chart["result"] = result
    chart["trends_url"] = with_query(url_for("research.trends_page"), trend_pairs(result.request))
    return chart


@bp.get("/trends")
def trends_page():
    args = request.args
    req = parse_trend_args(args)
    result = _searcher().trends(req) if req.terms else None
    chart = None
    if result is not None:
        names = "、".join(f"“{t}”" for t in req.terms)
        chart = trend_chart(result, title=f"{names}按{BY_LABELS[req.by]}的出现频率（每万字）")
    pairs = trend_pairs(req)
    return render_template(
        "trends.html",
        req=req,
        result=result,
        chart=chart,
        slots=[*req.terms, *[""] * (MAX_TERMS - len(req.terms))],
        by_options=[(k, BY_LABELS[k]) for k in TREND_BY],
        keep=filter_pairs(req.filters),
        exports={
            fmt: with_query(url_for("research.trends_export", fmt=fmt), pairs)
            for fmt in EXPORT_FORMATS
        },
        api_url=with_query(url_for("research.api_trends"), pairs),
        kwic_urls={
            t: with_query(url_for("research.kwic_page"), [("q", t), *filter_pairs(req.filters)])
            for t in req.terms
        },
    )


@bp.get("/kwic")
def kwic_page():
    req = parse_kwic_args(request.args)
    result = _searcher().concordance(req, MAX_EXPORT_ROWS) if req.q else None
    path = url_for("research.kwic_page")
    lines, pages = [], {}
    if result is not None:
        lines = [
            {"line": line, "url": occurrence_url(result, line.doc_id, line.n)}
            for line in result.lines
        ]
        last = min(result.pages, _config().max_page)
        pages = {
            "prev": with_query(path, kwic_pairs(req, page=req.page - 1)) if req.page > 1 else None,
            "next": (
                with_query(path, kwic_pairs(req, page=req.page + 1)) if req.page < last else None
            ),
            "last": last,
        }
    return render_template(
        "kwic.html",
        req=req,
        result=result,
        lines=lines,
        pages=pages,
        sorts=[
            {
                "key": key,
                "label": label,
                "current": key == req.sort,
                "url": with_query(path, kwic_pairs(req, sort=key, page=1)),
            }
            for key, label in KWIC_SORT_LABELS.items()
        ],
        keep=filter_pairs(req.filters),
        exports={
            fmt: with_query(url_for("research.kwic_export", fmt=fmt), kwic_pairs(req, page=1))
            for fmt in EXPORT_FORMATS
        },
        api_url=with_query(url_for("research.api_kwic"), kwic_pairs(req)),
        kwic_sorts=KWIC_SORTS,
    )
