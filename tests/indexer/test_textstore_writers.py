"""The writers write the text store as they index: through worker processes and in the
parent alike, every live document's entry is its extracted title and body, normalised
(computed here independently, by extracting each file again), and an incremental reindex
through either path replaces edited documents and drops deleted ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indexer.analysis import normalize
from indexer.build import PARALLEL_MIN, reindex
from indexer.extract import extract_documents
from indexer.store import IndexStore
from indexer.textstore import INDEX_FILE
from tests.conftest import copy_sample, make_config
from tests.indexer.test_textstore import store_and_index_texts

# Enough files for the workers path (PARALLEL_MIN), in formats whose extraction differs.
PICKS = {"gov-cn": 24, "laws": 10, "provincial-reports": 4}


@pytest.fixture
def corpus(tmp_path) -> Path:
    return copy_sample(tmp_path / "corpus", PICKS)


def extracted_texts(corpus: Path, resources) -> dict[str, tuple[str, str]]:
    """id → (title, body), normalised, of every document the corpus's files extract to."""
    out = {}
    for path in sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix != ".meta"):
        for doc in extract_documents(path, corpus, resources).documents:
            out[doc.id] = (normalize(doc.title or ""), normalize(doc.body or ""))
    return out


def chunk_count(config) -> int:
    gen = IndexStore(config.index_dir).current().path
    return len(json.loads((gen / INDEX_FILE).read_text("utf-8"))["chunks"])


def assert_store_is_the_corpus(config, corpus: Path, resources) -> dict:
    from_store, from_index = store_and_index_texts(config)
    expected = extracted_texts(corpus, resources)
    assert from_store == expected
    assert from_index == expected
    return from_store


@pytest.mark.parametrize("jobs", [2, 1], ids=["workers", "single-process"])
def test_writers_store_every_documents_text_across_reindexes(tmp_path, corpus, resources, jobs):
    config = make_config(tmp_path, corpus, reindex_jobs=jobs)
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix != ".meta")
    assert len(files) >= PARALLEL_MIN
    reindex(config, full=True)
    first = assert_store_is_the_corpus(config, corpus, resources)
    assert len(first) >= PARALLEL_MIN
    # One chunk per writer: two workers, or the parent alone.
    assert chunk_count(config) == jobs

    # A small incremental reindex (written in the parent whatever the jobs): one edited
    # file, one deleted, one added.
    texts = [f for f in files if f.suffix == ".txt"]
    edited, deleted = texts[0], files[-1]
    edited.write_text(edited.read_text("utf-8") + "\n补充：职工书屋新增图书五百册。\n", "utf-8")
    deleted_id = deleted.relative_to(corpus).as_posix()
    deleted.unlink()
    files.remove(deleted)
    (corpus / "新增通知.txt").write_text(
        "title: 关于职工书屋验收的通知\n\n各基层工会：职工书屋验收工作开始。\n", "utf-8"
    )
    report = reindex(config)
    assert not report.full and report.removed == [deleted_id]
    second = assert_store_is_the_corpus(config, corpus, resources)
    assert deleted_id not in second
    assert "职工书屋新增图书五百册" in second[edited.relative_to(corpus).as_posix()][1]

    # A large incremental reindex (through the workers when jobs > 1): most files edited
    # (a line appended: text after an HTML page's end is not its text, but the file did
    # change), one more deleted.
    deleted = files.pop()
    deleted.unlink()
    changed = files[-PARALLEL_MIN:]
    for i, f in enumerate(changed):
        f.write_text(f.read_text("utf-8") + f"\n第{i}次补充：劳动保护检查。\n", "utf-8")
    report = reindex(config)
    assert not report.full and len(report.updated) == PARALLEL_MIN
    third = assert_store_is_the_corpus(config, corpus, resources)
    assert deleted.relative_to(corpus).as_posix() not in third
    # The edits are in (the comparison above covers which documents show them).
    assert any(normalize("次补充：劳动保护检查") in body for _, body in third.values())
    # The updated documents' texts are in chunks of this reindex's writers: two workers,
    # or the parent alone.
    gen = IndexStore(config.index_dir).current().path
    index = json.loads((gen / INDEX_FILE).read_text("utf-8"))
    assert len({index["docs"][i][0] for i in report.updated}) == jobs
