"""A generation's text store: the normalised title and body of every document, for
verifying literal (Ctrl-F) matches at C speed.

The gram fields only say which documents hold every bigram of a string (candidates);
whether the string really occurs is decided here, with ``mmap.find`` on the UTF-8 of the
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
    """The normalised texts of one generation, by Whoosh docnum, read through mmaps (the
    OS page cache holds them, not the process)."""

    def __init__(self, maps: list[mmap.mmap], spans: dict[str, tuple[array, array, array]]):
        self._maps = maps
        self._spans = spans  # field → (chunk, start, end) per docnum; chunk -1: no text

    @classmethod
    def open(cls, gen_path: Path, ids: Sequence[str | None]) -> TextStore:
        """The store of generation ``gen_path``; ``ids[d]`` is the id of docnum ``d``
        (None for a deleted document)."""
        index = _load_index(Path(gen_path))
        if index is None:
            raise FileNotFoundError(f"no text store in {gen_path}")
        maps = [_map(Path(gen_path) / c) for c in index["chunks"]]
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
        return cls(maps, spans)

    def _span(self, docnum: int, field: str) -> tuple[mmap.mmap | None, int, int]:
        chunk, start, end = self._spans[field]
        c = chunk[docnum]
        if c < 0:
            return None, 0, 0
        return self._maps[c], start[docnum], end[docnum]

    def contains(self, docnum: int, field: str, needle: bytes) -> bool:
        """Whether ``needle`` (normalised UTF-8) occurs in the document's ``field``."""
        mm, start, end = self._span(docnum, field)
        return mm is not None and mm.find(needle, start, end) >= 0

    def count(self, docnum: int, field: str, needle: bytes) -> int:
        """Non-overlapping occurrences of ``needle``, leftmost first."""
        mm, start, end = self._span(docnum, field)
        if mm is None or not needle:
            return 0
        return mm[start:end].count(needle)  # one copy of the field, then a C loop

    def text(self, docnum: int, field: str) -> str:
        """The document's normalised ``field``."""
        mm, start, end = self._span(docnum, field)
        return mm[start:end].decode("utf-8") if mm is not None else ""

    def close(self) -> None:
        for mm in self._maps:
            mm.close()
