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

Existence-only fields given ``TermSet`` values (our gram fields: a posting per distinct
bigram of a document, most of the postings) and ``Frequency`` fields given ``TermCounts``
values (our word fields: term → frequency) bypass the pool, and so do the string values of
existence-only fields analysed by a bare ``IDTokenizer`` (our ``ID`` fields: the id, the
source file, the facets; one term, the value): ``FastSegmentWriter.add_document`` is
Whoosh's ``SegmentWriter.add_document`` (``_check_state``, ``_doc_boost``, the keyword
``_field_boost`` reads, ``_check_fields``, ``perdocwriter.start_doc``/``add_field``/
``add_column_value``/``finish_doc``/``cancel_doc``, ``_added``, ``docnum``; the other
fields' postings go to ``pool.add`` as Whoosh adds them; no spelling or vector fields) and
keeps these as term → array of docnums, or of (docnum, frequency) pairs (``_TermSets``,
spilled with the pool's runs, in its budget). ``write_postings`` writes the pooled fields
through Whoosh's ``add_postings`` and these with ``write_bulk_field``/
``write_counted_field``, in field-name order, using ``W3FieldWriter.start_field``/
``finish_field``, ``_postfile``, ``_tindex``, ``_fieldid``, ``_postwriter``
(``_blocklimit``, ``_compression``, ``_inlinelimit``, ``_byteids``),
``WHOOSH3_HEADER_MAGIC``, ``W3TermInfo._struct`` (a term's statistics: total weight,
document frequency, min/max length bytes, max weight, first/last docnum, then its extent)
and, for the term table, ``OrderedHashWriter``'s ``dbfile``, ``buckets``, ``index``,
``lastkey`` and ``hashfn`` (``md5_hash``): it writes the same bytes as ``W3PostingsWriter``
and ``OrderedHashWriter.add`` would, a posting list at a time and the term rows a batch of
terms at a time; a word posting's length is the document's field length as Whoosh reads it
back (``_FieldLengths``). ``tests/indexer/test_bulk_postings.py`` compares the segment files
byte for byte with Whoosh's own writer's and reads the word postings, term statistics and
field lengths back through Whoosh's public reader API.

Existence-only fields may also be given ``KeyedTermSet`` values (our gram fields: the
terms packed in integer keys, ``indexer/gram_keys.py``): each document's keys, or'd with
its docnum, are one numpy array, and one sort at the flush inverts them all
(``posting_arrays.KeyColumn``); ``write_bulk_field`` writes the result (``Inverted``) with numpy's
delta encoding, the same bytes. numpy is imported when a ``FastSegmentWriter`` is made
(before a reindex forks its workers), never by the reading side.

Frequency fields may also be given ``WordIdCounts`` values (our word fields: a document's
distinct word ids in the indexing process's vocabulary, and their counts): appended to the
field's column (``posting_arrays.CountColumn``), ranked by their words' order and inverted
by one sort at the flush (``InvertedCounts``), written by ``write_counted_field``: the same bytes.

``W3FieldWriter._tindex.buckets`` (a ``HashWriter``'s 256 lists of (hash, position)
tuples, filled while terms are written, turned into the on-disk table at close) are
replaced by ``_HashSlots``, two arrays per bucket that ``append``, ``len`` and iterate the
same pairs: the same term table, about an eighth of the memory per term; and the term
table writer's class is swapped for ``_TermTableWriter``, an ``OrderedHashWriter`` whose
``_write_hashes`` (using ``directory``) writes each hash table in one call instead of a
call per slot.

A writer can also report, as it writes them, the terms of its existence-only fields found
in at least a share of the segment's documents, with their docnums (``DenseTerms``, set
as ``FastSegmentWriter.dense`` before the segment is written): the posting lists are in
hand there, so the frequent grams of a segment are known without reading its term table
back (``indexer/segment_grams.py``).

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

Reading (``raw_postings``, ``term_postings``, ``block_ids``, ``block_weights``, ``weights_of``,
``term_weights_of``, ``segment_field_lengths``):

* ``SegmentReader._terms.matcher``: a segment with deletions wraps its postings in a
  FilterMatcher that checks every posting one by one (and has skipped the leading
  deleted ones when it is made); callers mask deleted documents with bitsets, so the
  postings are read from the segment's term reader directly, deleted documents included.
* The W3 leaf matcher's block internals ``_read_data()``, ``_data``, ``_byteids``,
  ``_ids``, ``_read_weights()``, ``_weights``, ``_lastblock``, ``_next_block()``:
  postings are read a block at a time instead of through one method call per posting,
  their docnums decoded with ``itertools.accumulate`` (what ``_read_ids`` does with a
  Python generator).
* The W3 posting-list format (``W3PostingsWriter._write_block``: the header magic, then
  per block a signed length, a pickled header tuple and the pickled data), where it
  starts (``W3LeafMatcher._postfile``/``_startoffset``/``_length``, or
  ``W3TermInfo.extent()`` and the segment's ``_terms._postfile``): ``weights_of`` and
  ``term_weights_of`` read a term's list with one ``get`` and parse it themselves,
  skipping the blocks whose header's last docnum shows they hold none of the documents
  asked about.
* ``SegmentReader._perdoc`` and the ``_<field>_len`` length column (one byte per document
  in Whoosh's length encoding): all field lengths of a segment at once.
* ``W3PerDocReader._cached_reader`` and the stored column's readers (``PickleColumn.Reader``
  wrapping ``CompressedBytesColumn.Reader``, its ``_decompress``): ``fast_stored_fields``
  inflates each document's stored record with ISA-L (``isal``) instead of zlib, the same
  bytes in about half the time (a page's stored records were a seventh of a query's CPU).
* ``StructFile.get`` (a seek and a read of the wrapped file) and the files a segment reader
  holds (``_terms._dbfile``, ``_terms._postfile``, ``_perdoc._colfiles``):
  ``positional_reads`` reads them with ``os.pread`` instead, the same bytes without the
  seek and the buffer filled around them.

Scoring outside Whoosh's collector (``block_postings``, ``or_sum_order``,
``bm25f_parameters``, ``expanded_terms``; the document page's related documents,
``search/related.py``):

* ``W3LeafMatcher``'s blocks as above; ``UnionMatcher.a``/``.b``,
  ``ArrayUnionMatcher._submatchers``, ``WrappingMatcher.child`` and ``Or``'s choice of an
  ``ArrayUnionMatcher`` (``TOO_MANY_CLAUSES``, a segment of at most 5,000 documents,
  ``context.needs_current``, ``scale``): the order in which Or adds its terms' scores.
* ``BM25F._field_B``, ``B`` and ``K1``: the parameters a field is scored with.
* Which reader methods ``classify.Expander`` calls: ``doc_count_all()``,
  ``field_length(field)`` and ``schema`` when made, then ``(field, btext) in reader`` and
  ``frequency(field, btext)`` per word in ``expanded_terms``: ``expanded_terms`` hands it a
  reader answering those from the caller's collection frequencies (remembered per
  generation) instead of two look-ups of Whoosh's term table per word and segment.
  ``tests/search/test_related.py`` compares the words, weights, documents and scores with
  Whoosh's own ``Expander`` over its reader and its own search, float for float.

