"""The bitset evaluation of a compiled query: a match tree's live documents, its leaves
cached per generation (snapshot.LeafCache), and the tiers of where its words occur whole."""

from __future__ import annotations

from whoosh import query as wq

from search.bitsets import mask_of
from search.char_mask import char_mask
from search.facets import FacetIndex
from search.literal import rare_first, run_of, runs_mask, string_mask, term_mask
from search.literal_confirm import literal_mask
from search.query import AllOf, AnyOf, Choice, Compiled, Leaf, RunPhrase, Without
from search.relaxation import Trace
from search.snapshot import LeafCache


def tiers(compiled: Compiled, allowed: int, s, facets: FacetIndex, memo: LeafCache):
    """(tier value, bitset) from best to worst: each positive word found whole in the
    title adds 2, whole in the body adds 1."""
    levels = {0: allowed}
    for signal in compiled.signals:
        title = evaluate(signal.title, s, facets, memo) if signal.title else 0
        body = evaluate(signal.body, s, facets, memo) if signal.body else 0
        nxt: dict[int, int] = {}
        for value, mask in levels.items():
            for bonus, part in (
                (3, mask & title & body),
                (2, mask & title & ~body),
                (1, mask & body & ~title),
                (0, mask & ~title & ~body),
            ):
                if part:
                    nxt[value + bonus] = nxt.get(value + bonus, 0) | part
        levels = nxt
    return sorted(levels.items(), reverse=True)


def _term_mask(fieldname: str, text: str, s, facets: FacetIndex, memo: LeafCache) -> int:
    key = f"term:{fieldname}:{text}"
    mask = memo.get(key)
    if mask is None:
        mask = memo.frequent.get(fieldname, text)
    if mask is None:
        mask = term_mask(s.reader(), fieldname, text, facets.size)
        memo.put(key, mask)
    return mask


def _char_mask(fieldname: str, char: str, s, facets: FacetIndex, memo: LeafCache) -> int:
    key = f"char:{fieldname}:{char}"
    mask = memo.get(key)
    if mask is None:
        mask = char_mask(s.reader(), memo.texts, fieldname, char, facets.live, facets.size)
        memo.put(key, mask)
    return mask


def _leaf_mask(q, s, facets: FacetIndex, memo: LeafCache) -> int:
    if isinstance(q, wq.Term):
        return _term_mask(q.fieldname, q.text, s, facets, memo)
    if isinstance(q, wq.Prefix) and len(q.text) == 1:
        return _char_mask(q.fieldname, q.text, s, facets, memo)
    if isinstance(q, (wq.Phrase, RunPhrase)):
        grams = list(q.words if isinstance(q, wq.Phrase) else q.grams)
        prefix_last = isinstance(q, RunPhrase) and q.prefix_last
        candidates = facets.live
        exact = grams[:-1] if prefix_last else grams
        for gram in rare_first(exact, memo.frequent.grams(q.fieldname)):
            candidates &= _term_mask(q.fieldname, gram, s, facets, memo)
            if not candidates:
                return 0
        if prefix_last:
            candidates &= _char_mask(q.fieldname, grams[-1], s, facets, memo)
        if isinstance(q, RunPhrase):
            return runs_mask(memo.texts, q.fieldname, list(q.runs), candidates)
        if not memo.words:
            return string_mask(memo.texts, q.fieldname, run_of(grams), candidates)
        return literal_mask(
            memo.texts,
            s.reader(),
            q.fieldname,
            run_of(grams),
            candidates,
            facets.size,
            dictionary=memo.dictionary,
        )
    return mask_of(s.docs_for_query(q), facets.size)


def evaluate(node, s, facets: FacetIndex, memo: LeafCache, trace: Trace | None = None) -> int:
    """The bitset of live documents matching a compiled match tree."""
    if isinstance(node, Leaf):
        key = repr(node.query)
        mask = memo.get(key)
        if mask is None:
            mask = _leaf_mask(node.query, s, facets, memo) & facets.live
            memo.put(key, mask)
        return mask
    if isinstance(node, Choice):
        trace = trace or Trace()
        return trace.resolve(node, lambda n: evaluate(n, s, facets, memo, trace))
    if isinstance(node, AnyOf):
        mask = 0
        for part in node.parts:
            mask |= evaluate(part, s, facets, memo, trace)
        return mask
    if isinstance(node, Without):
        return facets.live & ~evaluate(node.part, s, facets, memo, trace)
    if isinstance(node, AllOf):
        # Positive parts first, so an empty intersection stops the work early.
        parts = sorted(node.parts, key=lambda p: isinstance(p, Without))
        mask = facets.live
        for part in parts:
            mask &= evaluate(part, s, facets, memo, trace)
            if not mask:
                break
        return mask
    raise TypeError(f"not a match node: {node!r}")
