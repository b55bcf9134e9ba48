"""A finished reindex leaves the served generation and the one it replaced, nothing else."""

from __future__ import annotations

import os

from whoosh import index as whoosh_index

from indexer.build import reindex
from indexer.store import Generation, IndexStore
from search import SearchRequest, open_searcher
from tests.conftest import make_config

# What the index folder holds besides generations (see indexer/store.py).
HOUSEKEEPING = {"CURRENT", "reindex.lock", "cache"}


def _entries(config) -> set[str]:
    return {p.name for p in config.index_dir.iterdir()}


def _files(path) -> dict[str, int]:
    return {f.name: f.stat().st_ino for f in path.iterdir() if f.is_file()}


def test_reindexes_keep_the_served_generation_and_one_to_roll_back_to(tmp_path, small_corpus):
    config = make_config(tmp_path, small_corpus)
    first = reindex(config, full=True)
    second = reindex(config, full=True)
    assert _entries(config) == HOUSEKEEPING | {first.generation, second.generation}

    added = small_corpus / "hrbgh" / "revision-notice.txt"
    added.write_text(
        "关于修订工会经费管理办法的通知\n\n本文件已修订，自发布之日起施行。\n", "utf-8"
    )
    third = reindex(config)
    assert not third.full and third.added == ["hrbgh/revision-notice.txt"]
    # The first generation is pruned; the one just replaced stays for rollback.
    assert _entries(config) == HOUSEKEEPING | {second.generation, third.generation}
    assert IndexStore(config.index_dir).current().name == third.generation

    # The incremental generation shares the unchanged segment files by hard links.
    old, new = config.index_dir / second.generation, config.index_dir / third.generation
    shared = {n for n, ino in _files(new).items() if _files(old).get(n) == ino}
    assert any(n.endswith(".pst") for n in shared)
    assert all(os.stat(new / n).st_nlink == 2 for n in shared)

    # The rollback generation is a complete index of what it served.
    meta = Generation(old).meta()
    rollback = whoosh_index.open_dir(str(old))
    with rollback.reader() as reader:
        assert reader.doc_count() == second.documents == len(meta["documents"])
    with open_searcher(config) as searcher:
        hits = searcher.search(SearchRequest(q='"本文件已修订"')).hits
        assert [h.id for h in hits] == ["hrbgh/revision-notice.txt"]


def test_an_unchanged_incremental_reindex_publishes_nothing(tmp_path, small_corpus):
    config = make_config(tmp_path, small_corpus)
    first = reindex(config, full=True)
    again = reindex(config)
    assert not again.changed_anything and again.generation == first.generation
    assert _entries(config) == HOUSEKEEPING | {first.generation}
