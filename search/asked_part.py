"""The part of a question that asks, told apart from the situation told before it.

A worker types the situation first and the question after it, often as pieces apart:
`一年合同试用期定了六个月 多出来的能要赔偿吗`. The situation's words (一年, 六个月, 试用期) are
what the rule on trial periods (第十九条) states; the answer is the article holding what is
asked (赔偿: 第八十三条, which holds 试用期 too). So, when a question is typed in several
pieces and one of them holds its question word, the concepts of two characters or more of
that piece are what it asks; when a document's units are ranked (``search.unit_hits``), a
unit holding one of them comes before the units holding none, whatever else they hold. A
question typed as one piece, or without a question word, asks nothing apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from indexer.analysis import normalize


def asked_concepts(
    typed: str, question_words: Iterable[str], concepts: Mapping[str, str]
) -> frozenset[str]:
    """The concepts (``search.concepts.concept_map``) of the piece of ``typed`` holding a
    question word, when ``typed`` has several pieces; empty otherwise."""
    pieces = normalize(typed).split()
    words = [normalize(w) for w in question_words if w]
    if len(pieces) < 2 or not words:
        return frozenset()
    asking = [p for p in pieces if any(w in p for w in words)]
    if len(asking) != 1 or asking[0] == pieces[0]:
        return frozenset()  # the question comes first, or every piece asks: nothing apart
    piece = asking[0]
    held = {c for literal, c in concepts.items() if len(c) > 1 and literal in piece}
    # A concept the situation names too is no part of the question alone.
    before = " ".join(pieces[: pieces.index(piece)])
    told = {c for literal, c in concepts.items() if literal in before}
    return frozenset(held - told)
