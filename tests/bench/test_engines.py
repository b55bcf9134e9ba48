"""The comparison engines of the benchmark (FTS5, tantivy) answer a small real corpus correctly.

Built from the shipped documents (``corpus/docs``), extracted as the indexer does; the
expectations are computed independently by brute force over those texts. Not timed.
"""

from __future__ import annotations

import html
import re
from collections import Counter

import pytest

from bench import data
from bench.engines import FACETS, build
from bench.fts5 import Fts5Engine
from bench.queries import BenchQuery
from bench.recall import oracle
from bench.tantivy_engine import TantivyEngine
from indexer.analysis import Analyzer
from union_search.config import PROJECT_ROOT

RESOURCES = PROJECT_ROOT / "corpus"
MARK = re.compile(r"<mark>(.*?)</mark>")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    docs = data.extract_all(data.SHIPPED_DOCS, RESOURCES)[:60]
    root = tmp_path_factory.mktemp("engines")
    return docs, root


@pytest.fixture(scope="module")
def analyzer(corpus):
    _, root = corpus
    return Analyzer.from_resources(RESOURCES, root / "jieba-cache").load()


@pytest.fixture(scope="module", params=["fts5", "tantivy"])
def engine(request, corpus, analyzer):
    docs, root = corpus
    out = root / request.param
    build(request.param, docs, out, RESOURCES, jobs=2)
    cls = Fts5Engine if request.param == "fts5" else TantivyEngine
    eng = cls(out, analyzer)
    yield eng
    eng.close()


def _query_words(docs, analyzer) -> list[str]:
    """Chinese words of two or more characters that occur in several documents."""
    df: Counter[str] = Counter()
    for d in docs:
        df.update({w for w in analyzer.words(d.body) if len(w) >= 2 and "\u4e00" <= w[0]})
    return [w for w, n in df.most_common() if 3 <= n <= len(docs) // 2][:6]


def _brute_counts(ids: set[str], docs) -> dict[str, dict[str, int]]:
    by_id = {d.id: d for d in docs}
    out: dict[str, Counter] = {f: Counter() for f in FACETS}
    for i in ids:
        d = by_id[i]
        if d.year is not None:
            out["year"][str(d.year)] += 1
        if d.district:
            out["district"][d.district] += 1
        if d.doc_type:
            out["doc_type"][d.doc_type] += 1
        out["topic"].update(d.topics)
    return {f: dict(c) for f, c in out.items()}


def test_top_hits_contain_the_query_and_snippets_mark_the_original(engine, corpus, analyzer):
    docs, _ = corpus
    by_id = {d.id: d for d in docs}
    words = _query_words(docs, analyzer)
    assert words
    for word in words:
        ans = engine.search(BenchQuery(word))
        assert ans.ids, word
        assert len(ans.ids) == len(ans.snippets) == min(10, ans.total)
        for doc_id, snippet in zip(ans.ids, ans.snippets, strict=True):
            d = by_id[doc_id]
            assert word in d.title or word in d.body, (word, doc_id)
            marked = MARK.findall(snippet)
            if word in d.body and marked:
                # The marks sit on the original characters: the snippet without its tags
                # is a piece of the original body, and what is marked is the query word.
                plain = html.unescape(re.sub(r"</?mark>", "", snippet)).strip("…")
                assert plain in d.body, (word, doc_id, snippet)
                assert word in {html.unescape(m) for m in marked}, (word, snippet)
        # Most hits carry a marked snippet (a hit matched in the title only may not).
        assert sum(bool(MARK.search(s)) for s in ans.snippets) >= len(ans.snippets) // 2


def test_facet_counts_equal_brute_force(engine, corpus, analyzer):
    docs, _ = corpus
    texts = {d.id: d for d in docs}
    for word in _query_words(docs, analyzer)[:3]:
        ans = engine.search(BenchQuery(word))
        matched = engine.matching_ids(word)
        assert ans.total == len(matched)
        assert ans.facets == _brute_counts(matched, docs)
        # A word jieba keeps whole is found wherever it occurs as that word: every match
        # literally contains it, and most of the literal occurrences are found.
        assert matched <= oracle(word, texts)
    # Browsing (no text) counts the whole corpus.
    ans = engine.search(BenchQuery(""))
    assert ans.total == len(docs)
    assert ans.facets == _brute_counts({d.id for d in docs}, docs)


def test_filters_restrict_the_results(engine, corpus, analyzer):
    docs, _ = corpus
    year = Counter(d.year for d in docs if d.year).most_common(1)[0][0]
    expect = {d.id for d in docs if d.year == year}
    ans = engine.search(BenchQuery("", year=year))
    assert ans.total == len(expect) and set(ans.ids) <= expect
    assert ans.facets["year"] == {str(year): len(expect)}


def test_build_writes_an_index(engine, corpus):
    _, root = corpus
    assert any(p.is_file() for p in (root / engine.name).rglob("*"))


def test_pretokenized_words_remembered_per_block_are_jiebas_words(corpus, analyzer):
    from bench import engines
    from indexer.analysis import normalize

    docs, _ = corpus
    engines._pool_analyzer = analyzer
    engines._pool_blocks.clear()
    texts = [normalize(d.body) for d in docs[:20]] + ["C++ 与 C# 5.1%\r\n\t工会  经费"]
    for text in texts * 2:  # the second time every block is remembered
        assert engines._words(text) == list(analyzer.tokenizer().cut(text, HMM=False))
    assert len(engines._pool_blocks) > 100
