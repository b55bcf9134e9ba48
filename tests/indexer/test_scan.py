"""The corpus scan: the same files, fingerprints and rejections, in the same order, on
forked scanners as in one process, and each fingerprint what hashing the file gives."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from indexer.scan import scan_files
from tests.conftest import CORPUS_DOCS
from tests.reliability.test_bad_documents import LIMIT, build_bad_corpus


def _corpus(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    root = tmp_path / "corpus"
    expected_bad = build_bad_corpus(root)
    if os.geteuid() == 0:  # root reads anything
        expected_bad.pop("bad/unreadable.txt")
        (root / "bad" / "unreadable.txt").unlink()
    shutil.copytree(CORPUS_DOCS, root / "shipped")  # documents with .meta sidecars
    (root / "shipped" / ".hidden.txt").write_text("title: 隐藏\n\n工会", "utf-8")
    return root, expected_bad


def _expected_fingerprint(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes())
    sidecar = path.with_name(path.name + ".meta")
    if sidecar.is_file():
        digest.update(b"\0meta\0" + sidecar.read_bytes())
    return digest.hexdigest()


def test_parallel_scan_equals_serial_and_hashes(tmp_path):
    root, expected_bad = _corpus(tmp_path)
    loaded = []
    serial = scan_files(root, LIMIT, jobs=1)
    files, rejected = scan_files(
        root, LIMIT, jobs=2, meanwhile=lambda: loaded.append(True), parallel_min=1
    )
    assert loaded == [True]

    def records(result):
        found, rej = result
        return [(f.id, f.fingerprint, f.size) for f in found], [(r.path, r.reason) for r in rej]

    assert records((files, rejected)) == records(serial)

    reasons = {r.path: r.reason for r in rejected}
    # Truncated pages are rejected by extraction, not by the scan; vanishing.txt is there.
    at_extraction = {"bad/vanishing.txt", "bad/truncated.html", "bad/truncated-tag.html"}
    assert set(reasons) == set(expected_bad) - at_extraction
    for doc_id, reason in reasons.items():
        assert expected_bad[doc_id] in reason, (doc_id, reason)

    # Every other visible file but sidecars is found, in sorted walk order, hashed whole.
    visible = sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if (p.is_file() or p.is_symlink())
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
        and p.suffix != ".meta"
    )
    assert sorted(f.id for f in files) == sorted(set(visible) - set(reasons))
    assert any(f.id.startswith("shipped/") and (root / (f.id + ".meta")).is_file() for f in files)
    for f in files:
        assert f.fingerprint == _expected_fingerprint(root / f.id), f.id
        assert f.size == (root / f.id).stat().st_size
