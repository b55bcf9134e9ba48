"""Chinese numerals: reading them, writing them, and the equivalent forms of counted phrases.

Laws write numbers in Chinese (第八十二条, 百分之二, 三十日, 二〇一三年); people type Arabic
digits (第82条, 2%, 30天, 2013年), and the other way round. ``numeral_forms`` gives, for
a string, the same string with each counted number written the other ways, so that a
query can match every form literally.
"""

from __future__ import annotations

import re
from itertools import islice, product

from indexer.numerals import (
    DIGITS,
    NUMERAL_CHARS,
    WRITE,
    parse_chinese,
    to_chinese,
    to_chinese_digits,
)

__all__ = ["counted_spans", "numeral_forms", "parse_chinese", "to_chinese", "to_chinese_digits"]

_YEAR_ZEROS = ("〇", "○")  # both are used for the zero of a year written digit by digit

_NUM = rf"(?:\d+(?:\.\d+)?|[{NUMERAL_CHARS}]+(?:点[{NUMERAL_CHARS}]+)?)"
# A counted number: 第82条, 2%, 百分之二, 30天, 6个月, 2013年, 2倍, 双倍.
_COUNTED = re.compile(
    rf"(?P<ordinal>第(?P<onum>{_NUM})(?P<ounit>条|章|节|款|项|编))"
    rf"|(?P<pct>(?P<pnum>\d+(?:\.\d+)?)%)"
    rf"|(?P<cpct>百分之(?P<cnum>{_NUM}))"
    rf"|(?P<count>(?P<num>{_NUM})(?P<unit>个月|小时|天|日|周|年|倍))"
    r"|(?P<double>双倍)"
)
MAX_FORMS = 8


def _value(text: str) -> tuple[int, str] | None:
    """(integer part, decimal digits or '') of an Arabic or Chinese number."""
    if text[0].isdigit():
        whole, _, frac = text.partition(".")
        return int(whole), frac
    whole, _, frac = text.partition("点")
    n = parse_chinese(whole)
    if n is None:
        return None
    digits = "".join(str(DIGITS[c]) for c in frac if c in DIGITS)
    if len(digits) != len(frac):
        return None
    return n, digits


def _arabic(v: tuple[int, str]) -> str:
    return f"{v[0]}.{v[1]}" if v[1] else str(v[0])


def _chinese(v: tuple[int, str]) -> str:
    return to_chinese(v[0]) + ("点" + "".join(WRITE[int(c)] for c in v[1]) if v[1] else "")


def _forms(m: re.Match, text: str) -> list[str]:
    """Every way of writing the counted number ``m`` (its own form first)."""
    own = m.group()
    if m.group("double"):
        return [own, "二倍", "两倍", "2倍"]
    if m.group("ordinal"):
        v = _value(m.group("onum"))
        if v is None or v[1]:
            return [own]
        unit = m.group("ounit")
        return [own, f"第{v[0]}{unit}", f"第{to_chinese(v[0])}{unit}"]
    if m.group("pct") or m.group("cpct"):
        v = _value(m.group("pnum") or m.group("cnum"))
        if v is None:
            return [own]
        return [own, _arabic(v) + "%", "百分之" + _chinese(v)]
    v = _value(m.group("num"))
    if v is None:
        return [own]
    unit = m.group("unit")
    arabic_typed = m.group("num")[0].isdigit()
    if unit == "日" and arabic_typed and m.start() > 0 and text[m.start() - 1] == "月":
        return [own]  # 6月30日 is a date, not a count of days
    if unit == "年" and not v[1] and 1900 <= v[0] <= 2100:
        return [own, f"{v[0]}年"] + [to_chinese_digits(v[0], z) + "年" for z in _YEAR_ZEROS]
    if unit == "年" and not arabic_typed and len(m.group("num")) == 4:
        return [own]  # a year written digit by digit but outside the range above
    number_forms = [_arabic(v), _chinese(v)]
    if v == (2, ""):
        number_forms.append("两")
    units = ["天", "日"] if unit in ("天", "日") else [unit]
    forms = [own]
    for num in number_forms:
        for u in units:
            if u == "日" and num[0].isdigit():
                continue  # 30日 reads as a date
            forms.append(num + u)
    if unit == "倍" and v == (2, ""):
        forms.append("双倍")
    return forms


def numeral_forms(text: str) -> list[str]:
    """``text`` with its counted numbers written each other way (``text`` itself excluded).

    >>> numeral_forms("第82条")
    ['第八十二条']
    """
    matches = list(_COUNTED.finditer(text))
    if not matches:
        return []
    choices = [list(dict.fromkeys(_forms(m, text))) for m in matches]
    out: list[str] = []
    for combo in islice(product(*choices), MAX_FORMS + 1):
        pieces, pos = [], 0
        for m, form in zip(matches, combo, strict=True):
            pieces += [text[pos : m.start()], form]
            pos = m.end()
        pieces.append(text[pos:])
        candidate = "".join(pieces)
        if candidate != text and candidate not in out:
            out.append(candidate)
    return out[:MAX_FORMS]


def counted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each counted number in ``text``: kept whole when a word is split."""
    return [m.span() for m in _COUNTED.finditer(text)]
