"""The Whoosh adapter agrees with Whoosh's public API on real indexes.

Every reader in ``indexer/whoosh_adapter.py`` relies on Whoosh 2.7.5 internals; here each
is compared with the public way to read the same thing (``postings().items_as(...)``,
``doc_field_length``), on the shipped corpus built by worker processes and on an index
with deleted documents, so a Whoosh upgrade that changes an internal fails here.
"""

from __future__ import annotations

import os
from itertools import islice

import pytest
from whoosh import classify
from whoosh import index as whoosh_index

from indexer.build import reindex
from indexer.store import IndexStore
from indexer.whoosh_adapter import (
    block_ids,
    block_weights,
    expanded_terms,
    fast_stored_fields,
    positional_reads,
    raw_postings,
    segment_field_lengths,
    segment_term,
    term_postings,
    term_weights_of,
    weights_of,
)
from tests.conftest import make_config

GRAM_FIELDS = ("title_gram", "body_gram")
WORD_FIELDS = ("title", "body")


def _sample_terms(sub, fieldname: str, n: int = 120) -> list[bytes]:
    """Every k-th term of a segment's field, k chosen to take about ``n`` terms (the
    frequent ones span several posting blocks)."""
    terms = list(sub.lexicon(fieldname))
    step = max(1, len(terms) // n)
    chosen = terms[::step]
    by_freq = sorted(terms, key=lambda t: -sub.doc_frequency(fieldname, t))
    return list(dict.fromkeys(chosen + list(islice(by_freq, 10))))


def _subsets(docs: set[int]) -> list[list[int]]:
    """Sorted subsets of a segment's documents: none, one, a few far apart, a tenth, all."""
    every = sorted(docs)
    return [[], every[:1], every[:: max(1, len(every) // 3)], every[::10], every]


def check_against_public_api(index_dir) -> dict[str, int]:
    """Compare the adapter with the public API on every segment; return what was seen."""
    gen = IndexStore(index_dir).current()
    ix = whoosh_index.open_dir(str(gen.path))
    seen = {"segments": 0, "deleted": 0, "postings": 0, "multi_block_terms": 0}
    with ix.reader() as reader:
        for sub, _offset in reader.leaf_readers():
            seen["segments"] += 1
            live = set(sub.all_doc_ids())
            everyone = set(range(sub.doc_count_all()))
            seen["deleted"] += len(everyone - live)
            for fieldname in GRAM_FIELDS:
                for term in _sample_terms(sub, fieldname):
                    public = list(sub.postings(fieldname, term).all_ids())
                    ids = list(block_ids(raw_postings(sub, fieldname, term)))
                    seen["multi_block_terms"] += len(ids) > 128  # Whoosh's block size
                    assert [d for d in ids if d in live] == public, (fieldname, term)
                    assert set(ids) <= everyone and ids == sorted(set(ids))
                    # Deleted documents included: as many as the term table counts.
                    assert len(ids) == sub.doc_frequency(fieldname, term), (fieldname, term)
                    seen["postings"] += len(public)
                    # One lookup of the term table: the same postings, deleted included.
                    assert list(block_ids(term_postings(sub, fieldname, term))) == ids
                    # A term the segment lacks (no gram holds a NUL), and a field it has
                    # not: None, as ``(fieldname, term) in sub`` says False.
                    absent = term + b"\x00"
                    assert (fieldname, absent) not in sub
                    assert term_postings(sub, fieldname, absent) is None
                    assert term_postings(sub, "no_such_field", term) is None
            for fieldname in WORD_FIELDS:
                for term in _sample_terms(sub, fieldname):
                    public = dict(sub.postings(fieldname, term).items_as("weight"))
                    raw_w = dict(block_weights(raw_postings(sub, fieldname, term)))
                    assert {d: w for d, w in raw_w.items() if d in live} == pytest.approx(public), (
                        fieldname,
                        term,
                    )
                    seen["postings"] += len(public)
                    # Postings of chosen live documents only (what ranking asks about),
                    # the segment's first docnum moved (as in a multi-segment index):
                    # blocks without one of them skipped.
                    for chosen in _subsets(live):
                        asked = [d + 1000 for d in chosen]
                        blocks = weights_of(raw_postings(sub, fieldname, term), asked, 1000)
                        got = [(d, w) for ids, ws in blocks for d, w in zip(ids, ws, strict=True)]
                        # The same read from the term's info, without a matcher.
                        info = segment_term(sub, fieldname, term)
                        assert info.doc_frequency() == sub.doc_frequency(fieldname, term)
                        blocks = term_weights_of(sub, fieldname, term, info, asked, 1000)
                        assert got == [
                            (d, w) for ids, ws in blocks for d, w in zip(ids, ws, strict=True)
                        ]
                        assert got == [(d + 1000, raw_w[d]) for d in chosen if d in raw_w], (
                            fieldname,
                            term,
                        )
                lengths = segment_field_lengths(sub, fieldname)
                assert len(lengths) == sub.doc_count_all()
                assert [lengths[d] for d in sorted(live)] == [
                    sub.doc_field_length(d, fieldname) for d in sorted(live)
                ]
                assert sum(lengths[d] for d in live) > 0
    return seen


def test_adapter_matches_public_api_on_the_shipped_index(shipped_index):
    # Segments written by indexing worker processes.
    seen = check_against_public_api(shipped_index.index_dir)
    assert seen["segments"] >= 1 and seen["postings"] > 1000


def test_adapter_matches_public_api_across_blocks_and_deletions(tmp_path, corpus_root):
    # Whoosh writes at most 128 postings per block: one document per paragraph of real
    # laws and reports gives terms in hundreds of documents of one segment.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    n = 0
    for path in sorted(corpus_root.rglob("*.txt")):
        for para in path.read_text("utf-8").split("\n"):
            if len(para.strip()) >= 20 and n < 300:
                n += 1
                (corpus / f"p{n:04d}.txt").write_text(f"title: 段落{n}\n\n{para}\n", "utf-8")
    assert n == 300
    settings = make_config(tmp_path, corpus, reindex_jobs=1)
    reindex(settings)
    edited = corpus / "p0001.txt"
    edited.write_text(edited.read_text("utf-8") + "补充：职工书屋新增图书五百册。\n", "utf-8")
    report = reindex(settings)
    assert report.updated == ["p0001.txt"] and not report.full
    seen = check_against_public_api(settings.index_dir)
    assert seen["multi_block_terms"] > 0  # block boundaries were crossed
    # The edited document's old version is deleted in its segment: raw postings include
    # it and the public API does not, which the comparison accounts for.
    assert seen["segments"] == 2 and seen["deleted"] == 1


def test_fast_stored_fields_reads_every_record_as_whoosh_does(shipped_index):
    # The stored records inflated by ISA-L are Whoosh's own, document by document; the
    # decompressor is really swapped (a Whoosh upgrade that renames it fails here).
    gen = IndexStore(shipped_index.index_dir).current()
    ix = whoosh_index.open_dir(str(gen.path))
    with ix.searcher() as plain, fast_stored_fields(ix.searcher()) as fast:
        swapped = [
            sub._perdoc._cached_reader("_stored", None)._child._decompress
            for sub, _ in fast.reader().leaf_readers()
        ]
        assert swapped and all(f.__module__ != "zlib" for f in swapped)
        docs = range(plain.doc_count_all())
        assert len(docs) > 10
        assert [fast.stored_fields(d) for d in docs] == [plain.stored_fields(d) for d in docs]


def test_positional_reads_give_whoosh_its_own_bytes(shipped_index):
    # Term tables, posting lists and stored records read by position: the same bytes at
    # every place asked (the end and past it included), the file's own position left
    # where it was (a seek and a read would move it), and so the same records and
    # postings through the public API.
    gen = IndexStore(shipped_index.index_dir).current()
    ix = whoosh_index.open_dir(str(gen.path))
    with ix.searcher() as plain, positional_reads(fast_stored_fields(ix.searcher())) as read:
        docs = range(plain.doc_count_all())
        assert [read.stored_fields(d) for d in docs] == [plain.stored_fields(d) for d in docs]
        pairs = list(zip(plain.reader().leaf_readers(), read.reader().leaf_readers(), strict=True))
        for (a, _), (b, _) in pairs:
            files = [
                (a._terms._dbfile, b._terms._dbfile),
                (a._terms._postfile, b._terms._postfile),
                (a._perdoc._colfiles["_stored"][0], b._perdoc._colfiles["_stored"][0]),
            ]
            for old, new in files:
                assert "get" in vars(new)  # really swapped
                size = os.fstat(new.file.fileno()).st_size
                new.seek(3)
                for pos in (0, 1, size // 3, size // 2, size - 5, size, size + 10):
                    assert new.get(pos, 17) == old.get(pos, 17)
                    assert new.tell() == 3
        for (a, _), (b, _) in pairs:
            for fieldname in ("body", "body_gram"):
                for term in _sample_terms(a, fieldname, 40):
                    assert list(b.postings(fieldname, term).items_as("weight")) == list(
                        a.postings(fieldname, term).items_as("weight")
                    )


def test_expanded_terms_are_the_expanders_with_the_callers_frequencies(shipped_index):
    # The reader handed to Whoosh's Expander answers what the Expander asks of a reader
    # (a Whoosh upgrade that asks for more fails here), from the caller's frequencies.
    gen = IndexStore(shipped_index.index_dir).current()
    ix = whoosh_index.open_dir(str(gen.path))
    with ix.reader() as reader:
        lexicon = [t.decode("utf-8") for t in islice(reader.lexicon("body"), 0, None, 37)]
        words = [(w, 1 + i % 5) for i, w in enumerate(lexicon[:300])] + [("没有这个词语", 3)]
        expander = classify.Expander(reader, "body")
        expander.add(words)
        asked = []

        def frequency(fieldname: str, btext: bytes) -> float | None:
            asked.append(btext)
            return reader.frequency(fieldname, btext) if (fieldname, btext) in reader else None

        expected = expander.expanded_terms(15)
        assert len(expected) == 15
        assert expanded_terms(reader, "body", words, 15, frequency) == expected
        assert "没有这个词语".encode() in asked and len(set(asked)) == len(words)
