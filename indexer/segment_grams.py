"""Each segment's frequent grams, known without reading its whole term table back.

``frequent.bin`` stores the bitsets of the grams in at least ``least`` of the index's
documents (``indexer/frequent_sets.py``). Such a gram is in at least the same share of
one segment's documents at least (else the sum over the segments would fall short), so
the union of every segment's "dense" grams (those in at least ``floor(share × its
documents)`` of them, and at least one) holds them all. Finding them used to mean walking
every term of every segment after the commit, in the parent, alone on one core.

Where a segment's dense grams come from, cheapest first:

* the writer that wrote it reports them (``whoosh_adapter.DenseTerms``): the posting
  lists are in hand when it writes them, in the worker processes for a full reindex;
* a segment kept from the previous generation: its dense grams and their document counts
  were recorded beside that generation's ``frequent.bin`` (``frequent-segments.json``), and
  their bitsets are slices of that file's bitsets (a kept segment's postings never change:
  a deletion only marks documents deleted);
* otherwise (a segment merged by Whoosh's own writer, or a generation from before this
  file) its term table is read, as before.

    frequent-segments.json  {"share": share, "documents": doc_count_all, "toc": TOC generation,
                             "segments": [{"id": segment id, "documents": n,
                                           "offset": its first docnum,
                                           "grams": {field: {gram: documents}}}]}

``documents`` and ``toc`` name the ``frequent.bin`` beside it, whose bitsets are sliced.
"""

from __future__ import annotations

import json
import math
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from indexer.durable import write_json
from indexer.whoosh_adapter import DenseTerms, block_ids, raw_postings

SEGMENTS_FILE = "frequent-segments.json"


def dense_floor(share: float, documents: int) -> int:
    """The fewest documents of a segment a gram must be in to be one of its dense grams."""
    return max(1, math.floor(share * documents))


def bitset(docs: Iterable[int]) -> int:
    """The bitset (a Python int, bit d for docnum d) of ``docs``."""
    docs = docs if isinstance(docs, array | list) else list(docs)
    if not docs:
        return 0
    bits = bytearray((max(docs) >> 3) + 1)
    for d in docs:
        bits[d >> 3] |= 1 << (d & 7)
    return int.from_bytes(bits, "little")


@dataclass
class SegmentGrams:
    """One segment's dense grams: per gram field, gram → documents of the segment holding
    it, and (where known) its bitset over the segment's own docnums."""

    segment_id: str
    documents: int
    share: float
    counts: dict[str, dict[str, int]]
    bits: dict[str, dict[str, int]] = field(default_factory=dict)
    # Where the bitsets missing from ``bits`` can be sliced from: the previous
    # generation's stored bitsets (``FrequentSets``) and this segment's offset there.
    stored: object | None = None
    stored_offset: int = 0

    def segment_bits(self, sub, fieldname: str, gram: str) -> int:
        """The bitset of the documents of this segment (``sub``) holding ``gram``."""
        known = self.bits.get(fieldname, {}).get(gram)
        if known is not None:
            return known
        if self.stored is not None:
            whole = self.stored.get(fieldname, gram)
            if whole is not None:
                return (whole >> self.stored_offset) & ((1 << self.documents) - 1)
        return segment_postings_bits(sub, fieldname, gram)


def segment_postings_bits(sub, fieldname: str, gram: str) -> int:
    """The bitset of ``gram``'s documents in one segment reader, from its postings."""
    term = gram.encode("utf-8")
    if (fieldname, term) not in sub:
        return 0
    return bitset(block_ids(raw_postings(sub, fieldname, term)))


def from_writer(
    segment_id: str, dense: DenseTerms | None, fields: Iterable[str]
) -> SegmentGrams | None:
    """What a writer reported of the segment it wrote, or None if it reported nothing
    usable (no report, or postings it did not see)."""
    if dense is None or not dense.complete:
        return None
    counts: dict[str, dict[str, int]] = {}
    bits: dict[str, dict[str, int]] = {}
    for name in fields:
        found: dict[str, array] = dense.terms.get(name, {})
        counts[name] = {g: len(docs) for g, docs in found.items()}
        bits[name] = {g: bitset(docs) for g, docs in found.items()}
    return SegmentGrams(segment_id, dense.documents, dense.share, counts, bits)


def read_segment(sub, segment_id: str, share: float, fields: Iterable[str]) -> SegmentGrams:
    """A segment's dense grams read from its term table (the slow way)."""
    n = sub.doc_count_all()
    least = dense_floor(share, n)
    counts: dict[str, dict[str, int]] = {}
    for name in fields:
        found: dict[str, int] = {}
        if name in sub.schema:
            for term, info in sub.iter_field(name):
                df = info.doc_frequency()
                if df >= least:
                    found[term.decode("utf-8") if isinstance(term, bytes) else term] = df
        counts[name] = found
    return SegmentGrams(segment_id, n, share, counts)


def read_recorded(gen_path: Path, share: float, open_stored) -> dict[str, SegmentGrams]:
    """The dense grams recorded in generation ``gen_path`` by segment id (empty if it
    has no such file, or one for another share); ``open_stored(documents, toc)`` opens
    that generation's ``frequent.bin`` for the state the record names."""
    try:
        raw = json.loads((Path(gen_path) / SEGMENTS_FILE).read_text("utf-8"))
        if raw["share"] != share:
            return {}
        stored = open_stored(raw["documents"], raw["toc"])
        return {
            s["id"]: SegmentGrams(
                s["id"], s["documents"], share, s["grams"], {}, stored, s["offset"]
            )
            for s in raw["segments"]
        }
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def write_recorded(
    gen_path: Path,
    share: float,
    documents: int,
    toc: int,
    segments: list[tuple[SegmentGrams, int]],
) -> None:
    """Record each segment's dense grams (with its offset) beside ``frequent.bin``."""
    payload = {
        "share": share,
        "documents": documents,
        "toc": toc,
        "segments": [
            {"id": g.segment_id, "documents": g.documents, "offset": offset, "grams": g.counts}
            for g, offset in segments
        ],
    }
    write_json(gen_path / SEGMENTS_FILE, payload)
