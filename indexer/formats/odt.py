"""OpenDocument text (.odt): its content.xml read with zipfile and lxml.

LibreOffice would read it too, but it is a 260 MB install; ODT text is plain XML
(paragraphs, headings, lists and tables in reading order), so a small reader suffices.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from indexer.document import Rejected
from indexer.formats.result import Extracted

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_PARAGRAPHS = {f"{{{_TEXT}}}p", f"{{{_TEXT}}}h"}
_ROW = f"{{{_TABLE}}}table-row"
_CELL = f"{{{_TABLE}}}table-cell"
_SKIP = {f"{{{_TEXT}}}note", f"{{{_TEXT}}}tracked-changes", f"{{{_OFFICE}}}annotation"}
MAX_CONTENT_BYTES = 64 * 1024 * 1024


def extract_odt(raw: bytes) -> Extracted:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            info = z.getinfo("content.xml")
            if info.file_size > MAX_CONTENT_BYTES:
                raise Rejected("ODT content too large")
            xml = z.read(info)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        root = etree.fromstring(xml, parser)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, EOFError) as exc:
        raise Rejected(f"broken .odt: {type(exc).__name__}: {str(exc)[:80]}") from None
    body = root.find(f"{{{_OFFICE}}}body")
    if body is None:
        raise Rejected("broken .odt: no office:body")
    lines = list(_lines(body))
    if not any(line.strip() for line in lines):
        raise Rejected("ODT document holds no text")
    return Extracted("\n".join(lines))


def _lines(body):
    # Iterative, in document order: a table row is one line, a paragraph is one line.
    stack = [iter(body)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        if not isinstance(child.tag, str) or child.tag in _SKIP:
            continue
        if child.tag in _PARAGRAPHS:
            yield _inline_text(child)
        elif child.tag == _ROW:
            cells = [_cell_text(c) for c in child if c.tag == _CELL]
            yield " ".join(c for c in cells if c)
        else:
            stack.append(iter(child))


def _cell_text(cell) -> str:
    return " ".join(
        _inline_text(p) for p in cell.iter(*_PARAGRAPHS) if not _inside_note(p, cell)
    ).strip()


def _inside_note(el, stop) -> bool:
    for parent in el.iterancestors():
        if parent is stop:
            return False
        if parent.tag in _SKIP:
            return True
    return False


def _inline_text(p) -> str:
    out: list[str] = []
    for event, el in etree.iterwalk(p, events=("start", "end")):
        if event == "start":
            if el.tag in _SKIP:
                continue
            if el.tag == f"{{{_TEXT}}}s":
                out.append(" " * int(el.get(f"{{{_TEXT}}}c", "1") or 1))
            elif el.tag in (f"{{{_TEXT}}}tab", f"{{{_TEXT}}}line-break"):
                out.append(" ")
            elif el.text and not _inside_note(el, p) and el.tag not in _SKIP:
                out.append(el.text)
        elif el is not p and el.tail and not _inside_note(el, p):
            out.append(el.tail)
    return "".join(out)
