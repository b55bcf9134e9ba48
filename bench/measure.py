"""Timing, percentiles, process-tree memory, the jieba bound and HTTP load."""

from __future__ import annotations

import functools
import json
import multiprocessing as mp
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bench.data import ExtractedDoc

PAGE = os.sysconf("SC_PAGE_SIZE")
VENV_BIN = Path(sys.executable).parent


# -- statistics ------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    """Linear-interpolated percentile (p in 0..100) of ``values``."""
    if not values:
        return float("nan")
    s = sorted(values)
    k = (len(s) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


@dataclass
class Latency:
    """Per-request milliseconds of one query set through one path."""

    label: str
    ms: list[float] = field(default_factory=list)
    errors: int = 0
    slowest: list[tuple[float, str]] = field(default_factory=list)
    stopped_early: bool = False

    @property
    def n(self) -> int:
        return len(self.ms)

    def p(self, q: float) -> float:
        return percentile(self.ms, q)


def time_each(
    label: str, items: Iterable, call: Callable, name: Callable = str, budget_s: float | None = None
) -> Latency:
    """Call ``call(item)`` for each item, sequentially; exceptions count as errors.

    With ``budget_s``, stop once that much time has gone: the items come in seeded random
    order, so the ones measured are a fair sample (``Latency.n`` says how many).
    """
    lat = Latency(label)
    timed: list[tuple[float, str]] = []
    started = last_log = time.perf_counter()
    for item in items:
        t0 = time.perf_counter()
        if budget_s is not None and t0 - started > budget_s:
            lat.stopped_early = True
            print(
                f"  {label}: time budget of {budget_s:.0f} s spent after {len(timed)} requests",
                file=sys.stderr,
                flush=True,
            )
            break
        if t0 - last_log > 30:
            last_log = t0
            print(
                f"  {label}: {len(timed)} done, {t0 - started:.0f} s", file=sys.stderr, flush=True
            )
        try:
            call(item)
        except Exception as e:  # noqa: BLE001 - a benchmark reports, never stops
            lat.errors += 1
            print(f"  {label}: error on {name(item)}: {type(e).__name__}: {e}", file=sys.stderr)
            continue
        ms = (time.perf_counter() - t0) * 1000
        lat.ms.append(ms)
        timed.append((ms, name(item)))
    lat.slowest = sorted(timed, reverse=True)[:20]
    return lat


def time_interleaved(
    calls: dict[str, Callable],
    items: list,
    name: Callable = str,
    budgets: dict[str, float] | None = None,
) -> dict[str, Latency]:
    """Time every path of ``calls`` on each item in turn (round-robin per item, the order
    rotated from one item to the next), so load on the machine falls on all paths alike.

    A path with a budget in ``budgets`` stops once it has spent that many seconds; the
    items come in seeded random order, so the ones it answered are a fair sample.
    """
    labels = list(calls)
    lats = {label: Latency(label) for label in labels}
    spent = dict.fromkeys(labels, 0.0)
    timed: dict[str, list[tuple[float, str]]] = {label: [] for label in labels}
    budgets = budgets or {}
    started = last_log = time.perf_counter()
    for i, item in enumerate(items):
        if time.perf_counter() - last_log > 30:
            last_log = time.perf_counter()
            print(f"  {i} of {len(items)} done, {last_log - started:.0f} s", file=sys.stderr)
        k = i % len(labels)
        for label in labels[k:] + labels[:k]:
            lat = lats[label]
            budget = budgets.get(label)
            if budget is not None and spent[label] > budget:
                lat.stopped_early = True
                continue
            t0 = time.perf_counter()
            try:
                calls[label](item)
            except Exception as e:  # noqa: BLE001 - a benchmark reports, never stops
                lat.errors += 1
                print(f"  {label}: error on {name(item)}: {type(e).__name__}: {e}", file=sys.stderr)
                continue
            ms = (time.perf_counter() - t0) * 1000
            spent[label] += ms / 1000
            lat.ms.append(ms)
            timed[label].append((ms, name(item)))
    for label in labels:
        lats[label].slowest = sorted(timed[label], reverse=True)[:20]
    return lats


# -- memory --------------------------------------------------------------------


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(b")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def process_tree(pid: int) -> list[int]:
    kids = _children()
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def tree_memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in bytes summed over ``pid`` and its descendants."""
    rss = pss = 0
    for p in process_tree(pid):
        r, q = tree_memory_one(p)
        rss, pss = rss + r, pss + q
    return rss, pss


def tree_breakdown(pid: int) -> list[tuple[int, str, int, int]]:
    """(pid, command name, RSS, PSS) for ``pid`` and each descendant."""
    out = []
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/comm") as f:
                comm = f.read().strip()
        except OSError:
            continue
        rss, pss = tree_memory_one(p)
        out.append((p, comm, rss, pss))
    return out


def tree_memory_one(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in bytes of one process; zeros if it is gone."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            rss = int(f.read().split()[1]) * PAGE
        with open(f"/proc/{pid}/smaps_rollup") as f:
            pss = next((int(ln.split()[1]) * 1024 for ln in f if ln.startswith("Pss:")), 0)
    except (OSError, ValueError, IndexError):
        return 0, 0
    return rss, pss


@dataclass
class RunResult:
    wall: float
    peak_rss: int
    peak_pss: int
    stdout: str
    returncode: int
    # user + sys of the process and the descendants it waited for: on a shared machine
    # the wall says how much of it a run got, the CPU what the run did
    cpu: float = 0.0


def run_with_peak(cmd: list[str], interval: float = 0.1, env: dict | None = None) -> RunResult:
    """Run ``cmd`` to completion, polling the RSS/PSS of its process tree for the peak."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    peak_rss = peak_pss = 0
    out: list[bytes] = []
    reader = threading.Thread(target=lambda: out.append(proc.stdout.read()), daemon=True)
    reader.start()
    err: list[bytes] = []
    ereader = threading.Thread(target=lambda: err.append(proc.stderr.read()), daemon=True)
    ereader.start()
    while True:
        # wait4, not poll: the child's rusage (its reaped workers included) comes with it
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            break
        rss, pss = tree_memory(proc.pid)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(interval)
    wall = time.perf_counter() - started
    reader.join()
    ereader.join()
    if proc.returncode:
        sys.stderr.write(b"".join(err).decode("utf-8", "replace")[-2000:])
    cpu = usage.ru_utime + usage.ru_stime
    return RunResult(wall, peak_rss, peak_pss, b"".join(out).decode(), proc.returncode, cpu)


def dir_size(path: Path) -> int:
    """Bytes on disk under ``path``, each file counted once even when hard-linked twice
    (incremental generations share segment files by hard links)."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for f in path.rglob("*"):
        if f.is_file():
            st = f.stat()
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                total += st.st_size
    return total


# -- reindex through the CLI -----------------------------------------------------------


@dataclass
class ReindexRun:
    seconds: float  # as reported by reindex() itself
    wall: float  # including interpreter start-up
    peak_rss: int
    peak_pss: int
    report: dict
    cpu: float = 0.0  # user + sys of the reindex's process tree


def cli_reindex(corpus: Path, index: Path, full: bool, jobs: int | None = None) -> ReindexRun:
    cmd = [
        str(VENV_BIN / "union-search"),
        "reindex",
        "--json",
        "--corpus",
        str(corpus),
        "--index",
        str(index),
    ]
    if full:
        cmd.append("--full")
    if jobs:
        cmd += ["--jobs", str(jobs)]
    r = run_with_peak(cmd)
    if r.returncode:
        raise RuntimeError(f"reindex failed ({r.returncode}): {' '.join(cmd)}")
    report = json.loads(r.stdout)
    return ReindexRun(report["seconds"], r.wall, r.peak_rss, r.peak_pss, report, r.cpu)


# -- the comparison engines' builds ----------------------------------------------------


@dataclass
class EngineBuild:
    engine: str
    jieba_s: float
    write_s: float
    seconds: float  # jieba + writer, as the build process reports it
    wall: float  # including interpreter start-up and loading the pickled texts
    peak_rss: int
    peak_pss: int
    index_bytes: int
    cpu: float = 0.0  # user + sys of the build's process tree, start-up included


def engine_build(engine: str, docs_pickle: Path, out: Path, resources: Path, jobs: int):
    """Build ``engine``'s index in a subprocess (``python -m bench.engines build``), polling
    its process tree's memory for the peak."""
    cmd = [
        sys.executable,
        "-m",
        "bench.engines",
        "build",
        engine,
        str(docs_pickle),
        str(out),
        "--resources",
        str(resources),
        "--jobs",
        str(jobs),
    ]
    from union_search.config import PROJECT_ROOT

    r = run_with_peak(cmd, env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
    if r.returncode:
        raise RuntimeError(f"{engine} build failed ({r.returncode})")
    t = json.loads(r.stdout)
    return EngineBuild(
        engine,
        t["jieba_s"],
        t["write_s"],
        t["seconds"],
        r.wall,
        r.peak_rss,
        r.peak_pss,
        dir_size(out),
        r.cpu,
    )


# -- the physical bound: jieba alone on every core ------------------------------------

_bound_texts: list[str] = []
_bound_analyzer = None


_bound_block_words = None


def _tokenize_range(bounds: tuple[int, int], remembered: bool = False) -> int:
    from indexer.analysis import normalize

    global _bound_block_words
    if remembered and _bound_block_words is None:  # one per process, as each reindex worker
        _bound_block_words = _bound_analyzer.block_words()
    words = _bound_block_words if remembered else _bound_analyzer.word_spans
    n = 0
    for text in _bound_texts[bounds[0] : bounds[1]]:
        for _ in words(normalize(text)):
            n += 1
    return n


def jieba_bound(
    docs: list[ExtractedDoc],
    resources_dir: Path,
    cache_dir: Path,
    jobs: int = 2,
    remembered: bool = False,
) -> tuple[float, int]:
    """Seconds for jieba (our word field: precise, HMM off, union dictionary) to tokenize
    every title and body on ``jobs`` processes, no index; and the number of words.

    Like reindex, the dictionary is loaded once in the parent and inherited by fork.
    ``remembered``: each process remembers each block's words, as a reindex worker does
    (``indexer.analysis.BlockWords``): the bound given the reindex's own shortcut.
    """
    from indexer.analysis import Analyzer

    global _bound_texts, _bound_analyzer
    _bound_analyzer = Analyzer.from_resources(resources_dir, cache_dir).load()
    _bound_texts = [t for d in docs for t in (d.title, d.body)]
    step = 200
    chunks = [(i, i + step) for i in range(0, len(_bound_texts), step)]
    started = time.perf_counter()
    with mp.get_context("fork").Pool(jobs) as pool:
        tokenize = functools.partial(_tokenize_range, remembered=remembered)
        words = sum(pool.imap_unordered(tokenize, chunks))
    seconds = time.perf_counter() - started
    _bound_texts = []
    return seconds, words


def units_cost(docs: list[ExtractedDoc]) -> tuple[float, int]:
    """Seconds (one process) to split every body into units (indexer/units.py, issue 12),
    and how many units there are: the part of reindex time the units cost."""
    from indexer.units import split_units

    started = time.perf_counter()
    count = sum(len(split_units(d.body)) for d in docs)
    return time.perf_counter() - started, count


# -- HTTP ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url: str, timeout: float = 30.0) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        return resp.read()


class Server:
    """A real ``union-search serve`` subprocess on 127.0.0.1; always stopped on exit."""

    def __init__(self, index_dir: Path, workers: int | None = None, threads: int | None = None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        cmd = [
            str(VENV_BIN / "union-search"),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--index",
            str(index_dir),
        ]
        if workers:
            cmd += ["--workers", str(workers)]
        if threads:
            cmd += ["--threads", str(threads)]
        self.log = open(index_dir.parent / f"serve-{self.port}.log", "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(
            cmd, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def __enter__(self) -> Server:
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def wait_ready(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"server exited with {self.proc.returncode}; see {self.log.name}"
                )
            try:
                http_get(f"{self.base}/api/search?q=", timeout=30)
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                time.sleep(0.2)
        raise RuntimeError(f"server not ready after {timeout:.0f}s; see {self.log.name}")

    def memory(self) -> tuple[int, int]:
        return tree_memory(self.proc.pid)

    def memory_breakdown(self) -> list[tuple[int, str, int, int]]:
        return tree_breakdown(self.proc.pid)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # gunicorn stops its workers
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)  # our own session only
                self.proc.wait()
        self.log.close()


@dataclass
class Throughput:
    clients: int
    requests: int
    errors: int
    seconds: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def load_test(
    urls: list[str], clients: int = 8, max_requests: int = 2000, max_seconds: float = 30.0
) -> Throughput:
    """``clients`` threads issuing GETs round-robin over ``urls`` until either bound."""
    lock = threading.Lock()
    state = {"next": 0, "done": 0, "errors": 0}
    deadline = time.monotonic() + max_seconds

    def client() -> None:
        while time.monotonic() < deadline:
            with lock:
                i = state["next"]
                if i >= max_requests:
                    return
                state["next"] = i + 1
            try:
                http_get(urls[i % len(urls)])
                ok = True
            except (urllib.error.URLError, OSError):
                ok = False
            with lock:
                state["done" if ok else "errors"] += 1

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Throughput(clients, state["done"], state["errors"], time.perf_counter() - started)
