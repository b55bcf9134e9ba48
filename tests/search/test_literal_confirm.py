"""Confirming literals without reading the documents that hold them as a jieba word
(search.literal_confirm), and the vocabulary loaded when a generation opens.

The sets are checked against a brute-force scan of every document's normalised text; the
whole search records against the path that reads every candidate (``literal_words=False``),
for the bench's query set drawn from the shipped corpus, the judged queries and relaxed,
partial and filtered questions.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from bench import data
from bench.queries import make_queries
from indexer.analysis import Analyzer, normalize
from indexer.build import reindex
from search import SearchRequest, open_searcher
from search.bitsets import docnums_of
from search.literal import rare_first, term_mask
from search.literal_confirm import WORDS_FROM, literal_mask, word_mask
from search.searcher import Searcher
from tests.conftest import CORPUS_DOCS, RESOURCES, change_each_way, make_config
from tests.search.test_unit_spans import EXTRA, judged_queries

FIELDS = {"title_gram": "title", "body_gram": "body"}


def _texts_by_docnum(searcher: Searcher) -> dict[str, dict[int, str]]:
    """Every live document's normalised title and body, read from its stored fields."""
    reader = searcher._snapshot().searcher().reader()
    out: dict[str, dict[int, str]] = {"title": {}, "body": {}}
    for d in reader.all_doc_ids():
        stored = reader.stored_fields(d)
        out["title"][d] = normalize(stored.get("title") or "")
        out["body"][d] = normalize(stored.get("body") or "")
    return out


def _candidates(searcher: Searcher, gram_field: str, literal: str) -> int:
    snap = searcher._snapshot()
    reader, size = snap.searcher().reader(), snap.facets.size
    mask = snap.facets.live
    grams = [literal[i : i + 2] for i in range(len(literal) - 1)]
    for gram in rare_first(grams, set()):
        mask &= term_mask(reader, gram_field, gram, size)
    return mask


def _literals(texts: dict[int, str], analyzer: Analyzer) -> list[str]:
    """Words of three or more characters cut from real texts (jieba words, held whole by
    most documents that contain them) and strings straddling two words (held whole by
    none), Chinese only (one run each)."""
    words: list[str] = []
    straddling: list[str] = []
    for d in sorted(texts)[::7]:
        cut = [w for w in analyzer.words(texts[d][:2000]) if re.fullmatch(r"[\u4e00-\u9fff]+", w)]
        words += [w for w in cut if len(w) >= 3][:4]
        straddling += [a + b for a, b in zip(cut, cut[1:], strict=False) if len(a + b) >= 3][:2]
    return list(dict.fromkeys(words + straddling + ["中华人民共和国", "工会经费", "劳动合同法"]))


def _check_literals(searcher: Searcher, analyzer: Analyzer, words_from: int = WORDS_FROM) -> int:
    """literal_mask against brute force for many literals of both fields; returns how
    many documents were taken from word postings rather than read."""
    snap = searcher._snapshot()
    reader, size, texts = snap.searcher().reader(), snap.facets.size, snap.leaves.texts
    by_field = _texts_by_docnum(searcher)
    taken = 0
    for gram_field, field in FIELDS.items():
        for literal in _literals(by_field["body"], analyzer):
            expected = {d for d, text in by_field[field].items() if literal in text}
            candidates = _candidates(searcher, gram_field, literal)
            found = literal_mask(texts, reader, gram_field, literal, candidates, size, words_from)
            assert set(docnums_of(found)) == expected, (field, literal)
            holders = word_mask(reader, gram_field, literal, size) & snap.facets.live
            assert set(docnums_of(holders)) <= expected, (field, literal)  # never a guess
            if candidates.bit_count() >= words_from:
                taken += holders.bit_count()
    return taken


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer.from_resources(RESOURCES).load()


def test_documents_holding_a_literal_as_a_word_contain_it(shipped_searcher, analyzer):
    taken = _check_literals(shipped_searcher, analyzer)
    assert taken > 100  # the word postings did most of the confirming


def test_after_an_incremental_reindex_too(tmp_path, small_corpus, analyzer):
    config = make_config(tmp_path, small_corpus)
    reindex(config, full=True)
    change_each_way(small_corpus)
    assert not reindex(config).full
    with open_searcher(config) as searcher:
        # A handful of documents: the word postings are used for any number of candidates.
        assert _check_literals(searcher, analyzer, words_from=0) > 0


# -- whole search records, against the path that reads every candidate ------------------


