"""A document's units as stored with it (``indexer.units.Unit.to_row`` rows), made
``Unit`` objects only when read: a hit shows at most four of a law's hundreds of
articles, and the few chapters that rank them (``search.penalty_units``) are found from
the rows' kinds without making the articles."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence

from indexer.units import Unit

_KIND, _START = 1, 4  # Unit.to_row: depth, kind, label, anchor, start, end


class StoredUnits(Sequence[Unit]):
    """A document's stored unit rows, each made a ``Unit`` when first read."""

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

    def of_kinds(self, kinds: Collection[str]) -> list[Unit]:
        """The units of these kinds, in order; the others are not made."""
        return [self[i] for i, row in enumerate(self._rows) if row[_KIND] in kinds]

    def kind(self, i: int) -> str:
        return self._rows[i][_KIND]

    def start(self, i: int) -> int:
        return int(self._rows[i][_START])


def units_of_kinds(units: Sequence[Unit], kinds: Collection[str]) -> list[Unit]:
    """``[u for u in units if u.kind in kinds]``, without making stored units of other
    kinds."""
    if isinstance(units, StoredUnits):
        return units.of_kinds(kinds)
    return [u for u in units if u.kind in kinds]


def kind_and_start(units: Sequence[Unit]) -> tuple[Callable[[int], str], Callable[[int], int]]:
    """``(i → units[i].kind, i → units[i].start)``, without making a stored unit."""
    if isinstance(units, StoredUnits):
        return units.kind, units.start
    return (lambda i: units[i].kind), (lambda i: units[i].start)
