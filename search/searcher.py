"""The Searcher facade: one object answers every question the web layer asks.

It serves the generation the index folder's CURRENT names and switches to a new one
when a reindex publishes it (checked on every call: one small file read). A generation
built with another union dictionary (its meta.json records the hash) gets a new Analyzer,
so queries are always split as that index's documents were. Each thread gets its own
Whoosh searcher, since Whoosh readers are not made for sharing.
"""

from __future__ import annotations

import functools
import heapq
import operator
import threading
import time
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TypeVar

from indexer.analysis import Analyzer, normalize
from indexer.districts import place_names
from indexer.resources import (
    GAZETTEER_FILE,
    SYNONYMS_FILE,
    UNION_DICT_FILE,
    load_gazetteer,
    load_synonyms,
)
from indexer.settings import Settings
from indexer.store import IndexStore
from search import document_html, quantity
from search.alternatives import (
    FIRST_HITS,
    RARE_WORD,
    Alternative,
    alternative,
    plain_tokens,
    replaced_words,
    words_stand,
)
from search.asked_part import asked_concepts
from search.authority import authority_order
from search.bitsets import docnums_of
from search.citations import answer, citations_in, parse_citation
from search.concepts import concept_map, concept_weights
from search.corpus import CorpusView
from search.document_read import DocumentRead, read_document
from search.everyday_words import leave_out_everyday, legal_register
from search.general_idf import general_idf
from search.highlight import find_marks, highlight_text
from search.kwic import KwicRequest, KwicResult, compute_kwic
from search.law_diff import LawDiff, articles, diff_articles
from search.left_out import left_out
from search.legal_status import LegalIndex
from search.limits import MAX_PER_PAGE
from search.literal import count_string
from search.marked import marked, searched, unsearched
from search.masks import evaluate, tiers
from search.models import (
    MATCH_MODES,
    SORTS,
    Answer,
    DocumentView,
    Hit,
    IndexStats,
    Partial,
    QueryError,
    SearchRequest,
    SearchResult,
    Version,
)
from search.occurrences import literal_tree
from search.passage_scorer import PassageScorer
from search.passages import CANDIDATES, by_best_passage
from search.pinyin_input import compact
from search.place import Preference, named_places, place_mask, preferred_ranks, relaxable
from search.preload import in_background
from search.quantity import Asked
from search.query import (
    Compiled,
    ParsedQuery,
    QueryCompiler,
    count_words,
    literal_match,
    parse_query,
    synonym_map,
)
from search.ranking import TIER_STEP, bm25f
from search.relaxation import Trace, relax
from search.sentence_judge import SentenceJudge
from search.shown_once import shown_span
from search.snapshot import IndexUnavailable, LeafCache, Snapshot, open_snapshot, register_of
from search.spelling import GRAM_FIELD, is_checkable
from search.suggest import Completer, Completion
from search.trends import TrendRequest, TrendResult, compute_trends
from search.unit_hits import answer_snippet, cited_first, load_units, outline, unit_hits
from search.vocab_build import build_completer, build_vocabulary, from_file
from search.vocabulary import Vocabulary
from search.wording import Wording

PLAIN_TEXT_NOTICE = "查询语法无法解析，已按普通文字检索（query read as plain text）"
NOTHING_SEARCHABLE = "查询中没有可检索的文字（the query has no searchable text）"
FALLBACK_NOTICE = "「{word}」没有原样出现在任何文档中，已改为分别检索其中的词：{parts}"
PARTIAL_NOTICE = "只有 {complete} 篇文档包含全部词语；其后的结果未包含：{words}"
# A query whose words together find fewer documents than this also lists, after them,
# the documents of its best relaxed form (search.relaxation), marked as such.
PARTIAL_BELOW = 3

T = TypeVar("T")  # a part of a ranked list: a group of matches or a tier


@dataclass
class _Matched:
    """What one query found (Searcher._matched)."""

    match: int
    trace: Trace
    dropped: list[str]  # words left out because the query found nothing with them
    complete: int | None  # documents holding every word, when partial ones follow
    partial: list[str]  # the words the partial ones may lack
    levels: list[int]  # a relaxed query's documents, most of the query held first
    held: dict[str, int]  # each word left out → its documents (search.left_out)


