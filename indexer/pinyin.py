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
