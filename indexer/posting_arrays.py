"""Posting lists as numpy arrays, for a reindex's writer: a field's postings appended
per document as arrays (``KeyColumn``: a gram field's packed keys; ``CountColumn``: a word
field's ids and counts), inverted at the flush by one sort (no Python step per posting)
into the terms in order, every posting's docnum (and frequency) in term then document
order, and where each term's start (``Inverted``, ``InvertedCounts``). The Whoosh side
(the posting pool, the budget, the segment's bytes) is ``indexer/whoosh_adapter.py``'s;
nothing here knows Whoosh. numpy is imported inside the functions: the server imports the
adapter, never numpy.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from typing import Any


class KeyColumn:
    """A field's postings given as ``KeyedTermSet`` values: per document one numpy array,
    each key shifted left past the document bits and or'd with the docnum. At the flush one
    sort of them all orders the postings by term, then document (``inverted``): the
    inversion done in C, no Python step per posting."""

    def __init__(self, terms_of, key_bits: int):
        self.terms_of = terms_of
        self.doc_bits = 64 - key_bits
        self.parts: list = []

    def add(self, keys, docnum: int) -> None:
        self.parts.append((keys << self.doc_bits) | docnum)

    def inverted(self) -> Inverted:
        import numpy as np

        postings = np.concatenate(self.parts) if self.parts else np.zeros(0, np.uint64)
        self.parts = []
        postings.sort()
        shift = self.doc_bits
        docs = postings.astype(np.uint32)  # the low 32 bits, then the docnum's alone
        docs &= (1 << shift) - 1
        postings >>= shift  # now each posting's key
        if len(postings):
            starts = run_starts(postings)
        else:
            starts = np.zeros(0, np.intp)
        terms = self.terms_of(postings[starts])
        return Inverted(terms, docs, starts)


def run_starts(values: Any) -> Any:
    """Where each run of equal values of a sorted numpy array starts (a term's postings,
    a document's words): one comparison of neighbours, no Python step per value."""
    import numpy as np

    return np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))


class CountColumn:
    """A frequency field's postings given as ``WordIdCounts``: per document its distinct
    ids and their counts. At the flush the ids are ranked by their words' order and one
    sort of (rank, docnum) keys orders the postings by term, then document, carrying the
    counts (``inverted``)."""

    def __init__(self, vocabulary: Sequence[str]):
        self.vocabulary = vocabulary
        self.ids: list = []
        self.counts: list = []
        self.docnums = array("I")
        self.sizes = array("I")

    def add(self, ids, counts, docnum: int) -> None:
        self.ids.append(ids)
        self.counts.append(counts)
        self.docnums.append(docnum)
        self.sizes.append(len(ids))

    def inverted(self) -> InvertedCounts:
        import numpy as np

        if not self.ids:
            return InvertedCounts([], np.zeros(0, np.uint32), np.zeros(0, np.uint32), [])
        ids = np.concatenate(self.ids)
        counts = np.concatenate(self.counts)
        self.ids, self.counts = [], []
        sizes = np.frombuffer(self.sizes, np.uint32)
        docs = np.repeat(np.frombuffer(self.docnums, np.uint32), sizes)
        used = np.unique(ids)
        vocabulary = self.vocabulary
        words = [vocabulary[i] for i in used.tolist()]
        order = sorted(range(len(words)), key=words.__getitem__)  # str order is UTF-8's
        rank = np.zeros(int(used[-1]) + 1, np.uint64)
        rank[used[order]] = np.arange(len(order), dtype=np.uint64)
        # The keys alone carry the docnums: what else is held is let go as soon as it
        # can be (the flush's transients are in ``_COUNT_POSTING_BYTES``).
        keys = rank[ids] << np.uint64(32)
        del ids, rank, used
        keys |= docs
        del docs
        by_key = np.argsort(keys)
        counts = counts[by_key]
        keys = keys[by_key]
        del by_key
        ranks = keys >> np.uint64(32)
        starts = run_starts(ranks)
        del ranks
        docs = keys.astype(np.uint32)  # the low 32 bits: the docnums
        del keys
        return InvertedCounts([words[i] for i in order], docs, counts, starts)


