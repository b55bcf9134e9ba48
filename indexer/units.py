"""Units inside a document: the parts, chapters, sections and articles of a law, or the
numbered sections of a report or notice, as character spans of the stored body.

Two modes, chosen per document:

* **law**: lines beginning 第N编 / 第N分编 / 第N章 / 第N节 (short heading lines) and 第N条
  (an article runs to the next article or heading). Numbers in Chinese or Arabic numerals.
  Used when the text has at least two article lines with rising numbers.
* **sections**: headings 一、 (一) 1. and the ``----`` lead paragraphs of page dumps, each
  kind nested under the kinds before it. A heading counts only when its number continues
  its siblings (一 then 二 …), so a stray "1." inside a paragraph is not a section.

A text with neither yields no units. Anchors are stable, valid HTML ids derived from the
numbers (``a44`` for 第四十四条, ``c2`` for 第二章, ``s2-1`` for 二、 → (一)), so a link
survives a reindex as long as the numbering does.
"""

from __future__ import annotations

import re
import sys
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from indexer.numerals import NUMERAL_CHARS, parse_number

_NUM = rf"[{NUMERAL_CHARS}0-9０-９]+"
_LAW_LINE = re.compile(rf"^第\s*({_NUM})\s*(编|分编|章|节|条)(?:之({_NUM}))?[\s　]*(.*)$")
_SECTION_PATTERNS = (
    ("cn", re.compile(rf"^([{NUMERAL_CHARS}]+)\s*[、．.]\s*(\S.*)$")),
    ("paren", re.compile(rf"^[（(]\s*([{NUMERAL_CHARS}]+)\s*[）)]\s*(.*)$")),
    ("arabic", re.compile(r"^([0-9０-９]{1,2})\s*(?:[、．]|\.(?![0-9]))\s*(\D.*)$")),
    ("lead", re.compile(r"^-{2,}\s*(\S.*)$")),
)
_SECTION_RANK = {kind: i for i, (kind, _) in enumerate(_SECTION_PATTERNS)}
_LAW_RANK = {"编": 0, "分编": 1, "章": 2, "节": 3, "条": 4}
_ANCHOR_PREFIX = {"编": "p", "分编": "q", "章": "c", "节": "s", "条": "a"}
HEADING_MAX_CHARS = 60
LABEL_MAX_CHARS = 40
_LABEL_END = re.compile(r"[。；！？;!?：:]")


@dataclass(frozen=True)
class Unit:
    depth: int  # 0 for the outermost units
    kind: str  # 编 分编 章 节 条 (law) or cn paren arabic lead (sections)
    label: str  # 第四十四条 / 第二章 工会组织 / 二、切实维护职工合法权益
    anchor: str  # HTML id, unique in the document
    start: int  # character offsets into the body: body[start:end] is the unit
    end: int

    @property
    def is_heading(self) -> bool:
        """Rendered as a heading (chapters, report sections), not as a paragraph."""
        return self.kind in ("编", "分编", "章", "节", "cn", "paren")

    def to_row(self) -> list:
        return [self.depth, self.kind, self.label, self.anchor, self.start, self.end]

    @classmethod
    def from_row(cls, row) -> Unit:
        depth, kind, label, anchor, start, end = row
        return cls(int(depth), kind, label, anchor, int(start), int(end))


# The units as stored with their document (``unit`` rows of Whoosh's stored fields): one
# tuple of columns, not a list per unit. Reading a page hit's stored fields unpickled a
# law's hundreds of row lists, about a third of the whole read (body included).
PACKED_UNITS = "units/1"
_ROW_SEP = "\n"  # labels are lines, kinds and anchors words: none holds one


