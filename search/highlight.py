"""The one place that produces trusted HTML: escaped text with ``<mark>`` around matches.

Matches are found from the query's own literal strings in the stored text (after the same
length-preserving normalisation the index uses), so no document is re-analysed. Where
matches overlap, the longest wins (马克思 is marked whole, never 马克 inside it).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from functools import lru_cache
from html import escape, unescape
from itertools import pairwise
from math import fsum
from operator import itemgetter

from indexer.analysis import FOLDS, normalize
from search.sentence_judge import SentenceJudge
from search.shown_once import Shown, goes_on, not_shown

FRAGMENT_CHARS = 120
MAX_FRAGMENTS = 2
# What ends a sentence (or a clause standing as one, up to ；): shared by snippets and units.
SENTENCE_ENDS = frozenset("。！？；!?;\n")
MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"
FIRST_MATCH = "first-match"  # the first mark's id; search results link to it
# Normalised character → the raw characters that fold to it (a → A, Ａ, ａ).
_UNFOLD: dict[str, set[str]] = {}
for _raw, _norm in FOLDS.items():
    _UNFOLD.setdefault(chr(_norm), set()).add(chr(_raw))


def _pattern(literal: str) -> re.Pattern:
    """A regex finding ``literal`` (normalised) in raw text, whatever its width or case."""
    parts = []
    for ch in literal:
        if ch == " ":  # "职工 书屋": the runs with any separator between (see search.query)
            parts.append(r"[\W_]+")
            continue
        variants = {ch} | _UNFOLD.get(ch, set())
        parts.append(
            re.escape(ch)
            if len(variants) == 1
            else "[" + "".join(re.escape(v) for v in sorted(variants)) + "]"
        )
    return re.compile("(?=(" + "".join(parts) + "))")


def find_marks(
    text: str, literals: list[str], limit: int = 5000, normalized: bool = False
) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of the literals in ``text``, longest first wins.

    Literals are normalised; a literal is found with str.find in the raw text unless it
    holds a space (any separator) or the text holds another raw form of its characters
    (full width, upper case, traditional), then with a pattern that accepts every form, so
    the stored text is never normalised as a whole. ``normalized``: ``text`` is already
    normalised (the text store's), so it holds no other forms; the spans are those of the
    raw text it was normalised from, since normalising is idempotent and keeps what is a
    separator one (``tests/search/test_unit_spans.py``).
    """
    if not text or not literals:
        return []
    candidates: list[tuple[int, int]] = []
    forms = frozenset(normalize(x) for x in literals if x)
    for lit in forms:
        # Most Chinese characters now have a traditional form: take the pattern path only
        # when the text holds some raw form of the literal's characters other than itself,
        # or when the literal spans a separator (a space stands for any).
        if " " in lit or (
            not normalized and any(v in text for ch in set(lit) for v in _UNFOLD.get(ch, ()))
        ):
            for m in _pattern(lit).finditer(text):
                candidates.append((m.start(), m.end(1)))
                if len(candidates) >= limit:
                    break
            continue
        size, room, find, add = len(lit), limit - len(candidates), text.find, candidates.append
        start = find(lit)
        while start >= 0 and room > 0:
            add((start, start + size))
            room -= 1
            start = find(lit, start + 1)
    candidates.sort()
    if all(a[1] <= b[0] for a, b in pairwise(candidates)):
        return candidates  # no two overlap (the common case): every one is kept
    if _nested_only(forms):
        return _outermost(candidates)
    candidates.sort(key=lambda s: (s[0] - s[1], s[0]))  # longest first, then leftmost
    starts: list[int] = []
    ends: list[int] = []
    for s, e in candidates:
        i = bisect_left(starts, s)
        if i > 0 and ends[i - 1] > s:
            continue
        if i < len(starts) and starts[i] < e:
            continue
        starts.insert(i, s)
        ends.insert(i, e)
    return list(zip(starts, ends, strict=True))


@lru_cache(maxsize=256)
def _nested_only(forms: frozenset[str]) -> bool:
    """Whether two matches of these literals can overlap only by one holding the other:
    no literal ends with what one begins with (itself included), and none spans a
    separator (whose matches vary in length). A phrase and its words (到场当事人, 当事人)
    are so, and so are most queries whose matches overlap at all."""
    if any(" " in f for f in forms):
        return False
    return not any(
        a[-k:] == b[:k] for a in forms for b in forms for k in range(1, min(len(a), len(b)))
    )


