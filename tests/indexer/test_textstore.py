"""The text store literals are confirmed in (indexer/textstore.py), on real indexes: it
holds every live document's normalised title and body, keyed by id; an incremental
reindex carries unchanged texts over without copying them, replaces edited ones and drops
deleted ones; a reindex that fails leaves the served generation's store untouched; and
its rule for literals of several runs is the gram positions' rule it replaced."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import index as whoosh_index

from indexer.analysis import adjacent_runs, gram_spans, normalize, query_grams
from indexer.build import ReindexHooks, reindex
from indexer.store import IndexStore
from indexer.textstore import INDEX_FILE, MAP_MAX, TextStore
from search import SearchRequest, open_searcher
from tests.conftest import make_config
from tests.indexer.conftest import docnum_ids


def store_and_index_texts(config) -> tuple[dict, dict]:
    """(id → (title, body) read from the text store, the same from Whoosh's stored fields,
    normalised) for every live document of the served generation."""
    gen = IndexStore(config.index_dir).current()
    ix = whoosh_index.open_dir(str(gen.path))
    with ix.reader() as reader:
        ids = docnum_ids(reader)
        live = sorted(reader.all_doc_ids())
        texts = TextStore.open(gen.path, ids)
        from_store, from_index = {}, {}
        for d in live:
            f = reader.stored_fields(d)
            from_index[f["id"]] = (normalize(f.get("title", "")), normalize(f.get("body", "")))
            from_store[ids[d]] = (texts.text(d, "title"), texts.text(d, "body"))
        texts.close()
    return from_store, from_index


def store_files(config) -> dict[str, tuple[int, str]]:
    """The served generation's store files: name → (inode, sha256)."""
    path = IndexStore(config.index_dir).current().path
    return {
        p.name: (p.stat().st_ino, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in sorted(path.iterdir())
        if p.name.startswith("texts")
    }


def test_store_holds_every_documents_normalised_text(shipped_index):
    from_store, from_index = store_and_index_texts(shipped_index)
    assert len(from_store) > 50
    assert from_store == from_index
    # Normalising keeps lengths, so offsets in the store are offsets in the stored text.
    assert all(len(t) == len(normalize(t)) for t, _ in from_index.values())


def test_incremental_reindex_carries_replaces_and_drops(tmp_path, small_corpus):
    config = make_config(tmp_path, small_corpus, reindex_jobs=1)
    reindex(config)
    first = store_files(config)
    edited = sorted(small_corpus.glob("laws/**/*.txt"))[0]
    deleted = sorted(small_corpus.rglob("*.txt"))[-1]
    assert edited != deleted
    edited.write_text(edited.read_text("utf-8") + "\n补充：职工书屋新增图书五百册。\n", "utf-8")
    deleted_id = deleted.relative_to(small_corpus).as_posix()
    deleted.unlink()
    added = small_corpus / "hrbgh" / "新增通知.txt"
    added.write_text(
        "title: 关于职工书屋验收的通知\n\n各基层工会：职工书屋验收工作开始。\n", "utf-8"
    )

    report = reindex(config)
    assert not report.full and report.removed == [deleted_id]
    from_store, from_index = store_and_index_texts(config)
    assert from_store == from_index
    assert deleted_id not in from_store
    edited_id = edited.relative_to(small_corpus).as_posix()
    assert "职工书屋新增图书五百册" in from_store[edited_id][1]
    assert from_store["hrbgh/新增通知.txt"][0] == "关于职工书屋验收的通知"
    # Unchanged texts were not copied: the first chunk is the very file (a hard link).
    second = store_files(config)
    old_chunk = next(n for n in first if n.endswith(".bin"))
    assert second[old_chunk] == first[old_chunk]
    assert len([n for n in second if n.endswith(".bin")]) == 2
    with open_searcher(config) as s:
        assert [h.id for h in s.search(SearchRequest(q='"新增图书五百册"')).hits] == [edited_id]
        assert s.search(SearchRequest(q='"职工书屋验收工作"')).total == 1


def test_chunks_no_longer_needed_are_dropped_or_compacted(tmp_path, small_corpus):
    config = make_config(tmp_path, small_corpus, reindex_jobs=1)
    reindex(config)
    files = sorted(small_corpus.rglob("*.txt"))
    for round_ in range(3):
        # Most documents change each time: what is left of older chunks is compacted.
        for f in files[: len(files) - 1]:
            f.write_text(f.read_text("utf-8") + f"\n第{round_}次补充。\n", "utf-8")
        reindex(config)
        gen = IndexStore(config.index_dir).current().path
        index = json.loads((gen / INDEX_FILE).read_text("utf-8"))
        chunks = sorted(p.name for p in gen.glob("texts-*.bin"))
        assert chunks == sorted(index["chunks"]) and len(chunks) <= 2
        total = sum((gen / c).stat().st_size for c in chunks)
        live = sum(e[2] + e[4] for e in index["docs"].values())
        assert live == total  # nothing unreferenced is left
        from_store, from_index = store_and_index_texts(config)
        assert from_store == from_index


class _FailAfterCommit(ReindexHooks):
    def stage(self, name: str) -> None:
        if name == "committed":
            raise RuntimeError("stopped after the commit")


def test_failed_reindex_leaves_the_served_store_untouched(tmp_path, small_corpus):
    config = make_config(tmp_path, small_corpus, reindex_jobs=1)
    reindex(config)
    before_files = store_files(config)
    with open_searcher(config) as s:
        before = [h.id for h in s.search(SearchRequest(q='"工会"', per_page=100)).hits]
    edited = sorted(small_corpus.glob("laws/**/*.txt"))[0]
    edited.write_text("title: 全新内容\n\n此处不再提及那个词。\n", "utf-8")
    with pytest.raises(RuntimeError):
        reindex(config, hooks=_FailAfterCommit())
    # The new store was written (hard links beside new files) but the served one is as it
    # was, byte for byte, and still answers the same.
    assert store_files(config) == before_files
    with open_searcher(config) as s:
        assert [h.id for h in s.search(SearchRequest(q='"工会"', per_page=100)).hits] == before
    report = reindex(config)
    assert report.updated == [edited.relative_to(small_corpus).as_posix()]
    from_store, from_index = store_and_index_texts(config)
    assert from_store == from_index


# -- the rule for literals of several runs ---------------------------------------------


def _gram_position_match(text: str, literal: str) -> bool:
    """The rule the gram positions implemented before the text store (kept here as the
    reference): each run's bigrams at consecutive positions, one empty position between
    runs, a run before a separator anchored by its last character alone, and a last run
    of one character matched as the prefix of a gram."""
    phrases = query_grams(literal)
    grams, offsets, start = [], [], 0
    for i, run_grams in enumerate(phrases):
        run_len = 1 if len(run_grams[0]) == 1 else len(run_grams) + 1
        grams.extend(run_grams)
        offsets.extend(start + j for j in range(len(run_grams)))
        if run_len > 1 and i < len(phrases) - 1:
            grams.append(run_grams[-1][-1])
            offsets.append(start + run_len - 1)
        start += run_len + 1
    prefix_last = len(phrases[-1]) == 1 and len(phrases[-1][0]) == 1
    at: dict[int, str] = {pos: g for g, pos, _s, _e in gram_spans(normalize(text))}
    for p in at:
        ok = True
        for k, (g, off) in enumerate(zip(grams, offsets, strict=True)):
            have = at.get(p + off)
            last = prefix_last and k == len(grams) - 1
            if have is None or not (have.startswith(g) if last else have == g):
                ok = False
                break
        if ok:
            return True
    return False


_ALPHABET = "工会法职员a1B.%-/:，、 \n_（）"


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet=_ALPHABET, max_size=30), data=st.data())
def test_adjacent_runs_is_the_gram_positions_rule(text, data):
    # Mostly a piece of the text itself (so that it matches often), sometimes with its
    # separators changed; sometimes any string.
    if text and data.draw(st.booleans()):
        i = data.draw(st.integers(0, len(text) - 1))
        literal = text[i : data.draw(st.integers(i + 1, len(text)))]
        if data.draw(st.booleans()):
            literal = re.sub(r"[^\w]+", data.draw(st.sampled_from([" ", "，", "、 "])), literal)
    else:
        literal = data.draw(st.text(alphabet=_ALPHABET, min_size=3, max_size=8))
    phrases = query_grams(literal)
    if len(phrases) < 2:
        return
    runs = [g[0] + "".join(x[-1] for x in g[1:]) for g in phrases]
    found = adjacent_runs(runs).search(normalize(text)) is not None
    assert found == _gram_position_match(text, literal), (text, literal, runs)


