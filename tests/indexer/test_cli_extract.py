"""`union-search extract PATH` shows a person what the indexer sees."""

from __future__ import annotations

import json
import subprocess

from tests.conftest import CORPUS_DOCS
from tests.reports import HARBIN_REPORT
from tests.serving import run_cli


def run_extract(*args: str) -> subprocess.CompletedProcess:
    return run_cli("extract", *args, timeout=120)


def test_extract_prints_the_seed_document_as_json():
    proc = run_extract(str(CORPUS_DOCS / HARBIN_REPORT))
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["id"] == HARBIN_REPORT
    assert doc["title"].startswith("市人大副主任、市总工会主席朴逸")
    assert (doc["date"], doc["year"], doc["district"]) == ("2013-03-27", 2013, "哈尔滨市")
    assert "哈工导航" not in doc["body"]


def test_extract_of_a_bad_file_prints_the_rejection(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    proc = run_extract(str(empty))
    assert proc.returncode == 1
    assert json.loads(proc.stdout) == {"rejected": str(empty), "reason": "empty file"}
