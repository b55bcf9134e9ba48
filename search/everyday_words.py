"""Everyday words of a question that no legal text uses: the first to be left out.

A worker asks 过了多久就不能申请仲裁了 or 辞职以后不让去同行上班合法吗. Relaxation
(search.relaxation) keeps the rarest words, and a rare everyday word (过了, 不让, 上班,
打工) is rare because the laws never say it: kept as "the most informative", it leaves only
long reports that hold every word somewhere, while the article that answers is worded
without it.

So in what is left of a question (the pieces of a typed string its question words were
taken out of: ``Choice.in_question``), a word found in some document but in no document of a
legal level (法律 … 地方性法规, ``indexer.levels``) is not required, as long as a word the
laws do use stays; it is listed under 未包含 like any relaxed word. Equivalent forms count:
打工 with its lay-term form 务工 is in the laws' register and stays. Only single words are
such words: a piece of several words found as typed (新业态劳动者), a term of the union
dictionary (送温暖: what reports are about, not how workers talk) and a string typed as a
term without question words (包薪制 in ``包薪制 还要付加班费吗``) are never left out.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from indexer.analysis import normalize
from indexer.levels import OTHER
from search.general_idf import GeneralIdf
from search.query import AllOf, Choice, Without, required_parts
from search.relaxation import Relaxed, Trace, idf_weight, relax

Evaluate = Callable[[object], int]
# A frame word of a question (一直, 别的, 以后) is among the commonest words of general
# Chinese (IDF below FRAME_IDF: about 1,300 words) and in a share of the legal documents
# below FRAME_RATIO times its share of general documents (e^-IDF): the laws use it hardly more
# than any text does, so it tells how the situation is told, not what it is about.
FRAME_IDF = 6.0
FRAME_RATIO = 10.0
# A legal concept of the corpus (劳务派遣, 劳动合同) is in a share of the legal documents
# e^LEGAL_TERM (about 3,000) times its share of general Chinese or more; relaxation weighs a
# word below that by its IDF in proportion, so that a word rare everywhere (管理费, 封顶) is
# left out before the laws' own concepts.
LEGAL_TERM = 8.0


@dataclass(frozen=True)
class Register:
    laws: int  # the documents of a legal level
    terms: frozenset[str]  # the union dictionary's terms: never everyday words
    general: GeneralIdf = field(default_factory=lambda: GeneralIdf({}))  # general Chinese

    def frame_word(self, word: str, mask: int) -> bool:
        """Whether ``word`` (matching ``mask``, its equivalent forms included) is a frame
        word of a question: common in general Chinese, not a legal term of the corpus."""
        idf = self.general.of(word)
        if len(word) < 2 or idf >= FRAME_IDF or word in self.terms:
            return False
        share = (mask & self.laws).bit_count() / self.laws.bit_count()
        return share < FRAME_RATIO * math.exp(-idf)

    def legal_weight(self, word: str, mask: int, live: int) -> float:
        """What keeping ``word`` tells in relaxation (search.relaxation.Weigh): its IDF over
        the index, in full for a legal concept of the corpus, in proportion to how legal
        it is (log of its share of the legal documents over its share of general Chinese,
        ``LEGAL_TERM`` for full weight) for the others."""
        base = idf_weight(word, mask, live)
        if not self.laws:
            return base
        share = ((mask & self.laws).bit_count() + 0.5) / self.laws.bit_count()
        legal = self.general.of(word) + math.log(share)
        return base * min(1.0, max(0.0, legal) / LEGAL_TERM)


def legal_register(level_masks: dict[str, int]) -> int:
    """The documents of a legal level (the level facet's bitsets, 其他 left out)."""
    mask = 0
    for level, m in level_masks.items():
        if level != OTHER:
            mask |= m
    return mask


def dictionary_terms(union_dict: bytes) -> frozenset[str]:
    """The terms of a jieba user dictionary (``term [freq] [tag]`` lines)."""
    lines = union_dict.decode("utf-8").splitlines()
    return frozenset(normalize(line.split()[0]) for line in lines if line.split())


def leave_out_everyday(
    match_tree: object, evaluate: Evaluate, trace: Trace, register: Register, documents: int
) -> Relaxed | None:
    """The documents of ``match_tree`` without the question's words that no legal text
    holds; when the rest finds nothing, relaxed further (search.relaxation) with those
    words staying out. None when there is no such word, when nothing the laws say would
    stay required, or when no relaxed form finds a document (relaxation then runs as
    for any query)."""
    if not register.laws:
        return None
    fixed: list[object] = []  # quoted phrases, OR groups, exclusions, terms typed alone
    kept: list[tuple[str, object]] = []
    gone: list[str] = []
    held: dict[str, int] = {}  # each word left out → its documents
    for part in required_parts(match_tree):
        if isinstance(part, Choice):
            # Whether it occurs as typed: the query's own evaluation may have stopped
            # before it (an earlier part found nothing), and a string found nowhere is no term.
            evaluate(part)
        if not isinstance(part, Choice) or not trace.in_question(part):
            fixed.append(part)
            continue
        if part.loose is not None and part in trace.fell_back:
            unrequired = set(trace.unrequired.get(part.word, ()))
            units = [(w, n) for w, n in part.parts if w not in unrequired]
        elif part.loose is None:
            units = [(part.word, part)]
        else:  # several words found together as typed (新业态劳动者): a term
            fixed.append(part)
            continue
        for word, node in units:
            mask = 0 if word in register.terms else evaluate(node)
            if mask and (not mask & register.laws or register.frame_word(word, mask)):
                gone.append(word)
                held[word] = mask
            else:
                kept.append((word, node))
    positive = [n for n in fixed if not isinstance(n, Without)] + [n for _, n in kept]
    if not gone or not any(evaluate(n) & register.laws for n in positive):
        return None
    result = -1
    for node in fixed + [n for _, n in kept]:
        result &= evaluate(node)
        if not result:
            break
    if result:
        return Relaxed(result, gone, AllOf(fixed + [n for _, n in kept]), held=held)
    more = relax(
        match_tree,
        evaluate,
        trace,
        documents=documents,
        dropped=gone,
        split_words=True,
        weigh=register.legal_weight,
    )
    if more is None:
        return None
    return Relaxed(more.match, gone + more.dropped, more.kept, held=held | more.held)
