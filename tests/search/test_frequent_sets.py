"""The stored bitsets of frequent grams (indexer/frequent_sets.py), on real indexes of the
shipped documents: each stored bitset is exactly what Whoosh's own term query finds and
what a brute-force scan of the stored texts finds, every frequent gram is stored, a
generation without the file searches the old way with identical results (relaxed
questions and filters included), a file written for another index state is ignored, and
an incremental reindex writes a correct file for its new generation while the replaced
generation's file stays correct for it."""

from __future__ import annotations

import shutil
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh import query as wq

from indexer.analysis import gram_spans, normalize
from indexer.build import reindex
from indexer.frequent_sets import FILE, GRAM_FIELDS, FrequentSets, min_documents
from indexer.store import IndexStore
from search import SearchRequest, open_searcher
from search.bitsets import mask_of
from tests.conftest import CORPUS_DOCS, change_each_way, make_config


def check_generation(gen_path: Path) -> int:
    """Assert the generation's stored bitsets against its postings and its texts; return
    how many grams are stored."""
    ix = whoosh_index.open_dir(str(gen_path))
    with ix.searcher() as searcher:
        reader = searcher.reader()
        size = reader.doc_count_all()
        frequent = FrequentSets.open(gen_path, size, ix.latest_generation())
        live = set(reader.all_doc_ids())
        docs_of: dict[str, dict[str, set[int]]] = {f: defaultdict(set) for f in GRAM_FIELDS}
        for d in live:
            stored = reader.stored_fields(d)
            for field in GRAM_FIELDS:
                text = normalize(stored.get(field.removesuffix("_gram"), ""))
                for gram, *_ in gram_spans(text):
                    docs_of[field][gram].add(d)
        least = frequent.least
        assert least == min_documents(size)
        stored_count = 0
        for field in GRAM_FIELDS:
            expected = {g for g, docs in docs_of[field].items() if len(docs) >= least}
            stored = set(frequent.terms.get(field, {}))
            assert expected <= stored, sorted(expected - stored)[:10]
            for gram in stored:
                mask = frequent.get(field, gram) & mask_of(live, size)
                # Whoosh's own query over the postings, and the texts themselves.
                whoosh = mask_of(searcher.docs_for_query(wq.Term(field, gram)), size)
                assert mask == whoosh == mask_of(docs_of[field][gram], size), (field, gram)
            stored_count += len(stored)
        frequent.close()
        return stored_count


def test_stored_bitsets_are_the_postings_and_the_texts(shipped_index):
    gen = IndexStore(shipped_index.index_dir).current()
    assert check_generation(gen.path) > 0


def test_a_file_of_another_index_state_is_ignored(shipped_index):
    gen = IndexStore(shipped_index.index_dir).current()
    ix = whoosh_index.open_dir(str(gen.path))
    with ix.reader() as reader:
        size, toc = reader.doc_count_all(), ix.latest_generation()
    assert FrequentSets.open(gen.path, size, toc).terms
    assert FrequentSets.open(gen.path, size + 1, toc).get("body_gram", "工会") is None
    assert FrequentSets.open(gen.path, size, toc + 1).get("body_gram", "工会") is None


def test_a_truncated_or_foreign_file_is_ignored(tmp_path, small_corpus):
    config = make_config(tmp_path, small_corpus)
    gen = config.index_dir / reindex(config, full=True).generation
    ix = whoosh_index.open_dir(str(gen))
    with ix.reader() as reader:
        size, toc = reader.doc_count_all(), ix.latest_generation()
    assert FrequentSets.open(gen, size, toc).terms
    data = (gen / FILE).read_bytes()
    (gen / FILE).unlink()
    (gen / FILE).write_bytes(data[:-1])
    assert not FrequentSets.open(gen, size, toc).terms
    (gen / FILE).write_bytes(b"not a frequent-grams file")
    assert not FrequentSets.open(gen, size, toc).terms
    with open_searcher(config) as searcher:  # searched the old way
        assert searcher.search(SearchRequest(q="工会")).total > 0


@pytest.fixture(scope="module")
def without_file(shipped_index, tmp_path_factory):
    """A copy of the shipped index whose generation has no ``frequent.bin`` (as one built
    before it existed): searched the old way, decoding postings."""
    tmp = tmp_path_factory.mktemp("without-frequent")
    shutil.copytree(shipped_index.index_dir, tmp / "index", symlinks=True)
    config = make_config(tmp, CORPUS_DOCS)
    gen = IndexStore(config.index_dir).current()
    (gen.path / FILE).unlink()
    return config


def _requests(searcher) -> list[SearchRequest]:
    district = next(f.value for f in searcher.search(SearchRequest(q="工会")).facets["district"])
    year = next(f.value for f in searcher.search(SearchRequest(q="劳动合同")).facets["year"])
    return [
        SearchRequest(q="工会经费"),
        SearchRequest(q="工会经费 哈利波特"),  # a word found nowhere is dropped
        SearchRequest(q="加班费怎么算"),  # a question: relaxed forms, best passages
        SearchRequest(q="超时加班发生工伤用工"),  # words that together occur nowhere
        SearchRequest(q="超时加班发生工伤用工", districts=(district,)),
        SearchRequest(q="女职工产假多少天", years=(int(year),)),
        SearchRequest(q="稳就业 未订立书面劳动合同"),
        SearchRequest(q='"职工 书屋"'),
        SearchRequest(q="中华人民共和国工会法", districts=(district,)),
        SearchRequest(q="的"),
        SearchRequest(q="工会", match="any_order", page=2),
    ]


def _record(result) -> dict:
    record = asdict(result)
    record.pop("took_ms")
    return record


def test_results_are_those_of_the_postings_path(shipped_index, without_file):
    with open_searcher(shipped_index) as new, open_searcher(without_file) as old:
        requests = _requests(new)
        relaxed = 0
        for request in requests:
            a, b = new.search(request), old.search(request)
            assert _record(a) == _record(b), request
            relaxed += bool(a.dropped or a.fallback or a.partial)
        assert relaxed >= 3  # the relaxed forms were evaluated on both paths


def test_an_incremental_reindex_rewrites_the_file(tmp_path, small_corpus):
    config = make_config(tmp_path, small_corpus)
    first = reindex(config, full=True)
    assert check_generation(config.index_dir / first.generation) > 0
    change_each_way(small_corpus)
    second = reindex(config)
    assert not second.full and second.updated and second.removed and second.added
    new, old = config.index_dir / second.generation, config.index_dir / first.generation
    assert (new / FILE).stat().st_ino != (old / FILE).stat().st_ino
    assert check_generation(new) > 0
    assert check_generation(old) > 0  # the rollback generation's file is untouched