def _outermost(candidates: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``find_marks``'s longest-first choice among ``candidates`` (sorted) whose overlaps
    are all nestings (``_nested_only``), in one pass: a match inside another is left out;
    any other is kept (no match holds it, so none of the longest-first choice covers it,
    and a kept one that held a longer match would hold it too). Of two starting at one
    place the longer comes later (sorted by start, then end) and takes the other's
    place."""
    out: list[tuple[int, int]] = []
    end = -1
    for s, e in candidates:
        if s >= end:
            out.append((s, e))
            end = e
        elif s == out[-1][0]:
            out[-1] = (s, e)
            end = e
    return out


def mark_id(n: int) -> str:
    """The id of the document page's n-th mark (from 1), which concordance lines link to."""
    return FIRST_MATCH if n == 1 else f"m{n}"


def render(
    text: str,
    marks: list[tuple[int, int]],
    start: int = 0,
    end: int | None = None,
) -> str:
    """Escape ``text[start:end]`` and wrap the marks that fall inside it (the document
    page numbers its marks itself: search/document_html.py)."""
    end = len(text) if end is None else end
    out: list[str] = []
    pos = start
    for s, e in marks:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[pos:s]))
        out.append(MARK_OPEN + escape(text[s:e]) + MARK_CLOSE)
        pos = e
    out.append(escape(text[pos:end]))
    return "".join(out)


def plain_text(snippet_html: str) -> str:
    """The text ``render`` made ``snippet_html`` from: its marks removed, unescaped."""
    return unescape(snippet_html.replace(MARK_OPEN, "").replace(MARK_CLOSE, ""))


def highlight_text(text: str, literals: list[str]) -> str:
    return render(text, find_marks(text, literals))


# How far back and ahead a sentence is looked for around a match (bounded work).
SENTENCE_REACH = 200


# A break character; and the last one of a stretch (greedy ``.*`` backtracks from the
# end in C), so a sentence's bounds are two regex calls, not a Python loop per character.
_BREAK = re.compile("[" + re.escape("".join(sorted(SENTENCE_ENDS))) + "]")
_LAST_BREAK = re.compile(r".*" + _BREAK.pattern, re.DOTALL)


def _sentence(text: str, s: int, e: int) -> tuple[int, int]:
    """The sentence around the match (s, e): from after the previous break to the next
    break inclusive, looked for at most SENTENCE_REACH characters away."""
    lo = max(0, s - SENTENCE_REACH)
    before = _LAST_BREAK.match(text, lo, s)
    start = before.end() if before else lo
    hi = min(len(text), e + SENTENCE_REACH)
    after = _BREAK.search(text, e, hi)
    end = after.end() if after else hi
    return start, end


def _same_sentence(text: str, bounds: tuple[int, int], e: int) -> tuple[int, int]:
    """For a match ending at ``e`` that holds no break, in the sentence ``bounds``: how far
    a later match may start and end and still have these bounds ((-1, -1): none may). No
    break lies between the bounds and the match (they are the nearest ones), so a later
    match ending before the closing break has the same ones, when it starts within
    SENTENCE_REACH of the opening break, or the bounds are the text's own ends."""
    start, end = bounds
    if start == 0:
        start_by = SENTENCE_REACH
    elif text[start - 1] in SENTENCE_ENDS:
        start_by = start - 1 + SENTENCE_REACH
    else:
        return -1, -1
    if text[end - 1] in SENTENCE_ENDS:
        return start_by, end - 1
    if end == len(text):
        return start_by, end
    return -1, -1


