"""BM25F over the jieba word fields, scoring only the documents asked about.

Whoosh's collector walks every match through generic matcher objects; ranking a tier
here reads only the posting blocks of each query word that hold one of the tier's
documents, and scores only those documents. Weights stored in the postings already
carry the field boost (title ×3).
"""

from __future__ import annotations

import heapq
import math
from array import array
from bisect import bisect_left
from collections.abc import Iterable

from indexer.whoosh_adapter import segment_field_lengths, segment_term, term_weights_of

K1 = 1.2
B = 0.75
FIELDS = ("title", "body")
SATURATION = K1 + 1
# A ranked document's score is its tier's value times this plus its BM25F score (below it
# in any tier the Searcher ranks), so one number orders tiers first.
TIER_STEP = 1000.0


class FieldLengths:
    """Per-document field lengths and averages, read once per index generation."""

    def __init__(self, reader):
        self.doc_count = max(reader.doc_count(), 1)
        self.lengths: dict[str, array] = {}
        self.average: dict[str, float] = {}
        for f in FIELDS:
            values = array("I")
            for sub, _offset in reader.leaf_readers():
                values.extend(segment_field_lengths(sub, f))
            self.lengths[f] = values
            total = reader.field_length(f)
            self.average[f] = total / self.doc_count if total else 1.0


def bm25f(
    reader, lengths: FieldLengths, terms: list[tuple[str, str]], docs: Iterable[int]
) -> dict[int, float]:
    """Scores of the documents in ``docs`` for the (field, word) terms.

    Only the posting blocks that hold one of ``docs`` are decoded (``weights_of``): a tier
    is usually far smaller than a frequent word's postings. Each document's score is the
    same sum, in the same order of terms, as over every posting."""
    scores: dict[int, float] = {}
    n = lengths.doc_count
    wanted = sorted(docs)
    leaves = []  # (segment, its first docnum, the wanted documents in it)
    for sub, offset in reader.leaf_readers():
        lo = bisect_left(wanted, offset)
        hi = bisect_left(wanted, offset + sub.doc_count_all(), lo)
        leaves.append((sub, offset, wanted[lo:hi]))
    for fieldname, text in dict.fromkeys(terms):
        term = text.encode("utf-8")
        # Each segment's term looked up once: its document frequency (their sum is the
        # index's, what reader.doc_frequency returns) and where its postings are.
        found = [
            (sub, offset, mine, segment_term(sub, fieldname, term)) for sub, offset, mine in leaves
        ]
        df = sum(info.doc_frequency() for *_, info in found if info is not None)
        if not df:
            continue
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        flen = lengths.lengths[fieldname]
        # The constant factors of tf + K1·(1 − B) + (K1 / average)·B·length, each computed
        # as that expression computes it (left to right): the same float results.
        base, per_length = K1 * (1 - B), K1 / lengths.average[fieldname] * B
        for sub, offset, mine, info in found:
            if info is None or not mine:
                continue
            for ids, weights in term_weights_of(sub, fieldname, term, info, mine, offset):
                for d, tf in zip(ids, weights, strict=True):
                    denom = tf + base + per_length * flen[d]
                    scores[d] = scores.get(d, 0.0) + idf * tf * SATURATION / denom
    return scores


def tier_of(score: float) -> int:
    """The tier value a ranked score (``TIER_STEP`` × tier + BM25F) was made with."""
    return int(score // TIER_STEP)


def top(scores: dict[int, float], k: int) -> list[tuple[int, float]]:
    """The k best (docnum, score), ties broken by docnum for stable pages."""
    return heapq.nsmallest(
        k, ((d, s) for d, s in scores.items()), key=lambda item: (-item[1], item[0])
    )
