"""A generation's files written whole and durably: into a temporary name beside them,
flushed to disk, then renamed over their own name. The rename gives the name a new inode,
so a file that is still a hard link to the previous generation's (incremental reindexes
link what they keep) is replaced, never written through, and a crash leaves the old file
or the new one, never a part."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


def temporary(path: Path) -> Path:
    """Where ``path``'s new content is written before it takes the name (left behind by a
    crash: cleaning up removes it)."""
    return path.with_name(path.name + ".tmp")


@contextmanager
def replaced_whole(path: Path, binary: bool = False) -> Iterator[IO]:
    """A file to write ``path``'s new content into (text in UTF-8, or ``binary``); it
    takes the name once the block ends without an error."""
    tmp = temporary(path)
    with open(tmp, "wb") if binary else open(tmp, "w", encoding="utf-8") as f:
        yield f
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def write_json(path: Path, payload: object) -> None:
    """``payload`` as compact JSON (UTF-8, not escaped) at ``path``, written whole."""
    # ``dumps``, not ``dump``: only the one-shot encoding runs in C (``dump`` walks the
    # payload in Python, in chunks); the same text, at a third of the CPU on a reindex's
    # vocabulary, labels and text-store index (serial steps after the workers).
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    with replaced_whole(path) as f:
        f.write(text)
