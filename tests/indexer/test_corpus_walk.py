"""Folders linked into the corpus are indexed, once each, and a link loop cannot hang."""

from __future__ import annotations

import shutil

from indexer.build import reindex
from indexer.corpus_walk import document_ids
from search import SearchRequest, open_searcher
from tests.conftest import make_config


def test_linked_folders_are_indexed_once_and_loops_end(tmp_path, small_corpus):
    # A folder kept outside the corpus, linked in twice; one link points back up the tree.
    elsewhere = tmp_path / "elsewhere" / "reports"
    shutil.move(small_corpus / "hrbgh", elsewhere)
    (small_corpus / "hrbgh").symlink_to(elsewhere, target_is_directory=True)
    (small_corpus / "hrbgh-again").symlink_to(elsewhere, target_is_directory=True)
    (elsewhere / "up").symlink_to(small_corpus, target_is_directory=True)
    (elsewhere / "notes.txt.meta").write_text("title: 不是文档\n", "utf-8")

    linked = sorted(p.name for p in elsewhere.iterdir() if p.is_file() and p.suffix != ".meta")
    walked = document_ids(small_corpus)
    assert [w for w in walked if w.startswith("hrbgh/")] == [f"hrbgh/{n}" for n in linked]
    assert not [w for w in walked if w.startswith(("hrbgh-again/", "hrbgh/up/"))]
    assert len(walked) == len(set(walked)) and linked

    config = make_config(tmp_path, small_corpus)
    report = reindex(config, full=True)
    assert not report.rejected
    with open_searcher(config) as s:
        ids = {h.id for h in s.search(SearchRequest(q="哈尔滨市总工会", per_page=100)).hits}
    assert {f"hrbgh/{n}" for n in linked} <= ids
