"""Did-you-mean skips the vocabulary lookups whose keys' ends no word of their length has
(search/vocabulary.py ``WordEnds``): every key a real word makes is still looked up, the
rule does skip keys, and the variants are the same as with every key looked up."""

from __future__ import annotations

import copy

from indexer.analysis import Analyzer
from indexer.store import IndexStore
from search.spelling import MAX_STRETCH, variants
from search.vocab_build import from_file
from search.vocabulary import WILDCARD, WordEnds
from tests.search.test_typed_pinyin import _typos


def _vocab(shipped_index):
    vocab, _ = from_file(IndexStore(shipped_index.index_dir).current().path)
    return vocab


def test_every_key_a_word_makes_is_looked_up(shipped_index):
    vocab = _vocab(shipped_index)
    ends = vocab.ends
    both_ends_would_skip = []
    for word in vocab.counts:
        for k in range(len(word)):
            # The replaced character is never read: one no word holds stands for any.
            assert ends.may_differ_at(word[:k] + "〇" + word[k + 1 :], k), (word, k)
            shorter = word[:k] + word[k + 1 :]
            if len(shorter) >= 2:
                assert ends.may_lack_one(shorter), (word, k)
                assert word in vocab.deletions.get(shorter, ())
                n = len(word)
                if not (f"{n}{shorter[0]}" in ends.firsts and f"{n}{shorter[-1]}" in ends.lasts):
                    both_ends_would_skip.append((word, shorter))
    # A rule asking a deletion key for both ends (looser about what it skips) would miss
    # real words: a word less its first character keeps only its last, and the other way.
    assert both_ends_would_skip


def test_skipped_keys_lead_to_no_word_and_variants_are_unchanged(shipped_index):
    vocab = _vocab(shipped_index)
    analyzer = Analyzer.from_resources(shipped_index.resources_dir).load()
    words = [*_typos(vocab, 60, seed=5), *sorted(vocab.counts)[::400]]
    words += ["劳动合同法实施条例规定", "公会经废使用管理", "有关法律行政法规结合本省"]
    skipped = 0
    for word in words:
        for i in range(len(word)):
            for j in range(i + 2, min(len(word), i + MAX_STRETCH) + 1):
                stretch = word[i:j]
                for k in range(len(stretch)):
                    if not vocab.ends.may_differ_at(stretch, k):
                        skipped += 1
                        key = stretch[:k] + WILDCARD + stretch[k + 1 :]
                        assert not vocab.wildcards.get(key, ()), (stretch, k)
                if not vocab.ends.may_lack_one(stretch):
                    skipped += 1
                    assert not vocab.deletions.get(stretch, ()), stretch
    assert skipped > 100
    # The same vocabulary with ends that allow every key: every lookup is made.
    everything = copy.copy(vocab)
    chars = {c for w in [*words, *vocab.counts] for c in w}
    every = frozenset(f"{n}{c}" for n in range(1, MAX_STRETCH + 2) for c in chars)
    everything.ends = WordEnds(every, every)
    offered = 0
    for word in words:
        got = variants(word, vocab, analyzer)
        assert got == variants(word, everything, analyzer), word
        offered += bool(got)
    assert offered > len(words) // 2


def test_positions_that_may_differ_are_those_may_differ_at_allows(shipped_index):
    vocab = _vocab(shipped_index)
    ends = vocab.ends
    words = [*_typos(vocab, 60, seed=7), *sorted(vocab.counts)[::200]]
    kinds = set()
    for word in words:
        for i in range(len(word)):
            for j in range(i + 2, min(len(word), i + MAX_STRETCH) + 1):
                stretch = word[i:j]
                differ = ends.positions_may_differ(stretch)
                allowed = [k for k in range(len(stretch)) if ends.may_differ_at(stretch, k)]
                assert [k for k in range(len(stretch)) if k in differ] == allowed, stretch
                kinds.add(len(allowed) if len(allowed) < 2 else "all")
    # Both ends known, one of them, neither: each case met.
    assert kinds == {0, 1, "all"}
