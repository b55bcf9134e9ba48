"""Which articles or sections of a document a query matches, best first.

The matches are the query's literal occurrences in the stored text (the same ones the
snippet marks); each is credited to the innermost unit holding it. A unit ranks by how
many distinct query concepts it holds (a word and its equivalent forms are one concept,
``search.concepts``), each weighted by its IDF over the index, then by how many
occurrences.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from math import fsum
from operator import itemgetter

from indexer.units import Unit, UnitRows
from search.cited_clauses import CITED_SHARE, cited_only
from search.concepts import MatchedConcepts
from search.heading_concepts import with_headings
from search.highlight import SENTENCE_ENDS, find_marks, render, snippet
from search.list_items import items_only
from search.marked import marked
from search.models import OutlineEntry, UnitHit
from search.penalty_units import in_penalty_chapter
from search.quantity import QUANTITY, Asked
from search.sentence_judge import SentenceJudge
from search.shown_once import Shown, clause_start
from search.single_chars import lone_characters
from search.stored_units import kind_and_start, unit_ends, unit_starts

MAX_UNITS = 4  # the best unit, and up to three more
UNIT_SNIPPET_CHARS = 100
# What stating the quantity a question asks for is worth, against the query's best concept.
QUANTITY_SHARE = 0.5


def load_units(stored) -> list[Unit]:
    """Every unit of a document from its stored value (``indexer.units.pack_units``)."""
    return [Unit.from_row(r) for r in UnitRows(stored)]


def innermost(units: list[Unit], starts: list[int], pos: int) -> int | None:
    """Index of the innermost unit containing ``pos`` (units nest, parents first)."""
    return innermost_span(starts, _Ends(units), pos)


def innermost_span(starts: Sequence[int], ends: Sequence[int], pos: int) -> int | None:
    """``innermost`` over the units' spans alone (``starts[i]:ends[i]``)."""
    i = bisect_right(starts, pos) - 1
    while i >= 0:
        if starts[i] <= pos < max(ends[i], starts[i] + 1):
            return i
        i -= 1
    return None


class _Ends:
    """The units' ends, read as asked (a unit-by-unit walk looks at few of them)."""

    def __init__(self, units: list[Unit]):
        self._units = units

    def __getitem__(self, i: int) -> int:
        return self._units[i].end


def parents(units: list[Unit]) -> list[int | None]:
    """Each unit's parent index (units come parents first, with depths)."""
    out: list[int | None] = []
    stack: list[int] = []
    for i, u in enumerate(units):
        while stack and units[stack[-1]].depth >= u.depth:
            stack.pop()
        out.append(stack[-1] if stack else None)
        stack.append(i)
    return out


def matches_per_unit(units: list[Unit], marks: list[tuple[int, int]]) -> list[int]:
    """Occurrences inside each unit, a child's counted in its parents too."""
    counts = [0] * len(units)
    starts = [u.start for u in units]
    up = parents(units)
    for s, _ in marks:
        i = innermost(units, starts, s)
        while i is not None:
            counts[i] += 1
            i = up[i]
    return counts


def unit_concepts(
    text: str,
    units: list[Unit],
    marks: list[tuple[int, int]],
    concepts: dict[str, str] | None = None,
) -> dict[int, tuple[set[str], int]]:
    """Per unit index holding matches: (the concepts it holds, its occurrences)."""
    return span_concepts(text, [u.start for u in units], _Ends(units), marks, concepts)


def span_concepts(
    text: str,
    starts: Sequence[int],
    ends: Sequence[int],
    marks: list[tuple[int, int]],
    concepts: dict[str, str] | None = None,
) -> dict[int, tuple[set[str], int]]:
    """``unit_concepts`` over the units' spans alone (``indexer.unit_store``); ``text``
    may be the stored body or its normalised form (the same offsets, the same concepts)."""
    concepts = concepts or {}
    concept = MatchedConcepts(concepts)
    distinct: dict[int, set[str]] = {}
    counts: dict[int, int] = {}
    # Marks come in order, mostly several to a unit: the unit of the previous mark holds
    # the next one too when no other unit starts between them and it ends after it.
    last_j, last_i, last_end, last_s = -1, -1, -1, -1
    for s, e in marks:
        j = bisect_right(starts, s)
        if j == last_j and last_s <= s < last_end:
            i: int | None = last_i
        else:
            i = innermost_span(starts, ends, s)
            if i is not None:
                last_j, last_i, last_end = j, i, max(ends[i], starts[i] + 1)
            else:
                last_j = -1
        last_s = s
        if i is None:
            continue
        c = concept[text[s:e]]
        if i in counts:
            distinct[i].add(c)
            counts[i] += 1
        else:
            distinct[i], counts[i] = {c}, 1
    return {i: (distinct[i], n) for i, n in counts.items()}