class InvertedCounts:
    """A frequency field's posting lists inverted by ``CountColumn``: the terms in order,
    every posting's docnum and frequency in term then document order, and where each
    term's start. Iterates as (term, array of (docnum, frequency) pairs) like the term
    sets; the adapter's ``write_counted_field`` reads it in batches of terms instead (``rows``)."""

    def __init__(self, terms: list[str], docs, counts, starts):
        import numpy as np

        self.terms = terms
        self.docs, self.counts = docs, counts
        self.bounds = np.append(starts, len(docs)).astype(np.int64).tolist()

    def __iter__(self) -> Iterator[tuple[str, array]]:
        import numpy as np

        # The (docnum, frequency) pairs interleaved by numpy, each term's cut from the bytes.
        pairs = np.empty(2 * len(self.docs), np.uint32)
        pairs[0::2], pairs[1::2] = self.docs, self.counts
        data, bounds = pairs.tobytes(), self.bounds
        del pairs
        for i, term in enumerate(self.terms):
            docs = array("I")
            docs.frombytes(data[8 * bounds[i] : 8 * bounds[i + 1]])
            yield term, docs

    def rows(self, batch: int = 4096) -> Iterator[tuple[str, list[int], list[int]]]:
        """(term, its docnums, their frequencies), turned into Python ints a batch of
        terms at a time."""
        bounds, terms = self.bounds, self.terms
        for b in range(0, len(terms), batch):
            e = min(b + batch, len(terms))
            lo, hi = bounds[b], bounds[e]
            docs_of, counts_of = self.docs[lo:hi].tolist(), self.counts[lo:hi].tolist()
            for i in range(b, e):
                start, end = bounds[i] - lo, bounds[i + 1] - lo
                yield terms[i], docs_of[start:end], counts_of[start:end]


class Inverted:
    """A field's posting lists inverted by ``KeyColumn``: the terms in order, every
    posting's docnum in term then document order, and where each term's start. Iterates
    as (term, array of docnums) like the term sets; the adapter's ``write_bulk_field`` writes it in
    batches of terms instead."""

    def __init__(self, terms: list[str], docs, starts):
        import numpy as np

        self.terms = terms
        self.docs = docs
        self.bounds = np.append(starts, len(docs)).tolist()

    def __iter__(self) -> Iterator[tuple[str, array]]:
        data, bounds = self.docs.tobytes(), self.bounds
        for i, term in enumerate(self.terms):
            docs = array("I")
            docs.frombytes(data[4 * bounds[i] : 4 * bounds[i + 1]])
            yield term, docs

    def with_deltas(self, batch: int = 4096) -> Iterator[tuple[str, list[int], tuple]]:
        """(term, its docnums, their deltas): each docnum less the one before it in its
        term, the first one's docnum itself (Whoosh's ``delta_encode`` of a one-block
        list), computed for every posting by numpy, turned into Python ints a batch of
        terms at a time."""
        docs, bounds, terms = self.docs, self.bounds, self.terms
        deltas = docs.copy()
        deltas[1:] -= docs[:-1]  # wraps around at a term's start, set right below
        starts = bounds[:-1]
        deltas[starts] = docs[starts]
        for b in range(0, len(terms), batch):
            e = min(b + batch, len(terms))
            lo, hi = bounds[b], bounds[e]
            docs_of, deltas_of = docs[lo:hi].tolist(), deltas[lo:hi].tolist()
            for i in range(b, e):
                start, end = bounds[i] - lo, bounds[i + 1] - lo
                yield terms[i], docs_of[start:end], tuple(deltas_of[start:end])
