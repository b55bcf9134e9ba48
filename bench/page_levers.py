"""``python -m bench.page_levers --index DIR --corpus DIR``: what two of the page's bounds
cost per query and what they change (issue 16's laws p95, issue 11's decision).

The bounds: ``search.passages.CANDIDATES`` (the first candidates of a question or a query of
several concepts read whole and ranked again by their best passage) and
``search.unit_hits.MAX_UNITS`` (the articles listed under a hit). Each value is set in this
process, one at a time, the other at today's value.

- Cost: the bench's text queries (``bench.queries.make_queries`` on the corpus, the same
  seed) through a warm ``Searcher`` as ``bench/run.py`` runs them (its first empty query, the
  server's gc thresholds, the warm-up queries, the vocabulary preloaded, the long-lived
  objects frozen), the CPU time of each query under every value, the values' order shuffled
  query by query, ``--passes`` times; p50/p95 of each query's mean.
- Change: how many of those queries' first pages (ids in order; and what the page shows:
  ids, snippets, articles' labels and snippets) differ from today's; with ``--readable``,
  the same over the readable judged sets (main, 1, 3, 5, 6, 12) on an index of the shipped
  corpus built in a temporary folder.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

import search.passages
import search.searcher
import search.unit_hits
from bench import data
from bench.measure import percentile
from bench.queries import BenchQuery, make_queries
from union_search.config import PROJECT_ROOT

RESOURCES = PROJECT_ROOT / "corpus"
TODAY = (search.passages.CANDIDATES, search.unit_hits.MAX_UNITS)
VARIANTS = [
    TODAY,
    (15, TODAY[1]),
    (10, TODAY[1]),
    (5, TODAY[1]),
    (TODAY[0], 3),
    (TODAY[0], 2),
    (TODAY[0], 1),
]


def use(candidates: int, max_units: int) -> None:
    search.passages.CANDIDATES = candidates
    search.searcher.CANDIDATES = candidates  # imported by name
    search.unit_hits.MAX_UNITS = max_units


def label(v: tuple[int, int]) -> str:
    return f"CANDIDATES {v[0]}, MAX_UNITS {v[1]}"


def page(result) -> tuple[tuple, tuple]:
    """The first page's ids in order, and everything it shows of its hits."""
    ids = tuple(h.id for h in result.hits)
    shown = tuple(
        (
            h.id,
            h.title_html,
            h.snippet_html,
            tuple((u.label, u.snippet_html) for u in h.units),
        )
        for h in result.hits
    )
    return ids, shown


def readable_changes(variants) -> dict[tuple[int, int], tuple[int, int, int]]:
    from bench.eval import shipped_searcher
    from bench.relevance import judged
    from search import QueryError, SearchRequest

    files = [
        judged.QUERIES_FILE,
        judged.HELDOUT_FILE,
        judged.HELDOUT3_FILE,
        judged.HELDOUT5_FILE,
        judged.HELDOUT6_FILE,
        judged.HELDOUT12_FILE,
    ]
    texts = [q.text for f in files for q in judged.load_queries(f)]
    out = {}
    with shipped_searcher() as (searcher, _):
        pages: dict[tuple[int, int], list] = {}
        for v in variants:
            use(*v)
            got = []
            for text in texts:
                try:
                    got.append(page(searcher.search(SearchRequest(q=text, per_page=10))))
                except QueryError:
                    got.append(((), ()))
            pages[v] = got
        use(*TODAY)
        for v in variants:
            ids = sum(a[0] != b[0] for a, b in zip(pages[TODAY], pages[v], strict=True))
            shown = sum(a[1] != b[1] for a, b in zip(pages[TODAY], pages[v], strict=True))
            out[v] = (ids, shown, len(texts))
    return out


def main(argv: list[str] | None = None) -> int:
    from bench.run import _request
    from indexer.settings import Settings
    from search import open_searcher
    from union_search.gc_tuning import freeze_long_lived, tune_thresholds

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--queries", type=int, default=120)
    ap.add_argument("--passes", type=int, default=5)
    ap.add_argument("--cache", type=Path, default=None, help="jieba cache folder")
    ap.add_argument("--readable", action="store_true", help="also the readable judged sets")
    args = ap.parse_args(argv)

    from indexer.analysis import Analyzer

    docs = data.extract_all(args.corpus, RESOURCES)
    analyzer = Analyzer.from_resources(RESOURCES, args.cache)
    queries = make_queries(docs, args.queries, analyzer)
    warmup = make_queries(docs, 5, analyzer, seed=99)
    del docs
    settings = Settings(
        corpus_dir=args.corpus, index_dir=args.index, resources_dir=RESOURCES
    ).with_paths_resolved()
    rng = random.Random(7)
    with open_searcher(settings) as searcher:
        searcher.search(_request(BenchQuery("")))
        tune_thresholds()
        for q in warmup:
            searcher.search(_request(q))
        searcher.wait_preloaded()
        freeze_long_lived()
        pages: dict[tuple[int, int], list] = {}
        for v in VARIANTS:
            use(*v)
            pages[v] = [page(searcher.search(_request(q))) for q in queries]
        cpu: dict[tuple[int, int], list[list[float]]] = {v: [[] for _ in queries] for v in VARIANTS}
        for _ in range(args.passes):
            for i, q in enumerate(queries):
                order = list(VARIANTS)
                rng.shuffle(order)
                for v in order:
                    use(*v)
                    t0 = time.process_time()
                    searcher.search(_request(q))
                    cpu[v][i].append((time.process_time() - t0) * 1000)
        use(*TODAY)
    readable = readable_changes(VARIANTS) if args.readable else {}
    print(f"{len(queries)} text queries, {args.passes} passes")
    print(
        "| CANDIDATES | MAX_UNITS | p50 ms | p95 ms | p95 vs today | sum ms "
        "| bench pages: ids / shown changed | readable pages: ids / shown changed |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    base = percentile([statistics.fmean(x) for x in cpu[TODAY]], 95)
    for v in VARIANTS:
        means = [statistics.fmean(x) for x in cpu[v]]
        p95 = percentile(means, 95)
        ids = sum(a[0] != b[0] for a, b in zip(pages[TODAY], pages[v], strict=True))
        shown = sum(a[1] != b[1] for a, b in zip(pages[TODAY], pages[v], strict=True))
        r = readable.get(v)
        rcell = f"{r[0]} / {r[1]} of {r[2]}" if r else "—"
        print(
            f"| {v[0]} | {v[1]} | {percentile(means, 50):.2f} | {p95:.2f} "
            f"| {(p95 / base - 1) * 100:+.1f} % | {sum(means):.0f} | {ids} / {shown} | {rcell} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
