"""Read-only string tables packed into one bytes blob, for per-generation tables that every
server worker holds (completions, the vocabulary's lookup maps).

A Python ``str`` costs 50-80 bytes of header and a list slot besides its characters, and a
dict of lists adds a list and an entry per key: at 100,000 documents the completer's keys
and titles alone were tens of MB per worker. Here a table is its UTF-8 bytes plus one
offset per string (an ``array``), so memory is about the text itself; a string is decoded
when it is read. Lookups bisect the sorted table, comparing UTF-8 bytes.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import accumulate
from typing import TypeVar


class PackedStrings(Sequence[str]):
    """An immutable sequence of strings stored as one UTF-8 blob and their end offsets."""

    __slots__ = ("_blob", "_ends")

    def __init__(self, strings: Iterable[str] = ()):
        encoded = [s.encode("utf-8") for s in strings]
        self._blob = b"".join(encoded)
        self._ends = array("Q", accumulate(map(len, encoded)))

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self._ends)
        start = self._ends[i - 1] if i > 0 else 0
        return self._blob[start : self._ends[i]].decode("utf-8")

    def raw(self, i: int) -> bytes:
        """The ``i``-th string's UTF-8 bytes (a str prefix is a prefix of its bytes)."""
        start = self._ends[i - 1] if i > 0 else 0
        return self._blob[start : self._ends[i]]

    def bisect_left(self, key: str) -> int:
        """``bisect.bisect_left(self, key)`` for a table sorted as ``str``: the same
        index, found by comparing UTF-8 bytes (their order is the code points' order)
        in one loop instead of decoding a string per probe (a did-you-mean makes
        thousands of lookups, most of them misses)."""
        raw = key.encode("utf-8", "surrogatepass")
        blob, ends = self._blob, self._ends
        lo, hi = 0, len(ends)
        while lo < hi:
            mid = (lo + hi) // 2
            if blob[ends[mid - 1] if mid else 0 : ends[mid]] < raw:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def __iter__(self) -> Iterator[str]:
        start = 0
        blob = self._blob
        for end in self._ends:
            yield blob[start:end].decode("utf-8")
            start = end

    def nbytes(self) -> int:
        """Bytes held (blob and offsets), for measurements."""
        return len(self._blob) + _nbytes(self._ends)


def _nbytes(table: PackedStrings | array) -> int:
    return table.nbytes() if isinstance(table, PackedStrings) else table.itemsize * len(table)


V = TypeVar("V")


class _PackedKeyMap(Mapping[str, V]):
    """A read-only mapping from packed sorted keys (``_keys``), found by bisection; a
    subclass holds its values in packed tables of its own and names them in ``_tables``."""

    __slots__ = ("_keys",)

    _keys: PackedStrings

    def _tables(self) -> tuple[PackedStrings | array, ...]:
        raise NotImplementedError

    def _find(self, key: object) -> int:
        if not isinstance(key, str):
            return -1
        keys = self._keys
        i = keys.bisect_left(key)
        return i if i < len(keys) and keys.raw(i) == key.encode("utf-8", "surrogatepass") else -1

    def __contains__(self, key: object) -> bool:
        return self._find(key) >= 0

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def nbytes(self) -> int:
        """Bytes held (keys and value tables), for measurements."""
        return self._keys.nbytes() + sum(_nbytes(t) for t in self._tables())


class PackedMultiMap(_PackedKeyMap[list[str]]):
    """A read-only ``dict[str, list[str]]`` whose values are drawn from one word list.

    Built from parallel lists of keys and word numbers (a key's words keep the order they
    are given in). Keys are stored once each, sorted; ``values`` holds word numbers,
    ``starts`` where each key's run of them begins.
    """

    __slots__ = ("_starts", "_values", "_words")

    def __init__(self, keys: Sequence[str], numbers: Sequence[int], words: Sequence[str]):
        order = sorted(range(len(keys)), key=keys.__getitem__)  # stable: keeps given order
        self._values = array("I", [numbers[i] for i in order])
        distinct: list[str] = []
        starts = array("I")
        previous = None
        for n, i in enumerate(order):
            if keys[i] != previous:
                previous = keys[i]
                distinct.append(previous)
                starts.append(n)
        starts.append(len(order))
        del order
        self._keys = PackedStrings(distinct)
        self._starts = starts
        self._words = words

    def _tables(self) -> tuple[PackedStrings | array, ...]:
        return self._starts, self._values

    def ids(self, key: str) -> array:
        """The word numbers under ``key`` (empty if none), in their order."""
        i = self._find(key)
        if i < 0:
            return self._values[:0]
        return self._values[self._starts[i] : self._starts[i + 1]]

    def _words_at(self, i: int) -> list[str]:
        return [self._words[w] for w in self._values[self._starts[i] : self._starts[i + 1]]]

    def __getitem__(self, key: str) -> list[str]:
        i = self._find(key)
        if i < 0:
            raise KeyError(key)
        return self._words_at(i)

    def get(self, key: str, default=None):  # type: ignore[override]
        # Mapping.get goes through __getitem__'s KeyError: most lookups here miss.
        i = self._find(key)
        return self._words_at(i) if i >= 0 else default


class PackedPairMap(_PackedKeyMap[tuple[str, str]]):
    """A read-only ``dict[str, tuple[str, str]]`` (the vocabulary's word → full pinyin,
    initials): keys sorted and packed, each value's two strings packed beside them."""

    __slots__ = ("_firsts", "_seconds")

    def __init__(self, pairs: Mapping[str, tuple[str, str]]):
        keys = sorted(pairs)
        self._keys = PackedStrings(keys)
        self._firsts = PackedStrings(pairs[k][0] for k in keys)
        self._seconds = PackedStrings(pairs[k][1] for k in keys)

    def _tables(self) -> tuple[PackedStrings | array, ...]:
        return self._firsts, self._seconds

    def __getitem__(self, key: str) -> tuple[str, str]:
        i = self._find(key)
        if i < 0:
            raise KeyError(key)
        return self._firsts[i], self._seconds[i]

    def get(self, key: str, default=None):  # type: ignore[override]
        # A typed word's syllables look up each of its stretches: most miss.
        i = self._find(key)
        return (self._firsts[i], self._seconds[i]) if i >= 0 else default
