"""How a hit's snippet sentence is chosen: by what it says about what the query asks.

A query names its document (工会法, 2020, 西藏, 政府工作报告) and asks about something in it
(城镇新增就业, 高校毕业生就业率). The words the hit's title already shows are shown there: a
sentence holding them says nothing more, so the words that ask choose the sentence first
(the named ones still count after them, and are still marked wherever they occur). A word
and its equivalent forms (加班费, 工资报酬) are one concept, counted once per sentence, and
among sentences holding as many concepts, those holding the rarer ones over the index (IDF,
``search.concepts``) come first: 经济补偿 says more than 计算.

Used by ``search.highlight.snippet`` (the sentence scoring) for the hits of a search, where
the query's concepts and their weights are known; without a judge, snippets keep the plain
rule (distinct strings, then their rarity in the document).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from math import fsum

from indexer.analysis import normalize


@dataclass(frozen=True)
class SentenceJudge:
    """``concepts``: each literal (normalised) → its concept (``search.concepts``);
    ``weights``: each concept's IDF; ``named``: what the hit shows already (its title)."""

    concepts: Mapping[str, str] = field(default_factory=dict)
    weights: Mapping[str, float] = field(default_factory=dict)
    named: str = ""
    # The concepts the title shows in any of their forms (加班费 shown, 工资报酬 found).
    shown: frozenset[str] = frozenset()
    # ``asking`` of each set of strings asked about: a snippet asks about the same few
    # sets for many of its sentences.
    _asked: dict[frozenset[str], frozenset[str]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def of(
        cls,
        title: str,
        concepts: Mapping[str, str] | None = None,
        weights: Mapping[str, float] | None = None,
    ) -> SentenceJudge:
        concepts = concepts or {}
        named = normalize(title or "")
        shown = frozenset(c for k, c in concepts.items() if k and k in named)
        return cls(concepts, weights or {}, named, shown)

    def concept(self, string: str) -> str:
        return self.concepts.get(string, string)

    def asking(self, strings: Iterable[str]) -> frozenset[str]:
        """The concepts of ``strings`` (normalised query strings) the title does not show."""
        key = frozenset(strings)
        out = self._asked.get(key)
        if out is None:
            out = frozenset(self.concept(k) for k in key if k not in self.named) - self.shown
            self._asked[key] = out
        return out

    def score(self, strings: set[str], pair: bool = False) -> tuple:
        """A sentence's score (greater is better; then the earlier) from the query strings
        it holds (normalised; the strings inside a longer one included); ``pair``: two
        adjacent sentences together."""
        # What asks, in words of two characters or more (one character alone, 时 or 能,
        # says little); then everything held, as the plain rule counts it.
        asking = {c for c in self.asking(strings) if len(c) > 1}
        return (
            len(asking),
            fsum(self.weights.get(c, 1.0) for c in asking),
            not pair,  # one sentence before two holding as much
            len({self.concept(k) for k in strings}),
        )
