"""Scanned PDFs: pages rendered by ``pdftoppm``, read by ``tesseract`` (chi_sim + eng).

Slow (seconds a page), so only ``reindex --ocr`` runs it, never a request.  Pages are
rendered and read one at a time, so a long scan needs the disk of one page image.
"""

from __future__ import annotations

import re
from pathlib import Path

from indexer.document import Rejected
from indexer.formats.page_text import clean_pages
from indexer.formats.tools import run_tool

OCR_DPI = 300
MAX_OCR_PAGES = 100
INFO_TIMEOUT = 30.0
RENDER_TIMEOUT = 120.0
PAGE_TIMEOUT = 180.0
LANGUAGES = "chi_sim+eng"
_SEARCHABLE = re.compile(r"[\w\u3400-\u9fff]")
_PAGES = re.compile(rb"^Pages:\s+(\d+)", re.MULTILINE)


def ocr_pdf(pdf: Path) -> str:
    """The recognised text of the PDF at ``pdf``, cleaned like a text layer."""
    info = run_tool(["pdfinfo", str(pdf)], timeout=INFO_TIMEOUT)
    match = _PAGES.search(info)
    count = min(int(match.group(1)) if match else 0, MAX_OCR_PAGES)
    if count == 0:
        raise Rejected("scanned PDF has no pages to read")
    pages = [_read_page(pdf, number) for number in range(1, count + 1)]
    text = clean_pages(pages)
    if not _SEARCHABLE.search(text):
        raise Rejected("scanned PDF: OCR found no text")
    return text


def _read_page(pdf: Path, number: int) -> str:
    stem = pdf.parent / f"page-{number}"
    run_tool(["pdftoppm", "-r", str(OCR_DPI), "-gray", "-png", "-singlefile",
              "-f", str(number), "-l", str(number), str(pdf), str(stem)],
             timeout=RENDER_TIMEOUT)  # fmt: skip
    image = stem.with_suffix(".png")
    try:
        out = run_tool(["tesseract", str(image), "stdout", "-l", LANGUAGES], timeout=PAGE_TIMEOUT)
    except Rejected as r:
        if "chi_sim" in r.reason:
            raise Rejected(
                "tesseract Chinese model not installed: apt-get install tesseract-ocr-chi-sim"
            ) from None
        raise
    finally:
        image.unlink(missing_ok=True)
    return out.decode("utf-8", errors="replace")
