"""Which documents contain a literal string, as a bitset, from the gram postings.

Whoosh's phrase matcher builds a span object per position and merges spans in Python;
on common phrases it dominated query time. Here a phrase of bigrams is answered in two
steps: candidates are the documents holding every bigram (bitset AND of cached term
bitsets), then positions are checked only for the candidates, and only for a chain of
bigrams that covers the string (ab cd ef for abcdef: half the bigrams, still exact).
"""

from __future__ import annotations

from indexer.whoosh_adapter import (
    block_ids,
    block_values,
    decode_positions,
    raw_postings,
)
from search.bitsets import docnums_of, mask_of


def term_mask(reader, fieldname: str, gram: str, size: int) -> int:
    """The bitset of documents whose ``fieldname`` holds ``gram`` (deleted ones included:
    callers AND with the live documents)."""
    term = gram.encode("utf-8")
    return mask_of(
        (
            d + offset
            for sub, offset in reader.leaf_readers()
            if (fieldname, term) in sub
            for d in block_ids(raw_postings(sub, fieldname, term))
        ),
        size,
    )


def covering_chain(grams: list[str]) -> list[int]:
    """Offsets of bigrams that together cover every character of the string."""
    last = len(grams) - 1
    chain = list(range(0, last + 1, 2))
    if chain[-1] != last:
        chain.append(last)
    return chain


def phrase_mask(
    reader,
    fieldname: str,
    grams: list[str],
    candidates: int,
    offsets: list[int] | None = None,
    prefix_last: bool = False,
) -> int:
    """Of ``candidates`` (documents holding every gram), those where the grams occur at
    consecutive positions (or at ``offsets`` from the first), i.e. the string occurs
    literally. With ``prefix_last`` the last gram is one character that may begin a
    longer gram there."""
    if not candidates or len(grams) == 1:
        return candidates
    starts = phrase_starts(reader, fieldname, grams, candidates, offsets, prefix_last)
    return mask_of(starts, candidates.bit_length())


def phrase_starts(
    reader,
    fieldname: str,
    grams: list[str],
    candidates: int,
    offsets: list[int] | None = None,
    prefix_last: bool = False,
) -> dict[int, set[int]]:
    """Of ``candidates``, the documents where the grams occur at consecutive positions (or
    at ``offsets`` from the first), each with the positions of the first gram where they
    do."""
    chain = covering_chain(grams) if offsets is None else list(range(len(grams)))
    offsets = offsets or list(range(len(grams)))
    found: dict[int, set[int]] = {}
    for sub, offset in reader.leaf_readers():
        local = docnums_of((candidates >> offset) & ((1 << sub.doc_count_all()) - 1))
        if not local:
            continue
        starts: dict[int, set[int]] | None = None
        for k in chain:
            if prefix_last and k == len(grams) - 1:
                positions = _prefix_positions(sub, fieldname, grams[k], local)
            else:
                positions = _positions(sub, fieldname, grams[k], local)
            if starts is None:
                starts = {d: set(ps) for d, ps in positions.items()}
            else:
                for d in list(starts):
                    ps = positions.get(d)
                    shift = offsets[k]
                    keep = starts[d].intersection(p - shift for p in ps) if ps else set()
                    if keep:
                        starts[d] = keep
                    else:
                        del starts[d]
            local = sorted(starts)
            if not local:
                break
        if starts:
            found.update((d + offset, ps) for d, ps in starts.items())
    return found


def _prefix_positions(sub, fieldname: str, char: str, docs: list[int]) -> dict[int, list[int]]:
    """Positions of every gram that begins with ``char`` (the character alone, or a bigram
    it starts), in each of ``docs``."""
    out: dict[int, list[int]] = {}
    for term in sub.expand_prefix(fieldname, char):
        gram = term.decode("utf-8") if isinstance(term, bytes) else term
        for d, ps in _positions(sub, fieldname, gram, docs).items():
            out.setdefault(d, []).extend(ps)
    return out


def _positions(sub, fieldname: str, gram: str, docs: list[int]) -> dict[int, list[int]]:
    """Positions of ``gram`` in each of ``docs`` (local docnums, sorted) that has it."""
    term = gram.encode("utf-8")
    if (fieldname, term) not in sub:
        return {}
    m = raw_postings(sub, fieldname, term)
    if len(docs) * 8 < sub.doc_frequency(fieldname, term):
        return _positions_by_skipping(m, docs)
    # Most postings are wanted: read whole blocks.
    wanted = set(docs)
    out: dict[int, list[int]] = {}
    for ids, values in block_values(m):
        for d, v in zip(ids, values, strict=True):
            if d in wanted:
                out[d] = decode_positions(v)
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
