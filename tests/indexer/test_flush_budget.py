"""A reindex's memory is bounded by a flush budget; the index it writes does not depend on it.

The shipped corpus is indexed twice by real reindexes in two worker processes: once with a
budget far above what the corpus needs (every posting held until one flush at the end) and
once with a 1 MiB budget (each writer spills many sorted runs to disk and merges them).
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from whoosh import index as whoosh_index

from indexer.build import _split_by_size, reindex, scan_corpus
from indexer.store import IndexStore
from search import SearchRequest, open_searcher
from tests.conftest import CORPUS_DOCS, make_config

pytestmark = pytest.mark.slow

QUERIES = [
    "工会",
    "工资集体协商",
    '"职工代表大会"',
    "劳动合同 解除",
    "哈尔滨 工会 2013年",
    "title:工会法",
    "农民工 OR 新就业形态",
    "安全生产 -煤矿",
    "",
]


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    out = {}
    for name, flush_mb in (("one_flush", 4096), ("tiny_budget", 1)):
        config = make_config(
            tmp_path_factory.mktemp(name), CORPUS_DOCS, flush_mb=flush_mb, reindex_jobs=2
        )
        out[name] = (config, reindex(config, full=True))
    return out


def _index_content(config) -> tuple[dict, dict]:
    """Every posting (by document id, not docnum) and every stored document."""
    generation = IndexStore(config.index_dir).current()
    ix = whoosh_index.open_dir(str(generation.path))
    with ix.reader() as reader:
        ids = {docnum: stored["id"] for docnum, stored in reader.iter_docs()}
        stored = {stored["id"]: stored for _, stored in reader.iter_docs()}
        postings: dict = defaultdict(dict)
        for fieldname, text in reader.all_terms():
            m = reader.postings(fieldname, text)
            while m.is_active():
                postings[(fieldname, text)][ids[m.id()]] = (m.weight(), m.value())
                m.next()
    return dict(postings), stored


def test_the_budgets_really_differ(two_builds):
    _, big = two_builds["one_flush"]
    _, tiny = two_builds["tiny_budget"]
    assert big.flush_runs == 0
    assert tiny.flush_runs > 2 * 2  # several runs in each of the two workers
    assert big.documents == tiny.documents > 0


def test_a_tiny_flush_budget_writes_the_same_index(two_builds):
    postings_big, stored_big = _index_content(two_builds["one_flush"][0])
    postings_tiny, stored_tiny = _index_content(two_builds["tiny_budget"][0])
    assert stored_tiny == stored_big
    assert postings_tiny.keys() == postings_big.keys()
    assert postings_tiny == postings_big


@pytest.mark.parametrize("q", QUERIES)
def test_a_tiny_flush_budget_gives_the_same_search_results(two_builds, q):
    results = []
    for name in ("one_flush", "tiny_budget"):
        with open_searcher(two_builds[name][0]) as searcher:
            r = searcher.search(SearchRequest(q=q, per_page=100))
            results.append(
                (
                    r.total,
                    {h.id: (round(h.score, 6), h.snippet_html) for h in r.hits},
                    r.facets,
                )
            )
    big, tiny = results
    assert tiny[0] == big[0] > 0
    assert tiny[2] == big[2]
    if big[0] <= 100:  # the whole result: no cut between equal scores on the page
        assert tiny[1] == big[1]


def test_documents_are_numbered_in_the_workers_order(two_builds):
    """The workers' segments are committed in the workers' order, not the order they
    finish in: document numbers break ties between equal scores, so two builds of the
    same corpus must number documents alike."""
    numbered = []
    for config, _ in two_builds.values():
        sources, _ = scan_corpus(config.corpus_dir, config.max_file_bytes)
        worker_of = {s.id: i for i, part in enumerate(_split_by_size(sources, 2)) for s in part}
        generation = IndexStore(config.index_dir).current()
        ix = whoosh_index.open_dir(str(generation.path))
        with ix.reader() as reader:
            worker_of_doc = {}
            for file_id in reader.field_terms("file"):
                for docnum in reader.postings("file", file_id).all_ids():
                    worker_of_doc[docnum] = worker_of[file_id]
            ids = [stored["id"] for _, stored in reader.iter_docs()]
        order = [worker_of_doc[n] for n in sorted(worker_of_doc)]
        assert set(order) == {0, 1}  # both workers wrote documents
        assert order == sorted(order)
        numbered.append(ids)
    assert numbered[0] == numbered[1]
