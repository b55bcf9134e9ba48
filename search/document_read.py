"""What building a hit reads of one document, read once per request.

A question's first candidates are read to rank them by their best passage
(``search.passages``); the hits of the page are among them and need the same stored
fields, matches, units and per-unit concepts again for their snippets
(``search.unit_hits``). Reading a document is the costly part (decompressing its stored
fields, finding the matches, parsing its units), so each is read once and handed on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from indexer.units import Unit, UnitRows
from search.highlight import find_marks
from search.stored_units import StoredUnits
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
    rows = UnitRows(f.get("units"))
    units = StoredUnits(rows)
    if known is not None:
        return DocumentRead(f, known[0], units, known[1])
    marks = find_marks(body, literals)
    found = span_concepts(body, rows.starts, rows.ends, marks, concepts) if rows and marks else {}
    return DocumentRead(f, marks, units, found)
