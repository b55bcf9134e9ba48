"""SIGKILL a real reindex at each stage: the previous index keeps serving identical
answers, and the next reindex recovers by itself."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from indexer.store import IndexStore
from search import SearchRequest, open_searcher
from tests.conftest import CORPUS_DOCS, make_config
from union_search.config import PROJECT_ROOT

QUERIES = ["工资集体协商", "工会", '"集体合同"', "2013年", "职工 -国务院", ""]


def answers(config) -> dict:
    with open_searcher(config) as s:
        out = {}
        for q in QUERIES:
            r = s.search(SearchRequest(q=q, per_page=20))
            out[q] = (
                r.total,
                [(h.id, h.snippet_html) for h in r.hits],
                {f: [(c.value, c.count) for c in v] for f, v in r.facets.items()},
            )
        return out


def run_cli(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "union_search.cli", "reindex", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=PROJECT_ROOT,
        **kwargs,
    )


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("crash")
    corpus = tmp / "corpus"
    shutil.copytree(CORPUS_DOCS / "laws", corpus / "laws")
    shutil.copytree(CORPUS_DOCS / "hrbgh", corpus / "hrbgh")
    config = make_config(tmp, corpus)
    env = {
        **os.environ,
        "UNION_SEARCH_INDEX": str(config.index_dir),
        "UNION_SEARCH_CORPUS": str(corpus),
    }
    done = run_cli(env)
    assert done.returncode == 0, done.stderr
    return config, env


@pytest.mark.slow
@pytest.mark.parametrize("stage", ["scanning", "tokenized", "committed", "published-dir"])
def test_kill_at_each_stage_leaves_previous_index_serving(served, stage):
    config, env = served
    store = IndexStore(config.index_dir)
    before_gen = store.current().name
    before = answers(config)

    # Change the corpus so that a completed reindex would change answers.
    extra = config.corpus_dir / "hrbgh" / "extra.txt"
    extra.write_text(
        "title: 阿城区总工会工资集体协商推进会\ndate: 2024-04-01\n\n"
        "阿城区总工会召开工资集体协商推进会，职工代表参加。\n",
        "utf-8",
    )
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "union_search.cli", "reindex", "--full"],
            env={**env, "UNION_SEARCH_PAUSE_AT": stage},
            stderr=subprocess.PIPE,
            text=True,
            cwd=PROJECT_ROOT,
        )
        if stage == "scanning":
            time.sleep(0.3)  # somewhere in start-up and scanning
        else:
            deadline = time.monotonic() + 240
            for line in proc.stderr:
                if line.startswith(f"pause-point: {stage}"):
                    break
                assert time.monotonic() < deadline
            else:
                pytest.fail(f"reindex ended before reaching {stage}: rc={proc.wait()}")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)

        assert store.current().name == before_gen
        assert answers(config) == before

        # No manual cleanup: the next reindex removes the leftovers and succeeds.
        recovered = run_cli(env)
        assert recovered.returncode == 0, recovered.stderr
        leftovers = [
            p.name
            for p in config.index_dir.iterdir()
            if p.name.endswith(".building") or p.name.endswith(".tmp")
        ]
        assert leftovers == []
        with open_searcher(config) as s:
            assert [h.id for h in s.search(SearchRequest(q="阿城区总工会工资集体协商推进会")).hits][
                :1
            ] == ["hrbgh/extra.txt"]
    finally:
        extra.unlink(missing_ok=True)
        assert run_cli(env).returncode == 0
    # Back to the original corpus: the same documents match (scores may differ slightly,
    # since an incremental update keeps deleted documents in BM25's length statistics).
    after = answers(config)
    assert {q: (a[0], sorted(h for h, _ in a[1])) for q, a in after.items()} == {
        q: (b[0], sorted(h for h, _ in b[1])) for q, b in before.items()
    }
