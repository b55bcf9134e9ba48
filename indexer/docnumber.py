"""发文字号: the number an official document is issued under (国发〔2013〕8号).

A number is an issuer code (国发, 香工发, 人社部发), the year in brackets and a serial
number.  The standard bracket is 〔〕 (GB/T 9704), but web pages and Word files write
[] ［］ () （） as often; every form is read, and shown in the standard one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN = "〔[［(（【"
_CLOSE = "〕]］)）】"
_NUMBER = re.compile(
    rf"(?P<code>[\u4e00-\u9fffA-Za-z]{{1,12}}?)\s*[{re.escape(_OPEN)}]\s*"
    rf"(?P<year>(?:19|20)\d{{2}})\s*[{re.escape(_CLOSE)}]\s*第?\s*(?P<serial>\d{{1,5}})\s*号"
)
# What may follow a number on its line: nothing, or the signer (签发人：张三).
_LINE_REST = re.compile(r"^\s*(?:签发人\s*[:：].{0,10})?$")


@dataclass(frozen=True)
class DocNumber:
    issuer_code: str  # 国发
    year: int  # 2013
    serial: int  # 8

    @property
    def text(self) -> str:
        """The standard written form: 国发〔2013〕8号."""
        return f"{self.issuer_code}〔{self.year}〕{self.serial}号"


def parse_doc_number(value: str) -> DocNumber | None:
    """The number at the start of ``value`` (a 发文字号 field or a notice's number line)."""
    match = _NUMBER.match(value.strip())
    if match is None:
        return None
    return DocNumber(match.group("code"), int(match.group("year")), int(match.group("serial")))


def number_line(line: str) -> DocNumber | None:
    """The number when ``line`` is a notice's number line and nothing else."""
    match = _NUMBER.match(line.strip())
    if match is None or not _LINE_REST.match(line.strip()[match.end() :]):
        return None
    return parse_doc_number(line)
