"""Which documents contain a literal string, as a bitset: candidates from the gram
postings, confirmed in the generation's text store.

A string of n ≥ 2 characters is first narrowed to the documents holding each of its
bigrams (AND of cached term bitsets), then each candidate's normalised text is searched
for the string itself (``bytes.find``, C speed, on reads that cover neighbouring texts;
see ``indexer.textstore``). A literal of several runs (``"职工 书屋"``, ``"情况，合"``)
is confirmed with the regex of ``indexer.analysis.adjacent_runs``, the text-side form
of the gram fields' rule.
"""

from __future__ import annotations

from collections.abc import Container

from indexer.analysis import adjacent_runs
from indexer.frequent_sets import postings_mask
from indexer.textstore import TextStore
from search.bitsets import docnums_of, mask_of


def term_mask(reader, fieldname: str, gram: str, size: int) -> int:
    """The bitset of documents whose ``fieldname`` holds ``gram`` (deleted ones included:
    callers AND with the live documents)."""
    return postings_mask(reader, fieldname, gram.encode("utf-8"), size)


def rare_first(grams: list[str], frequent: Container[str]) -> list[str]:
    """The distinct ``grams``, those not in ``frequent`` first: ANDing their bitsets in
    this order stops at the first empty intersection before the common grams are read
    (asking Whoosh each gram's document frequency cost more than it saved)."""
    return sorted(set(grams), key=lambda g: (g in frequent, g))


def text_field(gram_field: str) -> str:
    """The text store field a gram field indexes (``body_gram`` → ``body``)."""
    return gram_field.removesuffix("_gram")


def run_of(grams: list[str] | tuple[str, ...]) -> str:
    """The string a chain of overlapping bigrams spells (工会 会法 → 工会法)."""
    return grams[0] + "".join(g[-1] for g in grams[1:])


def string_mask(texts: TextStore, gram_field: str, literal: str, candidates: int) -> int:
    """Of ``candidates``, the documents whose field contains ``literal`` (one run)."""
    if not candidates:
        return 0
    field, needle = text_field(gram_field), literal.encode("utf-8")
    found = texts.containing(docnums_of(candidates), field, needle)
    return mask_of(found, candidates.bit_length())


def runs_mask(texts: TextStore, gram_field: str, runs: list[str], candidates: int) -> int:
    """Of ``candidates``, the documents whose field holds ``runs`` one after another,
    separated only by characters outside runs (see ``adjacent_runs``)."""
    if not candidates:
        return 0
    field = text_field(gram_field)
    pattern = adjacent_runs(runs)
    longest = max(runs, key=len).encode("utf-8")  # a cheap test before decoding the text
    found = [
        d
        for d in texts.containing(docnums_of(candidates), field, longest)
        if pattern.search(texts.text(d, field))
    ]
    return mask_of(found, candidates.bit_length())


def count_string(texts: TextStore, field: str, literal: str, docs: list[int]) -> dict[int, int]:
    """Non-overlapping occurrences of ``literal`` (normalised, one run) in ``field`` of
    each of ``docs``, leftmost first: the highlighter's count."""
    needle = literal.encode("utf-8")
    return {d: texts.count(d, field, needle) for d in docs}
