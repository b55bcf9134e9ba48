"""Pinyin: readings of vocabulary words, and a query typed in pinyin read back as words.

Readings come from ``indexer.pinyin`` (pypinyin, phrase-aware: 银行 reads yinhang). A query
is read as pinyin only when it is nothing but Latin letters, spaces and apostrophes:
``gonghui``, ``gong hui``, ``gonghui jingfei`` (full syllables) or ``ghjf`` (the initials
of 工会经费).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from indexer.analysis import normalize
from indexer.pinyin import keys, syllables

__all__ = ["compact", "keys", "read_pinyin", "syllables"]

_LATIN = re.compile(r"[A-Za-z][A-Za-z' ]*")
MAX_PINYIN_CHARS = 60  # longer Latin text is not a word typed before the IME converts
_MAX_KEY = 40  # longest full-pinyin key tried when segmenting


def compact(query: str) -> str | None:
    """The letters of a query that could be pinyin, lower case; None if it cannot be.
    Full-width letters (ｇｏｎｇｈｕｉ, a Chinese IME left in full-width mode) are its
    letters too, as the index folds them."""
    q = normalize(query).strip()
    if not q or len(q) > MAX_PINYIN_CHARS or not _LATIN.fullmatch(q):
        return None
    letters = re.sub(r"[' ]+", "", q).lower()
    return letters if len(letters) >= 2 else None


def read_pinyin(
    letters: str,
    by_full: Mapping[str, Sequence[str]],
    by_initials: Mapping[str, Sequence[str]],
) -> list[str] | None:
    """The vocabulary words a pinyin string stands for, best first per piece.

    ``by_full`` / ``by_initials`` map a key to words, most frequent first. The whole
    string is tried as one word's full pinyin, then as one word's initials, then split
    into the fewest words whose full pinyin covers it (gonghuijingfei → 工会 经费 when
    工会经费 itself is not a word).
    """
    if letters in by_full:
        return [by_full[letters][0]]
    if letters in by_initials:
        return [by_initials[letters][0]]
    n = len(letters)
    # best[i]: fewest pieces covering letters[:i], as (pieces, words)
    best: list[tuple[int, list[str]] | None] = [None] * (n + 1)
    best[0] = (0, [])
    for i in range(n):
        if best[i] is None:
            continue
        pieces, words = best[i]
        for j in range(i + 2, min(n, i + _MAX_KEY) + 1):
            found = by_full.get(letters[i:j])
            if found and (best[j] is None or best[j][0] > pieces + 1):
                best[j] = (pieces + 1, [*words, found[0]])
    return best[n][1] if best[n] is not None else None
