"""The index's own vocabulary, for did-you-mean, pinyin input and completions.

Built once per index generation from the jieba words fields: each Chinese word of two to
eight characters with the number of documents it occurs in as a word, plus the union-term
dictionary's terms (the data and its pinyin are written by the reindex:
``indexer.vocab_file``). Lookup structures (pinyin → words, one-character
wildcards and deletions → words) are built once, so a request only does lookups.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field

from indexer.vocab_file import HAN_WORD, ranked_words
from search.packed import PackedMultiMap, PackedPairMap
from search.pinyin_input import keys, syllables
from search.typed_pinyin import CharReadings

WILDCARD = "?"


@dataclass(frozen=True)
class WordEnds:
    """``"{length}{character}"`` for the first (``firsts``) and the last (``lasts``)
    character of every word of the vocabulary: the words its wildcard and deletion keys are
    made from. A key whose kept ends no word of its length has leads to no word, so
    did-you-mean need not look it up (about 5–10 µs a lookup, most of them misses)."""

    firsts: frozenset[str]
    lasts: frozenset[str]

    @classmethod
    def of(cls, words: Iterable[str]) -> WordEnds:
        words = list(words)
        return cls(
            frozenset(f"{len(w)}{w[0]}" for w in words),
            frozenset(f"{len(w)}{w[-1]}" for w in words),
        )

    def may_differ_at(self, stretch: str, k: int) -> bool:
        """Whether a word may be ``stretch`` with its ``k``-th character replaced
        (``stretch`` with ``WILDCARD`` at ``k`` a key of ``Vocabulary.wildcards``).

        The rule stated one position at a time, and so the tests' oracle
        (tests/search/test_word_ends.py): they check it skips no key a word makes, and
        that ``positions_may_differ``, what did-you-mean calls, allows the same positions.
        No request calls it."""
        n = len(stretch)
        return (k == 0 or f"{n}{stretch[0]}" in self.firsts) and (
            k == n - 1 or f"{n}{stretch[-1]}" in self.lasts
        )

    def positions_may_differ(self, stretch: str) -> Container[int]:
        """The ``k`` for which ``may_differ_at(stretch, k)``: its two look-ups made once."""
        n = len(stretch)
        first, last = f"{n}{stretch[0]}" in self.firsts, f"{n}{stretch[-1]}" in self.lasts
        if first and last:
            return range(n)
        if first:
            return (n - 1,)
        if last:
            return (0,)
        return ()

    def may_lack_one(self, stretch: str) -> bool:
        """Whether a word may be ``stretch`` with one character more (``stretch`` a key of
        ``Vocabulary.deletions``): it keeps ``stretch``'s first character, or its last."""
        n = len(stretch) + 1
        return f"{n}{stretch[0]}" in self.firsts or f"{n}{stretch[-1]}" in self.lasts


@dataclass
class Vocabulary:
    counts: dict[str, int]  # word → documents holding it as a word
    terms: frozenset[str] = frozenset()  # the union-term dictionary's terms
    # Key → words, most frequent first. Packed (search.packed): these maps hold a key per
    # word and per character of each word, in every server worker.
    by_full: Mapping[str, list[str]] = field(default_factory=dict)  # gonghui → [工会, …]
    by_initials: Mapping[str, list[str]] = field(default_factory=dict)  # gh → [工会, 国会…]
    wildcards: Mapping[str, list[str]] = field(default_factory=dict)  # 集体协? → [集体协商]
    deletions: Mapping[str, list[str]] = field(default_factory=dict)  # 带薪休假 → [带薪年休假]
    readings: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # word → keys
    # Each character's reading (the generation's vocabulary file); None: read typed words
    # with pypinyin (a generation written before the file held them).
    chars: CharReadings | None = None
    # The ends of ``counts``' words, the words the tables are made from (None: derived).
    ends: WordEnds | None = None

    def __post_init__(self) -> None:
        if self.ends is None:
            self.ends = WordEnds.of(self.counts)

    def count(self, word: str) -> int:
        return self.counts.get(word, 0)

    def syllables(self, word: str) -> list[str]:
        """The syllables of a typed word, one per character read (search.typed_pinyin)."""
        if self.chars is None:
            return syllables(word)
        return self.chars.syllables(word, self.readings)

    @classmethod
    def build(
        cls,
        counts: dict[str, int],
        terms: Iterable[str] = (),
        readings: Mapping[str, tuple[str, str]] | None = None,
        chars: Mapping[str, str] | None = None,
    ) -> Vocabulary:
        """From every word's document count (or the kept ones: ranking them again keeps
        them all) and the dictionary's terms; ``readings`` known (the generation's
        vocabulary file) are not read again with pypinyin, nor typed words when the file
        has ``chars``."""
        terms = frozenset(t for t in terms if HAN_WORD.fullmatch(t))
        kept = ranked_words(counts, terms)
        vocab = cls(kept, terms, chars=CharReadings(chars) if chars else None)
        order = sorted(kept, key=lambda w: (-kept[w], w))
        known = readings or {}
        # Keys, and the number (in ``order``) of the word each one leads to.
        full_keys: list[str] = []
        initial_keys: list[str] = []
        wildcard_keys: list[str] = []
        deletion_keys: list[str] = []
        word_numbers: list[int] = []
        readings_of: dict[str, tuple[str, str]] = {}
        for n, word in enumerate(order):
            full, initials = known.get(word) or keys(word)
            readings_of[word] = (full, initials)
            full_keys.append(full)
            initial_keys.append(initials)
            for i in range(len(word)):
                wildcard_keys.append(word[:i] + WILDCARD + word[i + 1 :])
                deletion_keys.append(word[:i] + word[i + 1 :])
                word_numbers.append(n)
        numbers = range(len(order))
        vocab.by_full = PackedMultiMap(full_keys, numbers, order)
        vocab.by_initials = PackedMultiMap(initial_keys, numbers, order)
        vocab.wildcards = PackedMultiMap(wildcard_keys, word_numbers, order)
        vocab.deletions = PackedMultiMap(deletion_keys, word_numbers, order)
        # Packed too: a dict of tuples of str was ~5 MB per worker for 20,000 words.
        vocab.readings = PackedPairMap(readings_of)
        return vocab
