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
