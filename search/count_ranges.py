"""A count a worker states exactly, bridged to the ranges the laws state it in.

A worker types an exact count (十七岁, 三百来人, 干了一年多); the law states a range
(未满十八周岁, 二百人以上, 满一年). That is no synonym: 十七岁 is inside 未满十八周岁 and
年满十六周岁, not equal to them. The ranges are the laws' own: ``RangeTable.read`` collects,
from the texts of the documents of a legal level, every bounded count of an age, a number of
people, years, months or hours (不满, 未满, 年满, 满, 超过, 不超过, 不足, 不到 before the number;
以上, 以下, 以内 after it), and ``RangeTable.forms`` gives, for a count typed without a bound,
the phrases of the tightest ranges holding it: the nearest upper bound and the nearest lower
bound the laws use (十七岁 → 未满十八周岁, 年满十六周岁), as they are written there, and
the terms a law defines by a range holding it (未成年工是指年满十六周岁未满十八周岁的劳动者:
十七岁 → 未成年工); a count
the laws use as a bound itself (十六岁) gets none.

The forms are searched as equivalent forms of the typed count (``search.wording``), shown
as such (也搜索了), and never replace it; a count typed with a bound (不满十六岁) is a range
already and gets none.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from search.numerals import parse_chinese

_NUMBER = r"(?:\d+|[〇零一二两三四五六七八九十百千]+)"
# The unit of a count, and the class its ranges are compared in (岁 with 周岁, 人 with 名).
UNITS = {"周岁": "岁", "岁": "岁", "人": "人", "名": "人", "年": "年", "个月": "月", "小时": "小时"}
_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
# Bound words, by the side of the range they close: below (lower bound) or above.
LOWER_BEFORE = ("年满", "满", "超过")  # 年满十六周岁: from 16 on; 超过: strictly
UPPER_BEFORE = ("不满", "未满", "不足", "不到", "不超过")  # 未满十八周岁: below 18
_BEFORE = "|".join(sorted(UPPER_BEFORE + LOWER_BEFORE, key=len, reverse=True))
_AFTER = "以上|以下|以内"
# The lookahead lets the scan skip every position that cannot start one (3 times faster).
_RANGE = re.compile(
    r"(?=[0-9〇零一二两三四五六七八九十百千不未年满超])"
    rf"(?P<before>{_BEFORE})?(?P<num>{_NUMBER})(?P<unit>{_UNIT})(?P<after>{_AFTER})?"
)
# A count typed exactly: 十七岁, 17岁, 三百来人, 一年多, 快三十个小时.
_TYPED = re.compile(
    rf"(?P<near>快|将近|近)?(?P<num>{_NUMBER})(?P<about>来|多|余)?(?P<measure>个)?(?P<unit>{_UNIT})"
    r"(?P<more>多)?"
)
# Years beyond this are dates (2013年), not durations.
MAX_YEARS = 100
EPSILON = 0.5  # 一年多 is more than one year, 快三十个小时 less than thirty
# The laws write one bound many ways (不满二年, 不满两年, 不满2年, 未满二年 …): the commonest
# few of each bound are searched, so a count adds a handful of literals, not twenty.
FORMS_PER_BOUND = 3
# A typed count is a threshold of the laws when they state it as a bound at least a tenth as
# often as the commonest bound around it.
THRESHOLD_SHARE = 10


@dataclass(frozen=True)
class Range:
    form: str  # as the law writes it: 未满十八周岁
    unit: str  # the unit's class (UNITS)
    low: float  # the range holds low <= v (low < v when low_open) …
    high: float  # … and v < high (v <= high when high_closed)
    low_open: bool = False
    high_closed: bool = False

    @property
    def interval(self) -> tuple[str, float, float, bool, bool]:
        return self.unit, self.low, self.high, self.low_open, self.high_closed

    def holds(self, value: float) -> bool:
        above = value > self.low if self.low_open else value >= self.low
        below = value <= self.high if self.high_closed else value < self.high
        return above and below


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() else parse_chinese(text)


def ranges_in(text: str) -> Iterable[Range]:
    """The bounded counts a law's ``text`` states (a count without a bound word is none)."""
    for m in _RANGE.finditer(text):
        before, after, unit = m["before"], m["after"], UNITS[m["unit"]]
        if not before and not after or before and after:
            continue
        n = _number(m["num"])
        if n is None or unit == "年" and n > MAX_YEARS:
            continue
        inf = float("inf")
        if before in UPPER_BEFORE:
            yield Range(m[0], unit, 0, n, high_closed=before == "不超过")
        elif before:
            yield Range(m[0], unit, n, inf, low_open=before == "超过")
        elif after == "以上":
            yield Range(m[0], unit, n, inf)
        else:
            yield Range(m[0], unit, 0, n, high_closed=True)


# A definition: 未成年工是指年满十六周岁未满十八周岁的劳动者 (本法所称X是指 … alike): the
# term is the run of Chinese characters before 是指 (after 所称 when it holds it).
_TERM = re.compile(r"[\u4e00-\u9fff]{2,12}$")
_BODY = re.compile(r"[^。；\n]*")


