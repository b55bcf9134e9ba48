"""The bench's warm and cold passes: an index folder's pages read in and dropped for real."""

from __future__ import annotations

import mmap
import os
import shutil
from pathlib import Path

import pytest

from bench import page_cache

pytestmark = pytest.mark.skipif(shutil.which("fincore") is None, reason="util-linux fincore")

SIZE = 4 << 20


def _folder(tmp_path: Path) -> Path:
    root = tmp_path / "index"
    (root / "gen-000001").mkdir(parents=True)
    for name, size in (
        ("gen-000001/a.pst", SIZE),
        ("gen-000001/b.trm", SIZE // 2),
        ("CURRENT", 11),
    ):
        with (root / name).open("wb") as f:
            f.write(os.urandom(size))
            f.flush()
            os.fsync(f.fileno())  # a dirty page cannot be dropped; the bench's index is written
    (root / "gen-000001/EMPTY").touch()
    return root


def test_read_through_then_drop(tmp_path: Path):
    root = _folder(tmp_path)
    total = SIZE + SIZE // 2 + 11
    assert [p.name for p in page_cache.files_under(root)] == ["CURRENT", "a.pst", "b.trm"]
    page_cache.drop(root)
    assert page_cache.resident_bytes(root) == 0
    assert page_cache.read_through(root) == total
    # fincore counts whole pages: the 11-byte file holds one.
    assert page_cache.resident_bytes(root) == SIZE + SIZE // 2 + mmap.PAGESIZE
    page_cache.drop(root)
    assert page_cache.resident_bytes(root) == 0


def test_drop_leaves_mapped_pages(tmp_path: Path):
    """Pages a process has mapped are not dropped (nor taken by reclaim of unmapped pages):
    they count in that process's RSS instead."""
    root = _folder(tmp_path)
    page_cache.drop(root)
    with (
        (root / "gen-000001/a.pst").open("rb") as f,
        mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m,
    ):
        for i in range(0, SIZE, mmap.PAGESIZE):
            m[i]  # noqa: B018 - touching a page faults it in
        page_cache.drop(root)
        assert page_cache.resident_bytes(root) == SIZE
    page_cache.drop(root)
    assert page_cache.resident_bytes(root) == 0
