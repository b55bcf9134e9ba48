"""``python -m bench.run``: index and query benchmarks, written to a Markdown report.

See bench/README.md for what is measured and how to read the result.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from bench import data, measure, naive, research
from bench.measure import Latency, ReindexRun, Throughput
from bench.queries import BenchQuery, make_browse, make_queries
from bench.suggest_prefixes import suggest_prefixes, suggest_url
from indexer.settings import Settings
from union_search.config import PROJECT_ROOT

RESOURCES = PROJECT_ROOT / "corpus"

BENCH_DIR = PROJECT_ROOT / "bench"
PACKAGES = ("whoosh-reloaded", "jieba", "flask", "lxml", "gunicorn", "pyinstrument")
MB = 1024 * 1024
WARMUP_QUERIES = 5

# Targets (see bench/README.md).
BOUND_FACTOR = 2.0  # full reindex ≤ 2 × jieba's own tokenization time
NAIVE_FACTOR = 2.0  # full reindex ≥ 2 × faster than the naive baseline
INCREMENTAL_S = 2.0  # incremental, nothing changed, laws
P95_MS = {"laws": 50.0, "scale": 150.0}
SUGGEST_P95_MS = 30.0  # GET /api/suggest p95, laws (issue 14)
QUERY_NAIVE_FACTOR = 5.0  # HTTP search p95 ≥ 5 × faster than naive, at scale
SERVER_MB = 500.0  # serve process tree RSS at scale


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
    units: int = 0
    units_s: float = 0.0
    naive_s: float | None = None
    naive_bytes: int = 0
    inc_none: ReindexRun | None = None
    inc_one: ReindexRun | None = None
    searcher_open_ms: float = 0.0
    latency: dict[str, Latency] = field(default_factory=dict)
    http_first_ms: float = 0.0
    throughput: Throughput | None = None
    server_rss: int = 0
    server_pss: int = 0
    server_procs: list[tuple[int, str, int, int]] = field(default_factory=list)
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


def run_dataset(
    name: str, info: data.CorpusInfo, work: Path, sizes: Sizes, skip_naive: bool
) -> DatasetResult:
    res = DatasetResult(name, info.description, info.files, info.bytes)
    index_dir = work / f"{name}-index"
    config = Settings(
        corpus_dir=info.path, index_dir=index_dir, resources_dir=RESOURCES
    ).with_paths_resolved()

    log(f"{name}: extracting {info.files:,} files for the bound, the baseline and queries")
    docs = data.extract_all(info.path, config.resources_dir)
    res.docs, res.chars = len(docs), sum(d.chars for d in docs)

    log(f"{name}: full reindex (union-search reindex --full, {config.jobs} jobs)")
    res.full = measure.cli_reindex(info.path, index_dir, full=True)
    res.index_bytes = measure.dir_size(index_dir)

    log(f"{name}: jieba bound (word_spans on {config.jobs} processes)")
    res.bound_s, res.bound_words = measure.jieba_bound(
        docs, config.resources_dir, work / "jieba-cache", jobs=config.jobs
    )

    log(f"{name}: splitting into units (articles, sections; one process)")
    res.units_s, res.units = measure.units_cost(docs)

    naive_dir = work / f"{name}-naive"
    if not skip_naive:
        log(f"{name}: naive baseline build (ChineseAnalyzer, one writer)")
        res.naive_s = naive.build_naive(docs, naive_dir)
        res.naive_bytes = measure.dir_size(naive_dir)

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

    from indexer.analysis import Analyzer

    analyzer = Analyzer.from_resources(config.resources_dir, work / "jieba-cache")
    queries = make_queries(docs, sizes.queries, analyzer)
    browse = make_browse(docs, sizes.browse)
    res.queries = queries
    # Not measured: a few other queries first on every path, so no path pays for the
    # first touch of its caches inside the measurement.
    res.warmup = make_queries(docs, WARMUP_QUERIES, analyzer, seed=99)
    del docs
    run_queries(res, config, queries, browse, naive_dir if not skip_naive else None, sizes)
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


def run_queries(
    res: DatasetResult,
    config: Settings,
    queries: list[BenchQuery],
    browse: list[BenchQuery],
    naive_dir: Path | None,
    sizes: Sizes,
) -> None:
    from search import open_searcher

    name = res.name
    log(f"{name}: {len(queries)} queries + {len(browse)} browses through the Searcher")
    with open_searcher(config) as searcher:
        t0 = time.perf_counter()
        searcher.search(_request(BenchQuery("")))
        res.searcher_open_ms = (time.perf_counter() - t0) * 1000
        for q in res.warmup:
            searcher.search(_request(q))
        res.latency["searcher/search"] = measure.time_each(
            "searcher/search", queries, lambda q: searcher.search(_request(q)), BenchQuery.label
        )
        res.latency["searcher/browse"] = measure.time_each(
            "searcher/browse", browse, lambda q: searcher.search(_request(q)), BenchQuery.label
        )
        res.latency["searcher/trends"] = research.searcher_latency(searcher, queries, res.warmup)
        prefixes = suggest_prefixes(queries, 4 * len(queries))
        searcher.prepare()  # completions are built once per generation, before serving
        res.latency["searcher/suggest"] = measure.time_each(
            "searcher/suggest", prefixes, searcher.suggest
        )

    if naive_dir is not None:
        log(f"{name}: the same queries against the naive baseline")
        ns = naive.NaiveSearcher(naive_dir)
        try:
            ns.search(BenchQuery(""))
            for q in res.warmup:
                ns.search(q)
            res.latency["naive/search"] = measure.time_each(
                "naive/search", queries, ns.search, BenchQuery.label, sizes.naive_budget_s
            )
            res.latency["naive/browse"] = measure.time_each(
                "naive/browse", browse, ns.search, BenchQuery.label, sizes.naive_budget_s
            )
        finally:
            ns.close()

    log(f"{name}: HTTP against union-search serve")
    with measure.Server(config.index_dir) as srv:
        url = f"{srv.base}/api/search?"
        t0 = time.perf_counter()
        measure.http_get(url + queries[0].params())
        res.http_first_ms = (time.perf_counter() - t0) * 1000
        # Warm every worker (each opens the index on its first request).
        warm = [url + q.params() for q in [*browse[:4], *res.warmup]]
        measure.load_test(warm, clients=8, max_requests=max(32, 4 * len(warm)))
        res.latency["http/search"] = measure.time_each(
            "http/search", queries, lambda q: measure.http_get(url + q.params()), BenchQuery.label
        )
        res.latency["http/browse"] = measure.time_each(
            "http/browse", browse, lambda q: measure.http_get(url + q.params()), BenchQuery.label
        )
        res.latency.update(research.http_latency(srv.base, queries, res.warmup))
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
    ds = res.name
    note = "quick sample, indicative only" if quick else ""
    out = []
    full = res.full.seconds if res.full else float("nan")
    out.append(
        _at_most(
            ds, "full reindex / jieba bound", full / res.bound_s, BOUND_FACTOR, "× bound", note=note
        )
    )
    if res.naive_s:
        out.append(
            _at_least(ds, "full reindex speed-up vs naive", res.naive_s / full, NAIVE_FACTOR, note)
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
    http = res.latency.get("http/search")
    if http and http.n:
        scale_note = note or ("" if ds == "laws" else f"{res.docs:,} documents")
        out.append(_at_most(ds, "HTTP search p95", http.p(95), P95_MS[ds], "ms", ".1f", scale_note))
        nv = res.latency.get("naive/search")
        if ds == "scale" and nv and nv.n:
            out.append(
                _at_least(
                    ds,
                    "HTTP search p95 speed-up vs naive p95",
                    nv.p(95) / http.p(95),
                    QUERY_NAIVE_FACTOR,
                    scale_note,
                )
            )
    trends = res.latency.get("http/trends")
    if ds == "laws" and trends and trends.n:
        out.append(
            _at_most(ds, "HTTP trends p95", trends.p(95), research.TRENDS_P95_MS, "ms", ".1f", note)
        )
    suggest = res.latency.get("http/suggest")
    if ds == "laws" and suggest and suggest.n:
        out.append(
            _at_most(ds, "HTTP suggest p95", suggest.p(95), SUGGEST_P95_MS, "ms", ".1f", note)
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
    missed = {t.name for t in targets if not t.ok}
    prefix = f"{'quick-' if quick else ''}{res.name}"
    if missed & {"full reindex / jieba bound", "full reindex speed-up vs naive"}:
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
    if missed & {"HTTP search p95", "HTTP search p95 speed-up vs naive p95"}:
        log(f"{res.name}: profiling the 20 slowest queries through the Searcher")
        from search import open_searcher

        slow = {label for _, label in res.latency["searcher/search"].slowest[:20]}
        chosen = [q for q in res.queries if q.label() in slow]
        config = Settings(
            corpus_dir=info.path, index_dir=work / f"{res.name}-index", resources_dir=RESOURCES
        ).with_paths_resolved()
        with open_searcher(config) as searcher:
            searcher.search(_request(BenchQuery("")))  # open the index outside the profile

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


def report(
    results: list[DatasetResult],
    targets: list[Target],
    args: argparse.Namespace,
    out: Path,
    started: float,
) -> str:
    L: list[str] = []  # noqa: N806
    mode = "quick (small samples)" if args.quick else "full"
    L += [
        "# union-search benchmark results",
        "",
        f"`python -m bench.run{' ' + ' '.join(sys.argv[1:]) if sys.argv[1:] else ''}` — "
        f"{mode}, {time.strftime('%Y-%m-%d %H:%M')}, {time.time() - started:,.0f} s in all.",
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
        "## Indexing",
        "",
        "Full reindex = `union-search reindex --full --json` in a subprocess (its own "
        "`seconds`; wall time includes interpreter start-up); peak memory polled from /proc "
        "over the process tree (RSS sums count pages shared by forked workers once per "
        "process, PSS splits them). jieba bound = `indexer.analysis.Analyzer.word_spans` over the "
        "same extracted titles and bodies on a fork Pool of the same size, no index. "
        "Naive = jieba's `ChineseAnalyzer` in one plain Whoosh writer, fed the same "
        "already-extracted text (so it pays no file reading or extraction).",
        "",
    ]
    cols = ["metric", *[r.name for r in results]]
    L += ["| " + " | ".join(cols) + " |", "|---" + "|---:" * len(results) + "|"]

    def row(label: str, fn) -> None:
        L.append(f"| {label} | " + " | ".join(fn(r) for r in results) + " |")

    row("full reindex", lambda r: _fmt_s(r.full.seconds))
    row("full reindex, wall", lambda r: _fmt_s(r.full.wall))
    row("characters/s", lambda r: f"{r.chars / r.full.seconds:,.0f}")
    row(
        "peak RSS / PSS (tree)",
        lambda r: f"{_fmt_mb(r.full.peak_rss)} / {_fmt_mb(r.full.peak_pss)}",
    )
    row("index size on disk", lambda r: _fmt_mb(r.index_bytes))
    row("jieba bound (2 processes)", lambda r: _fmt_s(r.bound_s))
    row("jieba words", lambda r: f"{r.bound_words:,}")
    row("reindex ÷ jieba bound", lambda r: f"{r.full.seconds / r.bound_s:.2f}×")
    row("units (articles, sections)", lambda r: f"{r.units:,}")
    row(
        "units: split time (1 process, inside reindex)",
        lambda r: f"{_fmt_s(r.units_s)} ({r.units_s / r.full.seconds * 100:.1f} % of reindex)",
    )
    row("naive build (1 writer)", lambda r: _fmt_s(r.naive_s))
    row("naive characters/s", lambda r: f"{r.chars / r.naive_s:,.0f}" if r.naive_s else "—")
    row("naive index size", lambda r: _fmt_mb(r.naive_bytes) if r.naive_s else "—")
    row(
        "naive ÷ reindex (speed-up)",
        lambda r: f"{r.naive_s / r.full.seconds:.2f}×" if r.naive_s else "—",
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
        "the source document. Browse: no text, newest first, with filters. Every request: "
        "top 10 with snippets and all facets. Searcher = in-process `Searcher.search`; "
        "HTTP = `GET /api/search` on a real `union-search serve` (gunicorn, default "
        "workers × threads), one client, sequential; naive = `QueryParser` over body, "
        "`hit.highlights('body')`, year/district `groupedby` (no topic facet; topic "
        "filters dropped).",
        "",
    ]
    L += [
        "| data set | path | requests | p50 ms | p95 ms | p99 ms | max ms | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        for key, lat in r.latency.items():
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

    def search_ratio(r: DatasetResult) -> str:
        nv, h = r.latency.get("naive/search"), r.latency.get("http/search")
        return f"{nv.p(95) / h.p(95):.1f}×" if nv and h and nv.n and h.n else "—"

    row("naive p95 ÷ HTTP p95 (search)", search_ratio)
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
        "… per process (RSS / PSS)",
        lambda r: "<br>".join(
            f"{comm} {pid}: {_fmt_mb(rss)} / {_fmt_mb(pss)}"
            for pid, comm, rss, pss in r.server_procs
        ),
    )

    L += [
        "",
        "## Targets",
        "",
        "| data set | target | measured | limit | ratio | result | note |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    for t in targets:
        note = "; ".join(x for x in (t.by, t.note) if x)
        L.append(
            f"| {t.dataset} | {t.name} | {t.measured} | {t.limit} | {t.ratio:.2f} | "
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
