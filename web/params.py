"""Query-string arguments → a SearchRequest, shared by the HTML pages and the JSON API.

Both front ends call :func:`parse_search_args`, so the same parameters always give the
same request and therefore the same hits. Bad values raise ``QueryError`` with a stable
code; the error handlers turn it into HTTP 400.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlencode

from search import FACETS, MATCH_MODES, SORTS, SPELLINGS, QueryError, SearchRequest, Settings
from search.limits import DEFAULT_PER_PAGE, MAX_PER_PAGE

# More selected values than this for one facet is not a real search.
MAX_VALUES_PER_FACET = 50
MAX_VALUE_CHARS = 200
# Whole-number parameters are at most 9 characters, sign included (see _int).
MIN_INT = -99_999_999
MAX_INT = 999_999_999

_INT = re.compile(r"-?[0-9]+")


def default_sort(q: str) -> str:
    """Relevance when there is something to rank by, newest first when browsing."""
    return "relevance" if q.strip() else "newest"


def _int(raw: str, code: str, name: str) -> int:
    text = raw.strip()
    # ASCII digits only: str.isdigit() also accepts "²" and "９", which int() may refuse.
    if len(text) > 9 or not _INT.fullmatch(text):
        raise QueryError(code, f"{name} must be a whole number, got {raw[:40]!r}")
    return int(text)


# Full-width digits (２０１３) read as ASCII ones; nothing else (not ¹⁹ or ٢٠).
_FULL_WIDTH_DIGITS = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)})


def _year(raw: str, name: str, code: str = "bad_year") -> int:
    """A year as people write it: 2013, ２０１３ (full-width) or 2013年."""
    text = raw.translate(_FULL_WIDTH_DIGITS).strip().removesuffix("年").strip()
    return _int(text, code, name)


def _values(args, name: str) -> list[str]:
    # The bounds apply to what was sent (as /openapi.json documents them), blank
    # values included, before blanks are dropped.
    raw = args.getlist(name)
    if len(raw) > MAX_VALUES_PER_FACET:
        raise QueryError(
            "too_many_values", f"at most {MAX_VALUES_PER_FACET} values of {name} may be selected"
        )
    for v in raw:
        if len(v) > MAX_VALUE_CHARS:
            raise QueryError("bad_filter", f"{name} value is longer than {MAX_VALUE_CHARS}")
    values = [v.strip() for v in raw if v.strip()]
    # Keep the first occurrence of each value, in order.
    return list(dict.fromkeys(values))


def parse_search_args(args, config: Settings) -> SearchRequest:
    """Parse a werkzeug MultiDict of query-string arguments; raise QueryError if bad."""
    q = args.get("q", "") or ""
    if len(q) > config.max_query_chars:
        raise QueryError(
            "query_too_long", f"query is {len(q)} characters; the limit is {config.max_query_chars}"
        )
    q = q.strip()

    selected = {}
    for facet in FACETS:
        values = _values(args, facet.name)
        if facet.value_type is int:
            values = [_year(v, facet.name, facet.bad_value_code) for v in values]
        selected[facet.request_attr] = tuple(values)
    year_from = year_to = None
    if raw := args.get("year_from", "").strip():
        year_from = _year(raw, "year_from")
    if raw := args.get("year_to", "").strip():
        year_to = _year(raw, "year_to")

    sort = (args.get("sort", "") or "").strip() or default_sort(q)
    if sort not in SORTS:
        raise QueryError("bad_sort", f"sort must be one of {', '.join(SORTS)}")

    page = 1
    if raw := args.get("page", "").strip():
        page = _int(raw, "bad_page", "page")
    if not 1 <= page <= config.max_page:
        raise QueryError("bad_page", f"page must be between 1 and {config.max_page}")

    per_page = DEFAULT_PER_PAGE
    if raw := args.get("per_page", "").strip():
        per_page = _int(raw, "bad_per_page", "per_page")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise QueryError("bad_per_page", f"per_page must be between 1 and {MAX_PER_PAGE}")

    match = (args.get("match", "") or "").strip() or MATCH_MODES[0]
    if match not in MATCH_MODES:
        raise QueryError("bad_match", f"match must be one of {', '.join(MATCH_MODES)}")

    spelling = (args.get("spelling", "") or "").strip() or SPELLINGS[0]
    if spelling not in SPELLINGS:
        raise QueryError("bad_spelling", f"spelling must be one of {', '.join(SPELLINGS)}")

    return SearchRequest(
        q=q,
        **selected,
        year_from=year_from,
        year_to=year_to,
        sort=sort,
        page=page,
        per_page=per_page,
        match=match,
        spelling=spelling,
    )


def request_pairs(
    req: SearchRequest, *, page: int | None = None, include_page: bool = True
) -> list[tuple[str, str]]:
    """The canonical query-string pairs that reproduce ``req`` (defaults left out)."""
    pairs: list[tuple[str, str]] = []
    if req.q:
        pairs.append(("q", req.q))
    for facet in FACETS:
        pairs += [(facet.name, str(v)) for v in req.selected(facet.name)]
    if req.year_from is not None:
        pairs.append(("year_from", str(req.year_from)))
    if req.year_to is not None:
        pairs.append(("year_to", str(req.year_to)))
    if req.sort != default_sort(req.q):
        pairs.append(("sort", req.sort))
    if req.match != MATCH_MODES[0]:
        pairs.append(("match", req.match))
    if req.spelling != SPELLINGS[0]:
        pairs.append(("spelling", req.spelling))
    if req.per_page != DEFAULT_PER_PAGE:
        pairs.append(("per_page", str(req.per_page)))
    page = req.page if page is None else page
    if include_page and page != 1:
        pairs.append(("page", str(page)))
    return pairs


def with_query(path: str, pairs: Iterable[tuple[str, str]]) -> str:
    pairs = list(pairs)
    return f"{path}?{urlencode(pairs)}" if pairs else path
