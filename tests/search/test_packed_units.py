"""The units stored with a document as packed columns (``indexer.units.pack_units``) read
back as the rows ``Unit.to_row`` wrote before, and a generation written with those rows
still reads the same units (``UnitRows`` takes either form)."""

from __future__ import annotations

from indexer.units import PACKED_UNITS, Unit, UnitRows, pack_units, split_units
from search.penalty_units import CHAPTER_KINDS
from search.stored_units import StoredUnits, labelled_spans
from search.unit_hits import load_units
from tests.conftest import CORPUS_DOCS


def _bodies() -> list[str]:
    return [
        p.read_text(encoding="utf-8", errors="replace") for p in sorted(CORPUS_DOCS.rglob("*.txt"))
    ]


def test_packed_units_read_back_as_the_rows_of_every_shipped_text():
    checked = 0
    for body in _bodies():
        units = split_units(body)
        packed = pack_units(units)
        rows = [u.to_row() for u in units]
        for stored in (packed, rows):
            read = UnitRows(stored)
            assert len(read) == len(units)
            assert list(read) == rows
            assert read.starts == [u.start for u in units]
            assert read.ends == [u.end for u in units]
            assert read.kinds == [u.kind for u in units]
            assert load_units(stored) == units
            assert list(StoredUnits(stored)) == units
            assert labelled_spans(StoredUnits(stored), CHAPTER_KINDS) == labelled_spans(
                units, CHAPTER_KINDS
            )
        checked += bool(units)
    assert checked > 20


def test_packed_units_stay_rows_when_a_label_holds_a_line_break():
    units = [Unit(0, "条", "第一条", "a1", 0, 10), Unit(0, "lead", "导语\n续", "s1", 10, 20)]
    stored = pack_units(units)
    assert stored == [u.to_row() for u in units]
    assert load_units(stored) == units


def test_no_units_packed_and_none_stored():
    assert pack_units([])[0] == PACKED_UNITS
    for stored in (pack_units([]), [], None):
        assert len(UnitRows(stored)) == 0 and load_units(stored) == []
        assert UnitRows(stored).starts == [] and UnitRows(stored).kinds == []
