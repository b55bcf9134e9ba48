"""``python -m bench.run``: index and query benchmarks, written to a Markdown report.

See bench/README.md for what is measured and how to read the result.
"""

from __future__ import annotations

import argparse
import gc
import os
import pickle
import platform
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from bench import data, measure, page_cache, research
from bench.measure import EngineBuild, Latency, ReindexRun, Throughput
from bench.queries import BenchQuery, make_browse, make_queries
from bench.recall import Recall, measure_recall, oracle, searcher_matching_ids
from bench.suggest_prefixes import suggest_prefixes, suggest_url
from indexer.settings import Settings
from union_search.config import PROJECT_ROOT

RESOURCES = PROJECT_ROOT / "corpus"

BENCH_DIR = PROJECT_ROOT / "bench"
PACKAGES = ("whoosh-reloaded", "jieba", "flask", "lxml", "gunicorn", "pyinstrument", "tantivy")
MB = 1024 * 1024
WARMUP_QUERIES = 5

# Targets of issue 16 (see bench/README.md).
FTS5_BUILD_FACTOR = 1.5  # full reindex ≤ 1.5 × FTS5's build (jieba on the same cores)
BOUND_FACTOR = 2.5  # full reindex ≤ 2.5 × jieba's own tokenization time
INDEX_FACTOR = 2.0  # index on disk ≤ 2 × FTS5's
INCREMENTAL_S = 1.0  # incremental, nothing changed, laws
SEARCHER_P95_MS = 30.0  # laws
BROWSE_P95_MS = 10.0  # HTTP, laws
SCALE_P95_MS = 100.0  # HTTP search at 100k
SERVER_MB = 500.0  # serve process tree RSS at 100k
SERVER_IDLE_S = 3.0  # memory measured again this long after the last query
SCALE_BUILD_MB = 1024.0  # peak RSS of the whole reindex at 100k
SUGGEST_P95_MS = 30.0  # GET /api/suggest p95, laws (issue 14)
GENERATIONS_KEPT = 2  # the served generation and the one it replaced
# Comparison engines, in report order; naive can be skipped.
ENGINES = ("fts5", "tantivy", "naive")


@dataclass
class Sizes:
    laws_sample: int | None
    scale_docs: int
    queries: int
    browse: int
    load_requests: int
    load_seconds: float
    naive_budget_s: float


def sizes_for(args: argparse.Namespace) -> Sizes:
    if args.quick:
        return Sizes(
            laws_sample=args.laws or 300,
            scale_docs=min(args.scale, 2000),
            queries=args.queries or 20,
            browse=10,
            load_requests=200,
            load_seconds=10.0,
            naive_budget_s=60.0,
        )
    return Sizes(
        laws_sample=args.laws,
        scale_docs=args.scale,
        queries=args.queries or 120,
        browse=40,
        load_requests=2000,
        load_seconds=30.0,
        naive_budget_s=300.0,
    )


@dataclass
class DatasetResult:
    name: str
    description: str
    files: int
    bytes: int
    docs: int = 0
    chars: int = 0
    full: ReindexRun | None = None
    index_bytes: int = 0
    bound_s: float = 0.0
    bound_words: int = 0
    bound_remembered_s: float = 0.0
    units: int = 0
    units_s: float = 0.0
    full2: ReindexRun | None = None
    gens_after_one: list[str] = field(default_factory=list)
    gens_after_two: list[str] = field(default_factory=list)
    bytes_after_two: int = 0
    gens_after_inc: list[str] = field(default_factory=list)
    bytes_after_inc: int = 0
    engines: dict[str, EngineBuild] = field(default_factory=dict)
    recall: dict[str, Recall] = field(default_factory=dict)
    inc_none: ReindexRun | None = None
    inc_one: ReindexRun | None = None
    searcher_open_ms: float = 0.0
    latency: dict[str, Latency] = field(default_factory=dict)
    # Bytes of each index still in the page cache right after its pages were dropped for
    # the cold pass (None: fincore missing); what could not be dropped was mapped.
    resident_after_drop: dict[str, int | None] = field(default_factory=dict)
    http_first_ms: float = 0.0
    throughput: Throughput | None = None
    server_rss: int = 0
    server_pss: int = 0
    server_procs: list[tuple[int, str, int, int]] = field(default_factory=list)
    server_idle_rss: int = 0  # SERVER_IDLE_S after the last query (workers trim when idle)
    server_idle_pss: int = 0
    queries: list[BenchQuery] = field(default_factory=list)
    warmup: list[BenchQuery] = field(default_factory=list)
    profiles: list[tuple[str, Path]] = field(default_factory=list)


@dataclass
class Target:
    dataset: str
    name: str
    measured: str
    limit: str
    ratio: float  # measured / limit for "at most" targets, limit / measured for "at least"
    ok: bool
    note: str = ""
    at_least: bool = False

    @property
    def verdict(self) -> str:
        if self.ratio != self.ratio and self.measured == "—":  # NaN and nothing measured
            return "not measured"
        return "PASS" if self.ok else "MISS"

    @property
    def by(self) -> str:
        if self.ok or self.ratio != self.ratio:  # NaN: not measured
            return ""
        if self.at_least:
            return f"missed by {self.ratio:.2f}× (needs {self.ratio:.2f}× the measured ratio)"
        return f"missed by {self.ratio:.2f}× ({(self.ratio - 1) * 100:.0f} % over the limit)"


