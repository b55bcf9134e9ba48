"""glibc malloc settings for the server's processes: fewer arenas, so less memory kept.

Each request makes and frees large temporaries (bitsets, lists of document numbers,
decoded stored fields) from up to ``threads`` threads of a worker. By default glibc gives
each thread its own arena (up to 8 per core), and each arena keeps the freed memory of
its own high-water mark: at 20,000 documents two arenas per process saved ~10 MB per
worker at the same latency (bench/PERFORMANCE-LOG.md, Server memory). A fixed 128 KiB trim and mmap
threshold saved ~12 MB more but made p95 latency clearly worse (every large temporary
mapped and unmapped), so it is not set. Set in gunicorn's master before it forks: the
workers inherit it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

_M_ARENA_MAX = -8  # mallopt parameter (malloc.h)
ARENAS = 2


def limit_arenas() -> bool:
    """Apply the setting to this process (and the processes it forks); False where the C
    library has no ``mallopt`` (not glibc), which changes nothing."""
    mallopt = _libc("mallopt", (ctypes.c_int, ctypes.c_int))
    return mallopt is not None and bool(mallopt(_M_ARENA_MAX, ARENAS))


def release_free_memory() -> bool:
    """Give the free memory glibc keeps inside its heaps back to the OS (``malloc_trim``):
    what a request's large temporaries left behind, kept as the arenas' high-water mark.
    False where there is no ``malloc_trim`` (not glibc)."""
    malloc_trim = _libc("malloc_trim", (ctypes.c_size_t,))
    if malloc_trim is None:
        return False
    malloc_trim(0)
    return True


@functools.cache
def _libc(function: str, argtypes: tuple):
    """The C library's ``function`` returning an int, or None where there is none. Looked
    up once per process (inherited by forked workers): ``find_library`` runs ``ldconfig
    -p`` in a subprocess, and an idle worker's trim called it on every idle spell (a fork
    of the worker, 5–11 ms, for the same answer each time)."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        f = getattr(ctypes.CDLL(name), function)
    except (OSError, AttributeError):
        return None
    f.argtypes = argtypes
    f.restype = ctypes.c_int
    return f
