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
bigram of a document, most of the postings) bypass the pool: ``FastSegmentWriter.add_document``
passes the other fields to Whoosh's ``add_document`` (using ``_doc_boost``/``_field_boost``
for the weight) and keeps these as term → array of docnums (``_TermSets``, spilled with the
pool's runs, in its budget). ``write_postings`` writes the pooled fields through Whoosh's
``add_postings`` and these with ``write_bulk_field``, in field-name order, using
``W3FieldWriter.start_field``/``finish_field``, ``_postfile``, ``_tindex``, ``_fieldid``,
``_postwriter`` (``_blocklimit``, ``_compression``, ``_inlinelimit``),
``WHOOSH3_HEADER_MAGIC`` and ``W3TermInfo``: it writes the same bytes as
``W3PostingsWriter`` would, a posting list at a time (``tests/indexer/test_bulk_postings.py``
compares the segment files byte for byte with Whoosh's own writer's).

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
import pickle
import struct
import zlib
from array import array
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3PostingsWriter,
    W3TermInfo,
    _lenfield,
)
from whoosh.formats import Existence
from whoosh.matching import FilterMatcher
from whoosh.system import pack_int, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
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
        return whole_weights(super()._mini_weights())


def whole_weights(weights):
    """A block's pickled weights as ``_IntWeightsPostingsWriter`` writes them: a tuple of
    whole numbers as ints (the bulk gram writer must write the same bytes)."""
    if isinstance(weights, tuple) and all(float(w).is_integer() for w in weights):
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

    def add_document(self, **fields):
        """Whoosh's ``add_document``, except that ``TermSet`` values of existence-only
        fields go to the pool's term sets, not one pool tuple per posting."""
        sets = {n: v for n, v in fields.items() if isinstance(v, TermSet)}
        if not sets:
            return super().add_document(**fields)
        for name in sets:
            if not _bulk_field(self.schema[name]):
                raise ValueError(f"field {name!r} is not an existence-only field")
        docnum = self.docnum
        super().add_document(**{n: v for n, v in fields.items() if n not in sets})
        docboost = self._doc_boost(fields)
        for name, value in sets.items():
            if value.terms:
                weight = value.weight * self._field_boost(fields, name, docboost)
                self.pool.term_sets.add(name, docnum, value.terms, weight)

    def _flush_segment(self):
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        lengths = _FieldLengths(pdr, self.docnum - self.docbase) if pdr else None
        write_postings(self, lengths)
        self.fieldwriter.close()
        if pdr:
            pdr.close()


# -- existence-only term sets, written in bulk -------------------------------------


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


# What a new term costs in memory (its bytes object, an array, a dict slot), and each
# posting after it (4 bytes in the array): counted in the writer's flush budget.
_TERM_BYTES = 140
_POSTING_BYTES = 4


