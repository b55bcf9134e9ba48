"""A generation's text store: the normalised title and body of every document, for
verifying literal (Ctrl-F) matches at C speed.

The gram fields only say which documents hold every bigram of a string (candidates);
whether the string really occurs is decided here, with ``bytes.find`` on the encoded
normalised text (``indexer.analysis.normalize``, which keeps every character's offset).

The texts are UTF-16-LE (version 2): two bytes for each character of the Basic
Multilingual Plane, where UTF-8 takes three for each Chinese one (30 % less on the
laws). A UTF-16 code unit is two bytes, so a byte match is a character match only when it
starts at an even offset of the text; matches at odd offsets (the second byte of one
character and the first of the next) are skipped. A needle encoded from a whole string
cannot begin or end inside a surrogate pair, so an aligned match is a match of the
string. Version 1 stores (UTF-8: self-synchronising, every byte match starts on a
character) are still read; an incremental reindex from one re-encodes the texts it
carries over into one new chunk. Callers pass needles as UTF-8 whatever the version.

On disk, inside the generation folder (written before it is published)::

    texts.json           {"version": 2, "chunks": [file names], "docs": {id: [chunk,
                          title offset, title bytes, body offset, body bytes]}}
                          (without "version": version 1, UTF-8)
    texts-000001.bin     chunks: concatenated texts, never rewritten once written

Entries are keyed by document id, never by Whoosh docnum (merges renumber documents);
a reader maps docnums to ids through the index's ``id`` column. Each indexing writer (a
worker process, or the parent on the single-process path) appends the texts of the
documents it indexes to a chunk of its own (``TextChunkWriter``), so texts are written
once, while they are in hand; after the Whoosh commit the parent writes only
``texts.json`` (``finish_text_store``), from the writers' entries and, for the other
live documents, the previous generation's. An incremental reindex starts from hard links
to the served generation's files (``IndexStore.new_generation``), so unchanged texts are
never copied, and writes ``texts.json`` under a new inode (a hard-linked file is never
written in place); chunks that are mostly garbage are compacted into one.
"""

from __future__ import annotations

import json
import mmap
import os
import re
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index

from indexer.analysis import normalize
from indexer.durable import write_json

INDEX_FILE = "texts.json"
# The store's format version → the encoding of its chunks (a store without a version
# field was written as version 1). Every chunk of one store has the same encoding.
ENCODINGS = {1: "utf-8", 2: "utf-16-le"}
VERSION = 2
ENCODING = ENCODINGS[VERSION]
_CHUNK = re.compile(r"^texts-(\d{6})\.bin$")
FIELDS = ("title", "body")
# Compact when less than this share of the chunks' bytes is still referenced.
LIVE_SHARE_MIN = 0.5
# Reading candidates' texts: one read covers neighbouring texts up to this many bytes,
# skipping gaps of at most READ_GAP (sparse candidates are read one by one). A gap costs
# its copy, a separate read a system call: at 100,000 documents one title in ten (each
# read across the bodies between them) took 33 ms with 64 KiB gaps, 15 ms with 8 KiB.
READ_WINDOW = 1 << 20
READ_GAP = 8 << 10
# A store whose chunks total at most this many bytes is mapped (read-only) and searched in
# place: no copy of each candidate's text, and a found one is scanned only up to its
# match. A mapped file's pages count in each worker's resident memory once touched, so a
# larger store is read with ``pread`` (its pages stay in the shared page cache only).
MAP_MAX = 64 << 20


def _chunk_name(n: int) -> str:
    return f"texts-{n:06d}.bin"


def _load_index(gen_path: Path) -> dict | None:
    try:
        return json.loads((gen_path / INDEX_FILE).read_text("utf-8"))
    except FileNotFoundError:
        return None


def _encoding(index: dict) -> str:
    version = index.get("version", 1)
    if version not in ENCODINGS:
        raise ValueError(f"text store version {version} is newer than this program")
    return ENCODINGS[version]


# -- writing -------------------------------------------------------------------------


class _ChunkWriter:
    def __init__(self, path: Path):
        self.path = path
        self.f = open(path, "xb")  # a new inode: never an existing (hard-linked) file
        self.offset = 0

    def add(self, data: bytes) -> tuple[int, int]:
        self.f.write(data)
        start, self.offset = self.offset, self.offset + len(data)
        return start, len(data)

    def close(self) -> None:
        self.f.flush()
        os.fsync(self.f.fileno())
        self.f.close()


def next_chunk_number(building: Path) -> int:
    """The first chunk number no file of generation ``building`` uses yet."""
    numbers = [int(m.group(1)) for p in Path(building).iterdir() if (m := _CHUNK.match(p.name))]
    return max(numbers, default=0) + 1


