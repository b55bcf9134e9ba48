"""Scanning the corpus folder: every document file's fingerprint (SHA-256 of its bytes
and its sidecar's) and kind, the reindex's first step.

The scan was the serial start of every reindex, on one core with the others idle: at
100,000 files about 13 s of CPU (Python's path objects, three ``stat`` calls and two
opens per file) and, with the files not yet in the page cache, three times that in wall
time. Each file is now read once (its kind sniffed from the bytes read for the hash),
and a large corpus is fingerprinted on several forked processes, while the reindex's
own process does what it needs meanwhile (loading jieba's dictionary).
"""

from __future__ import annotations

import errno
import hashlib
import multiprocessing as mp
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from indexer.corpus_walk import SIDECAR_SUFFIX, document_ids
from indexer.document import Rejected, Rejection
from indexer.formats.sniff import sniff_bytes
from indexer.sizes import too_large_reason

# Below this many files, forking scanners costs more than it saves.
PARALLEL_SCAN_MIN = 2000
# Files per task handed to a scanner: small enough that the scanners finish together.
SCAN_CHUNK = 256


@dataclass(slots=True)
class SourceFile:
    """A document file the scan found. One per file, held by the parent through the whole
    reindex and inherited by every worker, so kept small: the path is derived from the
    corpus root all of them share."""

    id: str
    root: Path
    fingerprint: str
    size: int

    @property
    def path(self) -> Path:
        return self.root / self.id


def fingerprint(root: str, doc_id: str, max_bytes: int) -> tuple[str, int]:
    """(SHA-256 of the file and its sidecar, size) of a document file whose kind we can
    read; raises :class:`Rejected` otherwise."""
    path = os.path.join(root, doc_id)
    try:
        st = os.stat(path)
    except OSError as e:
        raise Rejected(os_reason(e)) from None
    if not os.path.isfile(path):
        raise Rejected("not a regular file")
    if st.st_size > max_bytes:
        raise Rejected(too_large_reason(st.st_size, max_bytes))
    try:
        with open(path, "rb") as f:
            data = f.read()
        digest = hashlib.sha256(data)
        sidecar = path + SIDECAR_SUFFIX
        if os.path.isfile(sidecar):
            with open(sidecar, "rb") as f:
                digest.update(b"\0meta\0" + f.read())
    except OSError as e:
        raise Rejected(os_reason(e)) from None
    sniff_bytes(data, os.path.basename(path))  # the same content decision as `extract`
    return digest.hexdigest(), st.st_size


def os_reason(e: OSError) -> str:
    if e.errno == errno.ELOOP:
        return "symlink loop"
    if e.errno == errno.ENOENT:
        return "file vanished or dangling symlink"
    if e.errno == errno.EACCES:
        return "cannot read: permission denied"
    return f"cannot read: {e.strerror or e}"


# One file's outcome, as a scanner sends it back: (id, fingerprint, size) or
# (id, None, the reason it was rejected).
_Outcome = tuple[str, str | None, int | str]


def _scan_chunk(task: tuple[str, list[str], int]) -> list[_Outcome]:
    root, ids, max_bytes = task
    out: list[_Outcome] = []
    for doc_id in ids:
        try:
            out.append((doc_id, *fingerprint(root, doc_id, max_bytes)))
        except Rejected as r:
            out.append((doc_id, None, r.reason))
    return out


def scan_files(
    root: Path,
    max_bytes: int,
    jobs: int = 1,
    child_init: Callable[[], None] | None = None,
    meanwhile: Callable[[], object] | None = None,
    first_found: Callable[[], None] | None = None,
    parallel_min: int = PARALLEL_SCAN_MIN,
) -> tuple[list[SourceFile], list[Rejection]]:
    """Fingerprint every document file under ``root``, in the scan's order; unreadable ones
    become rejections. With ``jobs`` > 1 and at least ``parallel_min`` files, on ``jobs``
    forked scanners (each running ``child_init`` first) while this process runs
    ``meanwhile``; ``first_found`` is called once a file has been fingerprinted."""
    root = Path(root)
    ids = document_ids(root)
    tasks = [
        (str(root), ids[i : i + SCAN_CHUNK], max_bytes) for i in range(0, len(ids), SCAN_CHUNK)
    ]
    if jobs > 1 and len(ids) >= parallel_min:
        with mp.get_context("fork").Pool(jobs, initializer=child_init) as pool:
            pending = pool.map_async(_scan_chunk, tasks, chunksize=1)
            if meanwhile is not None:
                meanwhile()
            outcomes = [o for chunk in pending.get() for o in chunk]
    else:
        outcomes = []
        for task in tasks:
            chunk = _scan_chunk(task)
            if first_found is not None and any(o[1] is not None for o in chunk):
                first_found()
                first_found = None
            outcomes.extend(chunk)
        if meanwhile is not None:
            meanwhile()
    files: list[SourceFile] = []
    rejected: list[Rejection] = []
    for doc_id, digest, size_or_reason in outcomes:
        if digest is None:
            rejected.append(Rejection(doc_id, size_or_reason))
        else:
            files.append(SourceFile(doc_id, root, digest, size_or_reason))
    if files and first_found is not None:
        first_found()
    return files, rejected
