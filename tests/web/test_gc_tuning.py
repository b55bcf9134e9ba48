"""A worker freezes the served generation's long-lived objects out of the cyclic gc's
scans once it is loaded, and again after the generation changes
(union_search/gc_tuning.py); gunicorn's worker does it after loading the app
(union_search/server.py). Checked with the public gc API and a real server."""

from __future__ import annotations

import gc
import shutil
import time

import pytest

from search import SearchRequest, open_searcher
from tests.conftest import CORPUS_DOCS, index_of_docs
from tests.laws import CONTRACT_LAW, LABOUR_LAW
from tests.serving import running_server
from union_search.gc_tuning import YOUNG_THRESHOLD, GenerationFreezer, tune_thresholds


def tracked(obj) -> bool:
    """Whether the collector still scans ``obj`` (frozen objects are in no generation)."""
    return any(o is obj for o in gc.get_objects())


@pytest.fixture
def unfreeze_after():
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()  # the rest of the test session is scanned as before
    gc.set_threshold(*threshold)


def test_long_lived_objects_are_frozen_once_loaded_and_again_after_a_reindex(
    tmp_path, unfreeze_after
):
    from indexer.build import reindex

    config = index_of_docs(tmp_path, [CONTRACT_LAW])
    froze: list[tuple[int, str | None]] = []
    with open_searcher(config) as searcher:
        freezer = GenerationFreezer(searcher, lambda n, token: froze.append((n, token)))
        freezer.freeze_when_loaded().join(timeout=120)
        assert freezer.frozen.is_set()
        first = searcher.store.current_token()
        # (objects freed by reference counting since leave the frozen set)
        assert [t for _, t in froze] == [first] and froze[0][0] >= gc.get_freeze_count() > 0
        assert not tracked(searcher) and not tracked(searcher.compiler)
        assert searcher.wait_preloaded(0)  # frozen after the generation's preload
        assert not freezer.refreeze_if_changed()  # same generation: nothing to do

        # A new generation: once it is served and preloaded, the next idle spell
        # freezes again (and what was frozen of the old one is collectable again).
        shutil.copy2(CORPUS_DOCS / LABOUR_LAW, config.corpus_dir / "labour.txt")
        reindex(config)
        second = searcher.store.current_token()
        assert second != first
        assert searcher.search(SearchRequest(q="劳动")).total > 0  # serves the new one
        assert searcher.wait_preloaded(120)
        made_after = [searcher, first]  # a container made after the first freeze
        assert tracked(made_after)
        assert freezer.refreeze_if_changed()
        assert freezer.frozen_token == second and [t for _, t in froze] == [first, second]
        assert not tracked(made_after)
        assert not freezer.refreeze_if_changed()


def test_young_collections_are_rarer_and_the_older_ratios_unchanged(unfreeze_after):
    _, older, oldest = gc.get_threshold()
    tune_thresholds()
    assert gc.get_threshold() == (YOUNG_THRESHOLD, older, oldest)


def test_a_server_worker_freezes_after_loading_the_index(shipped_index, tmp_path):
    log = tmp_path / "serve.log"
    with running_server(shipped_index.index_dir, log, workers=1, threads=2):
        deadline = time.monotonic() + 120
        while "long-lived objects frozen" not in log.read_text("utf-8", "replace"):
            assert time.monotonic() < deadline, log.read_text("utf-8", "replace")[-2000:]
            time.sleep(0.2)
    line = next(x for x in log.read_text("utf-8").splitlines() if "long-lived" in x)
    count = int(line.split("gc: ")[1].split()[0])
    assert count > 10_000  # the app, Whoosh's readers, the derived tables
    assert shipped_index.index_dir.joinpath("CURRENT").read_text().strip() in line
