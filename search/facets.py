"""Facet counting with bitsets built once per index generation.

Each facet value's documents are a Python int used as a bitset, built from the facet
field's postings when a generation is opened: counting is ``(a & b).bit_count()`` and
never touches stored fields.

Two facets have values beyond the indexed terms:

* A hierarchical facet (district: 省 > 市 > 区县). Its terms are paths
  (``黑龙江省/哈尔滨市``, see ``indexer.districts``) whose postings hold every document in
  that area or below, so a value's count is an exact document count including its
  descendants, and the tree comes from the terms themselves. Values are named by their
  last segment (哈尔滨市) in requests and results.
* A facet with an ``unassigned`` value (topic: 未分类) counts the documents that have no
  value under it, so that its counts cover every document and choosing it finds what no
  other value would.
"""

from __future__ import annotations

from dataclasses import dataclass

from indexer.districts import PATH_SEP
from indexer.levels import level_rank
from search.bitsets import mask_of
from search.facet_set import FACET_BY_NAME, FACETS
from search.models import FacetCount, SearchRequest


@dataclass
class FacetIndex:
    size: int
    live: int
    values: dict[str, dict[str, int]]  # facet → key (a path for district) → bitset
    keys: dict[str, dict[str, list[str]]]  # facet → value name → its keys

    @classmethod
    def build(cls, reader, derived: dict[str, dict[str, int]] | None = None) -> FacetIndex:
        """``derived``: value bitsets of the derived facets (see Facet.derived)."""
        size = reader.doc_count_all()
        live = mask_of(reader.all_doc_ids(), size)
        values: dict[str, dict[str, int]] = {}
        for facet in FACETS:
            per_value = {}
            if facet.derived:
                per_value = {v: m & live for v, m in (derived or {}).get(facet.name, {}).items()}
            elif facet.index_field in reader.schema:
                for term in reader.lexicon(facet.index_field):
                    value = term.decode("utf-8") if isinstance(term, bytes) else str(term)
                    ids = reader.postings(facet.index_field, term).all_ids()
                    mask = mask_of(ids, size) & live
                    if mask:
                        per_value[value] = mask
            if facet.unassigned:
                assigned = 0
                for mask in per_value.values():
                    assigned |= mask
                if unassigned := live & ~assigned:
                    per_value[facet.unassigned] = unassigned
            values[facet.name] = per_value
        keys: dict[str, dict[str, list[str]]] = {}
        for facet, per_value in values.items():
            by_name: dict[str, list[str]] = {}
            for key in per_value:
                name = name_of(key) if FACET_BY_NAME[facet].hierarchical else key
                by_name.setdefault(name, []).append(key)
            keys[facet] = by_name
        return cls(size, live, values, keys)

    def value_mask(self, facet: str, value: str) -> int:
        """The documents of one value (for a district, its whole subtree)."""
        mask = 0
        for key in self.keys[facet].get(value, ()):
            mask |= self.values[facet][key]
        return mask

    def unknown(self, request: SearchRequest) -> list[tuple[str, str]]:
        """(facet, value) for each chosen value that no document of the index has."""
        return [
            (facet.name, str(v))
            for facet in FACETS
            for v in request.selected(facet.name)
            if str(v) not in self.keys[facet.name]
        ]

    def unknown_notice(self, request: SearchRequest) -> str | None:
        """Say which chosen values match nothing at all, rather than show a silent 0."""
        unknown = self.unknown(request)
        notes = [self._range_notice(request)]
        if unknown:
            # Say enough to recognise the values, not echo fifty long ones back.
            shown = unknown[:5]
            zh = "、".join(f"{FACET_BY_NAME[f].label}“{v[:40]}”" for f, v in shown)
            en = ", ".join(f"{f}={v[:40]}" for f, v in shown)
            if len(unknown) > 5:
                zh += f" 等 {len(unknown)} 个值"
                en += f" and {len(unknown) - 5} more"
            notes.insert(0, f"没有属于{zh}的文档（no documents have {en}）")
        return "；".join(n for n in notes if n) or None

    def _range_notice(self, request: SearchRequest) -> str | None:
        """A year range no document's year falls in (起始年份 after 截止年份, or years
        the index has none of) says so, as a chosen value no document has does."""
        lo, hi = request.year_from, request.year_to
        if lo is None and hi is None:
            return None
        if lo is not None and hi is not None and lo > hi:
            return f"起始年份 {lo} 晚于截止年份 {hi}（year_from is after year_to）"
        if self._year_range(lo, hi):
            return None
        span = f"{'' if lo is None else lo}–{'' if hi is None else hi}"
        return f"没有年份在 {span} 之间的文档（no documents have years {span}）"

    def _year_range(self, lo: int | None, hi: int | None) -> int:
        """The documents whose year lies in ``lo``..``hi`` (None: open)."""
        lo = -(10**9) if lo is None else lo
        hi = 10**9 if hi is None else hi
        ranged = 0
        for v, m in self.values["year"].items():
            if v.isdigit() and lo <= int(v) <= hi:
                ranged |= m
        return ranged

    def filter_mask(self, facet: str, request: SearchRequest) -> int | None:
        """The documents the request's choice on ``facet`` allows, or None for no choice."""
        selected = [str(v) for v in request.selected(facet)]
        mask = None
        if selected:
            mask = 0
            for v in selected:
                mask |= self.value_mask(facet, v)
        if facet == "year" and (request.year_from is not None or request.year_to is not None):
            ranged = self._year_range(request.year_from, request.year_to)
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
            for key, m in self.values[facet].items():
                n = (base & m).bit_count()
                if not n and not selected:
                    continue  # most values: none of the matches, none chosen
                # Only a hierarchical facet's keys are paths; a "/" elsewhere is literal.
                name = name_of(key) if spec.hierarchical else key
                if n or name in selected:
                    parent = parent_of(key) if spec.hierarchical else None
                    counts.append(
                        FacetCount(
                            spec.typed(name),
                            n,
                            name in selected,
                            depth=key.count(PATH_SEP) if spec.hierarchical else 0,
                            parent=name_of(parent) if parent else None,
                            key=key,
                        )
                    )
            if spec.value_type is int:
                counts.sort(key=lambda c: -int(c.value) if str(c.value).isdigit() else 0)
            elif spec.hierarchical:
                counts = tree_order(counts)
            elif facet == "level":  # in order of authority
                counts.sort(key=lambda c: level_rank(str(c.value)))
            else:
                counts.sort(key=lambda c: (-c.count, str(c.value)))
            for value in sorted(selected - set(self.keys[facet])):
                counts.append(FacetCount(spec.typed(value), 0, True))
            result[facet] = counts
        return result


def name_of(key: str) -> str:
    return key.rsplit(PATH_SEP, 1)[-1]


def parent_of(key: str) -> str | None:
    return key.rsplit(PATH_SEP, 1)[0] if PATH_SEP in key else None


def tree_order(counts: list[FacetCount]) -> list[FacetCount]:
    """Parents before their children (depth first), siblings by count then name."""
    present = {fc.key for fc in counts}
    children: dict[str | None, list[FacetCount]] = {}
    for fc in counts:
        # A value whose parent is not listed (no count to show) stands at the top.
        parent = parent_of(fc.key)
        children.setdefault(parent if parent in present else None, []).append(fc)
    out: list[FacetCount] = []

    def visit(parent: str | None) -> None:
        for fc in sorted(children.get(parent, ()), key=lambda c: (-c.count, str(c.value))):
            out.append(fc)
            visit(fc.key)

    visit(None)
    return out
