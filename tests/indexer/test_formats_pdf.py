"""PDF with a text layer: pdftotext, wrapped lines rejoined, page furniture dropped."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from indexer.extract import extract_document
from indexer.formats.page_text import clean_pages
from tests.indexer import format_samples as fs
from tests.indexer.format_samples import phrase_across, search_ids, wrap


def _pdftotext(path: Path) -> str:
    """The PDF's text as pdftotext gives it, before the extractor cleans it."""
    args = ["pdftotext", "-enc", "UTF-8", str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def test_pdf_notice_has_the_metadata_of_its_web_page(formats_corpus, notice, resources):
    config, report, _ = formats_corpus
    assert "notice.pdf" in report.added
    doc = extract_document(config.corpus_dir / "notice.pdf", config.corpus_dir, resources)
    assert (doc.title, doc.date, doc.issuer, doc.doc_type) == (
        notice.title,
        notice.date,
        notice.issuer,
        notice.doc_type,
    )


def _wrapped_pairs(notice, width=34, per_page=28):
    """(last line, next line, crosses a page) for each place a paragraph was wrapped."""
    position = 1  # the title is item 0 on the first page
    for paragraph in notice.paragraphs:
        parts = wrap(paragraph, width)
        for i in range(len(parts) - 1):
            yield parts[i], parts[i + 1], (position + i + 1) % per_page == 0
        position += len(parts)


def test_phrase_across_a_line_break_is_found(formats_corpus, notice):
    config, _, _ = formats_corpus
    # Breaks that fall at punctuation need no rejoining: phrases stop there anyway.
    pairs = [pair for pair in _wrapped_pairs(notice) if phrase_across(pair[0], pair[1])]
    across_pages = [p for p in pairs if p[2]]
    assert across_pages, "the fixture must wrap a paragraph over a page break"
    for first, second, _ in pairs[:12] + across_pages:
        phrase = phrase_across(first, second)
        assert "notice.pdf" in search_ids(config, phrase), phrase


def test_page_numbers_and_running_headers_are_dropped(formats_corpus, resources):
    config, _, _ = formats_corpus
    raw = _pdftotext(config.corpus_dir / "notice.pdf")
    assert raw.count("国务院办公厅文件") > 1 and re.search(r"^-\s*2\s*-$", raw, re.M)
    doc = extract_document(config.corpus_dir / "notice.pdf", config.corpus_dir, resources)
    assert not [line for line in doc.body.split("\n") if re.fullmatch(r"-\s*\d+\s*-", line)]
    assert "notice.pdf" not in search_ids(config, "国务院办公厅文件")


def test_spaces_pdf_tools_put_between_digits_and_chinese_are_dropped(formats_corpus, notice):
    config, _, _ = formats_corpus
    raw = _pdftotext(config.corpus_dir / "notice.pdf")
    y, m, d = (int(x) for x in notice.date.split("-"))
    spaced = re.compile(rf"{y}\s+年\s*{m}\s*月\s*{d}\s*日")
    assert spaced.search(raw), "the fixture must make pdftotext space out the date"
    cleaned = clean_pages(raw.split("\f"))
    assert f"{y}年{m}月{d}日" in cleaned.split("\n")


def test_truncated_pdf_is_rejected_with_the_tool_reason(formats_corpus):
    _, report, _ = formats_corpus
    reasons = {r.path: r.reason for r in report.rejected}
    assert reasons["broken-notice.pdf"].startswith("pdftotext failed: ")


def test_scanned_pdf_without_ocr_is_rejected_with_the_way_to_read_it(formats_corpus):
    _, report, _ = formats_corpus
    reasons = {r.path: r.reason for r in report.rejected}
    assert "reindex --ocr" in reasons["scan.pdf"]


def test_libreoffice_pdf_lines_and_table_cells_are_rejoined(formats_corpus, notice, measures):
    """A second producer (LibreOffice, embedded CFF font): every place pdftotext broke a
    paragraph or a table cell of the original is found by a quoted search across it."""
    config, report, _ = formats_corpus
    assert "libreoffice.pdf" in report.added
    raw = _pdftotext(config.corpus_dir / "libreoffice.pdf")
    originals = fs.short_notice(notice).lines + [cell for row in measures.rows[:3] for cell in row]
    lines = [line.strip() for line in raw.split("\n") if line.strip()]
    breaks = []
    for first, second in zip(lines, lines[1:], strict=False):
        phrase = phrase_across(first, second, 4)
        if phrase and any(phrase in original for original in originals):
            breaks.append(phrase)
    cell_breaks = [b for b in breaks if any(b in c for row in measures.rows for c in row)]
    assert len(breaks) > 5 and cell_breaks, "the fixture must wrap paragraphs and cells"
    for phrase in breaks:
        assert "libreoffice.pdf" in search_ids(config, phrase), phrase