``tests/indexer/test_whoosh_adapter.py`` checks every reader here against the public API
on a real index (postings, weights, field lengths), so a Whoosh upgrade that
changes any of this fails there, loudly.
"""

from __future__ import annotations

import heapq
import marshal
import math
import os
import pickle
import struct
import zlib
from array import array
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from hashlib import md5
from io import BufferedReader, BytesIO
from itertools import accumulate, groupby, repeat
from operator import itemgetter, sub
from typing import Any

from isal import isal_zlib
from whoosh import classify
from whoosh.analysis import IDTokenizer
from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    STORED_COLUMN,
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3LeafMatcher,
    W3PostingsWriter,
    W3TermInfo,
    _lenfield,
)
from whoosh.columns import CompressedBytesColumn
from whoosh.fields import FieldType
from whoosh.filedb.filetables import OrderedHashWriter, md5_hash
from whoosh.filedb.structfile import StructFile
from whoosh.formats import Existence, Frequency
from whoosh.matching import NullMatcherClass, UnionMatcher, WrappingMatcher
from whoosh.matching.combo import ArrayUnionMatcher
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.system import pack_int, pack_uint, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import PostingPool, SegmentWriter

from indexer.posting_arrays import CountColumn, Inverted, InvertedCounts, KeyColumn

# -- writing -----------------------------------------------------------------------


class _IntWeightsPostingsWriter(W3PostingsWriter):
    """Whoosh's postings writer, with a block's weights pickled as ints when they all are
    whole numbers (a word field's frequency times an integral boost): pickle spends 9
    bytes on a float and 2 or 3 on a small int (14 MB of the laws' 38 MB of word
    postings). The reader returns the pickled tuple as it is, and every use of a weight
    (Whoosh's scorers, ``block_weights``, a merge writing it again) is arithmetic, where
    an int and the float of the same value give the same result."""

    def _mini_weights(self):
        return whole_weights(super()._mini_weights())


def whole_weights(weights):
    """A block's pickled weights as ``_IntWeightsPostingsWriter`` writes them: a tuple of
    whole numbers as ints (the bulk writers must write the same bytes)."""
    if isinstance(weights, tuple):
        try:
            ints = tuple(map(int, weights))
        except (OverflowError, ValueError):  # an infinity or a NaN: not whole
            return weights
        if ints == weights:  # each int equals its float: every weight is whole
            return ints
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

    def field(self, fieldname: str) -> list[int] | None:
        """Every document's length of ``fieldname`` as Whoosh reads it back (its length
        byte decoded), or None where the segment has no such column."""
        if fieldname not in self._lengths:
            column = _lenfield(fieldname)
            values = None
            if self._pdr.has_column(column):
                reader = self._pdr.column_reader(column, LENGTHS_COLUMN)
                values = [byte_to_length(reader[d]) for d in range(self._count)]
            self._lengths[fieldname] = values
        return self._lengths[fieldname]

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        values = self.field(fieldname)
        return values[docnum] if values is not None else default


# Postings per marshalled chunk of a run: one C call per chunk instead of one per posting
# each way, and the merge holds one chunk per run in memory.
RUN_CHUNK = 4096
_CHUNK_LEN = struct.Struct("<I")
_BLOCK_LENGTH = struct.Struct("!i")  # a W3 posting block's length, as StructFile writes it


def _read_marshal_run(pool, path: str) -> Iterator:
    """The items of one sorted run written by ``_write_chunk`` (chunks of marshalled
    lists), removing the file once read; ``pool`` opens and removes run files."""
    f = pool._open_run(path)
    try:
        while header := f.read(_CHUNK_LEN.size):
            (n,) = _CHUNK_LEN.unpack(header)
            yield from marshal.loads(f.read(n))
    finally:
        f.close()
        pool._remove_run(path)


class _ChunkedPostingPool(PostingPool):
    """Whoosh's pool of postings, with sorted runs written and read a chunk at a time."""

    runs_written = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.term_sets = _TermSets(self)  # the existence-only fields' postings

    def save(self):
        if self.current or self.term_sets:
            self.runs_written += 1
        super().save()
        self.term_sets.spill()

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
        return _read_marshal_run(self, path)


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


_POINTER = struct.Struct("!Iq")  # a hash table slot: hash, key position (filetables._pointer)


class _TermTableWriter(OrderedHashWriter):
    """Whoosh's term table writer (``W3FieldWriter._tindex``), writing its 256 hash
    tables with one write each instead of a write per slot: the same tables (each
    bucket's entries placed in order by linear probing from ``(hash >> 8) % slots``, a
    slot empty while its position is 0, which no key has: the file starts with a
    header)."""

    def _write_hashes(self):
        dbfile = self.dbfile
        for entries in self.buckets:
            numslots = 2 * len(entries)
            self.directory.append((dbfile.tell(), numslots))
            hashes, positions = [0] * numslots, [0] * numslots
            for hashval, position in entries:
                slot = (hashval >> 8) % numslots
                while positions[slot]:
                    slot = (slot + 1) % numslots
                hashes[slot], positions[slot] = hashval, position
            dbfile.write(b"".join(map(_POINTER.pack, hashes, positions)))


@dataclass
class DenseTerms:
    """What a writer reports of the segment it writes: for each of ``fields`` (fields
    given ``TermSet`` values), its terms found in at least ``floor(share × documents)``
    (and at least one) of the segment's documents, with their docnums in the segment.
    ``complete`` is False when some of those postings went through Whoosh's own writer
    (a merged segment's field without new documents): then ``terms`` may miss some, and
    the segment must be read instead."""

    share: float
    fields: tuple[str, ...]
    documents: int = 0  # of the segment, once written
    terms: dict[str, dict[str, array]] = field(default_factory=dict)
    complete: bool = True

    def floor(self) -> int:
        return max(1, math.floor(self.share * self.documents))


class FastSegmentWriter(SegmentWriter):
    """A SegmentWriter tuned for how we index (see the module docstring)."""

    def __init__(self, ix, limitmb: int, dense: DenseTerms | None = None, **kwargs):
        kwargs.setdefault("codec", writer_codec())
        kwargs.setdefault("compound", False)
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.dense = dense
        self._plans: dict[str, tuple] = {}  # field name -> what add_document needs of it
        self.pool = _ChunkedPostingPool(self._tempstorage, self.newsegment, limitmb=limitmb)
        # Held until the segment closes, one entry per distinct term: it grows with the
        # vocabulary, whatever the flush budget.
        tindex = self.fieldwriter._tindex
        tindex.buckets = [_HashSlots() for _ in tindex.buckets]
        tindex.__class__ = _TermTableWriter
        # numpy inverts the ``KeyedTermSet`` fields: imported with the writer, so a
        # reindex's workers, forked after the parent made its writer, find it loaded.
        import numpy  # noqa: F401

    def add_document(self, **fields):
        """Whoosh's ``SegmentWriter.add_document`` (the same stored fields, columns,
        lengths and postings), except that these postings skip its pool: ``TermSet``
        values of existence-only fields and ``TermCounts`` values of frequency fields,
        and the plain string values of existence-only fields analysed whole (``ID``
        fields: a document's id, file, facets), which go to the pool's term sets instead
        of through Whoosh's analyzer, one pool tuple per posting and, at the flush, its
        posting writer a posting at a time. What Whoosh decides per field and document
        from the field alone (its kind, stored or not, its column, the names of its
        stored value and boost) is decided once per field (``_plan``)."""
        self._check_state()
        pdw, docnum, plan = self.perdocwriter, self.docnum, self._plan
        add_post, sets = self.pool.add, self.pool.term_sets
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(self.schema, fieldnames)
        pdw.start_doc(docnum)
        try:
            for name in fieldnames:
                value = fields[name]
                if value is None:
                    continue
                fieldobj, indexed, bulk, counted, whole, stored_key, boost_key = plan(name)
                length = 0
                if indexed:
                    fieldboost = float(fields[boost_key]) if boost_key in fields else docboost
                    if isinstance(value, TermSet):
                        if not bulk:
                            raise ValueError(f"field {name!r} cannot hold a TermSet")
                        if value.terms:
                            sets.add(name, docnum, value.terms, value.weight * fieldboost)
                    elif isinstance(value, KeyedTermSet):
                        if not bulk:
                            raise ValueError(f"field {name!r} cannot hold a KeyedTermSet")
                        if len(value.keys):
                            sets.add_keys(name, docnum, value, value.weight * fieldboost)
                    elif isinstance(value, TermCounts):
                        if not counted:
                            raise ValueError(f"field {name!r} cannot hold a TermCounts")
                        if value.counts:
                            # What Whoosh records for a scorable field: the sum of the
                            # frequencies.
                            length = sum(value.counts.values())
                            sets.add_counts(name, docnum, value.counts, value.boost, fieldboost)
                    elif isinstance(value, WordIdCounts):
                        if not counted:
                            raise ValueError(f"field {name!r} cannot hold a WordIdCounts")
                        if value.length:
                            length = value.length
                            sets.add_id_counts(name, docnum, value, fieldboost)
                    elif whole is not None and isinstance(value, str):
                        # Existence.word_values of an IDTokenizer's one token.
                        sets.add_one(name, docnum, value, whole * fieldboost)
                    else:
                        scorable = fieldobj.scorable
                        for tbytes, freq, weight, vbytes in fieldobj.index(value):
                            if scorable:
                                length += freq
                            add_post((name, tbytes, docnum, weight * fieldboost, vbytes))
                customval = fields.get(stored_key, value)
                pdw.add_field(name, fieldobj, customval if fieldobj.stored else None, length)
                column = fieldobj.column_type
                if column and customval is not None:
                    pdw.add_column_value(name, column, fieldobj.to_column_value(customval))
        except Exception:
            pdw.cancel_doc()
            raise
        pdw.finish_doc()
        self._added = True
        self.docnum += 1

    def _plan(self, name: str) -> tuple:
        """What ``add_document`` needs of a field that depends on the field alone: the
        field, whether it is indexed, takes ``TermSet`` / ``TermCounts`` values, indexes a
        string whole (then its format's field boost, else None), and the keywords of its
        stored value and boost (Whoosh's ``_stored_NAME`` and ``_NAME_boost``)."""
        plans = self._plans
        plan = plans.get(name)
        if plan is None:
            fieldobj = self.schema[name]
            if fieldobj.separate_spelling() or fieldobj.vector:
                raise ValueError(f"field {name!r}: spelling and vectors are not written")
            whole = fieldobj.format.field_boost if _whole_value_field(fieldobj) else None
            plan = plans[name] = (
                fieldobj,
                fieldobj.indexed,
                _bulk_field(fieldobj),
                _counted_field(fieldobj),
                whole,
                f"_stored_{name}",
                f"_{name}_boost",
            )
        return plan

    def _flush_segment(self):
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        lengths = _FieldLengths(pdr, self.docnum - self.docbase) if pdr else None
        write_postings(self, lengths)
        self.fieldwriter.close()
        if pdr:
            pdr.close()


# -- term sets and term counts, written in bulk -------------------------------------


@dataclass(frozen=True, slots=True)
class TermSet:
    """The terms one document holds in an existence-only field (our gram fields), as a
    value for ``add_document``: each term's posting is only (document, ``weight``).

    ``FastSegmentWriter`` keeps them out of Whoosh's posting pool (see ``_TermSets``); any
    other writer indexes them through the field, term by term (``TermSet.items``)."""

    terms: Collection[str]
    weight: float

    def items(self) -> Iterator[tuple[bytes, int, float, bytes]]:
        """(term, frequency, weight, value) as a field's ``index`` yields them."""
        weight = self.weight
        return ((t.encode("utf-8"), 1, weight, b"") for t in self.terms)


@dataclass(frozen=True, slots=True)
class KeyedTermSet:
    """A ``TermSet`` whose terms are packed in integer keys (our gram fields': see
    ``indexer.gram_keys``): a numpy uint64 array of distinct keys below ``2**key_bits``,
    whose order is the terms' order, and ``terms_of`` turns an array of keys into the
    terms. ``FastSegmentWriter`` inverts them with one numpy sort at the flush
    (``KeyColumn``); any other writer indexes them term by term (``items``)."""

    keys: Any
    weight: float
    terms_of: Callable[[Any], list[str]]
    key_bits: int

    def items(self) -> Iterator[tuple[bytes, int, float, bytes]]:
        """(term, frequency, weight, value) as a field's ``index`` yields them."""
        weight = self.weight
        return ((t.encode("utf-8"), 1, weight, b"") for t in self.terms_of(self.keys))


@dataclass(frozen=True, slots=True)
class TermCounts:
    """The terms one document holds in a ``Frequency`` field (our word fields) and how
    often, as a value for ``add_document``: each term's posting weighs its frequency times
    ``boost`` (times any field or document boost) and carries the frequency, and the
    field's length is the sum of the frequencies (what ``Frequency.word_values`` gives).

    ``FastSegmentWriter`` keeps them out of Whoosh's posting pool like ``TermSet``; any
    other writer indexes them through the field (``TermCounts.items``)."""

    counts: Mapping[str, int]
    boost: float

    def items(self) -> Iterator[tuple[bytes, int, float, bytes]]:
        """(term, frequency, weight, value) as a field's ``index`` yields them."""
        boost = self.boost
        return ((t.encode("utf-8"), f, f * boost, pack_uint(f)) for t, f in self.counts.items())


@dataclass(frozen=True, slots=True)
class WordIdCounts:
    """``TermCounts`` given as ids: a document's distinct word ids (numpy uint32, any
    order) in ``vocabulary`` (id → word, the indexing process's, which only grows), their
    frequencies beside them, and the field's length (the sum of the frequencies).

    ``FastSegmentWriter`` appends the two arrays to the field's column and inverts the
    column with one sort at its flush (``CountColumn``); any other writer indexes them
    term by term (``items``)."""

    ids: Any
    counts: Any
    length: int
    boost: float
    vocabulary: Sequence[str]

    def items(self) -> Iterator[tuple[bytes, int, float, bytes]]:
        """(term, frequency, weight, value) as a field's ``index`` yields them."""
        boost, vocabulary = self.boost, self.vocabulary
        return (
            (vocabulary[i].encode("utf-8"), f, f * boost, pack_uint(f))
            for i, f in zip(self.ids.tolist(), self.counts.tolist(), strict=True)
        )


def _bulk_field(fieldobj) -> bool:
    """Whether a field's postings are only (document, weight): no value, no length, no
    vector, no spelling; then a posting list is a list of documents."""
    return (
        fieldobj.indexed
        and isinstance(fieldobj.format, Existence)
        and not fieldobj.scorable
        and not fieldobj.vector
        and not fieldobj.separate_spelling()
    )


def _counted_field(fieldobj) -> bool:
    """Whether a field's postings are (document, frequency × boost, the frequency) with the
    document's field length: a scored ``Frequency`` field, no vector, no spelling."""
    return (
        fieldobj.indexed
        and type(fieldobj.format) is Frequency
        and fieldobj.scorable
        and not fieldobj.vector
        and not fieldobj.separate_spelling()
    )


def _whole_value_field(fieldobj) -> bool:
    """Whether a field indexes a string value as one term, the value itself: an
    existence-only field (see ``_bulk_field``) indexed by ``FieldType.index`` (not, say,
    ``NUMERIC``'s own) with a bare ``IDTokenizer`` (``fields.ID``'s analyzer unless it
    lowercases)."""
    return (
        type(fieldobj).index is FieldType.index
        and type(fieldobj.analyzer) is IDTokenizer
        and _bulk_field(fieldobj)
    )


# What a new term costs in memory (its str, an array, a dict slot), and each posting
# after it (4 bytes in the array per number kept): counted in the writer's flush budget.
_TERM_BYTES = 140
_POSTING_BYTES = 4
# The same for a ``KeyedTermSet``'s document (a numpy array's header) and each posting:
# 8 bytes held (the key and the docnum in one uint64), and 8 more while the flush
# concatenates them into one array to sort (its split then needs about 5 bytes a posting).
_KEY_DOC_BYTES = 120
_KEY_POSTING_BYTES = 16
# The same for a frequency field (a longer str, an array of a (docnum, frequency) pair;
# a posting adds two numbers and the array's over-allocation): measured with tracemalloc
# on 120 laws' jieba words, the estimate is within a few percent of the real size.
_COUNTED_TERM_BYTES = 180
_COUNTED_POSTING_BYTES = 10


# The same for a ``WordIdCounts`` posting: its id and frequency held (8 bytes), at the
# flush the docnums, the sort's keys and order, the sorted copies (about 28 more); and a
# word new to the process's vocabulary (its str, a dict slot, a list slot), held for good.
_COUNT_POSTING_BYTES = 36
_VOCABULARY_WORD_BYTES = 140


class _TermSets:
    """The postings of a writer's existence-only and frequency fields, held as field →
    term → an array of document numbers (for a frequency field, (document, frequency)
    pairs one after the other), instead of one Whoosh pool tuple per posting.

    Terms are kept as ``str`` and encoded once each when written (UTF-8 sorts as code
    points do, so the order is the same). Documents are added in docnum order, so each
    array is already sorted: the segment is written a term at a time
    (``write_bulk_field``, ``write_counted_field``), with no per-posting sort, pool or
    method calls. Counted in the pool's flush budget; when it fills, the term sets are
    spilled with the pool's run (sorted by field and term, a chunk at a time) and merged
    term by term at the end."""

    def __init__(self, pool: _ChunkedPostingPool):
        self.pool = pool
        self.fields: dict[str, dict[str, array]] = {}
        self.counted: set[str] = set()  # the frequency fields
        # A field's weighting, from its first document: an existence-only field's
        # posting weight; a frequency field's (boost, field boost), a posting weighing
        # frequency × boost × field boost, as Whoosh computes it.
        self.weights: dict[str, float | tuple[float, float]] = {}
        # (field, docnum) → weighting where a document's differs (a document boost)
        self.doc_weights: dict[tuple[str, int], float | tuple[float, float]] = {}
        self.runs: list[str] = []
        # the fields given ``KeyedTermSet`` values, and those given ``WordIdCounts``
        self.keyed: dict[str, KeyColumn | CountColumn] = {}
        self.vocabulary_seen = 0  # the words of ``WordIdCounts``' vocabulary counted

    def __bool__(self) -> bool:
        return bool(self.fields) or bool(self.keyed)

    def _names(self) -> list[str]:
        return sorted(self.fields.keys() | self.keyed.keys())

    def _field_terms(self, name: str) -> Iterator[tuple[str, array]]:
        """(term, docnums) of a field in memory, in term order, from its column and its
        term dictionary (a column's documents come first: their docnums are the lower)."""
        column = self.keyed.get(name)
        terms_of = self.fields.get(name, {})
        plain = ((term, terms_of[term]) for term in sorted(terms_of))
        if column is None:
            return plain
        if not terms_of:
            return iter(column.inverted())
        merged = heapq.merge(column.inverted(), plain, key=itemgetter(0))
        return (
            (term, _joined(docs for _term, docs in same))
            for term, same in groupby(merged, key=itemgetter(0))
        )

    def _terms_of(self, fieldname: str, docnum: int, weighting) -> dict[str, array]:
        terms_of = self.fields.get(fieldname)
        if terms_of is None:
            terms_of = self.fields[fieldname] = {}
        self._weigh(fieldname, docnum, weighting)
        return terms_of

    def _weigh(self, fieldname: str, docnum: int, weighting) -> None:
        self.pool.fieldnames.add(fieldname)
        known = self.weights.setdefault(fieldname, weighting)
        if weighting != known or type(weighting) is not type(known):
            self.doc_weights[(fieldname, docnum)] = weighting

    def _grew(self, size: int) -> None:
        pool = self.pool
        pool.currentsize += size
        if pool.currentsize > pool.limit:
            pool.save()

    def add_keys(self, fieldname: str, docnum: int, value: KeyedTermSet, weight: float) -> None:
        """``add`` of a ``KeyedTermSet``: its keys, or'd with the docnum, appended to the
        field's column in one numpy call (no Python step per posting)."""
        column = self.keyed.get(fieldname)
        if column is None:
            column = self.keyed[fieldname] = KeyColumn(value.terms_of, value.key_bits)
        if docnum >= 1 << column.doc_bits:  # beyond the low bits: as a plain term set
            self.add(fieldname, docnum, value.terms_of(value.keys), weight)
            return
        self._weigh(fieldname, docnum, weight)
        column.add(value.keys, docnum)
        self._grew(_KEY_DOC_BYTES + _KEY_POSTING_BYTES * len(value.keys))

    def add(self, fieldname: str, docnum: int, terms: Iterable[str], weight: float) -> None:
        terms_of = self._terms_of(fieldname, docnum, weight)
        if not isinstance(terms, set | frozenset):
            terms = set(terms)
        # The postings are appended by C-level ``map`` calls, not a Python loop per
        # posting: the terms not seen yet (``set.difference`` with a dict looks each up
        # in it) get an empty array first, then every term's array takes the docnum.
        new = terms.difference(terms_of)
        if new:
            terms_of.update(zip(new, map(array, repeat("I")), strict=False))
        deque(map(array.append, map(terms_of.__getitem__, terms), repeat(docnum)), 0)
        new_size = _TERM_BYTES * len(new) + 4 * sum(map(len, new))
        self._grew(new_size + _POSTING_BYTES * (len(terms) - len(new)))

    def add_one(self, fieldname: str, docnum: int, term: str, weight: float) -> None:
        """``add`` of one term (an ``ID`` field's value): the same postings and budget,
        without a set, a difference and the C-level maps for one posting."""
        terms_of = self._terms_of(fieldname, docnum, weight)
        docs = terms_of.get(term)
        if docs is None:
            terms_of[term] = array("I", (docnum,))
            self._grew(_TERM_BYTES + 4 * len(term))
        else:
            docs.append(docnum)
            self._grew(_POSTING_BYTES)

    def add_counts(
        self, fieldname: str, docnum: int, counts: Mapping[str, int], boost, fieldboost
    ) -> None:
        terms_of = self._terms_of(fieldname, docnum, (boost, fieldboost))
        self.counted.add(fieldname)
        size = 0
        get = terms_of.get
        for term, freq in counts.items():
            pairs = get(term)
            if pairs is None:
                terms_of[term] = array("I", (docnum, freq))
                size += _COUNTED_TERM_BYTES + 4 * len(term)
            else:
                pairs.append(docnum)
                pairs.append(freq)
                size += _COUNTED_POSTING_BYTES
        self._grew(size)

    def add_id_counts(
        self, fieldname: str, docnum: int, value: WordIdCounts, fieldboost: float
    ) -> None:
        """``add_counts`` of a ``WordIdCounts``: its two arrays appended to the field's
        column (no Python step per word), inverted at the flush."""
        column = self.keyed.get(fieldname)
        if column is None:
            column = self.keyed[fieldname] = CountColumn(value.vocabulary)
        self._weigh(fieldname, docnum, (value.boost, fieldboost))
        self.counted.add(fieldname)
        column.add(value.ids, value.counts, docnum)
        # The words the process's vocabulary gained since (held for its life): counted
        # once, by the field that meets them first.
        grown = len(value.vocabulary) - self.vocabulary_seen
        if grown > 0:
            self.vocabulary_seen = len(value.vocabulary)
        self._grew(
            _KEY_DOC_BYTES * 2
            + _COUNT_POSTING_BYTES * len(value.ids)
            + _VOCABULARY_WORD_BYTES * max(grown, 0)
        )

    def spill(self) -> None:
        if not self:
            return
        path, f = self.pool._new_run()
        rows = (
            (name, term, docs.tobytes())
            for name in self._names()
            for term, docs in self._field_terms(name)
        )
        chunk: list = []
        for row in rows:
            chunk.append(row)
            if len(chunk) == RUN_CHUNK:
                _write_chunk(f, chunk)
                chunk = []
        if chunk:
            _write_chunk(f, chunk)
        f.close()
        self.runs.append(path)
        self.fields, self.keyed = {}, {}

    def _read_run(self, path: str) -> Iterator[tuple[str, str, bytes]]:
        return _read_marshal_run(self.pool, path)

    def take(self) -> Iterator[tuple[str, Iterator[tuple[str, array]]]]:
        """(field, its (term, array) in term order), fields in name order: the runs
        spilled so far (oldest first, so their documents come first) and what is in
        memory. Empties the sets."""
        if not self.runs:  # all in memory: nothing to merge
            names = self._names()
            for name in names:
                column = self.keyed.get(name)
                if column is not None and name not in self.fields:
                    # Inverted as a whole, for ``write_bulk_field``'s numpy path.
                    yield name, column.inverted()
                else:
                    yield name, self._field_terms(name)
            self.fields, self.keyed = {}, {}
            return
        memory = (
            (name, term, docs) for name in self._names() for term, docs in self._field_terms(name)
        )
        streams = [self._read_run(p) for p in self.runs]
        self.runs = []
        # Equal (field, term) rows come out in run order (heapq.merge is stable).
        merged = heapq.merge(*streams, memory, key=itemgetter(0, 1))

        def joined(rows):
            for term, same in groupby(rows, key=itemgetter(1)):
                docs = array("I")
                for _name, _term, part in same:
                    if isinstance(part, array):
                        docs.extend(part)
                    else:
                        docs.frombytes(part)
                yield term, docs

        for name, rows in groupby(merged, key=itemgetter(0)):
            yield name, joined(rows)
        self.fields, self.keyed = {}, {}

    def weighting(self, fieldname: str) -> tuple[float | tuple, dict[int, float | tuple]]:
        """A field's usual weighting, and docnum → weighting where it differs."""
        exceptions = {d: w for (f, d), w in self.doc_weights.items() if f == fieldname}
        return self.weights[fieldname], exceptions


def _joined(parts: Iterable[array]) -> array:
    docs = array("I")
    for part in parts:
        docs.extend(part)
    return docs


def _write_chunk(f, chunk: list) -> None:
    data = marshal.dumps(chunk)
    f.write(_CHUNK_LEN.pack(len(data)))
    f.write(data)


# W3TermInfo.to_bytes for postings written to the postings file (not inlined): its
# struct, then the extent as pack_long and pack_int ("!q", "!i"). One pack per term
# instead of a W3TermInfo object.
_TERMINFO = struct.Struct(W3TermInfo._struct.format + "qi")
# HashWriter.add's row header (key and value lengths) and its default hash (md5_hash:
# the low 32 bits of the key's MD5, i.e. the digest's last 4 bytes, big-endian).
_ROW_HEAD = struct.Struct("!ii")
_BATCH_TERMS = 4096  # terms buffered before their posting lists and rows are written


def _md5_low32(key: bytes) -> int:
    return int.from_bytes(md5(key, usedforsecurity=False).digest()[12:], "big")


class _FieldAppender:
    """A field's posting lists and term-table rows, buffered and written a batch of
    terms at a time: what ``W3FieldWriter.finish_term`` and ``OrderedHashWriter.add``
    write a term at a time (the same bytes in both files; the term table's hash slots,
    key positions and last key kept as ``OrderedHashWriter.close`` expects them)."""

    def __init__(self, fw):
        self.postfile, self.tindex = fw._postfile, fw._tindex
        self.prefix = pack_ushort(fw._fieldid)
        self.pos = self.postfile.tell()
        self.blobs: list[bytes] = []
        self.rows: list[tuple[bytes, bytes]] = []
        tindex = self.tindex
        self.hashfn = _md5_low32 if tindex.hashfn is md5_hash else tindex.hashfn

    def add(self, term: str, blob: bytes, weight, df, min_lb, max_lb, maxweight, minid, maxid):
        """One term: its posting list's bytes and W3TermInfo's statistics (the min and
        max lengths as length bytes)."""
        pos = self.pos
        n = len(blob)
        self.blobs.append(blob)
        self.pos = pos + n
        info = _TERMINFO.pack(0, weight, df, min_lb, max_lb, maxweight, minid, maxid, pos, n)
        self.rows.append((self.prefix + term.encode("utf-8"), info))
        if len(self.rows) >= _BATCH_TERMS:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        self.postfile.write(b"".join(self.blobs))
        tindex = self.tindex
        dbfile = tindex.dbfile
        pos = dbfile.tell()
        last = tindex.lastkey
        buckets, hashfn, head = tindex.buckets, self.hashfn, _ROW_HEAD.pack
        slots = isinstance(buckets[0], _HashSlots)
        parts, positions = [], []
        for key, value in self.rows:
            if key <= last:
                raise ValueError(f"Keys must increase: {last!r}..{key!r}")
            last = key
            positions.append(pos)
            h = hashfn(key)
            if slots:
                bucket = buckets[h & 255]
                bucket.hashes.append(h)
                bucket.positions.append(pos)
            else:
                buckets[h & 255].append((h, pos))
            parts += (head(len(key), len(value)), key, value)
            pos += 8 + len(key) + len(value)
        dbfile.write(b"".join(parts))
        tindex.lastkey = last
        _extend_positions(tindex.index, positions)
        self.blobs, self.rows = [], []


def _extend_positions(index, positions: list[int]) -> None:
    """``GrowableArray.extend`` (the term table's key positions) in one C call where
    they fit the array's type; Whoosh's own item-by-item widening otherwise."""
    arr = index.array
    if isinstance(arr, array):
        try:
            arr.extend(array(arr.typecode, positions))
            return
        except OverflowError:
            pass
    index.extend(positions)


def _deltas(ids) -> tuple:
    """Whoosh's ``delta_encode`` of a block's ids, as the tuple it pickles."""
    if len(ids) == 1:
        return (ids[0],)
    return (ids[0], *map(sub, ids[1:], ids))


def _mini_weights(block_w: array):
    """``_IntWeightsPostingsWriter._mini_weights`` of a block's float32 weights."""
    first, n = block_w[0], len(block_w)
    # ``array.count`` compares each weight with ``==`` as ``all(w == x for w in …)`` did.
    if first == 1.0 and block_w.count(1.0) == n:
        return None
    if block_w.count(first) == n:
        return first
    return whole_weights(tuple(block_w))


def _weights_of(docs: array, weight: float, exceptions: dict) -> list:
    if not exceptions:
        return [weight] * len(docs)
    return [exceptions.get(d, weight) for d in docs]


def write_bulk_field(
    fieldwriter,
    fieldname: str,
    fieldobj,
    terms,
    sets: _TermSets,
    resort: bool = False,
    dense: DenseTerms | None = None,
) -> None:
    """Write one existence-only field's postings into a W3 segment, a posting list at a
    time: the same bytes ``W3FieldWriter.add_postings`` writes posting by posting (blocks
    of ``blocklimit`` documents, delta-encoded ids, a block header, one term-table row per
    term; checked byte for byte by ``tests/indexer/test_bulk_postings.py``)."""
    fw = fieldwriter
    weight, exceptions = sets.weighting(fieldname)
    fw.start_field(fieldname, fieldobj)
    pw = fw._postwriter
    limit, comp = pw._blocklimit, pw._compression
    if pw._inlinelimit > 1 or pw._byteids:  # not how our codec writes: Whoosh's own way
        if dense is not None and fieldname in dense.fields:
            dense.complete = False
        fw.finish_field()
        fw.add_postings(
            {fieldname: fieldobj},
            None,
            (
                (fieldname, term.encode("utf-8"), d, w, b"")
                for term, docs in terms
                for d, w in zip(docs, _weights_of(docs, weight, exceptions), strict=True)
            ),
        )
        return
    out = _FieldAppender(fw)
    fixed = fieldobj.format.fixed_value_size()
    values = () if fixed is None or fixed < 0 else (None if fixed == 0 else b"")
    # Every posting has length 0 (unscorable): a block's min length None, max 0.
    min_lb, max_lb = length_to_byte(None), length_to_byte(0)
    w32 = array("f", [weight])
    unit_weight = w32[0] == 1.0
    uniform_mini = None if unit_weight else w32[0]
    uniform_max = weight if weight > 0 else 0
    dumps = pickle.dumps
    if dense is None or fieldname not in dense.fields:
        floor, found = math.inf, {}
    else:
        floor, found = dense.floor(), dense.terms.setdefault(fieldname, {})
    if isinstance(terms, Inverted) and not resort:
        rows = terms.with_deltas()  # the deltas made by numpy, for every term at once
    else:
        rows = ((term, docs, None) for term, docs in terms)
    for term, docs, deltas in rows:
        if resort:
            docs = array("I", sorted(docs))
        if len(docs) >= floor:
            found[term] = docs if isinstance(docs, array) else array("I", docs)
        n = len(docs)
        if n <= limit and not exceptions:  # one block, every posting weighs ``weight``
            last = docs[-1]
            if deltas is None:
                # _deltas inline: a call per term is a tenth of this loop's time.
                deltas = (last,) if n == 1 else (docs[0], *map(sub, docs[1:], docs))
            data = dumps((deltas, uniform_mini, values), 2)
            if comp:
                data = zlib.compress(data, comp)
            head = dumps((n, last, uniform_max, comp, min_lb, max_lb), 2)
            blob = b"".join((WHOOSH3_HEADER_MAGIC, pack_int(-len(head) - len(data)), head, data))
            total = float(n) if unit_weight else sum(w32 * n)  # n ones sum to n exactly
            out.add(term, blob, total, n, min_lb, max_lb, uniform_max, docs[0], last)
            continue
        weights = _weights_of(docs, weight, exceptions)
        parts = [WHOOSH3_HEADER_MAGIC]
        total, maxweight = 0, 0
        for i in range(0, n, limit):
            ids = docs[i : i + limit]
            ws = weights[i : i + limit]
            block_w = array("f", ws)
            block_max = max(ws)
            if not block_max > 0:
                block_max = 0
            # What W3TermInfo.add_block and W3PostingsWriter._write_block compute.
            total += sum(block_w)
            maxweight = max(maxweight, block_max)
            data = dumps((_deltas(ids), _mini_weights(block_w), values), 2)
            if comp:
                data = zlib.compress(data, comp)
            head = dumps((len(ids), ids[-1], block_max, comp, min_lb, max_lb), 2)
            length = len(head) + len(data)
            parts += (pack_int(-length if i + limit >= n else length), head, data)
        out.add(term, b"".join(parts), total, n, min_lb, max_lb, maxweight, docs[0], docs[-1])
    out.flush()
    fw.finish_field()


def write_counted_field(
    fieldwriter, fieldname: str, fieldobj, terms, sets: _TermSets, lengths
) -> None:
    """Write one frequency field's postings into a W3 segment, a posting list at a time:
    the same bytes ``W3FieldWriter.add_postings`` writes posting by posting (blocks of
    ``blocklimit`` documents: delta-encoded ids, float32 weights minified, the frequencies
    as 4-byte values, each document's field length in the block's and the term's min/max
    length; checked byte for byte by ``tests/indexer/test_bulk_postings.py``). ``terms``
    yields (term, array of (docnum, frequency) pairs)."""
    fw = fieldwriter
    (boost, fieldboost), exceptions = sets.weighting(fieldname)
    field_lengths = lengths.field(fieldname) if lengths is not None else None
    fw.start_field(fieldname, fieldobj)
    pw = fw._postwriter
    limit, comp = pw._blocklimit, pw._compression
    if pw._inlinelimit > 1 or pw._byteids:  # not how our codec writes: Whoosh's own way
        fw.finish_field()
        fw.add_postings(
            {fieldname: fieldobj},
            lengths,
            _counted_postings(fieldname, terms, sets),
        )
        return
    out = _FieldAppender(fw)
    dumps = pickle.dumps
    if isinstance(terms, InvertedCounts):
        rows = terms.rows()  # the docnums and frequencies apart, made by numpy
    else:
        rows = ((term, pairs[0::2], pairs[1::2]) for term, pairs in terms)
    for term, docs, freqs in rows:
        n = len(docs)
        if exceptions:
            ws = [
                f * b * fb
                for f, (b, fb) in zip(
                    freqs, [exceptions.get(d, (boost, fieldboost)) for d in docs], strict=True
                )
            ]
        else:
            ws = [f * boost * fieldboost for f in freqs]
        lens = [field_lengths[d] for d in docs] if field_lengths is not None else [0] * n
        parts = [WHOOSH3_HEADER_MAGIC]
        total, maxweight, minlen, maxlen = 0, 0, None, 0
        for i in range(0, n, limit):
            ids = docs[i : i + limit]
            bw = ws[i : i + limit]
            bl = lens[i : i + limit]
            block_w = array("f", bw)
            block_max = max(bw)
            if not block_max > 0:
                block_max = 0
            # A posting's length counts only when non-zero (W3PostingsWriter.add_posting).
            block_min = min(bl)
            if not block_min:
                block_min = min((x for x in bl if x), default=None)
            block_maxlen = max(bl)
            # What W3TermInfo.add_block and W3PostingsWriter._write_block compute.
            total += sum(block_w)
            maxweight = max(maxweight, block_max)
            if minlen is None:
                minlen = block_min
            elif block_min is not None:
                minlen = min(minlen, block_min)
            maxlen = max(maxlen, block_maxlen)
            fr = freqs[i : i + limit]
            values = struct.pack(f"!{len(fr)}I", *fr)  # pack_uint of each frequency, joined
            data = dumps((_deltas(ids), _mini_weights(block_w), values), 2)
            if comp:
                data = zlib.compress(data, comp)
            head = dumps(
                (len(ids), ids[-1], block_max, comp, length_to_byte(block_min),
                 length_to_byte(block_maxlen)),
                2,
            )  # fmt: skip
            length = len(head) + len(data)
            parts += (pack_int(-length if i + limit >= n else length), head, data)
        min_lb_term, max_lb_term = length_to_byte(minlen), length_to_byte(maxlen)
        out.add(
            term, b"".join(parts), total, n, min_lb_term, max_lb_term, maxweight, docs[0], docs[-1]
        )
    out.flush()
    fw.finish_field()


def _counted_postings(fieldname: str, terms, sets: _TermSets) -> Iterator[tuple]:
    """A frequency field's term sets as Whoosh's pool postings (field, term, docnum,
    weight, value), in term and document order."""
    (boost, fieldboost), exceptions = sets.weighting(fieldname)
    for term, pairs in terms:
        bterm = term.encode("utf-8")
        for d, f in zip(pairs[0::2], pairs[1::2], strict=True):
            b, fb = exceptions.get(d, (boost, fieldboost))
            yield fieldname, bterm, d, f * b * fb, pack_uint(f)


def write_postings(writer, lengths) -> None:
    """Write the segment's postings, fields in name order: the pooled ones through
    Whoosh's ``add_postings``, the term sets with ``write_bulk_field`` and the term
    counts with ``write_counted_field``."""
    fw, schema = writer.fieldwriter, writer.schema
    sets = writer.pool.term_sets
    dense = getattr(writer, "dense", None)
    if dense is not None:
        dense.documents = writer.docnum - writer.docbase
    pooled = groupby(writer.pool.iter_postings(), key=itemgetter(0))
    bulk = sets.take()
    pool_field, bulk_field = next(pooled, None), next(bulk, None)
    while pool_field is not None or bulk_field is not None:
        if pool_field is None or (bulk_field is not None and bulk_field[0] < pool_field[0]):
            name, terms = bulk_field
            if name in sets.counted:
                write_counted_field(fw, name, schema[name], terms, sets, lengths)
            else:
                write_bulk_field(fw, name, schema[name], terms, sets, dense=dense)
            bulk_field = next(bulk, None)
        elif bulk_field is not None and bulk_field[0] == pool_field[0]:
            # The field's postings of a merged segment came through the pool.
            name, terms = bulk_field
            if name in sets.counted:
                ours = _counted_postings(name, terms, sets)
                merged = heapq.merge(ours, pool_field[1], key=itemgetter(1, 2))
                fw.add_postings(schema, lengths, merged)
            else:
                docs_of = {term: array("I", docs) for term, docs in terms}
                weight = sets.weights[name]
                for _name, bterm, docnum, w, _value in pool_field[1]:
                    term = bterm.decode("utf-8")
                    docs_of.setdefault(term, array("I")).append(docnum)
                    if w != weight:
                        sets.doc_weights[(name, docnum)] = w
                write_bulk_field(
                    fw, name, schema[name], sorted(docs_of.items()), sets, resort=True, dense=dense
                )
            pool_field, bulk_field = next(pooled, None), next(bulk, None)
        else:
            if dense is not None and pool_field[0] in dense.fields:
                dense.complete = False  # a merged segment's postings, not counted here
            fw.add_postings(schema, lengths, pool_field[1])
            pool_field = next(pooled, None)


def worker_writer(ix, limitmb: int, dense: DenseTerms | None = None) -> FastSegmentWriter:
    """A writer for one worker's segment; the parent process holds the index lock."""
    return FastSegmentWriter(ix, limitmb, dense, _lk=False)


def runs_written(writer: FastSegmentWriter) -> int:
    """How many sorted runs of postings ``writer`` wrote to disk at its memory limit."""
    return writer.pool.runs_written


def finish_worker_segment(writer: FastSegmentWriter):
    """Write out the worker's segment and return it, for the parent's commit."""
    return writer._finalize_segment()


# -- reading -----------------------------------------------------------------------


def raw_postings(sub, fieldname: str, term: bytes):
    """A segment's postings for ``term``, deleted documents included."""
    if sub.has_deletions():
        # Not ``postings().child``: the FilterMatcher has already moved its child past
        # the leading deleted documents (all of them, for a term only they hold).
        return sub._terms.matcher(fieldname, term, sub.schema[fieldname].format)
    return sub.postings(fieldname, term)


def term_postings(sub, fieldname: str, term: bytes):
    """``raw_postings`` of ``term``, or None when the segment does not hold it: the term
    table is looked up once (``(fieldname, term) in sub`` and then the matcher look the
    term up twice, a hash probe and its reads each)."""
    if fieldname not in sub.schema:
        return None
    try:
        return sub._terms.matcher(fieldname, term, sub.schema[fieldname].format)
    except TermNotFound:
        return None


def _has_blocks(m) -> bool:
    return hasattr(m, "_read_ids")


def _decode_ids(m) -> None:
    """A block's docnums, as ``_read_ids`` decodes them but with ``accumulate`` (C) for
    Whoosh's generator ``delta_decode`` (a Python step per posting)."""
    if m._data is None:
        m._read_data()
    ids = m._data[0]
    m._ids = ids if m._byteids else tuple(accumulate(ids))


def _blocks(m):
    while m.is_active():
        _decode_ids(m)
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


def weights_of(m, docs: Sequence[int], base: int = 0) -> Iterator[tuple[Sequence, Sequence]]:
    """The postings of ``m`` whose documents are in ``docs`` (sorted docnums of this
    segment plus ``base``, its first docnum in the index), a block at a time as
    (docnums plus ``base``, weights), in docnum order. A block holding none of ``docs``
    is skipped by its header's last docnum, without decoding it: scoring a few documents
    against a frequent word reads a few of its blocks, not all of them."""
    if not docs:
        return iter(())
    if isinstance(m, W3LeafMatcher) and not m._byteids:
        return _w3_weights_of(m._postfile, m._startoffset, m._length, docs, base)
    return _posting_weights_of(m, set(docs), base)


def segment_term(sub, fieldname: str, term: bytes):
    """The term's ``TermInfo`` in segment reader ``sub`` (its ``doc_frequency()`` counts
    deleted documents too, as ``reader.doc_frequency`` does), or None if absent."""
    try:
        return sub.term_info(fieldname, term)
    except TermNotFound:
        return None


def term_weights_of(
    sub, fieldname: str, term: bytes, info, docs: Sequence[int], base: int = 0
) -> Iterator[tuple[Sequence, Sequence]]:
    """``weights_of`` for a term whose ``info`` (``segment_term``) was read already: its
    posting list is read from the segment's postings file (``sub._terms._postfile``)
    without opening a matcher, which would look the term up again and read its first
    block's header."""
    if not docs:
        return iter(())
    if isinstance(info, W3TermInfo) and not info.is_inlined():
        offset, length = info.extent()
        return _w3_weights_of(sub._terms._postfile, offset, length, docs, base)
    return weights_of(raw_postings(sub, fieldname, term), docs, base)


def _posting_weights_of(m, wanted: set[int], base: int) -> Iterator[tuple[list, list]]:
    while m.is_active():
        d = m.id() + base
        if d in wanted:
            yield [d], [m.weight()]
        m.next()


def _w3_weights_of(
    postfile, start: int, length, docs: Sequence[int], base: int
) -> Iterator[tuple[Sequence, Sequence]]:
    """``weights_of`` over a W3 posting list read whole with one ``get``, its blocks
    parsed here as ``W3LeafMatcher._goto``/``_read_ids``/``_read_weights`` parse them
    (a block: its signed length, negative for the last; the pickled header (postings,
    last docnum, max weight, compression, min and max length); the pickled data (docnum
    deltas, weights, values)), without the matcher's per-block Python bookkeeping."""
    if isinstance(length, tuple):  # W3TermInfo.from_bytes keeps struct.unpack's 1-tuple
        (length,) = length
    buf = postfile.get(start, length)
    view = memoryview(buf)
    stream = BytesIO(buf)
    pos = len(WHOOSH3_HEADER_MAGIC)
    i, n = 0, len(docs)
    while True:
        (size,) = _BLOCK_LENGTH.unpack_from(buf, pos)
        end = pos + _BLOCK_LENGTH.size + abs(size)
        header = pickle.loads(view[pos + _BLOCK_LENGTH.size : end])  # stops at its end
        last = header[1] + base
        if docs[i] <= last:
            stream.seek(pos + _BLOCK_LENGTH.size)
            pickle.load(stream)
            data = buf[stream.tell() : end]
            if header[3]:
                data = zlib.decompress(data)
            deltas, weights, _values = pickle.loads(data)
            ids = tuple(accumulate(deltas))
            if weights is None or isinstance(weights, (int, float)):
                weights = array("f", [1.0 if weights is None else weights]) * header[0]
            stop = bisect_right(docs, last, i)
            yield _matching(ids, weights, docs[i:stop], base)
            i = stop
            if i == n:
                return
        if size < 0:
            return
        pos = end


def _matching(ids: tuple, weights, chunk: list[int], base: int) -> tuple[Sequence, Sequence]:
    """(docnums, weights) of a decoded block's postings (``ids``, local docnums) whose
    documents are in ``chunk`` (sorted, within the block's range, plus ``base``)."""
    local = [d - base for d in chunk] if base else chunk
    if len(local) == len(ids) and tuple(local) == ids:  # every posting asked about
        return chunk, weights
    out_docs, out_weights = [], []
    if 4 * len(local) < len(ids):  # a few: found by bisection
        k = 0
        for d, x in zip(chunk, local, strict=True):
            k = bisect_left(ids, x, k)
            if ids[k] == x:
                out_docs.append(d)
                out_weights.append(weights[k])
    else:
        found = dict(zip(ids, weights, strict=True))
        for d, x in zip(chunk, local, strict=True):
            w = found.get(x)
            if w is not None:
                out_docs.append(d)
                out_weights.append(w)
    return out_docs, out_weights


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


def fast_stored_fields(searcher):
    """``searcher`` (a Whoosh searcher) with its segments' stored records inflated by
    ISA-L's ``decompress`` instead of zlib's: DEFLATE is decoded the one way, so every
    record is the same bytes, read in about half the time. A segment whose stored column
    is not the zlib-compressed one Whoosh 2.7 writes is left as it is."""
    for segment, _ in searcher.reader().leaf_readers():
        perdoc = getattr(segment, "_perdoc", None)
        if perdoc is None or not perdoc.has_column("_stored"):
            continue
        child = getattr(perdoc._cached_reader("_stored", STORED_COLUMN), "_child", None)
        if isinstance(child, CompressedBytesColumn.Reader) and child._decompress is zlib.decompress:
            child._decompress = isal_zlib.decompress
    return searcher


def positional_reads(searcher):
    """``searcher`` (a Whoosh searcher) with its segments' term tables, posting lists and
    open columns (the stored records) read by position: each ``StructFile.get`` one
    ``os.pread`` of just the bytes asked for, instead of a seek and a buffered read that
    fills 8 KB around them (a term's hash probes, a block, a record: about 140 random
    reads a query, each a seek and a read). The same bytes; the file's own position is
    left alone, which no reader here relies on after a ``get`` (every sequential read
    seeks first). A file that is not a plain file (a compound segment's) is left as it
    is."""
    for segment, _ in searcher.reader().leaf_readers():
        terms = getattr(segment, "_terms", None)
        files = [getattr(terms, "_dbfile", None), getattr(terms, "_postfile", None)]
        colfiles = getattr(getattr(segment, "_perdoc", None), "_colfiles", {})
        files += [colfile for colfile, _offset, _length in colfiles.values()]
        for f in files:
            if isinstance(f, StructFile) and isinstance(f.file, BufferedReader):
                f.get = partial(_pread, f.file.fileno)
    return searcher


def _pread(fileno: Callable[[], int], position: int, length: int) -> bytes:
    # ``fileno()`` per call: a closed file raises, as its read would, rather than read
    # whatever file took its descriptor.
    return os.pread(fileno(), length, position)


def block_postings(m) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """(docnums, weights) of matcher ``m``, a block at a time (all of it at once where the
    matcher has no blocks)."""
    if not _has_blocks(m):
        pairs = list(block_weights(m))
        yield [d for d, _ in pairs], [w for _, w in pairs]
        return
    for block in _blocks(m):
        block._read_weights()
        yield block._ids, block._weights


def or_sum_order(q, sub, context):
    """How Or query ``q``'s matcher on segment searcher ``sub`` adds its terms' scores,
    as nested groups: a leaf is the term's text (its score the scorer's times the term's
    boost), ``("tree", a, b)`` is ``a + b`` (Whoosh's binary ``UnionMatcher``),
    ``("array", [m…])`` is ``((0 + m₁) + m₂)…`` in that order (its ``ArrayUnionMatcher``,
    which ``Or`` picks, as here, for a segment of at most 5,000 documents when nothing
    needs the current match); None is a term the segment does not hold. Floating-point
    addition is not associative: scoring the same sums outside Whoosh gives the same
    floats only in the same order. The array case is read from the query (building
    Whoosh's matcher would score its first 2,048 documents)."""
    subs = q.subqueries
    if (
        len(subs) > 2
        and len(subs) < q.TOO_MANY_CLAUSES
        and not (context.needs_current or q.scale or sub.doc_count_all() > 5000)
    ):
        return ("array", [t.text for t in subs])
    return _sum_order(q.matcher(sub, context))


def _sum_order(m):
    if isinstance(m, UnionMatcher):
        return ("tree", _sum_order(m.a), _sum_order(m.b))
    if isinstance(m, ArrayUnionMatcher):
        return ("array", [_sum_order(s) for s in m._submatchers])
    if type(m) is WrappingMatcher:
        return _sum_order(m.child)
    if isinstance(m, NullMatcherClass):
        return None
    _fieldname, text = m.term()
    return text.decode("utf-8") if isinstance(text, bytes) else text


def bm25f_parameters(weighting, fieldname: str) -> tuple[float, float] | None:
    """(B, K1) with which Whoosh's ``BM25F`` ``weighting`` scores ``fieldname``, or None
    for another weighting (or a subclass, which may score otherwise)."""
    if type(weighting) is not BM25F:
        return None
    return weighting._field_B.get(fieldname, weighting.B), weighting.K1


def expanded_terms(
    reader,
    fieldname: str,
    words: Iterable[tuple[str, float]],
    number: int,
    frequency: Callable[[str, bytes], float | None],
) -> list[tuple[str, float]]:
    """Whoosh's ``classify.Expander`` (Bo1) over ``reader``: the ``number`` most
    distinctive of ``words`` (word, weight in the text) and their normalised weights, each
    word's collection frequency read from ``frequency(fieldname, btext)`` (None: no
    document holds it) instead of Whoosh's term table."""
    expander = classify.Expander(_FrequencyReader(reader, frequency), fieldname)
    expander.add(words)
    return expander.expanded_terms(number)


class _FrequencyReader:
    """What ``classify.Expander`` reads of a reader, its collection frequencies from the
    caller (Whoosh's MultiReader looks each word up twice a segment: ``in``, then
    ``frequency``)."""

    def __init__(self, reader, frequency: Callable[[str, bytes], float | None]) -> None:
        self.reader = reader
        self.schema = reader.schema
        self.of = frequency

    def doc_count_all(self) -> int:
        return self.reader.doc_count_all()

    def field_length(self, fieldname: str) -> int:
        return self.reader.field_length(fieldname)

    def __contains__(self, key: tuple[str, bytes]) -> bool:
        return self.of(*key) is not None

    def frequency(self, fieldname: str, btext: bytes) -> float | None:
        return self.of(fieldname, btext)
