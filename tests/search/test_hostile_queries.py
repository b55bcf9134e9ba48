"""No query string, however strange, makes the searcher raise anything but QueryError."""

from __future__ import annotations

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


@settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck))
@given(q=QUERIES)
def test_random_and_hostile_queries_never_raise(shipped_searcher, q):
    try:
        result = shipped_searcher.search(SearchRequest(q=q, per_page=5))
    except QueryError as e:  # the only allowed refusal, with a code and message
        assert e.code in {"query_too_long", "too_many_terms"}
        return
    assert result.total >= len(result.hits)
    for hit in result.hits:
        assert "<script" not in hit.snippet_html and "<script" not in hit.title_html
