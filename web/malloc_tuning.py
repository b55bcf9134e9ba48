"""glibc malloc settings for the server's processes: give freed memory back to the OS.

A worker's Python objects are mostly built once per generation, but each request makes
and frees large temporaries (bitsets, lists of document numbers, decoded stored fields)
from up to ``threads`` threads. By default glibc gives each thread its own arena (up to
8 per core) and raises its trim threshold as large blocks are freed, so a worker's RSS
kept the high-water mark of every arena: at 20,000 documents, 24 MB per worker more than
with two arenas and a fixed 128 KiB trim threshold, at the same latency (README, Server
memory). Set in gunicorn's master before it forks: the workers inherit the settings.
"""

from __future__ import annotations

import ctypes
import ctypes.util

# mallopt parameters (malloc.h)
_M_TRIM_THRESHOLD = -1
_M_ARENA_MAX = -8
ARENAS = 2
TRIM_THRESHOLD = 128 * 1024  # glibc's initial value, kept fixed instead of growing


def return_freed_memory() -> bool:
    """Apply the settings to this process (and the processes it forks); False where the
    C library has no ``mallopt`` (not glibc), which changes nothing."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_ARENA_MAX, ARENAS)) and bool(mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))