def _fragments(
    text: str,
    marks: list[tuple[int, int]],
    title: str,
    size: int,
    judge: SentenceJudge | None = None,
) -> list[tuple[tuple, int, int, set[str]]]:
    """(score, start, end, query strings) of each sentence holding matches, best first.

    A sentence scores by how many distinct query strings it holds (the whole phrase, or
    the most query concepts together), then by how rare those strings are in the document
    (a string repeated everywhere, or already shown in the title, says less), then by
    position. The sentences after the first one holding every query string are left out:
    none can rank before it, nor add a string to it. ``judge``: the query's concepts
    weigh the sentence instead (``search.sentence_judge``); then the sentences after the
    second one holding every string are left out (the second may be shown beside it).
    """
    anchors = marks[:400]  # bounded work on very long documents
    raws = [text[s:e] for s, e in anchors]
    keys = {raw: normalize(raw) for raw in set(raws)}  # few distinct matched strings
    if judge is None:
        counts: dict[str, int] = {}
        for raw in raws:  # an article's snippet reads a few marks: no Counter
            key = keys[raw]
            counts[key] = counts.get(key, 0) + 1
        shown = normalize(title) if title else ""
        weight = {k: (0.5 if k in shown else 1.0) / n for k, n in counts.items()}
    else:  # the judge weighs the strings itself: only which ones occur is read
        counts = dict.fromkeys(keys.values(), 0)
    clean = {raw: _BREAK.search(raw) is None for raw in keys}  # a match holding no break
    held: dict[frozenset[str], set[str]] = {}  # few distinct sets of strings recur

    def concepts_of(found: set[str]) -> set[str]:
        # A string holds the query strings inside it too: the whole phrase 稳就业 counts
        # as 稳就业, 稳 and 就业, so it outranks 稳 and 就业 apart.
        key = frozenset(found)
        out = held.get(key)
        if out is None:
            out = held[key] = {o for k in found for o in counts if o in k}
        return out

    scores: dict[frozenset[str], tuple] = {}

    def score_of(concepts: set[str]) -> tuple:
        key = frozenset(concepts)
        score = scores.get(key)
        if score is None:
            if judge is not None:
                score = scores[key] = judge.score(concepts)
                return score
            # fsum: exactly rounded, so equal sets of strings score equal whatever their
            # order.
            weights = fsum(weight[k] for k in concepts)
            score = scores[key] = (len(concepts), weights, sum(map(len, concepts)))
        return score

    # Sentence bounds never decrease with the mark's position, so a sentence's marks are
    # consecutive: once the next mark lies elsewhere, the sentence is complete.
    sentences: dict[tuple[int, int], set[str]] = {}
    complete: dict[tuple[int, int], set[str]] = {}  # a finished sentence's query strings
    last: tuple[int, int] | None = None
    current: set[str] = set()  # the query strings of ``last``'s sentence
    whole = 2 if judge is not None else 1  # sentences holding every string before stopping
    # A mark starting by ``start_by`` and ending by ``end_by`` has ``last``'s bounds:
    # no break lies between it and them, and they are in its reach (_sentence would
    # find exactly these).
    start_by = end_by = -1
    for (s, e), raw in zip(anchors, raws, strict=True):
        if s <= start_by and e <= end_by:
            current.add(keys[raw])  # most marks: one more in the sentence before
            continue
        bounds = _sentence(text, s, e)
        start_by, end_by = _same_sentence(text, bounds, e) if clean[raw] else (-1, -1)
        if bounds == last:
            current.add(keys[raw])
            continue
        if last is not None:
            complete[last] = concepts_of(current)
            if len(complete[last]) == len(counts):
                whole -= 1
                if not whole:
                    break
        current = sentences.setdefault(bounds, set())
        current.add(keys[raw])
        complete.pop(bounds, None)
        last = bounds
    out = []
    for bounds, found in sentences.items():
        start, end = bounds
        concepts = complete.get(bounds) or concepts_of(found)
        out.append((score_of(concepts), start, end, concepts))
    if judge is not None:
        out.extend(_pairs(text, out, judge))
    # Best score first, then the earliest: two stable sorts in C (reverse keeps equal
    # scores in their order), not a key tuple built per fragment.
    out.sort(key=itemgetter(1))
    out.sort(key=itemgetter(0), reverse=True)
    return out


def _pairs(text: str, single: list, judge: SentenceJudge) -> list:
    """Two adjacent sentences of one paragraph that hold more of what the query asks
    together than either alone (目标 … ；城镇新增就业1100万人以上): the answer spans their
    boundary."""
    out = []
    by_start = sorted(single, key=lambda f: f[1])
    for (_, s1, e1, c1), (_, s2, e2, c2) in zip(by_start, by_start[1:], strict=False):
        if text[e1:s2].strip() or "\n" in text[e1 - 1 : s2]:
            continue  # adjacent, in one paragraph (an article: the answer's own)
        both = c1 | c2
        if len(judge.asking(both)) > max(len(judge.asking(c1)), len(judge.asking(c2))):
            out.append((judge.score(both, pair=True), s1, e2, both))
    return out


