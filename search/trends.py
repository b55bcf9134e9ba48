"""Term trends: for each bucket (year, district, document type or topic), how many documents
match each term, how often it occurs, and how much text the bucket holds.

Terms are read literally (see ``search.occurrences``): documents matching are those whose
title or text contains the term as typed (the Ctrl-F set, filters applied); occurrences are
counted in the stored text; the rate is occurrences per 10,000 characters of the bucket's
text. A topic bucket counts a document once in each of its topics.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from search.bitsets import docnums_of
from search.corpus import CorpusView
from search.facet_set import FACET_BY_NAME, FACET_FIELDS
from search.limits import MAX_TERMS
from search.models import QueryError, SearchRequest
from search.query import Compiled

TREND_BY = FACET_FIELDS  # a trend is bucketed by any facet
RATE_PER = 10_000  # rates are per this many characters


@dataclass(frozen=True)
class TrendRequest:
    terms: tuple[str, ...]
    by: str = "year"
    filters: SearchRequest = field(default_factory=SearchRequest)
    # Facets whose filter is not applied (the search page's chart shows every year).
    skip: tuple[str, ...] = ()


@dataclass
class TermCount:
    term: str
    documents: int  # documents in the bucket containing the term
    occurrences: int
    rate: float  # occurrences per RATE_PER characters of the bucket's text


@dataclass
class TrendBucket:
    value: str | int | None  # None: documents without a value for this facet
    documents: int  # documents in the bucket (filters applied)
    characters: int  # characters of their stored text
    counts: list[TermCount]  # one per term, in request order


@dataclass
class TrendResult:
    request: TrendRequest
    buckets: list[TrendBucket]
    totals: TrendBucket  # the whole filtered corpus (value None)
    literals: list[list[str]]  # per term, the strings counted
    took_ms: float


def rate(occurrences: int, characters: int) -> float:
    return occurrences * RATE_PER / characters if characters else 0.0


def validate(request: TrendRequest) -> None:
    if request.by not in TREND_BY:
        raise QueryError("bad_by", f"by must be one of {', '.join(TREND_BY)}")
    if not request.terms or not all(t.strip() for t in request.terms):
        raise QueryError("missing_query", "give at least one non-empty term in q")
    if len(request.terms) > MAX_TERMS:
        raise QueryError("too_many_queries", f"at most {MAX_TERMS} terms can be compared")


def compute_trends(
    view: CorpusView, compile_literal: Callable[[str], Compiled], request: TrendRequest
) -> TrendResult:
    started = time.perf_counter()
    validate(request)
    base = view.filtered(request.filters, request.skip)
    lengths = view.lengths()
    matches: list[int] = []
    occurrences: list[dict[int, int]] = []
    literals: list[list[str]] = []
    for term in request.terms:
        compiled = compile_literal(term)
        mask = view.evaluate(compiled.match) & base if compiled.match is not None else 0
        matches.append(mask)
        occurrences.append(view.occurrences(mask, compiled.literals) if mask else {})
        literals.append(compiled.literals)

    def bucket(value: str | int | None, docs: int) -> TrendBucket:
        chars = sum(lengths[d] for d in docnums_of(docs))
        counts = []
        for term, mask, occ in zip(request.terms, matches, occurrences, strict=True):
            inside = mask & docs
            n = sum(occ[d] for d in docnums_of(inside))
            counts.append(TermCount(term, inside.bit_count(), n, rate(n, chars)))
        return TrendBucket(value, docs.bit_count(), chars, counts)

    buckets = []
    with_value = 0
    # By value name, as the facet lists them: a region's bucket holds its whole subtree.
    for value in view.facets.keys[request.by]:
        mask = view.facets.value_mask(request.by, value)
        with_value |= mask
        if docs := mask & base:
            buckets.append(bucket(FACET_BY_NAME[request.by].typed(value), docs))
    if without := base & ~with_value:
        buckets.append(bucket(None, without))
    if request.by == "year":
        buckets.sort(key=lambda b: (b.value is None, b.value if b.value is not None else 0))
    else:
        buckets.sort(key=lambda b: (b.value is None, -b.documents, str(b.value)))
    return TrendResult(
        request=request,
        buckets=buckets,
        totals=bucket(None, base),
        literals=literals,
        took_ms=(time.perf_counter() - started) * 1000,
    )
