"""The one module that touches Whoosh internals (whoosh-reloaded 2.7.5).

Everything else uses Whoosh's public API. What is used here, and why:

Writing (``FastSegmentWriter``, ``worker_writer``, ``finish_worker_segment``):

* ``SegmentWriter._flush_segment`` is overridden, using the writer attributes
  ``perdocwriter``, ``fieldwriter``, ``pool.iter_postings()``, ``docnum``, ``docbase``,
  ``codec.length_stats`` and ``per_document_reader()``: while writing postings Whoosh asks
  for the document's field length once per posting, and for fields without lengths (our
  unscored gram fields) looks for the missing column every time; here lengths are read
  once per field (``whoosh.codec.whoosh3._lenfield``, ``LENGTHS_COLUMN``).
* ``SegmentWriter(ix, _lk=False)`` and ``SegmentWriter._finalize_segment()``: indexing
  worker processes each write one segment into the generation being built, without the
  index lock (the parent holds the reindex lock), and hand the finished segment object to
  the parent, which commits it with the public ``commit(mergetype=...)``. Whoosh's own
  ``MpWriter`` does the same with the same internals.
* ``PostingPool`` (``whoosh.writing``) replaces the writer's ``pool``, overriding
  ``save``, ``items``, ``_write_run`` and ``_read_run`` (and using ``current``, ``runs``,
  ``reduce_to``, ``_open_run``/``_remove_run``): when a writer's postings reach its
  ``limitmb`` (the flush budget, ``Settings.flush_mb``), Whoosh sorts them and writes them
  to disk as a run, and
  the segment is written at the end from a streaming merge of the runs. Whoosh marshals a
  run one posting per call and reads it back through ``marshal.load`` on a file (Python
  calls per object); here a run is length-prefixed chunks of 4,096 postings, read with
  ``marshal.loads``: the same postings in the same order, read back about four times
  faster (a 2,000-document profile: 5.3 s → 1.3 s); the postings still in memory at the
  end join the merge directly instead of going through one more run.
  ``runs_written`` counts the runs, for the reindex report.

``W3FieldWriter._tindex.buckets`` (a ``HashWriter``'s 256 lists of (hash, position)
tuples, filled while terms are written, turned into the on-disk table at close) are
replaced by ``_HashSlots``, two arrays per bucket that ``append``, ``len`` and iterate the
same pairs: the same term table, about an eighth of the memory per term.

``W3PostingsWriter._mini_weights`` is extended (``_IntWeightsPostingsWriter``, made by
``_WriterCodec.postings_writer``): a block's whole-number weights are pickled as ints.

Writer tuning done through public arguments: postings held in memory are bounded by
``limitmb`` (the flush budget, see above), blocks are written uncompressed
(``W3Codec(compression=0)``: zlib cost more than the disk it saved; each block records its
compression, so any index still reads), and segments are plain files (``compound=False``:
Whoosh reads a compound segment into memory for every reader it opens, a copy of the index
per searcher thread, while plain files are shared through the OS page cache). Postings are
never inlined in the term table (``inlinelimit`` stays 1): in whoosh-reloaded 2.7.5 the
writer calls a method ``W3TermInfo`` does not have, and merging a segment whose inlined
postings carry no values (our existence-only gram fields) fails on a ``str`` value.

Reading (``raw_postings``, ``block_ids``, ``block_weights``, ``segment_field_lengths``):

* ``FilterMatcher.child``: a segment with deletions wraps its postings in a FilterMatcher
  that checks every posting one by one; callers mask deleted documents with bitsets.
* The W3 leaf matcher's block internals ``_read_ids()``, ``_ids``, ``_read_weights()``,
  ``_weights``, ``_lastblock``, ``_next_block()``: postings are read a block at a time
  instead of through one method call per posting.
* ``SegmentReader._perdoc`` and the ``_<field>_len`` length column (one byte per document
  in Whoosh's length encoding): all field lengths of a segment at once.

``tests/indexer/test_whoosh_adapter.py`` checks every reader here against the public API
on a real index (postings, weights, field lengths), so a Whoosh upgrade that
changes any of this fails there, loudly.
"""

