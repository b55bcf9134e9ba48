"""The literal ("Ctrl-F") reading of a query, and its occurrences in a stored text.

Research tools count what a reader would find with Ctrl-F: every word of the query is
read as a quoted phrase (no splitting into jieba words, no synonyms), and occurrences are
found in the stored text by the highlighter's own matcher (``find_marks``), so a count, a
concordance line and a highlighted mark on the document page are always the same spans.
"""

from __future__ import annotations

from dataclasses import replace

from search.highlight import find_marks
from search.query import And, Not, Or, Word

# find_marks caps its candidates for snippets; counting must see every occurrence.
NO_LIMIT = 1 << 62


def literal_tree(node):
    """``node`` (a parsed query) with every word read as a quoted phrase."""
    if isinstance(node, Word):
        return replace(node, phrase=True)
    if isinstance(node, Not):
        return Not(literal_tree(node.child))
    if isinstance(node, And):
        return And([literal_tree(c) for c in node.children])
    if isinstance(node, Or):
        return Or([literal_tree(c) for c in node.children])
    return node


def spans(text: str, literals: list[str]) -> list[tuple[int, int]]:
    """Every occurrence of the literals in ``text``: non-overlapping, longest first wins."""
    return find_marks(text, literals, limit=NO_LIMIT)


def count(text: str, literals: list[str]) -> int:
    return len(spans(text, literals))


def literal_query(literals: list[str]) -> str:
    """A query whose highlights are exactly ``literals`` (for links to the document page)."""
    return " ".join(f'"{lit}"' for lit in literals)
