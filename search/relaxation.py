"""Words typed without spaces, resolved against the index; relaxing a query that finds nothing.

* A ``Choice`` (a word typed without spaces) matches the documents holding it literally;
  when it occurs in no document it falls back to its words anywhere, and with
  ``match=any_order`` it is its words anywhere from the start. ``Trace`` records which.
* ``relax``: when the whole query finds nothing, as few required words as possible stop
  being required, and of the ways to leave that many out, the one that keeps the most
  information: a word found in no document tells nothing about any document and goes
  first; otherwise the words in the most documents (the lowest IDF) go first, and a single
  character (发, 谁) counts for little, as it says little alone. At least one word stays.
  The documents of the next best ways (FUSED in all, each keeping two units or more) are
  listed too, those holding the most of the query first (``Relaxed.levels``): which words
  one way keeps is often a detail of the situation rather than the law's concept, and
  ranking by how much of the query a document covers is the IR answer to a verbose query.
  ``Relaxed.dropped`` names every word one of those ways left out (未包含 is true of each hit).
  A string found nowhere whose words together find nothing either keeps, beside it, the
  word of it the lay-term list bridges to the laws' wording (``_told``: 押金 of 进厂交了800块押金);
  when the string's words but its single characters find documents together, that form comes
  first (``_every_word``: 产假 工资 of 产假工资谁发, not 产假 alone).
* ``relax(..., beyond=mask)``: the same, for a query that finds only a few documents
  (``mask``): the relaxed query that finds documents *besides* them, so that they can be
  listed after the complete matches (the big engines' "missing: …" results).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations

from search.query import AllOf, Choice, Compiled, required_parts

Evaluate = Callable[[object], int]
Weigh = Callable[[str, int, int], float]  # (word, its documents, live documents) → worth
SINGLE_CHAR_WEIGHT = 0.25  # what one character alone is worth against a word
COMMON_SHARE = 0.5  # a word in more of the documents than this tells nothing about one
# The relaxed forms whose documents are listed together (the best and the next ones), and
# the fewest units a form besides the best keeps: one word alone is one of the query's words,
# not a form of the query (fused with the others, the query became "any of its words").
# 3 and 5 found the same laws on the readable sets, 2 and 8 fewer (bench/relevance/steps.md).
FUSED = 3
FUSED_MIN_UNITS = 2
# A document holding at least this share of the weight the level's best holds is ranked with
# it, by the tiers, BM25F and the best passage (0.7 and 0.8 rank alike, 0.9 and 1.0 lower).
COVERAGE_BAND = 0.8
MAX_SUBSETS = 256  # ways of keeping words tried at most (2**8: bounded work per request)


@dataclass
class Trace:
    any_order: bool = False
    fell_back: list[Choice] = field(default_factory=list)  # occurred nowhere as typed
    loosened: list[Choice] = field(default_factory=list)  # any_order asked for
    # A word matched as typed that has a looser form (its words in any order).
    looser_available: bool = False
    documents: int = 0  # live documents, for the share a word occurs in
    # A word that occurred nowhere → its words not required in its fallback (some words
    # say nothing: 可以, 从 of 公司可以从工资里扣钱).
    unrequired: dict[str, list[str]] = field(default_factory=dict)
    # The query asks (search.query.Compiled.asks): every string of it found nowhere as
    # typed is a sentence of the question, its question words or not (合同到期了可服务期还没满
    # of 合同到期了可服务期还没满 我能走吗), and falls back as what is left of a question does.
    question: bool = False

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
        return self._fallback(node, evaluate)

    def _fallback(self, node: Choice, evaluate: Evaluate) -> int:
        """The documents holding the words of a string found nowhere as typed; for what
        is left of a question (search.query.Choice.in_question), only its informative
        words: a single character, or a word in more than half the documents (where
        BM25's IDF turns negative), says nothing about a document and is not required,
        unless every word is such a word. A string typed as a term (实施工会法办法) needs
        all its words."""
        if not (node.in_question or self.question):
            return evaluate(node.loose)
        informative = [
            (w, m)
            for w, m in node.parts
            if len(w) > 1 and evaluate(m).bit_count() <= self.documents * COMMON_SHARE
        ]
        if not self.documents or not informative or len(informative) == len(node.parts):
            return evaluate(node.loose)
        kept = {w for w, _ in informative}
        self.unrequired[node.word] = [w for w, _ in node.parts if w not in kept]
        mask = -1
        for _, m in informative:
            mask &= evaluate(m)
        return mask

    @property
    def loose_choices(self) -> list[Choice]:
        return self.fell_back + [c for c in self.loosened if c not in self.fell_back]

    def in_question(self, node: Choice) -> bool:
        """Whether ``node`` is read as part of a question: left of one once its question
        words were out, or found nowhere as typed in a query that asks."""
        return node.in_question or (self.question and node in self.fell_back)

    def read_apart(self, compiled: Compiled) -> list[Choice]:
        """The typed strings whose words were looked for one by one: those that fell back
        or were loosened, and what is left of a question (``Choice.in_question``)."""
        split = self.loose_choices
        return split + [c for c in _choices(compiled.match) if c.in_question and c not in split]

    def outcome(self, compiled: Compiled):
        """(strings to highlight, longest first; equivalent forms searched; the words
        that occurred nowhere with the words searched instead) once the query ran.

        In a question, what is left of a typed string once its question words are out is
        a sentence (女职工产假 of 女职工产假多少天): its words are looked for one by one, so
        that the article holding 女职工 and 产假 apart (女职工生育享受98天产假) counts them
        as two concepts of the query, as the article holding the string does."""
        literals = list(compiled.literals)
        expansions = list(compiled.expansions)
        fallback: list[tuple[str, list[str]]] = []
        split = self.read_apart(compiled)
        asked = [c for c in split if c not in self.loose_choices]
        for choice in split:
            literals += choice.loose_literals
            expansions += choice.loose_expansions
            if choice in self.fell_back:
                gone = self.unrequired.get(choice.word, [])
                fallback.append((choice.word, [w for w, _ in choice.parts if w not in gone]))
        whole = {c.word for c in asked if c.loose_literals}
        literals = [t for t in literals if t not in whole]
        # A string found nowhere as typed was found nowhere in its other forms either
        # (八个月 → 8个月 of a pasted paragraph): they are not what was searched instead.
        nowhere = {c.word for c in self.fell_back}
        expansions = [(w, forms) for w, forms in expansions if w not in nowhere]
        return sorted(set(literals), key=lambda t: (-len(t), t)), _once(expansions), fallback


def _once(expansions: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    """Each equivalence once, in the order typed: a word typed twice (公司 公司 加班) is
    searched once, so 也搜索了 names its forms once."""
    once = dict.fromkeys((word, tuple(forms)) for word, forms in expansions)
    return [(word, list(forms)) for word, forms in once]


def _choices(match) -> list[Choice]:
    """The strings typed without spaces that every match requires and that have words."""
    return [p for p in required_parts(match) if isinstance(p, Choice) and p.loose is not None]


@dataclass
class Relaxed:
    match: int
    dropped: list[str]  # the words no longer required, in the order they were dropped
    kept: object | None  # the match tree actually used (for the record)
    # What each document found beyond ``beyond`` lacks, as typed: a word of a string
    # found as typed (女职工 of 女职工产假) is named by that string, as those documents may
    # hold the word apart but not the string (女职工生育享受98天产假 lacks 女职工产假).
    missing: list[str] = field(default_factory=list)
    # The documents found beyond ``beyond``, by how much of the query they hold, most
    # first (each level ranked within itself as any result is).
    levels: list[int] = field(default_factory=list)
    # Each word named in ``dropped`` or ``missing`` → the documents holding it as searched,
    # so that a hit can say which of them it lacks (one AND per hit).
    held: dict[str, int] = field(default_factory=dict)


def relax(
    match_tree: object,
    evaluate: Evaluate,
    trace: Trace,
    beyond: int = 0,
    documents: int = 0,
    dropped: Iterable[str] = (),
    split_words: bool = False,
    weigh: Weigh | None = None,
    lay: Callable[[str], bool] | None = None,
) -> Relaxed | None:
    """The documents of ``match_tree`` with the fewest, least informative words left out,
    or None when nothing can be left out or leaving words out still finds nothing (when
    ``beyond`` is given: nothing outside ``beyond``).

    Words as typed are dropped first; only if that finds nothing are the words of a word
    that occurs nowhere as typed (试用期最长 → 试用期, 最长) dropped. Words in ``dropped``
    (left out already by an earlier relaxation) stay out. ``split_words``: the words of
    every word typed without spaces may be dropped (what is left of a question once its
    question words are out, 试用期最长, is a sentence, not a term typed as one); then,
    when nothing was found at all, its words are dropped one by one before any piece is
    dropped whole, and a word its fallback did not require (``Trace.unrequired``) is not
    required again.
    """
    gone = set(dropped)
    typed_as: dict[str, str] = {}  # a word of a string found as typed → that string
    fixed: list[object] = []  # OR groups, exclusions, quoted phrases: always required
    whole: list[tuple[str, object]] = []  # (word, match tree) that may be dropped
    split: list[tuple[str, object]] = []
    for part in required_parts(match_tree):
        if not isinstance(part, Choice):
            fixed.append(part)
            continue
        node = _without(part, gone, trace) if gone else part
        if node is not None:
            whole.append((part.word, node))
        if (part in trace.loose_choices or split_words) and part.parts:
            unrequired = set(trace.unrequired.get(part.word, ()))
            # its words, each droppable on its own (those its fallback did not require stay out)
            split.extend((w, n) for w, n in part.parts if w not in unrequired)
            if part not in trace.loose_choices:
                typed_as.update((w, part.word) for w, _ in part.parts)
        else:
            split.append((part.word, part))
    whole = [(w, n) for w, n in whole if w not in gone]
    pieces = len(whole)
    weigh = weigh or idf_weight
    if lay is not None:
        whole += _told(whole, trace, evaluate, weigh, lay, gone, documents)
    split = [(w, n) for w, n in split if w not in gone]
    if split_words and not beyond and len(split) > pieces:
        # A question that found nothing is a sentence: dropping one of its pieces whole
        # (能申请先退下来休养) drops the concept it holds (休养) with the frame around it;
        # its words go one by one first. Not for partial matches (``beyond``): measured,
        # there one word left out was more often the question's concept (劳动仲裁).
        relaxed = _drop(split, fixed, evaluate, weigh, beyond, documents) or _drop(
            whole, fixed, evaluate, weigh, beyond, documents
        )
    else:
        # A lay word beside a string (产假 of 产假工资谁发) would be kept alone before the
        # string's words are tried; when its words, all but the single characters, find
        # documents together, no word need go: that form comes first (产假 工资).
        relaxed = (
            (len(whole) > pieces and _every_word(split, fixed, evaluate, weigh, beyond, documents))
            or _drop(whole, fixed, evaluate, weigh, beyond, documents)
            or (
                _drop(split, fixed, evaluate, weigh, beyond, documents)
                if len(split) > pieces
                else None
            )
        )
    if relaxed is not None:
        relaxed.missing = list(dict.fromkeys(typed_as.get(w, w) for w in relaxed.dropped))
        # A string found as typed is held as typed (its words apart do not hold it); with
        # ``beyond``, the query found documents, so every string was evaluated already.
        strings = {p.word: p for p in required_parts(match_tree) if isinstance(p, Choice)}
        for name in relaxed.missing if beyond else ():
            if name not in relaxed.held and name in strings:
                relaxed.held[name] = evaluate(strings[name])
    return relaxed


def _told(
    whole: list[tuple[str, object]],
    trace: Trace,
    evaluate: Evaluate,
    weigh: Weigh,
    lay: Callable[[str], bool],
    gone: set[str],
    documents: int,
) -> list[tuple[str, object]]:
    """For each string found nowhere whose words together find nothing either (进厂交了800块押金),
    the word of it the lay-term list bridges (``lay``: 押金 → 收取财物), as a unit of its own
    beside the string: the string can only go whole, and the legal concept the worker named
    would go with it. The list was written from the laws' wording, so such a word names what a
    law says; the rarest word by IDF is as often a detail of the situation (身份证, 1953年).
    One word a string, the heaviest by ``weigh``; none in more than half the documents (公司).
    Also when no string of the query finds documents (a statement's strings go whole). The
    measures behind each choice are in bench/relevance/steps.md."""
    masks = {w: evaluate(n) for w, n in whole}
    live = max(documents, 1)
    out: list[tuple[str, object]] = []
    seen = gone | set(masks)
    for piece in trace.fell_back:
        if piece.word not in masks or masks[piece.word]:
            continue
        unrequired = set(trace.unrequired.get(piece.word, ()))
        told: list[tuple[float, str, object]] = []
        for word, node in piece.parts:
            if word in seen or word in unrequired or not lay(word):
                continue
            mask = evaluate(node)
            if mask and not (documents and mask.bit_count() > documents * COMMON_SHARE):
                told.append((weigh(word, mask, live), word, node))
        if told:
            _, word, node = max(told, key=lambda t: t[0])
            out.append((word, node))
            seen.add(word)
    return out


def _without(part: Choice, gone: set[str], trace: Trace) -> object | None:
    """A string found nowhere as typed, kept or dropped whole, without the words left out
    already (不让 of 年假不让休钱也不给, an everyday word no law uses): as it fell back it
    required them again, so keeping it whole brought them back and the piece holding the
    question's subject (年假) was the one dropped. None: none of its words is left."""
    if part not in trace.fell_back or not part.parts or not any(w in gone for w, _ in part.parts):
        return part
    unrequired = set(trace.unrequired.get(part.word, ()))
    left = [n for w, n in part.parts if w not in gone and w not in unrequired]
    if not left:
        return None
    return left[0] if len(left) == 1 else AllOf(left)


def idf_weight(word: str, mask: int, live: int) -> float:
    """How much keeping ``word`` tells: its IDF, small for one character alone."""
    df = mask.bit_count()
    if not df:
        return 0.0
    idf = math.log(1 + (live - df + 0.5) / (df + 0.5))
    return idf * (SINGLE_CHAR_WEIGHT if len(word) == 1 else 1.0)


def _measured(
    units: list[tuple[str, object]], fixed: list, evaluate: Evaluate, weigh: Weigh, documents: int
) -> tuple[list[int], int, list[float]]:
    """Each unit's documents, the documents every ``fixed`` node holds, and each unit's weight."""
    masks = [evaluate(node) for _, node in units]
    base = -1  # all bits
    for node in fixed:
        base &= evaluate(node)
    live = max(documents, *(m.bit_count() for m in masks), 1)
    weights = [weigh(w, m, live) for (w, _), m in zip(units, masks, strict=True)]
    return masks, base, weights


def _every_word(
    units: list[tuple[str, object]],
    fixed: list,
    evaluate: Evaluate,
    weigh: Weigh,
    beyond: int,
    documents: int,
) -> Relaxed | None:
    """The form keeping every word of ``units`` and none of the single characters, when it
    finds documents (besides ``beyond``): it leaves out only what says least (谁, 发 of
    产假工资谁发), so no other form is weighed or fused with it. A word found in no document
    is a word too: a form that must leave one out is not this one."""
    words = tuple(i for i, (w, _) in enumerate(units) if len(w) > 1)
    if len(units) < 2 or not words or len(words) == len(units):
        return None
    masks, result, weights = _measured(units, fixed, evaluate, weigh, documents)
    for i in words:
        result &= masks[i]
    if not result & ~beyond:
        return None
    dropped = [w for w, _ in units if len(w) == 1]
    return _form(units, masks, weights, fixed, words, result, beyond, dropped)


def _drop(
    units: list[tuple[str, object]],
    fixed: list,
    evaluate: Evaluate,
    weigh: Weigh,
    beyond: int = 0,
    documents: int = 0,
) -> Relaxed | None:
    """The relaxed query leaving out the fewest, least informative of ``units``."""
    if len(units) < 2:
        return None
    masks, base, weights = _measured(units, fixed, evaluate, weigh, documents)
    single = [len(w) == 1 for w, _ in units]
    n = len(units)
    # A word found in no document can never be kept (every set keeping it finds nothing):
    # it is left out before the search, so the bounded search spends its tries on the
    # words that can be kept. Without this, a long question with a few such words ran out
    # of tries before reaching a set that finds documents, and its page was empty.
    candidates = [i for i in range(n) if masks[i]]
    largest = min(len(candidates), n - 1)
    best: list[tuple[tuple, tuple[int, ...], int]] = []  # the FUSED best forms, best first
    tried = 0
    for size in range(largest, 0, -1):
        for kept in combinations(candidates, size):
            tried += 1
            if tried > MAX_SUBSETS:
                break
            # Leave out as few words as possible, then the least informative ones; single
            # characters go before any word, and all of them, while a word is kept.
            words_dropped = sum(1 for i in range(n) if i not in kept and not single[i])
            key = (
                words_dropped,
                -sum(weights[i] for i in kept if not single[i]),
                sum(1 for i in kept if single[i]),
                -sum(weights[i] for i in kept),
            )
            if len(best) >= FUSED and key >= best[-1][0]:
                continue
            result = base
            for i in kept:
                result &= masks[i]
                if not result:
                    break
            if result & ~beyond:
                best.append((key, kept, result))
                best.sort(key=lambda b: b[0])
                del best[FUSED:]
    if not best:
        return None
    # The documents of the best forms together: one form's choice of what stays (a detail
    # of the situation, 两年, 注册, over the law's concept) no longer decides alone which
    # documents are listed. Those holding the most of the query come first (_coverage).
    _, kept, result = best[0]
    dropped = [units[i][0] for i in range(n) if i not in kept]
    for _, other, found in best[1:]:
        if len(other) < FUSED_MIN_UNITS:
            continue
        result |= found
        dropped += [units[i][0] for i in range(n) if i not in other and units[i][0] not in dropped]
    return _form(units, masks, weights, fixed, kept, result, beyond, dropped)


def _form(
    units: list[tuple[str, object]],
    masks: list[int],
    weights: list[float],
    fixed: list,
    kept: tuple[int, ...],
    result: int,
    beyond: int,
    dropped: list[str],
) -> Relaxed:
    """The relaxed query keeping ``kept`` of ``units``, which found ``result``."""
    tree = AllOf(fixed + [units[i][1] for i in kept])
    levels = _coverage(result & ~beyond, masks, weights, COVERAGE_BAND)
    held = {w: m for (w, _), m in zip(units, masks, strict=True) if w in dropped}
    return Relaxed(result | beyond, dropped, tree, levels=levels, held=held)


def _coverage(found: int, masks: list[int], weights: list[float], band: float) -> list[int]:
    """``found`` split by how much of the query each document holds (coordination level:
    the summed weights of the units it matches), most first; a document holding at least
    ``band`` of what a level's best holds joins that level."""
    levels = {0.0: found}
    for mask, weight in zip(masks, weights, strict=True):
        nxt: dict[float, int] = {}
        for value, docs in levels.items():
            for v, part in ((value + weight, docs & mask), (value, docs & ~mask)):
                if part:
                    nxt[v] = nxt.get(v, 0) | part
        levels = nxt
    out: list[tuple[float, int]] = []
    for value, docs in sorted(levels.items(), reverse=True):
        if out and value >= out[-1][0] * band:
            out[-1] = (out[-1][0], out[-1][1] | docs)
        else:
            out.append((value, docs))
    return [docs for _, docs in out]
