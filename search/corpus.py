"""One index generation as the research tools (trends, concordance, export) see it.

The Searcher builds a :class:`CorpusView` per call from its current snapshot; trends and
concordance code works on bitsets and stored fields through it and never touches Whoosh.
Per-generation memos (document lengths, occurrence counts) live in ``cache``, which the
snapshot owns, so they are dropped with the generation.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from search.bitsets import docnums_of, mask_of
from search.facets import FacetIndex
from search.models import SearchRequest
from search.occurrences import count

OCCURRENCE_MEMO = 64  # queries whose per-document counts are kept per generation
# Literals counted from the index's gram positions: two or more Chinese characters (always
# one run of text, never folded by normalisation).
_CJK = re.compile(r"[\u4e00-\u9fff]{2,}")


class ResearchCache:
    """Per-generation memos: body lengths of every document, and recent occurrence counts."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.lengths: dict[int, int] | None = None
        self.occurrences: OrderedDict[tuple[str, ...], dict[int, int]] = OrderedDict()


@dataclass
class CorpusView:
    facets: FacetIndex
    newest: list[int]  # live docnums, newest first
    stored: Callable[[int], dict]  # docnum → stored fields
    evaluate: Callable[[object], int]  # compiled match tree → bitset
    # (bigrams of a literal, candidate bitset) → docnum → positions in the text's grams
    # where the literal starts (see search.literal.phrase_starts)
    body_starts: Callable[[list[str], int], dict[int, set[int]]]
    cache: ResearchCache

    def filtered(self, request: SearchRequest, skip: tuple[str, ...] = ()) -> int:
        """Live documents the request's filters allow (facets in ``skip`` not applied)."""
        mask = self.facets.live
        for facet, m in self.facets.filters(request).items():
            if facet not in skip:
                mask &= m
        return mask

    def lengths(self) -> dict[int, int]:
        """Characters of stored text (body) per live document, computed once per generation."""
        with self.cache.lock:
            if self.cache.lengths is None:
                self.cache.lengths = {
                    d: len(self.stored(d).get("body", "")) for d in docnums_of(self.facets.live)
                }
            return self.cache.lengths

    def occurrences(self, mask: int, literals: list[str]) -> dict[int, int]:
        """Occurrences of ``literals`` in the stored text of each document of ``mask``."""
        key = tuple(sorted(literals))
        with self.cache.lock:
            known = self.cache.occurrences.get(key)
            if known is not None:
                self.cache.occurrences.move_to_end(key)
        known = dict(known or {})
        missing = [d for d in docnums_of(mask) if d not in known]
        if missing and len(literals) == 1 and _CJK.fullmatch(literals[0]):
            known.update(self._counted_from_postings(literals[0], missing))
        else:
            for d in missing:
                known[d] = count(self.stored(d).get("body", ""), literals)
        if missing:
            with self.cache.lock:
                self.cache.occurrences[key] = known
                self.cache.occurrences.move_to_end(key)
                while len(self.cache.occurrences) > OCCURRENCE_MEMO:
                    self.cache.occurrences.popitem(last=False)
        return {d: known[d] for d in docnums_of(mask)}

    def _counted_from_postings(self, literal: str, docs: list[int]) -> dict[int, int]:
        """Occurrences of one Chinese literal, from gram positions instead of the stored
        text (reading stored documents costs far more than their positions). Equal to
        the highlighter's count: within a run of text gram positions step by one per
        character, so matches starting at p and p' overlap exactly when p' - p < len;
        matches in different runs are always further apart. Taken leftmost first, as
        the highlighter takes them."""
        n = len(literal)
        grams = [literal[i : i + 2] for i in range(n - 1)]
        starts = self.body_starts(grams, mask_of(docs, self.facets.size))
        out = {}
        for d in docs:
            found, end = 0, -1
            for p in sorted(starts.get(d, ())):
                if p >= end:
                    found += 1
                    end = p + n
            out[d] = found
        return out

    def in_order(self, mask: int, newest: bool = True) -> Iterator[int]:
        bits = mask.to_bytes((self.facets.size + 7) // 8, "little")
        order = self.newest if newest else reversed(self.newest)
        for d in order:
            if bits[d >> 3] >> (d & 7) & 1:
                yield d
