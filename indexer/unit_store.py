"""A generation's unit spans: where each document's units (articles, sections,
``indexer.units``) start and end in its body, in one small binary file.

Choosing a question's best passage (``search.passages``) needs, for each of its first
candidates, only the query's matches and the spans of the units holding them. The units
are also stored with each document in Whoosh, but reading them there means decompressing
and unpickling all of its stored fields, body included; with this store and the
normalised text of the text store (``indexer.textstore``) a candidate is scored without
touching its stored fields. The labels and anchors stay in the stored fields: only the
page's hits show them.

On disk, inside the generation folder (``units.bin``, little-endian, written whole by
the parent after the Whoosh commit, under a new inode)::

    magic            8 bytes, MAGIC
    documents        u32
    ids bytes        u32
    ids              UTF-8, NUL-separated (a path never holds NUL)
    body lengths     u32 per document (characters of the stored body)
    unit counts      u32 per document
    spans            u32 (start, end) per unit, documents in the order above

Entries are keyed by document id (merges renumber docnums). Each indexing writer
collects the spans of the documents it indexes (``UnitSpanWriter``); after the commit
``finish_unit_store`` writes the file from them and, for every other live document, the
previous generation's entry, so an incremental reindex re-splits nothing it did not
index. A generation written before this store has no ``units.bin``: the searcher then
reads the stored fields, as before.
"""

from __future__ import annotations

import os
import struct
import sys
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index

from indexer.durable import replaced_whole
from indexer.units import UnitRows

UNITS_FILE = "units.bin"
MAGIC = b"USPANS1\n"
_HEADER = struct.Struct("<8sII")


def _u32(values: Iterable[int] = ()) -> array:
    out = array("I", values)
    if out.itemsize != 4:  # pragma: no cover - every platform we run on has 4-byte "I"
        out = array("L", values)
    return out


def _to_le(a: array) -> bytes:
    if sys.byteorder == "big":  # pragma: no cover
        a = array(a.typecode, a)
        a.byteswap()
    return a.tobytes()


def _from_le(data: bytes) -> array:
    a = _u32()
    a.frombytes(data)
    if sys.byteorder == "big":  # pragma: no cover
        a.byteswap()
    return a


@dataclass
class WrittenUnits:
    """One writer's documents: ids, body lengths, unit counts and their spans
    (start, end, start, end …), in the order the writer indexed them."""

    ids: list[str] = field(default_factory=list)
    lengths: array = field(default_factory=_u32)
    counts: array = field(default_factory=_u32)
    spans: array = field(default_factory=_u32)


class UnitSpanWriter:
    """Collects the unit spans of the documents one writer indexes (in memory: eight
    bytes a unit)."""

    def __init__(self) -> None:
        self._out = WrittenUnits()

    def add(self, doc_id: str, stored_units, body_chars: int) -> None:
        """``stored_units``: the document's units as stored (``indexer.units.UnitRows``)."""
        rows = UnitRows(stored_units)
        out = self._out
        out.ids.append(doc_id)
        out.lengths.append(body_chars)
        out.counts.append(len(rows))
        for span in zip(rows.starts, rows.ends, strict=True):
            out.spans.extend(span)

    def finish(self) -> WrittenUnits:
        return self._out


@dataclass
class _Entries:
    """Every document of a units file: id → (body length, its spans)."""

    lengths: dict[str, int]
    spans: dict[str, array]


def _read_file(path: Path) -> _Entries | None:
    """None when there is no file, or one this code cannot read (its documents' units
    are then read back from the stored fields)."""
    try:
        data = path.read_bytes()
        magic, n, ids_bytes = _HEADER.unpack_from(data)
        pos = _HEADER.size
        ids = data[pos : pos + ids_bytes].decode("utf-8").split("\0") if n else []
        pos += ids_bytes
        lengths = _from_le(data[pos : pos + 4 * n])
        counts = _from_le(data[pos + 4 * n : pos + 8 * n])
        spans = _from_le(data[pos + 8 * n :])
    except (FileNotFoundError, ValueError, struct.error):
        return None
    if magic != MAGIC or len(ids) != n or len(lengths) != n or len(counts) != n:
        return None
    if len(spans) != 2 * sum(counts):
        return None
    out = _Entries({}, {})
    at = 0
    for doc_id, length, count in zip(ids, lengths, counts, strict=True):
        out.lengths[doc_id] = length
        out.spans[doc_id] = spans[at : at + 2 * count]
        at += 2 * count
    return out


