"""Query-string arguments → a SearchRequest, shared by the HTML pages, the JSON API and
the command line.

Every front end calls :func:`parse_search_args` (web: the request's MultiDict; the CLI:
its options as the same pairs), so the same parameters always give the same request and
therefore the same hits, and a bad value the same ``QueryError`` (code and message); the
web error handlers turn it into HTTP 400, the CLI into its own error line.
"""

from __future__ import annotations

import re
from dataclasses import replace

from indexer.settings import Settings
from search.facet_set import FACETS
from search.limits import DEFAULT_PER_PAGE, MAX_PER_PAGE
from search.models import MATCH_MODES, SORTS, SPELLINGS, QueryError, SearchRequest

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

    match, spelling = _match(args), _spelling(args)
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


def _choice(args, name: str, choices: tuple[str, ...], code: str) -> str:
    """One of ``choices`` (the first when not given)."""
    value = (args.get(name, "") or "").strip() or choices[0]
    if value not in choices:
        raise QueryError(code, f"{name} must be one of {', '.join(choices)}")
    return value


def _match(args) -> str:
    return _choice(args, "match", MATCH_MODES, "bad_match")


def _spelling(args) -> str:
    return _choice(args, "spelling", SPELLINGS, "bad_spelling")


def parse_searched_args(args, config: Settings) -> SearchRequest:
    """The search a document page was opened from, to mark what its hits mark: its query
    (cut to the length a search allows: the page is never refused for it), filters, match
    mode and spelling choice, read as the search reads them; not its order or page."""
    request = parse_search_args(_Without(args, ("q", "sort", "page", "per_page")), config)
    q = (args.get("q", "") or "")[: config.max_query_chars].strip()
    return replace(request, q=q, sort=default_sort(q))


class _Without:
    """``args`` (a MultiDict's get and getlist) without the parameters ``names``."""

    def __init__(self, args, names: tuple[str, ...]) -> None:
        self._args, self._names = args, names

    def get(self, name: str, default=None):
        return default if name in self._names else self._args.get(name, default)

    def getlist(self, name: str) -> list:
        return [] if name in self._names else self._args.getlist(name)
