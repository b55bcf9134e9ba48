"""Sets of documents as Python ints: bit d is document number d.

AND, OR and counting (``int.bit_count``) run in C; these two helpers convert from and to
lists of document numbers.
"""

from __future__ import annotations

from collections.abc import Iterable


def mask_of(docnums: Iterable[int], size: int) -> int:
    bits = bytearray((size + 7) // 8)
    for d in docnums:
        bits[d >> 3] |= 1 << (d & 7)
    return int.from_bytes(bits, "little")


def docnums_of(mask: int) -> list[int]:
    """The set bits of ``mask``, ascending."""
    out = []
    for i, byte in enumerate(mask.to_bytes((mask.bit_length() + 7) // 8, "little")):
        while byte:
            low = byte & -byte
            out.append((i << 3) + low.bit_length() - 1)
            byte ^= low
    return out
