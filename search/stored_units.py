"""A document's units as stored with it (``indexer.units.Unit.to_row`` rows), made
``Unit`` objects only when read: a hit shows at most four of a law's hundreds of
articles, and the few chapters that rank them (``search.penalty_units``) are found from
the rows' kinds and labels without making any unit."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence

from indexer.units import Unit

_KIND, _LABEL, _START, _END = 1, 2, 4, 5  # Unit.to_row: depth, kind, label, anchor, start, end


class StoredUnits(Sequence[Unit]):
    """A document's stored unit rows, each made a ``Unit`` when first read."""

    def __init__(self, rows: list):
        self._rows = rows
        self._made: list[Unit | None] = [None] * len(rows)
        self._starts: list[int] | None = None

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

    def labelled_spans(self, kinds: Collection[str]) -> list[tuple[str, int, int]]:
        """(label, start, end) of the units of these kinds, in order; none is made."""
        return [
            (row[_LABEL], int(row[_START]), int(row[_END]))
            for row in self._rows
            if row[_KIND] in kinds
        ]

    def kind(self, i: int) -> str:
        return self._rows[i][_KIND]

    def start(self, i: int) -> int:
        return int(self._rows[i][_START])

    def starts(self) -> list[int]:
        """Every unit's start, in order (built once: a hit's articles and its snippet's
        shown span both bisect them)."""
        if self._starts is None:
            self._starts = [int(row[_START]) for row in self._rows]
        return self._starts


def labelled_spans(units: Sequence[Unit], kinds: Collection[str]) -> list[tuple[str, int, int]]:
    """(label, start, end) of the units of these kinds, in order, without making a
    stored unit (a law's chapters are read for their titles on every hit)."""
    if isinstance(units, StoredUnits):
        return units.labelled_spans(kinds)
    return [(u.label, u.start, u.end) for u in units if u.kind in kinds]


def kind_and_start(units: Sequence[Unit]) -> tuple[Callable[[int], str], Callable[[int], int]]:
    """``(i → units[i].kind, i → units[i].start)``, without making a stored unit."""
    if isinstance(units, StoredUnits):
        return units.kind, units.start
    return (lambda i: units[i].kind), (lambda i: units[i].start)


def unit_starts(units: Sequence[Unit]) -> list[int]:
    """``[u.start for u in units]``, without making a stored unit."""
    if isinstance(units, StoredUnits):
        return units.starts()
    return [u.start for u in units]
