"""No query string, however strange, makes the searcher raise anything but QueryError."""

from __future__ import annotations

import re
from html import unescape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search import QueryError, SearchRequest

SYNTAX = st.sampled_from(
    [
        '"',
        "“",
        "”",
        "(",
        ")",
        "（",
        "）",
        "-",
        "OR",
        "NOT",
        "AND",
        " ",
        "title:",
        "标题：",
        "*",
        "?",
        "\\",
        ":",
        "|",
        "\x00",
        "\u3000",
        "工会",
        "集体协商",
        "会",
        "<script>",
        "&amp;",
        "ｔｉｔｌｅ",
    ]
)
QUERIES = st.one_of(
    st.text(max_size=60),
    st.lists(SYNTAX, max_size=25).map("".join),
    st.lists(st.one_of(SYNTAX, st.text(max_size=3)), max_size=15).map(" ".join),
)


MARK = re.compile(r"</?mark>")


def plain(fragment_html: str) -> str:
    """The text of trusted highlight HTML; fails if it holds any tag but <mark>."""
    text = MARK.sub("", fragment_html)
    assert "<" not in text and ">" not in text, fragment_html
    return unescape(text)


@settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck))
@given(q=QUERIES)
def test_random_and_hostile_queries_never_raise(shipped_searcher, q):
    try:
        result = shipped_searcher.search(SearchRequest(q=q, per_page=5))
    except QueryError as e:  # the only allowed refusal: these queries are all short
        assert e.code == "too_many_terms", e.code
        assert e.message
        return
    assert 0 <= result.total <= shipped_searcher.stats().documents
    assert len(result.hits) == min(result.total, 5)
    assert len({hit.id for hit in result.hits}) == len(result.hits)
    for hit in result.hits:
        # Escaped, marked with <mark> only, and the marks cover the title's own text.
        assert plain(hit.title_html) == hit.title
        plain(hit.snippet_html)
