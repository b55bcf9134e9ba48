"""Spreadsheets: .xlsx (openpyxl), .xls (xlrd), WPS .et as whichever it really is."""

from __future__ import annotations

import datetime as dt

import pytest

from indexer.extract import extract_document
from indexer.formats.sheets import sheets_text
from tests.indexer.format_samples import search_ids

SHEETS = ["measures.xlsx", "measures.xls", "measures-ole.et", "measures-zip.et"]


@pytest.mark.parametrize("name", SHEETS)
def test_sheet_rows_keep_their_headers(formats_corpus, measures, resources, name):
    config, report, _ = formats_corpus
    assert name in report.added
    doc = extract_document(config.corpus_dir / name, config.corpus_dir, resources)
    assert doc.title == measures.title  # the merged banner row
    lines = doc.body.split("\n")
    for row in measures.rows:
        expected = " ".join(f"{h}：{v}" for h, v in zip(measures.header, row, strict=True))
        assert expected in lines


@pytest.mark.parametrize("name", SHEETS)
def test_sheet_cells_are_found_by_quoted_search(formats_corpus, measures, name):
    config, _, _ = formats_corpus
    for row in measures.rows[:4]:
        assert name in search_ids(config, row[1][-14:]), row[1]


def test_truncated_spreadsheets_are_rejected(formats_corpus):
    _, report, _ = formats_corpus
    reasons = {r.path: r.reason for r in report.rejected}
    assert "truncated or damaged" in reasons["broken-measures.xlsx"]
    assert reasons["broken-measures.xls"].startswith(("broken OLE2", "broken .xls"))


def test_cell_values_read_as_a_person_sees_them():
    sheet = [
        ["姓名", "入会日期", "会员证号", "在职"],
        ["张三", dt.datetime(2024, 8, 20), 13800138000.0, True],
        ["李四", None, 42, False],
    ]
    from indexer.formats.sheets import _cell

    text = sheets_text([("名册", [[_cell(v) for v in row] for row in sheet])]).text
    assert text.split("\n") == [
        "姓名 入会日期 会员证号 在职",
        "姓名：张三 入会日期：2024-08-20 会员证号：13800138000 在职：是",
        "姓名：李四 会员证号：42 在职：否",
    ]