def defined_ranges(text: str) -> Iterable[Range]:
    """The terms a law's ``text`` defines by a range of one count (未成年工: from 16 to
    under 18), the range being every bound of its definition together."""
    pos = text.find("是指")
    while pos >= 0:
        head = _TERM.search(text, max(0, pos - 12), pos)
        body = _BODY.match(text, pos + 2)
        pos = text.find("是指", pos + 2)
        term = head[0].rpartition("所称")[2] if head else ""
        if not 2 <= len(term) <= 8:
            continue
        bounds = list(ranges_in(body[0]))
        if not bounds or len({r.unit for r in bounds}) > 1:
            continue
        low = max(bounds, key=lambda r: (r.low, r.low_open))
        high = min(bounds, key=lambda r: (r.high, r.high_closed))
        if low.low > 0 and high.high != float("inf") and low.low < high.high:
            yield Range(term, low.unit, low.low, high.high, low.low_open, high.high_closed)


def typed_count(text: str) -> tuple[float, str] | None:
    """(value, unit class) when ``text`` is one count typed without a bound word."""
    m = _TYPED.fullmatch(text)
    if m is None or m["measure"] and m["unit"] not in ("小时", "月"):
        return None
    n = _number(m["num"])
    unit = UNITS[m["unit"]]
    if n is None or unit == "年" and n > MAX_YEARS:
        return None
    if m["about"] in ("多", "余") or m["more"]:
        return n + EPSILON, unit
    if m["near"]:
        return n - EPSILON, unit
    return float(n), unit


def typed_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each count in ``text``, with its bound word when it has one
    (不满十六岁 whole: the bound says which side of 十六 is meant)."""
    bounded = [m.span() for m in _RANGE.finditer(text) if m["before"] or m["after"]]
    bare = [
        m.span()
        for m in _TYPED.finditer(text)
        if all(m.end() <= s or m.start() >= e for s, e in bounded)
    ]
    return sorted(bounded + bare)


def typed_range(text: str) -> Range | None:
    """The range ``text`` states when it is one bounded count (不满十六岁)."""
    m = _RANGE.fullmatch(text)
    if m is None or not (m["before"] or m["after"]):
        return None
    return next(iter(ranges_in(text)), None)


@dataclass
class RangeTable:
    """The ranges the laws state, by unit class; read on first use (``texts`` gives the
    normalised bodies of the documents of a legal level)."""

    texts: Callable[[], Iterable[str]] = lambda: ()
    _ranges: dict[str, list[Range]] | None = None
    _terms: dict[str, list[Range]] = field(default_factory=dict)  # terms defined by a range
    _count: dict[str, int] = field(default_factory=dict)  # occurrences of each form
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def ranges(self) -> dict[str, list[Range]]:
        if self._ranges is None:
            with self._lock:
                if self._ranges is None:
                    self._read()
        return self._ranges or {}

    def _read(self) -> None:
        found: dict[str, Range] = {}
        terms: dict[str, Range] = {}
        for text in self.texts():
            for r in ranges_in(text):
                found.setdefault(r.form, r)
                self._count[r.form] = self._count.get(r.form, 0) + 1
            for r in defined_ranges(text):
                terms.setdefault(r.form, r)
        by_unit: dict[str, list[Range]] = {}
        for r in found.values():
            by_unit.setdefault(r.unit, []).append(r)
        self._terms = {}
        for r in terms.values():
            self._terms.setdefault(r.unit, []).append(r)
        self._ranges = by_unit

    def _occurrences(self, r: Range) -> int:
        return self._count.get(r.form, 0)

    def _commonest(self, ranges: Iterable[Range]) -> list[str]:
        forms = sorted(ranges, key=lambda r: (-self._count.get(r.form, 0), r.form))
        return [r.form for r in forms[:FORMS_PER_BOUND]]

    def forms(self, text: str) -> list[str]:
        """The laws' phrases for the count ``text`` states. Typed with a bound (不满十六岁):
        those of the same range (未满十六周岁). Typed exactly (十七岁): those of the tightest
        ranges holding it, the nearest upper bound and the nearest lower bound (未满十八周岁,
        年满十六周岁), and the terms the laws define by a range holding it (未成年工)."""
        bounded = typed_range(text)
        if bounded is not None:
            same = [
                r
                for r in self.ranges().get(bounded.unit, ())
                if r.interval == bounded.interval and r.form != text
            ]
            return self._commonest(same)
        typed = typed_count(text)
        if typed is None:
            return []
        value, unit = typed
        ranges = self.ranges().get(unit, ())
        at = [r for r in ranges if value in (r.low, r.high)]
        # Not one of ``at`` (a form is one range: no other equals it), said by its bounds:
        # ``in at`` compared every range holding the value with each of ``at``.
        holding = [r for r in ranges if r.holds(value) and value not in (r.low, r.high)]
        # A count the laws use as a bound (二十人: 二十人以上, 不足二十人; 十六岁) is a threshold
        # typed, searched as typed; one they use as a bound now and then (a law's 年满十七周岁
        # among hundreds of 未满十八周岁) is not.
        if at and sum(map(self._occurrences, at)) * THRESHOLD_SHARE >= max(
            map(self._occurrences, holding), default=0
        ):
            return []
        upper = [r for r in holding if r.high != float("inf")]
        lower = [r for r in holding if r.low > 0]
        out: list[str] = []
        if upper:
            nearest = min(r.high for r in upper)
            out += self._commonest(r for r in upper if r.high == nearest)
        if lower:
            nearest = max(r.low for r in lower)
            out += self._commonest(r for r in lower if r.low == nearest)
        out += sorted(r.form for r in self._terms.get(unit, ()) if r.holds(value))
        return out
