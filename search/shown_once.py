"""A hit's snippet does not repeat a sentence its best article's snippet shows whole.

A hit of a law shows two texts: its snippet, the best sentences of the whole body
(``search.highlight.snippet``), and under it its best article with that article's own
snippet (``search.unit_hits``). Both are chosen by the query concepts a sentence holds, so
they often choose the same sentence: `公司出钱培训后辞职要赔违约金吗` showed 第二十二条's
first sentence (…约定服务期) twice, and the answer, that article's next sentence
(…劳动者应当按照约定向用人单位支付违约金), not at all. The second view says something only
when it shows another sentence. So the hit's snippet leaves out the sentences the best
unit's snippet already shows whole (a sentence it shows cut still counts: the rest of it
may be the answer; one too long for a fragment is shown from the clause the cut falls in,
not from its start again), as long as a sentence holding something the query asks
remains; the marks, what matches and the order of hits are unchanged. Its second fragment
goes on with the best article: the article's best sentence its snippet does not show, when
one holds something asked (an article states its condition first, what follows from it
after: 第七条's …对逾期不改正的，…加付赔偿金).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from html import unescape
from re import compile as re_compile

from indexer.units import Unit
from search.models import UnitHit
from search.stored_units import kind_and_start, unit_ends, unit_starts

ARTICLE = "条"
_TAG = re_compile(r"<[^>]+>")
ELLIPSIS = "…"
# A shorter text may occur anywhere in the body: not worth placing.
MIN_SHOWN = 8


@dataclass(frozen=True)
class Shown:
    """What a hit's best article shows: ``span``, where in the body the text of its snippet
    lies; ``article``, where the article itself lies."""

    span: tuple[int, int]
    article: tuple[int, int]


def shown_span(body: str, unit: UnitHit | None, units: Sequence[Unit] = ()) -> Shown | None:
    """Where in ``body`` the text of ``unit``'s snippet lies, and the article, when it is an
    article of ``units`` (the document's units); None otherwise (no unit, or the text not found: a
    snippet shows the body's text with line breaks as spaces). A report's section is
    left alone: its snippet and the hit's show a figure reported and the one planned."""
    if unit is None or not unit.snippet_html:
        return None
    shown = unescape(_TAG.sub("", unit.snippet_html)).strip(ELLIPSIS)
    if len(shown) < MIN_SHOWN:
        return None
    # Without a space it can only be found where the body has no line break either:
    # the body itself is searched, not a copy.
    at = body.find(shown) if " " not in shown else body.replace("\n", " ").find(shown)
    if at < 0:
        return None
    kind, start_of = kind_and_start(units)
    # Articles hold no units: the last unit starting at or before the text is its own.
    i = bisect_right(unit_starts(units), at) - 1
    if i < 0 or kind(i) != ARTICLE:
        return None
    # The label is shown beside the snippet: a sentence opening with it (第二十六条 有下列
    # 情形之一的…) is shown whole when the rest of it is.
    end, start = at + len(shown), start_of(i)
    if body[start:at].rstrip(" \u3000") == unit.label:
        at = start
    return Shown((at, end), (start, unit_ends(units)[i]))


def not_shown(
    ranked: Sequence[tuple],
    span: tuple[int, int] | None,
    asks: Callable[[Iterable[str]], bool],
    body: str = "",
    fits: int = 0,
) -> Sequence[tuple]:
    """``ranked`` (score, start, end, query strings) sentences of ``body``, best first,
    without those lying whole inside ``span`` (a sentence's end mark may follow it), and
    a sentence longer than ``fits`` characters that ``span`` shows cut reduced to its
    rest, from the clause the cut falls in; unchanged when none would remain whose strings
    ``asks``. A sentence that fits is shown whole again: its rest alone would cut it."""
    if span is None:
        return ranked
    a, b = span
    rest = []
    for f in ranked:
        if a <= f[1] and f[2] <= b + 1:
            continue  # shown whole
        if body and a <= f[1] < b and f[2] - b > MIN_SHOWN and f[2] - f[1] > fits:
            # Shown cut, too long to show whole: the rest of it, which may be the answer
            # (…只能领取规定额的半数 at the end of 第十八条's long sentence), from the clause
            # the cut falls in (a clause is not shown in two halves).
            f = (f[0], clause_start(body, f[1], b), f[2], f[3])
        rest.append(f)
    if rest == list(ranked) or not rest or not asks(rest[0][3]):
        return ranked
    return rest


def goes_on(
    ranked: Sequence[tuple], shown: Shown, asks: Callable[[Iterable[str]], bool]
) -> Iterator[tuple]:
    """Of ``ranked`` (score, start, end, query strings), in order, those lying in the
    article ``shown`` names but not whole inside what its snippet shows, whose strings
    ``asks``: the article going on past its snippet."""
    a, b = shown.article
    c, d = shown.span
    return (f for f in ranked if a <= f[1] < b and not (c <= f[1] and f[2] <= d + 1) and asks(f[3]))


# What ends a clause inside a sentence: a sentence too long for its fragment is shown from
# the clause a cut falls in (here and in an article's snippet, ``search.unit_hits``).
CLAUSE_ENDS = "，,、："


def clause_start(text: str, sentence: int, at: int) -> int:
    """Where the clause holding position ``at`` starts, within the sentence starting at
    ``sentence``."""
    return max(sentence, max(text.rfind(c, sentence, at) for c in CLAUSE_ENDS) + 1)
