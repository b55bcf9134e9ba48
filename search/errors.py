"""Every error code the service answers with, defined once.

The code that raises an error names its code from here (``QueryError`` refuses any
other), the web error handlers take the HTTP status and the Chinese hint from here,
``/openapi.json`` lists the codes from here and ``tests/test_docs.py`` checks that
the README's table lists exactly these.
"""

from __future__ import annotations

from dataclasses import dataclass

from search.limits import MAX_EXPORT_ROWS, MAX_KWIC_WIDTH, MAX_PER_PAGE, MAX_TERMS


@dataclass(frozen=True)
class ErrorCode:
    code: str
    status: int | None  # the HTTP status it is answered with; None: the error's own
    description: str  # for the API documentation
    hint: str | None = None  # shown to people on the HTML error page


# Bad query parameters: raised as QueryError by the searcher and the parameter parser.
QUERY_ERRORS: tuple[ErrorCode, ...] = (
    ErrorCode("bad_year", 400, "a year is not a whole number", "年份必须是整数。"),
    ErrorCode(
        "bad_page",
        400,
        "page is not a whole number in range",
        "页码无效：页码须为从 1 开始的整数。",
    ),
    ErrorCode(
        "bad_per_page",
        400,
        "per_page is not a whole number in range",
        f"每页条数无效：须为 1 到 {MAX_PER_PAGE} 之间的整数。",
    ),
    ErrorCode(
        "bad_sort", 400, "sort is not a known order", "排序方式无效：只能是相关度、最新或最早。"
    ),
    ErrorCode(
        "bad_match",
        400,
        "match is not a known mode (phrase, any_order)",
        "匹配方式无效：只能是 phrase（原样包含）或 any_order（各词分散出现）。",
    ),
    ErrorCode(
        "bad_spelling",
        400,
        "spelling is not a known mode (auto, off)",
        "拼写方式无效：只能是 auto（自动更正）或 off（按输入检索）。",
    ),
    ErrorCode("bad_filter", 400, "a filter value is too long", "筛选条件过长。"),
    ErrorCode("too_many_values", 400, "too many values of one filter", "同一类筛选条件选得太多。"),
    ErrorCode(
        "query_too_long", 400, "the query has too many characters", "查询内容太长，请缩短后再试。"
    ),
    ErrorCode(
        "too_many_terms", 400, "the query has too many terms", "查询的词语太多，请减少关键词。"
    ),
)

# Bad parameters of the research tools (trends, concordance, exports), raised as QueryError.
RESEARCH_ERRORS: tuple[ErrorCode, ...] = (
    ErrorCode(
        "missing_query", 400, "a trend or concordance without a term", "请输入要统计的词语。"
    ),
    ErrorCode(
        "too_many_queries",
        400,
        f"more than {MAX_TERMS} terms compared at once",
        f"最多同时比较 {MAX_TERMS} 个词语。",
    ),
    ErrorCode(
        "bad_by", 400, "by is not a facet", "分组方式无效：只能按年份、地区、主题或类型分组。"
    ),
    ErrorCode(
        "bad_width",
        400,
        "width is not a whole number in range",
        f"语境宽度无效：须为 1 到 {MAX_KWIC_WIDTH} 之间的整数。",
    ),
    ErrorCode(
        "bad_limit",
        400,
        "limit is not a whole number in range",
        f"导出行数无效：须为 1 到 {MAX_EXPORT_ROWS} 之间的整数。",
    ),
)

# Errors of the HTTP layer, one per status (werkzeug raises them before any view runs).
HTTP_ERRORS: tuple[ErrorCode, ...] = (
    ErrorCode("bad_request", 400, "a malformed request"),
    ErrorCode("not_found", 404, "no page or document at this address"),
    ErrorCode("method_not_allowed", 405, "a method other than GET or HEAD"),
    ErrorCode("too_large", 413, "the request body is too large"),
    ErrorCode("uri_too_long", 414, "the URL is too long"),
    ErrorCode("headers_too_large", 431, "the request headers are too large"),
    ErrorCode("http_error", None, "any other HTTP error, with its own status"),
)

SERVICE_ERRORS: tuple[ErrorCode, ...] = (
    ErrorCode("internal_error", 500, "a bug on our side; never caused by bad input"),
    ErrorCode("index_unavailable", 503, "no index has been built yet"),
)

ERRORS: dict[str, ErrorCode] = {
    e.code: e for e in (*QUERY_ERRORS, *RESEARCH_ERRORS, *HTTP_ERRORS, *SERVICE_ERRORS)
}
QUERY_ERROR_CODES: frozenset[str] = frozenset(e.code for e in (*QUERY_ERRORS, *RESEARCH_ERRORS))
# HTTP status → code, for errors raised by werkzeug; other statuses get "http_error".
HTTP_STATUS_CODES: dict[int, str] = {e.status: e.code for e in HTTP_ERRORS if e.status}
