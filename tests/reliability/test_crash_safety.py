"""SIGKILL a real reindex at each stage: the previous index keeps serving identical
answers, and the next reindex recovers by itself.

The reindex runs in ``tests/reliability/reindex_driver.py``, which announces each stage
from the reindex's own hooks and waits there, so the kill lands at that stage."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys

import pytest

from indexer.build import ReindexHooks
from indexer.store import IndexStore
from search import SearchRequest, open_searcher
from tests.conftest import CORPUS_DOCS, make_config
from tests.reliability.conftest import run_cli
from tests.reliability.reindex_driver import ANNOUNCE
from union_search.config import PROJECT_ROOT

STAGES = ["scanning", "tokenized", "committed", "published-dir"]

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
        "UNION_SEARCH_RESOURCES": str(config.resources_dir),
    }
    done = run_cli("reindex", env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    return config, env


@pytest.mark.slow
@pytest.mark.parametrize("stage", STAGES)
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
            [sys.executable, "-m", "tests.reliability.reindex_driver", stage, "--full"],
            env=env,
            stdin=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=PROJECT_ROOT,
        )
        for line in proc.stderr:
            if line == f"{ANNOUNCE}{stage}\n":
                break
        else:
            pytest.fail(f"reindex ended before reaching {stage}: rc={proc.wait()}")
        assert proc.poll() is None  # waiting at the stage
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdin.close()
        proc.stderr.close()

        assert store.current().name == before_gen
        assert answers(config) == before

        # No manual cleanup: the next reindex removes the leftovers and succeeds.
        recovered = run_cli("reindex", env=env, timeout=300)
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
        assert run_cli("reindex", env=env, timeout=300).returncode == 0
    # Back to the original corpus: the same documents match (scores may differ slightly,
    # since an incremental update keeps deleted documents in BM25's length statistics).
    after = answers(config)
    assert {q: (a[0], sorted(h for h, _ in a[1])) for q, a in after.items()} == {
        q: (b[0], sorted(h for h, _ in b[1])) for q, b in before.items()
    }


def test_every_stage_is_announced_in_order(served, tmp_path):
    """The stages the crash test kills at are the ones a reindex passes, in this order."""
    config, _env = served
    from indexer.build import reindex

    class Record(ReindexHooks):
        def __init__(self):
            self.stages: list[str] = []

        def stage(self, name: str) -> None:
            self.stages.append(name)

    settings = make_config(tmp_path, config.corpus_dir)
    record = Record()
    reindex(settings, full=True, hooks=record)
    assert record.stages == STAGES
