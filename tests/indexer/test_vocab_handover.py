"""The titles and issuers of ``vocabulary.json`` come from the writers that indexed the
documents (``DocLabels``), not from reading every stored document back: the file must hold
exactly what the stored fields hold, after a full reindex in worker processes and after an
incremental one (documents kept from the previous generation, one edited, one added)."""

from __future__ import annotations

from whoosh import index as whoosh_index

from indexer.build import reindex
from indexer.store import IndexStore
from indexer.vocab_file import read_vocabulary, titles_and_issuers
from tests.conftest import make_config


def _file_and_stored(config):
    gen = IndexStore(config.index_dir).current()
    data = read_vocabulary(gen.path)
    with whoosh_index.open_dir(str(gen.path)).reader() as reader:
        stored = titles_and_issuers(reader)  # every live document's stored fields
    return (data.titles, data.issuers), stored


def test_full_reindex_in_workers(shipped_index):
    from_file, stored = _file_and_stored(shipped_index)
    assert from_file == stored
    assert len(stored[0]) > 100 and len(stored[1]) > 5


def test_incremental_reindex(tmp_path, small_corpus):
    config = make_config(tmp_path, small_corpus, reindex_jobs=1)
    reindex(config)
    assert _file_and_stored(config)[0] == _file_and_stored(config)[1]
    new_title = "关于职工书屋验收工作的补充通知"
    (small_corpus / "hrbgh" / "新增通知.txt").write_text(
        f"title: {new_title}\nissuer: 哈尔滨市总工会\n\n各基层工会：职工书屋验收工作开始。\n",
        "utf-8",
    )
    edited = sorted((small_corpus / "hrbgh").glob("*.txt"))[0]
    edited.write_text(edited.read_text("utf-8") + "\n补充：职工书屋新增图书五百册。\n", "utf-8")
    report = reindex(config)
    assert report.added and report.updated and not report.full
    from_file, stored = _file_and_stored(config)
    assert from_file == stored
    assert new_title in from_file[0]
