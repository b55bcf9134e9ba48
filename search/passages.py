"""Ranking a question's candidates by their best passage, as answer engines do.

A law answers in one article; a report in one paragraph. For a question (question words
typed) or a query of several concepts, the documents ranked first by the tiers and BM25F
(``Searcher._by_relevance``) are ranked again by their *best passage*: the sum of the IDF
weights (``search.concepts``) of the distinct query concepts found in one unit (article,
section) or, in a document without units, one paragraph; a concept found in the title
counts for every passage, since the title says what the whole document is about. Among the
candidates whose best passage is close to the best one, higher authority comes first (法律
before 司法解释 …, ``search.authority``), then the earlier rank; the rest keep their order.
So a short judicial case whose title repeats one word no longer outranks the law whose
article holds the question's concepts together. Within the close band, among candidates of
the same authority and the same tier (the query's words found whole in the same fields), one
whose best passage is near the best (NEAR) comes before one that holds less in any passage:
holding the query's concepts together in one article counts before BM25F's occurrences,
which a long regulation repeating one common query word (or naming it in its title) wins.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Collection, Set
from math import fsum

from indexer.analysis import normalize
from indexer.units import Unit
from search.concepts import concept_of
from search.highlight import find_marks
from search.ranking import tier_of
from search.unit_hits import unit_concepts

CANDIDATES = 20  # the first candidates ranked again (bounded work per request)
CLOSE = 0.75  # a best passage within this share of the best one counts as close
# Near the best: a passage that lacks only a light concept (标准 beside 解除劳动合同 and
# 经济补偿, a single character) is not told from the best; one lacking a concept of weight
# is. 0.80-0.90 order the readable judged sets alike (bench/relevance/steps.md).
NEAR = 0.85
# A concept a question's non-normative candidate holds only through the laws' wording counts
# this share (through_laws_wording): 0.75 moved one readable query, 0.5 two, 0 lost one.
BRIDGED = 0.5


def best_passage(
    title: str,
    body: str,
    units: list[Unit],
    literals: list[str],
    concepts: dict[str, str],
    weights: dict[str, float],
    marks: list[tuple[int, int]] | None = None,
    per_unit: dict[int, tuple[set[str], int]] | None = None,
    has_units: bool | None = None,
) -> float:
    """The weight of the query concepts held by the document's best passage (``marks``:
    the literals' matches in ``body``, and ``per_unit``: their concepts per unit,
    ``search.unit_hits.unit_concepts``, when the caller has found them already; then
    ``has_units`` may say whether the document has units instead of ``units``). ``title``
    and ``body`` may be the stored texts or their normalised forms (the same score)."""
    in_title = {concept_of(concepts, title[s:e]) for s, e in find_marks(title, literals)}
    marks = find_marks(body, literals) if marks is None else marks
    passages: Collection[Set[str]] = ()
    if bool(units) if has_units is None else has_units:
        if per_unit is None:
            per_unit = unit_concepts(body, units, marks, concepts)
        # Many articles hold the same concepts: each set is weighed once.
        passages = {frozenset(distinct) for distinct, _ in per_unit.values()}
    else:
        bounds = _paragraphs(body)
        found: dict[int, set[str]] = {}
        i = 0
        for s, e in marks:
            while i + 1 < len(bounds) and bounds[i + 1] <= s:
                i += 1
            found.setdefault(i, set()).add(concept_of(concepts, body[s:e]))
        passages = list(found.values())
    best = max(
        (fsum(weights.get(c, 1.0) for c in found | in_title) for found in passages),
        default=fsum(weights.get(c, 1.0) for c in in_title),
    )
    return best


def _paragraphs(text: str) -> list[int]:
    """Start offsets of the text's paragraphs (its line breaks)."""
    starts = [0]
    pos = text.find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def by_best_passage(
    ranked: list[tuple[int, float]],
    score: Callable[[int], float],
    levels: array,
    needed: int | None = None,
    bound: float | None = None,
) -> list[tuple[int, float]]:
    """``ranked`` (docnum, score) with its first CANDIDATES ordered by best passage.

    ``needed`` and ``bound`` (no passage scores more: the weights of every concept the
    query can find, ``passage_bound``): only the first ``needed`` entries are wanted, so
    the candidates are scored by authority level and rank, and the rest are left unscored
    (and after them, in rank order) once one scored candidate reached ``bound`` (then it
    is the best) and ``needed`` scored ones are near it (NEAR): a candidate not scored
    sorts after all of those whatever its score (close or near: a later level, or the same
    level and a later rank, so no higher tier; far: after every close one). The first
    ``needed`` entries are those of the full ordering.

    Among close candidates: higher authority first; at the same authority, a higher tier
    (``ranked``'s scores carry it, ``search.ranking.tier_of``), then those whose passage is
    near the best, then rank."""
    head, tail = ranked[:CANDIDATES], ranked[CANDIDATES:]
    rank = {d: i for i, (d, _) in enumerate(head)}
    passage: dict[int, float] = {}
    if needed is not None and bound is not None and 0 < bound and needed < len(head):
        close = 0
        reached = False
        for d, _ in sorted(head, key=lambda item: (levels[item[0]], rank[item[0]])):
            p = passage[d] = score(d)
            reached = reached or p >= bound
            close += p >= bound * NEAR
            if reached and close >= needed:
                break
    else:
        passage = {d: score(d) for d, _ in head}
    best = max(passage.values(), default=0.0)
    if best <= 0:
        return ranked
    scored = [item for item in head if item[0] in passage]
    rest = [item for item in head if item[0] not in passage]

    def key(item: tuple[int, float]) -> tuple:
        d = item[0]
        if passage[d] >= best * CLOSE:
            return (0, levels[d], -tier_of(item[1]), passage[d] < best * NEAR, rank[d])
        return (1, -passage[d], rank[d])

    return sorted(scored, key=key) + rest + tail


