"""A generation's text store: the normalised title and body of every document, for
verifying literal (Ctrl-F) matches at C speed.

The gram fields only say which documents hold every bigram of a string (candidates);
whether the string really occurs is decided here, with ``bytes.find`` on the UTF-8 of the
normalised text (``indexer.analysis.normalize``, which keeps every character's offset).
UTF-8 is self-synchronising, so a byte match of a whole needle starts on a character.

On disk, inside the generation folder (written before it is published)::

    texts.json           {"chunks": [file names], "docs": {id: [chunk, title offset,
                          title bytes, body offset, body bytes]}}
    texts-000001.bin     chunks: concatenated UTF-8, never rewritten once written

Entries are keyed by document id, never by Whoosh docnum (merges renumber documents);
a reader maps docnums to ids through the index's ``id`` column. An incremental reindex
starts from hard links to the served generation's files (``IndexStore.new_generation``),
keeps the entries of unchanged documents, appends the new texts as a new chunk and
writes a new ``texts.json`` under a new inode (a hard-linked file is never written in
place); chunks that are mostly garbage are compacted into one.
"""

from __future__ import annotations

import json
import mmap
import os
import re
from array import array
from collections.abc import Iterable, Sequence
from pathlib import Path

from whoosh import index as whoosh_index

from indexer.analysis import normalize

INDEX_FILE = "texts.json"
_CHUNK = re.compile(r"^texts-(\d{6})\.bin$")
FIELDS = ("title", "body")
# Compact when less than this share of the chunks' bytes is still referenced.
LIVE_SHARE_MIN = 0.5
# Reading candidates' texts: one read covers neighbouring texts up to this many bytes,
# skipping gaps of at most READ_GAP (sparse candidates are read one by one).
READ_WINDOW = 1 << 20
READ_GAP = 64 << 10


def _chunk_name(n: int) -> str:
    return f"texts-{n:06d}.bin"


def _load_index(gen_path: Path) -> dict | None:
    try:
        return json.loads((gen_path / INDEX_FILE).read_text("utf-8"))
    except FileNotFoundError:
        return None


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


def update_text_store(building: Path, previous: Path | None, written_files: Iterable[str]) -> None:
    """Bring the text store of the (committed, unpublished) generation ``building`` in line
    with its Whoosh index.

    ``previous`` is the generation it was copied from (None for a full rebuild), and
    ``written_files`` the source files whose documents this reindex (re)wrote: their texts
    are read from the index; every other document keeps its entry from ``previous``.
    """
    building = Path(building)
    old = _load_index(previous) if previous is not None else None
    old_docs: dict[str, list[int]] = old["docs"] if old else {}
    old_chunks: list[str] = old["chunks"] if old else []
    ix = whoosh_index.open_dir(str(building))
    with ix.reader() as reader:
        live = set(reader.all_doc_ids())
        fresh: set[int] = set()
        for name in set(written_files):
            if ("file", name) in reader:
                fresh.update(d for d in reader.postings("file", name).all_ids() if d in live)
        ids = reader.column_reader("id")
        carried: dict[str, list[int]] = {}
        todo: list[int] = []
        for d in sorted(live):
            doc_id = ids[d]
            entry = old_docs.get(doc_id)
            if d in fresh or entry is None:
                todo.append(d)
            else:
                carried[doc_id] = entry
        numbers = [int(m.group(1)) for p in building.iterdir() if (m := _CHUNK.match(p.name))]
        next_chunk = max(numbers, default=0) + 1
        chunks = list(old_chunks)
        docs: dict[str, list[int]] = {}
        if carried and _live_share(building, old_chunks, carried.values()) < LIVE_SHARE_MIN:
            chunks, carried = _compact(building, old_chunks, carried, next_chunk)
            next_chunk += 1
        docs.update(carried)
        if todo:
            writer = _ChunkWriter(building / _chunk_name(next_chunk))
            chunk = len(chunks)
            chunks.append(writer.path.name)
            try:
                for d in todo:
                    stored = reader.stored_fields(d)
                    title = writer.add(normalize(stored.get("title") or "").encode("utf-8"))
                    body = writer.add(normalize(stored.get("body") or "").encode("utf-8"))
                    docs[stored["id"]] = [chunk, *title, *body]
            finally:
                writer.close()
    # Keep only chunks some entry refers to; renumber them densely.
    used = sorted({e[0] for e in docs.values()})
    renumber = {old_i: new_i for new_i, old_i in enumerate(used)}
    chunks = [chunks[i] for i in used]
    docs = {k: [renumber[e[0]], *e[1:]] for k, e in docs.items()}
    for p in building.iterdir():
        if _CHUNK.match(p.name) and p.name not in chunks:
            p.unlink()  # a hard link: the served generation keeps its own
    tmp = building / (INDEX_FILE + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump({"chunks": chunks, "docs": docs}, f, ensure_ascii=False, separators=(",", ":"))
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, building / INDEX_FILE)