def pack_units(units: Sequence[Unit]) -> tuple | list:
    """The units as stored: (PACKED_UNITS, depth/start/end as little-endian u32 triples,
    kinds, labels, anchors each joined by a line break). Rows (``Unit.to_row``), as
    before, if a label held a line break (none does)."""
    texts = [u.kind for u in units], [u.label for u in units], [u.anchor for u in units]
    if any(_ROW_SEP in t for column in texts for t in column):
        return [u.to_row() for u in units]
    numbers = array("I", (v for u in units for v in (u.depth, u.start, u.end)))
    if sys.byteorder == "big":  # pragma: no cover
        numbers.byteswap()
    return (PACKED_UNITS, numbers.tobytes(), *(_ROW_SEP.join(c) for c in texts))


class UnitRows(Sequence[list]):
    """A document's stored units as rows (``Unit.to_row``), from either stored form;
    each column is read only when asked for (a hit shows four of a law's articles)."""

    def __init__(self, stored) -> None:
        if isinstance(stored, UnitRows):
            self._packed, self._rows, self._count = stored._packed, stored._rows, len(stored)
        elif isinstance(stored, tuple) and stored and stored[0] == PACKED_UNITS:
            self._packed, self._rows = stored, None
            self._count = len(stored[1]) // 12
        else:
            self._packed, self._rows = None, list(stored or ())
            self._count = len(self._rows)

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._count))]
        if self._rows is not None:
            return self._rows[i]
        return [
            self.depths[i],
            self.kinds[i],
            self.labels[i],
            self.anchors[i],
            self.starts[i],
            self.ends[i],
        ]

    def _column(self, k: int) -> list:
        if self._rows is not None:
            return [row[k] if k in (1, 2, 3) else int(row[k]) for row in self._rows]
        if k in (1, 2, 3):
            return self._packed[k + 1].split(_ROW_SEP) if self._count else []
        return self._numbers[(0, None, None, None, 1, 2)[k] :: 3].tolist()

    @cached_property
    def _numbers(self) -> array:
        numbers = array("I")
        numbers.frombytes(self._packed[1])
        if sys.byteorder == "big":  # pragma: no cover
            numbers.byteswap()
        return numbers

    @cached_property
    def depths(self) -> list[int]:
        return self._column(0)

    @cached_property
    def kinds(self) -> list[str]:
        return self._column(1)

    @cached_property
    def labels(self) -> list[str]:
        return self._column(2)

    @cached_property
    def anchors(self) -> list[str]:
        return self._column(3)

    @cached_property
    def starts(self) -> list[int]:
        return self._column(4)

    @cached_property
    def ends(self) -> list[int]:
        return self._column(5)


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def split_units(text: str) -> list[Unit]:
    """The units of ``text`` in document order (parents before their children)."""
    units = _law_units(text)
    return units if units is not None else _section_units(text)


def _collapse(s: str) -> str:
    return " ".join(s.split())


def _short_label(line: str) -> str:
    line = _collapse(line)
    m = _LABEL_END.search(line)
    if m and m.start() >= 4:
        line = line[: m.start()]
    return line if len(line) <= LABEL_MAX_CHARS else line[: LABEL_MAX_CHARS - 1] + "…"


# -- laws -------------------------------------------------------------------