def rank_units(
    units: list[Unit],
    found: dict[int, tuple[set[str], int]],
    weights: dict[str, float] | None = None,
    cited: dict[int, set[str]] | None = None,
    asking: frozenset[str] | None = None,
) -> list[tuple[int, float, int]]:
    """(unit index, concept score, occurrences) best first; a concept without a weight
    counts 1, one a unit holds only while citing another article (``cited``,
    ``search.cited_clauses``) or only in the items it lists as conditions
    (``search.list_items``) CITED_SHARE of its weight. At equal score, an article of a
    penalty chapter comes after the rule it restates (``search.penalty_units``). Before
    all, a unit holding a concept of ``asking`` (what a question asks apart from its
    situation, ``search.asked_part``) comes before those holding none."""
    weights = weights or {}
    cited = cited or {}
    no_citing: set[str] = set()

    def score(i: int, cs: set[str]) -> float:
        only = cited.get(i, no_citing)
        # fsum: exactly rounded, so equal sets of concepts score equal whatever their
        # order (a set's order follows the process's string hashing).
        return fsum(weights.get(c, 1.0) * (CITED_SHARE if c in only else 1.0) for c in cs)

    scored = [(i, score(i, cs), n) for i, (cs, n) in found.items()]
    penalty = in_penalty_chapter(units, found)
    start = kind_and_start(units)[1]  # stored units stay rows (search.stored_units)
    asks = asking or frozenset()
    scored.sort(
        key=lambda t: (
            not asks & found[t[0]][0],
            -t[1],
            t[0] in penalty,
            -t[2],
            start(t[0]),
        )
    )
    return scored


def unit_hits(
    text: str,
    units: list[Unit],
    marks: list[tuple[int, int]],
    literals: list[str],
    concepts: dict[str, str] | None = None,
    weights: dict[str, float] | None = None,
    found: dict[int, tuple[set[str], int]] | None = None,
    asked: Asked | None = None,
    asking: frozenset[str] | None = None,
    unmarked: frozenset[str] = frozenset(),
) -> list[UnitHit]:
    """The units holding the most query concepts, each with its snippet (``found``:
    ``unit_concepts`` of these arguments, when the caller has it already). ``asked``: the
    quantity a question asks for (search.quantity); a unit holding the query's words and
    stating such a quantity counts it as one more concept; a single character counts only
    beside the query's longer words (``search.single_chars``). ``asking``: the concepts of
    the part of a question that asks (``search.asked_part``): a unit holding one comes
    first. ``unmarked``: strings that were not searched (``search.marked``): only units holding
    one of the other matches, the ones their snippets mark, are listed, so no unit is
    listed for a word the page says it left out (有, 要); they are ranked on every match
    read, as the passage ranking reads them."""
    if not units or not marks:
        return []
    if found is None:
        found = unit_concepts(text, units, marks, concepts)
    answering: dict[int, int] = {}  # unit → where the clause stating the quantity starts
    if asked is not None and found:
        found = {i: (set(cs), n) for i, (cs, n) in found.items()}  # the caller's stays as read
        weights = with_quantity(text, units, marks, found, asked, weights or {}, answering)
    kind = kind_and_start(units)[0]
    starts = unit_starts(units)
    ends = unit_ends(units)

    def unit_of(p: int) -> int | None:
        return innermost_span(starts, ends, p)

    if concepts and len(found) > 1:  # 不 of 不得 no longer tips the choice
        lone = lone_characters(text, marks, concepts, found, unit_of)
        found = {i: (cs - lone[i], n) if i in lone else (cs, n) for i, (cs, n) in found.items()}
    found = with_headings(units, found)  # 第五条 holds 子女教育 through 第二章 子女教育
    cited: dict[int, set[str]] = {}
    # Articles cite articles (本法第三十八条): a report's sections are not read for citations.
    if any(kind(i) == "条" for i in found):
        cited = cited_only(text, marks, unit_of, lambda i: (starts[i], ends[i]), found, concepts)
        # 试用期 only in 第三十九条's items (（一）在试用期间…) counts as a cited word does.
        listed = items_only(
            text,
            marks,
            lambda i: (starts[i], ends[i]),
            found,
            lambda i: kind(i) == "条",
            concepts,
            cited,
        )
        cited = {i: cited.get(i, set()) | listed.get(i, set()) for i in cited.keys() | listed}
    shown: dict[int, tuple[set[str], int]] | None = None
    if unmarked:  # no unit listed for a word the page says it left out (有, 要)
        marks = marked(text, marks, unmarked)
        shown = unit_concepts(text, units, marks)
        found = {i: v for i, v in found.items() if i in shown}
    ranked = rank_units(units, found, weights, cited, asking)[:MAX_UNITS]
    if shown is not None:  # a unit's count is of what it marks, as the document page's outline
        ranked = [(i, score, shown[i][1]) for i, score, _ in ranked]
    mark_starts = list(map(itemgetter(0), marks))
    return [
        _unit_hit(text, units[i], marks, literals, n, mark_starts, answering.get(i))
        for i, _, n in ranked
    ]


