"""Candidates ruled out by the jieba words they hold (search.literal_cover).

The rule's premise is checked on real texts (every word jieba cuts over an occurrence of
a literal is among the words the rule lists for that position), and the confirmed sets
against a brute-force scan of every document's normalised text, with the rule applied
to every literal however few its candidates.
"""

from __future__ import annotations

import re

import pytest

from indexer.analysis import Analyzer
from search.bitsets import docnums_of
from search.literal_confirm import literal_mask, word_mask
from search.literal_cover import (
    DictionaryWords,
    LazyDictionary,
    cover_mask,
    holding_any,
    position_words,
)
from tests.conftest import RESOURCES
from tests.search.test_literal_confirm import FIELDS, _candidates, _literals, _texts_by_docnum

# Article numbers: held apart (第三十条 … 第十三条) by many documents that lack them.
ARTICLES = ["第十二条", "第三十三条", "第十三条", "第二十二条", "第一百一十二条", "第三十条"]


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer.from_resources(RESOURCES).load()


@pytest.fixture(scope="module")
def texts(shipped_searcher) -> dict[str, dict[int, str]]:
    return _texts_by_docnum(shipped_searcher)


def _all_literals(texts, analyzer) -> list[str]:
    return list(dict.fromkeys(ARTICLES + _literals(texts["body"], analyzer)))


def test_the_word_over_each_position_is_listed(shipped_searcher, analyzer, texts):
    """For every occurrence of a literal in a real text, the jieba word covering each
    inner character is one of the words ``position_words`` lists for it."""
    reader = shipped_searcher._snapshot().searcher().reader()
    dictionary = DictionaryWords(analyzer.dictionary())
    checked = 0
    cut: dict[tuple[str, int], list] = {}  # each text cut once
    for literal in _all_literals(texts, analyzer):
        if not re.fullmatch(r"[\u4e00-\u9fff]{3,}", literal):
            continue
        for field in ("title", "body"):

            def terms(prefix: str, field: str = field) -> list[str]:
                found = reader.expand_prefix(field, prefix)
                return [t if isinstance(t, str) else t.decode("utf-8") for t in found]

            listed = {
                k: position_words(dictionary, terms, literal, k) for k in range(1, len(literal) - 1)
            }
            for d, text in texts[field].items():
                at = text.find(literal)
                if at < 0:
                    continue
                if (field, d) not in cut:
                    cut[field, d] = list(analyzer.word_spans(text))
                for word, _, start, end in cut[field, d]:
                    for k, words in listed.items():
                        if start <= at + k < end:
                            assert word in words, (literal, k, word)
                            checked += 1
    assert checked > 1000


def test_confirmed_sets_equal_a_scan_of_every_text(shipped_searcher, analyzer, texts):
    snap = shipped_searcher._snapshot()
    reader, size, store = snap.searcher().reader(), snap.facets.size, snap.leaves.texts
    dictionary = LazyDictionary(analyzer.dictionary)
    ruled_out = 0
    for gram_field, field in FIELDS.items():
        for literal in _all_literals(texts, analyzer):
            expected = {d for d, text in texts[field].items() if literal in text}
            candidates = _candidates(shipped_searcher, gram_field, literal)
            found = literal_mask(
                store,
                reader,
                gram_field,
                literal,
                candidates,
                size,
                words_from=0,
                dictionary=dictionary,
                cover_from=0,
            )
            assert set(docnums_of(found)) == expected, (field, literal)
            if re.fullmatch(r"[\u4e00-\u9fff]{3,}", literal):
                rest = candidates & ~word_mask(reader, gram_field, literal, size)
                kept = cover_mask(dictionary.get(), reader, field, literal, size, rest)
                assert kept & ~rest == 0
                ruled_out += (rest & ~kept).bit_count()
    assert ruled_out > 0  # the rule spared reading some candidates


def test_searcher_uses_the_dictionary_the_index_was_cut_with(shipped_searcher):
    snap = shipped_searcher._snapshot()
    assert snap.leaves.dictionary is not None
    assert len(snap.leaves.dictionary.get().holding("工会")) > 10


def test_holding_any_is_the_union_of_the_postings(shipped_searcher):
    snap = shipped_searcher._snapshot()
    reader, size = snap.searcher().reader(), snap.facets.size
    for words in (["工会"], ["工会", "职工", "第十二条", "没有这个词"], []):
        terms = [w.encode("utf-8") for w in words]
        expected = 0
        for w in words:
            expected |= word_mask(reader, "body_gram", w, size)
        assert holding_any(reader, "body", terms, size) == expected
    assert word_mask(reader, "body_gram", "工会", size)  # not a union of nothing
