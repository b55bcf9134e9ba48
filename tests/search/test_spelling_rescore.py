"""Did-you-mean's jieba rescoring stops once no later candidate can enter the best few
(search/spelling.py ``_rescored``): the same variants, in the same order, as cutting every
candidate of the shortlist, on real vocabulary words and the real jieba analysis."""

from __future__ import annotations

import random

from indexer.analysis import Analyzer
from indexer.store import IndexStore
from search.spelling import _rescored, variants
from search.vocab_build import from_file
from tests.search.test_typed_pinyin import _typos


def _every_candidate_cut(shortlist, analyzer, limit):
    rescored = [
        (score - 2.0 * sum(1 for w in analyzer.query_words(c) if len(w) == 1), c)
        for c, score in shortlist
    ]
    rescored.sort(key=lambda sc: (-sc[0], sc[1]))
    return [c for _, c in rescored[:limit]]


def test_rescoring_that_stops_early_keeps_the_best(shipped_index):
    vocab, _ = from_file(IndexStore(shipped_index.index_dir).current().path)
    analyzer = Analyzer.from_resources(shipped_index.resources_dir).load()
    words = sorted(vocab.counts)
    rng = random.Random(3)
    within = 0  # cases where the limit falls inside the shortlist: a stop may apply
    for _ in range(400):
        # Real words and mistyped ones (jieba cuts those into single characters); scores
        # drawn from few values, so ties across the cut are common.
        pool = [*rng.sample(words, 20), *_typos(vocab, 20, seed=rng.randrange(10**6))]
        scores = (1.0, 2.5, 3.0, 4.5, 6.0)
        scored = [(c, rng.choice(scores) + rng.choice((0.0, 0.5))) for c in sorted(set(pool))]
        scored.sort(key=lambda kv: (-kv[1], kv[0]))
        shortlist = scored[: rng.randrange(0, 40)]
        limit = rng.randrange(0, 10)
        got = _rescored(shortlist, analyzer, limit)
        assert got == _every_candidate_cut(shortlist, analyzer, limit), (shortlist, limit)
        within += 0 < limit < len(shortlist)
    assert within > 50


def test_variants_of_mistyped_words_are_offered(shipped_index):
    vocab, _ = from_file(IndexStore(shipped_index.index_dir).current().path)
    analyzer = Analyzer.from_resources(shipped_index.resources_dir).load()
    assert "工会" in variants("公会", vocab, analyzer)
    assert "劳动合同法" in variants("劳动合桶法", vocab, analyzer)
