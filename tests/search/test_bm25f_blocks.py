"""BM25F decodes only the posting blocks that hold a tier's documents (``search/ranking.py``
with ``indexer.whoosh_adapter.weights_of``). For every tier the Searcher ranks while
answering the bench's queries (``bench/queries.py``, drawn from the shipped documents) and
the judged relevance queries (``bench/relevance/*.toml``), the scores equal a reference
BM25F computed over every posting with Whoosh's public API: the same documents, the same
scores to float tolerance, so the same page order. Checked on the shipped index and on an
index an incremental reindex left with two segments and a deleted document."""

from __future__ import annotations

import math
import random

import pytest
from whoosh import index as whoosh_index

import search.searcher as searcher_module
from bench import data
from bench.queries import make_queries
from bench.relevance.judged import load_queries
from indexer.analysis import Analyzer
from indexer.build import reindex
from indexer.store import IndexStore
from search import SearchRequest, open_searcher
from search.ranking import K1, B
from tests.conftest import CORPUS_DOCS, RESOURCES, make_config
from union_search.config import PROJECT_ROOT

BLOCK = 128  # Whoosh's postings per block: a word in more documents spans several


def reference_bm25f(reader, terms, docs) -> dict[int, float]:
    """BM25F of ``docs`` over every posting of every term, through the public API."""
    n = max(reader.doc_count(), 1)
    wanted = set(docs)
    scores: dict[int, float] = {}
    for fieldname, text in dict.fromkeys(terms):
        df = reader.doc_frequency(fieldname, text)
        if not df:
            continue
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        total = reader.field_length(fieldname)
        average = total / n if total else 1.0
        for d, tf in reader.postings(fieldname, text).items_as("weight"):
            if d in wanted:
                length = reader.doc_field_length(d, fieldname)
                part = idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / average))
                scores[d] = scores.get(d, 0.0) + part
    return scores


@pytest.fixture(scope="module")
def query_texts() -> list[tuple[str, dict]]:
    """The bench's queries over the shipped documents (with their filters) and every
    judged relevance query."""
    docs = data.extract_all(CORPUS_DOCS, RESOURCES)
    analyzer = Analyzer.from_resources(RESOURCES)
    out = [
        (
            q.q,
            {
                "years": (q.year,) if q.year else (),
                "districts": (q.district,) if q.district else (),
                "topics": (q.topic,) if q.topic else (),
            },
        )
        for q in make_queries(docs, 60, analyzer)
    ]
    for path in sorted((PROJECT_ROOT / "bench" / "relevance").glob("*.toml")):
        out += [(q.text, {}) for q in load_queries(path)]
    return out


def check_rankings(settings, queries, monkeypatch) -> dict[str, int]:
    """Run every query through a Searcher over ``settings``' index, comparing each BM25F
    call the Searcher makes with the reference; return what was seen."""
    calls = []
    real = searcher_module.bm25f

    def recording(reader, lengths, terms, docs):
        docs = list(docs)
        scores = real(reader, lengths, terms, docs)
        calls.append((reader, terms, docs, scores))
        return scores

    monkeypatch.setattr(searcher_module, "bm25f", recording)
    seen = {"calls": 0, "skipping": 0, "scored": 0}
    with open_searcher(settings) as searcher:
        for text, filters in queries:
            searcher.search(SearchRequest(q=text, per_page=10, **filters))
            for reader, terms, docs, scores in calls:
                expected = reference_bm25f(reader, terms, docs)
                assert scores.keys() == expected.keys(), text
                for d, score in expected.items():
                    assert scores[d] == pytest.approx(score, rel=1e-12, abs=1e-12), (text, d)
                seen["calls"] += 1
                seen["scored"] += len(scores)
                # A tier smaller than a multi-block word's postings in a segment: blocks
                # were skipped.
                seen["skipping"] += any(
                    sub.doc_frequency(f, w) > max(BLOCK, 2 * len(docs))
                    for sub, _ in reader.leaf_readers()
                    for f, w in terms
                )
            calls.clear()
    return seen


def test_block_skipping_scores_equal_full_postings_on_shipped_index(
    shipped_index, query_texts, monkeypatch
):
    # Its segments are small (a block or two per word): this checks the scores of real
    # tiers and queries; the test below checks them where blocks are skipped.
    seen = check_rankings(shipped_index, query_texts, monkeypatch)
    assert seen["calls"] >= len(query_texts) // 2 and seen["scored"] > 1000


def test_block_skipping_after_incremental_reindex(tmp_path, query_texts, monkeypatch):
    # Documents of six paragraphs of the shipped texts drawn at random (seeded), one
    # segment: common words span several posting blocks of it; the incremental reindex
    # adds a second segment and deletes the edited document's old version from the first.
    paragraphs = [
        para
        for path in sorted(CORPUS_DOCS.rglob("*.txt"))
        for para in path.read_text("utf-8").split("\n")
        if len(para.strip()) >= 20
    ]
    rng = random.Random(5)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(1, 401):
        body = "\n".join(rng.sample(paragraphs, 6))
        (corpus / f"p{n:04d}.txt").write_text(f"title: 段落{n}\n\n{body}\n", "utf-8")
    settings = make_config(tmp_path, corpus, reindex_jobs=1)
    reindex(settings, full=True)
    edited = corpus / "p0001.txt"
    edited.write_text(edited.read_text("utf-8") + "补充：职工书屋新增图书五百册。\n", "utf-8")
    report = reindex(settings)
    assert report.updated == ["p0001.txt"] and not report.full
    ix = whoosh_index.open_dir(str(IndexStore(settings.index_dir).current().path))
    with ix.reader() as reader:
        leaves = reader.leaf_readers()
        assert len(leaves) == 2 and any(sub.has_deletions() for sub, _ in leaves)
    seen = check_rankings(settings, query_texts, monkeypatch)
    assert seen["calls"] > 0 and seen["skipping"] > 10
