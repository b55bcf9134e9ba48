"""Recall (and precision) of each engine against the Ctrl-F oracle, over the bench texts.

For a text query the oracle is the set of documents that literally contain every
space-separated part of it, in the title or the body, by ``str.find`` over the extracted
texts (``bench/relevance/oracle.py``'s ``ctrl_f``, on the bench corpus instead of the shipped
one). Filters are left out: this is about what the text query finds. Not timed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from bench.data import ExtractedDoc
from bench.relevance.oracle import ctrl_f


def oracle(q: str, texts: Mapping[str, ExtractedDoc]) -> set[str]:
    """Documents whose title or body contains each part of ``q`` literally."""
    found: set[str] | None = None
    for part in q.split():
        ids = set(ctrl_f(part, texts))
        found = ids if found is None else found & ids
    return found or set()


@dataclass
class Recall:
    label: str
    queries: int = 0
    expected: int = 0  # documents in the oracle sets, summed over queries
    found: int = 0  # of those, matched by the engine
    matched: int = 0  # documents the engine matched, summed
    complete: int = 0  # queries whose oracle set the engine matched entirely
    per_query: list[float] = field(default_factory=list)  # recall of each query
    misses: list[tuple[str, int, int]] = field(default_factory=list)  # (q, missed, expected)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else float("nan")

    @property
    def mean(self) -> float:
        """Recall averaged over queries (each query counts once, whatever its set size)."""
        return sum(self.per_query) / len(self.per_query) if self.per_query else float("nan")

    @property
    def precision(self) -> float:
        return self.found / self.matched if self.matched else float("nan")


def measure_recall(
    label: str,
    queries: list[str],
    matching_ids: Callable[[str], set[str]],
    expected: Mapping[str, set[str]],
) -> Recall:
    r = Recall(label)
    for q in queries:
        want = expected[q]
        if not want:
            continue
        got = matching_ids(q)
        hit = len(want & got)
        r.queries += 1
        r.expected += len(want)
        r.found += hit
        r.matched += len(got)
        r.per_query.append(hit / len(want))
        if hit == len(want):
            r.complete += 1
        else:
            r.misses.append((q, len(want) - hit, len(want)))
    r.misses.sort(key=lambda m: (-m[1] / m[2], m[0]))
    return r


def searcher_matching_ids(searcher, per_page: int = 100) -> Callable[[str], set[str]]:
    """Every document union-search's Searcher matches for ``q``, page by page (newest
    first, the cheapest order)."""
    from search import SearchRequest

    def ids(q: str) -> set[str]:
        out: set[str] = set()
        page = 1
        while True:
            res = searcher.search(SearchRequest(q=q, sort="newest", page=page, per_page=per_page))
            out.update(h.id for h in res.hits)
            if not res.has_next:
                return out
            page += 1

    return ids
