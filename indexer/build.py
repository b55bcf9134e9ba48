"""``reindex``: bring the index in line with a folder of documents.

Scan (fingerprint every file) → plan (added / changed / removed / unchanged) → write a new
generation (in worker processes, one segment each, when there is enough to do) → publish.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
import queue
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.writing import MERGE_SMALL, NO_MERGE

from indexer.analysis import ANALYSIS_VERSION, jieba_tokenizer, use_resources
from indexer.document import Rejected, Rejection
from indexer.extract import extract_document
from indexer.progress import Progress
from indexer.resources import load_resources, union_dict_hash
from indexer.schema import SCHEMA_VERSION, build_schema, document_fields
from indexer.sizes import too_large_reason
from indexer.store import IndexBusy, IndexStore, pause_point, write_meta
from indexer.writer import FastSegmentWriter
from union_search.config import Config

DOC_SUFFIXES = {".txt", ".md", ".html", ".htm", ".xhtml", ".shtml"}
SIDECAR_SUFFIX = ".meta"
# Below this many documents to write, worker start-up costs more than it saves.
PARALLEL_MIN = 24


class ReindexError(Exception):
    """The index could not be built; the message is one line for the user."""


@dataclass
class SourceFile:
    id: str
    path: Path
    fingerprint: str
    size: int


@dataclass
class ReindexReport:
    generation: str | None
    full: bool
    full_reason: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    documents: int = 0
    seconds: float = 0.0
    chars: int = 0

    @property
    def changed_anything(self) -> bool:
        return bool(self.added or self.updated or self.removed)


# -- scanning ----------------------------------------------------------------


def scan_corpus(root: Path, max_bytes: int) -> tuple[list[SourceFile], list[Rejection]]:
    """Fingerprint every document file under ``root``; unreadable ones become rejections."""
    files: list[SourceFile] = []
    rejected: list[Rejection] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or name.endswith(SIDECAR_SUFFIX):
                continue
            path = Path(dirpath) / name
            doc_id = path.relative_to(root).as_posix()
            if path.suffix.lower() not in DOC_SUFFIXES:
                rejected.append(
                    Rejection(doc_id, f"unsupported file type {path.suffix or '(none)'}")
                )
                continue
            try:
                files.append(_fingerprint(path, doc_id, max_bytes))
            except Rejected as r:
                rejected.append(Rejection(doc_id, r.reason))
    return files, rejected


def _fingerprint(path: Path, doc_id: str, max_bytes: int) -> SourceFile:
    try:
        st = path.stat()
    except OSError as e:
        raise Rejected(_os_reason(e)) from None
    if not path.is_file():
        raise Rejected("not a regular file")
    if st.st_size > max_bytes:
        raise Rejected(too_large_reason(st.st_size, max_bytes))
    digest = hashlib.sha256()
    try:
        digest.update(path.read_bytes())
        sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
        if sidecar.is_file():
            digest.update(b"\0meta\0" + sidecar.read_bytes())
    except OSError as e:
        raise Rejected(_os_reason(e)) from None
    return SourceFile(doc_id, path, digest.hexdigest(), st.st_size)


def _os_reason(e: OSError) -> str:
    import errno

    if e.errno == errno.ELOOP:
        return "symlink loop"
    if e.errno == errno.ENOENT:
        return "file vanished or dangling symlink"
    if e.errno == errno.EACCES:
        return "cannot read: permission denied"
    return f"cannot read: {e.strerror or e}"


# -- writing -----------------------------------------------------------------


class _DocWriter:
    """Extracts, analyses and adds documents to one Whoosh segment writer."""

    def __init__(self, writer, config: Config, resources):
        self.writer = writer
        self.config = config
        self.resources = resources
        self.documents: dict[str, str] = {}
        self.rejected: list[Rejection] = []
        self.chars = 0

    def add(self, src: SourceFile) -> None:
        try:
            doc = extract_document(
                src.path,
                self.config.corpus_dir,
                self.resources,
                max_bytes=self.config.max_file_bytes,
            )
            doc.content_hash = src.fingerprint
            self.writer.add_document(**document_fields(doc))
        except Rejected as r:
            self.rejected.append(Rejection(src.id, r.reason))
            return
        except (OSError, ValueError, RecursionError, UnicodeError) as e:
            # One broken file never stops a reindex.
            self.rejected.append(Rejection(src.id, f"could not index: {type(e).__name__}: {e}"))
            return
        self.documents[src.id] = src.fingerprint
        self.chars += len(doc.body) + len(doc.title)


def _die_with_parent(lock_fd: int | None) -> None:
    """A worker must not outlive a killed reindex, nor keep its lock alive."""
    if lock_fd is not None:
        os.close(lock_fd)  # the fd was inherited by fork; the parent's copy holds the lock
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def _worker(
    gen_path: str, sources: list[SourceFile], config: Config, out, lock_fd: int | None = None
) -> None:
    _die_with_parent(lock_fd)
    try:
        resources = load_resources(config.resources_dir)
        ix = whoosh_index.open_dir(gen_path)
        dw = _DocWriter(FastSegmentWriter(ix, _lk=False), config, resources)
        for src in sources:
            dw.add(src)
            out.put(("progress", 1))
        if dw.documents:
            segment = dw.writer._finalize_segment()
        else:
            dw.writer.cancel()
            segment = None
        out.put(("result", segment, dw.documents, dw.rejected, dw.chars))
    except BaseException as e:  # report, don't hang the parent
        out.put(("error", f"{type(e).__name__}: {e}"))
        raise


def _split_by_size(sources: list[SourceFile], parts: int) -> list[list[SourceFile]]:
    buckets: list[list[SourceFile]] = [[] for _ in range(parts)]
    loads = [0] * parts
    for src in sorted(sources, key=lambda s: s.size, reverse=True):
        i = loads.index(min(loads))
        buckets[i].append(src)
        loads[i] += src.size
    return [b for b in buckets if b]


def _write_in_workers(
    gen_path: Path,
    sources: list[SourceFile],
    config: Config,
    progress: Progress,
    lock_fd: int | None,
):
    ctx = mp.get_context("fork")
    out = ctx.Queue()
    procs = [
        ctx.Process(target=_worker, args=(str(gen_path), part, config, out, lock_fd), daemon=True)
        for part in _split_by_size(sources, config.jobs)
    ]
    for p in procs:
        p.start()
    segments, documents, rejected, chars = [], {}, [], 0
    pending = len(procs)
    try:
        while pending:
            try:
                msg = out.get(timeout=1.0)
            except queue.Empty:
                if not any(p.is_alive() for p in procs) and out.empty():
                    raise ReindexError("an indexing worker died before finishing") from None
                continue
            if msg[0] == "progress":
                progress.advance(msg[1])
            elif msg[0] == "error":
                raise ReindexError(f"an indexing worker failed: {msg[1]}")
            else:
                _, segment, docs, rej, nchars = msg
                pending -= 1
                if segment is not None:
                    segments.append(segment)
                documents.update(docs)
                rejected.extend(rej)
                chars += nchars
    finally:
        for p in procs:
            p.join(timeout=5)
            if p.is_alive():
                p.kill()
    return segments, documents, rejected, chars


# -- the command ---------------------------------------------------------------


def reindex(
    config: Config, full: bool = False, progress_stream=None, after_scan=None
) -> ReindexReport:
    """Update (or with ``full``, rebuild) the index; ``after_scan(sources)`` runs between
    scanning and extraction, for callers that want to watch or disturb that moment."""
    started = time.monotonic()
    corpus = config.corpus_dir
    if not corpus.is_dir():
        raise ReindexError(f"corpus folder not found: {corpus}")
    store = IndexStore(config.index_dir)
    try:
        config.index_dir.mkdir(parents=True, exist_ok=True)
        probe = config.index_dir / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as e:
        raise ReindexError(f"cannot write index folder {config.index_dir}: {e.strerror}") from None
    try:
        with store.reindex_lock():
            report = _reindex_locked(store, config, full, progress_stream, after_scan)
    except IndexBusy as e:
        raise ReindexError(str(e)) from None
    report.seconds = time.monotonic() - started
    return report


def _reindex_locked(
    store: IndexStore, config: Config, full: bool, progress_stream, after_scan
) -> ReindexReport:
    store.remove_stale()  # half-written generations of a killed reindex
    use_resources(config.resources_dir, config.index_dir / "cache")
    versions = {
        "analysis_version": ANALYSIS_VERSION,
        "schema_version": SCHEMA_VERSION,
        "dict_hash": union_dict_hash(config.resources_dir),
    }
    current = store.current()
    old_meta = current.meta() if current else None
    full_reason = _full_rebuild_reason(full, old_meta, versions)
    old_docs: dict[str, str] = {} if full_reason else old_meta["documents"]

    sources, rejected = scan_corpus(config.corpus_dir, config.max_file_bytes)
    if after_scan is not None:
        after_scan(sources)
    by_id = {s.id: s for s in sources}
    added = [s for s in sources if s.id not in old_docs]
    updated = [s for s in sources if s.id in old_docs and old_docs[s.id] != s.fingerprint]
    removed = [i for i in old_docs if i not in by_id]
    report = ReindexReport(None, bool(full_reason), full_reason, rejected=rejected)
    report.unchanged = len(sources) - len(added) - len(updated)

    if not full_reason and not (added or updated or removed):
        report.generation = current.name
        report.documents = len(old_docs)
        return report

    jieba_tokenizer()  # load once here; forked workers share it
    building = store.new_generation(copy_from=None if full_reason else current)
    ix = (
        whoosh_index.create_in(building, build_schema())
        if full_reason
        else whoosh_index.open_dir(building)
    )
    parent = FastSegmentWriter(ix)
    for doc_id in [s.id for s in updated] + removed:
        parent.delete_by_term("id", doc_id)

    todo = added + updated
    progress = Progress(len(todo), stream=progress_stream)
    stale = {s.id for s in updated}
    documents = {i: h for i, h in old_docs.items() if i in by_id and i not in stale}
    if config.jobs > 1 and len(todo) >= PARALLEL_MIN:
        segments, docs, rej, chars = _write_in_workers(
            building, todo, config, progress, store.lock_fd
        )
    else:
        dw = _DocWriter(parent, config, load_resources(config.resources_dir))
        for src in todo:
            dw.add(src)
            progress.advance()
        segments, docs, rej, chars = [], dw.documents, dw.rejected, dw.chars
    progress.finish()
    pause_point("tokenized")

    final = parent._merge_segments(NO_MERGE if full_reason else MERGE_SMALL, False, False)
    final += segments
    if parent._added:
        final.append(parent._finalize_segment())
    else:
        parent._close_segment()
    parent._commit_toc(final)
    parent._finish()

    pause_point("committed")
    documents.update(docs)
    report.rejected.extend(rej)
    rejected_ids = {r.path for r in rej}
    report.added = [s.id for s in added if s.id not in rejected_ids]
    report.updated = [s.id for s in updated if s.id not in rejected_ids]
    # A changed file that no longer extracts is gone from the index: say so.
    report.removed = removed + [s.id for s in updated if s.id in rejected_ids]
    report.documents = len(documents)
    report.chars = chars
    write_meta(
        building,
        {
            **versions,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "corpus_dir": str(config.corpus_dir),
            "documents": documents,
            "rejected": [{"path": r.path, "reason": r.reason} for r in report.rejected],
        },
    )
    published = store.publish(building)
    report.generation = published.name
    store.remove_stale(keep_previous=current)
    return report


def _full_rebuild_reason(full: bool, old_meta: dict | None, versions: dict) -> str:
    if full:
        return "--full requested"
    if old_meta is None:
        return "no index yet"
    for key, value in versions.items():
        if old_meta.get(key) != value:
            return f"{key.replace('_', ' ')} changed"
    return ""
