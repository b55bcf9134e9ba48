"""Plain-text documents: optional ``key: value`` header, Markdown law texts, page dumps.

The header block is an optional convention (see corpus/README.md): lines ``key: value``
at the very top, ended by a blank line.  A file without it is still a document; its
metadata is inferred from the text.
"""

from __future__ import annotations

import re

from indexer.chrome import strip_chrome
from indexer.dates import find_dates
from indexer.metadata import infer_title
from indexer.notice import notice_parts
from indexer.parsed import Parsed, drop_leading_title, normalise_lines

HEADER_KEYS = (
    "title", "date", "source_url", "issuer", "region", "kind", "doc_type", "district",
    "doc_number",
)  # fmt: skip
_HEADER_LINE = re.compile(r"^([a-z_]{2,20})\s*:\s?(.*)$")
_INFO_END = re.compile(r"^\s*<!--\s*INFO END\s*-->\s*$")
_INFO_END_TEXT = "INFO END"  # what a line must hold for ``_INFO_END`` to match it
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def parse_header(text: str) -> tuple[dict[str, str], str]:
    """Split off a leading ``key: value`` block; returns (metadata, rest of the text)."""
    meta: dict[str, str] = {}
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not line.strip():
            if meta:
                return meta, "\n".join(lines[i + 1 :])
            return {}, text
        match = _HEADER_LINE.match(line.strip())
        if not match or (not meta and match.group(1) not in HEADER_KEYS):
            return {}, text
        meta[match.group(1)] = match.group(2).strip()
    return (meta, "") if meta else ({}, text)


def parse_text(text: str) -> Parsed:
    meta, rest = parse_header(text)
    raw_lines = rest.split("\n")
    has_info_end = _INFO_END_TEXT in rest and any(_INFO_END.match(line) for line in raw_lines)
    if has_info_end or (raw_lines and _MD_HEADING.match(_first_nonblank(raw_lines))):
        parsed = _parse_markdown_law(raw_lines, has_info_end)
    else:
        parsed = _parse_page_dump(raw_lines, meta.get("title", ""))
    parsed.meta = meta
    parsed.fallback_lines = parsed.lines
    return parsed


def _first_nonblank(lines: list[str]) -> str:
    return next((line for line in lines if line.strip()), "")


def _parse_markdown_law(raw_lines: list[str], has_info_end: bool) -> Parsed:
    """``# title``, adoption lines, ``<!-- INFO END -->`` (``has_info_end``: a line of
    ``raw_lines`` is one), then ``##`` headed articles."""
    title = ""
    info: list[str] = []
    body: list[str] = []
    seen_end = not has_info_end
    for line in raw_lines:
        # Each pattern only where the text it needs is (a law has a hundred lines and
        # more, few with a comment or a heading mark).
        if has_info_end and _INFO_END_TEXT in line and _INFO_END.match(line):
            seen_end = True
            continue
        if not title and line.lstrip().startswith("# "):
            title = line.strip()[2:].strip()
            continue
        if "<!--" in line:
            line = _HTML_COMMENT.sub("", line)
        if "#" in line[:4]:  # the heading mark follows at most three spaces
            line = _MD_HEADING.sub("", line)
        (body if seen_end else info).append(line)
    info = normalise_lines(info)
    info_text = "\n".join(info)
    # Latest adoption/amendment line = the version of the text we hold.
    info_dates = sorted(d for _, d in find_dates(info_text, require_day=True))
    return Parsed(
        title=title,
        lines=info + normalise_lines(body),
        dates=info_dates[::-1],
        info_block=info_text,
    )


def _parse_page_dump(raw_lines: list[str], known_title: str = "") -> Parsed:
    clean = strip_chrome(normalise_lines(raw_lines))
    lines = clean.lines
    parts = notice_parts(lines, known_title, clean.byline_dates)
    if parts.title:
        return Parsed(
            title=parts.title,
            lines=parts.lines,
            dates=parts.dates,
            issuer=parts.issuer or clean.byline_source,
            doc_number=parts.doc_number,
        )
    title = known_title or infer_title(lines)
    return Parsed(
        title=title,
        lines=drop_leading_title(lines, title),
        dates=parts.dates,
        issuer=parts.issuer or clean.byline_source,
        doc_number=parts.doc_number,
    )