from __future__ import annotations

import heapq
import marshal
import struct
from array import array
from collections.abc import Iterator

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3PostingsWriter, _lenfield
from whoosh.matching import FilterMatcher
from whoosh.util.numeric import byte_to_length
from whoosh.writing import PostingPool, SegmentWriter

# -- writing -----------------------------------------------------------------------


class _IntWeightsPostingsWriter(W3PostingsWriter):
    """Whoosh's postings writer, with a block's weights pickled as ints when they all are
    whole numbers (a word field's frequency times an integral boost): pickle spends 9
    bytes on a float and 2 or 3 on a small int (14 MB of the laws' 38 MB of word
    postings). The reader returns the pickled tuple as it is, and every use of a weight
    (Whoosh's scorers, ``block_weights``, a merge writing it again) is arithmetic, where
    an int and the float of the same value give the same result."""

    def _mini_weights(self):
        weights = super()._mini_weights()
        if isinstance(weights, tuple) and all(w.is_integer() for w in weights):
            return tuple(int(w) for w in weights)
        return weights


class _WriterCodec(W3Codec):
    """W3Codec writing with ``_IntWeightsPostingsWriter``. A segment pickles its codec
    into the index's table of contents: this one is pickled as the plain ``W3Codec`` it
    reads exactly like, so no index file names this module."""

    def postings_writer(self, dbfile, byteids=False):
        return _IntWeightsPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def __reduce__(self):
        return W3Codec, (self._blocklimit, self._compression, self._inlinelimit)


def writer_codec() -> W3Codec:
    return _WriterCodec(compression=0)


class _FieldLengths:
    """``doc_field_length`` for add_postings, from per-field lists read once."""

    def __init__(self, per_doc_reader, doc_count: int):
        self._pdr = per_doc_reader
        self._count = doc_count
        self._lengths: dict[str, list[int] | None] = {}

    def _field(self, fieldname: str) -> list[int] | None:
        if fieldname not in self._lengths:
            column = _lenfield(fieldname)
            values = None
            if self._pdr.has_column(column):
                reader = self._pdr.column_reader(column, LENGTHS_COLUMN)
                values = [byte_to_length(reader[d]) for d in range(self._count)]
            self._lengths[fieldname] = values
        return self._lengths[fieldname]

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        values = self._field(fieldname)
        return values[docnum] if values is not None else default


# Postings per marshalled chunk of a run: one C call per chunk instead of one per posting
# each way, and the merge holds one chunk per run in memory.
RUN_CHUNK = 4096
_CHUNK_LEN = struct.Struct("<I")


class _ChunkedPostingPool(PostingPool):
    """Whoosh's pool of postings, with sorted runs written and read a chunk at a time."""

    runs_written = 0

    def save(self):
        if self.current:
            self.runs_written += 1
        super().save()

    # Each chunk is a length and a marshal: ``marshal.load`` on a file reads through
    # Python-level calls per object, ``marshal.loads`` on bytes does not.
    def _write_run(self, f, items):
        for i in range(0, len(items), RUN_CHUNK):
            data = marshal.dumps(items[i : i + RUN_CHUNK])
            f.write(_CHUNK_LEN.pack(len(data)))
            f.write(data)
        f.close()

    def items(self, maxfiles=128):
        # The postings still in memory join the merge as they are, not through a run.
        if not self.runs:
            return sorted(self.current)
        current, self.current = self.current, []
        current.sort()
        if len(self.runs) >= maxfiles:
            self.reduce_to(maxfiles - 1, maxfiles)
        runs, self.runs = self.runs, []
        return heapq.merge(*(self._read_run(path) for path in runs), current)

    def _read_run(self, path):
        f = self._open_run(path)
        try:
            while header := f.read(_CHUNK_LEN.size):
                (n,) = _CHUNK_LEN.unpack(header)
                yield from marshal.loads(f.read(n))
        finally:
            f.close()
            self._remove_run(path)


