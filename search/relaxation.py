"""Words typed without spaces, resolved against the index; relaxing a query that finds nothing.

* A ``Choice`` (a word typed without spaces) matches the documents holding it literally;
  when it occurs in no document it falls back to its words anywhere, and with
  ``match=any_order`` it is its words anywhere from the start. ``Trace`` records which.
* ``relax``: when the whole query finds nothing, the least informative required words stop
  being required, one at a time, until it finds something. A word found in no document
  tells nothing about any document and goes first; otherwise the word in the most
  documents (the lowest IDF) goes first. At least one word always stays.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from search.query import AllOf, Choice, Compiled, required_parts

Evaluate = Callable[[object], int]


@dataclass
class Trace:
    any_order: bool = False
    fell_back: list[Choice] = field(default_factory=list)  # occurred nowhere as typed
    loosened: list[Choice] = field(default_factory=list)  # any_order asked for
    # A word matched as typed that has a looser form (its words in any order).
    looser_available: bool = False

    def resolve(self, node: Choice, evaluate: Evaluate) -> int:
        if node.loose is not None and self.any_order:
            if node not in self.loosened:
                self.loosened.append(node)
            return evaluate(node.loose)
        mask = evaluate(node.strict)
        if mask or node.loose is None:
            if node.loose is not None:
                self.looser_available = True
            return mask
        if node not in self.fell_back:
            self.fell_back.append(node)
        return evaluate(node.loose)

    @property
    def loose_choices(self) -> list[Choice]:
        return self.fell_back + [c for c in self.loosened if c not in self.fell_back]

    def outcome(self, compiled: Compiled):
        """(strings to highlight, longest first; equivalent forms searched; the words
        that occurred nowhere with the words searched instead) once the query ran."""
        literals = list(compiled.literals)
        expansions = list(compiled.expansions)
        fallback: list[tuple[str, list[str]]] = []
        for choice in self.loose_choices:
            literals += choice.loose_literals
            expansions += choice.loose_expansions
            if choice in self.fell_back:
                fallback.append((choice.word, [w for w, _ in choice.parts]))
        return sorted(set(literals), key=lambda t: (-len(t), t)), expansions, fallback


@dataclass
class Relaxed:
    match: int
    dropped: list[str]  # the words no longer required, in the order they were dropped
    kept: object | None  # the match tree actually used (for the record)


def relax(match_tree: object, evaluate: Evaluate, trace: Trace) -> Relaxed | None:
    """The documents of ``match_tree`` with the fewest least informative words left out,
    or None when nothing can be left out or leaving words out still finds nothing.

    Words as typed are dropped first; only if that finds nothing are the words of a word
    that occurs nowhere as typed (试用期最长 → 试用期, 最长) dropped one by one.
    """
    fixed: list[object] = []  # OR groups, exclusions, quoted phrases: always required
    whole: list[tuple[str, object]] = []  # (word, match tree) that may be dropped
    split: list[tuple[str, object]] = []
    for part in required_parts(match_tree):
        if not isinstance(part, Choice):
            fixed.append(part)
            continue
        whole.append((part.word, part))
        if part in trace.loose_choices and part.parts:
            split.extend(part.parts)  # its words, each droppable on its own
        else:
            split.append((part.word, part))
    return _drop(whole, fixed, evaluate) or (
        _drop(split, fixed, evaluate) if len(split) > len(whole) else None
    )


def _drop(units: list[tuple[str, object]], fixed: list, evaluate: Evaluate) -> Relaxed | None:
    if len(units) < 2:
        return None
    masks = {i: evaluate(node) for i, (_, node) in enumerate(units)}
    base = -1  # all bits
    for node in fixed:
        base &= evaluate(node)
    kept = list(range(len(units)))
    dropped: list[str] = []
    while kept:
        result = base
        for i in kept:
            result &= masks[i]
        if result:
            tree = AllOf(fixed + [units[i][1] for i in kept])
            return Relaxed(result, dropped, tree) if dropped else None
        if len(kept) == 1:
            return None
        worst = max(kept, key=lambda i: (masks[i] == 0, masks[i].bit_count(), i))
        kept.remove(worst)
        dropped.append(units[worst][0])
    return None
