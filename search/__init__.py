"""Search: one Searcher facade over the index, returning plain records."""

from search.models import (
    FACET_FIELDS,
    SORTS,
    DocumentView,
    FacetCount,
    Hit,
    IndexStats,
    QueryError,
    SearchRequest,
    SearchResult,
)
from search.searcher import IndexUnavailable, Searcher, open_searcher

__all__ = [
    "FACET_FIELDS",
    "SORTS",
    "DocumentView",
    "FacetCount",
    "Hit",
    "IndexStats",
    "IndexUnavailable",
    "QueryError",
    "SearchRequest",
    "SearchResult",
    "Searcher",
    "open_searcher",
]