def _law_units(text: str) -> list[Unit] | None:
    found: list[tuple[int, str, int, int | None, str]] = []  # start, kind, n, sub, label
    last_article = 0
    articles = 0
    for start, line in _lines(text):
        stripped = line.strip()
        m = _LAW_LINE.match(stripped)
        if not m:
            continue
        n = parse_number(m.group(1))
        sub = parse_number(m.group(3)) if m.group(3) else None
        kind = m.group(2)
        # 第四十四条 / 第五条之一 for articles; the whole heading line for the others.
        label = _collapse(stripped[: m.start(4)] if kind == "条" else stripped)
        if n is None:
            continue
        offset = start + line.index(stripped[0])
        if kind == "条":
            # Articles rise (第五条 之一 follows 第五条); a line starting 第三条规定… later in
            # the text is a reference, not an article.
            spaced = m.group(4) == "" or stripped[m.start(4) - 1] in " 　\t"
            if n < last_article or (n == last_article and sub is None):
                continue
            if n > last_article + 1 and not spaced:
                continue  # a jump in numbering without a gap after it: a reference
            last_article = n
            articles += 1
        elif len(stripped) > HEADING_MAX_CHARS:
            continue
        found.append((offset, kind, n, sub, label))
    if articles < 2:
        return None
    units: list[list] = []  # rows, made Units once every end is known
    stack: list[tuple[int, str]] = []  # (rank, anchor) of open ancestors
    open_units: list[int] = []  # indexes into units, parallel to stack
    seen: set[str] = set()
    for offset, kind, n, sub, label in found:
        rank = _LAW_RANK[kind]
        while stack and stack[-1][0] >= rank:
            stack.pop()
            _close(units, open_units.pop(), offset)
        number = f"{n}-{sub}" if sub is not None else str(n)
        if kind == "条":
            anchor = "a" + number  # articles are numbered through the whole law
        else:
            parent = stack[-1][1] + "-" if stack else ""
            anchor = parent + _ANCHOR_PREFIX[kind] + number
        anchor = _unique(anchor, seen)
        units.append([len(stack), kind, label, anchor, offset, len(text)])
        stack.append((rank, anchor))
        open_units.append(len(units) - 1)
    return _made(units)


def _close(rows: list[list], i: int, end: int) -> None:
    rows[i][5] = _trim_end(end)


def _made(rows: list[list]) -> list[Unit]:
    # A frozen Unit costs a few attribute sets to make: made once each, when its end is
    # known, not again when a later unit closes it (a law's articles, most of its units).
    return [Unit(*row) for row in rows]


def _trim_end(end: int) -> int:
    # A unit ends at the newline before the next one; the newline is not part of it.
    return max(end - 1, 0)


def _unique(anchor: str, seen: set[str]) -> str:
    candidate, k = anchor, 2
    while candidate in seen:
        candidate, k = f"{anchor}_{k}", k + 1
    seen.add(candidate)
    return candidate


# -- reports and notices -------------------------------------------------------


def _section_units(text: str) -> list[Unit]:
    units: list[list] = []  # rows, made Units once every end is known
    # Open headings, outermost first: (rank, number, anchor, index into units)
    stack: list[tuple[int, int, str, int]] = []
    # Last sibling number of each kind under the current parent, per stack depth.
    last_child: list[dict[str, int]] = [{}]
    seen: set[str] = set()
    for start, line in _lines(text):
        stripped = line.strip()
        if not stripped:
            continue
        hit = _section_heading(stripped)
        if hit is None:
            continue
        kind, n = hit
        rank = _SECTION_RANK[kind]
        depth = len(stack)
        # Find the level this heading would sit at: below every open heading of lower rank.
        while depth > 0 and stack[depth - 1][0] >= rank:
            depth -= 1
        expected = last_child[depth].get(kind, 0) + 1
        if n is None:
            n = expected  # lead paragraphs are numbered by their order
        if n != expected:
            continue
        offset = start + line.index(stripped[0])
        while len(stack) > depth:
            _close(units, stack.pop()[3], offset)
            last_child.pop()
        last_child[depth][kind] = n
        path = [str(s[1]) for s in stack] + [str(n)]
        anchor = _unique("s" + "-".join(path), seen)
        label = _short_label(stripped.lstrip("-") if kind == "lead" else stripped)
        units.append([depth, kind, label, anchor, offset, len(text)])
        stack.append((rank, n, anchor, len(units) - 1))
        last_child.append({})
    return _made(units)


def _section_heading(line: str) -> tuple[str, int | None] | None:
    for kind, pattern in _SECTION_PATTERNS:
        m = pattern.match(line)
        if not m:
            continue
        if kind == "lead":
            return kind, None
        if kind in ("cn", "paren") and len(line) > 400:
            return None
        n = parse_number(m.group(1))
        if n is None or n == 0:
            return None
        return kind, n
    return None
