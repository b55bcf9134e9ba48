"""`union-search reindex`: incremental, atomic, refuses to run twice, rebuilds on change."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer.build import ReindexError, reindex
from indexer.store import IndexStore
from search import SearchRequest, open_searcher
from tests.conftest import CORPUS_DOCS, make_config
from tests.serving import run_cli
from union_search.config import DEFAULT_RESOURCES


def ids_for(config, q: str) -> list[str]:
    with open_searcher(config) as s:
        return [h.id for h in s.search(SearchRequest(q=q, per_page=100)).hits]


def test_incremental_reindex_updates_only_the_edited_file(tmp_path, small_corpus):
    config = make_config(tmp_path, small_corpus)
    first = reindex(config)
    assert first.full and not first.rejected and first.documents == len(first.added) > 3

    edited = sorted(small_corpus.glob("laws/**/*.txt"))[0]
    edited.write_text(edited.read_text("utf-8") + "\n新增段落：职工书屋示范点验收。\n", "utf-8")
    second = reindex(config)
    doc_id = edited.relative_to(small_corpus).as_posix()
    assert not second.full
    assert second.updated == [doc_id]
    assert second.added == [] and second.removed == []
    assert second.unchanged == first.documents - 1
    assert ids_for(config, "职工书屋示范点验收") == [doc_id]

    third = reindex(config)
    assert not third.changed_anything and third.generation == second.generation


def test_deleting_a_file_removes_its_document(tmp_path, small_corpus):
    config = make_config(tmp_path, small_corpus)
    reindex(config)
    victim = sorted(small_corpus.rglob("*.txt"))[-1]
    doc_id = victim.relative_to(small_corpus).as_posix()
    with open_searcher(config) as s:
        assert s.document(doc_id) is not None
    victim.unlink()
    title = None
    with open_searcher(config) as s:
        title = s.document(doc_id).title
        before = s.search(SearchRequest(q=f'"{title}"')).total
    report = reindex(config)
    assert report.removed == [doc_id]
    with open_searcher(config) as s:
        assert s.document(doc_id) is None
        # The segment still holds the deleted document: it must not match or be counted.
        result = s.search(SearchRequest(q=f'"{title}"', per_page=100))
        assert doc_id not in {h.id for h in result.hits}
        assert result.total == before - 1
        assert sum(c.count for c in result.facets["doc_type"]) == result.total


def test_added_file_is_added(tmp_path, small_corpus):
    config = make_config(tmp_path, small_corpus)
    reindex(config)
    new = small_corpus / "news" / "songbei.txt"
    new.parent.mkdir()
    new.write_text(
        "松北区总工会开展送清凉活动\n2016-08-15\n松北区总工会为一线职工送去清凉。\n", "utf-8"
    )
    report = reindex(config)
    assert report.added == ["news/songbei.txt"]
    assert ids_for(config, "送清凉") == ["news/songbei.txt"]


def test_second_concurrent_reindex_is_refused(tmp_path, small_corpus):
    config = make_config(tmp_path, small_corpus)
    with IndexStore(config.index_dir).reindex_lock():
        with pytest.raises(ReindexError, match="another reindex is running"):
            reindex(config)


def test_dictionary_change_forces_a_full_rebuild(tmp_path, small_corpus):
    resources = tmp_path / "resources"
    shutil.copytree(DEFAULT_RESOURCES, resources, ignore=shutil.ignore_patterns("docs"))
    config = make_config(tmp_path, small_corpus, resources_dir=resources)
    reindex(config)
    assert not reindex(config).full
    with open(resources / "union_terms.dict", "a", encoding="utf-8") as f:
        f.write("职工书屋示范点 3000\n")
    report = reindex(config)
    assert report.full and "dict" in report.full_reason


def test_missing_corpus_and_unwritable_index_fail_with_one_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    runs = [
        ["reindex", "--corpus", str(tmp_path / "nope"), "--index", str(tmp_path / "ix")],
        ["reindex", "--corpus", str(CORPUS_DOCS), "--index", str(blocker / "ix")],
    ]
    for args in runs:
        proc = run_cli(*args, timeout=60)
        assert proc.returncode == 1
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("union-search reindex:"), proc.stderr


@pytest.mark.slow
def test_killed_reindex_leaves_previous_index_serving(tmp_path):
    config = make_config(tmp_path, CORPUS_DOCS)
    env = {
        **os.environ,
        "UNION_SEARCH_INDEX": str(config.index_dir),
        "UNION_SEARCH_CORPUS": str(CORPUS_DOCS),
    }
    done = run_cli("reindex", env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Building prefix dict" not in done.stderr  # jieba's chatter is silenced
    queries = ["工资集体协商", "工会", '"集体合同"', "2013年"]
    before = {q: ids_for(config, q) for q in queries}
    store = IndexStore(config.index_dir)
    served = store.current().name

    cli = [sys.executable, "-m", "union_search.cli", "reindex", "--full"]
    proc = subprocess.Popen(cli, env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    for line in proc.stderr:  # progress lines: kill it mid-build
        if line.startswith("indexing:") or time.monotonic() > deadline:
            break
    workers = _children_of(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    _wait_gone(workers)  # workers die with their parent and never keep the lock

    assert store.current().name == served
    assert any(p.name.endswith(".building") for p in config.index_dir.iterdir())
    assert {q: ids_for(config, q) for q in queries} == before

    recovered = run_cli("reindex", env=env, timeout=300)
    assert recovered.returncode == 0, recovered.stderr
    assert not any(p.name.endswith(".building") for p in config.index_dir.iterdir())
    assert {q: ids_for(config, q) for q in queries} == before


def _wait_gone(pids: list[int], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while any(Path(f"/proc/{p}").exists() and "State:\tZ" not in _status(p) for p in pids):
        assert time.monotonic() < deadline, "indexing workers outlived the killed reindex"
        time.sleep(0.05)


def _status(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return "State:\tZ"


def _children_of(pid: int) -> list[int]:
    out = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line
            )
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid):
            out.append(int(status.parent.name))
    return out


def test_a_folder_without_documents_is_refused_and_the_index_kept(tmp_path, small_corpus):
    empty = tmp_path / "empty"
    empty.mkdir()
    config = make_config(tmp_path, empty)
    with pytest.raises(ReindexError, match="holds no document files; no index was written"):
        reindex(config, full=True)
    assert IndexStore(config.index_dir).current() is None
    assert not [p for p in config.index_dir.iterdir() if p.name.startswith("gen-")]

    served = make_config(tmp_path, small_corpus)
    first = reindex(served)
    before = ids_for(served, "工会")
    (empty / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    moved = make_config(tmp_path, empty)
    for full in (False, True):
        with pytest.raises(
            ReindexError, match=r"1 file\(s\) rejected, broken\.docx: .*left as it is"
        ):
            reindex(moved, full=full)
        store = IndexStore(moved.index_dir)
        assert store.current().name == first.generation
        assert [p.name for p in moved.index_dir.iterdir() if p.name.startswith("gen-")] == [
            first.generation
        ]
    assert before and ids_for(served, "工会") == before
