"""Word 2007+ (.docx, and WPS files saved as docx): python-docx, body in reading order.

python-docx opens the package; the body is walked here rather than through
``iter_inner_content`` because that skips what a reader still sees: paragraphs inside
content controls (``w:sdt``, common in official templates), text of tracked insertions,
and text boxes (where red headers often sit; read just before their anchor paragraph).
A table row is one line with its cells in column order.  Page headers and footers are
left out: they repeat on every page and are not the document's text.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import docx
from docx.oxml.ns import qn
from docx.table import Table
from lxml import etree

from indexer.document import Rejected
from indexer.formats.result import Extracted

_P, _TBL, _TXBX = qn("w:p"), qn("w:tbl"), qn("w:txbxContent")
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Wrappers whose children are read as if they stood in the parent.
_TRANSPARENT = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:ins"),
                qn("w:smartTag"), qn("w:hyperlink"), qn("w:fldSimple"), qn("w:r")}  # fmt: skip
_INLINE_TEXT = {qn("w:t"): None, qn("w:tab"): " ", qn("w:br"): " ", qn("w:cr"): " "}
_SKIP = {qn("w:del"), qn("w:delText"), qn("w:instrText"), _FALLBACK}  # mc:Fallback repeats


def extract_docx(raw: bytes) -> Extracted:
    try:
        document = docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise Rejected(f"broken .docx: {type(exc).__name__}: {str(exc)[:80]}") from None
    return Extracted("\n".join(_blocks(document.element.body, document)))


def _blocks(container, parent) -> Iterator[str]:
    for el in _children(container):
        if el.tag == _P:
            for box in _text_boxes(el):
                for p in _children(box):
                    if p.tag == _P:
                        yield _paragraph_text(p)
            yield _paragraph_text(el)
        elif el.tag == _TBL:
            yield from _table(Table(el, parent))


def _children(el) -> Iterator:
    """Block children, looking through content controls and similar wrappers."""
    stack = [iter(el)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.tag in (_P, _TBL):
            yield child
        elif child.tag in _TRANSPARENT:
            stack.append(iter(child))


def _text_boxes(p) -> Iterator:
    return (
        box for box in p.iter(_TXBX) if not any(a.tag == _FALLBACK for a in box.iterancestors())
    )


def _paragraph_text(p) -> str:
    out: list[str] = []
    stack = [iter(p)]
    while stack:
        el = next(stack[-1], None)
        if el is None:
            stack.pop()
            continue
        if el.tag in _SKIP or el.tag == _TXBX:
            continue  # text boxes are read as paragraphs of their own
        if el.tag in _INLINE_TEXT:
            out.append(el.text or "" if _INLINE_TEXT[el.tag] is None else _INLINE_TEXT[el.tag])
        else:
            stack.append(iter(el))
    return "".join(out)


def _table(table: Table) -> Iterator[str]:
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue  # a merged cell is returned once per grid column it spans
            seen.add(id(cell._tc))
            text = " ".join(line for line in _blocks(cell._tc, cell) if line.strip())
            cells.append(text)
        yield " ".join(c for c in cells if c.strip())
