"""Word 2007+ (.docx, and WPS files saved as docx): python-docx, body in reading order.

Paragraphs and tables come in the order they appear; a table row is one line with its
cells separated by spaces; text boxes (where red headers often sit) are read with the
paragraph that anchors them.  Page headers and footers are left out: they repeat on
every page and are not the document's text.
"""

from __future__ import annotations

import io
import zipfile

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from indexer.document import Rejected
from indexer.formats.result import Extracted

_TEXTBOX_PARAGRAPHS = etree.XPath(
    ".//w:txbxContent[not(ancestor::mc:Fallback)]/w:p",  # mc:Fallback repeats the same box
    namespaces={
        "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    },
)


def extract_docx(raw: bytes) -> Extracted:
    try:
        document = docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise Rejected(f"broken .docx: {type(exc).__name__}: {str(exc)[:80]}") from None
    lines: list[str] = []
    _blocks(document, lines)
    return Extracted("\n".join(lines))


def _blocks(container, lines: list[str]) -> None:
    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            for box in _TEXTBOX_PARAGRAPHS(block._p):
                lines.append(_paragraph_text(box))
            lines.append(block.text)
        elif isinstance(block, Table):
            _table(block, lines)


def _paragraph_text(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def _table(table: Table, lines: list[str]) -> None:
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue  # a merged cell is returned once per grid column it spans
            seen.add(id(cell._tc))
            if cell.tables:
                nested: list[str] = []
                _blocks(cell, nested)
                cells.append(" ".join(line for line in nested if line.strip()))
            else:
                cells.append(" ".join(p.text for p in cell.paragraphs if p.text.strip()))
        lines.append(" ".join(c for c in cells if c.strip()))
