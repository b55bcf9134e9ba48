"""File sizes: the one unit (MiB) and the one formatter for reasons and reports."""

from __future__ import annotations

MIB = 1024 * 1024
# Files above this are rejected from their size alone, never read whole.
DEFAULT_MAX_FILE_BYTES = 20 * MIB
# Postings an indexing writer holds in memory (Whoosh's estimate) before it writes a
# segment: what bounds a reindex's memory, whatever the corpus size
# (bench/PERFORMANCE-LOG.md, Bounded reindex memory).
DEFAULT_FLUSH_MB = 128


def format_mib(n: int) -> str:
    return f"{n / MIB:.1f} MiB"


def too_large_reason(size: int | None, limit: int) -> str:
    """The rejection reason for a file over ``limit``; ``size`` None when only a read showed it."""
    if size is None:
        return f"file too large: > {format_mib(limit)} limit"
    return f"file too large: {format_mib(size)} > {format_mib(limit)} limit"


def read_bounded(f, size: int, limit: int) -> bytes:
    """The first ``limit + 1`` bytes at most of an open binary file that ``stat`` gave
    ``size`` (at most ``limit``): what it held then and one byte more, read on only if it
    grew since. ``read(limit + 1)`` at once allocates a buffer of ``limit`` bytes for every
    file (20 MiB by default: a map and an unmap, 26 against 10 µs of CPU for a 4 KB file)."""
    raw = f.read(size + 1)
    if len(raw) > size:
        raw += f.read(limit + 1 - len(raw))
    return raw