def test_adjacent_runs_examples():
    assert adjacent_runs(["情况", "合"]).search("情况，合理")
    assert not adjacent_runs(["政府", "国"]).search("人民政府和国务院")
    assert adjacent_runs(["政府", "国"]).search("人民政府，国务院")
    assert adjacent_runs(["职工", "书屋"]).search("职工 \n书屋")
    assert not adjacent_runs(["5", "1亿"]).search("5.1亿")  # one run: "5.1亿"
    assert adjacent_runs(["50%", "x"]).search("50%%，x")


def test_a_generation_without_a_store_is_unavailable_not_an_error(tmp_path, small_corpus):
    """A generation written before the text store existed (served until the next reindex
    rebuilds it) is reported as unavailable, with what to do, never as a crash."""
    from search import IndexUnavailable

    config = make_config(tmp_path, small_corpus, reindex_jobs=1)
    reindex(config)
    (IndexStore(config.index_dir).current().path / INDEX_FILE).unlink()
    with open_searcher(config) as s, pytest.raises(IndexUnavailable, match="reindex"):
        s.search(SearchRequest(q="工会"))
    assert reindex(config, full=True).documents > 0
    with open_searcher(config) as s:
        assert s.search(SearchRequest(q='"工会"')).total > 0


def containing_vs_brute_force(
    config, step: int = 7, needles_per_doc: int = 3, map_max: int = MAP_MAX
) -> int:
    """Check ``TextStore.containing`` (batched reads, or the mapping when the store is at
    most ``map_max`` bytes) against ``in`` on each document's normalised stored text, for
    needles cut from the texts, needles spanning two neighbouring documents (which no
    batched read may join) and a needle found nowhere; over every live document and over
    sparse subsets. Returns the needles checked."""
    gen = IndexStore(config.index_dir).current()
    ix = whoosh_index.open_dir(str(gen.path))
    checked = 0
    with ix.reader() as reader:
        live = sorted(reader.all_doc_ids())
        texts = TextStore.open(gen.path, docnum_ids(reader), map_max)
        truth = {
            f: {d: normalize(reader.stored_fields(d).get(f, "")) for d in live}
            for f in ("title", "body")
        }
        for field, by_doc in truth.items():
            needles = {"从未出现的字符串甲乙丙丁"}
            for i, d in enumerate(live[::step]):
                t = by_doc[d]
                if len(t) >= 4:
                    for k in range(needles_per_doc):
                        a = (len(t) * (k + 1)) // (needles_per_doc + 2)
                        needles.add(t[a : a + 2 + (i + k) % 4])
                nxt = live[live.index(d) + 1] if live.index(d) + 1 < len(live) else None
                if nxt is not None and t and by_doc[nxt]:
                    needles.add(t[-2:] + by_doc[nxt][:2])  # across two documents
            for needle in sorted(needles):
                expected = [d for d in live if needle in by_doc[d]]
                raw = needle.encode("utf-8")
                assert texts.containing(live, field, raw) == expected, needle
                sparse = live[::5]
                assert texts.containing(sparse, field, raw) == [
                    d for d in sparse if d in set(expected)
                ], needle
                assert all(texts.contains(d, field, raw) for d in expected[:5])
                checked += 1
        texts.close()
    return checked