@pytest.fixture(scope="module")
def reading_every_candidate(shipped_index):
    with Searcher(shipped_index, literal_words=False) as searcher:
        yield searcher


@pytest.fixture(scope="module")
def bench_requests(analyzer) -> list[SearchRequest]:
    """The bench's text queries (bench/queries.py: real phrases, some with filters),
    drawn from the shipped corpus as the bench draws them from its own."""
    docs = data.extract_all(CORPUS_DOCS, RESOURCES)
    return [
        SearchRequest(
            q=q.q,
            years=(q.year,) if q.year is not None else (),
            districts=(q.district,) if q.district else (),
            topics=(q.topic,) if q.topic else (),
        )
        for q in make_queries(docs, 120, analyzer)
    ]


def _record(result) -> dict:
    out = dataclasses.asdict(result)
    out.pop("took_ms")
    return out


def _relaxed_requests(searcher: Searcher) -> list[SearchRequest]:
    district = next(f.value for f in searcher.search(SearchRequest(q="工会")).facets["district"])
    year = next(f.value for f in searcher.search(SearchRequest(q="劳动合同")).facets["year"])
    return [
        SearchRequest(q="工会经费 哈利波特"),  # a word found nowhere is dropped
        SearchRequest(q="超时加班发生工伤用工"),  # words that together occur nowhere
        SearchRequest(q="超时加班发生工伤用工", districts=(district,)),
        SearchRequest(q="女职工产假多少天", years=(int(year),)),
        SearchRequest(q="工资多久发一次"),  # partial matches, then a relaxed form
        SearchRequest(q="公司可以从工资里扣钱吗"),
        SearchRequest(q="中华人民共和国工会法", districts=(district,)),
        SearchRequest(q="劳动合同法 第82条"),
    ]


def test_search_records_are_those_of_reading_every_candidate(
    shipped_searcher, reading_every_candidate, bench_requests
):
    requests = (
        bench_requests
        + [SearchRequest(q=q) for q in judged_queries()]
        + EXTRA
        + _relaxed_requests(shipped_searcher)
    )
    relaxed = filtered = 0
    for request in requests:
        new = shipped_searcher.search(request)
        old = reading_every_candidate.search(request)
        assert _record(new) == _record(old), request
        relaxed += bool(new.dropped or new.fallback or new.partial)
        filtered += bool(request.years or request.districts or request.topics)
    assert relaxed > 20 and filtered > 10  # relaxed forms and filters were exercised


# -- the vocabulary, loaded ahead -----------------------------------------------------


def _loaded(searcher: Searcher) -> bool:
    return "vocabulary_file" in searcher._snapshot()._derived


def test_the_vocabulary_is_loaded_when_a_generation_opens(tmp_path, small_corpus):
    config = make_config(tmp_path, small_corpus)
    reindex(config, full=True)
    with Searcher(config) as searcher:
        searcher.search(SearchRequest(q=""))  # opens the generation, nothing else
        assert searcher.wait_preloaded(timeout=300)
        assert _loaded(searcher)
        loaded = searcher._snapshot()._derived["vocabulary_file"]
        # The first did-you-mean uses what was loaded; nothing is built again.
        searcher.search(SearchRequest(q="工会经废"))
        assert searcher.vocabulary() is loaded[0]

        # A new generation is loaded ahead when it is served.
        first = searcher._snapshot().generation
        path = next(p for p in small_corpus.rglob("*") if p.is_file())
        with path.open("a", encoding="utf-8") as f:
            f.write("\n第九十九条 工会经费由基层工会依法管理。\n")
        reindex(config)
        searcher.search(SearchRequest(q=""))
        assert searcher._snapshot().generation != first
        assert searcher.wait_preloaded(timeout=300)
        assert _loaded(searcher)


def test_without_preloading_the_first_did_you_mean_loads_it(tmp_path, small_corpus):
    config = make_config(tmp_path, small_corpus)
    reindex(config, full=True)
    with open_searcher(config, preload=False) as searcher:
        searcher.search(SearchRequest(q=""))
        assert not searcher.wait_preloaded(timeout=0)
        assert not _loaded(searcher)
        searcher.vocabulary()
        assert _loaded(searcher)


def test_a_request_that_comes_first_waits_for_the_same_vocabulary(shipped_index):
    # Asked for at once, while the preload may still be running: one vocabulary.
    with Searcher(shipped_index) as searcher:
        asked = searcher.vocabulary()
        assert searcher.wait_preloaded(timeout=300)
        assert searcher.vocabulary() is asked
        assert searcher._snapshot()._derived["vocabulary_file"][0] is asked
