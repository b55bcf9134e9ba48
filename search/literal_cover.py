"""Which of a literal's candidates could contain it, from the jieba words they hold.

A literal's candidates hold each of its bigrams (``search.literal``); those that do not
hold it as a jieba word are read in the text store (``search.literal_confirm``). At
100,000 documents an article number like 第三十三条 has thousands of such candidates,
holding 第三十条 and 第十三条 apart, and none of them contains it: each was read for
nothing. This rules most of them out without reading them.

The word fields (``title``, ``body``) index every jieba word (precise mode, no HMM) of
the same normalised text the text store holds, and jieba cuts a text into words that
cover every character once. So in a document whose text contains a literal L of Chinese
characters, the character L[k] lies in some word w of that document, with w overlapping
L as the text does. For w covering L[k] (0 < k < len(L) - 1), one of:

* w contains all of L;
* w starts before L and ends inside it: w ends with L[:j], k < j < len(L);
* w lies inside L: w is L[i:j], 0 < i ≤ k < j < len(L) (the character L[k] alone too);
* w starts inside L and ends with it or after it: w starts with L[i:], 0 < i ≤ k.

Without jieba's HMM, a word of more than one character that holds a Chinese character is
a word of the tokenizer's dictionary (``FREQ`` entry above 0), so the first two kinds are
found in the dictionary; the last two are looked up in the index's own terms (exact, and
by prefix). A document holding none of the words of some position k cannot contain L;
only the others are read. The set confirmed is the same as reading every candidate, so
counts, facets, IDF and relaxation do not move.

Only when the generation was built with the dictionary the searcher holds (same
``dict_hash``); otherwise every candidate is read, as before.
"""

from __future__ import annotations

import re
import threading
from collections import deque
from collections.abc import Callable, Mapping
from itertools import repeat

from indexer.whoosh_adapter import block_ids, term_postings

# A byte per document (0 or 1) → the ASCII digit of its bit.
_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
# Literals this applies to: Chinese characters only, one to six inner positions (a
# longer literal's positions list many words).
_CHINESE = re.compile(r"[\u4e00-\u9fff]{3,8}")
# Choosing a position costs a few milliseconds (listing its words, their document
# frequencies); below this many candidates to read, reading them costs less.
COVER_FROM = 2000
# A posting decoded costs about a tenth of a candidate's text read and searched (1.6 KB
# at 100,000 recombined documents): the position is used when its words' postings are at
# most this many per candidate to read.
POSTINGS_PER_TEXT = 4


class DictionaryWords:
    """The tokenizer's dictionary words of two characters or more, one string, for
    finding the words that hold a given string (``str.find``, C speed)."""

    def __init__(self, freq: Mapping[str, int]):
        words = (w for w, f in freq.items() if f > 0 and len(w) > 1 and "\n" not in w)
        self._joined = "\n" + "\n".join(words) + "\n"

    def holding(self, part: str) -> list[str]:
        """The words in which ``part`` occurs."""
        joined, out, i = self._joined, [], 0
        while (i := joined.find(part, i)) >= 0:
            lo = joined.rfind("\n", 0, i) + 1
            hi = joined.find("\n", i + len(part))
            out.append(joined[lo:hi])
            i = hi
        return out


class LazyDictionary:
    """``DictionaryWords`` built on first use (a literal worth it), once per generation."""

    def __init__(self, freq: Callable[[], Mapping[str, int]]):
        self._freq = freq
        self._words: DictionaryWords | None = None
        self._lock = threading.Lock()

    def get(self) -> DictionaryWords:
        with self._lock:
            if self._words is None:
                self._words = DictionaryWords(self._freq())
            return self._words


def position_words(
    dictionary: DictionaryWords,
    terms: Callable[[str], list[str]],
    literal: str,
    k: int,
    holding: list[str] | None = None,
) -> set[str]:
    """Every word that can cover ``literal[k]`` in a text holding ``literal`` (see the
    module's docstring); ``terms(prefix)`` lists the index's terms starting with it,
    ``holding`` the dictionary's words holding ``literal[:2]`` if already listed."""
    n = len(literal)
    out: set[str] = set()
    for word in dictionary.holding(literal[:2]) if holding is None else holding:
        if literal in word or any(word.endswith(literal[:j]) for j in range(k + 1, n)):
            out.add(word)
    for i in range(1, k + 1):
        out.update(literal[i:j] for j in range(k + 1, n))
        out.update(terms(literal[i:]))
    return out


def cover_mask(
    dictionary: DictionaryWords, reader, word_field: str, literal: str, size: int, to_read: int
) -> int:
    """Of ``to_read`` (candidates of ``literal`` in ``word_field``'s text), those that
    hold a word that can cover the inner position of ``literal`` whose words are in the
    fewest documents; ``to_read`` itself when even those postings would cost more than
    reading the texts."""

    def terms(prefix: str) -> list[str]:
        return [
            t if isinstance(t, str) else t.decode("utf-8")
            for t in reader.expand_prefix(word_field, prefix)
        ]

    holding = dictionary.holding(literal[:2])
    budget = POSTINGS_PER_TEXT * to_read.bit_count()
    best: tuple[int, list[bytes]] | None = None
    for k in range(1, len(literal) - 1):
        words = [w.encode("utf-8") for w in position_words(dictionary, terms, literal, k, holding)]
        postings = 0
        for w in words:
            postings += reader.doc_frequency(word_field, w)
            if postings > budget:
                break
        if postings <= budget:
            budget, best = postings, (postings, words)
    if best is None:
        return to_read
    return to_read & holding_any(reader, word_field, best[1], size)


def holding_any(reader, fieldname: str, terms: list[bytes], size: int) -> int:
    """The documents (deleted ones included) whose ``fieldname`` holds any of ``terms``:
    a byte per document set by ``map`` (a C loop, no shift and OR per posting), read back
    as the digits of a base-2 number."""
    flags = bytearray(size)
    for sub, offset in reader.leaf_readers():
        for term in terms:
            m = term_postings(sub, fieldname, term)
            if m is not None:
                ids = block_ids(m)
                docs = map(offset.__add__, ids) if offset else ids
                deque(map(flags.__setitem__, docs, repeat(1)), 0)
    return int(flags.translate(_DIGITS)[::-1] or b"0", 2)


def applies(literal: str) -> bool:
    return _CHINESE.fullmatch(literal) is not None
