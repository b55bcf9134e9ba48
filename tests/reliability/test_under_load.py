"""Reindex under load: a real server keeps answering, completely and consistently, while
full reindexes replace the index under it.

Every response during two `union-search reindex --full` runs must be a 200 whose body is
exactly the answer of one published index (the old one or a new one; never a mix, never
an error), and the answers a sequential client sees never go back to an older index.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pytest

from search import SearchRequest, open_searcher
from tests.conftest import CORPUS_DOCS, make_config
from tests.openapi_schema import schema_validator
from tests.reliability.conftest import cli_env, request, running_server
from tests.reliability.reindex_driver import ANNOUNCE
from tests.reports import HARBIN_REPORT
from union_search.config import PROJECT_ROOT

UNIQUE = "鲲鹏互助驿站"  # three words that occur together in no shipped document
# Quoted, so that "no document yet" stays 0: an unquoted query that finds nothing is relaxed.
UNIQUE_Q = f'"{UNIQUE}"'
EDITED = HARBIN_REPORT
# The stage at which the reindex is held while the load runs: written, not yet published.
HOLD_AT = "committed"
ADDED = "hrbgh/zz-added-under-load.txt"


def answer(body: dict) -> str:
    """A response body without its timing: what must equal one index's answer."""
    return json.dumps(
        {k: v for k, v in body.items() if k != "took_ms"}, ensure_ascii=False, sort_keys=True
    )


def fetch(base: str, path: str) -> dict:
    status, headers, data = request(base, "GET", path, timeout=30)
    assert status == 200, (path, status, data[:300])
    return json.loads(data)


def build_queries(base: str) -> tuple[list[str], str]:
    facets = fetch(base, "/api/search?q=" + "工会")["facets"]
    district = facets["district"][0]["value"]
    topic = facets["topic"][0]["value"]
    doc_type = facets["doc_type"][0]["value"]
    year = facets["year"][0]["value"]
    params = [
        {"q": "工会"},
        {"q": "工会", "district": district},
        {"q": "工会", "district": district, "year": year, "sort": "newest"},
        {"q": "工资集体协商", "per_page": 20},
        {"q": '"集体合同"'},
        {"q": "职工 OR 劳动", "doc_type": doc_type},
        {"q": "职工", "topic": topic, "page": 2},
        {"q": UNIQUE_Q},
        {},  # browse, newest first
        {"q": "女职工 -工资"},
    ]
    return ["/api/search?" + urlencode(p) for p in params], district


def snapshot(base: str, queries: list[str]) -> dict[str, str]:
    return {q: answer(fetch(base, q)) for q in queries}


