"""Articles that punish a rule rather than state it.

A law's penalty chapter (法律责任, 罚则) restates the rules it punishes: 第八十四条 of the
labour contract law repeats 扣押劳动者居民身份证 from 第九条, often with more occurrences
of the query's words. A worker asking whether something is allowed wants the rule; so,
among a document's articles holding the same query concepts, those of a penalty chapter
rank after the others (``search.unit_hits.rank_units``). An article holding more of the
query's concepts still ranks first wherever it is.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate

from indexer.units import Unit
from search.stored_units import kind_and_start, labelled_spans

PENALTY_CHAPTER_WORDS = ("法律责任", "罚则")
CHAPTER_KINDS = ("编", "分编", "章", "节")


def in_penalty_chapter(units: Sequence[Unit], indexes: Iterable[int]) -> set[int]:
    """Which of ``indexes`` (into ``units``) lie inside a chapter or section whose title
    names penalties."""
    penalty = [
        (start, end)
        for label, start, end in labelled_spans(units, CHAPTER_KINDS)
        if any(w in label for w in PENALTY_CHAPTER_WORDS)
    ]
    if not penalty:
        return set()
    kind, start = kind_and_start(units)
    # Inside some penalty span (s <= start < e; chapters may nest): the latest end among
    # the spans opening at or before the start, by bisection, not a scan per unit.
    penalty.sort()
    opens = [s for s, _ in penalty]
    reach = list(accumulate((e for _, e in penalty), max))
    out = set()
    for i in indexes:
        at = start(i)
        k = bisect_right(opens, at)
        if k and reach[k - 1] > at and kind(i) not in CHAPTER_KINDS:
            out.add(i)
    return out
