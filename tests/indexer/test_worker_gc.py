"""Indexing workers freeze what they have built every ``FREEZE_EVERY`` documents (out of
the cyclic gc): the index they write is the same."""

from __future__ import annotations

import indexer.build as build
from indexer.build import PARALLEL_MIN, reindex
from search import SearchRequest, open_searcher
from tests.conftest import CORPUS_DOCS, copy_docs, make_config

QUERIES = ["工会", "劳动合同", "职工代表大会", "2013", "第一条"]


def _found(config) -> dict[str, tuple[int, frozenset[str]]]:
    with open_searcher(config) as s:
        found = {}
        for q in QUERIES:
            result = s.search(SearchRequest(q=q, per_page=100))
            found[q] = (result.total, frozenset(h.id for h in result.hits))
        return found


def test_freezing_every_document_writes_the_same_index(tmp_path, monkeypatch):
    files = sorted(p for p in CORPUS_DOCS.rglob("*") if p.is_file() and p.suffix != ".meta")
    files = files[: 2 * PARALLEL_MIN]
    corpus = copy_docs(tmp_path / "corpus", [str(p.relative_to(CORPUS_DOCS)) for p in files])
    plain = make_config(tmp_path / "plain", corpus, reindex_jobs=2)
    frozen = make_config(tmp_path / "frozen", corpus, reindex_jobs=2)
    first = reindex(plain)
    monkeypatch.setattr(build, "FREEZE_EVERY", 1)  # forked workers inherit it
    second = reindex(frozen)
    assert first.documents == second.documents >= PARALLEL_MIN  # written by workers
    assert sorted(first.added) == sorted(second.added) and not second.rejected
    assert _found(plain) == _found(frozen)
    assert any(total for total, _ in _found(frozen).values())
