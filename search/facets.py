"""Facet counting with bitsets built once per index generation.

Each facet value's documents are a Python int used as a bitset, built from the facet
field's postings when a generation is opened: counting is ``(a & b).bit_count()`` and
never touches stored fields.
"""

from __future__ import annotations

from dataclasses import dataclass

from indexer.levels import level_rank
from search.bitsets import mask_of
from search.facet_set import FACETS
from search.models import FacetCount, SearchRequest


@dataclass
class FacetIndex:
    size: int
    live: int
    values: dict[str, dict[str, int]]  # facet → value → bitset

    @classmethod
    def build(cls, reader) -> FacetIndex:
        size = reader.doc_count_all()
        live = mask_of(reader.all_doc_ids(), size)
        values: dict[str, dict[str, int]] = {}
        for facet in FACETS:
            per_value = {}
            if facet.index_field in reader.schema:
                for term in reader.lexicon(facet.index_field):
                    value = term.decode("utf-8") if isinstance(term, bytes) else str(term)
                    ids = reader.postings(facet.index_field, term).all_ids()
                    mask = mask_of(ids, size) & live
                    if mask:
                        per_value[value] = mask
            values[facet.name] = per_value
        return cls(size, live, values)

    def filter_mask(self, facet: str, request: SearchRequest) -> int | None:
        """The documents the request's choice on ``facet`` allows, or None for no choice."""
        selected = [str(v) for v in request.selected(facet)]
        mask = None
        if selected:
            mask = 0
            for v in selected:
                mask |= self.values[facet].get(v, 0)
        if facet == "year" and (request.year_from is not None or request.year_to is not None):
            lo = request.year_from if request.year_from is not None else -(10**9)
            hi = request.year_to if request.year_to is not None else 10**9
            ranged = 0
            for v, m in self.values["year"].items():
                if v.isdigit() and lo <= int(v) <= hi:
                    ranged |= m
            mask = ranged if mask is None else mask & ranged
        return mask

    def filters(self, request: SearchRequest) -> dict[str, int]:
        return {f.name: m for f in FACETS if (m := self.filter_mask(f.name, request)) is not None}

    def counts(
        self, match: int, request: SearchRequest, filters: dict[str, int]
    ) -> dict[str, list[FacetCount]]:
        """Counts per facet value, each facet with every filter applied but its own."""
        result = {}
        for spec in FACETS:
            facet = spec.name
            base = match
            for other, m in filters.items():
                if other != facet:
                    base &= m
            selected = {str(v) for v in request.selected(facet)}
            counts = []
            for value, m in self.values[facet].items():
                n = (base & m).bit_count()
                if n or value in selected:
                    counts.append(FacetCount(spec.typed(value), n, value in selected))
            for value in selected - set(self.values[facet]):
                counts.append(FacetCount(spec.typed(value), 0, True))
            if spec.value_type is int:
                counts.sort(key=lambda c: -int(c.value) if str(c.value).isdigit() else 0)
            elif facet == "level":  # in order of authority
                counts.sort(key=lambda c: level_rank(str(c.value)))
            else:
                counts.sort(key=lambda c: (-c.count, str(c.value)))
            result[facet] = counts
        return result
