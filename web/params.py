"""A SearchRequest → the canonical query-string pairs and links that reproduce it.

The arguments are parsed into a request by ``search.request_args.parse_search_args``.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from search import FACETS, MATCH_MODES, SPELLINGS, SearchRequest
from search.limits import DEFAULT_PER_PAGE
from search.request_args import default_sort


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


def searched_pairs(req: SearchRequest) -> list[tuple[str, str]]:
    """What a link to a hit's document page carries so that the page marks what the
    search's hits mark (search.request_args.parse_searched_args reads them back): the
    query, its filters, match mode and spelling choice; not its order or page."""
    return [
        (k, v) for k, v in request_pairs(req, include_page=False) if k not in ("sort", "per_page")
    ]
