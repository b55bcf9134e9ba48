"""One index generation as the research tools (trends, concordance, export) see it.

The Searcher builds a :class:`CorpusView` per call from its current snapshot; trends and
concordance code works on bitsets and stored fields through it and never touches Whoosh.
Per-generation memos (document lengths, occurrence counts) live in ``cache``, which the
snapshot owns, so they are dropped with the generation.
"""

from __future__ import annotations

import re
import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from search.bitsets import docnums_of
from search.facets import FacetIndex
from search.models import SearchRequest
from search.occurrences import count

OCCURRENCE_MEMO = 64  # queries whose per-document counts are kept per generation
# Literals counted in the text store: two or more Chinese characters (always one run of
# text, never folded by normalisation).
_CJK = re.compile(r"[\u4e00-\u9fff]{2,}")


class ResearchCache:
    """Per-generation memos: body lengths of every document, and recent occurrence counts."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.lengths: array | None = None
        # Literals → (docnums, their counts): two arrays, not a dict of int objects (a
        # common word's entry covers most of the corpus).
        self.occurrences: OrderedDict[tuple[str, ...], tuple[array, array]] = OrderedDict()


@dataclass
class CorpusView:
    facets: FacetIndex
    newest: Sequence[int]  # live docnums, newest first
    stored: Callable[[int], dict]  # docnum → stored fields
    evaluate: Callable[[object], int]  # compiled match tree → bitset
    # (a literal, docnums) → its occurrences in each one's body, from the text store
    # (see search.literal.count_string)
    count_in_bodies: Callable[[str, list[int]], dict[int, int]]
    cache: ResearchCache
    # (live docnums, size) → body lengths by docnum and the docnums it has none for: the
    # lengths the reindex recorded (indexer.unit_store); None for a generation without them
    body_lengths: Callable[[Iterable[int], int], tuple[array, list[int]]] | None = None

    def filtered(self, request: SearchRequest, skip: tuple[str, ...] = ()) -> int:
        """Live documents the request's filters allow (facets in ``skip`` not applied)."""
        mask = self.facets.live
        for facet, m in self.facets.filters(request).items():
            if facet not in skip:
                mask &= m
        return mask

    def lengths(self) -> array:
        """Characters of stored text (body) per document number (0 for a deleted one),
        computed once per generation: from the lengths the reindex recorded, and for a
        document without one (a generation written before them) from its stored body,
        which means decompressing every such document's record."""
        with self.cache.lock:
            if self.cache.lengths is None:
                live = docnums_of(self.facets.live)
                if self.body_lengths is not None:
                    lengths, missing = self.body_lengths(live, self.facets.size)
                else:
                    lengths, missing = array("I", bytes(4 * self.facets.size)), list(live)
                for d in missing:
                    lengths[d] = len(self.stored(d).get("body", ""))
                self.cache.lengths = lengths
            return self.cache.lengths

    def occurrences(self, mask: int, literals: list[str]) -> dict[int, int]:
        """Occurrences of ``literals`` in the stored text of each document of ``mask``."""
        key = tuple(sorted(literals))
        with self.cache.lock:
            memo = self.cache.occurrences.get(key)
            if memo is not None:
                self.cache.occurrences.move_to_end(key)
        known = dict(zip(*memo, strict=True)) if memo is not None else {}
        missing = [d for d in docnums_of(mask) if d not in known]
        if missing and len(literals) == 1 and _CJK.fullmatch(literals[0]):
            # The text store's count: the highlighter's (leftmost, non-overlapping) without
            # reading the stored documents, which costs far more.
            known.update(self.count_in_bodies(literals[0], missing))
        else:
            for d in missing:
                known[d] = count(self.stored(d).get("body", ""), literals)
        if missing:
            with self.cache.lock:
                self.cache.occurrences[key] = (array("I", known), array("I", known.values()))
                self.cache.occurrences.move_to_end(key)
                while len(self.cache.occurrences) > OCCURRENCE_MEMO:
                    self.cache.occurrences.popitem(last=False)
        return {d: known[d] for d in docnums_of(mask)}

    def in_order(self, mask: int, newest: bool = True) -> Iterator[int]:
        bits = mask.to_bytes((self.facets.size + 7) // 8, "little")
        order = self.newest if newest else reversed(self.newest)
        for d in order:
            if bits[d >> 3] >> (d & 7) & 1:
                yield d
