"""Chinese numerals as used in legal and report numbering (第四十四条, 二十一、), both ways.

Small on purpose: article, chapter and section numbers stay below ten thousand.
"""

from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
DIGITS |= {"七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL_CHARS = "".join(DIGITS) + "".join(UNITS)
_NAMES = "零一二三四五六七八九"


def parse_number(text: str) -> int | None:
    """``四十四`` → 44, ``一百零五`` → 105, ``十二`` → 12, ``82`` / ``８２`` → 82; else None."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        try:
            return int(text)  # int() reads full-width digits too
        except ValueError:
            return None
    total, digit = 0, None
    for ch in text:
        if ch in DIGITS:
            if digit is not None and digit != 0:
                return None  # two digits in a row (四四) is not a numeral here
            digit = DIGITS[ch]
        elif ch in UNITS:
            total += (1 if digit is None else digit) * UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


def to_chinese(n: int) -> str:
    """44 → 四十四, 105 → 一百零五, 10 → 十, 110 → 一百一十 (the forms laws use)."""
    if n <= 0:
        return _NAMES[0] if n == 0 else str(n)
    if n >= 10000:
        return str(n)
    out: list[str] = []
    zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // unit % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        if not (unit == 10 and digit == 1 and not out):
            out.append(_NAMES[digit])
        out.append(name)
    return "".join(out)
