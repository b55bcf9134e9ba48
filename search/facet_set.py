"""The facet set, defined once.

Every other list of facets (the SearchRequest attributes, the index fields counted,
the query-string parameters, the labels on the pages, the OpenAPI parameters and
response properties) is derived from :data:`FACETS`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Facet:
    name: str  # key in results, JSON and query strings (``?topic=…``)
    request_attr: str  # the SearchRequest tuple holding the selected values
    index_field: str  # the Whoosh field whose terms are the values
    label: str  # shown on the pages
    noun: str  # plural English noun, for the API description
    value_type: type  # int values sort newest first and are sent as JSON numbers
    bad_value_code: str  # the QueryError code for a value that is not a value_type
    # Values are paths in a tree (省 > 市 > 区县): a term such as 黑龙江省/哈尔滨市 holds the
    # documents of that area and all areas below it (see search/facets.py).
    hierarchical: bool = False
    # The value that counts the documents with no value at all (None: they are not shown).
    unassigned: str | None = None
    # Values not stored in the index but derived per generation by the searcher
    # (时效性 depends on other documents: a newer version makes a law 已修改).
    derived: bool = False

    def typed(self, raw: str) -> str | int:
        """An index term as the value the API returns (years as numbers)."""
        if self.value_type is int and raw.isdigit():
            return int(raw)
        return raw


FACETS: tuple[Facet, ...] = (
    Facet("year", "years", "year", "年份", "years", int, "bad_year"),
    Facet(
        "district",
        "districts",
        "district_path",
        "地区",
        "districts",
        str,
        "bad_filter",
        hierarchical=True,
    ),
    Facet("topic", "topics", "topics", "主题", "topics", str, "bad_filter", unassigned="未分类"),
    Facet("doc_type", "doc_types", "doc_type", "类型", "document types", str, "bad_filter"),
    Facet("level", "levels", "level", "效力级别", "levels of authority", str, "bad_filter"),
    Facet("status", "statuses", "", "时效性", "legal statuses", str, "bad_filter", derived=True),
)
FACET_FIELDS: tuple[str, ...] = tuple(f.name for f in FACETS)
FACET_BY_NAME: dict[str, Facet] = {f.name: f for f in FACETS}


# Top-level values a facet lists before the rest (the page's "更多" disclosure, the command
# line's count of the others).
SHOWN_BEFORE_MORE = 8


def shown_before_more(depths: Sequence[int], limit: int = SHOWN_BEFORE_MORE) -> int:
    """How many of a facet's values (their tree ``depths``, in the page's pre-ordered list)
    to list before the rest: ``limit`` top-level values, each with everything under it, so
    that a city is never cut off from its province."""
    tops = 0
    for i, depth in enumerate(depths):
        if depth == 0:
            tops += 1
            if tops > limit:
                return i
    return len(depths)
