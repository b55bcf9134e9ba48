"""``python -m bench.doc_page_cost --index DIR --corpus DIR``: what the document page opened
from a hit costs, in process (Flask's test client, CPU time of this process).

The bench's text queries (``bench.queries.make_queries``, the same seed), each one's first
hit by relevance, and its page ``/doc/<id>?q=…`` three ways, alternated query by query:

- ``none``: the page without the query (nothing matched, nothing marked), the floor;
- ``old``: the query's marks read as before the page reused the search's outcome (the
  query compiled and its match evaluated, no relaxation), put in place of the outcome;
- ``new``: the page as shipped (the search's own outcome up to where its page is built).

Each in two states of the leaf cache (``search.snapshot.LeafCache``): ``warm``, the search
run right before in this process (a user's click, the same server worker), and ``cold``,
the cache emptied before the page (another worker, or the search long ago).

Queries come from the corpus's documents extracted on demand (only those the seeded draw
picks), so a 100,000-document corpus needs no full extraction: the draw is the bench's as
long as no document of the corpus is rejected by the extractor (checked).
"""

from __future__ import annotations

import argparse
import gc
import random
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote, urlencode

from bench import data
from bench.measure import percentile
from bench.queries import BenchQuery, make_queries
from union_search.config import PROJECT_ROOT

RESOURCES = PROJECT_ROOT / "corpus"


class LazyDocs(Sequence):
    """The corpus's documents in the bench's order (sorted by id), each extracted when
    first read."""

    def __init__(self, root: Path) -> None:
        from indexer.build import scan_corpus
        from indexer.resources import load_resources

        data._extract_root, data._extract_resources = root, load_resources(RESOURCES)
        sources, _ = scan_corpus(root, 20 * 1024 * 1024)
        self.paths = [s.path for s in sources]
        self.cache: dict[int, data.ExtractedDoc] = {}

    def __len__(self) -> int:
        return len(self.paths)

    def __getitem__(self, i):
        if i not in self.cache:
            doc = data._extract_one(self.paths[i])
            if doc is None:
                raise RuntimeError(f"{self.paths[i]} rejected: the bench's draw would differ")
            self.cache[i] = doc
        return self.cache[i]


def old_outcome(searcher):
    """The document page's marks as read before it reused the search's outcome: the query
    compiled, its match evaluated over the corpus, no relaxation (put in place of
    ``Searcher._search`` for the page's one call)."""
    from search.marked import searched, unsearched
    from search.masks import evaluate
    from search.relaxation import Trace

    def outcome(request, units=True, rankings=None, shown=None):
        snap = searcher._snapshot()
        compiled = searcher.compile(request.q)[0]
        literals: list[str] = []
        if compiled.match is not None:
            trace = Trace(documents=snap.facets.live.bit_count(), question=compiled.asks)
            evaluate(compiled.match, snap.searcher(), snap.facets, snap.leaves, trace)
            literals = searched(
                compiled.literals + [lit for c in trace.fell_back for lit in c.loose_literals],
                unsearched(trace, compiled),
            )
        return SimpleNamespace(highlight_terms=literals)

    return outcome


def main(argv: list[str] | None = None) -> int:
    from bench.run import _request
    from indexer.analysis import Analyzer
    from indexer.settings import Settings
    from union_search.gc_tuning import freeze_long_lived, tune_thresholds
    from web import create_app

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--queries", type=int, default=120)
    ap.add_argument("--passes", type=int, default=2)
    ap.add_argument("--cache", type=Path, default=None, help="jieba cache folder")
    args = ap.parse_args(argv)

    docs = LazyDocs(args.corpus)
    analyzer = Analyzer.from_resources(RESOURCES, args.cache)
    queries = make_queries(docs, args.queries, analyzer)
    warmup = make_queries(docs, 5, analyzer, seed=99)
    settings = Settings(
        corpus_dir=args.corpus, index_dir=args.index, resources_dir=RESOURCES
    ).with_paths_resolved()
    app = create_app(settings)
    client = app.test_client()
    searcher = app.extensions["searcher"]
    for t in threading.enumerate():
        if t.name == "prepare-completions":
            t.join()
    searcher.wait_preloaded()
    tune_thresholds()
    for q in [BenchQuery(""), *warmup]:
        searcher.search(_request(q))
    firsts: list[tuple[BenchQuery, str]] = []
    for q in queries:
        hits = searcher.search(_request(q)).hits
        if hits:
            firsts.append((q, hits[0].id))
    for q, doc_id in firsts[:5]:
        client.get(f"/doc/{quote(doc_id)}?" + urlencode({"q": q.q}))
    freeze_long_lived()
    print(f"{len(queries)} text queries, {len(firsts)} with a first hit")

    old = old_outcome(searcher)
    marks_differ = 0
    times: dict[tuple[str, str], list[float]] = {}
    rng = random.Random(5)
    for state in ("warm", "cold"):
        for _ in range(args.passes):
            for q, doc_id in firsts:
                order = ["none", "old", "new"]
                rng.shuffle(order)
                for way in order:
                    url = f"/doc/{quote(doc_id)}" + (
                        "" if way == "none" else "?" + urlencode({"q": q.q})
                    )
                    if state == "warm":
                        searcher.search(_request(q))
                    else:
                        searcher._snapshot().leaves._data.clear()
                    if way == "old":
                        searcher._search = old
                    t0 = time.process_time()
                    resp = client.get(url)
                    spent = time.process_time() - t0
                    searcher.__dict__.pop("_search", None)
                    if resp.status_code != 200:
                        raise RuntimeError(f"{url}: {resp.status_code}")
                    times.setdefault((state, way), []).append(spent * 1000)
    for q, doc_id in firsts:
        marks = {}
        for way in ("old", "new"):
            if way == "old":
                searcher._search = old
            view = searcher.document(doc_id, q=q.q)
            searcher.__dict__.pop("_search", None)
            marks[way] = (view.marks, view.title_html)
        marks_differ += marks["old"] != marks["new"]
    gc.collect()
    print("| leaf cache | page | p50 ms | p95 ms | mean ms |")
    print("| --- | --- | ---: | ---: | ---: |")
    for state in ("warm", "cold"):
        for way in ("none", "old", "new"):
            ms = times[(state, way)]
            print(
                f"| {state} | {way} | {percentile(ms, 50):.2f} | {percentile(ms, 95):.2f} "
                f"| {sum(ms) / len(ms):.2f} |"
            )
    for state in ("warm", "cold"):
        new, old_ms = times[(state, "new")], times[(state, "old")]
        diff = [a - b for a, b in zip(new, old_ms, strict=True)]
        print(
            f"{state}: new − old, page by page: p50 {percentile(diff, 50):+.2f}, "
            f"p95 {percentile(diff, 95):+.2f}, max {max(diff):+.2f}, mean "
            f"{sum(diff) / len(diff):+.2f} ms"
        )
    print(f"pages whose marks differ, old against new: {marks_differ} of {len(firsts)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
