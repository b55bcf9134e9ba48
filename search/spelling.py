"""Did you mean: near variants of a query word, drawn from the index's own vocabulary.

A word typed with a wrong character (公会 for 工会, 集体协上 for 集体协商, 劳动合桶法 for
劳动合同法) rarely occurs whole in any document. Its variants replace one stretch of it
by a vocabulary word that reads the same (pinyin-equal), differs in one character, has
one character more, or one less (trusted more when it is one of two typed in a row); a
character jieba's cut leaves alone gets the one a drop took from its word put back
(``_restored``: the vocabulary's words and the index's bigrams). The caller counts the
documents each variant finds and offers the best one; nothing here replaces a query by
itself.
"""

from __future__ import annotations

import math
import re
from bisect import insort
from collections.abc import Callable

from indexer.analysis import Analyzer, normalize
from search.vocabulary import WILDCARD, Vocabulary

_HAN = re.compile(r"[\u3400-\u9fff]+")
MAX_WORD_CHARS = 12  # longer words are not typo-checked (bounded work per request)
MAX_STRETCH = 8  # the longest vocabulary word tried inside a query word
MAX_VARIANTS = 8  # variants the caller counts, best first
_SHORTLIST = 40  # candidates re-scored with jieba

# How much each kind of edit is trusted: a homophone is the commonest input-method slip.
_HOMOPHONE, _ONE_CHAR, _MISSING, _EXTRA = 5.0, 2.0, 1.5, 1.5
_DOUBLED = 3.0  # a character typed twice in a row, once taken out
_RESTORED = 3.0  # a character put back to mend a word a dropped one broke
GRAM_FIELD = "body_gram"  # the bigrams a restored character is checked against
RESTORE_WORDS = 30  # two-character words tried per character left alone, commonest first
RESTORED_PER_CHAR = 3  # of which the best few are offered per lone character

# A bigram → the documents writing it (the index's gram terms).
GramCount = Callable[[str], int]


def is_checkable(word: str) -> bool:
    return 2 <= len(word) <= MAX_WORD_CHARS and _HAN.fullmatch(word) is not None


def variants(
    word: str,
    vocab: Vocabulary,
    analyzer: Analyzer,
    limit: int = MAX_VARIANTS,
    grams: GramCount | None = None,
) -> list[str]:
    """Near variants of a Chinese ``word`` (normalised), best first; ``analyzer`` is the
    index's (its jieba words judge which candidates read as real phrases)."""
    if not is_checkable(word):
        return []
    reading = vocab.syllables(word)
    if len(reading) != len(word):
        reading = [""] * len(word)
    scored: dict[str, float] = {}
    n = len(word)
    # Keys no word's ends allow are not looked up: they lead to nothing.
    ends = vocab.ends
    for i in range(n):
        for j in range(i + 2, min(n, i + MAX_STRETCH) + 1):
            stretch = word[i:j]
            head, tail = word[:i], word[j:]
            offers: list[tuple[str, float]] = []  # (replacement, how much it is trusted)
            full = "".join(reading[i:j])
            if full and all(reading[i:j]):
                for u in vocab.by_full.get(full, ())[:20]:
                    if len(u) == len(stretch):
                        offers.append((u, _HOMOPHONE))
            differ = ends.positions_may_differ(stretch)
            for k in range(len(stretch)):
                if k in differ:
                    key = stretch[:k] + WILDCARD + stretch[k + 1 :]
                    offers.extend((u, _ONE_CHAR) for u in vocab.wildcards.get(key, ())[:20])
                shorter = stretch[:k] + stretch[k + 1 :]
                if len(shorter) >= 2 and shorter in vocab.counts:
                    offers.append((shorter, _DOUBLED if undoubled(stretch, shorter) else _EXTRA))
            if ends.may_lack_one(stretch):
                offers.extend((u, _MISSING) for u in vocab.deletions.get(stretch, ())[:20])
            if not offers:
                continue
            # A score adds trust + 0.5·len(stretch) + 0.3·log1p(count(replacement)) −
            # 0.5·log1p(count(stretch)) left to right (a stretch that is already a common
            # word is less likely the typo); the stretch's terms are computed once.
            length, common = 0.5 * len(stretch), 0.5 * math.log1p(vocab.count(stretch))
            for replacement, trust in offers:
                candidate = head + replacement + tail
                if candidate == word:
                    continue
                score = trust + length + 0.3 * math.log1p(vocab.count(replacement)) - common
                if score > scored.get(candidate, -math.inf):
                    scored[candidate] = score
    if grams is not None:
        for candidate, score in _restored(word, vocab, analyzer, grams):
            if score > scored.get(candidate, -math.inf):
                scored[candidate] = score
    # Only the best few are cut by jieba: a candidate it can only split into single
    # characters is less likely a real phrase.
    shortlist = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[:_SHORTLIST]
    return _rescored(shortlist, analyzer, limit)