def through_laws_wording(
    title: str,
    body: str,
    marks: list[tuple[int, int]],
    literals: list[str],
    concepts: dict[str, str],
    weights: dict[str, float],
) -> dict[str, float]:
    """``weights`` for a document that states no rule (of no legal level: a work report,
    news, a labour case told as a question and its answer), answering a question: a concept
    it holds only through a form of the laws' wording (a lay term's or a synonym's form,
    never the word typed) counts BRIDGED of its weight. The forms bridge a worker's words to
    what the laws say; a law stating the rule in those words answers, while a report or a
    case naming one (a case's title, counted for every passage, restates its question in
    the laws' terms) shows only that it is about the subject. Holding a word as typed, it
    counts in full, as in a law."""
    typed = {normalize(title[s:e]) for s, e in find_marks(title, literals)}
    typed.update(normalize(body[s:e]) for s, e in marks)
    held = {t for t in typed if concepts.get(t, t) == t}  # words typed, not bridged forms
    bridged = {c for lit, c in concepts.items() if lit != c} - held
    if not bridged:
        return weights
    return {**weights, **{c: weights.get(c, 1.0) * BRIDGED for c in bridged}}


def passage_bound(
    literals: list[str],
    concepts: dict[str, str],
    weights: dict[str, float],
    held: Callable[[str], bool],
) -> float | None:
    """The most any passage can score for these literals: the weights of all the
    concepts they stand for (a passage's score is the sum over a subset of them) whose
    literals are ``held`` (some document in question holds the literal, normalised).
    None when a literal holds a space: its matches span any separator, and each such
    matched string is a concept of its own (``concept_of``), which no sum over the
    literals bounds."""
    forms = {normalize(x) for x in literals if x}
    if any(" " in f for f in forms) or any(w < 0 for w in weights.values()):
        return None
    found = {concept_of(concepts, f) for f in forms if held(f)}
    return fsum(weights.get(c, 1.0) for c in found)
