"""A document's grams as packed integer keys (numpy), for a reindex's writer.

The grams are those of ``analysis.gram_runs``: each run's bigrams and its last character
alone. A gram is packed in one integer, its first character's code point shifted left by
``CHAR_BITS`` or'd with its second's (0 for a character alone): keys so packed sort as the
grams do (code point order, which is UTF-8's, a character alone before the bigrams it
starts), and a writer can sort a whole segment's postings as integers, with the document
number in the low bits (``posting_arrays.KeyColumn``), instead of a Python step per
posting. Only the writer side imports this module (numpy stays out of the server).
"""

from __future__ import annotations

import numpy as np

from indexer.analysis import run_texts

CHAR_BITS = 21  # every code point is below 0x110000 = 2**21
KEY_BITS = 2 * CHAR_BITS
_EMPTY = np.zeros(0, dtype=np.uint64)


def gram_keys(text: str) -> np.ndarray:
    """The distinct grams of normalised ``text``, packed, sorted (uint64). The runs are
    joined by NUL and read as UTF-32 code points: every two adjacent code points are a
    gram, a run's last character followed by NUL is that character alone, and the pairs
    that start with a NUL are dropped."""
    found = run_texts(text)
    if not found:
        return _EMPTY
    cps = np.frombuffer(("\0".join(found) + "\0").encode("utf-32-le"), dtype=np.uint32)
    first = cps[:-1]
    keys = (first.astype(np.uint64) << CHAR_BITS) | cps[1:]
    keys = keys[first != 0]
    # Sorted, then each key unlike the one before it: ``np.unique`` hashes (numpy 2.3+),
    # several times slower on a document's few thousand keys than a sort.
    keys.sort()
    return keys[np.concatenate(((True,), keys[1:] != keys[:-1]))]


def gram_terms(keys: np.ndarray) -> list[str]:
    """The grams packed in ``keys``, as strings, in one numpy pass: each key's two code
    points side by side are a two-character unicode item, whose trailing NUL numpy drops."""
    pairs = np.empty((len(keys), 2), dtype=np.uint32)
    pairs[:, 0] = keys >> CHAR_BITS
    pairs[:, 1] = keys & ((1 << CHAR_BITS) - 1)
    return pairs.view("U2").ravel().tolist()
