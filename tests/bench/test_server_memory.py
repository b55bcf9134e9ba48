"""bench/server_memory.py reads a process's memory from /proc: checked on this process."""

from __future__ import annotations

import os

from bench.server_memory import proc_memory, top_file_maps


def test_proc_memory_adds_up_to_the_kernels_rss():
    block = bytearray(64 << 20)  # 64 MiB of anonymous memory, touched
    block[::4096] = b"x" * len(block[::4096])
    m = proc_memory(os.getpid())
    assert m is not None and m.pid == os.getpid()
    with open("/proc/self/statm") as f:
        rss = int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    assert abs(m.rss - rss) < 8 << 20  # the same pages, read a moment apart
    assert m.rss_anon >= 64 << 20 and 0 < m.pss <= m.rss + (1 << 20)
    del block


def test_file_maps_name_mapped_files_largest_first():
    maps = top_file_maps(os.getpid())
    assert maps and all(path.startswith("/") for path, _ in maps)
    sizes = [kb for _, kb in maps]
    assert sizes == sorted(sizes, reverse=True)
    assert proc_memory(2**22 + 12345) is None  # no such process
