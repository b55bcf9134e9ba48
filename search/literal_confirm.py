"""Which of a literal's candidates contain it, reading as few texts as possible.

A literal of one run (工作人员) has as candidates the documents holding each of its
bigrams; each used to be confirmed by reading its text in the text store
(``search.literal.string_mask``). A common literal's candidates are most of the corpus
(第四条: 3,320 of the 3,475 laws), so one such literal read most of the store (~40 MB
on the laws) — a third of the slowest queries' time, most of it for relaxed forms.

Most of those documents hold the literal as one of their jieba words. The word fields
(``title``, ``body``) index the jieba words of the same normalised text the gram fields
and the text store hold (``indexer.schema.document_fields``), and a word is a piece of
the text it was cut from: a document whose word field holds the literal as a word
contains it. Those documents are taken from the word's postings (a few µs per block of
postings, and the word's postings are never more than the documents that contain it);
only the other candidates are read (17 of 第四条's 3,320). The set is the same, so
counts, facets, IDF and relaxation are unchanged; only which documents are read is.
"""

from __future__ import annotations

from indexer.frequent_sets import postings_mask
from indexer.textstore import TextStore
from search.literal import string_mask, text_field
from search.literal_cover import COVER_FROM, LazyDictionary, applies, cover_mask

# Below this many candidates reading them costs less than looking the word up.
WORDS_FROM = 8


def word_mask(reader, gram_field: str, literal: str, size: int) -> int:
    """The documents (deleted ones included) whose word field beside ``gram_field``
    holds ``literal`` (normalised) as one jieba word: each of them contains it."""
    return postings_mask(reader, text_field(gram_field), literal.encode("utf-8"), size)


def literal_mask(
    texts: TextStore,
    reader,
    gram_field: str,
    literal: str,
    candidates: int,
    size: int,
    words_from: int = WORDS_FROM,
    dictionary: LazyDictionary | None = None,
    cover_from: int = COVER_FROM,
) -> int:
    """Of ``candidates``, the documents whose field contains ``literal`` (one run):
    ``string_mask``'s set, the documents holding it as a word not read (when there
    are at least ``words_from`` candidates), nor, with the ``dictionary`` the index was
    cut with, those holding no word that can cover it (``search.literal_cover``)."""
    if candidates.bit_count() < words_from:
        return string_mask(texts, gram_field, literal, candidates)
    sure = word_mask(reader, gram_field, literal, size) & candidates
    to_read = candidates & ~sure
    if dictionary is None or to_read.bit_count() < cover_from or not applies(literal):
        return sure | string_mask(texts, gram_field, literal, to_read)
    # The documents of the first eighth of the index are read first: when most of them
    # contain the literal, ruling out the others by their words would rule out little.
    first = to_read & ((1 << (size // 8)) - 1)
    found = string_mask(texts, gram_field, literal, first)
    to_read &= ~first
    if found.bit_count() * 2 < first.bit_count():
        to_read = cover_mask(
            dictionary.get(), reader, text_field(gram_field), literal, size, to_read
        )
    return sure | found | string_mask(texts, gram_field, literal, to_read)
