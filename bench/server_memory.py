"""What a running ``union-search serve`` holds, per process, after a realistic query mix.

    python -m bench.server_memory --index DIR --corpus DIR [--workers N] [--threads N]

Starts a real server on loopback over an existing index, times the first request that
needs the vocabulary (did-you-mean / pinyin / completions), sends the bench's kind of
queries (text queries with filters, browse, completions, pinyin, trends) drawn from a
sample of ``--corpus``, then prints each process's anonymous and file-backed resident
memory (/proc/PID/status) and PSS, and the latency of the same queries from one and
from two concurrent clients. Not part of ``make bench``: a tool for the server's memory.
"""

from __future__ import annotations

import argparse
import random
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from bench import data, measure
from bench.queries import make_browse, make_queries
from bench.suggest_prefixes import suggest_prefixes, suggest_url
from union_search.config import PROJECT_ROOT

RESOURCES = PROJECT_ROOT / "corpus"
SAMPLE_DOCS = 1500
MAPS_SHOWN = 4  # largest file mappings printed per process
# Typed in pinyin: full syllables, spaced syllables and initials (the vocabulary's maps).
PINYIN_QUERIES = ("gonghui", "laodong hetong", "ghjf", "jiti xieshang", "zhigong", "ldht")


@dataclass
class ProcMemory:
    pid: int
    comm: str
    rss_anon: int
    rss_file: int
    rss_shmem: int
    pss: int
    pss_anon: int
    pss_file: int

    @property
    def rss(self) -> int:
        return self.rss_anon + self.rss_file + self.rss_shmem


def proc_memory(pid: int) -> ProcMemory | None:
    """Resident memory of one process, in bytes; None if it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            status = {k: v.split() for k, _, v in (ln.partition(":") for ln in f)}
        with open(f"/proc/{pid}/smaps_rollup") as f:
            rollup = {k: v.split() for k, _, v in (ln.partition(":") for ln in f)}
    except OSError:
        return None

    def kb(table: dict, key: str) -> int:
        return int(table[key][0]) * 1024 if key in table else 0

    return ProcMemory(
        pid,
        status["Name"][0],
        kb(status, "RssAnon"),
        kb(status, "RssFile"),
        kb(status, "RssShmem"),
        kb(rollup, "Pss"),
        kb(rollup, "Pss_Anon"),
        kb(rollup, "Pss_File"),
    )


def top_file_maps(pid: int) -> list[tuple[str, int]]:
    """(mapped file, resident KiB) of one process, largest first (summed per file)."""
    per_file: dict[str, int] = {}
    path = None
    try:
        with open(f"/proc/{pid}/smaps") as f:
            for ln in f:
                head = ln.split()
                if not head:
                    continue
                if not head[0].endswith(":") or "-" in head[0]:
                    path = head[5] if len(head) > 5 else None
                elif head[0] == "Rss:" and path and path.startswith("/"):
                    per_file[path] = per_file.get(path, 0) + int(head[1])
    except OSError:
        return []
    return sorted(per_file.items(), key=lambda kv: -kv[1])


def sample_queries(corpus: Path, seed: int = 5):
    """Text queries, browse requests and completion prefixes from a sample of ``corpus``."""
    from indexer.analysis import Analyzer
    from indexer.resources import load_resources

    data._extract_root, data._extract_resources = corpus, load_resources(RESOURCES)
    paths = sorted(corpus.rglob("*.txt"))
    random.Random(seed).shuffle(paths)
    docs = [d for d in (data._extract_one(p) for p in paths[:SAMPLE_DOCS]) if d]
    analyzer = Analyzer.from_resources(RESOURCES, corpus.parent / "jieba-cache").load()
    queries = make_queries(docs, 120, analyzer)
    return queries, make_browse(docs, 40), suggest_prefixes(queries, 480)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def run(index: Path, corpus: Path, workers: int | None, threads: int | None) -> None:
    queries, browse, prefixes = sample_queries(corpus)
    with measure.Server(index, workers, threads) as srv:
        base = srv.base
        search = f"{base}/api/search?"
        # The server answered a browse request (wait_ready); now the first requests that
        # need the vocabulary, each on whichever worker takes it.
        t0 = time.perf_counter()
        measure.http_get(search + urlencode([("q", "gonghui")]))
        print(f"first pinyin query after ready: {_ms(time.perf_counter() - t0)}")
        t0 = time.perf_counter()
        measure.http_get(suggest_url(base, "工会"))
        print(f"first completion after ready: {_ms(time.perf_counter() - t0)}")
        urls = [search + q.params() for q in [*queries, *browse]]
        urls += [suggest_url(base, p) for p in prefixes]
        urls += [search + urlencode([("q", p)]) for p in PINYIN_QUERIES]
        urls += [f"{base}/api/trends?" + urlencode([("q", q.q)]) for q in queries[:30]]
        # Every worker sees every kind of request (several clients, so both are busy).
        measure.load_test(urls, clients=4, max_requests=2 * len(urls), max_seconds=600)
        total = 0
        print("pid      name             RssAnon  RssFile  RSS      PSS      PssAnon  PssFile")
        for pid in measure.process_tree(srv.proc.pid):
            m = proc_memory(pid)
            if m is None:
                continue
            total += m.rss
            print(
                f"{m.pid:<8} {m.comm:<16} "
                + " ".join(
                    f"{v / 2**20:6.0f}MB"
                    for v in (m.rss_anon, m.rss_file, m.rss, m.pss, m.pss_anon, m.pss_file)
                )
            )
            for path, kb in top_file_maps(pid)[:MAPS_SHOWN]:
                print(f"           {kb / 1024:6.0f}MB  {path}")
        rss, pss = srv.memory()
        print(f"tree: RSS {rss / 2**20:.0f} MB, PSS {pss / 2**20:.0f} MB")
        texts = [search + q.params() for q in queries]
        for clients in (1, 2):
            lat = _latency(texts, clients)
            print(
                f"{clients} client(s): {len(lat)} text queries, p50 {lat[len(lat) // 2]:.1f} ms, "
                f"p95 {measure.percentile(lat, 95):.1f} ms"
            )


def _latency(urls: list[str], clients: int) -> list[float]:
    """Per-request milliseconds, ``clients`` threads each sending every url in turn."""
    out: list[float] = []
    lock = threading.Lock()

    def client(offset: int) -> None:
        for i in range(len(urls)):
            url = urls[(i + offset) % len(urls)]
            t0 = time.perf_counter()
            measure.http_get(url)
            ms = (time.perf_counter() - t0) * 1000
            with lock:
                out.append(ms)

    ts = [threading.Thread(target=client, args=(k * len(urls) // clients,)) for k in range(clients)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return sorted(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--index", type=Path, required=True)
    p.add_argument("--corpus", type=Path, required=True, help="the indexed corpus (queries)")
    p.add_argument("--workers", type=int)
    p.add_argument("--threads", type=int)
    args = p.parse_args(argv)
    run(args.index, args.corpus, args.workers, args.threads)
    return 0


if __name__ == "__main__":
    sys.exit(main())
