"""Which documents contain a literal string, as a bitset, from the gram postings.

Whoosh's phrase matcher builds a span object per position and merges spans in Python;
on common phrases it dominated query time. Here a phrase of bigrams is answered in two
steps: candidates are the documents holding every bigram (bitset AND of cached term
bitsets), then positions are checked only for the candidates, and only for a chain of
bigrams that covers the string (ab cd ef for abcdef: half the bigrams, still exact).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import accumulate
from pickle import loads

from whoosh.matching import FilterMatcher

GetMask = Callable[[str], int | None]


def raw_postings(sub, fieldname: str, term: bytes):
    """A segment's postings for ``term``, deleted documents included.

    Whoosh wraps the postings of a segment with deletions in a FilterMatcher that checks
    every posting one by one; callers here mask deleted documents out with a bitset
    instead, and read the leaf matcher a block at a time.
    """
    m = sub.postings(fieldname, term)
    while isinstance(m, FilterMatcher):
        m = m.child
    return m


def block_ids(m):
    """The docnums of matcher ``m`` a block at a time (Whoosh 2.7 W3 leaf internals),
    or one by one for any other matcher."""
    if not hasattr(m, "_read_ids"):
        yield from m.all_ids()
        return
    while m.is_active():
        m._read_ids()
        yield from m._ids
        if m._lastblock:
            break
        m._next_block()


def term_mask(reader, fieldname: str, gram: str, size: int) -> int:
    """The bitset of documents whose ``fieldname`` holds ``gram`` (deleted ones included:
    callers AND with the live documents)."""
    bits = bytearray((size + 7) // 8)
    term = gram.encode("utf-8")
    for sub, offset in reader.leaf_readers():
        if (fieldname, term) not in sub:
            continue
        for d in block_ids(raw_postings(sub, fieldname, term)):
            d += offset
            bits[d >> 3] |= 1 << (d & 7)
    return int.from_bytes(bits, "little")


def covering_chain(grams: list[str]) -> list[int]:
    """Offsets of bigrams that together cover every character of the string."""
    last = len(grams) - 1
    chain = list(range(0, last + 1, 2))
    if chain[-1] != last:
        chain.append(last)
    return chain


def phrase_mask(reader, fieldname: str, grams: list[str], candidates: int) -> int:
    """Of ``candidates`` (documents holding every gram), those where the grams occur at
    consecutive positions, i.e. the string occurs literally."""
    if not candidates or len(grams) == 1:
        return candidates
    chain = covering_chain(grams)
    found = bytearray(len(candidates.to_bytes((candidates.bit_length() + 7) // 8, "little")))
    for sub, offset in reader.leaf_readers():
        local = _docs_in(candidates, offset, sub.doc_count_all())
        if not local:
            continue
        starts: dict[int, set[int]] | None = None
        for k in chain:
            positions = _positions(sub, fieldname, grams[k], local)
            if starts is None:
                starts = {d: set(ps) for d, ps in positions.items()}
            else:
                for d in list(starts):
                    ps = positions.get(d)
                    keep = starts[d].intersection(p - k for p in ps) if ps else set()
                    if keep:
                        starts[d] = keep
                    else:
                        del starts[d]
            local = sorted(starts)
            if not local:
                break
        for d in local:
            g = d + offset
            found[g >> 3] |= 1 << (g & 7)
    return int.from_bytes(found, "little")


def _docs_in(mask: int, offset: int, count: int) -> list[int]:
    """Local docnums of a segment (global offset, count docs) whose bit is set."""
    window = (mask >> offset) & ((1 << count) - 1)
    out = []
    data = window.to_bytes((window.bit_length() + 7) // 8, "little")
    for i, byte in enumerate(data):
        while byte:
            low = byte & -byte
            out.append((i << 3) + low.bit_length() - 1)
            byte ^= low
    return out


def _positions(sub, fieldname: str, gram: str, docs: list[int]) -> dict[int, list[int]]:
    """Positions of ``gram`` in each of ``docs`` (local docnums, sorted) that has it."""
    term = gram.encode("utf-8")
    if (fieldname, term) not in sub:
        return {}
    m = raw_postings(sub, fieldname, term)
    if len(docs) * 8 < sub.doc_frequency(fieldname, term) or not hasattr(m, "_read_ids"):
        return _positions_by_skipping(m, docs)
    # Most postings are wanted: read whole blocks (Whoosh 2.7 W3 leaf matcher internals).
    wanted = set(docs)
    out: dict[int, list[int]] = {}
    while m.is_active():
        m._read_ids()
        m._read_values()
        for d, v in zip(m._ids, m._values, strict=True):
            if d in wanted:
                out[d] = decode_positions(v)
        if m._lastblock:
            break
        m._next_block()
    return out


def _positions_by_skipping(m, docs: list[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for d in docs:
        if not m.is_active():
            break
        if m.id() < d:
            m.skip_to(d)
            if not m.is_active():
                break
        if m.id() == d:
            out[d] = decode_positions(m.value())
    return out


def decode_positions(value: bytes) -> list[int]:
    """Whoosh's Positions encoding (a count, then pickled deltas), decoded at C speed."""
    return list(accumulate(loads(value[4:])))
