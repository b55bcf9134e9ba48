"""Keyword in context: every occurrence of a query's literal strings in the matching
documents, as left context | match | right context, like a corpus tool's concordance.

Occurrences are the highlighter's marks (``search.occurrences``), numbered per document
in text order, so line N of a document links to the document page's N-th mark.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from search.corpus import CorpusView
from search.limits import DEFAULT_KWIC_PER_PAGE, MAX_KWIC_PER_PAGE
from search.limits import MAX_KWIC_WIDTH as MAX_WIDTH
from search.models import QueryError, SearchRequest
from search.occurrences import literal_query, spans
from search.query import Compiled

KWIC_SORTS = ("date", "document", "left", "right")
DEFAULT_WIDTH = 20


@dataclass(frozen=True)
class KwicRequest:
    q: str
    filters: SearchRequest = field(default_factory=SearchRequest)
    width: int = DEFAULT_WIDTH
    sort: str = "date"
    page: int = 1
    per_page: int = DEFAULT_KWIC_PER_PAGE


@dataclass
class KwicLine:
    doc_id: str
    title: str
    date: str | None
    year: int | None
    district: str
    doc_type: str
    left: str
    match: str
    right: str
    start: int  # character offset of the match in the stored text
    n: int  # the match is the document page's n-th mark (from 1) for ``link_query``


@dataclass
class KwicResult:
    request: KwicRequest
    total: int  # occurrences in all matching documents
    documents: int  # matching documents
    lines: list[KwicLine]  # the requested page
    literals: list[str]
    link_query: str  # the query that marks exactly these occurrences on the document page
    truncated: bool  # more occurrences than the lines a concordance is built from
    took_ms: float
    limit: int  # at most this many occurrences are made into lines

    @property
    def pages(self) -> int:
        shown = min(self.total, self.limit)
        return (shown + self.request.per_page - 1) // self.request.per_page


def validate(request: KwicRequest, max_page: int) -> None:
    if not request.q.strip():
        raise QueryError("missing_query", "give a query in q")
    if request.sort not in KWIC_SORTS:
        raise QueryError("bad_sort", f"sort must be one of {', '.join(KWIC_SORTS)}")
    if not 1 <= request.width <= MAX_WIDTH:
        raise QueryError("bad_width", f"width must be between 1 and {MAX_WIDTH}")
    if not 1 <= request.per_page <= MAX_KWIC_PER_PAGE:
        raise QueryError("bad_per_page", f"per_page must be between 1 and {MAX_KWIC_PER_PAGE}")
    if not 1 <= request.page <= max_page:
        raise QueryError("bad_page", f"page must be between 1 and {max_page}")


def _sort_key(sort: str) -> Callable[[KwicLine], tuple]:
    def when(line: KwicLine) -> tuple:
        return (line.date is None, line.date or "", line.doc_id, line.start)

    if sort == "left":
        # The characters nearest the match decide first, as in corpus tools.
        return lambda line: (line.left[::-1], *when(line))
    if sort == "right":
        return lambda line: (line.right, *when(line))
    if sort == "document":
        return lambda line: (line.title, line.doc_id, line.start)
    return when


def _lines(view: CorpusView, mask: int, literals: list[str], width: int) -> Iterator[KwicLine]:
    """Lines of every matching document, oldest first, in text order within a document."""
    for d in view.in_order(mask, newest=False):
        f = view.stored(d)
        text = f.get("body", "")
        year = f.get("year")
        for n, (s, e) in enumerate(spans(text, literals), start=1):
            yield KwicLine(
                doc_id=f["id"],
                title=f.get("title", ""),
                date=f.get("date") or None,
                year=int(year) if str(year or "").isdigit() else None,
                district=f.get("district", ""),
                doc_type=f.get("doc_type", ""),
                left=text[max(0, s - width) : s].replace("\n", " "),
                match=text[s:e],
                right=text[e : e + width].replace("\n", " "),
                start=s,
                n=n,
            )


def compute_kwic(
    view: CorpusView,
    compile_literal: Callable[[str], Compiled],
    request: KwicRequest,
    limit: int,
    max_page: int,
    *,
    page_only: bool = True,
) -> KwicResult:
    """The concordance of ``request``: built from at most ``limit`` occurrences (oldest
    documents first), sorted, then one page of it (or all of it when not ``page_only``)."""
    started = time.perf_counter()
    validate(request, max_page)
    compiled = compile_literal(request.q)
    base = view.filtered(request.filters)
    mask = view.evaluate(compiled.match) & base if compiled.match is not None else 0
    literals = compiled.literals
    total = sum(view.occurrences(mask, literals).values()) if mask else 0
    lines: list[KwicLine] = []
    if mask:
        for line in _lines(view, mask, literals, request.width):
            if len(lines) >= limit:
                break
            lines.append(line)
    lines.sort(key=_sort_key(request.sort))
    if page_only:
        offset = (request.page - 1) * request.per_page
        lines = lines[offset : offset + request.per_page]
    return KwicResult(
        request=request,
        total=total,
        documents=mask.bit_count(),
        lines=lines,
        literals=literals,
        link_query=literal_query(literals),
        truncated=total > limit,
        took_ms=(time.perf_counter() - started) * 1000,
        limit=limit,
    )
