"""The snapshot of one index generation the Searcher serves, and what is derived from it
when it is opened: facets, the newest-first order, field lengths, level ranks, the legal
index, the compiler with this generation's ranges and the cache of leaf bitsets."""

from __future__ import annotations

import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from whoosh import index as whoosh_index

from indexer.analysis import Analyzer
from indexer.frequent_sets import FrequentSets
from indexer.store import Generation
from indexer.textstore import TextStore
from indexer.unit_store import UnitStore
from indexer.whoosh_adapter import fast_stored_fields, positional_reads
from search.authority import demote, level_ranks
from search.bitsets import docnums_of, mask_of
from search.corpus import ResearchCache
from search.count_ranges import RangeTable
from search.everyday_words import Register, dictionary_terms, legal_register
from search.facets import FacetIndex
from search.general_idf import general_idf
from search.legal_status import AMENDED, REPEALED, LegalIndex
from search.literal_cover import LazyDictionary
from search.query import QueryCompiler
from search.ranking import FieldLengths


class IndexUnavailable(Exception):
    """No complete index generation exists yet."""


class LeafCache:
    """Bitsets of recently evaluated leaf queries, for one index generation, with that
    generation's text store (literal leaves are confirmed in it).

    Users repeat words; a one-character word (a prefix over thousands of grams) costs far
    more to evaluate than to keep. Bounded by entries, so by size × entries bits.
    """

    def __init__(
        self,
        texts: TextStore,
        entries: int = 1024,
        frequent: FrequentSets | None = None,
        words: bool = True,
        dictionary: LazyDictionary | None = None,
    ):
        self.texts = texts
        # The dictionary the generation was cut with (search.literal_cover), or None.
        self.dictionary = dictionary if words else None
        # Candidates holding a literal as a jieba word are not read (search.literal_confirm);
        # False reads every candidate (the path before it, kept for comparison).
        self.words = words
        self.frequent = frequent or FrequentSets.none()  # stored bitsets of frequent grams
        self.entries = entries
        self._data: OrderedDict[str, int] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> int | None:
        with self._lock:
            mask = self._data.get(key)
            if mask is not None:
                self._data.move_to_end(key)
            return mask

    def put(self, key: str, mask: int) -> None:
        with self._lock:
            self._data[key] = mask
            self._data.move_to_end(key)
            while len(self._data) > self.entries:
                self._data.popitem(last=False)


@dataclass
class Snapshot:
    generation: str
    ix: object
    meta: dict
    facets: FacetIndex
    newest: array  # live docnums, newest first (ties by id)
    lengths: FieldLengths
    analyzer: Analyzer  # the analysis this generation was built with
    compiler: QueryCompiler
    authority: array  # per-document level ranks (search.authority)
    legal: LegalIndex  # 时效性 and version chains (search/legal_status.py)
    leaves: LeafCache  # leaf bitsets and the text store literals are confirmed in
    units: UnitStore | None = None  # unit spans (None: a generation written before them)
    research: ResearchCache = field(default_factory=ResearchCache)
    path: Path | None = None  # the generation's folder
    preloaded: threading.Event | None = None  # set once its vocabulary is loaded ahead
    _local: threading.local = field(default_factory=threading.local)
    _derived: dict = field(default_factory=dict)
    _derived_lock: threading.RLock = field(default_factory=threading.RLock)

    def searcher(self):
        s = getattr(self._local, "searcher", None)
        if s is None:
            s = self._local.searcher = positional_reads(fast_stored_fields(self.ix.searcher()))
        return s

    def knows(self, word: str) -> bool:
        """Whether ``word`` is a word of some document's title or body as this generation
        cut them (search.separable_verbs: 怀着孕 is 怀孕 where the index has 怀孕)."""
        reader = self.searcher().reader()
        return ("body", word) in reader or ("title", word) in reader

    def derived(self, name: str, build):
        """A structure built once for this generation, on first use (vocabulary…)."""
        value = self._derived.get(name)
        if value is None:
            with self._derived_lock:
                value = self._derived.get(name)
                if value is None:
                    value = self._derived[name] = build(self)
        return value


def open_snapshot(
    gen: Generation, analyzer: Analyzer, compiler: QueryCompiler, words: bool = True
) -> Snapshot:
    ix = whoosh_index.open_dir(str(gen.path))
    with ix.reader() as reader:
        legal = LegalIndex.build(reader, mask_of(reader.all_doc_ids(), reader.doc_count_all()))
        facets = FacetIndex.build(reader, derived={"status": legal.masks})
        dates = reader.column_reader("date_num")
        ids = reader.column_reader("id")
        live = list(reader.all_doc_ids())
        newest = array("I", sorted(live, key=lambda d: (-(dates[d] or 0), ids[d])))
        lengths = FieldLengths(reader)
        alive = set(live)
        doc_ids = [ids[d] if d in alive else None for d in range(reader.doc_count_all())]
        try:
            texts = TextStore.open(gen.path, doc_ids)
        except FileNotFoundError:
            raise IndexUnavailable(
                f"{gen.name} was built by an older version (no text store); "
                "run `union-search reindex`"
            ) from None
        frequent = FrequentSets.open(gen.path, reader.doc_count_all(), ix.latest_generation())
        units = UnitStore.open(gen.path, doc_ids)
    compiler = _with_ranges(compiler, texts, legal_register(facets.values.get("level", {})))
    authority = demote(
        level_ranks(facets.size, facets.values.get("level", {})),
        [legal.masks.get(s, 0) for s in (AMENDED, REPEALED)],
    )
    return Snapshot(
        gen.name,
        ix,
        _served_meta(gen.meta()),
        facets,
        newest,
        lengths,
        analyzer,
        compiler,
        authority,
        legal,
        LeafCache(texts, frequent=frequent, words=words, dictionary=_dictionary(gen, analyzer)),
        units,
        path=gen.path,
    )


def _with_ranges(compiler: QueryCompiler, texts: TextStore, legal: int) -> QueryCompiler:
    """The compiler of one generation: its wording bridges a count typed exactly to the
    ranges the laws of this generation state (search.count_ranges), read on first use."""

    def bodies() -> Iterator[str]:
        for docnum in docnums_of(legal):
            yield texts.text(docnum, "body")

    wording = replace(compiler.wording, ranges=RangeTable(bodies))
    return QueryCompiler(compiler.analyzer, wording=wording)


def _dictionary(gen: Generation, analyzer: Analyzer) -> LazyDictionary | None:
    """The dictionary ``gen``'s words were cut with, if ``analyzer`` holds it."""
    if gen.meta().get("dict_hash", "") != analyzer.dict_hash:
        return None
    return LazyDictionary(analyzer.dictionary)


def register_of(snap: Snapshot) -> Register:
    """What the laws of this generation say (search.everyday_words)."""
    return Register(
        legal_register(snap.facets.values.get("level", {})),
        dictionary_terms(snap.analyzer.union_dict),
        general_idf(),
    )


def _served_meta(meta: dict) -> dict:
    """What serving reads of meta.json: not its per-document manifest (the reindex's
    record of every source file, megabytes of Python objects at 100,000 documents)."""
    return {k: v for k, v in meta.items() if k != "documents"}
