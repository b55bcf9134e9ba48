"""A document's related documents ("more like this"), ranked as Whoosh ranks them, cheaper.

The definition: the document's text (its title three times, its body's first 20,000
characters) cut by jieba, Whoosh's ``Expander`` (Bo1) picks its 15 most distinctive body
words, and the five best documents for the Or of those words, each weighted, by BM25F.

Whoosh's collector walks every document holding one of the words through generic matcher
objects (about 10,700 a page at 100,000 documents: a common word is usually among the 15,
so block-max skipping skips little). Here each word's postings are read a block at a
time and every candidate is scored at once with numpy: the same BM25F expression, the
same per-document field lengths and statistics, the terms' scores added in the order
Whoosh's matcher adds them (``or_sum_order``), so the same floats, the same five documents,
the same order (ties by docnum). The expander's statistics are read once per word instead
of twice per segment. What this relies on of Whoosh beyond its public API (the reader
methods the ``Expander`` calls, the order in which Or adds its terms, BM25F's parameters,
postings a block at a time) is in ``indexer/whoosh_adapter.py``, which says so.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from whoosh import query as wq

from indexer.analysis import Analyzer, normalize
from indexer.whoosh_adapter import (
    block_postings,
    bm25f_parameters,
    expanded_terms,
    or_sum_order,
    segment_term,
    term_postings,
)

TITLE_REPEAT = 3
BODY_CHARS = 20000
TERMS = 15
FIELD = "body"


def related_terms(
    searcher, analyzer: Analyzer, docnum: int, frequencies: Frequencies | None = None
) -> list[tuple[str, float]]:
    """The document's ``TERMS`` most distinctive body words and their weights (Bo1).
    ``frequencies``: the generation's remembered collection frequencies, if kept."""
    f = searcher.stored_fields(docnum)
    text = (f.get("title", "") + "\n") * TITLE_REPEAT + f.get("body", "")[:BODY_CHARS]
    reader = searcher.reader()
    frequencies = frequencies or Frequencies()
    words = Counter(analyzer.words(normalize(text))).items()
    return expanded_terms(
        reader, FIELD, words, TERMS, lambda field, btext: frequencies.of(reader, field, btext)
    )


def related_docnums(
    searcher,
    lengths,
    terms: list[tuple[str, float]],
    exclude: int,
    limit: int,
    context=None,
) -> list[tuple[int, float]]:
    """The ``limit`` best (docnum, score) for the Or of the weighted ``terms`` other than
    ``exclude``, as Whoosh scores and orders them (best first, ties by docnum) over every
    document holding one of them. ``lengths``: the generation's ``FieldLengths``;
    ``context``: Whoosh's search context (its default: what ``search`` uses)."""
    if not terms:
        return []
    q = wq.Or([wq.Term(FIELD, w, boost=b) for w, b in terms])
    parameters = bm25f_parameters(searcher.weighting, FIELD)
    if parameters is None:
        # Another weighting than the one this replays: Whoosh's own collector.
        return [(h.docnum, h.score or 0.0) for h in searcher.search(q, limit=limit, mask={exclude})]
    boosts = dict(terms)
    context = context or searcher.context()
    avgfl = searcher.avg_field_length(FIELD) or 1
    B, K1 = parameters
    flen = np.asarray(lengths.lengths[FIELD], dtype=np.int64)
    flen = np.where(flen == 0, 1, flen)  # doc_field_length's default for a 0 byte
    best: list[tuple[float, int]] = []
    for sub, offset in searcher.leaf_searchers():
        count = sub.doc_count_all()
        order = or_sum_order(q, sub, context)
        leaf: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for word in boosts:
            m = term_postings(sub.reader(), FIELD, word.encode("utf-8"))
            if m is None:
                continue
            parts = list(block_postings(m))
            ids = np.concatenate([np.asarray(i, dtype=np.int64) for i, _ in parts])
            tf = np.concatenate([np.asarray(w, dtype=np.float64) for _, w in parts])
            fl = flen[ids + offset]
            idf = searcher.idf(FIELD, word)
            score = idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))
            leaf[word] = (ids, score * boosts[word] if boosts[word] != 1.0 else score)
        total, matched = _add(order, leaf, count)
        if total is None:
            continue
        if sub.reader().has_deletions():
            for d in np.flatnonzero(matched):
                if sub.reader().is_deleted(int(d)):
                    matched[d] = False
        if offset <= exclude < offset + count:
            matched[exclude - offset] = False
        docs = np.flatnonzero(matched)
        scores = total[docs]
        # The best ``limit`` of this segment: by score, then by the smaller docnum.
        top = np.lexsort((docs, -scores))[:limit]
        best += [(float(scores[i]), int(docs[i]) + offset) for i in top]
    best.sort(key=lambda sd: (-sd[0], sd[1]))
    return [(d, s) for s, d in best[:limit]]


def _add(order, leaf, count: int):
    """The scores (and which documents match) of the sum ``order`` over one segment."""
    if order is None:
        return None, None
    if isinstance(order, str):
        if order not in leaf:
            return None, None
        ids, score = leaf[order]
        total = np.zeros(count, dtype=np.float64)
        matched = np.zeros(count, dtype=bool)
        total[ids] = score
        matched[ids] = True
        return total, matched
    if order[0] == "tree":
        a, am = _add(order[1], leaf, count)
        b, bm = _add(order[2], leaf, count)
        if a is None:
            return b, bm
        if b is None:
            return a, am
        # A document in one side only scores that side's score (x + 0.0 is x).
        return a + b, am | bm
    total = np.zeros(count, dtype=np.float64)
    matched = np.zeros(count, dtype=bool)
    for part in order[1]:
        s, m = _add(part, leaf, count)
        if s is not None:
            total += s
            matched |= m
    return total, matched


class Frequencies:
    """Each body word's collection frequency (what ``reader.frequency`` returns; None: no
    document holds it), remembered for one index generation: a page's few hundred words
    are mostly words other pages had, and a look-up in Whoosh's term table costs about
    50 µs a segment. Bounded: at ``limit`` words (about 6 MB at 50,000) it forgets them
    all and starts again, so a server's memory stays within issue 16's bound.
    Looked up through the caller's own reader (a thread's searcher)."""

    def __init__(self, limit: int = 50_000) -> None:
        self.limit = limit
        self.known: dict[bytes, float | None] = {}

    def of(self, reader, fieldname: str, btext: bytes) -> float | None:
        known = self.known
        if btext in known:
            return known[btext]
        total, seen = 0, False
        for sub, _offset in reader.leaf_readers():
            info = segment_term(sub, fieldname, btext)
            if info is not None:
                seen = True
                total += info.weight()
        if len(known) >= self.limit:
            self.known = known = {}
        known[btext] = found = total if seen else None
        return found
