"""What a page marks: the query's strings, less the words the page says were not searched.

A string found nowhere as typed, left of a question, falls back to its informative words
(工伤认定 of 工伤认定要, ``search.relaxation.Trace.unrequired``); the page names the others
(要) as left out. They still count where the query is weighed (the choice of documents and
articles, the passages ranked: measured, taking them out of those moved the judged sets
both ways), but a mark says "this was searched": they are never marked, no snippet
sentence is chosen for them, and a hit lists only articles holding something searched
(``search.unit_hits``), so no article is listed for them alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from indexer.analysis import normalize
from search.query import Choice, Compiled

if TYPE_CHECKING:
    from search.relaxation import Trace


def unsearched(trace: Trace, compiled: Compiled) -> frozenset[str]:
    """The strings (normalised) of the words a fallback did not require, with their
    equivalent forms, that nothing searched holds as its own (a word typed elsewhere in
    the query, or a form of a word kept)."""
    if not trace.unrequired:
        return frozenset()
    gone: set[str] = set()
    kept: set[str] = set(compiled.literals)
    for choice in trace.read_apart(compiled):
        fell_back = choice in trace.fell_back
        unrequired = set(trace.unrequired.get(choice.word, ())) if fell_back else set()
        forms = _forms(choice)
        for word, _ in choice.parts:
            (gone if word in unrequired else kept).update(forms.get(word, {word}))
    return frozenset(gone - kept)


def _forms(choice: Choice) -> dict[str, set[str]]:
    """Each word of ``choice`` → the strings searched for it (itself and the parts of its
    equivalent forms: a form with a space is its parts together)."""
    out = {word: {word} for word, _ in choice.parts}
    for word, forms in choice.loose_expansions:
        out.setdefault(word, {word}).update(p for form in forms for p in form.split())
    return out


def searched(literals: list[str], unmarked: frozenset[str]) -> list[str]:
    """``literals`` without the strings that were not searched, in their order."""
    return [t for t in literals if t not in unmarked] if unmarked else literals


def marked(
    text: str, marks: list[tuple[int, int]], unmarked: frozenset[str]
) -> list[tuple[int, int]]:
    """The spans of ``marks`` (matches in ``text``) that are of a searched string."""
    if not unmarked:
        return marks
    return [(s, e) for s, e in marks if normalize(text[s:e]) not in unmarked]