def _live_share(building: Path, chunks: list[str], entries: Iterable[list[int]]) -> float:
    total = sum((building / c).stat().st_size for c in chunks if (building / c).exists())
    if not total:
        return 1.0
    return sum(e[2] + e[4] for e in entries) / total


def _compact(
    building: Path, chunks: list[str], carried: dict[str, list[int]], number: int
) -> tuple[list[str], dict[str, list[int]]]:
    """Copy the carried texts into one new chunk (their old chunks become garbage)."""
    maps = [_map(building / c) for c in chunks]
    writer = _ChunkWriter(building / _chunk_name(number))
    out: dict[str, list[int]] = {}
    try:
        for doc_id, (c, t_off, t_len, b_off, b_len) in carried.items():
            mm = maps[c]
            title = writer.add(mm[t_off : t_off + t_len])
            body = writer.add(mm[b_off : b_off + b_len])
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
    """The normalised texts of one generation, by Whoosh docnum, read with ``os.pread``.

    Not mapped: pages of a mapped file count in every worker's resident memory once
    touched, and literal checks touch most of the store (at 100,000 documents ~230 MB per
    gunicorn worker). Read, they stay in the OS page cache, shared, and the process holds
    only the window it is searching. Candidates are checked in docnum order, which is
    the order a full reindex writes them, so neighbouring candidates share one read.
    """

    def __init__(self, fds: list[int], spans: dict[str, tuple[array, array, array]]):
        self._fds = fds
        self._spans = spans  # field → (chunk, start, end) per docnum; chunk -1: no text

    @classmethod
    def open(cls, gen_path: Path, ids: Sequence[str | None]) -> TextStore:
        """The store of generation ``gen_path``; ``ids[d]`` is the id of docnum ``d``
        (None for a deleted document)."""
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
        fds = [os.open(Path(gen_path) / c, os.O_RDONLY) for c in index["chunks"]]
        return cls(fds, spans)

    def _read(self, docnum: int, field: str) -> bytes | None:
        chunk, start, end = self._spans[field]
        c = chunk[docnum]
        if c < 0:
            return None
        return os.pread(self._fds[c], end[docnum] - start[docnum], start[docnum])

    def contains(self, docnum: int, field: str, needle: bytes) -> bool:
        """Whether ``needle`` (normalised UTF-8) occurs in the document's ``field``."""
        data = self._read(docnum, field)
        return data is not None and needle in data

    def containing(self, docnums: Iterable[int], field: str, needle: bytes) -> list[int]:
        """Of ``docnums`` (ascending), those whose ``field`` contains ``needle``.

        Candidates whose texts lie close together in one chunk are read with one
        ``pread`` (at most READ_WINDOW bytes, skipping at most READ_GAP between texts).
        """
        chunk, start, end = self._spans[field]
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
            if buf.find(needle, s - buf_start, e - buf_start) >= 0:
                out.append(d)
        return out

    def count(self, docnum: int, field: str, needle: bytes) -> int:
        """Non-overlapping occurrences of ``needle``, leftmost first."""
        data = self._read(docnum, field)
        if data is None or not needle:
            return 0
        return data.count(needle)

    def text(self, docnum: int, field: str) -> str:
        """The document's normalised ``field``."""
        data = self._read(docnum, field)
        return data.decode("utf-8") if data is not None else ""

    def close(self) -> None:
        fds, self._fds = self._fds, []
        for fd in fds:
            os.close(fd)

    def __del__(self) -> None:
        # A generation's store is dropped with its snapshot when a new one is served.
        self.close()
