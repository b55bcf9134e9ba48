"""Separable verbs (离合词) told with an aspect particle: 怀着孕 is 怀孕, 加了三天班 is 加班.

Workers tell their situation with the verb and its object apart (怀了孕, 请了两天假, 辞了职,
受了伤, 离了婚); jieba then cuts the law's word in two (怀着 / 孕) and it is never searched.
A verb character, an aspect particle (了, 着, 过), an optional counted phrase (三天, 两个月,
一次) and one or two object characters make a separable span when the verb joined to the
object is a word the served index knows (``knows``: a word of some document's title or body
as the index cut it). The joined word is then an equivalent form of the span, searched and
shown as the other equivalent forms are (``search.query``). Only the grammar is listed here
(the particles and the measure words); the joined words come from the index, so 看了书 joins
to 看书 only where some document uses 看书.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from indexer.numerals import NUMERAL_CHARS

ASPECT_PARTICLES = "了着过"
# Measure words of a counted phrase between the particle and the object (请了两天假,
# 加过一次班, 休了三个月产假); the longer first.
MEASURE_WORDS = (
    "个小时",
    "个星期",
    "个月",
    "小时",
    "星期",
    "个",
    "天",
    "日",
    "周",
    "年",
    "月",
    "次",
    "回",
    "趟",
    "晚",
    "夜",
    "宿",
)
# Whether a word is one of the served index's words.
Knows = Callable[[str], bool]
MAX_OBJECT = 2  # object characters joined to the verb (产假 of 休了产假)
_HAN = re.compile(r"[\u3400-\u9fff]")
# A verb character is no particle, numeral or function character of its own.
_NOT_VERB = (
    set(ASPECT_PARTICLES) | set(NUMERAL_CHARS) | set("的地得是在和与及或之其把被也都而并就还又")
)
_COUNTED = re.compile(rf"(?:[{NUMERAL_CHARS}两几半]+|\d+)(?:{'|'.join(MEASURE_WORDS)})")


@dataclass(frozen=True)
class Separable:
    """A separable verb told apart in a typed string: ``text[start:end]`` means ``joined``."""

    start: int
    end: int
    joined: str


def separable_spans(text: str, knows: Knows) -> list[Separable]:
    """The separable verbs told apart in ``text`` (normalised), left to right, not
    overlapping; each joined word is one ``knows`` accepts."""
    out: list[Separable] = []
    i = 0
    while i < len(text) - 2:
        found = _at(text, i, knows)
        if found is None:
            i += 1
            continue
        out.append(found)
        i = found.end
    return out


def _at(text: str, i: int, knows: Knows) -> Separable | None:
    verb = text[i]
    if verb in _NOT_VERB or not _HAN.match(verb) or text[i + 1] not in ASPECT_PARTICLES:
        return None
    j = i + 2
    counted = _COUNTED.match(text, j)
    if counted is not None:
        j = counted.end()
    for size in range(MAX_OBJECT, 0, -1):
        obj = text[j : j + size]
        if len(obj) == size and all(_HAN.match(c) and c not in _NOT_VERB for c in obj):
            if knows(verb + obj):
                return Separable(i, j + size, verb + obj)
    return None


def joined_form(text: str, knows: Knows) -> str | None:
    """The joined word when the whole of ``text`` is one separable verb told apart
    (怀着孕 → 怀孕), else None."""
    spans = separable_spans(text, knows)
    if len(spans) == 1 and spans[0].start == 0 and spans[0].end == len(text):
        return spans[0].joined
    return None
