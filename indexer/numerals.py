"""Chinese numerals, read and written: the one implementation, used at indexing (article
and section numbers: 第四十四条, 二十一、) and by the query side (``search.numerals`` builds the
equivalent forms of counted phrases from it).
"""

from __future__ import annotations

from functools import lru_cache

DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
DIGITS.update({"五": 5, "六": 6, "七": 7, "八": 8, "九": 9})
UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
NUMERAL_CHARS = "".join(DIGITS) + "".join(UNITS) + "".join(BIG_UNITS)
WRITE = "零一二三四五六七八九"


def parse_chinese(text: str) -> int | None:
    """八十二 → 82, 一百零五 → 105, 十五 → 15, 二〇一三 → 2013; None if not a numeral."""
    if not text or any(ch not in NUMERAL_CHARS for ch in text):
        return None
    if all(ch in DIGITS for ch in text) and len(text) > 1:
        return int("".join(str(DIGITS[ch]) for ch in text))  # read digit by digit
    total = section = 0
    digit: int | None = None
    for ch in text:
        if ch in DIGITS:
            if digit is not None and DIGITS[ch] != 0:
                return None  # two digits in a row, not digit by digit: not a numeral
            digit = DIGITS[ch] if DIGITS[ch] else None
        elif ch in UNITS:
            section += (1 if digit is None else digit) * UNITS[ch]
            digit = None
        else:
            total += (section + (digit or 0)) * BIG_UNITS[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


# Article and section numbers repeat across documents (第一条 … 第五十条 in every law):
# read once each per process.
@lru_cache(maxsize=4096)
def parse_number(text: str) -> int | None:
    """An article or section number: ``四十四`` → 44, ``一百零五`` → 105, ``82`` / ``８２`` → 82;
    else None. Digit-by-digit forms (二〇一三) are years, never such numbers."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        try:
            return int(text)  # int() reads full-width digits too
        except ValueError:
            return None
    if len(text) > 1 and all(ch in DIGITS for ch in text):
        return None
    return parse_chinese(text)


def to_chinese(n: int) -> str:
    """82 → 八十二, 10 → 十, 105 → 一百零五, 2000 → 二千, 12000 → 一万二千 (counting form)."""
    if n < 0:
        raise ValueError("negative numbers have no counting form here")
    if n == 0:
        return "零"
    if n >= 100_000_000:
        return to_chinese(n // 100_000_000) + "亿" + _rest(n % 100_000_000, 10_000_000)
    if n >= 10_000:
        return to_chinese(n // 10_000) + "万" + _rest(n % 10_000, 1000)
    out = []
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(("" if (unit == "十" and not out and d == 1) else WRITE[d]) + unit)
    return "".join(out)


def _rest(n: int, top: int) -> str:
    if n == 0:
        return ""
    return ("零" if n < top else "") + to_chinese(n)


def to_chinese_digits(n: int, zero: str = "〇") -> str:
    """2013 → 二〇一三 (years are written digit by digit)."""
    return "".join(zero if c == "0" else WRITE[int(c)] for c in str(n))