class Searcher:
    def __init__(
        self,
        settings: Settings,
        analyzer: Analyzer | None = None,
        preload: bool = True,
        literal_words: bool = True,
    ):
        """``preload``: load each generation's vocabulary in the background when it is
        opened (``_preload``). ``literal_words``: see ``LeafCache``."""
        self.settings = settings
        self.preload = preload
        self.literal_words = literal_words
        self.store = IndexStore(settings.index_dir)
        self.synonyms = synonym_map(load_synonyms(settings.resources_dir / SYNONYMS_FILE))
        # Loaded now, not during someone's first search.
        self.analyzer = (analyzer or self._analyzer_from_resources()).load()
        self.wording = Wording.load(settings.resources_dir, self.synonyms)
        self.gazetteer = load_gazetteer(settings.resources_dir / GAZETTEER_FILE)
        self.compiler = QueryCompiler(self.analyzer, self.synonyms, self.wording)
        self._snap: Snapshot | None = None
        self._lock = threading.Lock()

    def _analyzer_from_resources(self) -> Analyzer:
        return Analyzer.from_resources(self.settings.resources_dir, self.settings.cache_dir)

    # -- lifecycle --------------------------------------------------------

    def __enter__(self) -> Searcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._snap = None

    def _snapshot(self) -> Snapshot:
        token = self.store.current_token()
        snap = self._snap
        if snap is not None and snap.generation == token:
            return snap
        with self._lock:
            if self._snap is None or self._snap.generation != self.store.current_token():
                self._snap = self._open_current()
                if self.preload:
                    self._preload(self._snap)
            return self._snap

    def _preload(self, snap: Snapshot) -> None:
        """Load the generation's vocabulary (did you mean, pinyin, completions: about
        1 s on the laws) in the background as soon as the generation is opened, not in
        the first request that needs it; that request waits only if it comes first. The
        same structures the first did-you-mean would load, so no more memory; and the
        dictionary's words literals' candidates are ruled out with (search.literal_cover)."""

        def load() -> None:
            self._from_file(snap)
            if snap.leaves.dictionary is not None:  # search.literal_cover's (~45 ms, 2.7 MB)
                snap.leaves.dictionary.get()
            general_idf()  # how common words are in general Chinese (~0.2 s, 2.4 MB)
            if snap.compiler.wording.ranges is not None:  # the laws' ranges (~1 s on the laws)
                snap.compiler.wording.ranges.ranges()

        snap.preloaded = in_background("vocabulary-preload", load)

    def wait_preloaded(self, timeout: float | None = None) -> bool:
        """Wait until the served generation's preload is done; False if none was started
        (``preload=False``) or it is still running after ``timeout`` seconds."""
        done = self._snapshot().preloaded
        return done is not None and done.wait(timeout)

    def _open_current(self) -> Snapshot:
        gen = self.store.current()
        if gen is None:
            raise IndexUnavailable(
                f"no index in {self.store.root}; run `union-search reindex` first"
            )
        if gen.meta().get("dict_hash", "") != self.analyzer.dict_hash:
            # Built with another dictionary: the one on disk now, which the reindex that
            # built this generation read.
            fresh = self._analyzer_from_resources()
            if fresh.dict_hash != self.analyzer.dict_hash:
                self.analyzer = fresh.load()
                self.compiler = QueryCompiler(self.analyzer, self.synonyms, self.wording)
        return open_snapshot(gen, self.analyzer, self.compiler, self.literal_words)

    # -- search -----------------------------------------------------------

    def parse(self, q: str) -> ParsedQuery:
        """The query's syntax tree, within the length and term limits."""
        limits = self.settings
        if len(q) > limits.max_query_chars:
            raise QueryError(
                "query_too_long",
                f"query is {len(q)} characters; the limit is {limits.max_query_chars}",
            )
        parsed = parse_query(q)
        if count_words(parsed.tree) > limits.max_query_terms:
            raise QueryError(
                "too_many_terms", f"query has more than {limits.max_query_terms} terms"
            )
        return parsed

    def compile(self, q: str, literal: bool = False) -> tuple[Compiled, bool]:
        """The compiled query (with the served generation's analysis) and whether it was
        read as plain text; ``literal`` reads every word as a quoted phrase (Ctrl-F)."""
        parsed = self.parse(q)
        tree = literal_tree(parsed.tree) if literal else parsed.tree
        snap = self._snapshot()
        return snap.compiler.compile(tree, snap.knows), parsed.plain

    def validate(self, request: SearchRequest) -> None:
        if request.sort not in SORTS:
            raise QueryError("bad_sort", f"sort must be one of {', '.join(SORTS)}")
        if request.match not in MATCH_MODES:
            raise QueryError("bad_match", f"match must be one of {', '.join(MATCH_MODES)}")
        if not 1 <= request.per_page <= MAX_PER_PAGE:
            raise QueryError("bad_per_page", f"per_page must be between 1 and {MAX_PER_PAGE}")
        if not 1 <= request.page <= self.settings.max_page:
            raise QueryError("bad_page", f"page must be between 1 and {self.settings.max_page}")

    def search(
        self, request: SearchRequest, units: bool = True, rankings: TierRankings | None = None
    ) -> SearchResult:
        """Search; a query that finds little also gets its pinyin reading or a
        did-you-mean (search/alternatives.py). A pinyin query that finds nothing, and a
        query whose misspelt words occur nowhere (unless ``request.spelling`` is "off"),
        are run as their reading or correction instead, and say so. ``units=False``:
        hits without their matched articles (``Hit.units`` empty; an export shows none).
        ``rankings``: tiers ranked once for all the pages of one export (TierRankings)."""
        started = time.perf_counter()
        found = None

        def shown(typed: SearchResult) -> bool:
            # Decided from the counts before the page is built: a page replaced by its
            # reading or correction is never built (its hits are most of a query's work).
            nonlocal found
            found = self._alternative_for(request, typed)
            return not _replaces(found, request)

        result = self._search(request, units, rankings, shown if request.q.strip() else None)
        if _replaces(found, request):
            spelling = found.kind == "spelling"
            used = self._search(replace(request, q=found.query), units, rankings)
            used.request = request
            note = None  # a correction is shown with its link back (web), not here
            if spelling:
                used.corrected = found.query
            else:
                used.searched_as = found.query
                note = f"按拼音 {request.q.strip()} 搜索了：{found.query}"
            used.notice = "；".join(n for n in (note, used.notice) if n) or None
            used.took_ms = (time.perf_counter() - started) * 1000
            return used
        if found is not None:
            result.suggestion = found.query
        return result

    def _alternative_for(self, request: SearchRequest, typed: SearchResult) -> Alternative | None:
        """The reading or correction of ``request``, judged on the counts of ``typed`` (its
        result as typed); a correction whose words stand is offered, not run."""
        found = self.alternative(request, typed)
        if _replaces(found, request) and found.kind == "spelling":
            if self._words_stand(request, typed, found.query):
                found = replace(found, use=False)  # offered as a link; the words' page stays
        return found

    def _marked_terms(self, request: SearchRequest) -> tuple[list[str], str]:
        """What the hits of ``request``'s search mark: its own outcome (its correction or
        reading when it runs that instead, fallbacks, a question's words read apart,
        relaxation), up to where the page would be built, never built; and the query run
        in the typed one's place ("" when none was)."""
        found = None

        def counted(typed: SearchResult) -> bool:
            nonlocal found
            found = self._alternative_for(request, typed)
            return False

        try:
            outcome = self._search(request, units=False, shown=counted)
            if not _replaces(found, request):
                return outcome.highlight_terms, ""
            run = replace(request, q=found.query)
            return self._search(run, units=False, shown=lambda _: False).highlight_terms, run.q
        except QueryError:
            return [], ""

    def _words_stand(self, request: SearchRequest, result: SearchResult, corrected: str) -> bool:
        """Whether the page of the words typed stays rather than the correction's
        (search.alternatives.words_stand): judged on the first hits of the first page by
        relevance, so that every page and order of one query agrees."""
        replaced = replaced_words(request.q, corrected)
        fell_back = {word for word, _ in result.fallback}
        if not replaced or not all(w in fell_back for w, _ in replaced):
            return False

        def shown() -> list[str]:
            # Asked before the typed query's page is built (Searcher.search decides first),
            # so the first hits are made here, and only when the rule needs them. Whole, with
            # their articles: a law's snippet leaves out what its best article shows
            # (search.shown_once), and the rule reads the snippets as the page shows them.
            first = self._search(replace(request, page=1, per_page=FIRST_HITS, sort="relevance"))
            return [hit.snippet_html for hit in first.hits[:FIRST_HITS]]

        snap = self._snapshot()
        return words_stand(
            replaced, snap.analyzer.query_words, self._vocabulary(snap).syllables, shown
        )

    def _search(
        self,
        request: SearchRequest,
        units: bool = True,
        rankings: TierRankings | None = None,
        shown: Callable[[SearchResult], bool] | None = None,
    ) -> SearchResult:
        """``shown``: asked with the result's counts (everything but its hits, facet
        counts and answer) whether its page is shown; if not, the result is returned so,
        its page never built."""
        started = time.perf_counter()
        self.validate(request)
        parsed = self.parse(request.q)
        snap = self._snapshot()
        compiled, plain = snap.compiler.compile(parsed.tree, snap.knows), parsed.plain
        s = snap.searcher()
        facets = snap.facets
        prefer = None
        if compiled.match is not None:  # a place named in a question (search.place)
            prefer = self._place_preference(snap, parsed.tree)
            if prefer is not None and request.districts:
                # Filtered by district already (the place's link): the filter says the place.
                if set(prefer.districts) <= set(request.districts):
                    compiled = prefer.compiled
                prefer = None
        notice = PLAIN_TEXT_NOTICE if plain else None
        memo = snap.leaves  # leaf query → bitset, shared by matching, ranking, requests
        found = None
        beyond = 0  # a place's question: the documents after the place's, listed last
        beyond_found = None
        if prefer is not None:
            # The place's documents: the question, relaxed as far as they need, among them.
            near = self._matched(snap, prefer.compiled, request, prefer.area)
            if near.match:
                beyond_found = self._matched(snap, prefer.compiled, request)
                beyond = beyond_found.match & ~near.match
                found, compiled = near, prefer.compiled
            else:
                prefer = None
        if found is None:
            found = self._matched(snap, compiled, request)
        if compiled.match is None and request.q.strip():
            notice = notice or NOTHING_SEARCHABLE
        trace, match, dropped, held = found.trace, found.match | beyond, found.dropped, found.held
        complete, partial, levels = found.complete, found.partial, found.levels
        literals, expansions, fallback = trace.outcome(compiled)
        unmarked = unsearched(trace, compiled)  # ranked with, never marked (search.marked)
        if fallback and compiled.match is not None:
            notes = [FALLBACK_NOTICE.format(word=w, parts="、".join(p)) for w, p in fallback]
            notice = "；".join(([notice] if notice else []) + notes)
        cited = parse_citation(request.q)
        cited_doc = snap.legal.current(cited.key) if cited else None
        if cited_doc is not None:
            # The cited law belongs to the result set even when the literal match misses
            # it (工会法43条: the law writes 第四十三条): the answer box shows it, so the
            # list, the total and the facets must not deny it. Filters still apply.
            match |= 1 << cited_doc
        filters = facets.filters(request)
        notes = (notice, facets.unknown_notice(request), prefer.notice if prefer else None)
        notice = "；".join(n for n in notes if n) or None
        allowed = match
        for m in filters.values():
            allowed &= m
        total = allowed.bit_count()
        # Complete matches first, then those of the relaxed form (complete is None: all).
        groups = _groups(allowed & ~beyond, complete, levels)
        if beyond_found is not None:  # after a place's documents, the rest
            groups += _groups(allowed & beyond, beyond_found.complete, beyond_found.levels)
        if complete is not None:
            partial_note = PARTIAL_NOTICE.format(
                complete=(allowed & complete).bit_count(), words="、".join(partial)
            )
            notice = "；".join(n for n in (notice, partial_note) if n)

        result = SearchResult(
            request=request,
            total=total,
            hits=[],
            facets={},
            took_ms=0.0,
            notice=notice,
            highlight_terms=searched(literals, unmarked),
            dropped=list(
                dict.fromkeys(
                    compiled.question_words
                    + dropped
                    # other areas' documents, after a place's, may lack these (search.place)
                    + (beyond_found.dropped + beyond_found.partial if beyond else [])
                    + [w for words in trace.unrequired.values() for w in words]
                )
            ),
            question_words=compiled.question_words,
            # 也搜索了 names no form searched only for a word left out (search.marked).
            expansions=[(w, forms) for w, forms in expansions if w not in unmarked],
            fallback=fallback,
            looser_available=trace.looser_available and request.match != "any_order",
            partial=(
                Partial(complete=(allowed & complete).bit_count(), dropped=partial)
                if complete is not None
                else None
            ),
            places=list(prefer.districts) if prefer else [],
        )
        if shown is not None and not shown(result):
            return result

        asked = quantity.asked(normalize(request.q))  # 多少天: the answer states days
        concepts = concept_map(literals, expansions)
        weights = self._concept_weights(snap, concepts) if total else {}
        # A question, or several concepts: candidates ranked again by their best passage.
        passages = None
        if compiled.asks or len(set(concepts.values())) > 1:
            passages = PassageScorer(
                s,
                literals,
                concepts,
                weights,
                snap.leaves.texts,
                snap.units,
                asked,
                lambda literal: self._literal_documents(snap, literal),
                # A question asks for a rule (search.passages.through_laws_wording).
                facets.live & ~legal_register(facets.values.get("level", {}))
                if compiled.asks
                else 0,
            )

        sort = request.sort
        if compiled.match is None and sort == "relevance":
            sort = "newest"
        offset = (request.page - 1) * request.per_page
        if offset >= total:
            page: list[tuple[int, float]] = []
        elif sort == "relevance" and cited_doc is not None and allowed >> cited_doc & 1:
            # The cited law is hit #1, then the rest by relevance, so it shows once.
            rest = [g & ~(1 << cited_doc) for g in groups]
            if offset == 0:
                page = self._ranked(
                    snap, compiled, rest, 0, request.per_page - 1, memo, passages, rankings, prefer
                )
                page.insert(0, (cited_doc, max((sc for _, sc in page), default=0.0)))
            else:
                page = self._ranked(
                    snap,
                    compiled,
                    rest,
                    offset - 1,
                    request.per_page,
                    memo,
                    passages,
                    rankings,
                    prefer,
                )
        elif sort == "relevance":
            page = self._ranked(
                snap, compiled, groups, offset, request.per_page, memo, passages, rankings, prefer
            )
        else:
            page = self._by_date(snap, allowed, sort == "newest", offset, request.per_page)
        cited_anchor = cited.anchor if cited is not None else None
        # What a question asks apart from its situation; a quantity asked says it already.
        asking = (
            asked_concepts(request.q, compiled.question_words, concepts)
            if asked is None
            else frozenset()
        )
        hits = [
            self._hit(
                s,
                d,
                score,
                literals,
                snap.legal,
                cited_anchor if d == cited_doc else None,
                concepts,
                weights,
                passages.read_for_hit(d) if passages is not None else None,
                asked,
                units,
                asking,
                unmarked,
            )
            for d, score in page
        ]
        lacking = left_out(dropped + partial, held)
        if beyond_found is not None:
            lacking_beyond = left_out(
                beyond_found.dropped + beyond_found.partial, beyond_found.held
            )
        for hit, (d, _) in zip(hits, page, strict=True):
            hit.missing = (lacking_beyond if beyond >> d & 1 else lacking).lacked_by(d)
        result.hits = hits
        result.facets = facets.counts(match, request, filters)
        result.answer = self._answer(snap, request.q)
        result.took_ms = (time.perf_counter() - started) * 1000
        return result

    def _matched(
        self,
        snap: Snapshot,
        compiled: Compiled,
        request: SearchRequest,
        scope: int | None = None,
    ) -> _Matched:
        """The documents of ``compiled``, relaxed when it finds nothing or little
        (search.everyday_words, search.relaxation). ``scope``: only its documents are
        found and counted, so a relaxation keeps what finds documents there (a place's,
        search.place)."""
        s = snap.searcher()
        facets = snap.facets
        memo = snap.leaves  # leaf query → bitset, shared by matching, ranking, requests

        def ev(node: object) -> int:
            found = evaluate(node, s, facets, memo, trace)
            return found if scope is None else found & scope

        trace = Trace(
            any_order=request.match == "any_order",
            documents=facets.live.bit_count(),
            question=compiled.asks,
        )
        dropped: list[str] = []
        complete: int | None = None  # documents holding every word, when partial ones follow
        partial: list[str] = []
        levels: list[int] = []  # a relaxed query's documents, most of the query held first
        held: dict[str, int] = {}  # each word left out → its documents (search.left_out)

        if compiled.match is None:
            match = 0 if request.q.strip() else facets.live
        else:
            match = ev(compiled.match)
            documents = facets.live.bit_count()
            register = snap.derived("register", register_of)
            if compiled.asks:  # 过了, 不让: words no law uses go first
                everyday = leave_out_everyday(
                    compiled.match,
                    ev,
                    trace,
                    register,
                    documents,
                )
                if everyday is not None:
                    match, dropped, held = everyday.match, everyday.dropped, everyday.held
            if not match:
                relaxed = relax(
                    compiled.match,
                    ev,
                    trace,
                    documents=documents,
                    # A question that found nothing loses its words one by one before a
                    # piece goes whole, whether or not an everyday word was left out first.
                    split_words=compiled.asks,
                    weigh=register.legal_weight,
                    lay=snap.compiler.wording.bridges,
                )
                if relaxed is not None:
                    match, dropped, levels = relaxed.match, relaxed.dropped, relaxed.levels
                    held = held | relaxed.held
            if match and match.bit_count() < PARTIAL_BELOW:
                more = relax(
                    compiled.match,
                    ev,
                    trace,
                    beyond=match,
                    documents=documents,
                    dropped=dropped,  # a relaxed query is only relaxed further
                    split_words=compiled.asks,
                    weigh=register.legal_weight,
                    lay=snap.compiler.wording.bridges,
                )
                if more is not None:
                    complete, match, partial = match, more.match, more.missing
                    held = held | more.held
                    levels = [complete, *more.levels]
        return _Matched(match, trace, dropped, complete, partial, levels, held)

    def _place_preference(self, snap: Snapshot, tree) -> Preference | None:
        """A question naming an area of the district facet (北京 加班费怎么算): the rest of
        the question, to search among that area's documents first, and the ranks that put
        national documents before other areas' among close relevance after them
        (search.place); None when the query names none, names nothing but it, or is a
        researcher's keywords (no question, every word found as typed)."""
        names = snap.derived("place_names", self._place_names)

        def occurs(text: str) -> bool:
            return bool(self._literal_documents(snap, text))

        places, rest = named_places(
            tree, names, lambda text: snap.compiler.parts(text, snap.knows), occurs
        )
        if not places:
            return None
        narrowed = snap.compiler.compile(rest, snap.knows)
        # A question, or words found nowhere as typed: not a researcher's keywords.
        if narrowed.match is None or not (narrowed.asks or relaxable(rest, occurs)):
            return None
        districts = sorted({p.district for p in places})
        facets = snap.facets
        area = place_mask(districts, lambda v: facets.value_mask("district", v))
        national = facets.value_mask("district", self.gazetteer.national)

        def ranks(snap: Snapshot) -> array:
            return preferred_ranks(snap.authority, area, national)

        # Kept per generation for one area (a few dozen at most); a mix is made per request.
        built = snap.derived("place:" + districts[0], ranks) if len(districts) == 1 else ranks(snap)
        return Preference(tuple(places), built, narrowed, area)

    def _place_names(self, snap: Snapshot) -> dict[str, str]:
        """Each name of an area the district facet has (its value, the gazetteer's short
        forms) → that value; 全国 is no area."""
        values = snap.facets.keys["district"]
        names = {name: area for name, area in place_names(self.gazetteer).items() if area in values}
        for value in values:
            names.setdefault(value, value)
        names.pop(self.gazetteer.national, None)
        return names

    def _concept_weights(self, snap: Snapshot, concepts: dict[str, str]) -> dict[str, float]:
        """The IDF of each concept of the query (search.concepts), from the literal
        matches' bitsets (mostly cached: the query itself evaluated them)."""
        return concept_weights(
            concepts,
            snap.facets.live.bit_count(),
            lambda literal: (self._literal_documents(snap, literal) or 0).bit_count(),
        )

    def _literal_documents(self, snap: Snapshot, literal: str) -> int | None:
        """The documents whose title or body holds ``literal`` (normalised), as a bitset
        (the query itself evaluated most of them: cached); None when neither field can
        look it up."""
        s = snap.searcher()
        mask = None
        for f in ("title_gram", "body_gram"):
            node = literal_match(f, literal)
            if node is not None:
                mask = (mask or 0) | evaluate(node, s, snap.facets, snap.leaves)
        return mask

    def _answer(self, snap: Snapshot, q: str) -> Answer | None:
        """A citation query's article (劳动法第四十四条), when the law is in the index."""
        cited = parse_citation(q)
        if cited is None:
            return None
        docnum = snap.legal.current(cited.key)
        if docnum is None:
            return None
        f = snap.searcher().stored_fields(docnum)
        return answer(cited, f, load_units(f.get("units")), snap.legal.status(docnum))

    def _ranked(
        self,
        snap: Snapshot,
        compiled: Compiled,
        groups: list[int],
        offset: int,
        limit: int,
        memo: LeafCache,
        passages: PassageScorer | None = None,
        rankings: TierRankings | None = None,
        prefer: Preference | None = None,
    ) -> list[tuple[int, float]]:
        """``groups`` one after the other (complete matches, then partial ones), each by
        relevance; with ``passages``, each group's first candidates by their best passage
        (search.passages). ``prefer``: the areas a question named first among close
        relevance (search.place)."""
        # Derived once a search, for every group and tier it ranks.
        ranks = prefer.ranks if prefer is not None else snap.authority
        places = prefer.districts if prefer is not None else ()

        def take(group: int, skip: int, want: int) -> list[tuple[int, float]]:
            if passages is None or skip >= CANDIDATES:
                return self._by_relevance(
                    snap, compiled, group, skip, want, memo, ranks, places, rankings
                )
            top = max(CANDIDATES, skip + want)
            head = self._by_relevance(snap, compiled, group, 0, top, memo, ranks, places, rankings)
            head = by_best_passage(head, passages.score, ranks, skip + want, passages.bound(group))
            return head[skip : skip + want]

        return _paged(groups, int.bit_count, offset, limit, take)

    def _by_relevance(
        self,
        snap: Snapshot,
        compiled: Compiled,
        allowed: int,
        offset: int,
        limit: int,
        memo: LeafCache,
        ranks: array,
        places: tuple[str, ...],
        rankings: TierRankings | None = None,
    ):
        """Tier by where the query words occur whole, then BM25F within a tier, close
        scores by ``ranks`` (authority, or a question's places first: ``places``).
        ``rankings``: each tier ranked whole once and sliced (an export's pages)."""
        s = snap.searcher()

        def take(part: tuple[int, int], skip: int, want: int) -> list[tuple[int, float]]:
            tier_value, tier = part
            if rankings is not None:
                key = (tuple(compiled.terms), tier_value, tier, places)
                whole = rankings.get(snap, key)
                if whole is None:
                    whole = rankings.put(
                        snap,
                        key,
                        self._tier_head(snap, compiled, tier_value, tier, tier.bit_count(), ranks),
                    )
                return whole[skip : skip + want]
            return self._tier_head(snap, compiled, tier_value, tier, skip + want, ranks)[skip:]

        found = tiers(compiled, allowed, s, snap.facets, memo)
        return _paged(found, lambda part: part[1].bit_count(), offset, limit, take)

    def _tier_head(
        self,
        snap: Snapshot,
        compiled: Compiled,
        tier_value: int,
        tier: int,
        wanted: int,
        ranks: array,
    ) -> list[tuple[int, float]]:
        """A tier's first ``wanted`` documents: by BM25F, then the unscored newest first.
        With ``wanted`` = the tier's size, its whole order, of which every shorter head is
        a prefix (``heapq.nsmallest`` is documented as ``sorted()[:n]``, and the first k
        unscored documents lie among the tier's newest count-of-scored + k): an export
        ranks a tier once so and slices it (TierRankings)."""
        ranked: list[tuple[int, float]] = []
        if compiled.terms:
            scores = bm25f(snap.searcher().reader(), snap.lengths, compiled.terms, docnums_of(tier))
            order = authority_order(scores, ranks)
            best = heapq.nsmallest(wanted, scores.items(), key=order)
            ranked = [(d, tier_value * TIER_STEP + score) for d, score in best]
        if len(ranked) < min(tier.bit_count(), wanted):
            # Matches the word query cannot score (their words sit inside longer jieba
            # words) follow the scored ones in the tier, newest first.
            seen = {d for d, _ in ranked}
            for d, _ in self._by_date(snap, tier, True, 0, wanted):
                if d not in seen:
                    ranked.append((d, tier_value * TIER_STEP))
                    if len(ranked) == wanted:
                        break
        return ranked

    def _by_date(self, snap: Snapshot, allowed: int, newest: bool, offset: int, limit: int):
        bits = allowed.to_bytes((snap.facets.size + 7) // 8, "little")
        order = snap.newest if newest else reversed(snap.newest)
        page, seen = [], 0
        for d in order:
            if bits[d >> 3] >> (d & 7) & 1:
                if seen >= offset:
                    page.append((d, 0.0))
                    if len(page) == limit:
                        break
                seen += 1
        return page

    def _hit(
        self,
        s,
        docnum: int,
        score: float,
        literals: list[str],
        legal: LegalIndex,
        cited_anchor: str | None = None,
        concepts: dict[str, str] | None = None,
        weights: dict[str, float] | None = None,
        read: DocumentRead | None = None,
        asked: Asked | None = None,
        with_units: bool = True,
        asking: frozenset[str] = frozenset(),
        unmarked: frozenset[str] = frozenset(),
    ) -> Hit:
        """``read``: the document as ranking read it already; ``unmarked``: strings that
        rank but were not searched (search.marked)."""
        if read is None:
            read = read_document(s.stored_fields, docnum, literals, concepts)
        f, marks, units = read.fields, read.marks, read.units
        title, body = f.get("title", ""), f.get("body", "")
        shown, shown_marks = searched(literals, unmarked), marked(body, marks, unmarked)
        found = []
        if with_units:  # an export shows no articles
            found = unit_hits(
                body, units, marks, literals, concepts, weights, read.found, asked, asking, unmarked
            )
            if cited_anchor is not None:
                found = cited_first(found, body, units, cited_anchor, shown_marks, shown)
        return Hit(
            title_html=highlight_text(title, shown),
            snippet_html=answer_snippet(
                body,
                title,
                units,
                shown_marks,
                shown,
                SentenceJudge.of(title, concepts, weights),
                shown_span(body, found[0] if found else None, units),
            ),
            score=float(score),
            units=found,
            status=legal.status(docnum),
            **_metadata(f),
        )

    def export_hits(self, request: SearchRequest, limit: int) -> tuple[int, int, Iterator[Hit]]:
        """(total, rows, hits): the first ``rows`` hits of ``request`` in result order,
        lazily. Read from the search's own pages in turn, so they are exactly the hits
        the pages show (without their matched articles, which no export column shows:
        ~40 % of an export's CPU; so a row's snippet keeps the sentences a page shows
        under the best article instead, search.shown_once); at most ``limit`` and what the
        pages reach (max_page × 100)."""
        rankings = TierRankings()  # the pages of one export rank each tier once
        first = self.search(
            replace(request, page=1, per_page=MAX_PER_PAGE), units=False, rankings=rankings
        )
        rows = min(first.total, limit, self.settings.max_page * MAX_PER_PAGE)

        def hits() -> Iterator[Hit]:
            result, n = first, 0
            while True:
                for hit in result.hits:
                    if n == rows:
                        return
                    n += 1
                    yield hit
                if n == rows or not result.has_next:
                    return
                result = self.search(
                    replace(result.request, page=result.request.page + 1),
                    units=False,
                    rankings=rankings,
                )

        return first.total, rows, hits()

    # -- research tools: trends and concordance ------------------------------

    def _view(self) -> CorpusView:
        snap = self._snapshot()
        s = snap.searcher()
        return CorpusView(
            facets=snap.facets,
            newest=snap.newest,
            stored=s.stored_fields,
            evaluate=lambda node: evaluate(node, s, snap.facets, snap.leaves),
            count_in_bodies=lambda literal, docs: count_string(
                snap.leaves.texts, "body", literal, docs
            ),
            cache=snap.research,
            body_lengths=snap.units.body_lengths if snap.units is not None else None,
        )

    def _compile_literal(self, q: str) -> Compiled:
        return self.compile(q, literal=True)[0]

    def trends(self, request: TrendRequest) -> TrendResult:
        return compute_trends(self._view(), self._compile_literal, request)

    def concordance(self, request: KwicRequest, limit: int, page_only: bool = True) -> KwicResult:
        return compute_kwic(
            self._view(),
            self._compile_literal,
            request,
            limit,
            self.settings.max_page,
            page_only=page_only,
        )

    # -- Chinese input: pinyin, did you mean, completions ---------------------

    def vocabulary(self) -> Vocabulary:
        return self._vocabulary(self._snapshot())

    def _from_file(self, snap: Snapshot) -> tuple[Vocabulary, Completer] | tuple[()]:
        """Both from the generation's vocabulary file (written by the reindex with every
        pinyin reading: no pypinyin here); () for a generation built without one."""
        return snap.derived("vocabulary_file", lambda snap: from_file(snap.path) or ())

    def _vocabulary(self, snap: Snapshot) -> Vocabulary:
        if built := self._from_file(snap):
            return built[0]

        def build(snap: Snapshot) -> Vocabulary:
            with snap.ix.reader() as reader:
                return build_vocabulary(reader, self.settings.resources_dir / UNION_DICT_FILE)

        return snap.derived("vocabulary", build)

    def _completer(self, snap: Snapshot) -> Completer:
        if built := self._from_file(snap):
            return built[1]

        def build(snap: Snapshot) -> Completer:
            vocab = self._vocabulary(snap)
            with snap.ix.reader() as reader:
                return build_completer(reader, vocab)

        return snap.derived("completer", build)

    def prepare(self) -> None:
        """Build the current generation's vocabulary and completions now (a few seconds
        on a large index) rather than during someone's first request."""
        snap = self._snapshot()
        self._completer(snap)

    def suggest(self, q: str, limit: int = 10) -> list[Completion]:
        """Completions of what is typed so far (titles, terms, words, issuers)."""
        return self._completer(self._snapshot()).complete(q[: self.settings.max_query_chars], limit)

    def alternative(self, request: SearchRequest, result: SearchResult):
        """A pinyin reading or a near variant of a plain query that finds little."""
        tokens = plain_tokens(request.q)
        if tokens is None:
            return None
        snap = self._snapshot()
        s = snap.searcher()

        def holding(text: str) -> int:
            mask = 0
            for part in literal_match("title_gram", text), literal_match("body_gram", text):
                if part is not None:
                    mask |= evaluate(part, s, snap.facets, snap.leaves)
            return mask

        counted: dict[str, int] = {}  # a rare word is counted up to three times

        def count_literal(text: str) -> int:
            # A word is found in the forms it is searched in (穿小鞋 as 打击报复): one with
            # an equivalent form in the documents is no misspelling.
            n = counted.get(text)
            if n is None:
                mask = holding(text)
                for form in snap.compiler.variants(text, snap.knows):
                    mask |= functools.reduce(operator.and_, map(holding, form.split()), -1)
                n = counted[text] = mask.bit_count()
            return n

        if compact(request.q) is None and not any(
            is_checkable(normalize(t)) and count_literal(normalize(t)) <= RARE_WORD for t in tokens
        ):
            return None
        filters = snap.facets.filters(request)

        def count_query(q: str) -> int:
            try:
                compiled, _ = self.compile(q)
            except QueryError:
                return 0
            if compiled.match is None:
                return 0
            mask = evaluate(compiled.match, s, snap.facets, snap.leaves)
            for m in filters.values():
                mask &= m
            return mask.bit_count()

        vocab = self._vocabulary(snap)
        return alternative(
            request.q,
            result.total,
            vocab,
            snap.analyzer,
            count_query,
            count_literal,
            snap.compiler.wording.strip_question_words,
            functools.partial(s.reader().doc_frequency, GRAM_FIELD),
        )

    # -- documents ----------------------------------------------------------

    def document(
        self,
        doc_id: str,
        q: str | SearchRequest = "",
        href: document_html.Href = document_html.doc_href,
    ) -> DocumentView | None:
        """The document marked as the hits of the search ``q`` (its words, or the request
        with its filters, match mode and spelling choice) mark it; ``href(doc_id, anchor)``
        links citations."""
        request = q if isinstance(q, SearchRequest) else SearchRequest(q=q)
        snap = self._snapshot()
        s = snap.searcher()
        docnum = s.document_number(id=doc_id)
        if docnum is None:
            return None
        literals: list[str] = []
        searched_as = ""
        if request.q.strip():
            literals, searched_as = self._marked_terms(request)
        f = s.stored_fields(docnum)
        text = f.get("body", "")
        units = load_units(f.get("units"))
        marks = find_marks(text, literals, limit=20000)
        links = document_html.citation_links(
            text, units, citations_in(text), lambda key: self._law_anchors(snap, key), href, doc_id
        )
        title = f.get("title", "")
        return DocumentView(
            title_html=highlight_text(title, literals),
            text=text,
            blocks=document_html.blocks(text, units, marks, links),
            marks=len(marks),
            outline=outline(units, marks, bool(literals)),
            units=units,
            status=snap.legal.status(docnum),
            versions=self._versions(snap, docnum),
            attachments=list(f.get("attachments") or []),
            attached_to=f.get("attached_to", ""),
            searched_as=searched_as,
            **_metadata(f),
        )

    def _law_anchors(self, snap: Snapshot, key: str) -> tuple[str, set[str]] | None:
        docnum = snap.legal.current(key)
        if docnum is None:
            return None
        f = snap.searcher().stored_fields(docnum)
        return f["id"], {u.anchor for u in load_units(f.get("units"))}

    def _versions(self, snap: Snapshot, docnum: int) -> list[Version]:
        chain = snap.legal.chain(docnum)
        if len(chain) < 2:
            return []
        s = snap.searcher()
        out = []
        for d in chain:
            f = s.stored_fields(d)
            status = snap.legal.status(d)
            out.append(
                Version(f["id"], f.get("title", ""), f.get("date") or None, status, d == docnum)
            )
        return out

    def diff(self, a_id: str, b_id: str) -> LawDiff | None:
        """新旧对照 of two documents' articles, the older as "old"; None if either is missing."""
        snap = self._snapshot()
        s = snap.searcher()
        found = []
        for doc_id in (a_id, b_id):
            docnum = s.document_number(id=doc_id)
            if docnum is None:
                return None
            f = s.stored_fields(docnum)
            version = Version(
                f["id"], f.get("title", ""), f.get("date") or None, snap.legal.status(docnum), False
            )
            found.append((version, articles(f.get("body", ""), load_units(f.get("units")))))
        found.sort(key=lambda v: (v[0].date or "", v[0].id))
        (old, old_articles), (new, new_articles) = found
        return LawDiff(old, new, diff_articles(old_articles, new_articles))

    def related(self, doc_id: str, limit: int = 5) -> list[Hit]:
        """Documents sharing the most distinctive words of ``doc_id`` (more like this)."""
        snap = self._snapshot()
        s = snap.searcher()
        docnum = s.document_number(id=doc_id)
        if docnum is None:
            return []
        # numpy (about 18 MB a process) loads with the first document page, not with the
        # server: a server that only answers searches never holds it.
        from search.related import Frequencies, related_docnums, related_terms

        frequencies = snap.derived("related_frequencies", lambda _: Frequencies())
        terms = related_terms(s, snap.analyzer, docnum, frequencies)
        found = related_docnums(s, snap.lengths, terms, docnum, limit)
        return [self._hit(s, d, score, [], snap.legal) for d, score in found]

    def stats(self) -> IndexStats:
        snap = self._snapshot()
        empty = SearchRequest()
        counts = snap.facets.counts(snap.facets.live, empty, {})
        return IndexStats(
            documents=snap.facets.live.bit_count(),
            generation=snap.generation,
            built_at=snap.meta.get("built_at"),
            rejected=len(snap.meta.get("rejected", [])),
            facets=counts,
        )


def _paged(
    parts: Iterable[T],
    size: Callable[[T], int],
    offset: int,
    limit: int,
    take: Callable[[T, int, int], list[tuple[int, float]]],
) -> list[tuple[int, float]]:
    """The ``limit`` documents after the first ``offset`` of ``parts`` ranked one after
    the other (groups of matches, tiers): ``take(part, skip, want)`` ranks a part and
    gives at most ``want`` of its documents after its first ``skip``. The parts wholly
    before the offset, and those after the page is full, are never ranked."""
    page: list[tuple[int, float]] = []
    for part in parts:
        count = size(part)
        if offset >= count:
            offset -= count
            continue
        page += take(part, offset, limit - len(page))
        offset = 0
        if len(page) >= limit:
            break
    return page[:limit]


def _replaces(found: Alternative | None, request: SearchRequest) -> bool:
    """Whether ``found`` is run in the query's place: a pinyin reading to use, or a
    correction to use unless the request asks for the spelling as typed."""
    if found is None or not found.use:
        return False
    return not (found.kind == "spelling" and request.spelling == "off")


def _metadata(f: dict) -> dict:
    """The fields of a Metadata (a Hit and a DocumentView share them), from a document's
    stored fields."""
    return {
        "id": f["id"],
        "title": f.get("title", ""),
        "date": f.get("date") or None,
        "year": _year(f.get("year")),
        "district": f.get("district", ""),
        "issuer": f.get("issuer", ""),
        "doc_type": f.get("doc_type", ""),
        "topics": list(f.get("topics") or []),
        "source_url": f.get("source_url", ""),
        "level": f.get("level", ""),
        "doc_number": f.get("doc_number", ""),
        "ocr": bool(f.get("ocr")),
    }


def _year(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def open_searcher(settings: Settings | None = None, preload: bool = True) -> Searcher:
    """``preload=False`` for a one-shot command: one query, nothing worth loading ahead."""
    return Searcher(settings or Settings.from_env(), preload=preload)


def _groups(allowed: int, complete: int | None, levels: list[int]) -> list[int]:
    """``allowed`` in the order a result lists them: complete matches first, then those of
    the relaxed form (``complete`` None: all); or by how much of the query each holds
    (``levels``, search.relaxation._coverage), then the rest (a cited law)."""
    if levels:
        rest = allowed & ~functools.reduce(operator.or_, levels)
        return [allowed & level for level in levels] + [rest]
    return [allowed] if complete is None else [allowed & complete, allowed & ~complete]


class TierRankings:
    """The tiers an export's pages rank, each ranked whole once: every page of an export
    of a common query otherwise scored every document of its tier again and kept a longer
    head (72,582 hits at 100,000 documents: 726 pages). Keyed by the snapshot too, so a
    page read after a new generation opened never reuses the old one's document numbers.
    Holds the last few only: an export walks its tiers in order."""

    KEEP = 4

    def __init__(self) -> None:
        # (id of the snapshot, key) → (the snapshot, kept alive so its id is not reused;
        # the tier's order)
        self._ranked: dict[tuple, tuple[object, list[tuple[int, float]]]] = {}

    def get(self, snap: object, key: tuple) -> list[tuple[int, float]] | None:
        found = self._ranked.get((id(snap), key))
        return found[1] if found is not None else None

    def put(
        self, snap: object, key: tuple, ranked: list[tuple[int, float]]
    ) -> list[tuple[int, float]]:
        if len(self._ranked) >= self.KEEP:
            del self._ranked[next(iter(self._ranked))]
        self._ranked[(id(snap), key)] = (snap, ranked)
        return ranked