# -- one data set ---------------------------------------------------------------------


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def _generations(index_dir: Path) -> list[str]:
    """The generation folders (``gen-NNNNNN``, finished or not) in the index folder."""
    return sorted(p.name for p in index_dir.glob("gen-*") if p.is_dir())


def run_dataset(
    name: str, info: data.CorpusInfo, work: Path, sizes: Sizes, skip_naive: bool
) -> DatasetResult:
    res = DatasetResult(name, info.description, info.files, info.bytes)
    index_dir = work / f"{name}-index"
    config = Settings(
        corpus_dir=info.path, index_dir=index_dir, resources_dir=RESOURCES
    ).with_paths_resolved()

    log(f"{name}: extracting {info.files:,} files for the bound, the engines and queries")
    docs = data.extract_all(info.path, config.resources_dir)
    res.docs, res.chars = len(docs), sum(d.chars for d in docs)
    docs_pickle = work / f"{name}-docs.pickle"
    with docs_pickle.open("wb") as f:
        pickle.dump(docs, f, protocol=pickle.HIGHEST_PROTOCOL)

    log(f"{name}: full reindex (union-search reindex --full, {config.jobs} jobs)")
    res.full = measure.cli_reindex(info.path, index_dir, full=True)
    res.index_bytes = measure.dir_size(index_dir)
    res.gens_after_one = _generations(index_dir)
    log(f"{name}: a second full reindex (what is kept on disk afterwards)")
    res.full2 = measure.cli_reindex(info.path, index_dir, full=True)
    res.bytes_after_two = measure.dir_size(index_dir)
    res.gens_after_two = _generations(index_dir)

    log(f"{name}: jieba bound (word_spans on {config.jobs} processes)")
    res.bound_s, res.bound_words = measure.jieba_bound(
        docs, config.resources_dir, work / "jieba-cache", jobs=config.jobs
    )
    log(f"{name}: jieba bound, each block's words remembered (as the reindex's workers do)")
    res.bound_remembered_s, remembered_words = measure.jieba_bound(
        docs, config.resources_dir, work / "jieba-cache", jobs=config.jobs, remembered=True
    )
    if remembered_words != res.bound_words:
        raise RuntimeError(f"remembered words {remembered_words:,} != {res.bound_words:,}")

    log(f"{name}: splitting into units (articles, sections; one process)")
    res.units_s, res.units = measure.units_cost(docs)

    engine_dirs: dict[str, Path] = {}
    for engine in ENGINES:
        if engine == "naive" and skip_naive:
            continue
        out = work / f"{name}-{engine}"
        log(f"{name}: {engine} build in a subprocess")
        res.engines[engine] = measure.engine_build(
            engine, docs_pickle, out, config.resources_dir, config.jobs
        )
        engine_dirs[engine] = out

    log(f"{name}: incremental reindex, nothing changed / one file changed")
    res.inc_none = measure.cli_reindex(info.path, index_dir, full=False)
    changed_id = docs[len(docs) // 2].id
    with (info.path / changed_id).open("a", encoding="utf-8") as f:
        f.write("\n\n第九十九条 本条由基准测试追加，用于检验增量索引。\n")
    res.inc_one = measure.cli_reindex(info.path, index_dir, full=False)
    if res.inc_one.report["updated"] != [changed_id]:
        raise RuntimeError(
            f"incremental reindex did not update {changed_id}: {res.inc_one.report['updated'][:5]}"
        )
    res.bytes_after_inc = measure.dir_size(index_dir)
    res.gens_after_inc = _generations(index_dir)

    from indexer.analysis import Analyzer

    analyzer = Analyzer.from_resources(config.resources_dir, work / "jieba-cache")
    queries = make_queries(docs, sizes.queries, analyzer)
    browse = make_browse(docs, sizes.browse)
    res.queries = queries
    # Not measured: a few other queries first on every path, so no path pays for the
    # first touch of its caches inside the measurement.
    res.warmup = make_queries(docs, WARMUP_QUERIES, analyzer, seed=99)
    log(f"{name}: the Ctrl-F oracle for {len(queries)} text queries")
    # The texts every engine indexed (union-search's index also has the article appended
    # above: it can only add matches, never lose one).
    texts = {d.id: d for d in docs}
    expected = {q.q: oracle(q.q, texts) for q in queries}
    del docs, texts
    run_queries(res, config, queries, browse, engine_dirs, expected, analyzer.load(), sizes)
    return res


def _request(bq: BenchQuery):
    from search import SearchRequest

    return SearchRequest(
        q=bq.q,
        years=(bq.year,) if bq.year is not None else (),
        districts=(bq.district,) if bq.district else (),
        topics=(bq.topic,) if bq.topic else (),
        sort="relevance" if bq.q else "newest",
        per_page=10,
    )


def _open_engine(engine: str, index_dir: Path, analyzer):
    if engine == "fts5":
        from bench.fts5 import Fts5Engine

        return Fts5Engine(index_dir, analyzer)
    if engine == "tantivy":
        from bench.tantivy_engine import TantivyEngine

        return TantivyEngine(index_dir, analyzer)
    from bench.naive import NaiveEngine

    return NaiveEngine(index_dir)


def run_queries(
    res: DatasetResult,
    config: Settings,
    queries: list[BenchQuery],
    browse: list[BenchQuery],
    engine_dirs: dict[str, Path],
    expected: dict[str, set[str]],
    analyzer,
    sizes: Sizes,
) -> None:
    from indexer.store import IndexStore
    from search import open_searcher
    from union_search.gc_tuning import freeze_long_lived, tune_thresholds

    name = res.name
    engines = {e: _open_engine(e, d, analyzer) for e, d in engine_dirs.items()}
    gc_threshold = gc.get_threshold()
    try:
        with open_searcher(config) as searcher, measure.Server(config.index_dir) as srv:
            url = f"{srv.base}/api/search?"
            t0 = time.perf_counter()
            searcher.search(_request(BenchQuery("")))
            res.searcher_open_ms = (time.perf_counter() - t0) * 1000
            t0 = time.perf_counter()
            measure.http_get(url + queries[0].params())
            res.http_first_ms = (time.perf_counter() - t0) * 1000
            # As a server worker does (union_search/gc_tuning.py): young collections are
            # rarer, and what this process holds for good (every engine's readers, the
            # Searcher's tables) is frozen out of the cyclic gc's full collections once
            # each block has warmed up.
            tune_thresholds()
            http = lambda q: measure.http_get(url + q.params())  # noqa: E731
            # One block per index: union-search's two paths share one index, so they are
            # interleaved query by query; each engine answers on its own.
            # union-search's pages: the served generation (the one it replaced stays on
            # disk for rollback, never read by a query).
            served = IndexStore(config.index_dir).current()
            blocks = {
                "union-search": (
                    served.path if served else config.index_dir,
                    {"http": http, "searcher": lambda q: searcher.search(_request(q))},
                ),
                **{e: (engine_dirs[e], {e: eng.search}) for e, eng in engines.items()},
            }
            budgets = {"naive/search": sizes.naive_budget_s, "naive/browse": sizes.naive_budget_s}
            warm = [url + q.params() for q in [*browse[:4], *res.warmup]]
            for block, (index, calls) in blocks.items():
                # Warm: its own index files read through and its own warm-up queries right
                # before its block, so another engine's long turn leaves nothing cold.
                page_cache.read_through(index)
                if block == "union-search":
                    # Each gunicorn worker opens the index on its first request.
                    measure.load_test(warm, clients=8, max_requests=max(32, 4 * len(warm)))
                for q in [BenchQuery(""), *res.warmup]:
                    for call in calls.values():
                        call(q)
                if block == "union-search":
                    # The vocabulary loads in the background when a generation opens:
                    # measure queries after it, not beside it.
                    searcher.wait_preloaded()
                freeze_long_lived()
                for kind, items in (("search", queries), ("browse", browse)):
                    log(f"{name}: {len(items)} {kind} requests, warm, over {', '.join(calls)}")
                    res.latency.update(
                        measure.time_interleaved(
                            {f"{path}/{kind}": call for path, call in calls.items()},
                            items,
                            BenchQuery.label,
                            budgets,
                        )
                    )
            for block, (index, calls) in blocks.items():
                # Cold: the index's pages dropped, then the text queries once through the
                # path a user meets (HTTP for union-search; the Searcher's in-process caches
                # are warm by now, only the pages are cold).
                path, call = next(iter(calls.items()))
                page_cache.drop(index)
                res.resident_after_drop[block] = page_cache.resident_bytes(index)
                log(f"{name}: {len(queries)} search requests, cold pages, {path}")
                res.latency[f"{path}/search-cold"] = measure.time_each(
                    f"{path}/search-cold",
                    queries,
                    call,
                    BenchQuery.label,
                    budget_s=budgets.get(f"{path}/search"),
                )
            page_cache.read_through(blocks["union-search"][0])  # the tools below: warm
            log(f"{name}: trends and export (research tools)")
            res.latency["searcher/trends"] = research.searcher_latency(
                searcher, queries, res.warmup
            )
            res.latency.update(research.http_latency(srv.base, queries, res.warmup))
            prefixes = suggest_prefixes(queries, 4 * len(queries))
            searcher.prepare()  # completions are built once per generation, before serving
            res.latency["searcher/suggest"] = measure.time_each(
                "searcher/suggest", prefixes, searcher.suggest
            )
            # Every worker builds its completions once (in the background from start-up); a
            # few warm-up requests per worker wait for that outside the measurement.
            measure.load_test(
                [suggest_url(srv.base, p) for p in prefixes[:16]], clients=8, max_requests=64
            )
            res.latency["http/suggest"] = measure.time_each(
                "http/suggest", prefixes, lambda p: measure.http_get(suggest_url(srv.base, p))
            )
            log(f"{name}: throughput, 8 concurrent clients")
            res.throughput = measure.load_test(
                [url + q.params() for q in queries],
                clients=8,
                max_requests=sizes.load_requests,
                max_seconds=sizes.load_seconds,
            )
            res.server_rss, res.server_pss = srv.memory()
            res.server_procs = srv.memory_breakdown()
            time.sleep(SERVER_IDLE_S)  # an idle worker gives freed memory back (IdleTrim)
            res.server_idle_rss, res.server_idle_pss = srv.memory()

            log(f"{name}: recall against the Ctrl-F oracle (not timed)")
            texts = list(dict.fromkeys(q.q for q in queries))
            res.recall["union-search"] = measure_recall(
                "union-search", texts, searcher_matching_ids(searcher), expected
            )
            for e, eng in engines.items():
                res.recall[e] = measure_recall(e, texts, eng.matching_ids, expected)
    finally:
        for eng in engines.values():
            eng.close()
        gc.unfreeze()  # what the engines held is collectable again
        gc.set_threshold(*gc_threshold)


# -- targets and profiles ------------------------------------------------------------------


def _at_most(
    ds: str, name: str, value: float, limit: float, unit: str, fmt: str = ".2f", note: str = ""
) -> Target:
    ratio = value / limit if limit else float("nan")
    return Target(
        ds, name, f"{value:{fmt}} {unit}", f"≤ {limit:{fmt}} {unit}", ratio, value <= limit, note
    )


def _at_least(ds: str, name: str, value: float, limit: float, note: str = "") -> Target:
    ratio = limit / value if value else float("inf")
    return Target(
        ds, name, f"{value:.2f}×", f"≥ {limit:.0f}×", ratio, value >= limit, note, at_least=True
    )


def targets_for(res: DatasetResult, quick: bool) -> list[Target]:
    """The targets of issue 16 that this data set measures."""
    ds = res.name
    note = "quick sample, indicative only" if quick else ""
    out = []
    full = res.full.seconds if res.full else float("nan")
    fts5 = res.engines.get("fts5")
    lat = res.latency
    if fts5:
        out.append(
            _at_most(
                ds,
                "full reindex / FTS5 build",
                full / fts5.seconds,
                FTS5_BUILD_FACTOR,
                "×",
                note=note or f"{full:.1f} s vs {fts5.seconds:.1f} s",
            )
        )
    # The reindex's workers remember each block's words, so the work jieba cannot be
    # spared is the bound with that shortcut: judged against it (the stricter), the
    # plain bound in the note.
    bound = res.bound_remembered_s or res.bound_s
    out.append(
        _at_most(
            ds,
            "full reindex / jieba bound",
            full / bound,
            BOUND_FACTOR,
            "×",
            note=note
            or (
                f"{full:.1f} s vs {bound:.1f} s (blocks' words remembered; "
                f"{full / res.bound_s:.2f}× the plain bound {res.bound_s:.1f} s)"
            ),
        )
    )
    if ds == "scale" and res.full:
        out.append(
            _at_most(
                ds, "full reindex peak RSS", res.full.peak_rss / MB, SCALE_BUILD_MB, "MB", ".0f"
            )
        )
    if ds == "laws" and fts5:
        out.append(
            _at_most(
                ds,
                "index size / FTS5 index",
                res.index_bytes / fts5.index_bytes,
                INDEX_FACTOR,
                "×",
                note=note or f"{res.index_bytes / MB:.0f} MB vs {fts5.index_bytes / MB:.0f} MB",
            )
        )
        kept = res.gens_after_two
        out.append(
            Target(
                ds,
                "generations kept after two full reindexes",
                f"{len(kept)} ({res.bytes_after_two / MB:.0f} MB)",
                f"≤ {GENERATIONS_KEPT} (served + replaced)",
                len(kept) / GENERATIONS_KEPT,
                len(kept) <= GENERATIONS_KEPT,
                f"one generation {res.index_bytes / MB:.0f} MB; after a third (incremental) "
                f"reindex {len(res.gens_after_inc)} folders, {res.bytes_after_inc / MB:.0f} MB",
            )
        )
    if ds == "laws" and res.inc_none:
        out.append(
            _at_most(
                ds,
                "incremental, nothing changed",
                res.inc_none.seconds,
                INCREMENTAL_S,
                "s",
                note=note,
            )
        )
    http, srch = lat.get("http/search"), lat.get("searcher/search")
    f5 = lat.get("fts5/search")
    if ds == "laws" and http and f5 and http.n and f5.n:
        out.append(
            _at_most(
                ds,
                "HTTP search p95 / FTS5 search p95",
                http.p(95) / f5.p(95),
                1.0,
                "×",
                note=note or f"{http.p(95):.1f} ms vs {f5.p(95):.1f} ms",
            )
        )
    if ds == "laws" and srch and srch.n:
        out.append(
            _at_most(ds, "Searcher search p95", srch.p(95), SEARCHER_P95_MS, "ms", ".1f", note)
        )
    hb = lat.get("http/browse")
    if ds == "laws" and hb and hb.n:
        out.append(_at_most(ds, "HTTP browse p95", hb.p(95), BROWSE_P95_MS, "ms", ".1f", note))
    trends = lat.get("http/trends")
    if ds == "laws" and trends and trends.n:
        out.append(
            _at_most(ds, "HTTP trends p95", trends.p(95), research.TRENDS_P95_MS, "ms", ".1f", note)
        )
    suggest = lat.get("http/suggest")
    if ds == "laws" and suggest and suggest.n:
        out.append(
            _at_most(ds, "HTTP suggest p95", suggest.p(95), SUGGEST_P95_MS, "ms", ".1f", note)
        )
    if ds == "scale" and http and http.n:
        out.append(
            _at_most(
                ds,
                "HTTP search p95",
                http.p(95),
                SCALE_P95_MS,
                "ms",
                ".1f",
                note or f"{res.docs:,} documents",
            )
        )
    if ds == "scale" and res.server_rss:
        out.append(
            _at_most(
                ds,
                "server memory (RSS, process tree)",
                res.server_rss / MB,
                SERVER_MB,
                "MB",
                ".0f",
                note or f"PSS {res.server_pss / MB:.0f} MB",
            )
        )
    return out


def not_measured(results: list[DatasetResult], scale_docs: int) -> list[Target]:
    """The 100k targets, listed as not measured when the scale data set was not run."""
    if any(r.name == "scale" and r.docs >= 100_000 for r in results):
        return []
    nan = float("nan")
    why = "not measured this run" + (
        f" (scale ran with {scale_docs:,} documents)"
        if any(r.name == "scale" for r in results)
        else ""
    )
    return [
        Target("100k", name, "—", limit, nan, False, why)
        for name, limit in (
            ("HTTP search p95", f"≤ {SCALE_P95_MS:.0f} ms"),
            ("server memory (RSS, process tree)", f"≤ {SERVER_MB:.0f} MB"),
            ("full reindex / FTS5 build", f"≤ {FTS5_BUILD_FACTOR}×"),
            ("full reindex / jieba bound", f"≤ {BOUND_FACTOR}×"),
            ("full reindex peak RSS", f"≤ {SCALE_BUILD_MB:.0f} MB"),
        )
    ]


def _profile(label: str, path: Path, work) -> Path:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    profiler.start()
    try:
        work()
    finally:
        profiler.stop()
    # Keep whoosh and jieba frames visible: they are where the time goes.
    options = {"show_regex": r".*(whoosh|jieba|indexer|search)/.*"}
    tree = profiler.output_text(unicode=True, color=False, processor_options=options).splitlines()
    flat = profiler.output_text(unicode=True, color=False, flat=True).splitlines()
    # No machine's paths in a committed report.
    tree = [line.replace(str(PROJECT_ROOT) + "/", "") for line in tree]
    flat = [line.replace(str(PROJECT_ROOT) + "/", "") for line in flat]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"# {label}\n\n## call tree (top 120 lines)\n\n"
        + "\n".join(tree[:120])
        + "\n\n## self time, flat (top 40 lines)\n\n"
        + "\n".join(flat[:40])
        + "\n",
        encoding="utf-8",
    )
    return path


