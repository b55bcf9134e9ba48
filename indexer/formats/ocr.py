"""Scanned PDFs: pages rendered by ``pdftoppm``, read by ``tesseract`` (chi_sim + eng).

Slow (seconds a page), so only ``reindex --ocr`` runs it, never a request.
"""

from __future__ import annotations

import re
from pathlib import Path

from indexer.document import Rejected
from indexer.formats.page_text import clean_pages
from indexer.formats.tools import run_tool

OCR_DPI = 300
MAX_OCR_PAGES = 100
RENDER_TIMEOUT = 300.0
PAGE_TIMEOUT = 180.0
LANGUAGES = "chi_sim+eng"
_SEARCHABLE = re.compile(r"[\w\u3400-\u9fff]")


def ocr_pdf(pdf: Path) -> str:
    """The recognised text of the PDF at ``pdf``, cleaned like a text layer."""
    out_dir = pdf.parent / "pages"
    out_dir.mkdir()
    run_tool(["pdftoppm", "-r", str(OCR_DPI), "-gray", "-png", "-l", str(MAX_OCR_PAGES),
              str(pdf), str(out_dir / "p")], timeout=RENDER_TIMEOUT)  # fmt: skip
    images = sorted(out_dir.glob("p*.png"), key=lambda p: int(re.sub(r"\D", "", p.stem) or 0))
    if not images:
        raise Rejected("scanned PDF has no pages to read")
    try:
        pages = [
            run_tool(
                ["tesseract", str(image), "stdout", "-l", LANGUAGES], timeout=PAGE_TIMEOUT
            ).decode("utf-8", errors="replace")
            for image in images
        ]
    except Rejected as r:
        if "chi_sim" in r.reason:
            raise Rejected(
                "tesseract Chinese model not installed: apt-get install tesseract-ocr-chi-sim"
            ) from None
        raise
    text = clean_pages(pages)
    if not _SEARCHABLE.search(text):
        raise Rejected("scanned PDF: OCR found no text")
    return text