class _TermSets:
    """The postings of a writer's existence-only fields, held as field → term → an
    array of document numbers, instead of one Whoosh pool tuple per posting.

    Terms are kept as ``str`` and encoded once each when written (UTF-8 sorts as code
    points do, so the order is the same). Documents are added in docnum order, so each
    array is already sorted: the segment is
    written a term at a time (``write_bulk_field``), with no per-posting sort, pool or
    method calls. Counted in the pool's flush budget; when it fills, the term sets are
    spilled with the pool's run (sorted by field and term, a chunk at a time) and merged
    term by term at the end."""

    def __init__(self, pool: _ChunkedPostingPool):
        self.pool = pool
        self.fields: dict[str, dict[str, array]] = {}
        self.weights: dict[str, float] = {}  # a field's weight, from its first document
        # (field, docnum) → weight where a document's weight differs (a document boost)
        self.doc_weights: dict[tuple[str, int], float] = {}
        self.runs: list[str] = []

    def __bool__(self) -> bool:
        return bool(self.fields)

    def add(self, fieldname: str, docnum: int, terms: Iterable[str], weight: float) -> None:
        terms_of = self.fields.get(fieldname)
        if terms_of is None:
            terms_of = self.fields[fieldname] = {}
            self.pool.fieldnames.add(fieldname)
        known = self.weights.setdefault(fieldname, weight)
        if weight != known or type(weight) is not type(known):
            self.doc_weights[(fieldname, docnum)] = weight
        size = 0
        get = terms_of.get
        for term in terms:
            docs = get(term)
            if docs is None:
                terms_of[term] = array("I", (docnum,))
                size += _TERM_BYTES + 4 * len(term)
            else:
                docs.append(docnum)
                size += _POSTING_BYTES
        pool = self.pool
        pool.currentsize += size
        if pool.currentsize > pool.limit:
            pool.save()

    def spill(self) -> None:
        if not self.fields:
            return
        path, f = self.pool._new_run()
        rows = (
            (name, term, self.fields[name][term].tobytes())
            for name in sorted(self.fields)
            for term in sorted(self.fields[name])
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
        self.fields = {}

    def _read_run(self, path: str) -> Iterator[tuple[str, str, bytes]]:
        return _read_marshal_run(self.pool, path)

    def take(self) -> Iterator[tuple[str, Iterator[tuple[str, array]]]]:
        """(field, its (term, docnums) in term order), fields in name order: the runs
        spilled so far (oldest first, so their documents come first) and what is in
        memory. Empties the sets."""
        memory = (
            (name, term, self.fields[name][term])
            for name in sorted(self.fields)
            for term in sorted(self.fields[name])
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
        self.fields = {}


def _write_chunk(f, chunk: list) -> None:
    data = marshal.dumps(chunk)
    f.write(_CHUNK_LEN.pack(len(data)))
    f.write(data)


def _weights_of(docs: array, weight: float, exceptions: dict, fieldname: str) -> list:
    if not exceptions:
        return [weight] * len(docs)
    return [exceptions.get((fieldname, d), weight) for d in docs]


def write_bulk_field(
    fieldwriter, fieldname: str, fieldobj, terms, sets: _TermSets, resort: bool = False
) -> None:
    """Write one existence-only field's postings into a W3 segment, a posting list at a
    time: the same bytes ``W3FieldWriter.add_postings`` writes posting by posting (blocks
    of ``blocklimit`` documents, delta-encoded ids, a block header, one term-table row per
    term; checked byte for byte by ``tests/indexer/test_bulk_postings.py``)."""
    fw = fieldwriter
    fw.start_field(fieldname, fieldobj)
    pw = fw._postwriter
    limit, comp = pw._blocklimit, pw._compression
    if pw._inlinelimit > 1 or pw._byteids:  # not how our codec writes: Whoosh's own way
        fw.finish_field()
        fw.add_postings(
            {fieldname: fieldobj},
            None,
            (
                (fieldname, term.encode("utf-8"), d, w, b"")
                for term, docs in terms
                for d, w in zip(
                    docs,
                    _weights_of(docs, sets.weights[fieldname], sets.doc_weights, fieldname),
                    strict=True,
                )
            ),
        )
        return
    postfile, tindex = fw._postfile, fw._tindex
    key_prefix = pack_ushort(fw._fieldid)
    weight = sets.weights[fieldname]
    exceptions = {k: v for k, v in sets.doc_weights.items() if k[0] == fieldname}
    fixed = fieldobj.format.fixed_value_size()
    values = () if fixed is None or fixed < 0 else (None if fixed == 0 else b"")
    # Every posting has length 0 (unscorable): a block's min length None, max 0.
    min_lb, max_lb = length_to_byte(None), length_to_byte(0)
    w32 = array("f", [weight])
    uniform_mini = None if w32[0] == 1.0 else w32[0]
    for term, docs in terms:
        if resort:
            docs = array("I", sorted(docs))
        weights = _weights_of(docs, weight, exceptions, fieldname) if exceptions else None
        start = postfile.tell()
        parts = [WHOOSH3_HEADER_MAGIC]
        info = W3TermInfo()
        n = len(docs)
        for i in range(0, n, limit):
            ids = docs[i : i + limit]
            if weights is None:  # every posting of the field weighs ``weight``
                block_w = w32 * len(ids)
                block_max = weight if weight > 0 else 0
                mini_weights = uniform_mini
            else:
                ws = weights[i : i + limit]
                block_w = array("f", ws)
                block_max = max(ws)
                if not block_max > 0:
                    block_max = 0
                if all(w == 1.0 for w in block_w):
                    mini_weights = None
                elif all(w == block_w[0] for w in block_w):
                    mini_weights = block_w[0]
                else:
                    mini_weights = whole_weights(tuple(block_w))
            # What W3TermInfo.add_block and W3PostingsWriter._write_block compute.
            info._weight += sum(block_w)
            info._df += len(ids)
            info._maxweight = max(info._maxweight, block_max)
            if info._minid is None:
                info._minid = ids[0]
            info._maxid = ids[-1]
            deltas = tuple([b - a for a, b in zip((0, *ids[:-1]), ids, strict=True)])
            data = pickle.dumps((deltas, mini_weights, values), 2)
            if comp:
                data = zlib.compress(data, comp)
            head = pickle.dumps((len(ids), ids[-1], block_max, comp, min_lb, max_lb), 2)
            length = len(head) + len(data)
            parts.append(pack_int(-length if i + limit >= n else length))
            parts.append(head)
            parts.append(data)
        postfile.write(b"".join(parts))
        info.set_extent(start, postfile.tell() - start)
        tindex.add(key_prefix + term.encode("utf-8"), info.to_bytes())
    fw.finish_field()


def write_postings(writer, lengths) -> None:
    """Write the segment's postings, fields in name order: the pooled ones through
    Whoosh's ``add_postings``, the term sets with ``write_bulk_field``."""
    fw, schema = writer.fieldwriter, writer.schema
    sets = writer.pool.term_sets
    pooled = groupby(writer.pool.iter_postings(), key=itemgetter(0))
    bulk = sets.take()
    pool_field, bulk_field = next(pooled, None), next(bulk, None)
    while pool_field is not None or bulk_field is not None:
        if pool_field is None or (bulk_field is not None and bulk_field[0] < pool_field[0]):
            name, terms = bulk_field
            write_bulk_field(fw, name, schema[name], terms, sets)
            bulk_field = next(bulk, None)
        elif bulk_field is not None and bulk_field[0] == pool_field[0]:
            # The field's postings of a merged segment came through the pool.
            name, terms = bulk_field
            docs_of = {term: array("I", docs) for term, docs in terms}
            weight = sets.weights[name]
            for _name, bterm, docnum, w, _value in pool_field[1]:
                term = bterm.decode("utf-8")
                docs_of.setdefault(term, array("I")).append(docnum)
                if w != weight:
                    sets.doc_weights[(name, docnum)] = w
            write_bulk_field(fw, name, schema[name], sorted(docs_of.items()), sets, resort=True)
            pool_field, bulk_field = next(pooled, None), next(bulk, None)
        else:
            fw.add_postings(schema, lengths, pool_field[1])
            pool_field = next(pooled, None)


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
