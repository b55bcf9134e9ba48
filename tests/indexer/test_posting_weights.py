"""The word fields' postings are written with whole-number weights pickled as ints
(``indexer/whoosh_adapter.py``): every posting's weight is still the word's frequency in
the document times the field's boost (counted here independently from the stored text),
through worker segments, the parent's segment and merges, and the index's table of
contents names only Whoosh's own codec."""

from __future__ import annotations

from collections import Counter

from whoosh import index as whoosh_index

from indexer.analysis import Analyzer, normalize
from indexer.build import reindex
from indexer.schema import TITLE_BOOST
from indexer.store import IndexStore
from indexer.whoosh_adapter import block_weights, raw_postings
from tests.conftest import make_config

BOOSTS = {"title": TITLE_BOOST, "body": 1.0}


def test_word_weights_are_frequencies_times_boost(tmp_path, small_corpus):
    config = make_config(tmp_path, small_corpus, reindex_jobs=1)
    reindex(config)
    # Edit one document so that the next reindex merges a new segment with the first.
    edited = sorted(small_corpus.glob("laws/**/*.txt"))[0]
    edited.write_text(edited.read_text("utf-8") + "\n补充：职工职工书屋书屋。\n", "utf-8")
    reindex(config)
    gen = IndexStore(config.index_dir).current().path
    for toc in gen.glob("_MAIN_*.toc"):
        assert b"whoosh_adapter" not in toc.read_bytes()

    analyzer = Analyzer.from_resources(config.resources_dir, config.cache_dir).load()
    ix = whoosh_index.open_dir(str(gen))
    int_blocks = 0
    with ix.reader() as reader:
        live = set(reader.all_doc_ids())
        for field, boost in BOOSTS.items():
            expected: dict[bytes, dict[int, float]] = {}
            for d in live:
                text = normalize(reader.stored_fields(d).get(field) or "")
                for word, freq in Counter(analyzer.words(text)).items():
                    expected.setdefault(word.encode("utf-8"), {})[d] = freq * boost
            assert expected
            for term, by_doc in expected.items():
                got: dict[int, float] = {}
                for sub, offset in reader.leaf_readers():
                    if (field, term) in sub:
                        for d, w in block_weights(raw_postings(sub, field, term)):
                            if d + offset in live:
                                got[d + offset] = w
                                int_blocks += isinstance(w, int)
                assert got == by_doc, (field, term.decode("utf-8"))
            # Whoosh's public reading of the same postings agrees.
            term = max(expected, key=lambda t: len(expected[t]))
            public = dict(reader.postings(field, term).items_as("weight"))
            assert public == expected[term]
    # Frequencies that differ within a block were written as ints (the saving).
    assert int_blocks > 0
