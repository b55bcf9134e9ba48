"""Find and normalise dates written the ways Chinese documents write them."""

from __future__ import annotations

import datetime as dt
import re

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4}
_CN_DIGITS.update({"五": 5, "六": 6, "七": 7, "八": 8, "九": 9})
_CN_NUM = "〇零○Ｏ一二三四五六七八九十"

# The year's "not after a digit" is checked after its first two digits, (?<!\d\d\d): the
# same matches, but a pattern that starts with the literals 19|20 lets the regex engine
# skip to their first characters instead of trying the lookbehind at every position
# (about 8 times faster over a law's whole text, which every document's dates scan).
_YEAR = r"((?:19|20)(?<!\d\d\d)\d{2})"
# 2013-03-27, 2013/3/27, 2013.03.27 (optionally followed by a time, which is ignored)
_NUMERIC = re.compile(_YEAR + r"[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
# 2013年3月7日 (spaces tolerated), optionally without the day
_ARABIC_CN = re.compile(_YEAR + r"\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?")
# 一九九六年六月二十九日
_HANZI_CN = re.compile(rf"([{_CN_NUM}]{{4}})年([{_CN_NUM}]{{1,3}})月(?:([{_CN_NUM}]{{1,3}})日)?")
# A date alone on its line, written with 年月日 in Arabic or Chinese numerals: how a
# notice's signing date (成文日期) is printed.
_DATE_LINE = re.compile(
    r"^(?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|"
    rf"[{_CN_NUM}]{{4}}年[{_CN_NUM}]{{1,3}}月[{_CN_NUM}]{{1,3}}日)$"
)


def is_date_line(line: str) -> bool:
    return bool(_DATE_LINE.match(line.strip()))


def find_dates(text: str, *, require_day: bool = False) -> list[tuple[int, str]]:
    """All valid dates in ``text`` as (position, ISO date), in order of appearance.

    A month without a day becomes the first of the month, unless ``require_day``.
    """
    return [(pos, iso) for pos, iso, day in _dates(text) if day or not require_day]


def _dates(text: str) -> list[tuple[int, str, bool]]:
    """(position, ISO date, whether a day was written) of every valid date, in order: one
    scan serves both of :func:`find_dates`' modes."""
    found: list[tuple[int, str, bool]] = []
    latest = dt.date.today().year + 1
    for m in _NUMERIC.finditer(text):
        _add(found, latest, m.start(), int(m.group(1)), int(m.group(2)), int(m.group(3)), True)
    for m in _ARABIC_CN.finditer(text):
        day = m.group(3)
        _add(found, latest, m.start(), int(m.group(1)), int(m.group(2)), int(day or 1), bool(day))
    for m in _HANZI_CN.finditer(text):
        year = _hanzi_year(m.group(1))
        month = _hanzi_number(m.group(2))
        day = _hanzi_number(m.group(3)) if m.group(3) else 1
        if year and month and day:
            _add(found, latest, m.start(), year, month, day, m.group(3) is not None)
    found.sort()
    return found


# "自2019年1月1日起施行": the effective date, a fair date for a regulation without one.
_EFFECTIVE = re.compile(r"自\s*(\S{6,14}?日)\s*起?施行")
# "——2008年3月5日在第十一届全国人民代表大会第一次会议上": the date a report was delivered.
_DELIVERED = re.compile(r"^[—-]*\s*(\S{6,16}?日)\s*在.{2,40}(?:会议|大会)上")


def fallback_dates(lines: list[str]) -> list[str]:
    """Dates of last resort: delivery line, effective date, then the latest full date."""
    head = "\n".join(lines[:12])
    dates = []
    for line in lines[:12]:
        match = _DELIVERED.match(line)
        if match:
            dates.extend(d for _, d in find_dates(match.group(1)))
    text = "\n".join(lines)
    for match in _EFFECTIVE.finditer(text):
        dates.extend(d for _, d in find_dates(match.group(1)))
    in_text = _dates(text)  # scanned once for the latest full date and the latest month
    full = sorted(d for _, d, day in in_text if day)
    if full:
        dates.append(full[-1])
    dates.extend(d for _, d in find_dates(head))
    months = sorted(d for _, d, _ in in_text)
    if months:
        dates.append(months[-1])
    return dates


def first_date(text: str, *, require_day: bool = False) -> str | None:
    dates = find_dates(text, require_day=require_day)
    return dates[0][1] if dates else None


def parse_date(value: str) -> str | None:
    """Normalise one date string (e.g. a header value) to ISO, or None."""
    return first_date(value.strip()) if value else None


def _add(
    found: list[tuple[int, str, bool]],
    latest: int,
    pos: int,
    year: int,
    month: int,
    day: int,
    has_day: bool,
) -> None:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return
    # Dates far in the future are plan targets ("到2035年"), not document dates.
    if 1900 <= year <= latest:
        found.append((pos, date.isoformat(), has_day))


def _hanzi_year(text: str) -> int | None:
    digits = [_CN_DIGITS.get(ch) for ch in text]
    if any(d is None for d in digits):
        return None
    return int("".join(str(d) for d in digits))


def _hanzi_number(text: str) -> int | None:
    """一 .. 三十一 (the numbers a month or day can take)."""
    if not text:
        return None
    if "十" not in text:
        return _CN_DIGITS.get(text) if len(text) == 1 else None
    tens, _, units = text.partition("十")
    tens_value = _CN_DIGITS.get(tens, 0) if tens else 1
    units_value = _CN_DIGITS.get(units, 0) if units else 0
    return tens_value * 10 + units_value
