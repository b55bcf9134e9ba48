"""Latency of the research tools: term trends (by year, the search page's chart) and the
full-result export, through the Searcher and over HTTP. Part of ``python -m bench.run``."""

from __future__ import annotations

from urllib.parse import urlencode

from bench import measure
from bench.measure import Latency
from bench.queries import BenchQuery

TRENDS_P95_MS = 200.0  # HTTP /api/trends p95 on the laws corpus


def _with_text(queries: list[BenchQuery]) -> list[BenchQuery]:
    return [q for q in queries if q.q.strip()]


def _filters(bq: BenchQuery) -> list[tuple[str, str]]:
    pairs = []
    if bq.district:
        pairs.append(("district", bq.district))
    if bq.topic:
        pairs.append(("topic", bq.topic))
    return pairs  # not the year: a trend by year spans every year


def searcher_latency(searcher, queries: list[BenchQuery], warmup: list[BenchQuery]) -> Latency:
    """Searcher.trends by year for each query with text (document lengths, computed once
    per index generation, are computed during the warm-up)."""
    from search import SearchRequest, TrendRequest

    def trends(bq: BenchQuery):
        filters = SearchRequest(
            districts=(bq.district,) if bq.district else (),
            topics=(bq.topic,) if bq.topic else (),
        )
        return searcher.trends(TrendRequest((bq.q,), "year", filters))

    for bq in _with_text(warmup):
        trends(bq)
    return measure.time_each("searcher/trends", _with_text(queries), trends, BenchQuery.label)


def http_latency(
    base: str, queries: list[BenchQuery], warmup: list[BenchQuery]
) -> dict[str, Latency]:
    """GET /api/trends (by year) and GET /api/search.csv (every hit, read to the end)."""
    qs = _with_text(queries)

    def trends_url(bq: BenchQuery) -> str:
        return f"{base}/api/trends?" + urlencode([("q", bq.q), *_filters(bq)])

    def trends(bq: BenchQuery) -> bytes:
        return measure.http_get(trends_url(bq))

    # Each worker measures its documents' lengths on its first trend (once per index
    # generation): not part of a request's latency.
    warm = [trends_url(bq) for bq in _with_text(warmup)]
    if warm:
        measure.load_test(warm, clients=8, max_requests=max(32, 4 * len(warm)))

    def export(bq: BenchQuery) -> bytes:
        return measure.http_get(f"{base}/api/search.csv?" + bq.params().rsplit("&per_page", 1)[0])

    return {
        "http/trends": measure.time_each("http/trends", qs, trends, BenchQuery.label),
        "http/export csv": measure.time_each("http/export csv", qs, export, BenchQuery.label),
    }
