"""``frequent.bin`` written from the writers' reports and the previous generation's record
of each segment's dense grams (indexer/segment_grams.py) is the file written from the
term tables alone, byte for byte (tests/search/test_frequent_sets.py checks that one
against brute force): after a full reindex in worker processes whose postings spilled in
runs, and after incremental reindexes (files edited, added and removed: segments kept,
added and merged). The record itself must hold what each segment's term table holds."""

from __future__ import annotations

import json
import math
import shutil

from whoosh import index as whoosh_index

import indexer.frequent_sets
from indexer.build import reindex
from indexer.frequent_sets import DENSE_SHARE, FILE, GRAM_FIELDS, write_frequent_sets
from indexer.segment_grams import SEGMENTS_FILE
from indexer.store import IndexStore
from tests.conftest import copy_sample, make_config


def _from_term_tables(gen_path, tmp_path) -> bytes:
    """The file written for a copy of the generation with neither reports nor record."""
    copy = tmp_path / f"copy-{gen_path.name}"
    shutil.copytree(gen_path, copy)
    (copy / SEGMENTS_FILE).unlink()
    write_frequent_sets(copy)
    return (copy / FILE).read_bytes()


def _check_record(gen_path) -> int:
    """Each segment's recorded dense grams are those its term table holds; returns the
    number of segments."""
    raw = json.loads((gen_path / SEGMENTS_FILE).read_text("utf-8"))
    with whoosh_index.open_dir(str(gen_path)).reader() as reader:
        leaves = reader.leaf_readers()
        assert raw["documents"] == reader.doc_count_all()
        assert [(s["id"], s["offset"]) for s in raw["segments"]] == [
            (sub.segment().segment_id(), offset) for sub, offset in leaves
        ]
        for sub, _offset in leaves:
            n = sub.doc_count_all()
            floor = max(1, math.floor(DENSE_SHARE * n))
            segment = next(s for s in raw["segments"] if s["id"] == sub.segment().segment_id())
            assert segment["documents"] == n
            for name in GRAM_FIELDS:
                expected = {
                    term.decode("utf-8"): info.doc_frequency()
                    for term, info in sub.iter_field(name)
                    if info.doc_frequency() >= floor
                }
                assert segment["grams"][name] == expected, (name, n)
    return len(leaves)


def _check(config, tmp_path) -> int:
    gen = IndexStore(config.index_dir).current().path
    assert (gen / FILE).read_bytes() == _from_term_tables(gen, tmp_path)
    return _check_record(gen)


def test_full_then_incremental(tmp_path, monkeypatch):
    # Which segments the reindex read back from their term tables (the slow way).
    read_back: list[str] = []
    read_segment = indexer.frequent_sets.read_segment

    def spy(sub, segment_id, *args):
        read_back.append(segment_id)
        return read_segment(sub, segment_id, *args)

    monkeypatch.setattr(indexer.frequent_sets, "read_segment", spy)
    corpus = copy_sample(tmp_path / "corpus", {"laws": 30, "hrbgh": 12})
    # Two workers, each spilling its postings in runs (a 1 MiB flush budget).
    config = make_config(tmp_path, corpus, reindex_jobs=2, flush_mb=1)
    report = reindex(config)
    assert report.full and report.flush_runs > 0
    assert read_back == []  # both workers reported their segments' dense grams
    assert _check(config, tmp_path) == 2

    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix != ".meta")
    edited, removed = files[0], files[-1]
    edited.write_text(edited.read_text("utf-8") + "\n第九十九条 本条为测试追加。\n", "utf-8")
    removed.unlink()
    added = corpus / "hrbgh" / "新增通知.txt"
    added.write_text(
        "title: 关于职工书屋验收工作的补充通知\nissuer: 哈尔滨市总工会\n\n"
        "各基层工会：职工书屋验收工作开始，请各单位做好准备。\n",
        "utf-8",
    )
    read_back.clear()
    report = reindex(config)
    assert not report.full and report.updated and report.removed and report.added
    assert read_back == []  # kept segments from the record, the new one from its writer
    assert _check(config, tmp_path) >= 2

    # Again: segments kept from a generation whose own record came from an incremental
    # reindex, and small segments that Whoosh may merge.
    for i in range(3):
        (corpus / "hrbgh" / f"补充{i}.txt").write_text(
            f"title: 补充通知{i}\n\n各基层工会：第{i}批职工书屋验收名单附后。\n", "utf-8"
        )
        assert reindex(config).added
        _check(config, tmp_path)
