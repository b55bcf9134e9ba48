"""Fixed bounds on one search request, defined once.

The searcher enforces them, the web parameter parser and ``/openapi.json`` derive
from them. The configurable bounds (``max_query_chars``, ``max_query_terms``,
``max_page``) are settings, not constants: see the settings table in the README.
"""

DEFAULT_PER_PAGE = 10
MAX_PER_PAGE = 100

# The research tools (search/trends.py, search/kwic.py, search/export.py).
MAX_TERMS = 4  # terms compared at once in a trend
MAX_KWIC_WIDTH = 200  # characters of context on each side of a concordance line
DEFAULT_KWIC_PER_PAGE = 50
MAX_KWIC_PER_PAGE = 500
MAX_EXPORT_ROWS = 100_000  # rows of any export, and occurrences a concordance is built from
