"""A one-character word's documents (search/char_mask.py), on the shipped index: both
ways of answering it (the gram postings, the text store) give exactly the documents
Whoosh's own prefix query finds, and the documents whose stored text contains the
character, for common and rare characters alike; and a search served from the leaf cache
finds what a fresh one finds."""

from __future__ import annotations

from collections import Counter

import pytest
from whoosh import index as whoosh_index
from whoosh import query as wq

from indexer.analysis import gram_spans, normalize
from indexer.store import IndexStore
from indexer.textstore import TextStore
from search import Searcher, SearchRequest, open_searcher
from search.bitsets import mask_of
from search.char_mask import (
    SCAN_WHEN_GRAMS_OVER,
    char_mask,
    mask_from_postings,
    mask_from_texts,
    prefix_grams,
)


@pytest.fixture(scope="module")
def opened(shipped_index):
    gen = IndexStore(shipped_index.index_dir).current()
    ix = whoosh_index.open_dir(str(gen.path))
    with ix.searcher() as s:
        reader = s.reader()
        size = reader.doc_count_all()
        ids = reader.column_reader("id")
        live_docs = set(reader.all_doc_ids())
        texts = TextStore.open(gen.path, [ids[d] if d in live_docs else None for d in range(size)])
        # Each live document's normalised title and body, from Whoosh's stored fields.
        fields = {
            d: {k: normalize(f.get(k, "")) for k in ("title", "body")}
            for d, f in ((d, reader.stored_fields(d)) for d in live_docs)
        }
        yield s, reader, texts, mask_of(live_docs, size), size, fields
        texts.close()


def characters(fields: dict) -> list[str]:
    """Characters of the gram fields: the 200 most common in titles, and
    every 40th of the rest of the body characters (rare ones included)."""
    titles = Counter(g[0] for f in fields.values() for g, *_ in gram_spans(f["title"]))
    body = sorted({g[0] for f in fields.values() for g, *_ in gram_spans(f["body"])})
    picked = [c for c, _ in titles.most_common(200)]
    return picked + [c for c in body[::40] if c not in titles]


@pytest.mark.parametrize("field", ["title_gram", "body_gram"])
def test_both_ways_give_whooshs_prefix_and_the_texts(opened, field):
    s, reader, texts, live, size, fields = opened
    text_field = field.removesuffix("_gram")
    chars = characters(fields)
    assert len(chars) > 100
    seen = {"postings": 0, "texts": 0}
    for c in chars:
        whoosh = mask_of(s.docs_for_query(wq.Prefix(field, c)), size) & live
        brute = mask_of((d for d, f in fields.items() if c in f[text_field]), size)
        grams = prefix_grams(reader, field, c)
        assert mask_from_postings(reader, field, grams, live, size) == whoosh, c
        assert mask_from_texts(texts, field, c, live, size) == whoosh, c
        # Documents holding c as a jieba word of its own not read: the same set.
        assert mask_from_texts(texts, field, c, live, size, reader) == whoosh, c
        assert char_mask(reader, texts, field, c, live, size) == whoosh == brute, c
        if whoosh:
            seen["postings" if len(grams) <= SCAN_WHEN_GRAMS_OVER * len(fields) else "texts"] += 1
    # char_mask took each of its two ways for some of these characters.
    assert all(seen.values()), seen


def test_a_character_nowhere_finds_nothing(opened):
    s, reader, texts, live, size, fields = opened
    absent = next(
        chr(c)
        for c in range(0x4E00, 0x9FA5)
        if not any(chr(c) in f["body"] for f in fields.values())
    )
    assert char_mask(reader, texts, "body_gram", absent, live, size) == 0


def test_cached_searches_find_what_fresh_ones_find(shipped_index):
    """One searcher answers queries with one-character words and literals ending in one
    character twice (the second time from its leaf cache); a fresh searcher for each
    query finds the same documents in the same order."""
    queries = ["工会 有", "职工 的 权利", '"情况，合"', "休 假", "谁 能 参加", "没有 工会"]
    with open_searcher(shipped_index) as shared:
        for q in queries * 2:
            got = shared.search(SearchRequest(q=q, per_page=50))
            with Searcher(shipped_index, shared.analyzer) as fresh:
                want = fresh.search(SearchRequest(q=q, per_page=50))
            assert [h.id for h in got.hits] == [h.id for h in want.hits], q
            assert got.total == want.total, q
