"""Bad input is rejected with a one-line reason; a folder loop never stops on it."""

from __future__ import annotations

import os

import pytest

from indexer.document import Rejected
from indexer.extract import extract_document, is_sidecar
from tests.reports import HARBIN_REPORT

BAD = {
    "empty.txt": b"",
    "blank.txt": b"  \n\t\r\n  ",
    "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
    "nul.html": b"<html>\x00\x00\x00\x01\x02</html>",
    "truncated.html": "<html><body><p>工会新闻</p><div class=".encode(),
    "truncated-comment.html": "<html><body><p>工会新闻</p><!-- 未完".encode(),
    "no-text.html": (
        b"<html><head><script>var a=1;</script></head><body><div><img src=x></div></body></html>"
    ),
    "latin.txt": bytes(range(0x80, 0x100)) * 40,
}
REASONS = {
    "empty.txt": "empty file",
    "blank.txt": "empty file",
    "binary.txt": "binary file",
    "nul.html": "binary file (NUL bytes)",
    "truncated.html": "truncated HTML: ends inside a tag",
    "truncated-comment.html": "truncated HTML: ends inside a comment",
    "no-text.html": "no extractable text",
    "latin.txt": "cannot decode",
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_is_rejected_with_reason(name, tmp_path, resources):
    path = tmp_path / name
    path.write_bytes(BAD[name])
    with pytest.raises(Rejected) as info:
        extract_document(path, tmp_path, resources)
    reason = info.value.reason
    assert REASONS[name] in reason
    assert "\n" not in reason


def test_too_large_file_is_rejected_from_its_size(tmp_path, resources):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(25 * 1024 * 1024)  # sparse: never actually read
    with pytest.raises(Rejected) as info:
        extract_document(path, tmp_path, resources, max_bytes=20 * 1024 * 1024)
    assert info.value.reason == "file too large: 25.0 MiB > 20.0 MiB limit"


def test_folder_loop_extracts_good_files_and_reports_bad_ones(tmp_path, corpus_root, resources):
    for name, raw in BAD.items():
        (tmp_path / name).write_bytes(raw)
    good = [HARBIN_REPORT, "gov-cn/20190215-0047.html"]
    for rel in good:
        dest = tmp_path / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes((corpus_root / rel).read_bytes())
    (tmp_path / "gov-cn/20190215-0047.html.meta").write_text("source_url: http://x\n")
    docs, rejected = [], []
    for dirpath, _, names in os.walk(tmp_path):
        for name in sorted(names):
            path = tmp_path / dirpath / name
            if is_sidecar(path):
                continue
            try:
                docs.append(extract_document(path, tmp_path, resources))
            except Rejected as exc:
                rejected.append((name, exc.reason))
    assert sorted(d.id for d in docs) == sorted(good)
    assert sorted(name for name, _ in rejected) == sorted(BAD)
