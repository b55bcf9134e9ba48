"""The pinyin of a word typed into the search box, without pypinyin in the server.

Did-you-mean (search.spelling) compares a typed word's syllables with the vocabulary's
readings. pypinyin would read it phrase-aware, but loads ~50 MB of dictionaries into each
server worker on the first check. The reindex writes, into each generation's vocabulary
file, every character's reading alone (indexer.vocab_file); this module reads a word with
them, and reads the stretches of it that are vocabulary words (longest first, left to
right, as pypinyin segments with its phrase dictionary) with the vocabulary's own
phrase-aware readings: 会计师事物所 reads kuai ji shi shi wu suo, 会计 being a word.
"""

from __future__ import annotations

from collections.abc import Mapping

from indexer.pinyin import HAN_RANGE
from search.packed import PackedStrings

_MAX_WORD = 8  # the vocabulary's longest words (indexer.vocab_file.HAN_WORD)
_MAX_SYLLABLE = 6  # zhuang, chuang, shuang


class CharReadings:
    """Each character's reading alone, packed by code point (empty: none known)."""

    __slots__ = ("_syllables", "_inventory")

    def __init__(self, chars: Mapping[str, str]):
        first, last = HAN_RANGE
        self._syllables = PackedStrings(chars.get(chr(c), "") for c in range(first, last + 1))
        self._inventory = frozenset(chars.values())

    def __len__(self) -> int:
        return sum(1 for s in self._syllables if s)

    def char(self, ch: str) -> str:
        code = ord(ch) - HAN_RANGE[0]
        return self._syllables[code] if 0 <= code < len(self._syllables) else ""

    def split(self, full: str, initials: str) -> list[str] | None:
        """A word's full pinyin cut into its syllables, one per initial (gonghui, gh →
        gong hui), each a known syllable; None if it cannot be."""

        def cut(pos: int, k: int) -> list[str] | None:
            if k == len(initials):
                return [] if pos == len(full) else None
            for n in range(min(_MAX_SYLLABLE, len(full) - pos), 0, -1):
                piece = full[pos : pos + n]
                if piece[0] == initials[k] and piece in self._inventory:
                    rest = cut(pos + n, k + 1)
                    if rest is not None:
                        return [piece, *rest]
            return None

        return cut(0, 0)

    def syllables(self, word: str, readings: Mapping[str, tuple[str, str]]) -> list[str]:
        """Syllables of ``word``, one per character it can read (as pypinyin's
        ``lazy_pinyin`` with errors ignored); ``readings``: the vocabulary's words."""
        out: list[str] = []
        i = 0
        while i < len(word):
            for j in range(min(len(word), i + _MAX_WORD), i + 1, -1):
                known = readings.get(word[i:j])
                if known and len(known[1]) == j - i:
                    parts = self.split(*known)
                    if parts is not None:
                        out += parts
                        i = j
                        break
            else:
                if s := self.char(word[i]):
                    out.append(s)
                i += 1
        return out