def profile_misses(
    res: DatasetResult,
    info: data.CorpusInfo,
    targets: list[Target],
    work: Path,
    profiles_dir: Path,
    quick: bool,
) -> None:
    missed = {t.name for t in targets if t.verdict == "MISS"}
    prefix = f"{'quick-' if quick else ''}{res.name}"
    if missed & {"full reindex / jieba bound", "full reindex / FTS5 build"}:
        log(f"{res.name}: profiling a reindex of 200 documents (one process)")
        sample = work / f"{res.name}-profile-corpus"
        files = sorted(p for p in info.path.rglob("*") if p.is_file())
        for src in random.Random(3).sample(files, min(200, len(files))):
            dest = sample / src.relative_to(info.path)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)
        config = Settings(
            corpus_dir=sample,
            index_dir=work / f"{res.name}-profile-index",
            resources_dir=RESOURCES,
            reindex_jobs=1,
        ).with_paths_resolved()
        from indexer.build import reindex

        reindex(config, full=True)  # warm: jieba dictionary and caches
        path = _profile(
            f"{res.name}: full reindex of 200 documents, reindex_jobs=1",
            profiles_dir / f"{prefix}-reindex.txt",
            lambda: reindex(config, full=True),
        )
        res.profiles.append(("full reindex, 200 documents, one process", path))
    if missed & {"incremental, nothing changed"}:
        config = Settings(
            corpus_dir=info.path, index_dir=work / f"{res.name}-index", resources_dir=RESOURCES
        ).with_paths_resolved()
        from indexer.build import reindex

        path = _profile(
            f"{res.name}: incremental reindex, nothing changed",
            profiles_dir / f"{prefix}-incremental.txt",
            lambda: reindex(config),
        )
        res.profiles.append(("incremental reindex, nothing changed", path))
    search_targets = {"HTTP search p95", "HTTP search p95 / FTS5 search p95", "Searcher search p95"}
    if missed & search_targets:
        log(f"{res.name}: profiling the 20 slowest queries through the Searcher")
        from search import open_searcher

        slow = {label for _, label in res.latency["searcher/search"].slowest[:20]}
        chosen = [q for q in res.queries if q.label() in slow]
        config = Settings(
            corpus_dir=info.path, index_dir=work / f"{res.name}-index", resources_dir=RESOURCES
        ).with_paths_resolved()
        with open_searcher(config) as searcher:
            searcher.search(_request(BenchQuery("")))  # open the index outside the profile
            searcher.wait_preloaded()  # and its background vocabulary load

            def run() -> None:
                for q in chosen:
                    searcher.search(_request(q))

            path = _profile(
                f"{res.name}: the {len(chosen)} slowest queries, Searcher.search",
                profiles_dir / f"{prefix}-search.txt",
                run,
            )
        res.profiles.append((f"{len(chosen)} slowest queries through the Searcher", path))


