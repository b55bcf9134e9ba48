"""Cleaning text that came off printed pages (pdftotext output, OCR output).

Page tools give visual lines, not paragraphs: a sentence wrapped at the right margin is
cut in two, and a phrase that crosses the cut could not be found by a quoted search.
They also put spaces between Chinese characters and digits (``2024 年 8 月 20 日``) and
repeat page numbers and running headers on every page.
"""

from __future__ import annotations

import re
import unicodedata

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_FULLWIDTH_PUNCT = (
    "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018-\u201f\u2026\u2014"
)
_WIDE = _CJK + _FULLWIDTH_PUNCT
_SPACE = "[ \t\u00a0\u3000]+"
# A space that touches a Chinese character or full-width punctuation on one side and a
# Chinese character, digit or full-width punctuation on the other is layout, not text.
_LAYOUT_SPACE = re.compile(
    rf"(?<=[{_WIDE}]){_SPACE}(?=[{_WIDE}0-9A-Za-z])|(?<=[0-9A-Za-z]){_SPACE}(?=[{_WIDE}])"
)
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－\s]*\d{1,4}[-—–－\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$",
    re.IGNORECASE,
)
# Lines that end a sentence or a salutation (各基层工会：); a line ending otherwise at the
# full width was wrapped.  A break after punctuation never hides a phrase from search
# (phrases do not run across punctuation), so keeping one costs nothing.
_SENTENCE_END = re.compile(r"[。！？!?；;…：:]['’”」』）)]*$")
# Lines that start a new item even when the line before reached the margin.
_ITEM_START = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]+[)）]"
    r"|\d{1,3}[.、．](?!\d)|第[一二三四五六七八九十百零\d]+[章节条款部分]|附件|[●•■◆▪·])"
)
_DATE_LINE = re.compile(
    r"^[\d〇零一二三四五六七八九十]{2,4}年[\d〇一二三四五六七八九十]{1,2}月[\d〇一二三四五六七八九十]{1,3}日$"
)
_ENDS_CLAUSE = re.compile(r"[，,：:、。；;！？!?]$")
_DOC_TYPE_END = re.compile(
    r"(?:通知|通报|意见|决定|报告|方案|办法|规定|规划|细则|批复|请示|函|公告|通告|纪要|决议|条例)$"
)
# A wrapped line reaches at least this share of the text block's full line width.
FULL_LINE = 0.8
# The heading of a notice is among the first lines of its text.
TITLE_LINES = 3
# A line at the same page edge on at least this share of the pages is a running header.
RUNNING_SHARE = 0.6
EDGE_LINES = 2


def clean_pages(pages: list[str]) -> str:
    """Text of ``pages`` (one string per page) as paragraphs, one per line."""
    paged = _drop_running_lines([[_tidy(line) for line in page.split("\n")] for page in pages])
    blocks: list[list[str]] = []
    continues: list[bool] = []  # the block may carry on the paragraph before it
    for page in paged:
        for i, block in enumerate(_blocks(page)):
            blocks.append(block)
            continues.append(i == 0)  # a paragraph carries on over a page break
    return "\n".join(_rejoin_blocks(blocks, continues))


def _blocks(lines: list[str]) -> list[list[str]]:
    """pdftotext separates blocks (table cells, columns, regions) by a blank line."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _tidy(line: str) -> str:
    line = line.replace("\ufffd", "").strip()
    line = _LAYOUT_SPACE.sub("", line)
    return re.sub(r"[ \t]{2,}", " ", line)


def _drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Blank out page numbers, and headers/footers repeated at the same page edge."""
    edges = [_edge_indexes(lines) for lines in pages]
    edge_counts: dict[str, int] = {}
    for lines, indexes in zip(pages, edges, strict=True):
        for key in {_edge_key(lines[i]) for i in indexes}:
            edge_counts[key] = edge_counts.get(key, 0) + 1
    running = {
        key
        for key, n in edge_counts.items()
        if key and len(pages) >= 2 and n >= max(2, RUNNING_SHARE * len(pages))
    }
    return [
        [
            ""
            if i in indexes and (_PAGE_NUMBER.match(line) or _edge_key(line) in running)
            else line
            for i, line in enumerate(lines)
        ]
        for lines, indexes in zip(pages, edges, strict=True)
    ]


def _edge_indexes(lines: list[str]) -> set[int]:
    filled = [i for i, line in enumerate(lines) if line]
    return set(filled[:EDGE_LINES] + filled[-EDGE_LINES:])


def _edge_key(line: str) -> str:
    # Running headers differ only by their page number ("工会简报 第3页").
    return re.sub(r"\d+", "#", line)


def display_width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def rejoin_wrapped(lines: list[str]) -> list[str]:
    """Join visual lines wrapped at the right margin back into their paragraph."""
    return _rejoin_blocks([lines], [False])


def _rejoin_blocks(blocks: list[list[str]], continues: list[bool]) -> list[str]:
    widths = sorted(display_width(line) for block in blocks for line in block)
    if not widths:
        return []
    page_width = widths[min(len(widths) - 1, int(len(widths) * 0.9))]
    out: list[str] = []
    previous, previous_full = "", page_width
    for block, may_continue in zip(blocks, continues, strict=True):
        full = _block_width(block, page_width)
        for i, line in enumerate(block):
            if (
                out
                and (i > 0 or may_continue)
                and not (len(out) <= TITLE_LINES and _is_title(out[-1]))
                and _wrapped(previous, line, previous_full)
            ):
                out[-1] = join_wrapped([out[-1], line])
            else:
                out.append(line)
            previous, previous_full = line, full
    return out


def _block_width(block: list[str], page_width: int) -> int:
    """A narrow block (a table cell) wraps at its own width, not the page's."""
    widest = max(display_width(line) for line in block)
    return widest if len(block) > 1 and widest < FULL_LINE * page_width else page_width


def _wrapped(previous: str, line: str, full: int) -> bool:
    if _SENTENCE_END.search(previous) or _ITEM_START.match(line) or _PAGE_NUMBER.match(line):
        return False
    if _DATE_LINE.match(previous) or _DATE_LINE.match(line):
        return False  # a signing date stands on its own line
    return display_width(previous) >= FULL_LINE * full or _title_tail(previous, line)


def _is_title(line: str) -> bool:
    """``…关于…的通知`` near the top is the heading, even when it fills the line."""
    balanced = line.count("《") == line.count("》") and line.count("（") == line.count("）")
    return "关于" in line and balanced and bool(_DOC_TYPE_END.search(line))


def _title_tail(previous: str, line: str) -> bool:
    """A centred title wraps short of the margin: ``关于…措施`` / ``的通知``."""
    return (
        "关于" in previous
        and len(line) < len(previous)
        and not _ENDS_CLAUSE.search(previous)
        and bool(_DOC_TYPE_END.search(line))
    )


def join_wrapped(parts: list[str]) -> str:
    """Join pieces of one paragraph that a tool broke over lines."""
    out = ""
    for right in parts:
        if not out:
            out = right
        elif (
            out[-1:].isascii()
            and out[-1:].isalnum()
            and right[:1].isascii()
            and right[:1].isalnum()
        ):
            out = f"{out} {right}"  # English words wrapped at a space need the space back
        elif out.endswith("-") and right[:1].islower():
            out = out[:-1] + right
        else:
            out += right
    return out