def chunk_path(building: Path, number: int) -> Path:
    return Path(building) / _chunk_name(number)


@dataclass
class WrittenTexts:
    """What one writer appended to its chunk: doc id → [title offset, title bytes, body
    offset, body bytes] in the chunk file ``chunk``."""

    chunk: str
    docs: dict[str, list[int]] = field(default_factory=dict)


class TextChunkWriter:
    """One indexing writer's chunk (a worker process or the parent): the normalised title
    and body of each document, appended as the writer indexes it, so the texts never have
    to be read back from the index."""

    def __init__(self, path: Path):
        self._writer = _ChunkWriter(Path(path))
        self._docs: dict[str, list[int]] = {}

    def add(self, doc_id: str, title: str, body: str) -> None:
        self.add_normalized(doc_id, normalize(title), normalize(body))

    def add_normalized(self, doc_id: str, title: str, body: str) -> None:
        """``add`` of a title and body already passed through ``normalize``."""
        title_span = self._writer.add(title.encode(ENCODING))
        body_span = self._writer.add(body.encode(ENCODING))
        self._docs[doc_id] = [*title_span, *body_span]

    def finish(self) -> WrittenTexts:
        """Close (and fsync) the chunk; what it holds, for ``finish_text_store``."""
        self._writer.close()
        return WrittenTexts(self._writer.path.name, self._docs)


def finish_text_store(
    building: Path, previous: Path | None, written: Iterable[WrittenTexts]
) -> None:
    """Write the index of the (committed, unpublished) generation ``building``'s text
    store, in line with its Whoosh index.

    ``written`` are the chunks this reindex's writers appended (already in ``building``);
    ``previous`` is the generation ``building`` was copied from (None for a full rebuild):
    every live document not written by this reindex keeps its entry from there.
    """
    building = Path(building)
    old = _load_index(previous) if previous is not None else None
    old_docs: dict[str, list[int]] = old["docs"] if old else {}
    old_chunks: list[str] = list(old["chunks"]) if old else []
    new_chunks: list[str] = []
    fresh: dict[str, list[int]] = {}  # entries with chunk numbers among new_chunks
    for w in written:
        for doc_id, entry in w.docs.items():
            fresh[doc_id] = [len(new_chunks), *entry]
        new_chunks.append(w.chunk)
    ix = whoosh_index.open_dir(str(building))
    with ix.reader() as reader:
        # Only the id column: the texts themselves were written by the writers.
        ids = reader.column_reader("id")
        written_docs: dict[str, list[int]] = {}
        carried: dict[str, list[int]] = {}
        missing: list[int] = []
        for d in reader.all_doc_ids():
            doc_id = ids[d]
            if doc_id in fresh:
                written_docs[doc_id] = fresh[doc_id]
            elif doc_id in old_docs:
                carried[doc_id] = old_docs[doc_id]
            else:
                missing.append(d)  # e.g. a generation written before the text store
        number = next_chunk_number(building)
        # Texts carried over from a store of another encoding are re-encoded (compacted
        # into one new chunk), so that every chunk of a store has its store's encoding.
        old_encoding = _encoding(old) if old else ENCODING
        if carried and (
            old_encoding != ENCODING
            or _live_share(building, old_chunks, carried.values()) < LIVE_SHARE_MIN
        ):
            old_chunks, carried = _compact(building, old_chunks, carried, number, old_encoding)
            number += 1
        chunks = old_chunks + new_chunks
        docs = {k: [len(old_chunks) + e[0], *e[1:]] for k, e in written_docs.items()}
        docs.update(carried)
        if missing:
            docs.update(_read_back(reader, building, missing, chunks, number))
    # Keep only chunks some entry refers to; renumber them densely.
    used = sorted({e[0] for e in docs.values()})
    renumber = {old_i: new_i for new_i, old_i in enumerate(used)}
    chunks = [chunks[i] for i in used]
    docs = {k: [renumber[e[0]], *e[1:]] for k, e in docs.items()}
    for p in building.iterdir():
        if _CHUNK.match(p.name) and p.name not in chunks:
            p.unlink()  # a hard link: the served generation keeps its own
    write_json(building / INDEX_FILE, {"version": VERSION, "chunks": chunks, "docs": docs})


def _read_back(
    reader, building: Path, docnums: list[int], chunks: list[str], number: int
) -> dict[str, list[int]]:
    """Entries for live documents no writer of this reindex and no previous store holds
    (an index written before the text store existed), read from their stored fields into
    a new chunk appended to ``chunks``."""
    texts = TextChunkWriter(chunk_path(building, number))
    try:
        for d in docnums:
            stored = reader.stored_fields(d)
            texts.add(stored["id"], stored.get("title") or "", stored.get("body") or "")
    finally:
        done = texts.finish()
    chunk = len(chunks)
    chunks.append(done.chunk)
    return {k: [chunk, *e] for k, e in done.docs.items()}


