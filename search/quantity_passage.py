"""The quantity a question asks for, in the best-passage score of its candidates.

``search.unit_hits.with_quantity`` makes a document's article that states the quantity
asked (多少天 → 98天, 几个小时 → 8小时) its answering unit; this makes such an article count
the same way when candidate documents are compared by their best passage
(``search.passages``): a unit holding the question's words and stating the quantity in a
sentence holding one of them holds one more concept, worth QUANTITY_SHARE of the best
concept the document holds. 年休假有几天: the regulation whose article says 年休假5天
answers better than a law that names 年休假 without a number.
"""

from __future__ import annotations

from collections.abc import Sequence

from search.quantity import QUANTITY, Asked
from search.unit_hits import QUANTITY_SHARE, innermost_span, stated_quantities


def stating_units(
    body: str,
    starts: Sequence[int],
    ends: Sequence[int],
    marks: list[tuple[int, int]],
    asked: Asked,
) -> set[int]:
    """The units (indexes into ``starts``/``ends``) stating a quantity of the kind asked
    in a sentence holding a match of two or more characters (有 or 发 alone, found in
    every sentence, says nothing of what it states); only those sentences are read."""
    out: set[int] = set()
    for _, at in stated_quantities(body, marks, asked, shortest=2):
        i = innermost_span(starts, ends, at)
        if i is not None:
            out.add(i)
    return out


def with_quantity_concept(
    found: dict[int, tuple[set[str], int]],
    stating: set[int],
    weights: dict[str, float],
    nouns: tuple[str, ...] = (),
) -> tuple[dict[int, tuple[set[str], int]], dict[str, float]]:
    """``found`` (unit → its concepts, matches) with QUANTITY added to the units of
    ``stating`` that hold a match, and ``weights`` with QUANTITY's weight: a share of the
    best concept the document holds (not of a string found nowhere, whose IDF is the
    highest of all); new objects, the caller's stay as read. ``nouns``: the query's words
    naming the measure asked (天数), which a stating unit holds too (``Asked.nouns``)."""
    if not stating:
        return found, weights
    named = {QUANTITY, *(n for n in nouns if n in weights)}
    out = {i: ({*cs, *named} if i in stating else cs, n) for i, (cs, n) in found.items()}
    held = {c for cs, _ in found.values() for c in cs if c != QUANTITY}
    top = max((weights.get(c, 1.0) for c in held), default=0.0)
    return out, {**weights, QUANTITY: top * QUANTITY_SHARE}
