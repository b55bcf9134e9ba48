"""Pinyin readings of Chinese words: the one module that calls pypinyin.

pypinyin gives phrase-aware readings (银行 reads yinhang). It is imported on first use:
it loads its phrase dictionary (~50 MB of Python objects) at import, which processes
that never read pinyin (gunicorn's master, a server whose readings were written by the
reindex) should not pay for.
"""

from __future__ import annotations


def syllables(word: str) -> list[str]:
    """Toneless syllables of a Chinese word, one per character (ü written v)."""
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(word, style=Style.NORMAL, errors="ignore", v_to_u=False)


def keys(word: str) -> tuple[str, str]:
    """(full pinyin, initials) of a word: 工会经费 → ("gonghuijingfei", "ghjf")."""
    parts = syllables(word)
    return "".join(parts), "".join(p[0] for p in parts if p)


# The characters a typed word is checked in (search.spelling: CJK Extension A and the
# unified block, the vocabulary's HAN_WORD range).
HAN_RANGE = (0x3400, 0x9FFF)


def char_readings() -> dict[str, str]:
    """Each character's reading read alone (its most common one), for the characters of
    HAN_RANGE pypinyin can read: a server reads typed words with these instead of
    loading pypinyin."""
    out: dict[str, str] = {}
    for code in range(HAN_RANGE[0], HAN_RANGE[1] + 1):
        parts = syllables(chr(code))
        if parts and parts[0]:
            out[chr(code)] = parts[0]
    return out
