"""PDF with a text layer: poppler's ``pdftotext``, then page-text cleaning.

pdftotext (with poppler-data for CJK fonts that are not embedded) read every producer
tried in a trial on three PDFs where pypdf and pdfminer.six each lost one entirely.
A PDF without a text layer is a scan: read by OCR when asked for (``reindex --ocr``).
"""

from __future__ import annotations

import re

from indexer.document import Rejected
from indexer.formats.ocr import ocr_pdf
from indexer.formats.page_text import clean_pages
from indexer.formats.result import Extracted
from indexer.formats.tools import run_tool, temp_copy

PDFTOTEXT_TIMEOUT = 120.0
# Fewer searchable characters than this per page means the pages are images.
MIN_CHARS_PER_PAGE = 10
_SEARCHABLE = re.compile(r"[\w\u3400-\u9fff]")


def extract_pdf(raw: bytes, ocr: bool = False) -> Extracted:
    with temp_copy(raw, ".pdf") as path:
        out = run_tool(["pdftotext", "-enc", "UTF-8", "-eol", "unix", str(path), "-"],
                       timeout=PDFTOTEXT_TIMEOUT)  # fmt: skip
        pages = out.decode("utf-8", errors="replace").split("\f")
        if pages and not pages[-1].strip():
            pages.pop()  # pdftotext ends every page, the last one too, with a form feed
        text = clean_pages(pages)
        if len(_SEARCHABLE.findall(text)) >= MIN_CHARS_PER_PAGE * max(len(pages), 1):
            return Extracted(text)
        if not ocr:
            raise Rejected(
                "scanned PDF without a text layer: run `union-search reindex --ocr` to read it"
            )
        return Extracted(ocr_pdf(path), ocr=True)
