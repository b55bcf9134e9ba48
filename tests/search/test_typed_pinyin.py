"""Typed words read with the generation's character readings (search/typed_pinyin.py)
against pypinyin itself, which the server no longer loads."""

from __future__ import annotations

import random

from indexer.analysis import Analyzer
from indexer.pinyin import keys, syllables
from indexer.store import IndexStore
from search.spelling import variants
from search.vocab_build import from_file
from search.vocabulary import Vocabulary


def _vocabulary(shipped_index) -> Vocabulary:
    vocab, _ = from_file(IndexStore(shipped_index.index_dir).current().path)
    assert vocab.chars is not None, "the reindex wrote no character readings"
    return vocab


def _typos(vocab: Vocabulary, n: int, seed: int = 11) -> list[str]:
    """Vocabulary words with one character replaced by one of another word, as mistyped."""
    rng = random.Random(seed)
    words = sorted(vocab.counts)
    out = []
    for w in rng.sample(words, n):
        i = rng.randrange(len(w))
        out.append(w[:i] + rng.choice(rng.choice(words)) + w[i + 1 :])
    return out


def test_vocabulary_words_read_as_pypinyin_reads_them(shipped_index):
    vocab = _vocabulary(shipped_index)
    assert len(vocab.counts) > 1000
    for word in vocab.counts:
        assert vocab.syllables(word) == syllables(word), word


def test_split_recovers_each_words_syllables(shipped_index):
    vocab = _vocabulary(shipped_index)
    for word in list(vocab.counts)[::5]:
        parts = syllables(word)
        if len(parts) == len(word):
            assert vocab.chars.split(*keys(word)) == parts, word


def test_mistyped_words_get_pypinyins_did_you_mean(shipped_index):
    """The variants offered for mistyped words are those pypinyin's readings give."""
    vocab = _vocabulary(shipped_index)
    analyzer = Analyzer.from_resources(shipped_index.resources_dir).load()
    with_pypinyin = Vocabulary(**{**vars(vocab), "chars": None})
    typed = [*_typos(vocab, 300), "公会", "集体协上", "劳动合桶法"]
    same_reading = sum(vocab.syllables(w) == syllables(w) for w in typed)
    assert same_reading >= 0.98 * len(typed)
    for word in typed:
        assert variants(word, vocab, analyzer) == variants(word, with_pypinyin, analyzer), word
