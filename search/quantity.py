"""Questions that ask for a quantity, and the passages that state one.

试用期最长多久, 女职工产假多少天, 竞业限制最长几年, 多少人可以成立工会: the question word is
taken out of what is searched (search.wording), but it still says what the answer looks
like: a number of days, years, people. Of the articles holding the query's words, the one
that answers states such a quantity (女职工生育享受98天产假, 不得超过二年, 二十五人以上), so
a unit holding one counts as holding one more concept of the query (search.unit_hits).

Only the typed query decides (多少/几/多久, or a noun naming a measure: 天数, 期限, 年限 …;
a query with neither asks for no quantity), and the quantity never changes what matches or
what is marked: it only orders a document's units and a question's first candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

QUANTITY = "\x00quantity"  # the concept a quantity stands for (no typed word can equal it)

_TIME = "天日周月年小时"
# What an answer is counted in, per unit word a question may name (几个小时 → 小时).
_UNIT_WORDS = {
    "天": "天日",
    "日": "天日",
    "周": "周",
    "星期": "周",
    "月": "月",
    "年": "年",
    "小时": "小时",
    "倍": "倍%",
    "人": "人名",
    "名": "人名",
    "元": "元",
    "钱": "元",
    "次": "次",
}
# 多少天, 几个月, 多少个小时, 几倍, 多少人 (the unit named after the question word).
_ASK_UNIT = re.compile(r"(?:多少|几)个?(小时|星期|[天日周月年倍人名元钱次])")
# 几 after a numeral (十几个人, 20几天), a demonstrative (那几天, 这几年), 好 (好几年), an
# ordinal's 前 / 头 (前几天, 头几个月) or a negation (没几天) is the indefinite numeral "a
# few", a quantity told, not asked (the grammar of 几, not a list of phrases).
_TELLING_JI = re.compile(r"[0-9０-９十百千万这那好前头没]")
# 多久, 多长时间: some length of time, in whatever unit the law uses.
_ASK_TIME = re.compile(r"多久|多长时间|多长|多少时间|什么时候|几时")
# 多少 alone (每月多少, 最低多少): some amount.
_ASK_AMOUNT = re.compile(r"多少|几成|百分之几")

_NUMBER = r"(?:[0-9０-９]+(?:\.[0-9]+)?|[一二三四五六七八九十百千万两半〇零]+)"
# A unit character after the number: 98天, 六个月, 十五日, 4小时, 二十五人, 2倍, 20%.
_QUANTITY = re.compile(rf"(?<!第){_NUMBER}个?(小时|星期|[天日周月年倍人名元次%％])|百分之{_NUMBER}")
_YEAR_NUMBER = re.compile(r"[0-9０-９]{4}|[一二三四五六七八九〇零]{4}")  # 2013年 is a date


# Nouns naming a measure (年休假 天数, 竞业限制 期限, 工作 年限): the query asks for the
# quantity they name, as 多少天 does, and an article stating one holds the noun's concept
# though it never says the noun (年休假5天 says no 天数).
MEASURE_NOUNS = {
    "天数": "天日",
    "日数": "天日",
    "期限": _TIME,
    "时限": _TIME,
    "时长": _TIME,
    "年限": "年",
    "工时": "小时",
    "人数": "人名",
    "次数": "次",
    "倍数": "倍",
    "比例": "%倍",
    "金额": "元",
    "数额": "元%倍",
}
# A measure noun asks only where it ends what was typed, or comes before the question
# (竞业限制期限多长, 年休假天数): 期限 inside 无固定期限劳动合同 (open-ended) asks nothing.
_MEASURE_NOUN = re.compile(rf"({'|'.join(MEASURE_NOUNS)})(?=$|[\s多几是有怎如为吗呢？?，,])")


@dataclass(frozen=True)
class Asked:
    """The units a question's answer is counted in ("" = any amount), and the nouns of
    the query naming that measure (MEASURE_NOUNS), which a stated quantity stands for."""

    units: str
    nouns: tuple[str, ...] = ()

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where ``text`` states a quantity in one of these units (dates left out)."""
        out = []
        for m in _QUANTITY.finditer(text):
            unit = "%" if m.group(1) is None else m.group(1)
            if unit == "％":
                unit = "%"
            if unit == "年" and _YEAR_NUMBER.fullmatch(m.group(0)[:-1]):
                continue
            if self.units and not any(u in self.units for u in _unit_chars(unit)):
                continue
            out.append((m.start(), m.end()))
        return out


def _unit_chars(unit: str) -> tuple[str, ...]:
    return (unit,) if len(unit) == 1 else ({"小时": "小时", "星期": "周"}[unit],)


def asking_at(text: str, i: int) -> int:
    """The length of a phrase asking for a counted quantity at ``text[i:]`` (多少天,
    几个小时, 几次: 多少 or 几, 个, a unit word), else 0. Such a phrase is a question word
    (search.wording): 几个 of 每天工作几个小时 asks "how many", it is not a word to find."""
    if telling_at(text, i):
        return 0
    m = _ASK_UNIT.match(text, i)
    return m.end() - i if m else 0


def telling_at(text: str, i: int) -> bool:
    """Whether the 几 at ``text[i]`` tells a quantity (十几个人, 那几天) rather than asks."""
    return text.startswith("几", i) and i > 0 and bool(_TELLING_JI.match(text, i - 1))


# Every phrase asking for a quantity, the unit asked (多少天), some time (多久) or some amount
# (百分之几), and 几 alone (几级): 几 is the question's numeral wherever it does not tell "a few".
_ASKING = re.compile("|".join(p.pattern for p in (_ASK_UNIT, _ASK_TIME, _ASK_AMOUNT)) + "|几")


def asking_words(text: str) -> list[str]:
    """The phrases of ``text`` that ask for a quantity (百分之几, 多少天, 多久, 几级's 几), in
    order; 几 telling one (十几个人) is none. What a question asks is the user's: a spelling
    correction may not turn it into a figure (提高百分之几 → 提高百分之十, search.alternatives)."""
    return [m.group() for m in _ASKING.finditer(text) if not telling_at(text, m.start())]


def asked(q: str) -> Asked | None:
    """The quantity a typed question asks for, or None when it asks for none."""
    units = ""
    for m in _ASK_UNIT.finditer(q):
        if not telling_at(q, m.start()):
            units += _UNIT_WORDS[m.group(1)]
    if _ASK_TIME.search(q):
        units += _TIME
    nouns = tuple(dict.fromkeys(m.group(1) for m in _MEASURE_NOUN.finditer(q)))
    if nouns and not units and not _ASK_AMOUNT.search(q):
        return Asked("".join(MEASURE_NOUNS[n] for n in nouns), nouns)
    if units:
        return Asked(units, nouns)
    if _ASK_AMOUNT.search(q):
        return Asked("", nouns)
    return None
