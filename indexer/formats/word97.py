"""Word 97-2003 binaries (.doc, and WPS writer .wps files in the same format): antiword.

antiword reads the Unicode text pieces Chinese documents are stored in.  Its DocBook
output (``-x db``) is used rather than plain text: plain text wraps table cells inside
fixed-width columns, which would cut a cell's sentence over several lines, while the
XML keeps each paragraph and each table row whole.
"""

from __future__ import annotations

from lxml import etree

from indexer.document import Rejected
from indexer.formats.page_text import join_wrapped
from indexer.formats.result import Extracted
from indexer.formats.tools import run_tool, temp_copy

ANTIWORD_TIMEOUT = 60.0
_SKIP = {"bookinfo"}  # author and date of the file's properties, not the text
_BLOCKS = {"para", "title"}


def extract_word97(raw: bytes) -> Extracted:
    with temp_copy(raw, ".doc") as path:
        out = run_tool(["antiword", "-x", "db", str(path)], timeout=ANTIWORD_TIMEOUT)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, recover=True, huge_tree=True
    )
    root = etree.fromstring(out, parser)
    if root is None:
        raise Rejected("antiword gave no readable text")
    lines = [line for line in _lines(root) if line]
    if not lines:
        raise Rejected("Word 97 document holds no text")
    return Extracted("\n".join(lines))


def _lines(root):
    # Iterative walk in document order: a table row is one line, a paragraph one line.
    stack = [iter([root])]
    while stack:
        el = next(stack[-1], None)
        if el is None:
            stack.pop()
            continue
        if not isinstance(el.tag, str) or el.tag in _SKIP:
            continue
        if el.tag == "row":
            yield " ".join(c for c in (_text(entry) for entry in el.iter("entry")) if c)
        elif el.tag in _BLOCKS and el.find(".//informaltable") is None:
            yield _text(el)
        else:
            if el.tag in _BLOCKS and el.text and el.text.strip():
                yield _text_only(el.text)
            stack.append(iter(el))


def _text(el) -> str:
    return _text_only("".join(el.itertext()))


def _text_only(text: str) -> str:
    # antiword breaks long XML text lines; the breaks are not in the document.
    parts = [part.strip() for part in text.split("\n") if part.strip()]
    return join_wrapped(parts)
