"""What a query asks about, as concepts: a word typed and its equivalent forms are one
concept (加班费, 加班工资 and 延长工作时间 + 工资报酬 all say "overtime pay"), so a passage is
judged by how many *different* things of the query it holds, not by how many of the
strings that stand for one thing.

Used to choose a document's answering unit (``search.unit_hits``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping

from indexer.analysis import normalize


def concept_map(
    literals: Iterable[str], expansions: Iterable[tuple[str, list[str]]]
) -> dict[str, str]:
    """Each literal (normalised) → the concept it stands for (the word as typed)."""
    out: dict[str, str] = {}
    for word, forms in expansions:
        key = normalize(word)
        out.setdefault(key, key)
        for form in forms:
            for part in form.split():
                out.setdefault(normalize(part), key)
    for lit in literals:
        key = normalize(lit)
        out.setdefault(key, key)
    return out


def concept_of(concepts: Mapping[str, str], matched: str) -> str:
    key = normalize(matched)
    return concepts.get(key, key)


class MatchedConcepts(dict):
    """Matched text → its concept (``concept_of``), each distinct string looked up once,
    on its first ``memo[text[s:e]]``: a document's many matches are few distinct strings."""

    __slots__ = ("concepts",)

    def __init__(self, concepts: Mapping[str, str]) -> None:
        super().__init__()
        self.concepts = concepts

    def __missing__(self, matched: str) -> str:
        c = self[matched] = concept_of(self.concepts, matched)
        return c


SINGLE_CHAR_WEIGHT = 0.25  # one character alone (有, 发) says little


def concept_weights(
    concepts: Mapping[str, str], documents: int, frequency: Callable[[str], int]
) -> dict[str, float]:
    """Each concept's IDF over the index (``frequency(literal)``: documents holding that
    literal; a concept's documents are those holding any of its literals, bounded here by
    the sum). What a query is about (竞业限制) weighs more than what it says around it (最长)."""
    df: dict[str, int] = {}
    for literal, concept in concepts.items():
        df[concept] = df.get(concept, 0) + frequency(literal)
    out = {}
    for concept, k in df.items():
        k = min(k, documents)
        idf = math.log(1 + (documents - k + 0.5) / (k + 0.5))
        out[concept] = idf * (SINGLE_CHAR_WEIGHT if len(concept) == 1 else 1.0)
    return out
