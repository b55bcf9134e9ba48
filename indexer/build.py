"""``reindex``: bring the index in line with a folder of documents.

Four steps, each a function below ``reindex``:

1. ``plan``: scan (fingerprint every file) and compare with the served generation: added /
   updated / removed / unchanged, and whether a full rebuild is needed.
2. ``write``: a new ``.building`` generation; documents are extracted and analysed in worker
   processes (one segment each) when there is enough to do.
3. ``commit``: one Whoosh commit of the parent writer (deletions) and the worker segments.
4. ``publish``: write meta.json, rename the generation and switch CURRENT to it.

A caller may pass ``ReindexHooks`` to watch the stages (the crash tests stop a real
reindex at each one to kill it there).
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import queue
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.writing import MERGE_SMALL, NO_MERGE

from indexer.analysis import ANALYSIS_VERSION, Analyzer, BulkNormalize
from indexer.document import Rejected, Rejection
from indexer.extract import extract_documents
from indexer.frequent_sets import dense_terms, write_frequent_sets, writer_report
from indexer.progress import Progress
from indexer.resources import UNION_DICT_FILE, CorpusResources, load_resources
from indexer.scan import SourceFile, scan_files
from indexer.schema import SCHEMA_VERSION, build_schema, document_fields
from indexer.segment_grams import SegmentGrams
from indexer.settings import Settings, SettingsError
from indexer.site_profile import SitePlan, plan_sites, site_of
from indexer.store import Generation, IndexBusy, IndexStore, write_meta
from indexer.textstore import (
    TextChunkWriter,
    WrittenTexts,
    chunk_path,
    finish_text_store,
    next_chunk_number,
)
from indexer.unit_store import UnitSpanWriter, WrittenUnits, finish_unit_store
from indexer.vocab_file import DocLabels, write_vocabulary
from indexer.whoosh_adapter import (
    FastSegmentWriter,
    finish_worker_segment,
    runs_written,
    worker_writer,
)

# Below this many documents to write, worker start-up costs more than it saves.
PARALLEL_MIN = 24
# A worker reports progress every this many documents, or this often, whichever first.
PROGRESS_BATCH = 64
PROGRESS_SECONDS = 0.5
# A worker moves what it has built so far out of the cyclic gc every this many documents.
FREEZE_EVERY = 1000


class ReindexError(Exception):
    """The index could not be built; the message is one line for the user."""


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
    # Sorted runs of postings the writers wrote to disk when their flush budget filled
    # (0 when every writer's postings fitted in it).
    flush_runs: int = 0

    @property
    def changed_anything(self) -> bool:
        return bool(self.added or self.updated or self.removed)


class ReindexHooks:
    """Callbacks at the stages of a reindex; these defaults do nothing.

    ``stage(name)`` is called at: "scanning" (the first file was fingerprinted),
    "tokenized" (every document analysed and written, nothing committed), "committed"
    (the Whoosh commit is done, the generation not yet published) and "published-dir"
    (the generation's folder is renamed, CURRENT not yet switched). ``scanned(sources)``
    runs between scanning and extraction.
    """

    def stage(self, name: str) -> None:
        pass

    def scanned(self, sources: list[SourceFile]) -> None:
        pass


# -- scanning ----------------------------------------------------------------


def scan_corpus(
    root: Path,
    max_bytes: int,
    hooks: ReindexHooks | None = None,
    jobs: int = 1,
    child_init=None,
    meanwhile=None,
) -> tuple[list[SourceFile], list[Rejection]]:
    """Fingerprint every document file under ``root``; unreadable ones become rejections
    (on ``jobs`` processes for a large corpus, see indexer/scan.py)."""
    hooks = hooks or ReindexHooks()
    return scan_files(
        root,
        max_bytes,
        jobs,
        child_init=child_init,
        meanwhile=meanwhile,
        first_found=lambda: hooks.stage("scanning"),
    )


# -- writing -----------------------------------------------------------------


class _DocWriter:
    """Extracts, analyses and adds documents to one Whoosh segment writer."""

    def __init__(
        self,
        writer,
        settings: Settings,
        resources: CorpusResources,
        analyzer: Analyzer,
        texts: TextChunkWriter,
        sites: dict | None = None,
    ):
        self.writer = writer
        self.texts = texts  # the normalised texts, for the generation's text store
        self.units = UnitSpanWriter()  # their units' spans, for its unit store
        self.settings = settings
        self.resources = resources
        self.analyzer = analyzer
        self.words = analyzer.block_words()  # this process's own: blocks repeat across documents
        self.normalize = BulkNormalize()
        self.sites = sites or {}  # mirror folder -> SiteProfile
        self.documents: dict[str, str] = {}
        self.labels: dict[str, DocLabels] = {}  # id -> title/issuer, for the vocabulary
        self.rejected: list[Rejection] = []
        self.chars = 0

    def add(self, src: SourceFile) -> None:
        try:
            extraction = extract_documents(
                src.path,
                self.settings.corpus_dir,
                self.resources,
                max_bytes=self.settings.max_file_bytes,
                ocr=self.settings.ocr,
                site=self.sites.get(site_of(src.id)),
            )
            for doc in extraction.documents:
                doc.content_hash = src.fingerprint
                # Folded once: for the analysis and for the text store.
                normalized = self.normalize(doc.title or ""), self.normalize(doc.body or "")
                values = document_fields(doc, self.analyzer, normalized, self.words)
                # Text first: a document in the index always has its text in the store.
                self.texts.add_normalized(doc.id, *normalized)
                self.units.add(doc.id, values["units"], len(doc.body or ""))
                self.writer.add_document(**values)
                self.labels[doc.id] = DocLabels(doc.title or "", doc.issuer or "")
            self.rejected.extend(extraction.rejected)
        except Rejected as r:
            self.rejected.append(Rejection(src.id, r.reason))
            return
        except (OSError, ValueError, RecursionError, UnicodeError) as e:
            # One broken file never stops a reindex.
            self.rejected.append(Rejection(src.id, f"could not index: {type(e).__name__}: {e}"))
            return
        self.documents[src.id] = src.fingerprint
        self.chars += sum(len(d.body) + len(d.title) for d in extraction.documents)


def _die_with_parent(lock_fd: int | None, parent: int | None = None) -> None:
    """A worker must not outlive a killed reindex, nor keep its lock alive. ``parent``:
    the forking process's id, when known (a scanner pool would respawn a worker that
    exits at once if that process were itself process 1)."""
    if lock_fd is not None:
        os.close(lock_fd)  # the fd was inherited by fork; the parent's copy holds the lock
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    except (OSError, AttributeError):
        pass
    orphaned = os.getppid() != parent if parent is not None else os.getppid() == 1
    if orphaned:  # the parent died before prctl took effect
        os._exit(1)


def _worker(
    gen_path: str,
    sources: list[SourceFile],
    settings: Settings,
    analyzer: Analyzer,
    out,
    texts_path: str,
    lock_fd: int | None = None,
    sites: dict | None = None,
    number: int = 0,
) -> None:
    # Forked: ``analyzer`` arrives with its jieba dictionary already loaded.
    _die_with_parent(lock_fd)
    # What the worker inherited lives until it exits: out of the cyclic gc, so its full
    # collections do not walk the parent's objects again and again.
    gc.freeze()
    try:
        resources = load_resources(settings.resources_dir)
        ix = whoosh_index.open_dir(gen_path)
        texts = TextChunkWriter(Path(texts_path))
        writer = worker_writer(ix, settings.flush_mb, dense_terms())
        dw = _DocWriter(writer, settings, resources, analyzer, texts, sites)
        # Progress goes to the parent in batches: a queue message per document cost the
        # worker a pickle and a pipe write and woke the parent each time.
        done, reported = 0, time.monotonic()
        for n, src in enumerate(sources, 1):
            dw.add(src)
            done += 1
            if n % FREEZE_EVERY == 0:
                # Every term's posting array is an object the cyclic gc tracks (hundreds
                # of thousands), and none is ever part of a cycle: frozen, the full
                # collections stop walking them again and again (a spill still frees
                # them). The young generations are collected first, so their cyclic
                # garbage is freed, not frozen.
                gc.collect(1)
                gc.freeze()
            if done >= PROGRESS_BATCH or time.monotonic() - reported >= PROGRESS_SECONDS:
                out.put(("progress", done))
                done, reported = 0, time.monotonic()
        if done:
            out.put(("progress", done))
        if dw.documents:
            segment = finish_worker_segment(dw.writer)
            grams = writer_report(segment.segment_id(), dw.writer)
        else:
            dw.writer.cancel()
            segment = grams = None
        runs = runs_written(dw.writer)
        out.put(
            (
                "result",
                number,
                segment,
                dw.documents,
                dw.rejected,
                dw.chars,
                runs,
                texts.finish(),
                # Plain tuples: a named tuple pickles by its class, per document (about
                # 2 µs each way of the parent's serial time, 50,000 a worker at 100,000).
                dict(zip(dw.labels, map(tuple, dw.labels.values()), strict=True)),
                dw.units.finish(),
                grams,
            )
        )
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


@dataclass
class Written:
    """What the write step produced: documents in segments, not yet committed."""

    building: Path
    writer: FastSegmentWriter  # the parent's writer: deletions, maybe documents
    segments: list = field(default_factory=list)  # finished worker segments
    documents: dict[str, str] = field(default_factory=dict)  # id -> fingerprint written
    rejected: list[Rejection] = field(default_factory=list)
    chars: int = 0
    runs: int = 0  # sorted runs of postings written to disk at the flush budget
    texts: list[WrittenTexts] = field(default_factory=list)  # one chunk per writer
    labels: dict[str, DocLabels] = field(default_factory=dict)  # of the documents written
    units: list[WrittenUnits] = field(default_factory=list)  # one per writer
    grams: list[SegmentGrams] = field(default_factory=list)  # the writers' dense grams


def _write_in_workers(
    written: Written,
    sources: list[SourceFile],
    settings: Settings,
    analyzer: Analyzer,
    progress: Progress,
    lock_fd: int | None,
    sites: dict | None = None,
) -> None:
    ctx = mp.get_context("fork")
    out = ctx.Queue()
    first_chunk = next_chunk_number(written.building)
    procs = [
        ctx.Process(
            target=_worker,
            args=(
                str(written.building),
                part,
                settings,
                analyzer,
                out,
                str(chunk_path(written.building, first_chunk + i)),
                lock_fd,
                sites,
                i,
            ),
            daemon=True,
        )
        for i, part in enumerate(_split_by_size(sources, settings.jobs))
    ]
    for p in procs:
        p.start()
    pending = len(procs)
    results: dict[int, tuple] = {}
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
                results[msg[1]] = msg[2:]
                pending -= 1
        # Taken in the workers' order, not the order they finish in: the segments' order
        # numbers the documents, and document numbers break ties between equal scores, so
        # two builds of the same corpus must order them alike.
        for number in sorted(results):
            segment, docs, rej, nchars, runs, texts, labels, units, grams = results[number]
            if segment is not None:
                written.segments.append(segment)
            if grams is not None:
                written.grams.append(grams)
            written.documents.update(docs)
            written.rejected.extend(rej)
            written.chars += nchars
            written.runs += runs
            written.texts.append(texts)
            written.labels.update(zip(labels, map(DocLabels._make, labels.values()), strict=True))
            written.units.append(units)
    finally:
        for p in procs:
            p.join(timeout=5)
            if p.is_alive():
                p.kill()


# -- the command ---------------------------------------------------------------


def reindex(
    settings: Settings,
    full: bool = False,
    progress_stream=None,
    hooks: ReindexHooks | None = None,
) -> ReindexReport:
    """Update (or with ``full``, rebuild) the index of ``settings.corpus_dir``."""
    started = time.monotonic()
    try:
        settings.require("corpus_dir", "resources_dir")
    except SettingsError as e:
        raise ReindexError(str(e)) from None
    store = IndexStore(settings.index_dir)
    try:
        settings.index_dir.mkdir(parents=True, exist_ok=True)
        probe = settings.index_dir / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as e:
        raise ReindexError(
            f"cannot write index folder {settings.index_dir}: {e.strerror}"
        ) from None
    hooks = hooks or ReindexHooks()
    try:
        with store.reindex_lock():
            store.remove_stale()  # half-written generations of a killed reindex
            analyzer = Analyzer.from_resources(settings.resources_dir, settings.cache_dir)
            plan = make_plan(store, settings, analyzer, full, hooks)
            if plan.nothing_to_do:
                report = plan.report()
            else:
                written = write(plan, store, settings, analyzer, progress_stream)
                _require_documents(plan, written, settings, store)
                hooks.stage("tokenized")
                commit(plan, written)
                previous = None if plan.full_reason else plan.current.path
                finish_text_store(written.building, previous, written.texts)
                finish_unit_store(written.building, previous, written.units)
                write_vocabulary(
                    written.building,
                    settings.resources_dir / UNION_DICT_FILE,
                    plan.current.path if plan.current else None,  # its readings, even if full
                    written.labels,
                    jobs=settings.jobs,
                    analyzer=analyzer,
                )
                write_frequent_sets(written.building, reports=written.grams, previous=previous)
                hooks.stage("committed")
                report = publish(plan, written, store, settings, hooks)
    except IndexBusy as e:
        raise ReindexError(str(e)) from None
    report.seconds = time.monotonic() - started
    return report


def _require_documents(plan: Plan, written: Written, settings: Settings, store: IndexStore) -> None:
    """Refuse to publish a generation without documents.

    An empty folder is far more often a wrong path or an unmounted drive than a wish to
    empty the index, and Whoosh cannot open an index of no documents as the rest of the
    build expects; so the reindex stops with what it found and the served index stays.
    """
    if plan.kept() or written.documents:
        return
    written.writer.cancel()
    store.remove_stale()  # the empty .building folder
    rejected = plan.rejected + written.rejected
    found = f"no document could be indexed in {settings.corpus_dir}"
    if rejected:
        reasons = "; ".join(f"{r.path}: {r.reason}" for r in rejected[:3])
        more = f" (and {len(rejected) - 3} more)" if len(rejected) > 3 else ""
        found += f": {len(rejected)} file(s) rejected, {reasons}{more}"
    else:
        found += ": the folder holds no document files"
    kept = "the served index is left as it is" if plan.current else "no index was written"
    raise ReindexError(f"{found}; {kept}")


@dataclass
class Plan:
    """What a reindex will do, decided from a scan and the served generation."""

    versions: dict[str, str]  # analysis/schema versions and dictionary hash to record
    current: Generation | None
    full_reason: str  # why everything is rebuilt; "" for an incremental update
    old_docs: dict[str, str]  # id -> fingerprint already indexed (kept unless changed)
    sources: list[SourceFile]
    rejected: list[Rejection]  # files the scan could not use
    added: list[SourceFile]
    updated: list[SourceFile]
    removed: list[str]
    # Mirrored sites: what each repeats (see indexer/site_profile.py), and whether that
    # differs from what the served generation recorded.
    sites: SitePlan = field(default_factory=SitePlan)
    sites_changed: bool = False

    @property
    def nothing_to_do(self) -> bool:
        return (
            not self.full_reason
            and not (self.added or self.updated or self.removed)
            and not self.sites_changed
        )

    @property
    def todo(self) -> list[SourceFile]:
        return self.added + self.updated

    def kept(self) -> dict[str, str]:
        """Indexed documents that stay as they are."""
        present = {s.id for s in self.sources}
        stale = {s.id for s in self.updated}
        return {i: h for i, h in self.old_docs.items() if i in present and i not in stale}

    def report(self) -> ReindexReport:
        report = ReindexReport(
            None, bool(self.full_reason), self.full_reason, rejected=list(self.rejected)
        )
        report.unchanged = len(self.sources) - len(self.added) - len(self.updated)
        if self.nothing_to_do:
            report.generation = self.current.name if self.current else None
            report.documents = len(self.old_docs)
        return report


def make_plan(
    store: IndexStore, settings: Settings, analyzer: Analyzer, full: bool, hooks: ReindexHooks
) -> Plan:
    versions = {
        "analysis_version": ANALYSIS_VERSION,
        "schema_version": SCHEMA_VERSION,
        "dict_hash": analyzer.dict_hash,
    }
    current = store.current()
    old_meta = current.meta() if current else None
    full_reason = _full_rebuild_reason(full, old_meta, versions)
    old_docs: dict[str, str] = {} if full_reason else old_meta["documents"]
    sources, rejected = scan_corpus(
        settings.corpus_dir,
        settings.max_file_bytes,
        hooks,
        settings.jobs,
        child_init=partial(_die_with_parent, store.lock_fd, os.getpid()),
        # A full rebuild writes: jieba's dictionary loads while the scanners work.
        meanwhile=analyzer.load if full_reason else None,
    )
    hooks.scanned(sources)
    present = {s.id for s in sources}
    # A site whose learnt profile changed is extracted again, every page of it.
    old_sites = {} if full_reason else old_meta.get("sites", {})
    sites = plan_sites(sources, old_sites, settings.corpus_dir, settings.max_file_bytes)
    return Plan(
        versions=versions,
        current=current,
        full_reason=full_reason,
        old_docs=old_docs,
        sources=sources,
        rejected=rejected,
        added=[s for s in sources if s.id not in old_docs],
        updated=[
            s
            for s in sources
            if s.id in old_docs and (old_docs[s.id] != s.fingerprint or s.id in sites.reextract)
        ],
        removed=[i for i in old_docs if i not in present],
        sites=sites,
        sites_changed=sites.meta != old_sites,
    )


def write(
    plan: Plan, store: IndexStore, settings: Settings, analyzer: Analyzer, progress_stream
) -> Written:
    """A new ``.building`` generation holding every planned change, uncommitted."""
    analyzer.load()  # once here; forked workers share it
    building = store.new_generation(copy_from=None if plan.full_reason else plan.current)
    ix = (
        whoosh_index.create_in(building, build_schema())
        if plan.full_reason
        else whoosh_index.open_dir(building)
    )
    written = Written(building, FastSegmentWriter(ix, settings.flush_mb, dense_terms()))
    for doc_id in [s.id for s in plan.updated] + plan.removed:
        written.writer.delete_by_term("file", doc_id)  # every document the file produced
    todo = plan.todo
    progress = Progress(len(todo), stream=progress_stream)
    if settings.jobs > 1 and len(todo) >= PARALLEL_MIN:
        _write_in_workers(
            written, todo, settings, analyzer, progress, store.lock_fd, plan.sites.profiles
        )
    else:
        resources = load_resources(settings.resources_dir)
        texts = TextChunkWriter(chunk_path(building, next_chunk_number(building)))
        dw = _DocWriter(written.writer, settings, resources, analyzer, texts, plan.sites.profiles)
        for src in todo:
            dw.add(src)
            progress.advance()
        written.documents, written.rejected, written.chars = dw.documents, dw.rejected, dw.chars
        written.labels = dw.labels
        written.texts.append(texts.finish())
        written.units.append(dw.units.finish())
    progress.finish()
    return written


def commit(plan: Plan, written: Written) -> None:
    """One Whoosh commit: the parent's deletions and documents plus the workers' segments.

    A full rebuild keeps the workers' segments as they are; an incremental one lets Whoosh
    merge small segments, as a plain commit would.
    """
    policy = NO_MERGE if plan.full_reason else MERGE_SMALL

    def merge(writer, segments):
        return policy(writer, segments) + written.segments

    written.writer.commit(mergetype=merge)
    written.runs += runs_written(written.writer)
    grams = writer_report(written.writer.newsegment.segment_id(), written.writer)
    if grams is not None and grams.documents:
        written.grams.append(grams)


def publish(
    plan: Plan, written: Written, store: IndexStore, settings: Settings, hooks: ReindexHooks
) -> ReindexReport:
    """Record what the generation holds, then make it the one served."""
    report = plan.report()
    report.rejected.extend(written.rejected)
    rejected_ids = {r.path for r in written.rejected}
    report.added = [s.id for s in plan.added if s.id not in rejected_ids]
    report.updated = [s.id for s in plan.updated if s.id not in rejected_ids]
    # A changed file that no longer extracts is gone from the index: say so.
    report.removed = plan.removed + [s.id for s in plan.updated if s.id in rejected_ids]
    documents = {**plan.kept(), **written.documents}
    report.documents = len(documents)
    report.chars = written.chars
    report.flush_runs = written.runs
    write_meta(
        written.building,
        {
            **plan.versions,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "corpus_dir": str(settings.corpus_dir),
            "documents": documents,
            "sites": plan.sites.meta,
            "rejected": [{"path": r.path, "reason": r.reason} for r in report.rejected],
        },
    )
    published = store.publish(written.building, renamed=lambda: hooks.stage("published-dir"))
    report.generation = published.name
    store.remove_stale(keep_previous=plan.current)
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
