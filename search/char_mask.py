"""Which documents contain one character, as a bitset: the gram field's prefix query
(``Prefix(body_gram, "有")``), answered the cheaper of two exact ways.

Every character of a run begins a gram (the bigram it starts, or the run's last character
alone: ``indexer.analysis.gram_runs``), so a document holds a gram beginning with ``c``
exactly when its normalised text contains ``c``. Two ways to the same set:

- OR the postings of every gram beginning with ``c``: the cost grows with the number of
  such grams (a common character begins hundreds: 的 931 in the shipped corpus, about
  55 µs each);
- look for ``c`` in each live document's text in the text store (``bytes.find``, C
  speed, on reads of many neighbouring texts at once: ``TextStore.containing``): a few
  µs per document, and a document holding a common character stops the search at its
  first lines.

A character that begins many grams is a common one, so the text store is read when the
grams outnumber a tenth of the live documents (see ``SCAN_WHEN_GRAMS_OVER``).
"""

from __future__ import annotations

from itertools import islice

from indexer.textstore import TextStore
from search.bitsets import docnums_of, mask_of
from search.literal import term_mask, text_field
from search.literal_confirm import word_mask

# Measured on the shipped corpus: OR-ing one gram's postings costs ~55 µs, finding a
# character in one document's text ~1–18 µs (early hit … whole body read), so reading
# the texts pays once the grams outnumber about a tenth of the documents.
SCAN_WHEN_GRAMS_OVER = 0.1


def char_mask(reader, texts: TextStore, gram_field: str, char: str, live: int, size: int) -> int:
    """The live documents whose ``gram_field`` holds a gram beginning with ``char`` (one
    character), i.e. whose text contains it: Whoosh's ``Prefix(gram_field, char)``."""
    most = int(SCAN_WHEN_GRAMS_OVER * live.bit_count())
    # Listing a common character's grams costs as much as the postings way saves: stop
    # listing once they are too many for it.
    grams = prefix_grams(reader, gram_field, char, most + 1)
    if not grams:
        return 0
    if len(grams) > most:
        return mask_from_texts(texts, gram_field, char, live, size, reader)
    # A character nearly every document holds as a jieba word of its own begins fewer
    # grams than that in a large corpus (的: 1,720 at 100,000 documents, 0.4 s of
    # postings): its word's postings and the texts of the few other documents cost less.
    sure = word_mask(reader, gram_field, char, size) & live
    if (live & ~sure).bit_count() <= most:
        return sure | mask_from_texts(texts, gram_field, char, live & ~sure, size)
    return mask_from_postings(reader, gram_field, grams, live, size)


def prefix_grams(reader, gram_field: str, char: str, limit: int | None = None) -> list[str]:
    """The grams of ``gram_field`` beginning with ``char`` (the first ``limit`` of them)."""
    return [
        g if isinstance(g, str) else g.decode("utf-8")
        for g in islice(reader.expand_prefix(gram_field, char), limit)
    ]


def mask_from_postings(reader, gram_field: str, grams: list[str], live: int, size: int) -> int:
    """The live documents holding any of ``grams``."""
    mask = 0
    for gram in grams:
        mask |= term_mask(reader, gram_field, gram, size)
    return mask & live


def mask_from_texts(
    texts: TextStore, gram_field: str, char: str, live: int, size: int, reader=None
) -> int:
    """The live documents whose text (of the field ``gram_field`` indexes) contains ``char``.
    With ``reader``, the documents holding ``char`` as a jieba word of its own (的, 和: most
    documents) are taken from the word's postings and not read (search.literal_confirm)."""
    field, needle = text_field(gram_field), char.encode("utf-8")
    sure = word_mask(reader, gram_field, char, size) & live if reader is not None else 0
    return sure | mask_of(texts.containing(docnums_of(live & ~sure), field, needle), size)
