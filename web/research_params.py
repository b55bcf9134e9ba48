"""Query-string arguments of the research tools → requests, and back to links.

Search filters are parsed by the search page's own parser (``search.request_args``), so a trend,
a concordance or an export of a search covers exactly the documents that search does.
"""

from __future__ import annotations

from dataclasses import replace

from flask import current_app
from werkzeug.datastructures import MultiDict

from search import MAX_EXPORT_ROWS, MAX_TERMS, KwicRequest, QueryError, SearchRequest, TrendRequest
from search.kwic import DEFAULT_WIDTH
from search.limits import DEFAULT_KWIC_PER_PAGE
from search.request_args import _int, parse_search_args
from web.params import request_pairs

# Parameters each tool reads itself; everything else is a search filter.
_OWN = ("q", "sort", "page", "per_page", "by", "width", "limit")


def _config():
    return current_app.config["UNION_SEARCH"]


def parse_filters(args) -> SearchRequest:
    """The search filters of ``args`` (year, year_from, year_to, district, topic, doc_type)."""
    rest = MultiDict([(k, v) for k, v in args.items(multi=True) if k not in _OWN])
    return parse_search_args(rest, _config())


def _int_arg(args, name: str, default: int, code: str) -> int:
    raw = (args.get(name, "") or "").strip()
    return _int(raw, code, name) if raw else default


def parse_trend_args(args) -> TrendRequest:
    limit = _config().max_query_chars
    raw = args.getlist("q")
    if len(raw) > MAX_TERMS:
        raise QueryError("too_many_queries", f"at most {MAX_TERMS} terms can be compared")
    for t in raw:
        if len(t) > limit:
            raise QueryError(
                "query_too_long", f"a term is {len(t)} characters; the limit is {limit}"
            )
    terms = tuple(dict.fromkeys(t.strip() for t in raw if t.strip()))
    return TrendRequest(terms, (args.get("by") or "year").strip(), parse_filters(args))


def parse_kwic_args(args) -> KwicRequest:
    q = args.get("q", "") or ""
    limit = _config().max_query_chars
    if len(q) > limit:
        raise QueryError("query_too_long", f"query is {len(q)} characters; the limit is {limit}")
    return KwicRequest(
        q=q.strip(),
        filters=parse_filters(args),
        width=_int_arg(args, "width", DEFAULT_WIDTH, "bad_width"),
        sort=(args.get("sort") or "date").strip(),
        page=_int_arg(args, "page", 1, "bad_page"),
        per_page=_int_arg(args, "per_page", DEFAULT_KWIC_PER_PAGE, "bad_per_page"),
    )


def parse_limit(args) -> int:
    limit = _int_arg(args, "limit", MAX_EXPORT_ROWS, "bad_limit")
    if not 1 <= limit <= MAX_EXPORT_ROWS:
        raise QueryError("bad_limit", f"limit must be between 1 and {MAX_EXPORT_ROWS}")
    return limit


def filter_pairs(filters: SearchRequest) -> list[tuple[str, str]]:
    return [(k, v) for k, v in request_pairs(filters, include_page=False) if k not in _OWN]


def trend_pairs(req: TrendRequest) -> list[tuple[str, str]]:
    return [("q", t) for t in req.terms] + [("by", req.by)] + filter_pairs(req.filters)


def kwic_pairs(req: KwicRequest, **changes) -> list[tuple[str, str]]:
    req = replace(req, **changes)
    pairs = [("q", req.q), *filter_pairs(req.filters)]
    if req.width != DEFAULT_WIDTH:
        pairs.append(("width", str(req.width)))
    if req.sort != "date":
        pairs.append(("sort", req.sort))
    if req.per_page != DEFAULT_KWIC_PER_PAGE:
        pairs.append(("per_page", str(req.per_page)))
    if req.page != 1:
        pairs.append(("page", str(req.page)))
    return pairs
