"""Snippets and marks against a plain reference: the snippet's mechanisms (regex sentence
bounds, keeping non-overlapping candidates as found, stopping at the first sentence that
holds every query string) must choose exactly what the rule says, checked on seeded
random multi-sentence texts against a slow implementation of the rule written here
(str.startswith at every offset, a loop per character, exact fractions)."""

from __future__ import annotations

import html
import random
from fractions import Fraction

import pytest

from search.highlight import SENTENCE_REACH, _clip, _sentence, find_marks, render, snippet

BREAKS = "。！？；!?;\n"
WORDS = ["工会", "职工", "经费", "马克", "马克思", "会员", "文化宫", "书屋", "款。第", "劳动合同"]
FILLER = "的在和对与及了是有按照规定应当本条例所称其他单位组织"


def _text(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randrange(1, 40)):
        n = rng.choice((3, 10, 30, 90, 260))  # some sentences longer than the reach
        sentence = [rng.choice(FILLER) for _ in range(n)]
        for _ in range(rng.randrange(0, 4)):
            sentence.insert(rng.randrange(len(sentence) + 1), rng.choice(WORDS))
        parts.append("".join(sentence) + rng.choice(BREAKS))
    return "".join(parts)


def _reference_marks(text: str, literals: list[str]) -> list[tuple[int, int]]:
    found = [
        (i, i + len(lit))
        for lit in set(literals)
        for i in range(len(text))
        if text.startswith(lit, i)
    ]
    found.sort(key=lambda m: (m[0] - m[1], m[0]))  # longest first, then leftmost
    kept: list[tuple[int, int]] = []
    for s, e in found:
        if all(e <= a or s >= b for a, b in kept):
            kept.append((s, e))
    return sorted(kept)


def _reference_sentence(text: str, s: int, e: int) -> tuple[int, int]:
    start = lo = max(0, s - SENTENCE_REACH)
    for j in range(s - 1, lo - 1, -1):
        if text[j] in BREAKS:
            start = j + 1
            break
    end = hi = min(len(text), e + SENTENCE_REACH)
    for j in range(e, hi):
        if text[j] in BREAKS:
            end = j + 1
            break
    return start, end


def _reference_snippet(text, literals, size, fragments, title) -> str:
    marks = _reference_marks(text, literals)
    if not marks:  # no match: the text's beginning
        return html.escape(text[:size].replace("\n", " ")) + ("…" if len(text) > size else "")
    anchors = marks[:400]
    counts: dict[str, int] = {}
    for s, e in anchors:
        counts[text[s:e]] = counts.get(text[s:e], 0) + 1
    weight = {k: Fraction(1, 2 * n if k in title else n) for k, n in counts.items()}
    sentences: dict[tuple[int, int], set[str]] = {}
    for s, e in anchors:
        sentences.setdefault(_reference_sentence(text, s, e), set()).add(text[s:e])
    scored = []
    for (start, end), found in sentences.items():
        concepts = {o for k in found for o in counts if o in k}
        key = (-len(concepts), -sum(weight[k] for k in concepts), -sum(map(len, concepts)), start)
        scored.append((key, start, end, concepts))
    scored.sort(key=lambda f: f[0])
    ends = [e for _, e in marks]
    chosen: list[tuple[int, int]] = []
    seen: set[str] = set()
    for _, start, end, concepts in scored:
        if chosen and concepts <= seen:
            continue
        start, end = _clip(text, marks, ends, start, end, size)
        if all(end <= a or start >= b for a, b in chosen):
            chosen.append((start, end))
            seen |= concepts
        if len(chosen) == fragments:
            break
    return " ".join(
        ("…" if start > 0 else "")
        + render(text, marks, start, end).replace("\n", " ")
        + ("…" if end < len(text) else "")
        for start, end in chosen
    )


@pytest.mark.parametrize("seed", range(20))
def test_sentence_bounds_match_the_reference_at_every_offset(seed):
    rng = random.Random(seed)
    text = _text(rng)
    for s in range(len(text)):
        for e in (s, s + 1, s + 3):
            if e <= len(text):
                assert _sentence(text, s, e) == _reference_sentence(text, s, e), (s, e)


@pytest.mark.parametrize("seed", range(300))
def test_marks_and_snippet_match_the_reference(seed):
    rng = random.Random(seed)
    text = _text(rng)
    literals = rng.sample(WORDS, rng.randrange(1, 5))
    title = rng.choice(["", "工会经费管理办法", "马克思主义"])
    size = rng.choice((40, 120))
    fragments = rng.choice((1, 2))
    marks = find_marks(text, literals)
    assert marks == _reference_marks(text, literals)
    assert all(text[s:e] in literals for s, e in marks)
    expected = _reference_snippet(text, literals, size, fragments, title)
    assert snippet(text, literals, size, fragments, title) == expected
