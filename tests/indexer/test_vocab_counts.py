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

from indexer import deleted_words
from indexer.build import reindex
from indexer.store import IndexStore
from indexer.vocab_file import HAN_WORD, LABELS_FILE, VOCAB_FILE, WORD_FIELDS
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


def _live_counts(config) -> dict[str, int]:
    """Words → live documents, by Whoosh's public API: postings leave deleted
    documents out (the larger of title and body, as the vocabulary counts)."""
    gen = IndexStore(config.index_dir).current().path
    counts: dict[str, int] = {}
    with whoosh_index.open_dir(str(gen)).reader() as reader:
        for name in WORD_FIELDS:
            for term in reader.lexicon(name):
                word = term.decode("utf-8")
                if HAN_WORD.fullmatch(word):
                    n = sum(1 for _ in reader.postings(name, term).all_ids())
                    if n > counts.get(word, 0):
                        counts[word] = n
    return {w: n for w, n in counts.items() if n}


def _assert_live(config) -> None:
    """The vocabulary's counts are the live documents' (its union terms may have none)."""
    counts = json.loads(_files(config)[0])["counts"]
    live = _live_counts(config)
    assert {w: n for w, n in counts.items() if n} == {w: live[w] for w in counts if w in live}


def _assert_same_as_full(incremental, full) -> None:
    _assert_live(incremental)
    reindex(full, full=True)
    mine, rebuilt = _files(incremental), _files(full)
    assert json.loads(mine[0]) == json.loads(rebuilt[0])  # the difference, readably
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

    # The added file edited again and again: each incremental adds a small segment, and
    # once there are five the incremental commit merges them (Whoosh's MERGE_SMALL),
    # which drops the deleted documents they hold.
    still = []
    for line in ("验收时间另行通知。", "职工书屋名单附后。", "请各单位按时上报。"):
        added.write_text(added.read_text("utf-8") + f"\n{line}\n", "utf-8")
        assert reindex(inc).updated
        _assert_same_as_full(inc, full)
        still.append(_deleted_still_counted(inc))
    assert still[:2] == [3, 4] and still[2] < 4  # the last commit merged


def _tampered_tally(config, counts: dict[str, int]) -> tuple[str, str, int]:
    """One word's tally raised by one in the served generation's ``deleted_words.json``
    (as no reindex writes it): whether the next reindex reuses the tally shows in its
    count of that word."""
    path = IndexStore(config.index_dir).current().path / deleted_words.FILE
    raw = json.loads(path.read_text("utf-8"))
    (sid, seg), *_ = raw["segments"].items()
    word, n = next((w, n) for w, n in seg["words"]["body"].items() if counts.get(w))
    seg["words"]["body"][word] = n + 1
    path.write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
    return sid, word, n


def _add_notice(corpus, name: str) -> None:
    (corpus / "hrbgh" / name).write_text(
        "title: 关于职工书屋验收工作的通知\nissuer: 哈尔滨市总工会\n\n各基层工会：验收开始。\n",
        "utf-8",
    )


def test_deleted_documents_are_cut_once(tmp_path, small_corpus):
    """A deleted document still in a segment is tallied by the reindex that deletes it;
    later reindexes take its tally from the previous generation's file, unless the file
    names a document that is not deleted there."""
    config = make_config(tmp_path, small_corpus, reindex_jobs=1)
    reindex(config)
    sorted((small_corpus / "laws").rglob("*.txt"))[-1].unlink()
    assert reindex(config).removed
    before = json.loads(_files(config)[0])["counts"]
    sid, word, n = _tampered_tally(config, before)
    _add_notice(small_corpus, "新增通知.txt")
    assert reindex(config).added
    gen = IndexStore(config.index_dir).current().path
    assert deleted_words.read_tallies(gen)[sid].words["body"][word] == n + 1
    assert json.loads(_files(config)[0])["counts"].get(word, 0) == before[word] - 1

    path = gen / deleted_words.FILE
    raw = json.loads(path.read_text("utf-8"))
    raw["segments"][sid]["docs"].append(0)  # a live document: the tally is not this index's
    with whoosh_index.open_dir(str(gen)).reader() as reader:
        assert not reader.is_deleted(0)
    path.write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
    _add_notice(small_corpus, "又一通知.txt")
    assert reindex(config).added
    _assert_live(config)