def _clip(text: str, marks, ends, start: int, end: int, size: int) -> tuple[int, int]:
    """Fit the sentence [start, end) into about ``size`` characters where it shows the
    most distinct query strings, or continue past a short sentence; never cut a match in
    two."""
    if end - start > size:
        inside = marks[bisect_right(ends, start) : bisect_right(ends, end)]
        best: tuple[int, int] | None = None
        for s, _ in inside:
            ws = max(start, s - size // 4)
            shown = {text[a:b] for a, b in inside if ws <= a and b <= ws + size}
            score = len({k for k in shown if not any(k != o and k in o for o in shown)})
            if best is None or score > best[0]:
                best = (score, ws)
        start = best[1] if best else start
        end = start + size
    else:
        end = min(len(text), start + size)
    k = bisect_right(ends, start)
    if k < len(marks) and marks[k][0] < start:
        start = marks[k][0]
    k = bisect_right(ends, end)
    if k < len(marks) and marks[k][0] < end:
        end = marks[k][1]
    return start, end


def snippet(
    text: str,
    literals: list[str],
    size: int = FRAGMENT_CHARS,
    fragments: int = MAX_FRAGMENTS,
    title: str = "",
    marks: list[tuple[int, int]] | None = None,
    judge: SentenceJudge | None = None,
    shown: Shown | None = None,
) -> str:
    """The sentence that best answers the query (and a second one that adds a match), as
    safe HTML: the whole phrase, or the most distinct query strings in one sentence,
    before a sentence that repeats one word.
    (``marks``: the matches, when the caller has found them already; ``judge``: the
    query's concepts and the title, which choose the sentence by what it asks,
    ``search.sentence_judge``: a further sentence then shows a concept the title and the
    first do not, else a second sentence holding the first one's; ``shown``: what the
    hit's best article shows already, ``search.shown_once``: a sentence of that article it
    does not show, holding something asked, is the second fragment.)"""
    text = text or ""
    marks = find_marks(text, literals) if marks is None else marks
    if not marks:
        return _plain_fragment(text, size)
    ends = list(map(itemgetter(1), marks))
    chosen: list[tuple[int, int]] = []
    seen: set[str] = set()
    ranked = _fragments(text, marks, title, size, judge)
    asks = judge.asking if judge is not None else bool
    ranked = not_shown(ranked, shown.span if shown else None, asks, text, size)
    going_on = shown if fragments > 1 else None
    for _score, start, end, concepts in ranked:
        if judge is not None:
            concepts = judge.asking(concepts)
        if chosen and concepts <= seen:
            continue  # a further fragment only when it shows a query string not yet shown
        start, end = _clip(text, marks, ends, start, end, size)
        if all(end <= c[0] or start >= c[1] for c in chosen):
            chosen.append((start, end))
            seen |= concepts
        if len(chosen) == fragments:
            break
        if len(chosen) == 1 and going_on is not None:
            # The best article's snippet shows its first 100 characters or its best
            # sentence; the rest of the article may hold the answer (…对逾期不改正的，…加付
            # 赔偿金 after 第七条's condition): its best sentence not shown is the second.
            for _, a, b, _ in _going_on(ranked, text, marks, title, size, judge, going_on):
                a, b = _clip(text, marks, ends, a, b, size)
                if all(b <= c[0] or a >= c[1] for c in chosen):
                    chosen.append((a, b))
                    break
            going_on = None  # looked for once
            if len(chosen) == fragments:
                break
    if judge is not None and 0 < len(chosen) < fragments and seen:
        # Nothing new to show: a second sentence holding what the first holds (a figure
        # reported and the one planned: 城镇新增就业1352万人 … 城镇新增就业900万人以上).
        for _score, start, end, concepts in ranked:
            if judge.asking(concepts) != seen:
                continue
            start, end = _clip(text, marks, ends, start, end, size)
            if all(end <= c[0] or start >= c[1] for c in chosen):
                chosen.append((start, end))
                break
    parts = []  # the best fragment first: it is the answer
    for start, end in chosen:
        # Only the marks inside the fragment, found by bisection (marks are in order and
        # do not overlap): a long law's answer walked all its marks for each fragment.
        lo = bisect_right(ends, start)
        inside = marks[lo : bisect_left(marks, end, lo, key=itemgetter(0))]
        html = render(text, inside, start, end).replace("\n", " ")
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(text) else ""
        parts.append(prefix + html + suffix)
    return " ".join(parts)


def _going_on(
    ranked: list[tuple[tuple, int, int, set[str]]],
    text: str,
    marks: list[tuple[int, int]],
    title: str,
    size: int,
    judge: SentenceJudge | None,
    shown: Shown,
) -> Iterator[tuple[tuple, int, int, set[str]]]:
    """The sentences of the article ``shown`` names that its snippet does not show and that
    ask (``search.shown_once.goes_on``): of the whole text's ranking first, then, only when
    it holds none (it stops after the second sentence holding every string: 第五十七条's
    heading and item hold 派遣 before 第五十八条's 订立二年以上的固定期限劳动合同), of the
    article's own marks outside its snippet, ranked alone."""
    asks = judge.asking if judge is not None else bool
    found = False
    for f in goes_on(ranked, shown, asks):
        found = True
        yield f
    if found:
        return
    (a, b), (c, d) = shown.article, shown.span
    key = itemgetter(0)
    lo, hi = bisect_left(marks, a, key=key), bisect_left(marks, b, key=key)
    cut, on = bisect_left(marks, c, lo, hi, key=key), bisect_left(marks, d, lo, hi, key=key)
    alone = _fragments(text, marks[lo:cut] + marks[on:hi], title, size, judge)
    yield from goes_on(alone, shown, asks)


def _plain_fragment(text: str, size: int) -> str:
    head = text[:size].replace("\n", " ")
    return escape(head) + ("…" if len(text) > size else "")
