"""The one place that produces trusted HTML: escaped text with ``<mark>`` around matches.

Matches are found from the query's own literal strings in the stored text (after the same
length-preserving normalisation the index uses), so no document is re-analysed. Where
matches overlap, the longest wins (马克思 is marked whole, never 马克 inside it).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from html import escape

from indexer.analysis import FOLDS, normalize

FRAGMENT_CHARS = 120
MAX_FRAGMENTS = 2
_BREAKS = set("。！？；!?;\n")
MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"
# Normalised character → the raw characters that fold to it (a → A, Ａ, ａ).
_UNFOLD: dict[str, set[str]] = {}
for _raw, _norm in FOLDS.items():
    _UNFOLD.setdefault(chr(_norm), set()).add(chr(_raw))


def _pattern(literal: str) -> re.Pattern:
    """A regex finding ``literal`` (normalised) in raw text, whatever its width or case."""
    parts = []
    for ch in literal:
        variants = {ch} | _UNFOLD.get(ch, set())
        parts.append(
            re.escape(ch)
            if len(variants) == 1
            else "[" + "".join(re.escape(v) for v in sorted(variants)) + "]"
        )
    return re.compile("(?=(" + "".join(parts) + "))")


def find_marks(text: str, literals: list[str], limit: int = 5000) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of the literals in ``text``, longest first wins.

    Literals are normalised; a literal without foldable characters (most Chinese) is found
    with str.find in the raw text, others with a width/case-insensitive pattern, so the
    stored text is never normalised as a whole.
    """
    if not text or not literals:
        return []
    candidates: list[tuple[int, int]] = []
    for lit in {normalize(x) for x in literals if x}:
        if any(ch in _UNFOLD for ch in lit):
            for m in _pattern(lit).finditer(text):
                candidates.append((m.start(), m.start() + len(lit)))
                if len(candidates) >= limit:
                    break
            continue
        start = text.find(lit)
        while start >= 0 and len(candidates) < limit:
            candidates.append((start, start + len(lit)))
            start = text.find(lit, start + 1)
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


def render(
    text: str,
    marks: list[tuple[int, int]],
    start: int = 0,
    end: int | None = None,
    first_id: str | None = None,
) -> str:
    """Escape ``text[start:end]`` and wrap the marks that fall inside it."""
    end = len(text) if end is None else end
    out: list[str] = []
    pos = start
    for s, e in marks:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[pos:s]))
        opening = f'<mark id="{first_id}">' if first_id else MARK_OPEN
        first_id = None
        out.append(opening + escape(text[s:e]) + MARK_CLOSE)
        pos = e
    out.append(escape(text[pos:end]))
    return "".join(out)


def highlight_text(text: str, literals: list[str]) -> str:
    return render(text, find_marks(text, literals))


def _window(
    text: str, marks: list[tuple[int, int]], ends: list[int], i: int, size: int
) -> tuple[int, int, int]:
    """The window anchored at mark i: (start, end, score)."""
    s0 = marks[i][0]
    start = max(0, s0 - size // 4)
    # Begin after a sentence break when one is close, so the fragment reads well.
    for j in range(s0 - 1, start - 1, -1):
        if text[j] in _BREAKS:
            start = j + 1
            break
    end = min(len(text), start + size)
    # Never cut a match in two: widen the window to whole marks at both ends.
    k = bisect_right(ends, start)
    if k < len(marks) and marks[k][0] < start:
        start = marks[k][0]
    k = bisect_right(ends, end)
    if k < len(marks) and marks[k][0] < end:
        end = marks[k][1]
    inside = marks[i : bisect_right(ends, end)]
    # Longer matched strings (the whole phrase) outweigh repeats of its parts.
    distinct = sum(len(t) for t in {text[s:e] for s, e in inside})
    return start, end, distinct * 10 + len(inside)


def snippet(
    text: str, literals: list[str], size: int = FRAGMENT_CHARS, fragments: int = MAX_FRAGMENTS
) -> str:
    """The best one or two fragments of ``text`` around the matches, as safe HTML."""
    text = text or ""
    marks = find_marks(text, literals)
    if not marks:
        return _plain_fragment(text, size)
    anchors = range(min(len(marks), 400))  # bounded work on very long documents
    ends = [e for _, e in marks]
    windows = sorted(
        (_window(text, marks, ends, i, size) for i in anchors), key=lambda w: (-w[2], w[0])
    )
    chosen: list[tuple[int, int, int]] = []
    for w in windows:
        if all(w[1] <= c[0] or w[0] >= c[1] for c in chosen):
            chosen.append(w)
        if len(chosen) == fragments:
            break
    # Every window is anchored at a match, so each fragment shows at least one.
    chosen.sort()
    parts = []
    for start, end, _ in chosen:
        html = render(text, marks, start, end).replace("\n", " ")
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(text) else ""
        parts.append(prefix + html + suffix)
    return " ".join(parts)


def _plain_fragment(text: str, size: int) -> str:
    head = text[:size].replace("\n", " ")
    return escape(head) + ("…" if len(text) > size else "")


def paragraphs(
    text: str, literals: list[str], first_id: str = "first-match"
) -> tuple[list[str], int]:
    """The whole text as escaped paragraphs with marks; the first mark gets an id."""
    marks = find_marks(text, literals, limit=20000)
    out: list[str] = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            has_first = first_id and any(pos <= s < end for s, _ in marks[:1])
            out.append(render(text, marks, pos, end, first_id if has_first else None))
        pos = end + 1
    return out, len(marks)