class Client(threading.Thread):
    """Sends the queries round and round until stopped; records everything it got."""

    def __init__(self, base: str, queries: list[str], spec: dict):
        super().__init__(daemon=True)
        self.base, self.queries = base, queries
        self.validator = schema_validator(spec, "SearchResponse")
        self.stop = threading.Event()
        self.seen: list[tuple[float, str, str]] = []  # (time, query, answer)
        self.failures: list[str] = []

    def run(self) -> None:
        while not self.stop.is_set():
            for q in self.queries:
                try:
                    status, headers, data = request(self.base, "GET", q, timeout=30)
                except OSError as e:
                    self.failures.append(f"{q}: {e!r}")
                    continue
                if status != 200 or headers.get("content-type") != "application/json":
                    self.failures.append(f"{q}: {status} {data[:200]!r}")
                    continue
                try:
                    body = json.loads(data)
                except ValueError as e:
                    self.failures.append(f"{q}: incomplete body: {e}")
                    continue
                if errors := [e.message for e in self.validator.iter_errors(body)]:
                    self.failures.append(f"{q}: invalid body: {errors[:3]}")
                    continue
                self.seen.append((time.monotonic(), q, answer(body)))


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 240) -> None:
    """Poll until ``condition`` holds; the timeout only turns a hang into a failure."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def reindex_under_load(
    client: Client, base: str, corpus: Path, index: Path, old: dict[str, str]
) -> dict[str, str]:
    """A full reindex while ``client`` queries; returns the new published answers.

    Waits for events, not for time. The reindex is held once its generation is written
    and committed but not yet published, until the load has answered every query from
    the old index meanwhile; so the load really overlaps the replacement however fast
    the reindex gets. Then it goes on, and the load must come to see the new index's
    answer to every query.
    """
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.reindex_driver", HOLD_AT, "--full", "--resume"],
        cwd=PROJECT_ROOT,
        env=cli_env(
            UNION_SEARCH_CORPUS=str(corpus),
            UNION_SEARCH_INDEX=str(index),
            UNION_SEARCH_REINDEX_JOBS="2",
        ),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for line in proc.stderr:
            if line == f"{ANNOUNCE}{HOLD_AT}\n":
                break
        else:
            pytest.fail(f"reindex ended before reaching {HOLD_AT}: rc={proc.wait()}")
        mark = len(client.seen)

        def answered_everything_since_hold() -> bool:
            return {q for _, q, _ in client.seen[mark:]} == set(client.queries)

        wait_for(answered_everything_since_hold, "the load to answer every query while held")
        proc.stdin.write("go\n")
        proc.stdin.close()
        rest = proc.stderr.read()
        assert proc.wait(timeout=240) == 0, rest
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    new = snapshot(base, client.queries)
    assert new != old

    def seen_new_everywhere() -> bool:
        got = {(q, a) for _, q, a in client.seen[mark:]}
        return all((q, a) in got for q, a in new.items())

    wait_for(seen_new_everywhere, "the load to see the new index on every query")
    during = client.seen[mark:]
    first_new = next(i for i, (_, q, a) in enumerate(during) if a == new[q] != old[q])
    before = {q for _, q, a in during[:first_new] if a == old[q]}
    assert before == set(client.queries), "the old index did not answer while the reindex ran"
    return new


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_full_reindex_under_load_serves_old_or_new_never_a_mix(shipped_index, openapi, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DOCS, corpus)
    index = tmp_path / "index"
    # The shipped index is exactly this corpus, built already: start from a copy of it.
    shutil.copytree(shipped_index.index_dir, index, ignore=shutil.ignore_patterns("reindex.lock"))

    with running_server(index, tmp_path / "serve.log", workers=2, threads=2) as base:
        queries, district = build_queries(base)
        states = [snapshot(base, queries)]

        client = Client(base, queries, openapi)
        client.start()
        try:
            wait_for(
                lambda: {q for _, q, _ in client.seen} == set(queries),
                "the load to answer every query once",
            )
            # Change 1: a new document and an edited one, then a full rebuild.
            (corpus / ADDED).write_text(
                f"title: {UNIQUE}揭牌 工会为职工办实事\ndate: 2024-05-01\n"
                f"district: {district}\n\n{district}总工会{UNIQUE}正式揭牌，工会为户外劳动者、"
                "新就业形态劳动者提供休息、饮水、充电服务。\n工会干部表示，驿站将常年开放。\n",
                "utf-8",
            )
            text = (corpus / EDITED).read_text("utf-8")
            anchor = "各位委员、同志们:"
            news = f"\n市总工会{UNIQUE}已建成，工资集体协商要约行动同步开展。"
            edited = text.replace(anchor, anchor + news, 1)
            assert edited != text
            (corpus / EDITED).write_text(edited, "utf-8")
            states.append(reindex_under_load(client, base, corpus, index, states[-1]))
            # Change 2: a document removed, then another full rebuild.
            (corpus / EDITED).unlink()
            states.append(reindex_under_load(client, base, corpus, index, states[-1]))
        finally:
            client.stop.set()
            client.join(timeout=60)
        assert not client.is_alive()

        # The server still answers after the generation it first opened was deleted.
        assert fetch(base, queries[0])["total"] > 0
        log = (tmp_path / "serve.log").read_text("utf-8", "replace")

    assert client.failures == [], client.failures[:10]
    # The changes really changed answers, so "old or new" means something.
    unique_q = "/api/search?" + urlencode({"q": UNIQUE_Q})
    totals = [json.loads(s[unique_q])["total"] for s in states]
    assert totals == [0, 2, 1], totals
    assert states[0][queries[0]] != states[1][queries[0]] != states[2][queries[0]]
    level = {q: 0 for q in queries}
    for _, q, got in client.seen:
        matching = [i for i, s in enumerate(states) if s[q] == got]
        assert matching, f"{q}: an answer that is no published index's (a mix?): {got[:300]}"
        # A sequential client never goes back to an older index.
        later = [i for i in matching if i >= level[q]]
        assert later, f"{q}: went back to an older index after state {level[q]}"
        level[q] = min(later)
    assert "Traceback" not in log, log[-3000:]


def test_searcher_survives_its_generation_being_superseded_twice(small_corpus, tmp_path):
    """A long-lived Searcher (as in a server worker) whose generation is deleted under it
    switches to the new one on its next call, in every thread."""
    from indexer.build import reindex

    config = make_config(tmp_path, small_corpus)
    reindex(config)
    with open_searcher(config) as searcher:
        before = searcher.search(SearchRequest(q="工会"))
        assert before.total > 0
        first_gen = searcher.stats().generation
        # One long-lived thread, so its thread-local Whoosh searcher is on the old generation.
        pool = ThreadPoolExecutor(max_workers=1)
        assert pool.submit(searcher.search, SearchRequest(q="工会")).result(30).total > 0

        victim = sorted(p for p in small_corpus.rglob("*.txt"))[0]
        victim.unlink()
        reindex(config, full=True)
        extra = small_corpus / "hrbgh" / "added.txt"
        extra.write_text(f"title: {UNIQUE}\ndate: 2024-05-01\n\n工会{UNIQUE}正式揭牌。\n", "utf-8")
        reindex(config, full=True)
        assert not (config.index_dir / first_gen).exists()  # really superseded twice

        after = searcher.search(SearchRequest(q=UNIQUE))
        assert after.total == 1
        assert searcher.stats().generation != first_gen
        assert searcher.document(victim.relative_to(small_corpus).as_posix()) is None
        try:
            again = pool.submit(searcher.search, SearchRequest(q=UNIQUE)).result(30)
        finally:
            pool.shutdown()
        assert again.total == 1
