"""An incremental reindex writes the vocabulary files a full reindex of the same files
writes: ``vocabulary.json`` byte for byte, ``labels.json`` but for the Whoosh TOC
generation it names. Whoosh's document frequencies count a deleted document until its
segment is merged; the word counts must not (completions and did-you-mean are ordered and
offered by them). Checked after a file edited, one deleted, one added, several
incrementals in a row (the earlier ones' deleted documents still in unmerged segments)
and a merge that drops some of them."""

from __future__ import annotations

import json

from whoosh import index as whoosh_index

from indexer.build import reindex
from indexer.store import IndexStore
from indexer.vocab_file import LABELS_FILE, VOCAB_FILE
from tests.conftest import make_config


def _files(config) -> tuple[bytes, dict]:
    gen = IndexStore(config.index_dir).current().path
    labels = json.loads((gen / LABELS_FILE).read_text("utf-8"))
    del labels["toc"]  # the folder's own TOC generation, what the file is checked against
    return (gen / VOCAB_FILE).read_bytes(), labels


def _deleted_still_counted(config) -> int:
    """Documents deleted but still in a segment (Whoosh counts them in its frequencies)."""
    gen = IndexStore(config.index_dir).current().path
    with whoosh_index.open_dir(str(gen)).reader() as reader:
        return reader.doc_count_all() - reader.doc_count()


def _assert_same_as_full(incremental, full) -> None:
    reindex(full, full=True)
    mine, rebuilt = _files(incremental), _files(full)
    assert json.loads(mine[0])["counts"] == json.loads(rebuilt[0])["counts"]
    assert mine == rebuilt


def test_incremental_vocabulary_equals_a_full_reindexs(tmp_path, small_corpus):
    inc = make_config(tmp_path / "inc", small_corpus, reindex_jobs=1)
    full = make_config(tmp_path / "full", small_corpus, reindex_jobs=1)
    reindex(inc)
    _assert_same_as_full(inc, full)

    edited = sorted((small_corpus / "hrbgh").glob("*.txt"))[0]
    edited.write_text(edited.read_text("utf-8") + "\n补充：职工书屋新增图书五百册。\n", "utf-8")
    report = reindex(inc)
    assert report.updated and not report.full
    assert _deleted_still_counted(inc) == 1
    _assert_same_as_full(inc, full)

    sorted((small_corpus / "laws").rglob("*.txt"))[-1].unlink()
    report = reindex(inc)
    assert report.removed and not report.full
    assert _deleted_still_counted(inc) == 2  # this reindex's and the one before's
    _assert_same_as_full(inc, full)

    added = small_corpus / "hrbgh" / "新增通知.txt"
    added.write_text(
        "title: 关于职工书屋验收工作的通知\nissuer: 哈尔滨市总工会\n\n"
        "各基层工会：职工书屋验收工作开始，请做好图书登记。\n",
        "utf-8",
    )
    assert reindex(inc).added
    assert _deleted_still_counted(inc) == 2
    _assert_same_as_full(inc, full)

    # The added file edited twice: its first versions sit in small segments, which the
    # incremental commit merges (their deleted documents go), while the large segment's
    # deleted documents stay.
    for line in ("新增一行：验收时间另行通知。", "再增一行：职工书屋名单附后。"):
        added.write_text(added.read_text("utf-8") + f"\n{line}\n", "utf-8")
        assert reindex(inc).updated
        _assert_same_as_full(inc, full)
    assert 2 <= _deleted_still_counted(inc) < 4  # some merged away, the older ones kept
