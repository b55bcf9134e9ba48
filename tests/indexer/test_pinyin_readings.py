"""Pinyin readings in ``vocabulary.json``: the characters' readings read in one pypinyin
call are those read one character at a time, and a reindex, full or incremental, reuses
the served generation's readings only when they were read under the same pinyin stamp
(pypinyin's version and how we call it)."""

from __future__ import annotations

import json
import os
import re

from indexer.build import reindex
from indexer.pinyin import (
    HAN_RANGE,
    PARALLEL_READINGS_MIN,
    char_readings,
    keys,
    keys_of_all,
    stamp,
    syllables,
)
from indexer.resources import UNION_DICT_FILE
from indexer.store import IndexStore
from indexer.vocab_file import (
    TITLE_PINYIN_CHARS,
    VOCAB_FILE,
    dictionary_terms,
    read_vocabulary,
)
from tests.conftest import RESOURCES, make_config


def test_char_readings_are_one_character_at_a_time():
    alone = {}
    for code in range(HAN_RANGE[0], HAN_RANGE[1] + 1):
        parts = syllables(chr(code))
        if parts and parts[0]:
            alone[chr(code)] = parts[0]
    assert char_readings() == alone
    assert len(alone) > 20000


def test_readings_in_processes_are_those_read_in_one():
    """The vocabulary's texts read on two processes (a full reindex's tail) come back in
    order, each the reading ``keys`` gives it alone."""
    texts = dictionary_terms(RESOURCES / UNION_DICT_FILE)
    # Pieces of real text as titles' starts are: the shipped .txt documents' runs of
    # Chinese, cut to the length a title's reading is read from.
    for path in sorted((RESOURCES / "docs").rglob("*.txt")):
        runs = re.findall(r"[\u4e00-\u9fff]{2,}", path.read_text("utf-8", errors="replace"))
        texts.extend(dict.fromkeys(run[:TITLE_PINYIN_CHARS] for run in runs))
    texts = list(dict.fromkeys(texts))[: PARALLEL_READINGS_MIN + 500]
    assert len(texts) >= PARALLEL_READINGS_MIN  # else this reads in one process
    one_by_one = [keys(t) for t in texts]
    # this process reads a share, forked readers the rest, in order
    assert keys_of_all(texts, jobs=2) == one_by_one
    assert keys_of_all(texts, jobs=3) == one_by_one


def _rewrite(gen_path, change) -> None:
    """Edit the generation's vocabulary file (under a new inode, as a reindex writes)."""
    path = gen_path / VOCAB_FILE
    raw = json.loads(path.read_text("utf-8"))
    change(raw)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
    os.replace(tmp, path)


def test_full_reindex_reuses_readings_of_the_same_stamp(tmp_path, small_corpus):
    config = make_config(tmp_path, small_corpus, reindex_jobs=1)
    reindex(config)
    store = IndexStore(config.index_dir)
    first = read_vocabulary(store.current().path)
    assert first.pinyin == stamp()
    word = next(w for w in first.counts if w in first.readings)
    assert first.readings[word] == keys(word)
    assert first.chars["工"] == "gong"

    # A reading only the served generation holds: reused by a full reindex.
    def mark(raw):
        raw["readings"][word] = ["marked", "m"]
        raw["chars"]["工"] = "marked"

    _rewrite(store.current().path, mark)
    assert reindex(config, full=True).full
    second = read_vocabulary(store.current().path)
    assert second.readings[word] == ("marked", "m") and second.chars["工"] == "marked"
    assert set(second.readings) == set(first.readings) and second.counts == first.counts

    # Read under another pypinyin: nothing is reused, by a full or an incremental reindex.
    for full in (True, False):

        def other_stamp(raw):
            raw["readings"][word] = ["marked", "m"]
            raw["chars"]["工"] = "marked"
            raw["pinyin"] = "pypinyin 0.0.1; scheme 1"

        _rewrite(store.current().path, other_stamp)
        added = small_corpus / "hrbgh" / f"新增{int(full)}.txt"
        added.write_text(f"title: 补充通知{int(full)}\n\n职工书屋验收。\n", "utf-8")
        assert reindex(config, full=full).full == full
        again = read_vocabulary(store.current().path)
        assert again.pinyin == stamp()
        assert again.readings[word] == keys(word) and again.chars["工"] == "gong"
        assert again.readings == {t: keys(t) for t in again.readings}