# -- report --------------------------------------------------------------------------


def machine_lines() -> list[str]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    versions = []
    for pkg in PACKAGES:
        try:
            versions.append(f"{pkg} {metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{pkg} (not installed)")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"- cores: {os.cpu_count()} ({cpu or platform.machine()}), memory {mem:.1f} GiB",
        f"- Python {platform.python_version()} on {platform.platform(terse=True)}",
        f"- {', '.join(versions)}",
        f"- load average at report time: {load} (other work on the machine skews timings)",
    ]


def _fmt_mb(n: int) -> str:
    return f"{n / MB:,.0f} MB"


def _fmt_s(x: float | None) -> str:
    return "—" if x is None else f"{x:,.2f} s"


def _entries(gens: list[str]) -> list[str]:
    return gens or ["no generation"]


def _pct(x: float) -> str:
    return "—" if x != x else f"{x * 100:.1f} %"


ENGINE_LABELS = {
    "fts5": "SQLite FTS5 + jieba",
    "tantivy": "tantivy + jieba",
    "naive": "naive Whoosh + ChineseAnalyzer",
}


def comparison_lines(r: DatasetResult) -> list[str]:
    """One row per path: latency, build, size, memory and recall side by side."""
    lat = r.latency
    http = lat.get("http/search")
    ref = http.p(95) if http and http.n else float("nan")
    rows = []

    def lat_cells(path: str) -> list[str]:
        s, b = lat.get(f"{path}/search"), lat.get(f"{path}/browse")
        cold = lat.get(f"{path}/search-cold")
        if not s or not s.n:
            return ["—"] * 7
        n = f"{s.n}" + (" (budget)" if s.stopped_early else "")
        return [
            n,
            f"{s.p(50):.1f}",
            f"{s.p(95):.1f}",
            f"{s.p(95) / ref:.2f}×" if ref == ref else "—",
            f"{cold.p(50):.1f} / {cold.p(95):.1f}" if cold and cold.n else "—",
            f"{b.p(95):.1f}" if b and b.n else "—",
            f"{s.errors}",
        ]

    def recall_cells(key: str) -> list[str]:
        rc = r.recall.get(key)
        if not rc:
            return ["—"] * 4
        return [
            _pct(rc.recall),
            _pct(rc.mean),
            _pct(rc.precision),
            f"{rc.complete}/{rc.queries}",
        ]

    full = r.full
    us_build = [
        f"{full.seconds:.1f}",
        f"{r.bound_s:.1f} (bound)",
        _fmt_mb(full.peak_rss),
        _fmt_mb(r.index_bytes),
    ]
    rows.append(["union-search HTTP", *lat_cells("http"), *us_build, *recall_cells("union-search")])
    rows.append(["union-search Searcher", *lat_cells("searcher"), "", "", "", "", *["″"] * 4])
    for e, b in r.engines.items():
        build = [
            f"{b.seconds:.1f}",
            f"{b.jieba_s:.1f} + {b.write_s:.1f}" if e != "naive" else f"— + {b.write_s:.1f}",
            _fmt_mb(b.peak_rss),
            _fmt_mb(b.index_bytes),
        ]
        rows.append([ENGINE_LABELS[e], *lat_cells(e), *build, *recall_cells(e)])
    head = [
        "path",
        "queries",
        "p50 ms",
        "p95 ms",
        "p95 ÷ HTTP p95",
        "cold pages p50 / p95 ms",
        "browse p95 ms",
        "errors",
        "build s",
        "jieba s + writer s",
        "build peak RSS",
        "index on disk",
        "recall (documents)",
        "recall (mean per query)",
        "precision",
        "queries with all found",
    ]
    out = ["| " + " | ".join(head) + " |", "|---" + "|---:" * (len(head) - 1) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    ratios = []
    for e, b in r.engines.items():
        ratios.append(
            f"full reindex ÷ {ENGINE_LABELS[e]} build: {full.seconds / b.seconds:.2f}×; "
            f"index ÷ its index: {r.index_bytes / b.index_bytes:.2f}×"
        )
    out += ["", *[f"- {x}" for x in ratios]]
    return out


def report(
    results: list[DatasetResult],
    targets: list[Target],
    args: argparse.Namespace,
    out: Path,
    started: float,
) -> str:
    L: list[str] = []  # noqa: N806
    mode = "QUICK (small samples, indicative only)" if args.quick else "full"
    L += [
        "# union-search benchmark results",
        "",
        f"`python -m bench.run{' ' + ' '.join(sys.argv[1:]) if sys.argv[1:] else ''}` — "
        f"{mode}, {time.strftime('%Y-%m-%d %H:%M %Z')}, {time.time() - started:,.0f} s in all.",
        "",
        "## Machine",
        "",
        *machine_lines(),
        "",
        "## Data",
        "",
    ]
    L += [
        "| data set | files | size | documents | characters | what |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for r in results:
        L.append(
            f"| {r.name} | {r.files:,} | {_fmt_mb(r.bytes)} | {r.docs:,} | "
            f"{r.chars / 1e6:,.1f} M | {r.description} |"
        )
    L += [
        "",
        "## union-search and what a user would pick instead, side by side",
        "",
        "One run, same extracted texts, same query set. Each index's queries run as a block "
        "right after its own files were read through and its own warm-up queries (warm "
        "pages, as a server in use has them: the latency columns and the targets); "
        "union-search's HTTP and Searcher paths share one index and are interleaved query "
        "by query. Then, index by index, its pages are dropped from the page cache "
        "(`posix_fadvise` DONTNEED: what reclaim takes; mapped pages stay) and the text "
        "queries run once more (the cold column: HTTP for union-search), what a user meets "
        "after the machine reclaimed an idle index's pages. Every answer: top 10, snippets "
        "with `<mark>` on the "
        "original text, year/district/topic/doc_type counts (naive: year/district only, "
        "topic filters dropped). FTS5 and tantivy get jieba-pretokenized text (precise mode, "
        "HMM off, the union dictionary: the analysis of union-search's word field), built "
        "by jieba on a fork pool of 2 processes, each remembering each block's words as "
        "union-search's reindex workers do, and then the engine's writer, in a "
        "subprocess whose process tree's peak RSS is polled; see `bench/engines.py`. "
        "Recall and precision: against the Ctrl-F oracle, i.e. for each distinct text "
        "query the documents whose extracted title or body contains each space-separated "
        "part literally (`str.find`), filters left out; recall over all the documents expected "
        "(summed over queries) and averaged per query.",
        "",
    ]
    for r in results:
        L += [f"### {r.name}", "", *comparison_lines(r), ""]
        misses = [
            f"{k}: " + "; ".join(f"{q!r} {m}/{n} missed" for q, m, n in rc.misses[:4])
            for k, rc in r.recall.items()
            if rc.misses
        ]
        if misses:
            L += ["Worst recall misses (query, documents missed / in the oracle):", ""]
            L += [f"- {m}" for m in misses] + [""]
    L += [
        "## Indexing",
        "",
        "Full reindex = `union-search reindex --full --json` in a subprocess (its own "
        "`seconds`; wall time includes interpreter start-up); peak memory polled from /proc "
        "over the process tree (RSS sums count pages shared by forked workers once per "
        "process, PSS splits them). jieba bound = `indexer.analysis.Analyzer.word_spans` over "
        "the same extracted titles and bodies on a fork Pool of the same size, no index; "
        "measured again with each block's words remembered in each process "
        "(`indexer.analysis.BlockWords`, as the reindex's workers do): the target is judged "
        "against that one, the smaller. Sizes count a hard-linked file once.",
        "",
    ]
    cols = ["metric", *[r.name for r in results]]
    L += ["| " + " | ".join(cols) + " |", "|---" + "|---:" * len(results) + "|"]

    def row(label: str, fn) -> None:
        L.append(f"| {label} | " + " | ".join(fn(r) for r in results) + " |")

    row("full reindex", lambda r: _fmt_s(r.full.seconds))
    row("full reindex, wall", lambda r: _fmt_s(r.full.wall))
    # The CPU beside the wall: a build that got less of the machine than the others of the
    # run shows it here (the twentieth round's 100,000 reindex could not be told apart).
    row("full reindex, CPU (user + sys of the tree)", lambda r: _fmt_s(r.full.cpu))
    row("second full reindex", lambda r: _fmt_s(r.full2.seconds) if r.full2 else "—")
    row("characters/s", lambda r: f"{r.chars / r.full.seconds:,.0f}")
    row(
        "peak RSS / PSS (tree)",
        lambda r: f"{_fmt_mb(r.full.peak_rss)} / {_fmt_mb(r.full.peak_pss)}",
    )
    row("index size on disk (one generation)", lambda r: _fmt_mb(r.index_bytes))
    row(
        "index folder after two full reindexes",
        lambda r: f"{_fmt_mb(r.bytes_after_two)}: {', '.join(_entries(r.gens_after_two))}",
    )
    row(
        "index folder after the incremental ones",
        lambda r: f"{_fmt_mb(r.bytes_after_inc)}: {', '.join(_entries(r.gens_after_inc))}",
    )
    row("jieba bound (2 processes)", lambda r: _fmt_s(r.bound_s))
    row("jieba words", lambda r: f"{r.bound_words:,}")
    row("reindex ÷ jieba bound", lambda r: f"{r.full.seconds / r.bound_s:.2f}×")
    row(
        "jieba bound, blocks' words remembered (as the reindex does)",
        lambda r: _fmt_s(r.bound_remembered_s),
    )
    row(
        "reindex ÷ that bound",
        lambda r: f"{r.full.seconds / r.bound_remembered_s:.2f}×" if r.bound_remembered_s else "",
    )
    row("units (articles, sections)", lambda r: f"{r.units:,}")
    row(
        "units: split time (1 process, inside reindex)",
        lambda r: f"{_fmt_s(r.units_s)} ({r.units_s / r.full.seconds * 100:.1f} % of reindex)",
    )
    for e, label in ENGINE_LABELS.items():
        row(
            f"{label} build, CPU (user + sys of the tree)",
            lambda r, e=e: _fmt_s(r.engines[e].cpu) if e in r.engines else "—",
        )
        row(
            f"{label} build (wall) / peak RSS / PSS",
            lambda r, e=e: (
                f"{_fmt_s(r.engines[e].seconds)} ({r.engines[e].wall:.1f} s) / "
                f"{_fmt_mb(r.engines[e].peak_rss)} / {_fmt_mb(r.engines[e].peak_pss)}"
                if e in r.engines
                else "—"
            ),
        )
    row(
        "incremental, nothing changed",
        lambda r: f"{_fmt_s(r.inc_none.seconds)} (wall {r.inc_none.wall:.2f} s)",
    )
    row(
        "incremental, 1 file changed",
        lambda r: f"{_fmt_s(r.inc_one.seconds)} (wall {r.inc_one.wall:.2f} s)",
    )

    L += [
        "",
        "## Queries",
        "",
        "Text queries: real phrases of 1–6 jieba words drawn from the indexed texts "
        "(seeded), about 20 % with a year, 20 % a district, 10 % a topic filter taken from "
        "the source document. Browse: no text, newest first, with filters. Searcher = "
        "in-process `Searcher.search`; HTTP = `GET /api/search` on a real `union-search "
        "serve` (gunicorn, default workers × threads), one client, sequential; naive = "
        "`QueryParser` over body, `groupedby` year/district counts, `highlights('body')` of "
        "the top 10 only; FTS5: `bm25` top 10 with `snippet()`, `GROUP BY` counts over the "
        "matching rowids; tantivy: BM25 top 10, `SnippetGenerator`, a `terms` aggregation "
        "per facet.",
        "",
    ]
    L += [
        "| data set | path | requests | p50 ms | p95 ms | p99 ms | max ms | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        for key, lat in sorted(r.latency.items(), key=lambda kv: kv[0].split("/")[::-1]):
            n = f"{lat.n} (time budget)" if lat.stopped_early else str(lat.n)
            L.append(
                f"| {r.name} | {key} | {n} | {lat.p(50):.1f} | {lat.p(95):.1f} | "
                f"{lat.p(99):.1f} | {max(lat.ms, default=float('nan')):.1f} | "
                f"{lat.errors} |"
            )
    L += [
        "",
        "| metric | " + " | ".join(r.name for r in results) + " |",
        "|---" + "|---:" * len(results) + "|",
    ]
    row("Searcher open (first query)", lambda r: f"{r.searcher_open_ms:,.0f} ms")
    row("HTTP first request (cold worker)", lambda r: f"{r.http_first_ms:,.0f} ms")
    row(
        "page cache left after the cold pass's drop (mapped pages)",
        lambda r: ", ".join(
            f"{k} {'—' if v is None else _fmt_mb(v)}" for k, v in r.resident_after_drop.items()
        ),
    )
    row(
        "throughput, 8 HTTP clients",
        lambda r: (
            f"{r.throughput.rps:,.1f} req/s ({r.throughput.requests:,} in "
            f"{r.throughput.seconds:.1f} s, {r.throughput.errors} errors)"
        ),
    )
    row(
        "server memory after queries (RSS / PSS)",
        lambda r: f"{_fmt_mb(r.server_rss)} / {_fmt_mb(r.server_pss)}",
    )
    row(
        f"server memory {SERVER_IDLE_S:.0f} s after the last query (RSS / PSS)",
        lambda r: f"{_fmt_mb(r.server_idle_rss)} / {_fmt_mb(r.server_idle_pss)}",
    )
    row(
        "… per process (RSS / PSS)",
        lambda r: "<br>".join(
            f"{comm} {pid}: {_fmt_mb(rss)} / {_fmt_mb(pss)}"
            for pid, comm, rss, pss in r.server_procs
        ),
    )

    L += [
        "",
        "## Targets (issue 16)",
        "",
        "| data set | target | measured | limit | ratio | result | note |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    for t in targets:
        note = "; ".join(x for x in (t.by, t.note) if x)
        ratio = "—" if t.ratio != t.ratio else f"{t.ratio:.2f}"
        L.append(
            f"| {t.dataset} | {t.name} | {t.measured} | {t.limit} | {ratio} | "
            f"**{t.verdict}** | {note} |"
        )
    profiles = [(r.name, label, p) for r in results for label, p in r.profiles]
    if profiles:
        L += ["", "## Profiles (missed targets)", ""]
        for ds, label, p in profiles:
            L.append(f"- {ds}: {label}: [`{_rel(p, out)}`]({_rel(p, out)})")
    L += ["", "## Slowest queries (Searcher)", ""]
    for r in results:
        lat = r.latency.get("searcher/search")
        if lat:
            L.append(
                f"- {r.name}: " + "; ".join(f"{label} {ms:.0f} ms" for ms, label in lat.slowest[:5])
            )
    return "\n".join(L) + "\n"


def _rel(path: Path, out: Path) -> str:
    try:
        return path.relative_to(out.parent).as_posix()
    except ValueError:
        return str(path)


# -- main ----------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    p.add_argument(
        "--quick",
        action="store_true",
        help="small samples (300 laws, 2,000 scale documents, 20 queries)",
    )
    p.add_argument(
        "--scale",
        type=int,
        default=100_000,
        help="documents in the recombined scale corpus (default 100000)",
    )
    p.add_argument("--skip-naive", action="store_true", help="skip the naive baseline")
    p.add_argument("--only", choices=("laws", "scale"), help="run one data set only")
    p.add_argument("--queries", type=int, help="text queries per data set (default 120)")
    p.add_argument("--laws", type=int, help="sample this many laws (default: all; --quick 300)")
    p.add_argument(
        "--out",
        type=Path,
        help="report path (default bench/RESULTS.md; with --quick, a file in the temporary folder)",
    )
    p.add_argument("--keep", action="store_true", help="keep the temporary folder")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = sizes_for(args)
    started = time.time()
    work = Path(tempfile.mkdtemp(prefix="union-search-bench-"))
    out = args.out or (
        work.parent / "union-search-bench-quick" / "RESULTS.md"
        if args.quick
        else BENCH_DIR / "RESULTS.md"
    )
    profiles_dir = out.parent / "profiles"
    log(f"working in {work}; report → {out}")
    results: list[DatasetResult] = []
    targets: list[Target] = []
    try:
        log("unpacking the laws corpus")
        laws = data.unpack_laws(work / "laws-src", sample=sizes.laws_sample)
        plan: list[tuple[str, data.CorpusInfo]] = []
        if args.only in (None, "laws"):
            plan.append(("laws", laws))
        if args.only in (None, "scale"):
            log(f"generating {sizes.scale_docs:,} recombined documents")
            full_laws = laws if sizes.laws_sample is None else data.unpack_laws(work / "laws-all")
            plan.append(
                ("scale", data.make_scale_corpus(work / "scale", sizes.scale_docs, full_laws.path))
            )
        for name, info in plan:
            res = run_dataset(name, info, work, sizes, args.skip_naive)
            ts = targets_for(res, args.quick)
            profile_misses(res, info, ts, work, profiles_dir, args.quick)
            results.append(res)
            targets += ts
        targets += not_measured(results, sizes.scale_docs)
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    text = report(results, targets, args, out, started)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(text)
    log(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
