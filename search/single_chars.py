"""A question's single characters count for an article only beside its other words.

A question's single characters (不, 要, 给 of `厂里不给买工伤保险`, `辞职要赔公司违约金`)
occur in nearly every article, mostly in words of their own (不得, 要求): their weight is
small (``search.concepts.SINGLE_CHAR_WEIGHT`` of a low IDF), yet between two articles
holding the same words of the question it decides which is shown: 第五十二条 of the work
safety law (…生产经营单位不得以任何形式与从业人员订立协议…) came before 第五十一条, which
answers (生产经营单位必须依法参加工伤保险), for its 不. A character says something of the
question only as part of a phrase with the question's words: 不 of `单位不交工会经费` in
第四十四条's 拒不拨缴工会经费. So, when a document's units are ranked
(``search.unit_hits``), a single-character concept counts for a unit only where one of its
occurrences there lies within REACH characters of a match of one of the query's longer
concepts, in the same sentence. A query of single characters alone keeps them all. It
changes neither what matches nor what is marked, nor how documents rank.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence

from search.concepts import MatchedConcepts
from search.highlight import SENTENCE_ENDS

REACH = 4  # characters between a character and the word it is said with
LONGEST = 64  # no literal of a query is longer: how far back a mark beside may start


def lone_characters(
    text: str,
    marks: Sequence[tuple[int, int]],
    concepts: Mapping[str, str],
    found: Mapping[int, tuple[set[str], int]],
    unit_of: Callable[[int], int | None],
) -> dict[int, set[str]]:
    """Per unit of ``found`` (unit → its concepts, matches), the single-character
    concepts none of whose occurrences inside it stands beside a match of a longer
    concept of the query (``marks``: the query's matches in ``text``, in order;
    ``concepts``: literal → concept; ``unit_of``: the unit holding an offset)."""
    if not any(len(c) > 1 for c in concepts.values()):
        return {}  # the characters are all the query says
    candidates = {i: {c for c in cs if len(c) == 1} for i, (cs, _) in found.items()}
    candidates = {i: cs for i, cs in candidates.items() if cs}
    if not candidates:
        return {}
    starts = [s for s, _ in marks]
    said: dict[int, set[str]] = {}  # unit → its characters found beside a longer word
    concept = MatchedConcepts(concepts)
    for s, e in marks:
        i = unit_of(s)
        if i not in candidates:
            continue
        c = concept[text[s:e]]
        if c not in candidates[i] or c in said.get(i, ()):
            continue
        # A longer form of it (工资 for 钱) says it as a word.
        if e - s > 1 or _beside(text, marks, starts, s):
            said.setdefault(i, set()).add(c)
    out = {i: cs - said.get(i, set()) for i, cs in candidates.items()}
    return {i: cs for i, cs in out.items() if cs}


def _beside(text: str, marks: Sequence[tuple[int, int]], starts: Sequence[int], pos: int) -> bool:
    """Is a match of two characters or more within REACH characters of ``pos``, in its
    sentence?"""
    for s, e in marks[bisect_left(starts, pos - REACH - LONGEST) :]:
        if s > pos + 1 + REACH:
            return False
        if e - s < 2 or max(s - pos - 1, pos - e) > REACH:
            continue
        a, b = min(pos, s), max(pos + 1, e)
        if not any(ch in SENTENCE_ENDS for ch in text[a:b]):
            return True
    return False
