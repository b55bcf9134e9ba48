"""Official notices (公文): red header, document number, 关于…的通知 title, signing date.

A notice printed by a union or government office starts with its red header
(哈尔滨市香坊区总工会文件) and its number line (香工发〔2024〕8号); the title is the
关于…的通知 line below them, often wrapped over two lines; the signing date (成文日期)
stands alone on a line after the signature, near the end.  Works on plain text lines, so
the text of a Word or PDF file is read the same way as a web page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.dates import find_dates, is_date_line
from indexer.docnumber import DocNumber, number_line

# 文种 of the Regulations on Handling Official Documents, and the documents notices
# commonly carry (方案, 办法 …): what a notice's title ends with.
_TYPE_ENDINGS = (
    "通知", "通报", "意见", "决定", "决议", "报告", "请示", "批复", "函", "纪要", "公告",
    "通告", "公报", "方案", "办法", "规定", "细则", "规划", "要点", "计划", "命令",
)  # fmt: skip
_RED_HEADER = re.compile(r"^[\u4e00-\u9fff（）()、\s]{4,40}文\s*件$")
_SENTENCE = re.compile(r"[，。；！？：:,;!?]")
_HEAD_LINES = 10
_TITLE_MAX_LINES = 3


@dataclass
class Notice:
    red_header: str
    doc_number: DocNumber | None
    title: str
    title_lines: tuple[int, int] | None  # [start, end) of the lines holding the title


def read_notice(lines: list[str]) -> Notice | None:
    """The notice parts of ``lines``, or None when there is no red header or number line."""
    header_at = number_at = None
    number = None
    for i, line in enumerate(lines[:_HEAD_LINES]):
        if header_at is None and number_at is None and _RED_HEADER.match(line.strip()):
            header_at = i
        elif number_at is None and (found := number_line(line)) is not None:
            number_at, number = i, found
    if header_at is None and number_at is None:
        return None
    marks = [i for i in (header_at, number_at) if i is not None]
    # The title follows the header and number; on web pages it sometimes precedes the number.
    span = _title_after(lines, max(marks) + 1) or _title_after(lines, min(marks) + 1, max(marks))
    title = "".join(lines[span[0] : span[1]]).strip() if span else ""
    red_header = lines[header_at].strip() if header_at is not None else ""
    return Notice(red_header, number, title, span)


def _title_after(lines: list[str], start: int, stop: int | None = None) -> tuple[int, int] | None:
    stop = min(stop if stop is not None else start + 4, len(lines))
    for i in range(start, stop):
        joined = ""
        for j in range(i, min(i + _TITLE_MAX_LINES, len(lines))):
            line = lines[j].strip()
            if not line or _SENTENCE.search(line) or number_line(line) or len(joined) > 80:
                break
            joined += line
            if joined.endswith(_TYPE_ENDINGS) and len(joined) >= 6:
                return (i, j + 1)
    return None


def without_title(lines: list[str], notice: Notice) -> list[str]:
    """The body: everything but the title lines (header and number stay: they are visible)."""
    if notice.title_lines is None:
        return lines
    start, end = notice.title_lines
    return lines[:start] + lines[end:]


def signing_date(lines: list[str]) -> str | None:
    """The 成文日期: the last date standing alone on a line in the closing part of the text."""
    tail_start = max(len(lines) // 2, len(lines) - 15)
    for line in reversed(lines[tail_start:]):
        if is_date_line(line):
            dates = find_dates(line, require_day=True)
            if dates:
                return dates[0][1]
    return None


@dataclass
class NoticeParts:
    """What a notice's layout says, ready for :class:`indexer.parsed.Parsed`."""

    title: str  # the 关于…的通知 title, "" when the layout gives none (or one is known)
    lines: list[str]  # the body: without the title lines when ``title`` is set
    dates: list[str]  # ``other_dates`` with the signing date placed by trust
    doc_number: str
    issuer: str = ""  # the office named by the red header (…总工会文件 → …总工会)


def notice_parts(lines: list[str], known_title: str, other_dates: list[str]) -> NoticeParts:
    """Read ``lines`` as a notice when they are one.

    In a notice the signing date is the document's date, ahead of any web byline
    (``other_dates``); elsewhere a date closing the text only comes after them.
    """
    notice = read_notice(lines)
    signed = signing_date(lines)
    if notice is None:
        return NoticeParts("", lines, [*other_dates, *([signed] if signed else [])], "")
    dates = [*([signed] if signed else []), *other_dates]
    number = notice.doc_number.text if notice.doc_number else ""
    issuer = re.sub(r"\s+", "", notice.red_header)[: -len("文件")] if notice.red_header else ""
    if notice.title and not known_title:
        return NoticeParts(notice.title, without_title(lines, notice), dates, number, issuer)
    return NoticeParts("", lines, dates, number, issuer)
