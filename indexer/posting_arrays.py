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
            empty = np.zeros(0, np.uint32)
            return InvertedCounts([], empty, empty, [], empty)
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
        term_ids = used[order]
        rank[term_ids] = np.arange(len(order), dtype=np.uint64)
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
        return InvertedCounts([words[i] for i in order], docs, counts, starts, term_ids)


class InvertedCounts:
    """A frequency field's posting lists inverted by ``CountColumn``: the terms in order,
    every posting's docnum and frequency in term then document order, and where each
    term's start (and, from ``CountColumn``, the terms' ids in its vocabulary). Iterates as
    (term, array of (docnum, frequency) pairs) like the term sets; the adapter's
    ``write_counted_field`` reads it in batches of terms instead (``rows``)."""

    def __init__(self, terms: list[str], docs, counts, starts, ids=None):
        import numpy as np

        self.terms, self.ids = terms, ids
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


# A frequency field's final merge reads its runs about this many postings at a time (each
# about 40 bytes while the batch is sorted and split).
COUNT_BATCH_POSTINGS = 1 << 20
# What a spilled run keeps in memory per term: its id (4 bytes) and where its postings
# start in the run (8).
COUNT_RUN_TERM_BYTES = 12


class CountRuns:
    """A frequency field's spilled runs: each the field's column inverted (its postings in
    term then document order) with the docnums and then the counts written to a file as
    two arrays, and only the terms' ids (the process's vocabulary's, in the run's term
    order) and where each term's postings start kept in memory. ``merged`` joins the runs
    and the column still in memory a batch of terms at a time, each batch one sort: the
    posting lists a term-by-term merge of (docnum, frequency) pairs would give, without a
    Python step per term. ``batch``: a batch's postings (a test's smaller batches)."""

    def __init__(self, vocabulary: Sequence[str], batch: int = COUNT_BATCH_POSTINGS):
        self.vocabulary = vocabulary
        self.batch = batch
        self.runs: list[tuple[Any, Any, Any]] = []  # (the run's name, its ids, bounds)

    def spill(self, inverted: InvertedCounts, f, name) -> int:
        """Write ``inverted``'s postings to ``f`` (the run ``name``); returns the bytes
        kept in memory for it."""
        import numpy as np

        inverted.docs.tofile(f)
        inverted.counts.tofile(f)
        bounds = np.asarray(inverted.bounds, np.int64)
        self.runs.append((name, inverted.ids, bounds))
        return COUNT_RUN_TERM_BYTES * len(inverted.ids)

    def merged(self, column: CountColumn | None, open_run, remove_run) -> MergedCounts:
        """The runs' postings and ``column``'s (its documents after the runs'), a batch
        of terms at a time; ``open_run``/``remove_run`` open a run by its name as a binary
        file and remove it (once read)."""
        runs, self.runs = self.runs, []
        return MergedCounts(self, runs, column, open_run, remove_run)


class MergedCounts:
    """A frequency field's posting lists from its runs and memory (``CountRuns.merged``):
    iterates as (term, array of (docnum, frequency) pairs) and ``rows`` like
    ``InvertedCounts``, one batch of terms at a time."""

    def __init__(self, runs: CountRuns, files, column, open_run, remove_run):
        self.of, self.files, self.column = runs, files, column
        self.open_run, self.remove_run = open_run, remove_run

    def batches(self) -> Iterator[InvertedCounts]:
        import numpy as np

        column, self.column = self.column, None
        # Inverted only now, when the field is written: not held while another field is.
        memory = column.inverted() if column is not None else None
        del column
        sources = [(ids, bounds) for _name, ids, bounds in self.files]
        if memory is not None and len(memory.ids):
            sources.append((memory.ids, np.asarray(memory.bounds, np.int64)))
        opened = []
        try:
            opened = [self.open_run(name) for name, _ids, _bounds in self.files]
            if not sources:
                return
            used = np.unique(np.concatenate([ids for ids, _bounds in sources]))
            vocabulary = self.of.vocabulary
            words = [vocabulary[i] for i in used.tolist()]
            order = sorted(range(len(words)), key=words.__getitem__)  # str order is UTF-8's
            terms = [words[i] for i in order]
            del words
            rank = np.zeros(int(used[-1]) + 1, np.int64)
            rank[used[order]] = np.arange(len(order), dtype=np.int64)
            del used, order
            # Each source's terms as ranks (rising: a source's terms are in word order)
            # and every term's postings over all sources, to cut the batches.
            ranks = [rank[ids] for ids, _bounds in sources]
            del rank
            per_term = np.zeros(len(terms), np.int64)
            for r, (_ids, bounds) in zip(ranks, sources, strict=True):
                per_term[r] += np.diff(bounds)
            ends = np.cumsum(per_term)
            cuts = np.searchsorted(ends, np.arange(self.of.batch, ends[-1], self.of.batch), "right")
            edges = np.unique(np.concatenate(([0], cuts, [len(terms)])))
            del per_term, ends, cuts
            # Where each batch starts in each source: its first term, its first posting.
            at = [np.searchsorted(r, edges) for r in ranks]
            for b in range(len(edges) - 1):
                parts_r, parts_d, parts_c = [], [], []
                for s, (r, (_ids, bounds)) in enumerate(zip(ranks, sources, strict=True)):
                    t0, t1 = int(at[s][b]), int(at[s][b + 1])
                    if t1 == t0:
                        continue
                    lo, hi = int(bounds[t0]), int(bounds[t1])
                    parts_r.append(np.repeat(r[t0:t1], np.diff(bounds[t0 : t1 + 1])))
                    if s < len(opened):
                        f, total = opened[s], int(bounds[-1])
                        f.seek(4 * lo)
                        parts_d.append(np.fromfile(f, np.uint32, hi - lo))
                        f.seek(4 * (total + lo))
                        parts_c.append(np.fromfile(f, np.uint32, hi - lo))
                    else:
                        parts_d.append(memory.docs[lo:hi])
                        parts_c.append(memory.counts[lo:hi])
                keys = np.concatenate(parts_r).astype(np.uint64) << np.uint64(32)
                keys |= np.concatenate(parts_d)
                counts = np.concatenate(parts_c)
                del parts_r, parts_d, parts_c
                # The sources in document order, each sorted: one sort orders the batch
                # by term and then document (every (term, docnum) once).
                by_key = np.argsort(keys)
                counts, keys = counts[by_key], keys[by_key]
                del by_key
                starts = run_starts(keys >> np.uint64(32))
                docs = keys.astype(np.uint32)
                del keys
                yield InvertedCounts(terms[edges[b] : edges[b + 1]], docs, counts, starts)
        finally:
            for f in opened:
                f.close()
            for name, _ids, _bounds in self.files:
                self.remove_run(name)

    def __iter__(self) -> Iterator[tuple[str, array]]:
        for inverted in self.batches():
            yield from inverted

    def rows(self) -> Iterator[tuple[str, list[int], list[int]]]:
        for inverted in self.batches():
            yield from inverted.rows()
