"""Search: one Searcher facade over the index, returning plain records.

``Settings`` (defined in ``indexer.settings``) is re-exported for the layers above.
"""

from indexer.settings import Settings, SettingsError
from search.facet_set import FACET_FIELDS, FACETS, Facet
from search.kwic import KWIC_SORTS, KwicLine, KwicRequest, KwicResult
from search.limits import MAX_EXPORT_ROWS, MAX_TERMS
from search.models import (
    MATCH_MODES,
    SORTS,
    SPELLINGS,
    Answer,
    DocumentView,
    FacetCount,
    Hit,
    IndexStats,
    QueryError,
    SearchRequest,
    SearchResult,
)
from search.searcher import Searcher, open_searcher
from search.snapshot import IndexUnavailable
from search.trends import TREND_BY, TrendBucket, TrendRequest, TrendResult

__all__ = [
    "FACET_FIELDS",
    "FACETS",
    "Facet",
    "MATCH_MODES",
    "SPELLINGS",
    "KWIC_SORTS",
    "MAX_EXPORT_ROWS",
    "MAX_TERMS",
    "TREND_BY",
    "KwicLine",
    "KwicRequest",
    "KwicResult",
    "TrendBucket",
    "TrendRequest",
    "TrendResult",
    "SORTS",
    "Answer",
    "DocumentView",
    "FacetCount",
    "Hit",
    "IndexStats",
    "IndexUnavailable",
    "QueryError",
    "SearchRequest",
    "SearchResult",
    "Searcher",
    "Settings",
    "SettingsError",
    "open_searcher",
]
