"""Pinyin readings of Chinese words: the one module that calls pypinyin.

pypinyin gives phrase-aware readings (银行 reads yinhang). It is imported on first use:
it loads its phrase dictionary (~50 MB of Python objects) at import, which processes
that never read pinyin (gunicorn's master, a server whose readings were written by the
reindex) should not pay for.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

# Bump when what ``syllables`` asks of pypinyin (style, errors, ü) or HAN_RANGE changes:
# readings written by a reindex are reused by the next only under the same ``stamp()``.
READING_SCHEME = 1


def stamp() -> str:
    """What a reading depends on besides the text: pypinyin's version (its dictionaries)
    and how we call it. Readings recorded under another stamp are read again."""
    try:
        pypinyin_version = version("pypinyin")
    except PackageNotFoundError:
        pypinyin_version = "?"
    return f"pypinyin {pypinyin_version}; scheme {READING_SCHEME}"


def syllables(word: str) -> list[str]:
    """Toneless syllables of a Chinese word, one per character (ü written v)."""
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(word, style=Style.NORMAL, errors="ignore", v_to_u=False)


def keys(word: str) -> tuple[str, str]:
    """(full pinyin, initials) of a word: 工会经费 → ("gonghuijingfei", "ghjf")."""
    parts = syllables(word)
    return "".join(parts), "".join(p[0] for p in parts if p)


# Below this many texts to read, forking readers costs more than it saves.
PARALLEL_READINGS_MIN = 2000


def keys_of_all(texts: list[str], jobs: int = 1) -> list[tuple[str, str]]:
    """``keys`` of each text, in order; on ``jobs`` processes when there are many.

    Run after the indexing workers have exited (the vocabulary is written last), when
    this would otherwise be one process's work with the other cores idle. The
    processes are forked after pypinyin is loaded here, so each shares its dictionaries
    rather than loading them again.

    This process reads a share itself and forks ``jobs - 1`` readers: a forked reader's
    RSS counts every page it shares with this process (by then it holds the reindex's
    labels, scan and reader), so ``jobs`` readers beside an idle parent made the
    reindex's peak about ``jobs + 1`` times this process's memory (at 100,000
    documents, the reindex's peak)."""
    if jobs <= 1 or len(texts) < PARALLEL_READINGS_MIN:
        return [keys(t) for t in texts]
    import multiprocessing as mp

    keys("工")  # loads pypinyin's dictionaries before the fork
    mine = len(texts) // jobs
    theirs = texts[mine:]
    with mp.get_context("fork").Pool(jobs - 1) as pool:
        pending = pool.map_async(keys, theirs, chunksize=max(1, len(theirs) // ((jobs - 1) * 4)))
        read = [keys(t) for t in texts[:mine]]
        read += pending.get()
    return read


# The characters a typed word is checked in (search.spelling: CJK Extension A and the
# unified block, the vocabulary's HAN_WORD range).
HAN_RANGE = (0x3400, 0x9FFF)


def char_readings() -> dict[str, str]:
    """Each character's reading read alone (its most common one), for the characters of
    HAN_RANGE pypinyin can read: a server reads typed words with these instead of
    loading pypinyin."""
    from pypinyin import Style, lazy_pinyin

    chars = [chr(code) for code in range(HAN_RANGE[0], HAN_RANGE[1] + 1)]
    # One call for the whole range: pypinyin reads each item of a list on its own (as
    # ``syllables(ch)`` would, checked for every character by tests/indexer/
    # test_pinyin_readings.py) at half the cost of a call per character. A character it
    # cannot read gives "" here (one item per character), where ``syllables`` gives none.
    parts = lazy_pinyin(chars, style=Style.NORMAL, errors=lambda run: [""] * len(run), v_to_u=False)
    if len(parts) != len(chars):  # not one item per character: read them one by one
        parts = [(syllables(ch) or [""])[0] for ch in chars]
    return {ch: p for ch, p in zip(chars, parts, strict=True) if p}
