"""The bench's server sequence alone, with what each request costs the server's workers.

    python -m bench.throughput --index DIR --corpus DIR [--seconds 30] [--gap 0]

Starts a real ``union-search serve`` over an existing index, sends the bench's first
query and warm-up requests (``bench/run.py``), then its 120 text queries one by one and
the same queries from 8 concurrent clients, and prints one JSON line: the 1-client
p50/p95, the 8-client req/s, and the server's CPU time and page faults per request in
each phase (``/proc/PID/stat`` of the server's process tree, read before and after).
The 8-client figure on a 2-core machine is CPU-bound, so on a shared machine the CPU
per request is the firmer figure to compare. ``--gap``: seconds idle before the
8-client phase (the bench runs trends, exports and completions there).

To compare two versions of the code on one index, run this from each checkout in
turn with ``PYTHONPATH`` set to it (the server inherits it). The server's log is written
beside the index folder (``bench.measure.Server``): give a read-only index through a
symbolic link in a folder of your own. Not part of ``make bench``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bench import data, measure
from bench.queries import make_browse, make_queries
from bench.run import RESOURCES, WARMUP_QUERIES

TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class ProcCost:
    """CPU seconds (user + system) and page faults of a set of processes, so far."""

    cpu_s: float
    minor_faults: int
    major_faults: int

    def __sub__(self, other: ProcCost) -> ProcCost:
        return ProcCost(
            self.cpu_s - other.cpu_s,
            self.minor_faults - other.minor_faults,
            self.major_faults - other.major_faults,
        )


def proc_cost(pids: list[int]) -> ProcCost:
    """What ``pids`` have used so far (/proc/PID/stat; a process gone counts nothing)."""
    cpu = minor = major = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        # Fields after the command name, which may hold spaces: state is field 3.
        fields = stat[stat.rindex(")") + 2 :].split()
        minor, major = minor + int(fields[7]), major + int(fields[9])
        cpu += int(fields[11]) + int(fields[12])
    return ProcCost(cpu / TICKS, minor, major)


@dataclass
class Run:
    p50_ms: float
    p95_ms: float
    max_ms: float
    cpu_ms_1: float  # the server's CPU per request, 1 client
    rps_8: float
    requests_8: int
    errors_8: int
    cpu_ms_8: float  # the server's CPU per request, 8 clients
    minor_faults_8: float  # per request
    major_faults_8: int
    processes: int
    load: tuple[float, float, float]


def run(index_dir: Path, corpus: Path, seconds: float, gap: float, pause: float) -> Run:
    from indexer.analysis import Analyzer

    docs = data.extract_all(corpus, RESOURCES)
    with tempfile.TemporaryDirectory() as tmp:
        analyzer = Analyzer.from_resources(RESOURCES, Path(tmp))
        analyzer.load()
    queries = make_queries(docs, 120, analyzer)
    browse = make_browse(docs, 40)
    warmup = make_queries(docs, WARMUP_QUERIES, analyzer, seed=99)
    del docs
    with measure.Server(index_dir) as srv:
        url = f"{srv.base}/api/search?"
        measure.http_get(url + queries[0].params())
        warm = [url + q.params() for q in [*browse[:4], *warmup]]
        measure.load_test(warm, clients=8, max_requests=max(32, 4 * len(warm)))
        time.sleep(pause)  # each worker loads its vocabulary, then freezes its objects
        pids = measure.process_tree(srv.proc.pid)
        before = proc_cost(pids)
        took = []
        for q in queries:
            t0 = time.perf_counter()
            measure.http_get(url + q.params())
            took.append((time.perf_counter() - t0) * 1000)
        one = proc_cost(pids) - before
        time.sleep(gap)
        before = proc_cost(pids)
        load = measure.load_test(
            [url + q.params() for q in queries], clients=8, max_seconds=seconds
        )
        eight = proc_cost(pids) - before
    done = max(load.requests, 1)
    return Run(
        p50_ms=round(statistics.median(took), 1),
        p95_ms=round(statistics.quantiles(took, n=20)[18], 1),
        max_ms=round(max(took), 1),
        cpu_ms_1=round(one.cpu_s * 1000 / len(queries), 2),
        rps_8=round(load.rps, 1),
        requests_8=load.requests,
        errors_8=load.errors,
        cpu_ms_8=round(eight.cpu_s * 1000 / done, 2),
        minor_faults_8=round(eight.minor_faults / done, 1),
        major_faults_8=eight.major_faults,
        processes=len(pids),
        load=tuple(round(x, 2) for x in os.getloadavg()),
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--corpus", type=Path, required=True, help="the corpus the index holds")
    ap.add_argument("--seconds", type=float, default=30.0, help="the 8-client phase")
    ap.add_argument("--gap", type=float, default=0.0, help="idle seconds before it")
    ap.add_argument("--pause", type=float, default=12.0, help="idle seconds after warm-up")
    args = ap.parse_args(argv)
    result = run(args.index, args.corpus, args.seconds, args.gap, args.pause)
    print(json.dumps(asdict(result)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