def _live_share(building: Path, chunks: list[str], entries: Iterable[list[int]]) -> float:
    total = sum((building / c).stat().st_size for c in chunks if (building / c).exists())
    if not total:
        return 1.0
    return sum(e[2] + e[4] for e in entries) / total


def _compact(
    building: Path, chunks: list[str], carried: dict[str, list[int]], number: int, encoding: str
) -> tuple[list[str], dict[str, list[int]]]:
    """Copy the carried texts (in ``encoding``) into one new chunk, in the store's encoding
    (their old chunks become garbage)."""
    maps = [_map(building / c) for c in chunks]
    writer = _ChunkWriter(building / _chunk_name(number))
    out: dict[str, list[int]] = {}

    def text(data: bytes) -> bytes:
        return data if encoding == ENCODING else data.decode(encoding).encode(ENCODING)

    try:
        for doc_id, (c, t_off, t_len, b_off, b_len) in carried.items():
            mm = maps[c]
            title = writer.add(text(mm[t_off : t_off + t_len]))
            body = writer.add(text(mm[b_off : b_off + b_len]))
            out[doc_id] = [len(chunks), *title, *body]
    finally:
        writer.close()
        for mm in maps:
            mm.close()
    return [*chunks, writer.path.name], out


def _map(path: Path) -> mmap.mmap:
    with open(path, "rb") as f:
        if os.fstat(f.fileno()).st_size == 0:
            return mmap.mmap(-1, 1)  # mmap cannot map an empty file
        return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)


# -- reading -------------------------------------------------------------------------