def with_quantity(
    text: str,
    units: list[Unit],
    marks: list[tuple[int, int]],
    found: dict[int, tuple[set[str], int]],
    asked: Asked,
    weights: dict[str, float],
    answering: dict[int, int] | None = None,
) -> dict[str, float]:
    """Adds the QUANTITY concept to each unit of ``found`` that states a quantity of the
    kind asked in a sentence holding a query match (年休假5天, not 请事假累计20天 in the
    article after it), and records in ``answering`` where the first such clause of each
    unit starts; returns ``weights`` with QUANTITY weighing QUANTITY_SHARE of the
    query's best concept."""
    starts, ends = unit_starts(units), unit_ends(units)
    mark_starts = [m for m, _ in marks]
    for sentence, at in stated_quantities(text, marks, asked):
        i = innermost_span(starts, ends, at)
        if i in found and QUANTITY not in found[i][0]:
            found[i][0].add(QUANTITY)
            # 年休假5天 states the 天数 asked for (search.quantity.MEASURE_NOUNS).
            found[i][0].update(n for n in asked.nouns if n in weights)
            if answering is not None:
                answering[i] = _quantity_clause_start(text, mark_starts, sentence, at)
    top = max((w for c, w in weights.items() if c != QUANTITY), default=1.0)
    return {**weights, QUANTITY: top * QUANTITY_SHARE}


def stated_quantities(
    text: str, marks: list[tuple[int, int]], asked: Asked, shortest: int = 1
) -> Iterator[tuple[int, int]]:
    """(where its sentence starts, where it starts) of each quantity of the kind asked
    stated in a sentence holding a match of ``shortest`` characters or more. Only those
    sentences are read, each once (bounded work on long reports): ``marks`` come in text
    order."""
    done = -1  # end of the last sentence read
    for ms, me in marks:
        if ms < done or me - ms < shortest:
            continue
        a, b = sentence_around(text, ms, me)
        done = b
        for s, _ in asked.spans(text[a:b]):
            yield a, a + s


def _quantity_clause_start(text: str, mark_starts: list[int], sentence: int, quantity: int) -> int:
    """Where to show a sentence stating a quantity from: the start of the earliest clause
    holding a query match from which the quantity still fits in the unit's snippet
    (…竞业限制期限，不得超过二年 of a long sentence); the sentence's start when no match
    precedes the quantity."""
    first = bisect_left(mark_starts, sentence)
    last = bisect_left(mark_starts, quantity)
    start = sentence
    for m in mark_starts[first:last]:
        start = clause_start(text, sentence, m)
        if quantity - start <= UNIT_SNIPPET_CHARS * 4 // 5:
            break
    return start


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence or clause (up to 。 or ；) holding text[start:end]."""
    a = max(text.rfind(c, 0, start) for c in SENTENCE_ENDS) + 1
    ends = [i for i in (text.find(c, end) for c in SENTENCE_ENDS) if i >= 0]
    return a, min(ends, default=len(text))


def cited_first(
    hits: list[UnitHit],
    text: str,
    units: list[Unit],
    anchor: str,
    marks: list[tuple[int, int]],
    literals: list[str],
) -> list[UnitHit]:
    """``hits`` with the article a citation query names (``anchor``) first, whether or
    not the query's words occur in it: the query asked for that article."""
    unit = next((u for u in units if u.kind == "条" and u.anchor == anchor), None)
    if unit is None:
        return hits
    rest = [h for h in hits if h.anchor != anchor]
    return [_unit_hit(text, unit, marks, literals)] + rest[: MAX_UNITS - 1]


