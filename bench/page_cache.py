"""The OS page cache of an index folder: read it in, drop it, count what is resident.

Every engine's queries are timed twice (bench/PERFORMANCE-LOG.md, "Warm and cold pages"):
warm, right after its own index files were read through (as a server in use has them), and
cold, right after its files' pages were dropped. Both are done here the same way for every
engine, so no engine's figure depends on when the machine last reclaimed its pages (this
machine runs DAMON proactive reclaim, which pages out file pages idle for about a minute) or
on how long another engine's turn took.

Reading through costs no process memory: the pages are the kernel's page cache, counted in
no process's RSS. Dropping uses ``posix_fadvise(POSIX_FADV_DONTNEED)``, which needs no
privileges and drops only clean pages that no process has mapped, the same pages reclaim
takes; mapped pages stay (a mapping's resident pages count in its process's RSS instead).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

_CHUNK = 1 << 20


def files_under(root: Path) -> list[Path]:
    """Every non-empty regular file under ``root`` (an index folder), sorted."""
    return sorted(p for p in root.rglob("*") if p.is_file() and p.stat().st_size)


def read_through(root: Path) -> int:
    """Read every file under ``root`` once so its pages are in the page cache; bytes read."""
    total = 0
    buf = bytearray(_CHUNK)
    for path in files_under(root):
        with path.open("rb", buffering=0) as f:
            while n := f.readinto(buf):
                total += n
    return total


def drop(root: Path) -> None:
    """Drop the clean, unmapped page-cache pages of every file under ``root``."""
    for path in files_under(root):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def resident_bytes(root: Path) -> int | None:
    """Bytes of the files under ``root`` now in the page cache (util-linux ``fincore``);
    None where ``fincore`` is not installed."""
    fincore = shutil.which("fincore")
    paths = files_under(root)
    if fincore is None:
        return None
    if not paths:
        return 0
    out = subprocess.run(
        [fincore, "--bytes", "--noheadings", "--raw", "--output", "RES", *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return sum(int(line) for line in out.split())
