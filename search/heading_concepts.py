"""Query concepts an article holds through the chapter it sits in.

A law's chapter and section titles say what their articles are about: 第五条 of the
individual income tax deductions (按照每个子女每月1000元的标准定额扣除) never says 子女教育,
its chapter does (第二章 子女教育). A title counts for every passage of a document
(``search.passages``); in the same way, when a document's units are ranked
(``search.unit_hits``), the query concepts a chapter's or section's heading holds count for
each article inside it that holds a match of its own. So `子女教育 个税扣除 每月多少` shows
第五条, not 第二十二条 of the chapter on elderly parents, which states a monthly amount too.
Only a law's structure (编, 章, 节) lends its words to articles: a report's sections hold
text of their own, not titles of what follows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from indexer.units import Unit
from search.stored_units import kind_and_start

HEADING_KINDS = ("编", "分编", "章", "节")


def with_headings(
    units: Sequence[Unit], found: Mapping[int, tuple[set[str], int]]
) -> dict[int, tuple[set[str], int]]:
    """``found`` (unit → its concepts, matches) with each article's concepts joined by
    those its enclosing headings hold (a heading's own matches are those of its title
    line: its articles hold the rest). A new dict; the sets of ``found`` are not changed."""
    kind, start = kind_and_start(units)
    heads = [(start(i), units[i].end, found[i][0]) for i in found if kind(i) in HEADING_KINDS]
    if not heads:
        return dict(found)
    out = dict(found)
    for i, (cs, n) in found.items():
        if kind(i) != "条":
            continue
        s = start(i)
        lent = {c for a, b, held in heads if a <= s < b for c in held}
        if not lent <= cs:
            out[i] = (cs | lent, n)
    return out