def _unit_hit(
    text: str,
    u: Unit,
    marks: list[tuple[int, int]],
    literals: list[str],
    count: int | None = None,
    mark_starts: list[int] | None = None,
    answer_at: int | None = None,
) -> UnitHit:
    """``count``: the unit's own matches (not its children's); an article has no children,
    so by default every match inside it. ``mark_starts``: the marks' starts, when the
    caller has them already. ``answer_at``: where the clause that answers starts (a
    quantity asked for): the snippet starts there."""
    if mark_starts is None:
        mark_starts = [s for s, _ in marks]
    start = _after_label(text, u, marks, mark_starts)
    after = start  # where the unit's text starts, its label left out
    answers = answer_at is not None and answer_at < u.end
    if answers:
        start = max(start, answer_at)
    # The unit's own marks, shifted to its text: no second search for the literals.
    inside = marks[bisect_left(mark_starts, start) : bisect_left(mark_starts, u.end)]
    local = [(s - start, min(e, u.end) - start) for s, e in inside]
    if answers:
        # The clause stating the quantity asked is the answer: shown from its start, even
        # when it opens the article (a sentence choice would take another sentence
        # holding more of the query's words: 第二十七条's 不能…申请仲裁 over 时效期间为一年).
        html = _window(text[start : u.end], local, UNIT_SNIPPET_CHARS)
        if start > after and not html.startswith("…"):
            html = "…" + html
    else:
        html = snippet(text[start : u.end], literals, UNIT_SNIPPET_CHARS, fragments=1, marks=local)
    count = len(inside) if count is None else count
    return UnitHit(label=u.label, anchor=u.anchor, snippet_html=html, matches=count)


def _window(text: str, marks: list[tuple[int, int]], size: int) -> str:
    """``text`` from its start, about ``size`` characters of it (a match is never cut in
    two), as safe HTML with ``marks`` marked."""
    end = min(len(text), size)
    k = bisect_left([e for _, e in marks], end + 1)
    if k < len(marks) and marks[k][0] < end:
        end = marks[k][1]
    html = render(text, marks, 0, end).replace("\n", " ")
    return html + ("…" if end < len(text) else "")


def _after_label(text: str, u: Unit, marks, mark_starts: list[int]) -> int:
    """Where the unit's snippet text starts: after its label, which is shown beside the
    snippet, when the text starts with it and no match lies inside it."""
    start = u.start
    if not text.startswith(u.label, start):
        return start
    end = start + len(u.label)
    first = bisect_left(mark_starts, start)
    if first < len(marks) and marks[first][0] < end:
        return start  # the query matched the label itself (第四十四条): keep it marked
    while end < u.end and text[end] in " \u3000":
        end += 1
    return end


def outline(units: list[Unit], marks: list[tuple[int, int]], query: bool) -> list[OutlineEntry]:
    """The outline of a document page: its headings and sections, with match counts when
    a query is active. Articles are listed only where they are the whole structure, or
    when they hold a match, so a law's outline stays its chapters."""
    counts = matches_per_unit(units, marks) if query else [0] * len(units)
    headings = any(u.kind != "条" for u in units)
    return [
        OutlineEntry(u.depth, u.label, u.anchor, n)
        for u, n in zip(units, counts, strict=True)
        if u.kind != "条" or not headings or n
    ]


def answer_snippet(
    body: str,
    title: str,
    units: list[Unit],
    marks: list[tuple[int, int]],
    literals: list[str],
    judge: SentenceJudge | None = None,
    shown: Shown | None = None,
) -> str:
    """A hit's snippet: the sentence that answers, from the whole body; for a law matched
    by its title alone, its first article (not the enactment notes above it). ``judge``:
    the query's concepts and the title choose the sentence (``search.sentence_judge``);
    ``shown``: what the hit's best unit shows already (``search.shown_once``)."""
    if not marks:
        first = next((u for u in units if u.kind == "条"), None)
        if first is not None and find_marks(title, literals):
            return "…" + snippet(body[first.start :], literals, title=title, marks=[])
    return snippet(body, literals, title=title, marks=marks, judge=judge, shown=shown)
