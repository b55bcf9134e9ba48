"""What a format-specific extractor hands back before metadata is finalised."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Spaces that are layout, not content.  The ideographic space U+3000 is used for layout
# too (朴　逸, 第一章　总则), so it is folded like the others; full-width punctuation stays.
_SPACES = re.compile(r"[ \t\xa0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\r\f\v]")
_WHITESPACE = re.compile(r"\s+")


@dataclass
class Parsed:
    title: str = ""
    lines: list[str] = field(default_factory=list)  # body paragraphs, chrome removed
    dates: list[str] = field(default_factory=list)  # ISO dates, most trustworthy first
    # The lines whose dates of last resort (``dates.fallback_dates``) come after ``dates``:
    # found only when no earlier date is valid (most files name theirs in a header).
    fallback_lines: list[str] = field(default_factory=list)
    issuer: str = ""
    info_block: str = ""  # law adoption/promulgation lines, used to infer the issuer
    doc_number: str = ""  # 发文字号 in its standard form (国发〔2013〕8号)
    meta: dict[str, str] = field(default_factory=dict)  # explicit `key: value` metadata


def normalise_line(line: str) -> str:
    line = _INVISIBLE.sub("", line)
    return _SPACES.sub(" ", line).strip()


def normalise_lines(lines: list[str]) -> list[str]:
    """``normalise_line`` of each line, the empty ones left out."""
    text = "\n".join(lines)
    if text.count("\n") != len(lines) - 1:  # a line holding a newline: one at a time
        return [line for line in map(normalise_line, lines) if line]
    # Neither pattern matches a newline, so the two substitutions run once over the whole
    # text (two regex calls per line were most of a law's line handling).
    text = _SPACES.sub(" ", _INVISIBLE.sub("", text))
    return [line for line in map(str.strip, text.split("\n")) if line]


def same_text(a: str, b: str) -> bool:
    """Equal once spaces are ignored (titles wrap and get padded differently)."""
    return _WHITESPACE.sub("", a) == _WHITESPACE.sub("", b)


def drop_leading_title(lines: list[str], title: str) -> list[str]:
    """Remove the title from the top of the body, also when it is wrapped over lines.

    A document that is nothing but its first line keeps it: an empty body would be lost.
    """
    rest = _without_title(lines, title) if title else lines
    return rest or lines


def _without_title(lines: list[str], title: str) -> list[str]:
    target = _WHITESPACE.sub("", title)
    joined = ""
    for i, line in enumerate(lines[:6]):
        joined += _WHITESPACE.sub("", line)
        if joined == target:
            return lines[i + 1 :]
        if not target.startswith(joined):
            break
    # The title can also appear a few lines down, after a toolbar or a kicker line.
    for i, line in enumerate(lines[:5]):
        if same_text(line, title):
            return lines[:i] + lines[i + 1 :]
    return lines
