"""The vocabulary file the reindex writes into each generation (indexer/vocab_file.py):
it gives the same vocabulary, completions, pinyin readings and did-you-mean as building
them from the index in the server; a generation without it is still served the same; an
incremental reindex keeps it up to date; and a server reading it never loads pypinyin."""

from __future__ import annotations

import subprocess
import sys

from whoosh import index as whoosh_index

from indexer.analysis import normalize
from indexer.build import reindex
from indexer.pinyin import keys
from indexer.resources import UNION_DICT_FILE
from indexer.store import IndexStore
from indexer.vocab_file import VOCAB_FILE, read_vocabulary
from search import SearchRequest, open_searcher
from search.vocab_build import build_completer, build_vocabulary, from_file
from tests.conftest import make_config


def built_in_memory(config):
    """Vocabulary and completer built from the served generation's index, with every
    reading computed by pypinyin (the path of a generation without the file)."""
    gen = IndexStore(config.index_dir).current()
    with whoosh_index.open_dir(str(gen.path)).reader() as reader:
        vocab = build_vocabulary(reader, config.resources_dir / UNION_DICT_FILE)
        return vocab, build_completer(reader, vocab)


def prefixes_of(vocab, completer) -> list[str]:
    """Prefixes people type: starts of words and titles, and their pinyin."""
    out = set()
    for text in [*list(vocab.counts)[:300], *(e.text for e in completer.entries[::7])]:
        t = normalize(text)
        out.update(t[:n] for n in (1, 2, 3))
        full, initials = keys(t[:4])
        out.update(p for p in (full[:3], full[:6], initials[:2], initials[:3]) if p)
    return sorted(out)


def test_file_gives_what_the_index_gives(shipped_index):
    gen = IndexStore(shipped_index.index_dir).current()
    assert (gen.path / VOCAB_FILE).exists()
    vocab, completer = from_file(gen.path)
    expected_vocab, expected_completer = built_in_memory(shipped_index)
    assert len(vocab.counts) > 1000
    assert vocab.counts == expected_vocab.counts
    assert vocab.terms == expected_vocab.terms
    assert vocab.readings == expected_vocab.readings
    for table in ("by_full", "by_initials", "wildcards", "deletions"):
        assert getattr(vocab, table) == getattr(expected_vocab, table), table
    assert completer.entries == expected_completer.entries
    prefixes = prefixes_of(vocab, completer)
    assert len(prefixes) > 500
    for p in prefixes:
        assert completer.complete(p) == expected_completer.complete(p), p
    # Title readings are those of the title's normalised start.
    data = read_vocabulary(gen.path)
    for title in data.titles[::50]:
        start = normalize(title)[:16]
        assert data.readings[start] == keys(start)


def answers(searcher, queries: list[str], prefixes: list[str]):
    """What users see: completions, and each query's alternative (pinyin/did-you-mean)."""
    out = [searcher.suggest(p) for p in prefixes]
    for q in queries:
        request = SearchRequest(q=q)
        alt = searcher.alternative(request, searcher.search(request))
        out.append(None if alt is None else (alt.kind, alt.query, alt.use))
    return out


def test_generation_without_the_file_is_served_the_same(tmp_path, small_corpus):
    config = make_config(tmp_path, small_corpus, reindex_jobs=1)
    reindex(config)
    gen = IndexStore(config.index_dir).current()
    vocab, completer = from_file(gen.path)
    words = [w for w in vocab.counts if len(w) >= 3][:20]
    # Pinyin of real words, and each word with one character replaced (did-you-mean).
    queries = [keys(w)[0] for w in words[:8]] + [w[0] + "公" + w[2:] for w in words]
    prefixes = prefixes_of(vocab, completer)[:200]
    with open_searcher(config) as searcher:
        with_file = answers(searcher, queries, prefixes)
    path = gen.path / VOCAB_FILE
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])  # a damaged file
    with open_searcher(config) as searcher:
        assert answers(searcher, queries, prefixes) == with_file
    path.unlink()  # as a generation built before the file existed
    with open_searcher(config) as searcher:
        assert answers(searcher, queries, prefixes) == with_file
    assert any(a for a in with_file[len(prefixes) :])  # some alternatives were offered


def test_incremental_reindex_updates_the_file(tmp_path, small_corpus):
    config = make_config(tmp_path, small_corpus, reindex_jobs=1)
    reindex(config)
    # A new document, and an edited one: texts whose readings the file has not seen.
    new_title = "关于职工书屋验收工作的补充通知"
    (small_corpus / "hrbgh" / "新增通知.txt").write_text(
        f"title: {new_title}\n\n各基层工会：职工书屋验收工作开始。\n", "utf-8"
    )
    edited = sorted(small_corpus.rglob("*.txt"))[-1]
    edited.write_text(edited.read_text("utf-8") + "\n补充：职工书屋新增图书五百册。\n", "utf-8")
    report = reindex(config)
    assert not report.full and report.updated and report.added
    gen = IndexStore(config.index_dir).current()
    data = read_vocabulary(gen.path)
    assert new_title in data.titles
    assert data.readings[normalize(new_title)[:16]] == keys(normalize(new_title)[:16])
    vocab, completer = from_file(gen.path)
    # Built in memory from a full index of the same files: the incremental's index still
    # holds the edited file's old version, deleted, which Whoosh's document frequencies
    # count and the file's word counts do not (tests/indexer/test_vocab_counts.py).
    full = make_config(tmp_path / "full", small_corpus, reindex_jobs=1)
    reindex(full)
    expected_vocab, expected_completer = built_in_memory(full)
    assert vocab.counts == expected_vocab.counts and vocab.readings == expected_vocab.readings
    assert completer.entries == expected_completer.entries
    assert any(c.text == new_title for c in completer.complete("关于职工书屋验收"))


def test_serving_from_the_file_never_loads_pypinyin(shipped_index):
    """Pinyin input, did-you-mean and completions answered from the file: the server
    process never imports pypinyin (its dictionaries are ~50 MB per worker)."""
    script = (
        "import sys\n"
        "from search import SearchRequest, open_searcher\n"
        "from pathlib import Path\n"
        "from indexer.settings import Settings\n"
        f"s = open_searcher(Settings(index_dir=Path({str(shipped_index.index_dir)!r}),"
        f" resources_dir=Path({str(shipped_index.resources_dir)!r})))\n"
        "s.prepare()\n"
        "r = SearchRequest(q='gonghui')\n"
        "alt = s.alternative(r, s.search(r))\n"
        "assert alt is not None and alt.kind == 'pinyin', alt\n"
        "assert s.suggest('gongh'), 'no completion'\n"
        "r = SearchRequest(q='公会')\n"
        "alt = s.alternative(r, s.search(r))\n"
        "assert alt is not None and alt.kind == 'spelling', alt\n"
        "print('pypinyin' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"
