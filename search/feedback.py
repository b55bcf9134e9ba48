"""Pseudo-relevance feedback for a worker's question: a ranking signal, never a match.

A worker's words are often not the answering article's. Classic IR answers such a
mismatch from the corpus itself: the articles the question's first ranking puts first say,
in the laws' own words, what the question is about. Here the best article (unit; a
paragraph in a document without units) of each of the first ``SOURCES`` candidates, both
within the close band of the best passage (``search.passages``), is read with the index's
own word cuts, and the words **both articles hold** are kept, weighed by their IDF in this
index (RM3's term weight with equal source weights; the few heaviest, ``TERMS``), leaving
out the question's own words, counts and article numbers (一个月, 第八十二条), words common in
general Chinese (jieba's IDF, ``search.general_idf``) and words in more than ``COMMON`` of
the documents. When the two first articles share no such word, nothing changes.

The feedback words only break ties: within the close band, among candidates of the same
authority, the one whose best-matching article holds the larger share of the feedback
words' weight comes first, then the earlier rank. The two source candidates hold every
feedback word, so they keep their places; only the candidates after them are re-ordered.
Nothing new is matched and no form is shown under 也搜索了. Only questions in everyday
words get it (``everyday_question``): a quoted string, a field (title:), an exclusion, an
alternative or a citation is a literal look-up and is left as it is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from math import log

from search.concepts import concept_of
from search.query import And, Word

SOURCES = 2  # the first candidates whose best article gives the feedback words
TERMS = 5  # feedback words kept
COMMON = 0.25  # a word in more than this share of the documents is no topic word
FRAME = 6.0  # a word commoner in general Chinese (jieba's IDF below this) says no topic

_HAN = re.compile(r"^[\u4e00-\u9fff]{2,}$")
_NUMERAL = frozenset("第〇零一二三四五六七八九十百千万两半每")  # 第八十二条, 一个月: counts


@dataclass(frozen=True)
class Article:
    """A candidate as feedback reads it: its normalised body, its passages' spans and the
    question's matches in it."""

    body: str
    spans: Sequence[tuple[int, int]]  # units, or paragraphs without units
    marks: Sequence[tuple[int, int]]


def everyday_question(tree: object, asks: bool, cited: bool) -> bool:
    """Whether the query is a question in everyday words: asked (question words or a
    situation told), no citation, and only plain words (no quotes, fields, NOT, OR)."""
    if not asks or cited or tree is None:
        return False

    def plain(node: object) -> bool:
        if isinstance(node, Word):
            return not node.phrase and node.field is None
        if isinstance(node, And):
            return all(plain(c) for c in node.children)
        return False

    return plain(tree)


def best_span(
    article: Article, concepts: Mapping[str, str], weights: Mapping[str, float]
) -> tuple[int, int] | None:
    """The span holding the heaviest set of the question's concepts (the first of equals;
    None: no match in a span)."""
    starts = [s for s, _ in article.spans]
    held: dict[int, set[str]] = {}
    for s, e in article.marks:
        i = bisect_right(starts, s) - 1
        if i >= 0 and s < article.spans[i][1]:
            held.setdefault(i, set()).add(concept_of(concepts, article.body[s:e]))
    if not held:
        return None
    i = max(held, key=lambda k: (sum(weights.get(c, 1.0) for c in held[k]), -k))
    return article.spans[i]


def feedback_terms(
    sources: Sequence[str],
    words: Callable[[str], Iterable[str]],
    frequency: Callable[[str], int],
    documents: int,
    own: Iterable[str],
    general: Callable[[str], float],
) -> dict[str, float]:
    """The words every one of ``sources`` (article texts) holds, weighed by their IDF
    among ``documents`` (``frequency``: a word's document count), the ``TERMS`` heaviest;
    not within (nor holding) one of the question's ``own`` literals, no count, no word
    common in general Chinese (``general``: its IDF) or in this index."""
    own = [o for o in own if o]
    shared: set[str] | None = None
    for text in sources:
        held = set(words(text))
        shared = held if shared is None else shared & held
    weighed: dict[str, float] = {}
    for w in shared or ():
        if not _HAN.match(w) or w[0] in _NUMERAL or general(w) < FRAME:
            continue
        if any(w in o or o in w for o in own):
            continue
        df = frequency(w)
        if 0 < df <= documents * COMMON:
            weighed[w] = log(documents / df)
    return dict(sorted(weighed.items(), key=lambda kv: (-kv[1], kv[0]))[:TERMS])


def held_share(article: Article, terms: Mapping[str, float]) -> float:
    """The largest share of the feedback words' weight one span of ``article`` holds."""
    total = sum(terms.values())
    if total <= 0 or not article.spans:
        return 0.0
    starts = [s for s, _ in article.spans]
    per_span: dict[int, set[str]] = {}
    for w in terms:
        pos = article.body.find(w)
        while pos >= 0:
            i = bisect_right(starts, pos) - 1
            if i >= 0 and pos < article.spans[i][1]:
                per_span.setdefault(i, set()).add(w)
            pos = article.body.find(w, pos + 1)
    return max((sum(terms[w] for w in ws) / total for ws in per_span.values()), default=0.0)


def feedback_shares(
    first: Sequence[tuple[int, float]],
    passage: Mapping[int, float],
    article: Callable[[int], Article | None],
    concepts: Mapping[str, str],
    weights: Mapping[str, float],
    words: Callable[[str], Iterable[str]],
    frequency: Callable[[str], int],
    documents: int,
    close: float,
    general: Callable[[str], float],
) -> tuple[dict[int, float], dict[str, float]]:
    """Each candidate's share of the feedback words (``held_share``) and the words; both
    empty when the first ``SOURCES`` candidates are not all close to the best passage or
    their best articles share no word. ``first``: the candidates in their best-passage
    order (``search.passages.by_best_passage``); ``passage``: their best-passage scores."""
    best = max(passage.values(), default=0.0)
    if best <= 0 or len(first) <= SOURCES:
        return {}, {}
    sources: list[str] = []
    for d, _ in first[:SOURCES]:
        a = article(d) if passage.get(d, 0.0) >= best * close else None
        span = best_span(a, concepts, weights) if a is not None else None
        if span is None:
            return {}, {}
        sources.append(a.body[span[0] : span[1]])
    own = [*concepts, *concepts.values()]
    terms = feedback_terms(sources, words, frequency, documents, own, general)
    if not terms:
        return {}, {}
    shares = {}
    for d, _ in first:
        a = article(d)
        if a is not None:
            shares[d] = held_share(a, terms)
    return shares, terms