def finish_unit_store(
    building: Path, previous: Path | None, written: Iterable[WrittenUnits]
) -> None:
    """Write the unit store of the (committed, unpublished) generation ``building``, in
    line with its Whoosh index: this reindex's writers' entries (``written``), and for
    every other live document the entry of ``previous`` (the generation ``building`` was
    copied from; None for a full rebuild), or its stored units when that has none."""
    building = Path(building)
    fresh = _Entries({}, {})
    for w in written:
        at = 0
        for doc_id, length, count in zip(w.ids, w.lengths, w.counts, strict=True):
            fresh.lengths[doc_id] = length
            fresh.spans[doc_id] = w.spans[at : at + 2 * count]
            at += 2 * count
    old = _read_file(previous / UNITS_FILE) if previous is not None else None
    ids: list[str] = []
    lengths, counts, spans = _u32(), _u32(), _u32()
    ix = whoosh_index.open_dir(str(building))
    with ix.reader() as reader:
        id_column = reader.column_reader("id")
        for d in reader.all_doc_ids():
            doc_id = id_column[d]
            if doc_id in fresh.spans:
                length, doc_spans = fresh.lengths[doc_id], fresh.spans[doc_id]
            elif old is not None and doc_id in old.spans:
                length, doc_spans = old.lengths[doc_id], old.spans[doc_id]
            else:
                # Written before this store existed: read back once from the stored units.
                stored = reader.stored_fields(d)
                length = len(stored.get("body") or "")
                rows = UnitRows(stored.get("units"))
                spans_of = zip(rows.starts, rows.ends, strict=True)
                doc_spans = _u32(v for span in spans_of for v in span)
            ids.append(doc_id)
            lengths.append(length)
            counts.append(len(doc_spans) // 2)
            spans.extend(doc_spans)
    id_bytes = "\0".join(ids).encode("utf-8")
    with replaced_whole(building / UNITS_FILE, binary=True) as f:  # units.bin may be a hard link
        f.write(_HEADER.pack(MAGIC, len(ids), len(id_bytes)))
        f.write(id_bytes)
        for a in (lengths, counts, spans):
            f.write(_to_le(a))


@dataclass(frozen=True)
class DocumentSpans:
    """One document's units as spans of its body: ``starts[i]:ends[i]`` is unit ``i``
    (parents before their children, as ``indexer.units.split_units`` lists them)."""

    body_chars: int
    starts: list[int]
    ends: list[int]


class UnitStore:
    """The unit spans of one generation, by Whoosh docnum. The per-document table is in
    memory (three numbers a document); spans are read with ``os.pread`` when asked for."""

    def __init__(self, fd: int, where: array, counts: array, lengths: array):
        self._fd = fd
        self._where, self._counts, self._lengths = where, counts, lengths  # -1: none

    @classmethod
    def open(cls, gen_path: Path, ids: Sequence[str | None]) -> UnitStore | None:
        """The store of generation ``gen_path``; None when it has none, or one this code
        cannot read (the searcher then reads the stored fields). ``ids[d]`` is the id of
        docnum ``d`` (None for a deleted document)."""
        path = Path(gen_path) / UNITS_FILE
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            return None
        try:
            head = os.pread(fd, _HEADER.size, 0)
            magic, n, ids_bytes = _HEADER.unpack(head)
            pos = _HEADER.size
            names = os.pread(fd, ids_bytes, pos).decode("utf-8").split("\0") if n else []
            pos += ids_bytes
            file_lengths = _from_le(os.pread(fd, 4 * n, pos))
            file_counts = _from_le(os.pread(fd, 4 * n, pos + 4 * n))
            size = pos + 8 * n + 8 * sum(file_counts)
            if magic != MAGIC or len(names) != n or size != os.fstat(fd).st_size:
                raise ValueError("not a units file of this version")
        except (ValueError, struct.error):  # another format, or cut short
            os.close(fd)
            return None
        except BaseException:
            os.close(fd)
            raise
        entry: dict[str, tuple[int, int, int]] = {}
        at = pos + 8 * n
        for name, length, count in zip(names, file_lengths, file_counts, strict=True):
            entry[name] = (at, count, length)
            at += 8 * count
        where = array("q", [-1]) * len(ids)
        counts, lengths = _u32([0]) * len(ids), _u32([0]) * len(ids)
        for d, doc_id in enumerate(ids):
            e = entry.get(doc_id) if doc_id is not None else None
            if e is not None:
                where[d], counts[d], lengths[d] = e
        return cls(fd, where, counts, lengths)

    def spans(self, docnum: int) -> DocumentSpans | None:
        """The document's unit spans; None when the store has no entry for it."""
        at = self._where[docnum]
        if at < 0:
            return None
        n = self._counts[docnum]
        flat = _from_le(os.pread(self._fd, 8 * n, at)) if n else _u32()
        return DocumentSpans(self._lengths[docnum], flat[0::2].tolist(), flat[1::2].tolist())

    def body_lengths(self, docnums: Iterable[int], size: int) -> tuple[array, list[int]]:
        """Characters of the stored (original) body of each of ``docnums``, in an array of
        ``size`` by docnum (0 elsewhere), and the docnums the store has no entry for.

        The lengths the writers recorded: the text store's spans cannot give them, since
        normalising may fold a character of the Basic Multilingual Plane to one beyond it
        (鱀 → 𬶨), which takes two UTF-16 code units."""
        out = _u32([0]) * size
        where, lengths = self._where, self._lengths
        missing: list[int] = []
        for d in docnums:
            if where[d] < 0:
                missing.append(d)
            else:
                out[d] = lengths[d]
        return out, missing

    def close(self) -> None:
        fd, self._fd = self._fd, -1
        if fd >= 0:
            os.close(fd)

    def __del__(self) -> None:
        # A generation's store is dropped with its snapshot when a new one is served.
        self.close()
