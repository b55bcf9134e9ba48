"""The unit store holds every live document's unit spans and body length, as splitting
its extracted body gives them (computed here independently, by extracting each file
again), through worker processes and in the parent alike, and stays right across
incremental reindexes: carried over for unchanged documents, replaced for edited ones,
dropped for deleted ones, read back once from the stored fields when the generation
before had no store, and always written under a new inode (the generation before keeps
its own)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from indexer.build import PARALLEL_MIN, reindex
from indexer.extract import extract_documents
from indexer.store import IndexStore
from indexer.unit_store import UNITS_FILE, UnitStore
from indexer.units import split_units
from tests.conftest import copy_sample, make_config
from tests.indexer.conftest import docnum_ids

PICKS = {"gov-cn": 20, "laws": 10, "provincial-reports": 4}

LAW = (
    "title: 某市职工书屋管理办法\n\n"
    "第一条　为加强职工书屋建设，制定本办法。\n"
    "第二条　各级工会负责职工书屋的日常管理。\n"
    "第三条　本办法自发布之日起施行。\n"
)


@pytest.fixture
def corpus(tmp_path) -> Path:
    return copy_sample(tmp_path / "corpus", PICKS)


def extracted_spans(corpus: Path, resources) -> dict[str, tuple[int, list, list]]:
    """id → (body length, unit starts, unit ends) of every document the files extract to."""
    out = {}
    for path in sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix != ".meta"):
        for doc in extract_documents(path, corpus, resources).documents:
            body = doc.body or ""
            units = split_units(body)
            out[doc.id] = (len(body), [u.start for u in units], [u.end for u in units])
    return out


def stored_spans(config) -> dict[str, tuple[int, list, list]]:
    """The same, read from the served generation's unit store."""
    gen = IndexStore(config.index_dir).current()
    ix = whoosh_index.open_dir(str(gen.path))
    with ix.reader() as reader:
        ids = docnum_ids(reader)
        live = set(reader.all_doc_ids())
        store = UnitStore.open(gen.path, ids)
        assert store is not None
        out = {}
        for d in sorted(live):
            spans = store.spans(d)
            assert spans is not None
            out[ids[d]] = (spans.body_chars, spans.starts, spans.ends)
        store.close()
    return out


def units_file(config) -> tuple[int, str]:
    path = IndexStore(config.index_dir).current().path / UNITS_FILE
    return path.stat().st_ino, hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("jobs", [2, 1], ids=["workers", "single-process"])
def test_unit_store_follows_the_corpus_across_reindexes(tmp_path, corpus, resources, jobs):
    config = make_config(tmp_path, corpus, reindex_jobs=jobs)
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix != ".meta")
    assert len(files) >= PARALLEL_MIN
    reindex(config, full=True)
    first = stored_spans(config)
    assert first == extracted_spans(corpus, resources)
    assert any(starts for _, starts, _ in first.values())  # laws and reports have units
    before = units_file(config)
    previous = IndexStore(config.index_dir).current().path

    # Incremental: a law gains an article, one file deleted, a new law added.
    law = next(f for f in files if "laws" in f.parts and f.suffix == ".txt")
    law.write_text(law.read_text("utf-8") + "\n第九百九十九条　本条为测试所加。\n", "utf-8")
    deleted = files[-1]
    deleted.unlink()
    (corpus / "新增办法.txt").write_text(LAW, "utf-8")
    report = reindex(config)
    assert not report.full
    second = stored_spans(config)
    assert second == extracted_spans(corpus, resources)
    assert second["新增办法.txt"][1] and len(second["新增办法.txt"][1]) == 3
    assert deleted.relative_to(corpus).as_posix() not in second
    # A new file; the served generation before keeps its own, unchanged.
    assert units_file(config)[0] != before[0]
    old = previous / UNITS_FILE
    assert (old.stat().st_ino, hashlib.sha256(old.read_bytes()).hexdigest()) == before


@pytest.mark.parametrize("damage", ["missing", "cut short"])
def test_a_generation_without_a_readable_unit_store_is_completed_by_the_next_reindex(
    tmp_path, corpus, resources, damage
):
    config = make_config(tmp_path, corpus, reindex_jobs=1)
    reindex(config, full=True)
    gen = IndexStore(config.index_dir).current().path
    path = gen / UNITS_FILE
    if damage == "missing":  # as if written before the unit store existed
        path.unlink()
    else:
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    # The searcher does without it (tests/search/test_unit_spans.py: same results).
    assert UnitStore.open(gen, ["any"]) is None
    edited = next(f for f in sorted(corpus.rglob("*.txt")))
    edited.write_text(edited.read_text("utf-8") + "\n补充：职工书屋新增图书。\n", "utf-8")
    report = reindex(config)
    assert not report.full and report.updated
    assert stored_spans(config) == extracted_spans(corpus, resources)
