"""What to offer when a query finds little: a pinyin reading or a did-you-mean.

Only plain queries are considered (words separated by spaces, no quotes, fields or
operators): a query written with syntax says exactly what it means. Counting is left to
the caller (``count_query``: documents a query finds; ``count_literal``: documents that
contain a string literally), so this module decides and never searches by itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from indexer.analysis import Analyzer, normalize
from search.highlight import SENTENCE_ENDS, plain_text
from search.numerals import counted_spans
from search.pinyin_input import compact, read_pinyin
from search.quantity import asking_words
from search.spelling import GramCount, is_checkable, undoubled, variants
from search.vocabulary import Vocabulary

FEW_RESULTS = 3  # a pinyin query finding fewer documents is read as pinyin
RARE_WORD = 1  # a word that occurs whole in this many documents or fewer is checked
MIN_GAIN = 3  # a variant is offered when it occurs in this many times more documents,
MIN_FOUND = 3  # and in at least this many
MAX_WORDS_CHECKED = 4  # words of one query checked (bounded work per request)
# A query is corrected by itself (shown with a link back to it as typed) when every word
# replaced occurs in no document (anything found gains) and the corrected query finds
# at least this many.
AUTO_CORRECT_FOUND = 1

_PLAIN_TOKEN = re.compile(r"[^\s\"“”「」『』()（）:：|&]+")
_OPERATORS = {"OR", "AND", "NOT"}


@dataclass(frozen=True)
class Alternative:
    query: str  # the query offered (or run)
    kind: str  # "pinyin" | "spelling"
    # Run it instead: a pinyin query that found nothing as Latin text, or a spelling whose
    # replaced words occur nowhere while the corrected query finds enough.
    use: bool


def plain_tokens(q: str) -> list[str] | None:
    tokens = q.split()
    if not tokens or len(tokens) > 8:
        return None
    for t in tokens:
        if t in _OPERATORS or t.startswith("-") or not _PLAIN_TOKEN.fullmatch(t):
            return None
    return tokens


def literal_query(q: str, words: list[str]) -> str | None:
    """``q`` with each of ``words`` (words searched with equivalent forms too) quoted, so
    that it means that string only: the exact set a count needs (欠薪 → "欠薪"). None for a
    query written with syntax, or when no word of it is in ``words``."""
    tokens = plain_tokens(q)
    if tokens is None:
        return None
    changed = False
    out = []
    for token in tokens:
        for w in sorted(set(words), key=len, reverse=True):
            if w and w in normalize(token):
                i = normalize(token).find(w)  # normalize keeps offsets
                token = f'{token[:i]} "{token[i : i + len(w)]}" {token[i + len(w) :]}'.strip()
                changed = True
                break
        out.append(token)
    return " ".join(out) if changed else None


def alternative(
    q: str,
    total: int,
    vocab: Vocabulary,
    analyzer: Analyzer,
    count_query: Callable[[str], int],
    count_literal: Callable[[str], int],
    asks: Callable[[str], tuple[list[str], list[str]]] = lambda word: ([word], []),
    grams: GramCount | None = None,
) -> Alternative | None:
    """``asks(word)``: (the pieces of ``word`` left, its question words), as
    ``search.wording`` splits them. A word of nothing but question words is never
    corrected (never required, so a rare one is no misspelling to fix), and a correction
    never changes the question words typed, nor a phrase asking for a quantity
    (``search.quantity``'s reading: 百分之几, 几级's 几): 召开几次 → 召开一次 or
    提高百分之几 → 提高百分之十 would answer the question with a guess and hide the
    documents stating another number. A rare word that the query's other words find
    with it is explained by them, no slip (``explained``)."""
    tokens = plain_tokens(q)
    if tokens is None:
        return None
    letters = compact(q)
    if letters is not None:
        # What the Latin text finds with every word required: a result that only relaxing
        # the query found (single letters of other words) is not a match.
        have = min(total, count_query(q))
        if have >= FEW_RESULTS:
            return None
        words = read_pinyin(letters, vocab.by_full, vocab.by_initials)
        if not words:
            return None
        chinese = " ".join(words)
        if count_query(chinese) > have:
            return Alternative(chinese, "pinyin", use=have == 0)
        return None

    changed = False
    absent = True  # every word replaced occurs in no document
    out: list[str] = []
    fixes: dict[str, str | None] = {}
    for token in tokens:
        word = normalize(token)
        if (
            word not in fixes
            and is_checkable(word)
            and asks(word)[0]
            and len(fixes) < MAX_WORDS_CHECKED
        ):
            asked = asks(word)[1]
            asking = asking_words(word)
            numbers = counted_numbers(word)
            fixes[word] = (
                None
                if explained(q, word, count_literal, count_query)
                else _better_word(
                    word,
                    vocab,
                    analyzer,
                    count_literal,
                    grams,
                    lambda c, asked=asked, asking=asking, numbers=numbers: (
                        keeps_numbers(c, numbers)
                        and asks(c)[1] == asked
                        and asking_words(c) == asking
                    ),
                )
            )
        best = fixes.get(word)
        if best is not None:
            changed = True
            absent = absent and count_literal(word) == 0
        out.append(best or token)
    if not changed:
        return None
    offered = " ".join(out)
    found = count_query(offered)
    if found == 0:
        return None
    return Alternative(offered, "spelling", use=absent and found >= AUTO_CORRECT_FOUND)


def explained(
    q: str,
    word: str,
    count_literal: Callable[[str], int],
    count_query: Callable[[str], int],
) -> bool:
    """Whether the rare ``word`` (normalised, one of the words of the plain query ``q``)
    is found with the query's other words, every word required and ``word`` as the string
    typed: then the query as typed is found whole in a document, and the word is that
    document's, no slip (劳动争议仲裁 不收费: the law that says 劳动争议仲裁不收费, not
    乱收费, its opposite). A word found nowhere has no such document, and a query of one
    word has no other words to explain it."""
    if len(q.split()) < 2 or not 0 < count_literal(word) <= RARE_WORD:
        return False
    quoted = literal_query(q, [word])
    return quoted is not None and count_query(quoted) > 0


def replaced_words(q: str, offered: str) -> list[tuple[str, str]]:
    """(word of ``q``, its replacement), both normalised, for each word of ``q`` that the
    correction ``offered`` replaces."""
    pairs = zip(q.split(), offered.split(), strict=False)
    return [(normalize(a), normalize(b)) for a, b in pairs if normalize(a) != normalize(b)]


_SENTENCE_BREAK = re.compile("[" + re.escape("".join(sorted(SENTENCE_ENDS))) + "…]")
FIRST_HITS = 3  # the hits whose snippets may show a join's words together


def words_stand(
    replaced: list[tuple[str, str]],
    cut: Callable[[str], list[str]],
    reading: Callable[[str], list[str]],
    shown: Callable[[], list[str]],
) -> bool:
    """Whether strings found nowhere are the user's own words put together rather than a
    slip: then the page of their words stays and the correction is only offered.
    ``replaced``: (string typed, its correction) as ``replaced_words`` gives them;
    ``cut``: a string's words (jieba's); ``reading``: its syllables (pypinyin's, one per
    character); ``shown()``: the first hits' snippets (HTML, as the page shows them),
    asked for only when the edits leave it to the page.

    A slip breaks a word, so that part of the string cuts into single characters
    (工会经废 → 工会、经、废; 劳动动合同 → 劳动、动、合同), and its correction mends it; words
    typed together that a document writes apart cut into whole words (到场当事人 →
    到场、当事人, drawn across 到场；当事人). Whole words stand when the correction would
    break one of them instead (关心支持 → 关支持: 关、支持), or when the first hits show
    them all within one sentence, the sentence the snippet scorer picked for holding the
    most of the query's words (当事人不到场的，邀请见证人到场): whole words alone are not
    enough (进步研究, a slip of 进一步研究, cuts into 进步、研究). A correction into whole
    words that reads the same (仲裁实效 → 仲裁时效) is the input method's slip whatever the
    page holds, and so is a character typed twice in a row taken out (加班班费 → 加班费, whose
    page shows 加班 and 班费 apart in 加班费的…加班事实); a string of one word is never such a
    join."""
    if not replaced:
        return False
    cuts = []
    for typed, fixed in replaced:
        words = cut(typed)
        if len(words) < 2 or any(len(w) < 2 for w in words):
            return False
        cuts.append((typed, words, fixed, cut(fixed)))
    if all(any(len(w) < 2 for w in fixes) for *_, fixes in cuts):
        return True
    for typed, _, fixed, _ in cuts:
        said = reading(typed)
        if len(said) == len(typed) and all(said) and said == reading(fixed):
            return False
        if undoubled(typed, fixed):
            return False
    sentences = [s for html in shown() for s in _SENTENCE_BREAK.split(normalize(plain_text(html)))]
    return all(any(all(w in s for w in words) for s in sentences) for _, words, _, _ in cuts)


def counted_numbers(text: str) -> list[str]:
    """The counted numbers written in ``text`` (第二十一条, 三年, 5%: search.numerals)."""
    return [text[s:e] for s, e in counted_spans(text)]


def keeps_numbers(candidate: str, numbers: list[str]) -> bool:
    """Whether ``candidate`` still holds every counted number of ``numbers`` (each as
    often). A number typed is what was asked for: 罚款第二十三条 for 罚款第二十一条, found
    nowhere, is another article, not the slip fixed, so it is never offered nor run in
    its place (nor counted: a variant of a long phrase found nowhere costs its candidates'
    texts read whole). A slip inside a number (第二十以条) is no counted number, so it is
    still fixed."""
    if not numbers:
        return True
    have = counted_numbers(candidate)
    return all(have.count(n) >= numbers.count(n) for n in set(numbers))


def _better_word(
    word: str,
    vocab: Vocabulary,
    analyzer: Analyzer,
    count_literal: Callable[[str], int],
    grams: GramCount | None = None,
    allowed: Callable[[str], bool] = lambda candidate: True,
) -> str | None:
    """The best-ranked ``allowed`` variant of a rare ``word`` that occurs in many more
    documents."""
    have = count_literal(word)
    if have > RARE_WORD:
        return None
    # A word found nowhere gains from any variant that is found at all.
    needed = max(MIN_FOUND, have * MIN_GAIN) if have else 1
    for candidate in variants(word, vocab, analyzer, grams=grams):
        if allowed(candidate) and count_literal(candidate) >= needed:
            return candidate
    return None