# Both ways of searching the chunks: in a mapping (a store of at most MAP_MAX bytes, as
# the shipped corpus's) and by batched reads (a larger one; here forced by a budget of 0).
BOTH_WAYS = pytest.mark.parametrize("map_max", [MAP_MAX, 0], ids=["mapped", "read"])


@BOTH_WAYS
def test_batched_reads_find_what_each_text_holds(shipped_index, map_max):
    assert containing_vs_brute_force(shipped_index, map_max=map_max) > 100


def test_a_store_is_mapped_only_within_its_budget(shipped_index):
    gen = IndexStore(shipped_index.index_dir).current().path
    chunks = json.loads((gen / INDEX_FILE).read_text("utf-8"))["chunks"]
    size = sum((gen / c).stat().st_size for c in chunks)
    ix = whoosh_index.open_dir(str(gen))
    with ix.reader() as reader:
        ids = reader.column_reader("id")
        doc_ids = [ids[d] for d in range(reader.doc_count_all())]
    assert 0 < size <= MAP_MAX
    for map_max, mapped in ((size, True), (size - 1, False), (MAP_MAX, True)):
        store = TextStore.open(gen, doc_ids, map_max)
        try:
            assert store.mapped == mapped
        finally:
            store.close()


@BOTH_WAYS
def test_batched_reads_after_an_incremental_reindex(tmp_path, small_corpus, map_max):
    """An incremental reindex appends changed texts to a new chunk: docnums no longer
    follow the file order, and reads must not run across chunks or documents."""
    config = make_config(tmp_path, small_corpus, reindex_jobs=1)
    reindex(config)
    for path in sorted(small_corpus.rglob("*.txt"))[::3]:
        path.write_text(path.read_text("utf-8") + "\n补充：职工书屋新增图书五百册。\n", "utf-8")
    report = reindex(config)
    assert not report.full and report.updated
    assert containing_vs_brute_force(config, step=1, map_max=map_max) > 20
