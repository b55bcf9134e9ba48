"""The titles and issuers of ``vocabulary.json`` come from the writers that indexed the
documents (``DocLabels``), not from reading every stored document back: the file must hold
exactly what the stored fields hold, after a full reindex in worker processes and after an
incremental one (documents kept from the previous generation, one edited, one added).
The labels of the documents an incremental reindex did not write come from the previous
generation's ``labels.json`` (not from their stored fields), when it was written for that
generation's index."""

from __future__ import annotations

import json

from whoosh import index as whoosh_index

from indexer.build import reindex
from indexer.store import IndexStore
from indexer.vocab_file import (
    LABELS_FILE,
    VOCAB_FILE,
    DocLabels,
    read_labels,
    read_vocabulary,
    titles_and_issuers,
)
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


def _vocabulary(config) -> dict:
    """The served generation's vocabulary file, its titles as a sorted list (they follow
    document numbers, which an incremental reindex and a full one give out differently)."""
    gen = IndexStore(config.index_dir).current()
    raw = json.loads((gen.path / VOCAB_FILE).read_text("utf-8"))
    raw["titles"] = sorted(raw["titles"])
    return raw


def _edit(corpus, title: str) -> None:
    """One file edited: a new title and issuer, and a line more."""
    edited = sorted((corpus / "hrbgh").glob("*.txt"))[0]
    body = edited.read_text("utf-8").split("\n\n", 1)[-1]
    edited.write_text(f"title: {title}\nissuer: 道里区总工会\n\n{body}\n补充一行。\n", "utf-8")


def _stored_labels(config) -> dict[str, DocLabels]:
    gen = IndexStore(config.index_dir).current()
    with whoosh_index.open_dir(str(gen.path)).reader() as reader:
        return {
            f["id"]: DocLabels(f.get("title") or "", f.get("issuer") or "")
            for f in (reader.stored_fields(d) for d in reader.all_doc_ids())
        }


def test_incremental_reindex_with_kept_labels_equals_a_full_one(tmp_path, small_corpus):
    """The vocabulary file of an incremental reindex (the other documents' labels from
    the previous generation's ``labels.json``) equals that of a full reindex of the same
    files, after a file added and after a file edited (the word counts leave out the
    edited file's old version: tests/indexer/test_vocab_counts.py). ``labels.json``
    holds every live document's stored labels."""
    config = make_config(tmp_path / "a", small_corpus, reindex_jobs=1)
    reindex(config)
    (small_corpus / "hrbgh" / "新增通知.txt").write_text(
        "title: 关于职工书屋验收工作的通知\nissuer: 哈尔滨市总工会\n\n"
        "各基层工会：职工书屋验收工作开始。\n",
        "utf-8",
    )
    assert reindex(config).added
    full = make_config(tmp_path / "b", small_corpus, reindex_jobs=1)
    reindex(full)
    assert _vocabulary(config) == _vocabulary(full)
    _edit(small_corpus, "关于职工书屋验收工作的补充通知")
    report = reindex(config)
    assert report.updated and not report.full
    reindex(full, full=True)
    edited = _vocabulary(config)
    assert edited == _vocabulary(full)
    assert "关于职工书屋验收工作的补充通知" in edited["titles"]
    stored = _stored_labels(config)
    assert read_labels(IndexStore(config.index_dir).current().path) == stored
    assert stored == _stored_labels(full)


def _label_file_tampered(config, title: str) -> tuple[str, dict]:
    """A kept document's title changed in the served generation's ``labels.json`` (as
    no reindex writes it): whether a reindex reads the file shows in what it writes."""
    gen = IndexStore(config.index_dir).current()
    path = gen.path / LABELS_FILE
    raw = json.loads(path.read_text("utf-8"))
    kept = sorted(i for i in raw["docs"] if i.startswith("laws/"))[0]
    raw["docs"][kept][0] = title
    return kept, raw


def test_kept_labels_come_from_the_file_when_it_matches_its_index(tmp_path, small_corpus):
    config = make_config(tmp_path, small_corpus, reindex_jobs=1)
    reindex(config)
    gen = IndexStore(config.index_dir).current()
    kept, raw = _label_file_tampered(config, "只在标签文件里的标题")
    (gen.path / LABELS_FILE).write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
    _edit(small_corpus, "关于职工书屋验收工作的补充通知")
    reindex(config)
    new = IndexStore(config.index_dir).current()
    assert new.path != gen.path
    assert "只在标签文件里的标题" in read_vocabulary(new.path).titles
    assert read_labels(new.path)[kept].title == "只在标签文件里的标题"


def test_a_labels_file_of_another_index_state_is_not_read(tmp_path, small_corpus):
    """A reindex by a version before ``labels.json`` hard-links the previous generation's
    file into the new one unchanged: a file whose TOC generation is not its index's is
    ignored, and the stored fields are read."""
    config = make_config(tmp_path, small_corpus, reindex_jobs=1)
    reindex(config)
    gen = IndexStore(config.index_dir).current()
    _kept, raw = _label_file_tampered(config, "只在标签文件里的标题")
    raw["toc"] -= 1
    (gen.path / LABELS_FILE).write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
    assert read_labels(gen.path) == {}
    _edit(small_corpus, "关于职工书屋验收工作的补充通知")
    reindex(config)
    from_file, stored = _file_and_stored(config)
    assert from_file == stored
    assert "只在标签文件里的标题" not in from_file[0]
