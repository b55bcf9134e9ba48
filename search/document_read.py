"""What building a hit reads of one document, read once per request.

A question's first candidates are read to rank them by their best passage
(``search.passages``); the hits of the page are among them and need the same stored
fields, matches, units and per-unit concepts again for their snippets
(``search.unit_hits``). Reading a document is the costly part (decompressing its stored
fields, finding the matches, parsing its units), so each is read once and handed on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from indexer.units import Unit
from search.highlight import find_marks
from search.unit_hits import span_concepts


@dataclass(frozen=True)
class DocumentRead:
    fields: dict  # the stored fields
    marks: list[tuple[int, int]]  # the literals' matches in the body
    units: Sequence[Unit]
    # unit index → (the query concepts it holds, its matches); empty without units or marks
    found: dict[int, tuple[set[str], int]]


def read_document(
    stored_fields: Callable[[int], dict],
    docnum: int,
    literals: list[str],
    concepts: dict[str, str] | None = None,
    known: tuple[list[tuple[int, int]], dict[int, tuple[set[str], int]]] | None = None,
) -> DocumentRead:
    """``known``: the matches and per-unit concepts, when ranking found them already
    (``search.unit_spans``): only the stored fields are read."""
    f = stored_fields(docnum)
    body = f.get("body", "")
    rows = f.get("units") or []
    units = StoredUnits(rows)
    if known is not None:
        return DocumentRead(f, known[0], units, known[1])
    marks = find_marks(body, literals)
    found = (
        span_concepts(body, [r[4] for r in rows], [r[5] for r in rows], marks, concepts)
        if rows and marks
        else {}
    )
    return DocumentRead(f, marks, units, found)


class StoredUnits(Sequence[Unit]):
    """A document's stored unit rows (``Unit.to_row``), each made a ``Unit`` when first
    read: a hit shows at most four of a law's hundreds of articles."""

    def __init__(self, rows: list):
        self._rows = rows
        self._made: list[Unit | None] = [None] * len(rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self._rows)))]
        u = self._made[i]
        if u is None:
            u = self._made[i] = Unit.from_row(self._rows[i])
        return u

    def __iter__(self) -> Iterator[Unit]:
        for i in range(len(self._rows)):
            yield self[i]
