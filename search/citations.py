"""Citation queries (劳动法第四十四条, 劳动合同法 第82条, 工会法43条, 《工会法》第四十三条) and
citations inside texts (《中华人民共和国工会法》第二十条, 本法第二十条).

Only the shape is read here; whether the law is in the index is the searcher's question
(``law`` field, see indexer/legal.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.legal import law_key
from indexer.numerals import NUMERAL_CHARS, parse_number, to_chinese
from search.models import Answer

_NUM = rf"[{NUMERAL_CHARS}0-9０-９]+"
_QUERY = re.compile(
    rf"^\s*《?\s*(?P<law>[^\s《》\"“”]{{2,60}}?)\s*》?\s*第?\s*(?P<n>{_NUM})\s*条"
    rf"(?:\s*之\s*(?P<sub>{_NUM}))?\s*$"
)
_IN_TEXT = re.compile(
    rf"(?:《(?P<law>[^《》\n]{{2,60}})》|(?P<self>本(?:法|条例|规定|办法|细则)))"
    rf"第(?P<n>{_NUM})条(?:之(?P<sub>{_NUM}))?"
)


@dataclass(frozen=True)
class Citation:
    law: str  # as written, without 《》: 劳动法
    key: str  # law_key(law): what the index's ``law`` field holds
    number: int
    sub: int | None = None

    @property
    def anchor(self) -> str:
        return f"a{self.number}" + (f"-{self.sub}" if self.sub else "")

    @property
    def label(self) -> str:
        return f"第{to_chinese(self.number)}条" + (f"之{to_chinese(self.sub)}" if self.sub else "")


def parse_citation(q: str) -> Citation | None:
    """The citation a whole query makes, or None (then it is an ordinary query)."""
    m = _QUERY.match(q)
    if not m:
        return None
    law = m.group("law")
    if law.endswith("第"):
        law = law[:-1]
    n = parse_number(m.group("n"))
    sub = parse_number(m.group("sub")) if m.group("sub") else None
    if not n or len(law) < 2 or law[-1] in NUMERAL_CHARS:
        return None
    return Citation(law, law_key(law), n, sub)


@dataclass(frozen=True)
class TextCitation:
    start: int
    end: int
    key: str | None  # None: the document's own law (本法第N条)
    anchor: str


def citations_in(text: str) -> list[TextCitation]:
    out = []
    for m in _IN_TEXT.finditer(text):
        n = parse_number(m.group("n"))
        if not n:
            continue
        sub = parse_number(m.group("sub")) if m.group("sub") else None
        anchor = f"a{n}" + (f"-{sub}" if sub else "")
        key = law_key(m.group("law")) if m.group("law") else None
        out.append(TextCitation(m.start(), m.end(), key, anchor))
    return out


def answer(c: Citation, fields: dict, units, status: str) -> Answer:
    """The cited article of the law stored in ``fields`` (whole), or that it is missing."""
    text = fields.get("body", "")
    for u in units:
        if u.kind == "条" and u.anchor == c.anchor:
            anchor, article = u.anchor, text[u.start : u.end]
            break
    else:
        anchor, article = None, ""
    return Answer(
        doc_id=fields["id"],
        title=fields.get("title", ""),
        date=fields.get("date") or None,
        status=status,
        cited=c.law,
        label=c.label,
        anchor=anchor,
        text=article,
    )