def undoubled(typed: str, fixed: str) -> bool:
    """Whether ``fixed`` is ``typed`` with one of two equal neighbouring characters taken
    out (加班班费 → 加班费)."""
    return len(fixed) == len(typed) - 1 and any(
        typed[i] == typed[i + 1] and typed[:i] + typed[i + 1 :] == fixed
        for i in range(len(typed) - 1)
    )


def _rescored(shortlist: list[tuple[str, float]], analyzer: Analyzer, limit: int) -> list[str]:
    """The ``limit`` best of ``shortlist`` (best score first) once each loses 2 for every
    single character jieba cuts it into. A candidate's new score is at most its score,
    so once the next score is below the ``limit``-th best new one, no candidate after it
    can enter: those are not cut (jieba is most of did-you-mean's cost)."""
    # (-new score, candidate): sorted so, best first and ties by the candidate, with no
    # key function called per comparison.
    rescored: list[tuple[float, str]] = []
    for c, score in shortlist:
        if len(rescored) >= limit > 0 and score < -rescored[limit - 1][0]:
            break
        # The words ``query_words`` gives, without the offsets it computes word by word
        # (jieba's tokenize): most of the shortlist is cut.
        singles = sum(1 for w in analyzer.words(normalize(c)) if len(w) == 1)
        insort(rescored, (-(score - 2.0 * singles), c))
    return [c for _, c in rescored[:limit]]


def _restored(
    word: str, vocab: Vocabulary, analyzer: Analyzer, grams: GramCount
) -> list[tuple[str, float]]:
    """``word`` with one character put back beside a character jieba leaves alone: a
    dropped character breaks a word, and what is left of it stands alone (登记理机关 →
    登记、理、机关). The character comes from a two-character word of the vocabulary that
    holds the lone one (管理), when the corpus writes it beside the neighbour on the gap's
    other side too (记管: ``grams``, documents writing a bigram). Scored as a stretch
    replaced by the word the restored character mends, as jieba cuts the result (the
    longer and commoner, the surer: 上级人资源 → 人力资源 rather than 人员、资源); the
    ``RESTORED_PER_CHAR`` best per lone character are offered. A lone character that
    repeats its neighbour (灾害害) was typed twice: the doubled slip explains it without
    guessing a character."""
    n = len(word)
    out = []
    for _, _, start, end in analyzer.word_spans(word):
        if end - start != 1:
            continue
        lone = word[start]
        if (start > 0 and word[start - 1] == lone) or (end < n and word[end] == lone):
            continue
        mends: dict[str, float] = {}
        for u in vocab.deletions.get(lone, ())[:RESTORE_WORDS]:
            if len(u) != 2:
                continue
            if u[1] == lone and start > 0 and grams(word[start - 1] + u[0]):
                gap, candidate = start, word[:start] + u[0] + word[start:]
            elif u[0] == lone and end < n and grams(u[1] + word[end]):
                gap, candidate = end, word[:end] + u[1] + word[end:]
            else:
                continue
            mended = next((w for w, _, s, e in analyzer.word_spans(candidate) if s <= gap < e), "")
            if len(mended) >= 2:
                count = vocab.count(mended) or vocab.count(u)
                mends[candidate] = _RESTORED + 0.5 * len(mended) + 0.3 * math.log1p(count)
        out.extend(sorted(mends.items(), key=lambda cs: (-cs[1], cs[0]))[:RESTORED_PER_CHAR])
    return out
