"""Authority when relevance is close: 法律 > 行政法规 > 司法解释 > 部门规章 > 地方性法规 > 其他.

Within a ranking tier, BM25F scores that are within a factor of ``CLOSE`` of the tier's best
count as equally relevant: those documents come first, higher level before lower, each
level in BM25F order; the rest of the tier follows in BM25F order. BM25F penalises long
documents, and a national law is long: a local regulation that copies one of its articles
can score almost twice as high while answering no better.
"""

from __future__ import annotations

from array import array

from indexer.levels import LEVELS, level_rank
from search.bitsets import docnums_of

CLOSE = 2.0


def level_ranks(size: int, level_masks: dict[str, int]) -> array:
    """Per docnum, the rank of its level (0 for 法律; documents without one rank last),
    built once per index generation from the level facet's bitsets."""
    ranks = array("b", [len(LEVELS) - 1]) * size
    for level, mask in level_masks.items():
        rank = level_rank(level)
        for d in docnums_of(mask):
            ranks[d] = rank
    return ranks


def demote(ranks: array, masks: list[int]) -> array:
    """``ranks`` with the documents of ``masks`` (versions no longer in force: 已修改,
    已废止) ranked last: when relevance is close, the law as it stands comes first."""
    out = array(ranks.typecode, ranks)
    for mask in masks:
        for d in docnums_of(mask):
            out[d] = len(LEVELS) - 1
    return out


def authority_order(scores: dict[int, float], ranks: array):
    """A sort key for (docnum, score): close to the best, by level; then by score."""
    best = max(scores.values(), default=0.0)
    floor = best / CLOSE

    def key(item: tuple[int, float]) -> tuple:
        d, score = item
        if score >= floor:
            return (0, ranks[d], -score, d)
        return (1, 0, -score, d)

    return key
