"""Reading a best-passage candidate from the generation's compact stores instead of its
stored fields: the normalised title and body from the text store (``indexer.textstore``)
and its units' spans from the unit store (``indexer.unit_store``).

The matches found in the normalised body are the ones ``search.highlight.find_marks``
finds in the stored body (same offsets: normalising keeps every character's place), and
a match's concept is that of its normalised text either way, so the best passage, the
matches and the per-unit concepts are those the stored fields give; the page's hits
reuse them and read their stored fields only for what they show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from indexer.textstore import TextStore
from indexer.unit_store import UnitStore
from search.highlight import find_marks
from search.unit_hits import span_concepts


@dataclass(frozen=True)
class PassageRead:
    title: str  # normalised
    body: str  # normalised
    has_units: bool
    marks: list[tuple[int, int]]  # the literals' matches in the body
    # unit index → (the query concepts it holds, its matches); empty without units or marks
    found: dict[int, tuple[set[str], int]]
    starts: Sequence[int] = field(default_factory=tuple)  # the units' spans in the body
    ends: Sequence[int] = field(default_factory=tuple)


def read_passage(
    texts: TextStore,
    units: UnitStore,
    docnum: int,
    literals: list[str],
    concepts: dict[str, str] | None = None,
) -> PassageRead | None:
    """The candidate as best-passage ranking needs it; None when the stores cannot say
    (no entry, or a body whose length is not the stored one's): read the stored fields."""
    spans = units.spans(docnum)
    if spans is None:
        return None
    body = texts.text(docnum, "body")
    if len(body) != spans.body_chars:
        return None
    marks = find_marks(body, literals, normalized=True)
    found = (
        span_concepts(body, spans.starts, spans.ends, marks, concepts)
        if spans.starts and marks
        else {}
    )
    return PassageRead(
        texts.text(docnum, "title"),
        body,
        bool(spans.starts),
        marks,
        found,
        spans.starts,
        spans.ends,
    )