class TextStore:
    """The normalised texts of one generation, by Whoosh docnum.

    A store of at most MAP_MAX bytes is mapped read-only and ``containing`` searches the
    mapping in place (``mmap.find`` between a text's bounds: no copy); a chunk is never
    written again once written (a mapped file cut short would fault). A larger one is
    read with ``os.pread``: pages of a mapped file count in every worker's resident
    memory once touched, and literal checks touch most of the store (at 100,000
    documents ~155 MB per gunicorn worker); read, they stay in the OS page cache, shared,
    and the process holds only the window it is searching. Candidates are checked in
    docnum order, which is the order a full reindex writes them, so neighbouring
    candidates share one read.
    """

    def __init__(
        self,
        fds: list[int],
        spans: dict[str, tuple[array, array, array]],
        encoding: str = ENCODING,
        maps: list[mmap.mmap] | None = None,
    ):
        self._fds = fds
        self._maps = maps  # one read-only mapping per chunk, or None: read with pread
        self._spans = spans  # field → (chunk, start, end) per docnum; chunk -1: no text
        self._encoding = encoding
        # UTF-16 code units are two bytes: only matches at even offsets of a text count
        # (a match at offset i from the text's start counts when (i & _odd) == 0).
        self._odd = 1 if encoding == "utf-16-le" else 0

    @classmethod
    def open(cls, gen_path: Path, ids: Sequence[str | None], map_max: int = MAP_MAX) -> TextStore:
        """The store of generation ``gen_path``; ``ids[d]`` is the id of docnum ``d``
        (None for a deleted document). Mapped when its chunks total at most ``map_max``
        bytes."""
        index = _load_index(Path(gen_path))
        if index is None:
            raise FileNotFoundError(f"no text store in {gen_path}")
        docs = index["docs"]
        n = len(ids)
        spans = {
            f: (array("i", [-1]) * n, array("q", [0]) * n, array("q", [0]) * n) for f in FIELDS
        }
        for d, doc_id in enumerate(ids):
            entry = docs.get(doc_id) if doc_id is not None else None
            if entry is None:
                continue
            c, t_off, t_len, b_off, b_len = entry
            for f, off, length in (("title", t_off, t_len), ("body", b_off, b_len)):
                chunk, start, end = spans[f]
                chunk[d], start[d], end[d] = c, off, off + length
        encoding = _encoding(index)
        fds = [os.open(Path(gen_path) / c, os.O_RDONLY) for c in index["chunks"]]
        maps = None
        if sum(os.fstat(fd).st_size for fd in fds) <= map_max:
            # An empty chunk cannot be mapped; no span points into one.
            maps = [
                mmap.mmap(fd, 0, access=mmap.ACCESS_READ) if os.fstat(fd).st_size else None
                for fd in fds
            ]
        return cls(fds, spans, encoding, maps)

    @property
    def mapped(self) -> bool:
        """Whether ``containing`` searches a mapping of the chunks (else it reads them)."""
        return self._maps is not None

    def _needle(self, needle: bytes) -> bytes:
        """``needle`` (UTF-8, as callers pass it) in the store's encoding."""
        if self._encoding == "utf-8":
            return needle
        return needle.decode("utf-8").encode(self._encoding)

    def _find(self, data: bytes | mmap.mmap, needle: bytes, start: int, end: int) -> int:
        """The first match of ``needle`` in ``data[start:end]`` (one text starting at
        ``start``) that starts on a character, or -1."""
        i = data.find(needle, start, end)
        while i >= 0 and (i - start) & self._odd:
            i = data.find(needle, i + 1, end)
        return i

    def _read(self, docnum: int, field: str) -> bytes | None:
        chunk, start, end = self._spans[field]
        c = chunk[docnum]
        if c < 0:
            return None
        return os.pread(self._fds[c], end[docnum] - start[docnum], start[docnum])

    def contains(self, docnum: int, field: str, needle: bytes) -> bool:
        """Whether ``needle`` (normalised UTF-8) occurs in the document's ``field``."""
        data = self._read(docnum, field)
        return data is not None and self._find(data, self._needle(needle), 0, len(data)) >= 0

    def containing(self, docnums: Iterable[int], field: str, needle: bytes) -> list[int]:
        """Of ``docnums`` (ascending), those whose ``field`` contains ``needle``.

        Mapped, each text is searched in place. Read, candidates whose texts lie close
        together in one chunk are read with one ``pread`` (at most READ_WINDOW bytes,
        skipping at most READ_GAP between texts).
        """
        chunk, start, end = self._spans[field]
        needle = self._needle(needle)
        if self._maps is not None:
            return self._containing_mapped(docnums, chunk, start, end, needle)
        out: list[int] = []
        buf, buf_chunk, buf_start, buf_end = b"", -1, 0, 0
        todo = [d for d in docnums if chunk[d] >= 0]
        n = len(todo)
        for i, d in enumerate(todo):
            c, s, e = chunk[d], start[d], end[d]
            if not (c == buf_chunk and buf_start <= s and e <= buf_end):
                # Extend the read over the following candidates while they are near.
                last, j = e, i + 1
                while j < n:
                    nxt = todo[j]
                    ns, ne = start[nxt], end[nxt]
                    if chunk[nxt] != c or ns < last or ns - last > READ_GAP or ne - s > READ_WINDOW:
                        break
                    last, j = ne, j + 1
                buf = os.pread(self._fds[c], last - s, s)
                buf_chunk, buf_start, buf_end = c, s, s + len(buf)
            lo, hi = s - buf_start, e - buf_start
            at = buf.find(needle, lo, hi)
            # The common case inline (no match, or an aligned one): one C call per text.
            if at >= 0 and (at - lo) & self._odd:
                # Search on from at + 1, itself at an even offset of the text.
                at = self._find(buf, needle, at + 1, hi)
            if at >= 0:
                out.append(d)
        return out

    def _containing_mapped(
        self, docnums: Iterable[int], chunk: array, start: array, end: array, needle: bytes
    ) -> list[int]:
        maps, odd = self._maps, self._odd
        out: list[int] = []
        for d in docnums:
            c = chunk[d]
            if c < 0:
                continue
            m, s, e = maps[c], start[d], end[d]
            at = m.find(needle, s, e)
            # The common case inline, as in the read path; a match at an odd offset is
            # not on a character: search on from at + 1, itself at an even offset.
            if at >= 0 and (at - s) & odd:
                at = self._find(m, needle, at + 1, e)
            if at >= 0:
                out.append(d)
        return out

    def count(self, docnum: int, field: str, needle: bytes) -> int:
        """Non-overlapping occurrences of ``needle`` (normalised UTF-8), leftmost first."""
        data = self._read(docnum, field)
        if data is None or not needle:
            return 0
        if self._encoding == "utf-8":
            return data.count(needle)
        # Counted on the string: what a count of aligned byte matches would be.
        return data.decode(self._encoding).count(needle.decode("utf-8"))

    def text(self, docnum: int, field: str) -> str:
        """The document's normalised ``field``."""
        data = self._read(docnum, field)
        return data.decode(self._encoding) if data is not None else ""

    def close(self) -> None:
        maps, self._maps = self._maps or [], None
        for m in maps:
            if m is not None:
                m.close()
        fds, self._fds = self._fds, []
        for fd in fds:
            os.close(fd)

    def __del__(self) -> None:
        # A generation's store is dropped with its snapshot when a new one is served.
        self.close()
