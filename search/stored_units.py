"""A document's units as stored with it (``indexer.units.UnitRows``: packed columns, or
``Unit.to_row`` rows in a generation written before), made ``Unit`` objects only when
read: a hit shows at most four of a law's hundreds of articles, and the few chapters that
rank them (``search.penalty_units``) are found from the kinds and labels without making
any unit."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from itertools import compress, count

from indexer.units import Unit, UnitRows


class StoredUnits(Sequence[Unit]):
    """A document's stored units, each made a ``Unit`` when first read. ``stored``: the
    stored value (``indexer.units.pack_units``) or its ``UnitRows``."""

    def __init__(self, stored):
        self._rows = stored if isinstance(stored, UnitRows) else UnitRows(stored)
        self._made: list[Unit | None] = [None] * len(self._rows)

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
        rows = self._rows
        # Every unit's kind is tested on every hit: in C (compress, map), not a loop.
        chosen = list(compress(count(), map(kinds.__contains__, rows.kinds)))
        if not chosen:
            return []
        labels, starts, ends = rows.labels, rows.starts, rows.ends
        return [(labels[i], starts[i], ends[i]) for i in chosen]

    def kind(self, i: int) -> str:
        return self._rows.kinds[i]

    def start(self, i: int) -> int:
        return self._rows.starts[i]

    def starts(self) -> list[int]:
        """Every unit's start, in order (a hit's articles and its snippet's shown span
        both bisect them)."""
        return self._rows.starts

    def ends(self) -> list[int]:
        return self._rows.ends


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


def unit_ends(units: Sequence[Unit]) -> list[int]:
    """``[u.end for u in units]``, without making a stored unit (a hit's articles are
    told apart by their spans: a law's matched articles made one each)."""
    if isinstance(units, StoredUnits):
        return units.ends()
    return [u.end for u in units]
