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


# Texts a reader is handed at a time: small enough that the two ends of a split finish
# within a few milliseconds of each other.
READ_CHUNK = 256


def _keys_of(texts: list[str]) -> list[tuple[str, str]]:
    return [keys(t) for t in texts]


class OverlappedReadings:
    """``keys`` of two lists of texts and, if asked, ``char_readings``, on this process
    and ``jobs - 1`` forked readers, where the second list is known only after work this
    process does meanwhile (a full reindex's tail: the documents' titles and issuers are
    known at once, the kept words only once the term tables are counted).

    ``start`` hands the first texts (and the characters) to the readers at once;
    ``read`` then takes the second list: this process reads its chunks from the end
    while a reader is still busy with the first, and once they are idle splits what is
    left in two halves, theirs read by the readers. Without this the tail counted the
    words on one core, the other idle, before any text was read, then read the
    characters alone after. The readings are those ``keys`` gives each text alone,
    whoever reads it. The readers are forked after pypinyin is loaded here (shared
    dictionaries, see ``keys_of_all``)."""

    def __init__(self, jobs: int):
        import multiprocessing as mp

        keys("工")  # loads pypinyin's dictionaries before the fork
        self._pool = mp.get_context("fork").Pool(max(1, jobs - 1))
        self._first: list = []  # (texts, pending result) per chunk
        self._chars = None

    def __enter__(self) -> OverlappedReadings:
        return self

    def __exit__(self, *exc) -> None:
        self._pool.terminate()
        self._pool.join()

    def start(self, texts: list[str], chars: bool) -> None:
        for i in range(0, len(texts), READ_CHUNK):
            part = texts[i : i + READ_CHUNK]
            self._first.append((part, self._pool.apply_async(_keys_of, (part,))))
        if chars:
            self._chars = self._pool.apply_async(char_readings)

    def _busy(self) -> bool:
        if self._chars is not None and not self._chars.ready():
            return True
        return not all(pending.ready() for _part, pending in self._first)

    def read(self, texts: list[str]) -> dict[str, tuple[str, str]]:
        """The readings of the first texts and of ``texts``, by text."""
        chunks = [texts[i : i + READ_CHUNK] for i in range(0, len(texts), READ_CHUNK)]
        mine: list[tuple[list[str], list[tuple[str, str]]]] = []
        while chunks and self._busy():
            part = chunks.pop()
            mine.append((part, _keys_of(part)))
        # The readers are idle (or nothing is left): what remains, half each.
        half = len(chunks) // 2
        theirs = [(part, self._pool.apply_async(_keys_of, (part,))) for part in chunks[half:]]
        mine += [(part, _keys_of(part)) for part in chunks[:half]]
        read: dict[str, tuple[str, str]] = {}
        for part, pending in self._first + theirs:
            read.update(zip(part, pending.get(), strict=True))
        for part, done in mine:
            read.update(zip(part, done, strict=True))
        return read

    def chars(self) -> dict[str, str] | None:
        """``char_readings()`` if ``start`` asked for them."""
        return self._chars.get() if self._chars is not None else None


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
