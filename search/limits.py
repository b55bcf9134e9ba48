"""Fixed bounds on one search request, defined once.

The searcher enforces them, the web parameter parser and ``/openapi.json`` derive
from them. The configurable bounds (``max_query_chars``, ``max_query_terms``,
``max_page``) are settings, not constants: see the settings table in the README.
"""

DEFAULT_PER_PAGE = 10
MAX_PER_PAGE = 100
