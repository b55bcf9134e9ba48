"""Spreadsheets: .xlsx (openpyxl) and .xls (xlrd); WPS .et files are one or the other.

Each data row becomes one line that carries its column headers (``姓名：张三 单位：…``),
so a hit on a row shows what its values mean.  A first row with a single filled cell
(a merged banner such as ``2024年度劳动模范名单``) is the title; the next row is the
header row.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Iterator

from indexer.document import Rejected
from indexer.formats.result import Extracted

Row = list[str]


def extract_xlsx(raw: bytes) -> Extracted:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise Rejected(f"broken .xlsx: {type(exc).__name__}: {str(exc)[:80]}") from None
    try:
        sheets = [
            (ws.title, [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)])
            for ws in book.worksheets
        ]
    finally:
        book.close()
    return sheets_text(sheets)


def extract_xls(raw: bytes) -> Extracted:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=raw, on_demand=True)
    except (xlrd.XLRDError, xlrd.compdoc.CompDocError, AssertionError, IndexError) as exc:
        raise Rejected(f"broken .xls: {type(exc).__name__}: {str(exc)[:80]}") from None
    sheets = []
    try:
        for ws in book.sheets():
            rows = [
                [_xls_cell(ws.cell(r, c), book.datemode) for c in range(ws.ncols)]
                for r in range(ws.nrows)
            ]
            sheets.append((ws.name, rows))
    finally:
        book.release_resources()
    return sheets_text(sheets)


def sheets_text(sheets: list[tuple[str, list[Row]]]) -> Extracted:
    """Lines for each sheet: its title row, then each data row with the headers kept."""
    lines: list[str] = []
    title = ""
    for name, rows in sheets:
        rows = [row for row in rows if any(row)]
        if not rows:
            continue
        if len(sheets) > 1:
            lines.append(name)
        banner, header, data = _split_header(rows)
        if banner:
            lines.append(banner)
            title = title or banner
        if header:
            lines.append(" ".join(c for c in header if c))
        lines.extend(_row_lines(header, data))
    if not lines:
        raise Rejected("spreadsheet holds no cell values")
    return Extracted("\n".join(lines), title=title)


def _split_header(rows: list[Row]) -> tuple[str, Row, list[Row]]:
    banner = ""
    if len(rows) > 1 and sum(1 for c in rows[0] if c) == 1 and sum(1 for c in rows[1] if c) > 1:
        banner = next(c for c in rows[0] if c)
        rows = rows[1:]
    if len(rows) > 1 and sum(1 for c in rows[0] if c) > 1:
        return banner, rows[0], rows[1:]
    return banner, [], rows


def _row_lines(header: Row, rows: Iterable[Row]) -> Iterator[str]:
    for row in rows:
        parts = []
        for i, value in enumerate(row):
            if not value:
                continue
            label = header[i] if i < len(header) else ""
            parts.append(f"{label}：{value}" if label else value)
        yield " ".join(parts)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return " ".join(str(value).split())


def _xls_cell(cell, datemode: int) -> str:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return _cell(xlrd.xldate.xldate_as_datetime(cell.value, datemode))
        except (xlrd.xldate.XLDateError, OverflowError, ValueError):
            return _cell(cell.value)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return _cell(bool(cell.value))
    return _cell(cell.value)
