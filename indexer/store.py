"""Index generations: build aside, switch atomically, clean up what a crash left.

Layout of the index folder::

    CURRENT              name of the generation being served (replaced atomically)
    reindex.lock         flock()ed by the one running reindex; the kernel drops it if
                         the process dies, so a killed reindex never leaves a stale lock
    gen-000007/          a complete Whoosh index + meta.json
    gen-000008.building  a generation being written; renamed once complete
    cache/               jieba's dictionary cache

Readers only ever open the generation CURRENT names, so a search sees one complete index,
and a reindex that fails or is killed leaves the previous one serving.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import shutil
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from indexer.durable import replaced_whole, temporary

CURRENT = "CURRENT"
LOCK = "reindex.lock"
META = "meta.json"
_GEN = re.compile(r"^gen-(\d{6})(\.building)?$")


class IndexBusy(Exception):
    """Another reindex holds the lock."""


@dataclass(frozen=True)
class Generation:
    path: Path

    @property
    def name(self) -> str:
        return self.path.name

    def meta(self) -> dict:
        return json.loads((self.path / META).read_text("utf-8"))


class IndexStore:
    def __init__(self, index_dir: Path):
        self.root = Path(index_dir)
        self.lock_fd: int | None = None

    # -- reading ------------------------------------------------------------

    def current(self) -> Generation | None:
        try:
            name = (self.root / CURRENT).read_text("utf-8").strip()
        except FileNotFoundError:
            return None
        if not _GEN.match(name) or name.endswith(".building"):
            return None
        path = self.root / name
        return Generation(path) if (path / META).exists() else None

    def current_token(self) -> str | None:
        """A cheap fingerprint of what CURRENT names, for readers deciding to refresh."""
        try:
            return (self.root / CURRENT).read_text("utf-8").strip() or None
        except OSError:
            return None

    # -- writing ------------------------------------------------------------

    @contextmanager
    def reindex_lock(self):
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.root / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as e:
                if e.errno in (errno.EAGAIN, errno.EACCES):
                    raise IndexBusy(
                        f"another reindex is running on {self.root} (lock held)"
                    ) from None
                raise
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
            self.lock_fd = fd
            yield
        finally:
            self.lock_fd = None
            os.close(fd)  # closing releases the flock

    def new_generation(self, copy_from: Generation | None = None) -> Path:
        """Make a ``.building`` folder for the next generation.

        An incremental build starts from hard links to the current generation's files:
        Whoosh never rewrites a segment file in place (new segments and TOCs get new
        names), so the served generation stays untouched while the copy changes.
        """
        numbers = [int(m.group(1)) for p in self._entries() if (m := _GEN.match(p.name))]
        path = self.root / f"gen-{max(numbers, default=0) + 1:06d}.building"
        path.mkdir()
        if copy_from is not None:
            for f in copy_from.path.iterdir():
                if f.is_file() and f.name != META and "LOCK" not in f.name.upper():
                    os.link(f, path / f.name)
        return path

    def publish(self, building: Path, renamed: Callable[[], None] | None = None) -> Generation:
        """Make a complete ``.building`` folder the served generation, atomically.

        ``renamed()`` runs between renaming the folder and switching CURRENT to it.
        """
        final = building.with_name(building.name.removesuffix(".building"))
        _fsync_tree(building)
        os.rename(building, final)
        if renamed is not None:
            renamed()
        with replaced_whole(self.root / CURRENT) as f:
            f.write(final.name + "\n")
        _fsync(self.root)
        return Generation(final)

    def remove_stale(self, keep_previous: Generation | None = None) -> list[str]:
        """Delete half-written and superseded generations; call with the lock held.

        The generation just replaced is kept, so readers still on it finish undisturbed.
        """
        current = self.current()
        keep = {g.name for g in (current, keep_previous) if g is not None}
        removed = []
        for p in self._entries():
            if _GEN.match(p.name) and p.name not in keep:
                shutil.rmtree(p, ignore_errors=True)
                removed.append(p.name)
        temporary(self.root / CURRENT).unlink(missing_ok=True)
        return removed

    def _entries(self) -> list[Path]:
        return list(self.root.iterdir()) if self.root.exists() else []


def write_meta(path: Path, meta: dict) -> None:
    (path / META).write_text(json.dumps(meta, ensure_ascii=False), "utf-8")


def _fsync(path: Path) -> None:
    """Flush a file, or a folder's entries, to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(path: Path) -> None:
    for f in path.iterdir():
        if f.is_file():
            _fsync(f)
    _fsync(path)
