"""One extractor per file format; :mod:`indexer.formats.sniff` decides which applies.

Each extractor turns bytes into plain text (:class:`Extracted`) that then goes through
the same metadata path as a .txt file, so title, date, issuer and notice handling apply
to Word, PDF and spreadsheet documents alike.
"""

from __future__ import annotations

from indexer.document import Rejected
from indexer.formats.result import Extracted
from indexer.formats.sniff import DOCX, ODT, PDF, WORD97, XLS, XLSX

__all__ = ["Extracted", "extract_content"]


def extract_content(kind: str, raw: bytes, ocr: bool = False) -> Extracted:
    """Text of an office document of ``kind`` (not text, HTML or archives: see extract)."""
    # Each extractor is imported on first use: python-docx and openpyxl alone take about
    # 0.15 s to import, which a corpus of text and HTML files should not pay.
    if kind == PDF:
        from indexer.formats.pdf import extract_pdf

        return extract_pdf(raw, ocr=ocr)
    if kind == DOCX:
        from indexer.formats.docx import extract_docx

        return extract_docx(raw)
    if kind == WORD97:
        from indexer.formats.word97 import extract_word97

        return extract_word97(raw)
    if kind == XLSX:
        from indexer.formats.sheets import extract_xlsx

        return extract_xlsx(raw)
    if kind == XLS:
        from indexer.formats.sheets import extract_xls

        return extract_xls(raw)
    if kind == ODT:
        from indexer.formats.odt import extract_odt

        return extract_odt(raw)
    raise Rejected(f"no extractor for {kind}")
