"""The text store's UTF-16 chunks (indexer/textstore.py, version 2): literal confirmation
stays exact (``containing``, ``contains`` and ``count`` against ``str`` brute force on the
normalised texts of real documents, for ASCII, digits, full-width forms, CJK punctuation
and characters outside the Basic Multilingual Plane, and for needles whose UTF-16 bytes
occur only across two characters); a store written as UTF-8 (version 1) is still read,
and an incremental reindex from one carries its texts over, re-encoded."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from indexer.analysis import normalize
from indexer.build import reindex
from indexer.store import IndexStore
from indexer.textstore import INDEX_FILE, MAP_MAX, TextStore
from search import SearchRequest, open_searcher
from tests.conftest import make_config
from tests.indexer.conftest import docnum_ids
from tests.indexer.test_textstore import containing_vs_brute_force, store_and_index_texts

# Character classes whose neighbourhoods the needles are cut from.
CLASSES = {
    "ascii letter": r"[A-Za-z]",
    "digit": r"[0-9]",
    "full-width form": r"[\uff00-\uffef]",
    "CJK punctuation": r"[\u3000-\u303f]",
    "CJK": r"[\u4e00-\u9fff]",
    "supplementary plane": r"[\U00010000-\U0010ffff]",
}

# A document with characters the shipped corpus lacks: outside the BMP (𠮷, 𡈽), and
# pairs whose UTF-16-LE bytes hold another character across their boundary.
EXTRA = (
    "title: 关于𠮷野家𡈽字职工书屋的通知\n\n"
    "各基层工会：一丁目的职工书屋（ＡＢＣ１２３号）已验收。𠮷字与𡈽字均为扩展汉字。\n"
    "第2条 ASCII text 42 and 全角ｘｙｚ。\n"
)


def _open_store(
    gen: Path, map_max: int = MAP_MAX
) -> tuple[TextStore, dict[str, dict[int, str]], list[int]]:
    """The store of generation ``gen`` (mapped when at most ``map_max`` bytes) and, for
    each field, docnum → normalised text read independently from Whoosh's stored
    fields."""
    ix = whoosh_index.open_dir(str(gen))
    with ix.reader() as reader:
        live = sorted(reader.all_doc_ids())
        store = TextStore.open(gen, docnum_ids(reader), map_max)
        truth = {
            f: {d: normalize(reader.stored_fields(d).get(f) or "") for d in live}
            for f in ("title", "body")
        }
    return store, truth, live


def _needles(by_doc: dict[int, str], per_class: int = 40) -> set[str]:
    """Needles of 1 to 4 characters around characters of every class in ``CLASSES``."""
    needles: set[str] = set()
    for pattern in CLASSES.values():
        found = 0
        for text in by_doc.values():
            for m in re.finditer(pattern, text):
                i = m.start()
                for a, b in ((i, i + 1), (i - 1, i + 1), (i, i + 3), (i - 2, i + 2)):
                    if a >= 0 and b <= len(text):
                        needles.add(text[a:b])
                found += 1
                if found >= per_class:
                    break
            if found >= per_class:
                break
    return needles


def _check_against_brute_force(store: TextStore, truth, live: list[int], needles) -> int:
    checked = 0
    for field, by_doc in truth.items():
        for needle in sorted(needles | _needles(by_doc)):
            raw = needle.encode("utf-8")
            expected = [d for d in live if by_doc[d].find(needle) >= 0]
            assert store.containing(live, field, raw) == expected, (field, needle)
            for d in expected[:3] + [d for d in live if d not in set(expected)][:2]:
                assert store.contains(d, field, raw) == (d in expected), (field, needle, d)
                assert store.count(d, field, raw) == by_doc[d].count(needle), (field, needle)
            checked += 1
    return checked


@pytest.mark.parametrize("map_max", [MAP_MAX, 0], ids=["mapped", "read"])
def test_store_is_utf16_and_exact_on_the_shipped_corpus(shipped_index, map_max):
    gen = IndexStore(shipped_index.index_dir).current().path
    index = json.loads((gen / INDEX_FILE).read_text("utf-8"))
    assert index["version"] == 2
    store, truth, live = _open_store(gen, map_max)
    assert store.mapped == (map_max > 0)
    try:
        # Every text is its UTF-16-LE encoding: two bytes per BMP character.
        size = sum((gen / c).stat().st_size for c in index["chunks"])
        assert size == sum(len(t.encode("utf-16-le")) for f in truth.values() for t in f.values())
        assert _check_against_brute_force(store, truth, live, set()) > 200
    finally:
        store.close()


@pytest.mark.parametrize("map_max", [MAP_MAX, 0], ids=["mapped", "read"])
def test_odd_offsets_and_supplementary_characters(tmp_path, small_corpus, map_max):
    (small_corpus / "hrbgh" / "扩展汉字.txt").write_text(EXTRA, "utf-8")
    config = make_config(tmp_path, small_corpus, reindex_jobs=1)
    reindex(config)
    gen = IndexStore(config.index_dir).current().path
    store, truth, live = _open_store(gen, map_max)
    assert store.mapped == (map_max > 0)
    text = normalize(EXTRA)
    # UTF-16-LE bytes found in the text only at odd offsets: across 一丁 (00 4E 01 4E)
    # and inside the surrogate pair of 𠮷 (42 D8 B7 DF).
    across = {
        (a + b).encode("utf-16-le")[1:3].decode("utf-16-le", "ignore")
        for a, b in zip(text, text[1:], strict=False)
    }
    odd = {"\u014e", "\ub7d8"} | {c for c in across if c and c not in text}
    for needle in ("\u014e", "\ub7d8"):
        assert needle.encode("utf-16-le") in text.encode("utf-16-le")
        assert needle not in text
    needles = odd | {"𠮷", "𡈽", "𠮷野家", "字𡈽字", "一丁", "abc123", "xyz", "ascii", "42"}
    try:
        assert _check_against_brute_force(store, truth, live, needles) > len(needles)
        doc = next(d for d in live if "𠮷野家" in truth["title"][d])
        assert store.containing(live, "body", "\u014e".encode()) == []
        assert store.count(doc, "body", "𡈽字".encode()) == 1
    finally:
        store.close()
    with open_searcher(config) as s:
        assert s.search(SearchRequest(q='"𠮷字与𡈽字"')).total == 1
        # A needle the query normalises to itself, found only across two characters.
        assert normalize("\ub7d8") == "\ub7d8"
        assert s.search(SearchRequest(q='"\ub7d8"')).total == 0


def _rewrite_as_utf8(gen: Path) -> None:
    """Turn generation ``gen``'s store into what version 1 wrote: UTF-8 chunks, byte
    spans of the UTF-8 texts, no version field."""
    index = json.loads((gen / INDEX_FILE).read_text("utf-8"))
    datas = [(gen / c).read_bytes() for c in index["chunks"]]
    out = [bytearray() for _ in datas]
    docs = {}
    for doc_id, (c, t_off, t_len, b_off, b_len) in index["docs"].items():
        entry = [c]
        for off, length in ((t_off, t_len), (b_off, b_len)):
            data = datas[c][off : off + length].decode("utf-16-le").encode("utf-8")
            entry += [len(out[c]), len(data)]
            out[c] += data
        docs[doc_id] = entry
    for name, data in zip(index["chunks"], out, strict=True):
        (gen / name).unlink()  # a new inode, as the writers would
        (gen / name).write_bytes(bytes(data))
    (gen / INDEX_FILE).write_text(json.dumps({"chunks": index["chunks"], "docs": docs}), "utf-8")


def test_a_utf8_store_is_read_and_carried_over_re_encoded(tmp_path, small_corpus):
    (small_corpus / "hrbgh" / "扩展汉字.txt").write_text(EXTRA, "utf-8")
    config = make_config(tmp_path, small_corpus, reindex_jobs=1)
    reindex(config)
    gen = IndexStore(config.index_dir).current().path
    _rewrite_as_utf8(gen)
    assert "version" not in json.loads((gen / INDEX_FILE).read_text("utf-8"))
    from_store, from_index = store_and_index_texts(config)
    assert from_store == from_index
    assert containing_vs_brute_force(config, step=1) > 20
    with open_searcher(config) as s:
        assert s.search(SearchRequest(q='"𠮷字与𡈽字"')).total == 1

    edited = sorted(small_corpus.glob("laws/**/*.txt"))[0]
    edited.write_text(edited.read_text("utf-8") + "\n补充：职工书屋新增图书五百册。\n", "utf-8")
    report = reindex(config)
    assert not report.full and report.updated
    new = IndexStore(config.index_dir).current().path
    assert new != gen
    index = json.loads((new / INDEX_FILE).read_text("utf-8"))
    assert index["version"] == 2
    from_store, from_index = store_and_index_texts(config)
    assert from_store == from_index
    assert "职工书屋新增图书五百册" in from_store[edited.relative_to(small_corpus).as_posix()][1]
    # The carried texts were re-encoded into one chunk, the edited one written anew; no
    # UTF-8 chunk is left.
    assert len(index["chunks"]) == 2
    store, truth, live = _open_store(new)
    try:
        assert _check_against_brute_force(store, truth, live, {"𠮷", "一丁", "\u014e"}) > 20
    finally:
        store.close()
    with open_searcher(config) as s:
        assert s.search(SearchRequest(q='"𠮷字与𡈽字"')).total == 1
        assert s.search(SearchRequest(q='"新增图书五百册"')).total == 1
