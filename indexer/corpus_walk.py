"""Which files under a corpus folder are documents, in a stable order.

Folders reached through a symbolic link are walked too: people assemble a corpus from
folders kept elsewhere (a mounted share, a mirror updated by another tool). Each real
folder is walked once, so a link back up the tree (a loop) or a second link to the same
folder neither hangs the walk nor indexes a document twice. Hidden files and folders are
skipped, and so are metadata sidecars (``NAME.ext.meta``), which describe a document and
are not documents themselves.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

SIDECAR_SUFFIX = ".meta"


def corpus_files(root: Path, base: Path | None = None) -> Iterator[Path]:
    """Every document file under ``base`` (default ``root``), folders and names sorted.

    Paths are under ``root`` as reached (through links, not resolved), so a document's id,
    its path relative to ``root``, stays the same wherever the link points.
    """
    seen: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(base or root, followlinks=True):
        st = os.stat(dirpath)
        if (st.st_dev, st.st_ino) in seen:
            dirnames[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and not name.endswith(SIDECAR_SUFFIX):
                yield Path(dirpath) / name
