"""A generation's bitsets of its most frequent grams, written once at reindex.

Matching a literal ANDs the bitsets of its bigrams (``search.literal.term_mask``). A gram
found in many documents has many postings, and turning them into a bitset means decoding
every posting block in Python: at 100,000 documents that was the largest single cost of
the slowest queries. The same bitset, stored as the bytes of the Python int it becomes, is
read with one ``pread`` instead.

Only grams in at least ``min_documents(size)`` documents are kept: a bitset costs
``size / 8`` bytes whatever the gram's frequency, so it is stored only where it is about as
small as the postings it replaces (an existence-only posting costs Whoosh a byte or two).

On disk, inside the generation folder (written before it is published)::

    frequent.bin    MAGIC, a 4-byte little-endian header length, the JSON header
                    {"documents": doc_count_all, "toc": Whoosh TOC generation,
                     "least": the fewest documents a stored gram is in,
                     "terms": {field: {gram: [offset, length]}}}, then the bitsets
                    (``int.to_bytes(..., "little")``, trailing zero bytes dropped)

Bitsets are over Whoosh docnums of that exact TOC, deleted documents included (like
``term_mask``): a reader checks ``documents`` and ``toc`` against the index it opened and
ignores a file that does not match; a generation without the file (built before it
existed) is read the old way. Every reindex that publishes a generation writes the file
anew (an incremental one renumbers documents when segments merge), under a new inode: a
hard link from the previous generation is replaced, never written through.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Container, Iterable
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index

from indexer.durable import replaced_whole
from indexer.segment_grams import (
    SegmentGrams,
    from_writer,
    read_recorded,
    read_segment,
    write_recorded,
)
from indexer.whoosh_adapter import DenseTerms, block_ids, term_postings

FILE = "frequent.bin"
MAGIC = b"union-search frequent grams 1\n"
GRAM_FIELDS = ("title_gram", "body_gram")
# A gram in at least this share of the documents gets a stored bitset (size / 8 bytes).
# At 20,000 recombined documents: 1/8 stores 548 grams in 1.4 MB and saves 21 % of the
# slowest queries' CPU time, 1/32 stores 2,484 grams in 6.3 MB and saves 27 %; the index
# size target (≤ 2× FTS5's, 1.97× at 100,000 documents) leaves room for the first only.
MIN_SHARE = 1 / 8
# A gram in fewer documents than this is never stored, however small the index.
MIN_DOCUMENTS = 4
# The writers report each segment's grams in at least this share of its documents.
DENSE_SHARE = MIN_SHARE


def dense_terms() -> DenseTerms:
    """What a writer is asked to report of the segment it writes (``writer_report``)."""
    return DenseTerms(DENSE_SHARE, GRAM_FIELDS)


def min_documents(size: int, share: float = MIN_SHARE) -> int:
    """The fewest documents a gram must be in for its bitset to be stored."""
    return max(MIN_DOCUMENTS, math.ceil(size * share))


def postings_mask(reader, fieldname: str, term: bytes, size: int) -> int:
    """The bitset of documents whose ``fieldname`` holds ``term``, decoded from its
    postings (deleted documents included: callers AND with the live documents)."""
    bits = bytearray((size + 7) // 8)
    for sub, offset in reader.leaf_readers():
        m = term_postings(sub, fieldname, term)
        if m is not None:
            for d in block_ids(m):
                d += offset
                bits[d >> 3] |= 1 << (d & 7)
    return int.from_bytes(bits, "little")


def _segment_grams(
    reader, share: float, reports: Iterable[SegmentGrams], previous: Path | None
) -> list[tuple[object, SegmentGrams, int]]:
    """Each segment of ``reader`` with its dense grams and its first docnum: as this
    reindex's writers reported them, else as recorded in ``previous`` for a kept segment,
    else read from its term table (see ``indexer/segment_grams.py``)."""
    known = {g.segment_id: g for g in reports if g.share == share}
    recorded = (
        read_recorded(previous, share, lambda n, toc: FrequentSets.open(previous, n, toc))
        if previous is not None
        else {}
    )
    out = []
    for sub, offset in reader.leaf_readers():
        sid = sub.segment().segment_id()
        n = sub.doc_count_all()
        grams = known.get(sid) or recorded.get(sid)
        if grams is None or grams.documents != n:
            grams = read_segment(sub, sid, share, GRAM_FIELDS)
        out.append((sub, grams, offset))
    return out


def writer_report(segment_id: str, writer) -> SegmentGrams | None:
    """The dense grams a writer made with ``dense_terms()`` reported of the segment it
    wrote, or None."""
    return from_writer(segment_id, getattr(writer, "dense", None), GRAM_FIELDS)


def write_frequent_sets(
    gen_path: Path,
    share: float = MIN_SHARE,
    reports: Iterable[SegmentGrams] = (),
    previous: Path | None = None,
) -> int:
    """Write ``frequent.bin`` for the Whoosh index in ``gen_path``, with the bitsets of
    the grams in at least ``share`` of its documents, and beside it each segment's dense
    grams; returns the file's size. ``reports`` are what this reindex's writers reported of
    the segments they wrote; ``previous`` is the generation ``gen_path`` was copied from
    (None for a full rebuild), whose record serves the segments kept from it."""
    ix = whoosh_index.open_dir(str(gen_path))
    toc = ix.latest_generation()
    terms: dict[str, dict[str, list[int]]] = {}
    blobs: list[bytes] = []
    offset = 0
    with ix.reader() as reader:
        size = reader.doc_count_all()
        least = min_documents(size, share)
        segments = _segment_grams(reader, share, reports, previous)
        if size >= least:
            for fieldname in GRAM_FIELDS:
                entries: dict[str, list[int]] = {}
                candidates = set()
                for _sub, grams, _start in segments:
                    candidates.update(grams.counts.get(fieldname, ()))
                # UTF-8 sorts as code points do: the order of the terms' bytes.
                for gram in sorted(candidates):
                    # Exact counts first (a term-table lookup where the gram is not
                    # dense in a segment): most candidates stop here, no posting read.
                    total = 0
                    for sub, grams, _start in segments:
                        df = grams.counts.get(fieldname, {}).get(gram)
                        total += df if df is not None else sub.doc_frequency(fieldname, gram)
                    if total < least:
                        continue
                    mask = 0
                    for sub, grams, start in segments:
                        mask |= grams.segment_bits(sub, fieldname, gram) << start
                    if mask.bit_count() < least:
                        continue
                    blob = mask.to_bytes((mask.bit_length() + 7) // 8, "little")
                    entries[gram] = [offset, len(blob)]
                    blobs.append(blob)
                    offset += len(blob)
                if entries:
                    terms[fieldname] = entries
        for _sub, grams, _start in segments:
            if grams.stored is not None:
                grams.stored.close()
    header = json.dumps(
        {"documents": size, "toc": toc, "least": least, "terms": terms}, ensure_ascii=False
    ).encode("utf-8")
    path = gen_path / FILE
    with replaced_whole(path, binary=True) as f:
        f.write(MAGIC + len(header).to_bytes(4, "little") + header)
        for blob in blobs:
            f.write(blob)
    write_recorded(gen_path, share, size, toc, [(g, start) for _sub, g, start in segments])
    return path.stat().st_size


@dataclass
class FrequentSets:
    """The stored bitsets of one generation, read on demand (the OS page cache keeps them,
    shared by every server process)."""

    fd: int | None
    base: int  # where the bitsets start in the file
    terms: dict[str, dict[str, list[int]]]
    least: int = 0  # every gram in at least this many documents is stored

    @classmethod
    def none(cls) -> FrequentSets:
        return cls(None, 0, {})

    @classmethod
    def open(cls, gen_path: Path, documents: int, toc: int) -> FrequentSets:
        """The generation's bitsets, or none when it has no file (built before it existed)
        or the file was written for another state of the index."""
        try:
            fd = os.open(gen_path / FILE, os.O_RDONLY)
        except FileNotFoundError:
            return cls.none()
        try:
            head = os.pread(fd, len(MAGIC) + 4, 0)
            if head[: len(MAGIC)] != MAGIC:
                raise ValueError("not a frequent-grams file")
            length = int.from_bytes(head[len(MAGIC) :], "little")
            meta = json.loads(os.pread(fd, length, len(head)))
            if meta["documents"] != documents or meta["toc"] != toc:
                raise ValueError("written for another index state")
            end = max(
                (o + n for grams in meta["terms"].values() for o, n in grams.values()), default=0
            )
            if os.fstat(fd).st_size != len(head) + length + end:
                raise ValueError("truncated")
        except (ValueError, KeyError):
            os.close(fd)
            return cls.none()
        return cls(fd, len(head) + length, meta["terms"], meta["least"])

    def get(self, fieldname: str, gram: str) -> int | None:
        """The bitset of documents whose ``fieldname`` holds ``gram`` (deleted ones
        included), or None when it is not stored."""
        entry = self.terms.get(fieldname, {}).get(gram)
        if entry is None or self.fd is None:
            return None
        offset, length = entry
        return int.from_bytes(os.pread(self.fd, length, self.base + offset), "little")

    def grams(self, fieldname: str) -> Container[str]:
        """The grams of ``fieldname`` whose bitsets are stored (the frequent ones)."""
        return self.terms.get(fieldname, {})

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def __del__(self) -> None:
        self.close()
