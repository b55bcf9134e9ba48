"""A passage is article-sized: a long section is judged by its paragraphs.

Best-passage ranking (``search.passages``) judges a document by the query concepts that one
unit holds together. A law's article is that passage (the innermost units of the legal
documents of the shipped corpus run to 975 characters, but for four of the judicial
interpretations', up to 2,193). A report's innermost section is not:
a section of several thousand characters holds a question's words scattered over its
paragraphs (去, 替 and 仲裁 of 让我哥替我去仲裁行不行, one paragraph apart), and so outscored
the article that holds the question's subject. A unit longer than ``LONG_UNIT`` is therefore
judged by its paragraphs, as a document without units is.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Hashable, Mapping, Sequence

from search.concepts import MatchedConcepts

LONG_UNIT = 1000  # characters: longer than the articles of the laws


def bounded_passages(
    body: str,
    starts: Sequence[int],
    ends: Sequence[int],
    marks: list[tuple[int, int]],
    found: Mapping[int, tuple[set[str], int]],
    concepts: Mapping[str, str],
) -> dict[Hashable, tuple[set[str], int]]:
    """``found`` (unit index → its concepts, its matches) with each unit longer than
    LONG_UNIT replaced by its paragraphs holding matches (paragraph start → the same)."""
    if all(ends[i] - starts[i] <= LONG_UNIT for i in found):
        return dict(found)
    out: dict[Hashable, tuple[set[str], int]] = {}
    mark_starts = [s for s, _ in marks]
    concept = MatchedConcepts(concepts)
    for i, entry in found.items():
        start, end = starts[i], ends[i]
        if end - start <= LONG_UNIT:
            out[i] = entry
            continue
        held: dict[int, set[str]] = {}  # paragraph start → its concepts
        count: dict[int, int] = {}  # paragraph start → its matches
        lo, hi = bisect_left(mark_starts, start), bisect_right(mark_starts, end - 1)
        head, until = -1, -1  # the paragraph of the mark before; its line break (-1: none)
        for s, e in marks[lo:hi]:
            # Marks come in order: the next one is in the same paragraph until a line
            # break lies before it, so the paragraph is looked for once, not per mark.
            if head < 0 or 0 <= until < s:
                head = body.rfind("\n", start, s) + 1 or start
                until = body.find("\n", s)
                held.setdefault(head, set())
                count.setdefault(head, 0)
            held[head].add(concept[body[s:e]])
            count[head] += 1
        out.update((("paragraph", h), (held[h], n)) for h, n in count.items())
    return out