class _HashSlots:
    """One bucket of Whoosh's term table writer (``HashWriter.buckets``): the (hash,
    position) of every term written, kept in two arrays (16 bytes a term) instead of a
    list of tuples (about 125), until the table is written when the segment closes."""

    __slots__ = ("hashes", "positions")

    def __init__(self):
        self.hashes = array("Q")
        self.positions = array("Q")

    def append(self, entry: tuple[int, int]) -> None:
        self.hashes.append(entry[0])
        self.positions.append(entry[1])

    def __len__(self) -> int:
        return len(self.hashes)

    def __iter__(self):
        return zip(self.hashes, self.positions, strict=True)


class FastSegmentWriter(SegmentWriter):
    """A SegmentWriter tuned for how we index (see the module docstring)."""

    def __init__(self, ix, limitmb: int, **kwargs):
        kwargs.setdefault("codec", writer_codec())
        kwargs.setdefault("compound", False)
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = _ChunkedPostingPool(self._tempstorage, self.newsegment, limitmb=limitmb)
        # Held until the segment closes, one entry per distinct term: it grows with the
        # vocabulary, whatever the flush budget.
        tindex = self.fieldwriter._tindex
        tindex.buckets = [_HashSlots() for _ in tindex.buckets]

    def _flush_segment(self):
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        lengths = _FieldLengths(pdr, self.docnum - self.docbase) if pdr else None
        self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        self.fieldwriter.close()
        if pdr:
            pdr.close()


def worker_writer(ix, limitmb: int) -> FastSegmentWriter:
    """A writer for one worker's segment; the parent process holds the index lock."""
    return FastSegmentWriter(ix, limitmb, _lk=False)


def runs_written(writer: FastSegmentWriter) -> int:
    """How many sorted runs of postings ``writer`` wrote to disk at its memory limit."""
    return writer.pool.runs_written


def finish_worker_segment(writer: FastSegmentWriter):
    """Write out the worker's segment and return it, for the parent's commit."""
    return writer._finalize_segment()


# -- reading -----------------------------------------------------------------------


def raw_postings(sub, fieldname: str, term: bytes):
    """A segment's postings for ``term``, deleted documents included."""
    m = sub.postings(fieldname, term)
    while isinstance(m, FilterMatcher):
        m = m.child
    return m


def _has_blocks(m) -> bool:
    return hasattr(m, "_read_ids")


def _blocks(m):
    while m.is_active():
        m._read_ids()
        yield m
        if m._lastblock:
            break
        m._next_block()


def block_ids(m) -> Iterator[int]:
    """The docnums of matcher ``m``, a block at a time where the matcher allows it."""
    if not _has_blocks(m):
        yield from m.all_ids()
        return
    for block in _blocks(m):
        yield from block._ids


def block_weights(m) -> Iterator[tuple[int, float]]:
    """(docnum, weight) for every posting of ``m``."""
    if not _has_blocks(m):
        while m.is_active():
            yield m.id(), m.weight()
            m.next()
        return
    for block in _blocks(m):
        block._read_weights()
        yield from zip(block._ids, block._weights, strict=True)


def segment_field_lengths(sub, fieldname: str) -> list[int]:
    """The length of ``fieldname`` in every document of segment reader ``sub`` (deleted
    documents included), read as one column where the segment has it."""
    count = sub.doc_count_all()
    perdoc = getattr(sub, "_perdoc", None)
    column = _lenfield(fieldname)
    if perdoc is not None and perdoc.has_column(column):
        reader = perdoc.column_reader(column, LENGTHS_COLUMN)
        return [byte_to_length(reader[d]) for d in range(count)]
    return [sub.doc_field_length(d, fieldname) for d in range(count)]
